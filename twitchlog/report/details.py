"""The details tables of page 2: per place, per week, and the findings (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from twitchlog.report.model import ChartData, FactorLine, RateRatio, Table
from twitchlog.report.words import day_text, number_text, place_text
from twitchlog.storage.report_queries import SiteSide

#: Weekly rows beyond this are grouped in 4-week rows (a long period stays on one page).
MAX_WEEK_ROWS = 26


def _mean(values: Sequence[float | None], digits: int = 1) -> str:
    known = [v for v in values if v is not None]
    return number_text(sum(known) / len(known), digits) if known else "–"


def site_table(places: Sequence[SiteSide]) -> Table:
    """Episodes per place with the first day each was seen."""
    total = sum(p.episodes for p in places) or 1
    rows = tuple(
        (
            place_text(p.site, p.side),
            str(p.episodes),
            f"{round(100 * p.episodes / total)} %",
            day_text(p.first_seen),
        )
        for p in sorted(places, key=lambda p: (-p.episodes, p.first_seen))
    )
    return Table("Episodes per place", ("place", "episodes", "share", "first seen"), rows)


def week_table(chart: ChartData) -> Table:
    """Per week (or 4 weeks): logged days, episodes and the averages of the charted factors."""
    n = len(chart.days)
    step = 7 if n <= 7 * MAX_WEEK_ROWS else 28
    rows = []
    for i in range(0, n, step):
        sl = slice(i, min(n, i + step))
        eps = chart.episodes[sl]
        logged = [e for e in eps if e is not None]
        rows.append(
            (
                day_text(chart.days[i]),
                f"{len(logged)} of {len(eps)}",
                str(sum(logged)),
                number_text(sum(logged) / len(logged)) if logged else "–",
                _mean(chart.caffeine_mg[sl], 0),
                _mean(chart.sleep_h[sl]),
                _mean(chart.stress[sl]),
            )
        )
    title = "Per week" if step == 7 else "Per 4 weeks"
    return Table(
        title,
        (
            "from",
            "days logged",
            "episodes",
            "per logged day",
            "caffeine mg",
            "sleep h",
            "stress 0-10",
        ),
        tuple(rows),
        "Averages over the logged days only; – means nothing was logged.",
    )


def p_text(p: float | None) -> str:
    """An adjusted p for the table: ``0.042``, ``<0.001`` (never ``0.000``), ``–`` if untested."""
    if p is None:
        return "–"
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def _rr(rr: RateRatio | None) -> str:
    # A no-break space keeps the estimate and its interval together in a narrow column.
    return "–" if rr is None else f"{rr.value:.2f}\u00a0({rr.low:.2f}–{rr.high:.2f})"


def findings_table(factors: Sequence[FactorLine]) -> Table:
    """The findings with rate ratios, 95 % intervals and adjusted p (where tested)."""
    rows = tuple(
        (
            f.label,
            f.verdict,
            str(f.days),
            f.unit,
            _rr(f.same_day),
            _rr(f.day_before),
            _rr(f.both_days),
            p_text(f.p_adjusted),
            "–" if f.higher_mean is None else number_text(f.higher_mean),
            "–" if f.lower_mean is None else number_text(f.lower_mean),
        )
        for f in factors
    )
    return Table(
        "Findings per factor",
        (
            "factor",
            "finding",
            "days",
            "per",
            "same day",
            "day before",
            "both days",
            "adj. p",
            "more",
            "less",
        ),
        rows,
        "Rate ratios of episodes per unit of the factor, with 95 % intervals: for the factor "
        "on the same day, on the day before, and both days together (what the test and the "
        "verdict use). adj. p: Benjamini-Hochberg across the factors. more / less: episodes "
        "per logged day on days above / at or below the person's median (medicines: on / "
        "off).",
    )
