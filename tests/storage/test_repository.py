"""Repository: round trips, missing versus zero, paging, import semantics, pragmas."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from twitchlog.domain import (
    DayLog,
    Episode,
    Kind,
    Medication,
    Side,
    Symptom,
    ValidationError,
    new_id,
)
from twitchlog.storage import repository as repo
from twitchlog.storage.connection import open_connection
from twitchlog.storage.errors import NotFound
from twitchlog.storage.journal import ChangeWatcher, Journal

NOW = datetime.now(UTC).replace(microsecond=0)


def ep(day_offset: int = 0, site: str = "eyelid", **kw: object) -> Episode:
    started = NOW - timedelta(days=day_offset)
    base: dict[str, object] = {
        "id": new_id(),
        "started_at": started,
        "timezone": "UTC",
        "local_date": started.date(),
        "site": site,
    }
    base.update(kw)
    return Episode(**base)  # type: ignore[arg-type]


def test_every_connection_has_the_required_pragmas(journal: Journal) -> None:
    conn = open_connection(journal.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    conn.close()


def test_episode_round_trip_keeps_every_field(journal: Journal) -> None:
    original = ep(
        side=Side.LEFT,
        kind=Kind.CRAMP,
        duration_s=90,
        intensity=6,
        visible=False,
        symptoms=frozenset({Symptom.PAIN, Symptom.WEAKNESS}),
        note="[bold]literal[/bold] ünïcode",
    )
    saved = repo.add_episode(journal, original)
    loaded = repo.get_episode(journal, saved.id[:6])
    assert loaded == saved
    assert replace(loaded, recorded_at=None) == original


def test_edit_delete_and_undo(journal: Journal) -> None:
    saved = repo.add_episode(journal, ep())
    repo.update_episode(journal, replace(saved, intensity=3))
    assert repo.get_episode(journal, saved.id).intensity == 3
    gone = repo.delete_episode(journal, saved.id)
    with pytest.raises(NotFound):
        repo.get_episode(journal, saved.id)
    repo.restore_episode(journal, gone)
    assert repo.get_episode(journal, saved.id) == gone


def test_listing_pages_newest_first_with_filters(journal: Journal) -> None:
    for i in range(30):
        repo.add_episode(journal, ep(day_offset=i, site="calf" if i % 3 == 0 else "eyelid"))
    page = repo.list_episodes(journal, limit=10)
    assert len(page) == 10
    assert [e.started_at for e in page] == sorted((e.started_at for e in page), reverse=True)
    second = repo.list_episodes(journal, limit=10, offset=10)
    assert page[-1].started_at > second[0].started_at
    assert repo.count_episodes(journal, site="calf") == 10
    start = (NOW - timedelta(days=4)).date()
    assert repo.count_episodes(journal, start=start) == 5


def test_missing_zero_and_checked_in_are_three_states(journal: Journal) -> None:
    today = NOW.date()
    repo.merge_day_log(journal, DayLog(day=today, caffeine_mg=0))
    repo.merge_day_log(journal, DayLog(day=today - timedelta(days=1), checked_in=True))
    sl = repo.load_slice(journal, today - timedelta(days=2), today)
    by_day = {d.day: d for d in sl.days}
    assert today - timedelta(days=2) not in by_day  # not logged at all
    assert by_day[today].caffeine_mg == 0 and not by_day[today].checked_in
    assert by_day[today - timedelta(days=1)].checked_in
    assert by_day[today - timedelta(days=1)].caffeine_mg is None
    assert sl.episode_days == ()


def test_slice_aggregates_per_day(journal: Journal) -> None:
    repo.add_episode(journal, ep(duration_s=10, intensity=2))
    repo.add_episode(journal, ep(duration_s=20, intensity=4))
    repo.add_episode(journal, ep(day_offset=1, site="calf"))
    sl = repo.load_slice(journal, NOW.date() - timedelta(days=1), NOW.date())
    stats = {s.day: s for s in sl.episode_days}
    assert stats[NOW.date()].episodes == 2
    assert stats[NOW.date()].total_duration_s == 30
    assert stats[NOW.date()].mean_intensity == 3
    assert stats[NOW.date() - timedelta(days=1)].total_duration_s is None
    assert sl.site_counts == {"eyelid": 2, "calf": 1}
    assert sum(sl.hour_counts) == 3


def test_invalid_values_are_not_written(journal: Journal) -> None:
    with pytest.raises(ValidationError):
        repo.add_episode(journal, ep(intensity=11))
    with pytest.raises(ValidationError):
        repo.merge_day_log(journal, DayLog(day=NOW.date(), stress=12))
    assert repo.count_episodes(journal) == 0 and repo.count_days(journal) == 0


def test_import_adds_only_new_entries_all_or_nothing(journal: Journal) -> None:
    a, b = ep(), ep(day_offset=1)
    counts = repo.import_entries(journal, episodes=[a, b], apply=False)
    assert counts.episodes == 2 and repo.count_episodes(journal) == 0
    assert repo.import_entries(journal, episodes=[a, b]).episodes == 2
    assert repo.import_entries(journal, episodes=[a, b]).total == 0
    with pytest.raises(ValidationError):
        repo.import_entries(journal, episodes=[ep(), ep(intensity=99)])
    assert repo.count_episodes(journal) == 2


def test_medications_active_and_stop(journal: Journal) -> None:
    med = repo.add_medication(
        journal, Medication(id=new_id(), name="Magnesium", start=date(2026, 1, 1))
    )
    assert [m.name for m in repo.list_medications(journal, active_on=date(2026, 6, 1))] == [
        "Magnesium"
    ]
    stopped = repo.stop_medication(journal, "magnesium", date(2026, 3, 1))
    assert stopped.id == med.id and stopped.stop == date(2026, 3, 1)
    assert repo.list_medications(journal, active_on=date(2026, 6, 1)) == []


def test_change_watcher_sees_other_connections(journal: Journal) -> None:
    watcher = ChangeWatcher(journal)
    assert not watcher.changed()
    other = sqlite3.connect(journal.path)
    other.execute(
        "INSERT INTO episodes (id, started_at, timezone, local_date, site, kind, recorded_at) "
        "VALUES ('w1', '2026-01-01T00:00:00Z', 'UTC', '2026-01-01', 'eyelid', 'twitch', "
        "'2026-01-01T00:00:00Z')"
    )
    other.commit()
    other.close()
    assert watcher.changed()
    assert not watcher.changed()
    watcher.close()


def test_a11_last_episode_is_the_newest_start_and_then_the_greatest_id(journal: Journal) -> None:
    """``g`` (again) takes the last episode: by start time, and of those started at the same
    instant the greatest id, as every list orders them; read through the start-time index."""
    assert repo.last_episode(journal) is None
    older, latest = ep(1), ep(0)
    for e in (older, latest, replace(latest, id="ffffffff-0000-4000-8000-000000000001")):
        repo.add_episode(journal, e)
    repo.add_episode(journal, replace(latest, id="00000000-0000-4000-8000-000000000001"))
    found = repo.last_episode(journal)
    assert found is not None and found.id == "ffffffff-0000-4000-8000-000000000001"
    assert found == repo.list_episodes(journal, limit=1)[0]
