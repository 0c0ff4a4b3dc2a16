"""The numbers handed to the page layout and to the plotting code, on the seeded journal."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from tests.report.conftest import (
    END,
    MADE_ON,
    START,
    WEAK_EPISODE_DAY,
    WEAKNESS_DAYS,
    WEIGHT_LOSS_DAY,
    Seeded,
)
from twitchlog.analysis.model import Interval, Summary
from twitchlog.domain.models import RED_FLAG_LABELS, RedFlag
from twitchlog.report import ReportData
from twitchlog.report.chartdata import moving_mean
from twitchlog.report.glance import Frequency, how_often, trend_text, trend_words
from twitchlog.report.words import day_text


def _period_counts(seeded: Seeded) -> Counter[date]:
    return Counter(e.local_date for e in seeded.episodes if START <= e.local_date <= END)


def _checked(seeded: Seeded) -> set[date]:
    return {d.day for d in seeded.demo.days if d.checked_in and START <= d.day <= END}


def test_header_counts_checked_in_days(report_data: ReportData, seeded: Seeded) -> None:
    """Completeness: days checked in out of the 90 calendar days, as in the journal."""
    h = report_data.header
    assert (h.start, h.end, h.made_on, h.name) == (START, END, MADE_ON, "Test Person")
    assert h.calendar_days == 90
    assert h.checked_in_days == len(_checked(seeded))
    assert 0 < h.checked_in_days < 90


def test_bars_are_the_daily_counts_and_missing_days_stay_missing(
    report_data: ReportData, seeded: Seeded
) -> None:
    """Each bar is that day's episode count; days without check-in or episode are None."""
    chart = report_data.chart
    counts = _period_counts(seeded)
    checked = _checked(seeded)
    assert chart.days == tuple(START + timedelta(days=i) for i in range(90))
    for day, value in zip(chart.days, chart.episodes, strict=True):
        if day in checked or counts[day]:
            assert value == counts[day], day
        else:
            assert value is None, day
    missing = set(chart.days) - checked - set(counts)
    assert missing, "the demo journal has days that were not checked in"
    assert set(chart.missing_days) == missing
    assert 0 in chart.episodes, "a checked-in day without episodes is a zero, not missing"


def test_mean_line_averages_logged_days_only(report_data: ReportData) -> None:
    """The 7-day mean ignores days that were not logged (they are not zeros)."""
    chart = report_data.chart
    assert len(chart.mean7) == len(chart.days)
    for i, day in enumerate(chart.days):
        window = [v for v in chart.episodes[max(0, i - 6) : i + 1] if v is not None]
        got = chart.mean7[i]
        if not window:
            assert got is None, f"{day}: no logged day in the window, yet a mean of {got!r}"
        else:
            assert got is not None and abs(got - sum(window) / len(window)) < 1e-9, day


def test_mean_line_has_a_gap_where_a_week_was_not_logged() -> None:
    """Seven days in a row without a log give no mean (a gap in the line), not 0."""
    values = (None, None, 3, None, None, None, None, None, None, None, 0, 2)
    assert moving_mean(values, 7) == (
        None,
        None,
        3.0,
        3.0,
        3.0,
        3.0,
        3.0,
        3.0,
        3.0,
        None,  # days 3..9 hold no log
        0.0,  # a logged zero is a zero
        1.0,
    )
    assert moving_mean((None,) * 7, 7) == (None,) * 7


def test_factor_series_have_gaps_not_zeros(report_data: ReportData, seeded: Seeded) -> None:
    """Caffeine, sleep and stress are None on days without a value."""
    logs = {d.day: d for d in seeded.demo.days}
    chart = report_data.chart
    for day, caffeine, sleep in zip(chart.days, chart.caffeine_mg, chart.sleep_h, strict=True):
        log = logs.get(day)
        assert caffeine == (None if log is None else log.caffeine_mg)
        assert sleep == (None if log is None else log.sleep_h)
    assert None in chart.caffeine_mg


def test_site_grid_and_hours_hold_every_episode(report_data: ReportData, seeded: Seeded) -> None:
    """The spread grid and the hour-of-day bars each add up to the period's episodes."""
    total = sum(_period_counts(seeded).values())
    chart = report_data.chart
    assert sum(sum(row) for row in chart.site_counts) == total
    assert sum(chart.hour_counts) == total
    assert chart.bin_days == 7
    assert all(len(row) == 13 for row in chart.site_counts)
    assert "hand" in chart.sites


