"""Turn an :class:`Analysis` into the ``twitchlog.analysis/1`` JSON shape or plain text."""

from __future__ import annotations

import math

from twitchlog.analysis.model import (
    Adjusted,
    Analysis,
    FactorResult,
    GroupMean,
    Interval,
    Stage,
    Verdict,
)
from twitchlog.analysis.wording import (
    not_enough_data_for,
    number_text,
    trend_sentence,
    typical_day,
)

FORMAT = "twitchlog.analysis/1"


def _num(x: float | None) -> float | None:
    """A finite float, or ``None`` (JSON has no NaN or infinity)."""
    if x is None or not math.isfinite(x):
        return None
    return float(x)


def _iv(iv: Interval | None) -> dict[str, float | None] | None:
    if iv is None:
        return None
    return {"value": _num(iv.value), "low": _num(iv.low), "high": _num(iv.high)}


def _group(g: GroupMean) -> dict[str, object]:
    return {"days": g.days, "episodes_per_day": _num(g.episodes_per_day)}


def _factor(f: FactorResult) -> dict[str, object]:
    return {
        "factor": f.factor,
        "label": f.label,
        "unit": f.unit,
        "logged_days": f.logged_days,
        "analysable_days": f.analysable_days,
        "verdict": f.verdict.value,
        "p": _num(f.p),
        "p_adjusted": _num(f.p_adjusted),
        "rr_same_day": _iv(f.rr_same_day),
        "rr_previous_day": _iv(f.rr_previous_day),
        "rr_two_day": _iv(f.rr_two_day),
        "rr_two_day_90": _iv(f.rr_two_day_90),
        "higher_days": _group(f.higher),
        "lower_days": _group(f.lower),
        "median_value": _num(f.median_value),
        "reason": f.reason,
        "sentence": f.sentence,
        "long_waves": f.long_waves,
        "adjusted_holds": f.adjusted_holds,
    }


def _adjusted(a: Adjusted | None) -> dict[str, object] | None:
    if a is None:
        return None
    return {
        "analysable_days": a.analysable_days,
        "parameters": a.parameters,
        "factors": [
            {
                "factor": f.factor,
                "p": _num(f.p),
                "p_adjusted": _num(f.p_adjusted),
                "rr_two_day": _iv(f.rr_two_day),
            }
            for f in a.factors
        ],
    }


def to_json(a: Analysis) -> dict[str, object]:
    """The analysis as JSON-ready data (no NaN: unknown or withheld numbers are ``None``)."""
    s = a.summary
    return {
        "format": FORMAT,
        "period": {
            "from": a.period.start.isoformat(),
            "to": a.period.end.isoformat(),
            "calendar_days": a.period.calendar_days,
            "logged_days": a.period.logged_days,
            "checked_in_days": a.period.checked_in_days,
            "analysable_days": a.period.analysable_days,
            "longest_gap_days": a.period.longest_gap_days,
        },
        "stage": a.stage.value,
        "stage_text": a.stage_text,
        "summary": {
            "episodes_per_day": {
                "mean": _num(s.episodes_per_day_mean),
                "median": _num(s.episodes_per_day_median),
                "q1": _num(s.episodes_per_day_q1),
                "q3": _num(s.episodes_per_day_q3),
            },
            "twitch_free_share": _num(s.twitch_free_share),
            "trend_rr_per_30_days": _iv(s.trend_rr_per_30_days),
            "duration_median_s": _num(s.duration_median_s),
            "intensity_median": _num(s.intensity_median),
            "sites": [
                {"site": x.site, "episodes": x.episodes, "share": _num(x.share)} for x in s.sites
            ],
            "hour_counts": list(s.hour_counts),
            "long_waves": s.long_waves,
        },
        "factors": [_factor(f) for f in a.factors],
        "held_back": list(a.held_back),
        "adjusted": _adjusted(a.adjusted),
        "adjusted_note": a.adjusted_note,
        "footer": a.footer,
    }


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


_HEADINGS: tuple[tuple[Verdict, str], ...] = (
    (Verdict.PATTERN, "Patterns found"),
    (Verdict.CANT_TELL, "Can't tell yet"),
    (Verdict.NO_BIG_DIFFERENCE, "Probably no big difference"),
    (Verdict.NOT_ENOUGH_DATA, "Not enough data yet"),
)


def _gated_sentences(group: list[FactorResult]) -> list[str]:
    """Factors held back for the same reason share one sentence (in first-seen order)."""
    by_reason: dict[str, list[FactorResult]] = {}
    for f in group:
        by_reason.setdefault(f.reason or "", []).append(f)
    return [
        fs[0].sentence if len(fs) == 1 else not_enough_data_for([f.label for f in fs], reason)
        for reason, fs in by_reason.items()
    ]


def format_text(a: Analysis) -> str:
    """A short plain-text summary: period, stage, episodes/day, trend, factors, footer."""
    p = a.period
    s = a.summary
    lines = [
        f"Period {p.start.isoformat()} to {p.end.isoformat()}: {p.logged_days} of "
        f"{_days(p.calendar_days)} logged ({p.completeness:.0%}), {p.checked_in_days} checked "
        f"in, longest gap {_days(p.longest_gap_days)}.",
        a.stage_text,
    ]
    if s.episodes_per_day_mean is not None:
        free = "" if s.twitch_free_share is None else f"; {s.twitch_free_share:.0%} twitch-free"
        typical = (
            ""
            if s.episodes_per_day_median is None
            or s.episodes_per_day_q1 is None
            or s.episodes_per_day_q3 is None
            else "; "
            + typical_day(s.episodes_per_day_median, s.episodes_per_day_q1, s.episodes_per_day_q3)
        )
        lines.append(
            f"Episodes per logged day: {number_text(s.episodes_per_day_mean)} on average"
            f"{typical}{free}."
        )
        lines.append(trend_sentence(s.trend_rr_per_30_days))
    else:
        lines.append("No days logged in this period.")
    if s.long_waves:
        lines.append("Your twitching comes in long waves, so all results are less firm.")
    if a.held_back:
        lines.append("")
        lines.extend(a.held_back)
    for verdict, heading in _HEADINGS:
        group = [f for f in a.factors if f.verdict is verdict]
        if not group:
            continue
        lines.append("")
        lines.append(f"{heading}:")
        if verdict is Verdict.NOT_ENOUGH_DATA:
            lines.extend(f"- {s}" for s in _gated_sentences(group))
        else:
            lines.extend(f"- {f.sentence}" for f in group)
    lines.append("")
    if a.stage is not Stage.TOO_EARLY:
        lines.append(a.adjusted_note)
    lines.append(a.footer)
    return "\n".join(lines)
