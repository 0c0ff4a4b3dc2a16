"""``build_report``: the journal and a period in, :class:`ReportData` out (no matplotlib).

It runs a handful of aggregated queries (``storage.report_queries`` and
``storage.slices.load_slice``, through ``sqlite3``), the analysis, and turns the results into
sentences and series. SQLModel is imported only for a journal with self-experiments
(``storage.experiments``), so a report usually never loads SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from twitchlog.analysis import analyze
from twitchlog.config import Settings
from twitchlog.domain.experiment_record import Experiment
from twitchlog.report import glance
from twitchlog.report.bodymap import map_markers
from twitchlog.report.chartdata import OWN_PREFIX, chart_data, grid_bin_days
from twitchlog.report.details import findings_table, site_table, week_table
from twitchlog.report.experiment import ended_experiment, experiment_bands, experiment_lines
from twitchlog.report.findings import (
    FACTORS_CAVEAT,
    FULL_WORDING,
    PATTERN_WORDS,
    caption,
    factor_lines,
    medicine_lines,
    others_line,
    pattern_line,
    red_flags,
    test_lines,
)
from twitchlog.report.model import Header, ReportData
from twitchlog.report.words import place_text
from twitchlog.storage import report_queries as q
from twitchlog.storage.journal import Journal
from twitchlog.storage.slices import load_slice

METHODS = (
    "How the associations were computed: for each factor, the daily episode counts were "
    "compared with the factor on the same day and the day before in a quasi-Poisson "
    "regression that takes the overall trend and the recent twitch level into account; the "
    "Benjamini-Hochberg method corrects for checking several factors. These are associations "
    "in one person's observations, not causes."
)
DISCLAIMER = (
    "This is a diary kept by the person, not a diagnosis. It records what was noticed; "
    "the journal does not assess red flags or other neurological signs: the clinician decides."
)


def _first_sites(journal: Journal, first: date | None) -> list[str]:
    if first is None:
        return []
    return [place_text(site, side) for site, side in q.places_on(journal, first)]


def _experiments(journal: Journal) -> list[Experiment]:
    """The journal's self-experiments; SQLModel is imported only when there is one."""
    if not q.has_experiments(journal):
        return []
    from twitchlog.storage.experiments import list_experiments

    return list_experiments(journal)


def build_report(
    journal: Journal,
    start: date,
    end: date,
    settings: Settings,
    made_on: date | None = None,
) -> ReportData:
    """Everything the report shows for the local days ``[start, end]``.

    ``made_on`` is the date printed as "made on" (default: today). Medicines, tests, visits
    and red flags are taken from the whole journal up to ``end``, since their dates matter
    even when they lie before the period.
    """
    if end < start:
        raise ValueError("end must be on or after start")
    data = load_slice(journal, start, end, today=made_on)
    analysis = analyze(data)
    symptoms = q.symptoms(journal, start, end)
    notes = q.health_notes(journal, end)
    meds = q.medications(journal)
    checked = {d.day for d in data.days if d.checked_in}
    with_eps = {e.day for e in data.episode_days if e.episodes > 0}
    header = Header(
        name=settings.name.strip(),
        start=start,
        end=end,
        made_on=made_on or date.today(),
        calendar_days=analysis.period.calendar_days,
        checked_in_days=len(checked),
        logged_days=analysis.period.logged_days,
        longest_gap_days=analysis.period.longest_gap_days,
    )
    empty = not data.days and not data.episode_days
    places = q.site_sides(journal, start, end)
    first = q.first_episode_day(journal, end)
    freq = glance.Frequency(
        episodes=sum(e.episodes for e in data.episode_days),
        logged_days=len(checked | with_eps),
        twitch_days=len(with_eps),
        summary=analysis.summary,
    )
    sections = (
        glance.onset(first, settings.onset, _first_sites(journal, first), meds, end),
        glance.how_often(freq, with_trend=False),
        glance.how_long(q.durations_by_kind(journal, start, end)),
        glance.character(q.character(journal, start, end)),
        glance.other_symptoms(symptoms),
    )
    chart = chart_data(
        data, q.site_bins(journal, start, end, grid_bin_days(analysis.period.calendar_days))
    )
    factors = factor_lines(analysis)
    course = glance.course(
        q.weekly_course(journal, end), start, end, analysis.summary.trend_rr_per_30_days
    )
    experiments = _experiments(journal)
    chart = replace(chart, experiment=experiment_bands(experiments, start, end))
    ended = ended_experiment(experiments, end)
    experiment = (
        experiment_lines(ended, load_slice(journal, ended.plan.start, ended.last_day(end)), end)
        if ended is not None
        else ()
    )
    return ReportData(
        header=header,
        empty=empty,
        glance=sections,
        flags=red_flags(notes, symptoms.weakness_days),
        medicines=medicine_lines(meds, end),
        tests=test_lines(notes),
        factors=factors,
        factors_note=f"{analysis.stage_text} {analysis.footer}",
        factors_caveat=FACTORS_CAVEAT
        + (FULL_WORDING if any(f.short != f.sentence for f in factors) else ""),
        methods=METHODS,
        disclaimer=DISCLAIMER,
        chart=chart,
        tables=(site_table(places), week_table(chart), findings_table(factors)),
        markers=map_markers(places, start),
        course=course,
        where=glance.where_line(places, start),
        patterns=tuple(pattern_line(f) for f in factors if f.verdict == PATTERN_WORDS),
        # a factor under a running experiment: one line on page 1, in no table or panel
        others=" ".join(filter(None, (others_line(factors), *analysis.held_back))),
        caption=caption(factors, course.verdict),
        experiment=experiment,
        held_back=tuple(
            h.factor if h.factor in chart.factor_series else OWN_PREFIX + h.factor
            for h in data.held_back
        ),
    )