def test_every_red_flag_is_answered(report_data: ReportData) -> None:
    """All six red flags appear; recorded ones carry their dates, in or before the period."""
    flags = {f.label: f for f in report_data.flags}
    assert list(flags) == [RED_FLAG_LABELS[f] for f in RedFlag]
    assert flags[RED_FLAG_LABELS[RedFlag.WEAKNESS]].dates == WEAKNESS_DAYS
    assert day_text(WEAK_EPISODE_DAY) in flags[RED_FLAG_LABELS[RedFlag.WEAKNESS]].extra
    assert flags[RED_FLAG_LABELS[RedFlag.WEIGHT_LOSS]].dates == (WEIGHT_LOSS_DAY,)
    assert flags[RED_FLAG_LABELS[RedFlag.BREATHLESSNESS]].dates == ()


def test_where_counts_each_place_with_its_first_day(
    report_data: ReportData, seeded: Seeded
) -> None:
    """The places table: episodes in the period per site and side, first seen in the diary."""
    in_period = Counter((e.site, e.side) for e in seeded.episodes if START <= e.local_date <= END)
    first: dict[tuple[str, object], date] = {}
    for e in seeded.episodes:
        key = (e.site, e.side)
        first[key] = min(first.get(key, e.local_date), e.local_date)
    table = next(t for t in report_data.tables if t.title == "Episodes per place")
    assert len(table.rows) == len(in_period)
    (site, side), n = in_period.most_common(1)[0]
    top = table.rows[0]
    assert top[1] == str(n)
    assert top[3] == day_text(first[(site, side)])
    assert first[(site, side)] < START, "the top place was first seen before the period"


def test_medicines_and_tests_are_listed_with_dates(report_data: ReportData) -> None:
    """Every medicine started by the end, with dose and dates; tests and visits by date."""
    meds = " ".join(report_data.medicines)
    assert f"Prednisone (medicine), 5 mg: from {day_text(date(2026, 9, 20))} to" in meds
    assert "Magnesium citrate (supplement), 400 mg daily" in meds
    tests = " ".join(report_data.tests)
    assert f"{day_text(date(2026, 10, 20))}, test – MRI: lumbar spine, normal" in tests
    assert "GP visit" in tests
    assert "flag" not in tests


def test_page_one_finding_drops_only_the_shared_caveats(report_data: ReportData) -> None:
    """A pattern's short form keeps the finding and its days; other verdicts stay whole."""
    from twitchlog.report.findings import short_finding

    for f in report_data.factors:
        assert f.sentence.startswith(f.short.removesuffix(f" Based on {f.days} days."))
    sentence = "More twitches – about 69 % more. This is based on 66 days and takes your trend."
    assert short_finding(sentence, 66) == "More twitches – about 69 % more. Based on 66 days."
    assert short_finding("We can't tell yet.", 10) == "We can't tell yet."


def test_findings_table_has_each_lag_with_its_interval(report_data: ReportData) -> None:
    """Same day, day before and both days: estimate and 95 % interval, "–" where untested."""
    table = next(t for t in report_data.tables if t.title == "Findings per factor")
    assert table.columns[4:7] == ("same day", "day before", "both days")
    assert len(table.rows) == len(report_data.factors)
    for f, row in zip(report_data.factors, table.rows, strict=True):
        if f.both_days is None:
            assert row[4:8] == ("–", "–", "–", "–")
        else:
            both = f.both_days
            assert row[6] == f"{both.value:.2f}\u00a0({both.low:.2f}–{both.high:.2f})"


def _summary(trend: Interval | None) -> Summary:
    return Summary(3.4, 3.0, 1.25, 4.75, 0.14, trend, None, None, (), (0,) * 24, False)


def test_how_often_says_the_middle_half_in_whole_numbers() -> None:
    """Was "middle half 1.2 to 4.8": fractional episodes."""
    text = how_often(Frequency(340, 100, 86, _summary(Interval(0.96, 0.87, 1.06)))).paragraphs[0]
    assert "middle half" not in text
    assert "(median 3; half of the days had 1 to 5 episodes)" in text


def test_trend_text_gives_a_plain_verdict_and_one_unit() -> None:
    """Was "0.96 times the episodes per 30 days (95 % interval 0.87 to 1.06)"."""
    assert trend_text(Interval(0.96, 0.87, 1.06)) == (
        "Trend: no clear change over time; about 4 % fewer episodes per 30 days "
        "(95 % interval 13 % fewer to 6 % more)."
    )
    verdict, detail = trend_words(Interval(0.8, 0.7, 0.92))
    assert verdict == "fewer than before"
    assert detail == "about 20 % fewer episodes per 30 days (95 % interval 8 % to 30 % fewer)"


def test_one_day_period_is_singular(report_data: ReportData) -> None:
    """Was "Period 1 Dec 2026 to 1 Dec 2026 (1 days)"."""
    from dataclasses import replace

    from twitchlog.report.page_one import header_lines

    h = replace(report_data.header, end=report_data.header.start, calendar_days=1)
    first, _ = header_lines(replace(report_data, header=h))
    assert "(1 day):" in first, first
