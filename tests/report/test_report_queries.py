"""The aggregated report queries on a small hand-made journal (literal in, literal out)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from twitchlog.domain.models import Context, Episode, Kind, Symptom
from twitchlog.domain.sites import Side
from twitchlog.storage import report_queries as q
from twitchlog.storage import repository as repo
from twitchlog.storage.journal import Journal

START = date(2026, 3, 1)
END = date(2026, 3, 31)


def _ep(
    n: int,
    day: date,
    hour_utc: int,
    site: str = "calf",
    side: Side | None = Side.LEFT,
    kind: Kind = Kind.TWITCH,
    duration: int | None = 10,
    symptoms: frozenset[Symptom] = frozenset(),
    context: Context | None = None,
    visible: bool | None = None,
) -> Episode:
    started = datetime(day.year, day.month, day.day, hour_utc, 0, tzinfo=UTC)
    return Episode(
        id=f"00000000-0000-4000-8000-{n:012d}",
        started_at=started,
        timezone="Europe/Berlin",
        local_date=day,
        site=site,
        side=side,
        kind=kind,
        duration_s=duration,
        symptoms=symptoms,
        context=context,
        visible=visible,
        recorded_at=started,
    )


def _fill(journal: Journal) -> None:
    episodes = [
        _ep(1, date(2026, 2, 10), 9),  # before the period: first seen, not counted
        _ep(2, date(2026, 3, 2), 9, duration=4),
        _ep(3, date(2026, 3, 2), 10, duration=30, context=Context.REST, visible=True),
        _ep(4, date(2026, 3, 9), 11, site="eyelid", side=None, duration=None),
        _ep(5, date(2026, 3, 20), 1, kind=Kind.CRAMP, duration=120, symptoms=frozenset(
            {Symptom.PAIN, Symptom.STIFFNESS})),  # 02:00 in Berlin: a night cramp
        _ep(6, date(2026, 3, 21), 12, kind=Kind.CRAMP, duration=60,
            symptoms=frozenset({Symptom.PAIN, Symptom.WEAKNESS})),  # 13:00: a day cramp
        _ep(7, date(2026, 4, 2), 9),  # after the period
    ]  # fmt: skip
    repo.import_entries(journal, episodes=episodes)


def test_site_sides_count_in_period_and_first_seen_in_diary(journal: Journal) -> None:
    """Counts cover the period; the first-seen day looks back before it."""
    _fill(journal)
    places = q.site_sides(journal, START, END)
    assert [(p.site, p.side, p.episodes, p.first_seen) for p in places] == [
        ("calf", Side.LEFT, 4, date(2026, 2, 10)),
        ("eyelid", None, 1, date(2026, 3, 9)),
    ]


def test_durations_by_kind_median_and_range(journal: Journal) -> None:
    """Median of an even count is the mean of the middle two; unknown durations are left out."""
    _fill(journal)
    kinds = {k.kind: k for k in q.durations_by_kind(journal, START, END)}
    twitch = kinds[Kind.TWITCH]
    assert (twitch.episodes, twitch.timed, twitch.median_s) == (3, 2, 17.0)
    assert (twitch.min_s, twitch.max_s) == (4, 30)
    cramp = kinds[Kind.CRAMP]
    assert (cramp.episodes, cramp.median_s, cramp.min_s, cramp.max_s) == (2, 90.0, 60, 120)
    assert Kind.SPASM not in kinds


def test_symptoms_night_cramps_and_weakness_days(journal: Journal) -> None:
    """Each symptom counted once per episode; night judged by the local hour."""
    _fill(journal)
    s = q.symptoms(journal, START, END)
    assert s.counts == {Symptom.PAIN: 2, Symptom.STIFFNESS: 1, Symptom.WEAKNESS: 1}
    assert (s.cramps, s.night_cramps) == (2, 1)
    assert s.weakness_days == (date(2026, 3, 21),)


def test_character_counts_context_and_visibility(journal: Journal) -> None:
    """Not given stays its own group."""
    _fill(journal)
    c = q.character(journal, START, END)
    assert c.contexts == {None: 4, Context.REST: 1}
    assert c.visible == {None: 4, True: 1}


def test_site_bins_by_week_in_order_of_first_appearance(journal: Journal) -> None:
    """Weeks start at the period's first day; rows follow first appearance in the period."""
    _fill(journal)
    grid = q.site_bins(journal, START, END, 7)
    assert (grid.bins, grid.sites) == (5, ("calf", "eyelid"))
    assert grid.counts == ((2, 0, 2, 0, 0), (0, 1, 0, 0, 0))
    assert q.first_episode_day(journal, END) == date(2026, 2, 10)
    assert q.first_episode_day(journal, date(2026, 1, 1)) is None


def test_empty_journal(journal: Journal) -> None:
    """No episodes: empty results, never an error."""
    assert q.site_sides(journal, START, END) == ()
    assert q.durations_by_kind(journal, START, END) == ()
    assert q.symptoms(journal, START, END).cramps == 0
    assert q.site_bins(journal, START, END).sites == ()


def test_places_on_a_day(journal: Journal) -> None:
    """The places of one day's episodes (for the onset sentence)."""
    _fill(journal)
    assert q.places_on(journal, date(2026, 3, 2)) == (("calf", Side.LEFT),)
    assert q.places_on(journal, date(2026, 3, 3)) == ()


@pytest.mark.parametrize("walk", [2, q._WALK])
def test_i17_first_seen_past_the_date_order_walk(
    journal: Journal, monkeypatch: pytest.MonkeyPatch, walk: int
) -> None:
    """A place seen once long before the period, behind more episodes than the walk in date
    order reads, keeps its first day; a place new in the period is new on its day there."""
    monkeypatch.setattr(q, "_WALK", walk)
    before, in_period = date(2026, 1, 5), date(2026, 3, 10)
    repo.import_entries(
        journal,
        episodes=[
            _ep(1, before, 9, site="neck", side=None),
            _ep(2, date(2026, 1, 6), 9),
            _ep(3, date(2026, 1, 7), 9),
            _ep(4, date(2026, 2, 1), 9, site="eyelid", side=Side.RIGHT),
            _ep(5, in_period, 9),
            _ep(6, in_period, 10, site="eyelid", side=Side.RIGHT),
            _ep(7, in_period, 11, site="neck", side=None),
            _ep(8, date(2026, 3, 12), 9, site="thumb", side=Side.LEFT),
            _ep(9, date(2026, 3, 13), 9, site="thumb", side=Side.LEFT),
        ],
    )
    places = q.site_sides(journal, START, END)
    assert [(p.site, p.side, p.episodes, p.first_seen) for p in places] == [
        ("neck", None, 1, before),
        ("calf", Side.LEFT, 1, date(2026, 1, 6)),
        ("eyelid", Side.RIGHT, 1, date(2026, 2, 1)),
        ("thumb", Side.LEFT, 2, date(2026, 3, 12)),
    ]
