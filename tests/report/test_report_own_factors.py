"""The person's own factors in the report: findings, the findings table, chart panels."""

from __future__ import annotations

from dataclasses import replace

from tests.report.conftest import Seeded
from twitchlog.report.model import ReportData
from twitchlog.report.summary import DEFAULT_FACTORS, factor_axis, page_panels, panel_factors


def test_own_factors_are_findings_like_the_builtins(report_data: ReportData) -> None:
    lines = {f.label: f for f in report_data.factors}
    assert lines["anxiety"].unit == "per 2 points"
    assert lines["cold"].unit == "with vs without"
    assert lines["cold"].factor.startswith("factor:")
    assert lines["cold"].sentence  # worded like every other finding
    assert lines["cold"].higher_days > 0  # the days with / without table rows


def test_own_factor_series_follow_the_tags_rule(report_data: ReportData, seeded: Seeded) -> None:
    cold = seeded.demo.factors[1]
    series = report_data.chart.factor_series["factor:" + cold.key]
    assert len(series) == len(report_data.chart.days)
    assert set(series) <= {0.0, 1.0, None}
    logged = {d.day: d for d in seeded.demo.days}
    for day, value in zip(report_data.chart.days, series, strict=True):
        log = logged.get(day)
        if log is None:
            assert value is None  # not logged: missing, never "no"
        elif log.custom.get(cold.key) == 1.0:
            assert value == 1.0
        elif not log.tags_complete:
            assert value is None  # tags not complete: unknown


def test_panels_show_the_strongest_patterns_own_factors_included(
    report_data: ReportData, seeded: Seeded
) -> None:
    cold_key = "factor:" + seeded.demo.factors[1].key
    lines = tuple(
        replace(f, verdict="pattern", p_adjusted=0.001)
        if f.factor == cold_key
        else replace(f, verdict="pattern", p_adjusted=0.04)
        if f.factor in ("stress", "water_l")
        else replace(f, verdict="cant_tell")
        for f in report_data.factors
    )
    data = replace(report_data, factors=lines)
    assert panel_factors(data) == (cold_key, "stress", "water_l")
    assert factor_axis(cold_key, data) == ("1 = tagged", "Cold")
    anxiety_key = "factor:" + seeded.demo.factors[0].key
    assert factor_axis(anxiety_key, data) == ("points", "Anxiety")
    none = replace(report_data, factors=tuple(replace(f, verdict="cant_tell") for f in lines))
    assert panel_factors(none) == DEFAULT_FACTORS


def test_page_two_chart_draws_the_strongest_patterns_and_fills_with_the_defaults(
    report_data: ReportData, seeded: Seeded
) -> None:
    """Page 2's day-by-day chart shows an own factor that is the strongest pattern, then the
    defaults to keep three factor panels; the drawn panel titles say so."""
    from matplotlib.figure import Figure

    from twitchlog.report.charts import draw_charts
    from twitchlog.report.render import _panels

    cold_key = "factor:" + seeded.demo.factors[1].key
    lines = tuple(
        replace(f, verdict="pattern", p_adjusted=0.001)
        if f.factor == cold_key
        else replace(f, verdict="cant_tell")
        for f in report_data.factors
    )
    data = replace(report_data, factors=lines)
    assert page_panels(data) == (cold_key, "caffeine_mg", "sleep_h")
    fig = Figure(figsize=(8.27, 11.69))
    draw_charts(fig, data.chart, (0.1, 0.1, 0.8, 0.8), panels=_panels(data))
    titles = [ax.get_title(loc="left") or ax.get_title() for ax in fig.axes]
    joined = " | ".join(titles)
    assert "Cold" in joined and "Caffeine" in joined and "Sleep" in joined, joined
    assert "Stress" not in joined, joined
