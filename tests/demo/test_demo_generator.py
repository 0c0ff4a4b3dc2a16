"""The demo journal: deterministic, realistic, valid, and with its associations visible."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import cache

from twitchlog.demo import DemoJournal, generate
from twitchlog.domain import DayLog, Kind, MedKind, NoteKind, Side
from twitchlog.domain.models import FACTOR_FIELDS
from twitchlog.domain.times import local_day, zone
from twitchlog.domain.validation import (
    caffeine_from_drinks,
    validate_day,
    validate_episode,
    validate_health_note,
    validate_medication,
)

END = date(2026, 6, 30)


@cache
def half_year(seed: int = 7) -> DemoJournal:
    """The default demo: 180 days."""
    return generate(180, seed=seed, end=END)


def _counts(journal: DemoJournal) -> Counter[date]:
    return Counter(e.local_date for e in journal.episodes)


def _mean_count(journal: DemoJournal, keep: Callable[[DayLog, DayLog | None], bool]) -> float:
    """Mean episodes on checked-in days whose (today, yesterday) logs pass ``keep``."""
    logs = {d.day: d for d in journal.days}
    counts = _counts(journal)
    chosen = [counts[d] for d, log in logs.items() if keep(log, logs.get(d - timedelta(days=1)))]
    assert len(chosen) >= 10, "too few days to compare"
    return statistics.mean(chosen)


def test_the_same_seed_gives_the_same_journal_and_another_seed_does_not() -> None:
    assert generate(60, seed=3, end=END) == generate(60, seed=3, end=END)
    assert generate(60, seed=3, end=END).episodes != generate(60, seed=4, end=END).episodes


def test_the_same_seed_gives_the_same_person_whatever_the_end_date() -> None:
    # the sample journal's patterns must not depend on the day somebody builds it: only the
    # weekday-bound alcohol and the clock times may differ between two end dates
    winter = generate(120, seed=5, end=date(2026, 1, 15))
    summer = generate(120, seed=5, end=date(2026, 7, 3))  # another weekday, across DST

    def person(journal: DemoJournal) -> list[tuple[object, ...]]:
        counts = Counter(e.local_date for e in journal.episodes)
        return [
            (
                (log.day - journal.start).days,
                counts[log.day],
                *(getattr(log, f) for f in FACTOR_FIELDS if f != "alcohol_drinks"),
            )
            for log in journal.days
        ]

    assert person(winter) == person(summer)
    assert [d.alcohol_drinks for d in winter.days] != [d.alcohol_drinks for d in summer.days]


def test_the_period_ends_on_end_and_missing_days_hold_nothing() -> None:
    journal = half_year()
    logged = {d.day for d in journal.days}

    assert (journal.start, journal.end) == (END - timedelta(days=179), END)
    assert all(journal.start <= d <= END for d in logged)
    assert all(d.checked_in for d in journal.days)
    assert {e.local_date for e in journal.episodes} <= logged  # no episodes on missing days
    assert 0.85 <= len(logged) / 180 <= 0.97


def test_about_eight_percent_of_days_are_missing_and_four_episodes_a_day() -> None:
    journal = generate(1000, seed=11, end=END)

    assert 0.89 <= len(journal.days) / 1000 <= 0.95
    # about 4 a day, plus the doubled rate on the 1 day in 6 with a cold (demo/own.py)
    assert 3.9 <= len(journal.episodes) / len(journal.days) <= 5.6
    zero_days = sum(1 for d in journal.days if _counts(journal)[d.day] == 0)
    assert zero_days > 0  # twitch-free checked-in days exist


def test_unlogged_factors_are_none_and_never_mixed_with_zero() -> None:
    journal = half_year()

    for name in FACTOR_FIELDS:
        values = [getattr(d, name) for d in journal.days]
        assert 0 < values.count(None) < len(values) * 0.15, name
    for day in journal.days:
        if day.caffeine_mg is None:
            assert day.drinks == {}
        else:
            assert day.caffeine_mg == caffeine_from_drinks(day.drinks)
    dense = generate(60, end=END, dense=True)
    assert len(dense.days) == 60
    assert all(getattr(d, f) is not None for d in dense.days for f in FACTOR_FIELDS)


def test_every_value_passes_domain_validation() -> None:
    journal = generate(400, seed=5, end=END)
    now = datetime.combine(END + timedelta(days=1), datetime.min.time(), tzinfo=UTC)

    for episode in journal.episodes:
        validate_episode(episode, now)
        assert episode.local_date == local_day(episode.started_at, zone(journal.timezone))
        assert episode.recorded_at is not None and episode.recorded_at > episode.started_at
    for day in journal.days:
        validate_day(day)
    for med in journal.medications:
        validate_medication(med)
    for note in journal.health_notes:
        validate_health_note(note)
    assert len({e.id for e in journal.episodes}) == len(journal.episodes)


def test_caffeine_the_day_before_goes_with_more_episodes() -> None:
    def caffeine(low: float, high: float) -> Callable[[DayLog, DayLog | None], bool]:
        return lambda _, y: (
            y is not None and y.caffeine_mg is not None and low < y.caffeine_mg < high
        )

    after_much = _mean_count(half_year(), caffeine(300, 10_000))
    after_little = _mean_count(half_year(), caffeine(-1, 150))

    assert after_much / after_little > 1.8


def test_short_sleep_and_stress_go_with_more_episodes() -> None:
    journal = generate(365, end=END)
    short = _mean_count(journal, lambda d, _: d.sleep_h is not None and d.sleep_h < 6)
    enough = _mean_count(journal, lambda d, _: d.sleep_h is not None and d.sleep_h >= 7)
    tense = _mean_count(journal, lambda d, _: d.stress is not None and d.stress >= 6)
    calm = _mean_count(journal, lambda d, _: d.stress is not None and d.stress <= 2)

    assert short / enough > 1.4
    assert tense / calm > 1.2


def test_unrelated_factors_show_no_large_difference() -> None:
    journal = generate(730, seed=9, end=END)
    active = _mean_count(journal, lambda d, _: (d.exercise_min or 0) > 0)
    resting = _mean_count(journal, lambda d, _: d.exercise_min == 0)
    long_screen = _mean_count(journal, lambda d, _: (d.screen_h or 0) >= 7)
    short_screen = _mean_count(journal, lambda d, _: d.screen_h is not None and d.screen_h <= 5)

    assert 0.8 < active / resting < 1.25
    assert 0.8 < long_screen / short_screen < 1.25


def test_mostly_left_eyelid_twitches_and_night_cramps_in_the_legs() -> None:
    episodes = generate(365, end=END).episodes
    sites = Counter(e.site for e in episodes)
    eyelid = [e for e in episodes if e.site == "eyelid"]
    cramps = [e for e in episodes if e.kind is Kind.CRAMP]
    berlin = zone("Europe/Berlin")

    assert sites.most_common(1)[0][0] == "eyelid"
    assert {"calf", "thigh", "thumb"} <= set(sites)
    assert sum(e.side is Side.LEFT for e in eyelid) > 0.7 * len(eyelid)
    assert 0.03 < len(cramps) / len(episodes) < 0.15
    assert {e.site for e in cramps} <= {"calf", "foot"}
    assert all(e.started_at.astimezone(berlin).hour < 7 for e in cramps)
    assert max(e.duration_s or 0 for e in episodes) <= 900
    assert any(e.symptoms for e in episodes)
    notes = " ".join(e.note for e in episodes) + " ".join(d.note for d in half_year().days)
    assert "[bold]" in notes and "[/" in notes


def test_magnesium_from_half_way_an_inhaler_on_and_off_and_no_red_flags() -> None:
    journal = half_year()
    magnesium = [m for m in journal.medications if m.kind is MedKind.SUPPLEMENT]
    inhaler = [m for m in journal.medications if "inhaler" in m.name]
    kinds = Counter(n.kind for n in journal.health_notes)

    assert [m.start for m in magnesium] == [journal.start + timedelta(days=90)]
    assert magnesium[0].stop is None
    assert len(inhaler) >= 2 and any(m.stop is not None for m in inhaler)
    assert kinds == Counter({NoteKind.VISIT: 1, NoteKind.TEST: 1})
    assert all(journal.start <= n.day <= END for n in journal.health_notes)


def test_a_cap_limits_episodes_per_day_and_not_after_drops_later_ones() -> None:
    capped = generate(120, end=END, episodes_per_day_cap=3)
    cutoff = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
    cut = generate(120, end=END, not_after=cutoff)

    assert max(_counts(capped).values()) == 3
    assert all(e.started_at <= cutoff for e in cut.episodes)
    assert all(e.recorded_at is not None and e.recorded_at <= cutoff for e in cut.episodes)
    assert len(cut.episodes) < len(generate(120, end=END).episodes)


def test_twenty_dense_years_are_large_and_complete() -> None:
    """Generation time is measured by the benchmark (tests/perf), never asserted here."""
    journal = generate(7300, end=END, dense=True)
    counts = _counts(journal)

    assert len(journal.days) == 7300
    assert 135_000 <= len(journal.episodes) <= 146_000
    assert max(counts.values()) == 20
