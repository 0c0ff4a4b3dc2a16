"""Field-level saves against a loaded revision (``patch_day``, ``patch_episode``), and the
change marker every write path moves on."""

from __future__ import annotations

import itertools
import shutil
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from twitchlog.domain.changes import changed_fields, collisions
from twitchlog.domain.models import DayLog, Episode, Medication, new_id
from twitchlog.storage import repository as repo
from twitchlog.storage.conflicts import ChangedElsewhere
from twitchlog.storage.errors import NotFound
from twitchlog.storage.journal import Journal
from twitchlog.storage.opening import prepare
from twitchlog.storage.quicklog import quick_add_episode
from twitchlog.storage.records import next_change_time

DAY = date(2026, 11, 20)
START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _episode(**kw: object) -> Episode:
    return Episode(
        id=new_id(),
        started_at=START,
        timezone="Europe/Berlin",
        local_date=DAY,
        site="calf",
        **kw,  # type: ignore[arg-type]
    )


def test_d1_day_form_save_keeps_fields_saved_elsewhere_meanwhile(journal: Journal) -> None:
    """The issue's steps at the repository: the form loaded an empty day, the CLI logged
    coffee and sleep, the form saves stress 6: all three are kept."""
    loaded = repo.get_day(journal, DAY) or DayLog(day=DAY)
    repo.merge_day_log(journal, DayLog(day=DAY, drinks={"coffee": 2}, sleep_h=7))
    typed = replace(loaded, stress=6, checked_in=True)
    saved = repo.patch_day(journal, DAY, changed_fields(loaded, typed), loaded=loaded)
    stored = repo.get_day(journal, DAY)
    assert stored == saved
    assert (stored.caffeine_mg, stored.sleep_h, stored.stress) == (190, 7, 6)
    assert stored.checked_in and stored.revision == 2


def test_d1_same_field_changed_elsewhere_raises_and_writes_nothing(journal: Journal) -> None:
    repo.merge_day_log(journal, DayLog(day=DAY, stress=2, note="a"))
    loaded = repo.get_day(journal, DAY)
    assert loaded is not None
    other = repo.merge_day_log(journal, DayLog(day=DAY, stress=8))
    with pytest.raises(ChangedElsewhere) as caught:
        repo.patch_day(journal, DAY, {"stress": 5, "note": "b"}, loaded=loaded)
    assert caught.value.fields == ("stress",)
    assert caught.value.current == other and caught.value.current.stress == 8
    assert "changed elsewhere since you opened it" in str(caught.value)
    assert repo.get_day(journal, DAY) == other  # nothing written
    # The person keeps theirs: save again against what is stored now.
    kept = repo.patch_day(journal, DAY, {"stress": 5, "note": "b"}, loaded=caught.value.current)
    assert (kept.stress, kept.note, kept.revision) == (5, "b", 3)


def test_d1_episode_edit_merges_with_an_edit_elsewhere(journal: Journal) -> None:
    loaded = repo.add_episode(journal, _episode(intensity=3))
    repo.patch_episode(journal, loaded.id, {"note": "X", "duration_s": 45})
    saved = repo.patch_episode(journal, loaded.id, {"intensity": 6}, loaded=loaded)
    assert (saved.note, saved.duration_s, saved.intensity, saved.revision) == ("X", 45, 6, 3)
    with pytest.raises(ChangedElsewhere) as caught:
        repo.patch_episode(journal, loaded.id, {"note": "Y"}, loaded=loaded)
    assert caught.value.fields == ("note",)
    assert repo.get_episode(journal, loaded.id).note == "X"


def test_same_value_set_in_both_places_is_no_conflict(journal: Journal) -> None:
    loaded = repo.add_episode(journal, _episode(intensity=3))
    repo.patch_episode(journal, loaded.id, {"intensity": 7})
    saved = repo.patch_episode(journal, loaded.id, {"intensity": 7}, loaded=loaded)
    assert saved.intensity == 7 and saved.revision == 2  # nothing left to write


def test_a_record_deleted_and_written_again_counts_as_changed(journal: Journal) -> None:
    """Revision numbers restart after a deletion; the change time still tells."""
    repo.merge_day_log(journal, DayLog(day=DAY, stress=2))
    loaded = repo.get_day(journal, DAY)
    assert loaded is not None
    repo.replace_day_log(journal, DayLog(day=DAY))  # deleted
    repo.merge_day_log(journal, DayLog(day=DAY, stress=9))
    assert repo.get_day(journal, DAY).revision == loaded.revision  # type: ignore[union-attr]
    with pytest.raises(ChangedElsewhere):
        repo.patch_day(journal, DAY, {"stress": 3}, loaded=loaded)


def test_patch_that_clears_everything_deletes_the_day(journal: Journal) -> None:
    saved = repo.merge_day_log(journal, DayLog(day=DAY, stress=2))
    repo.patch_day(journal, DAY, {"stress": None}, loaded=saved)
    assert repo.get_day(journal, DAY) is None


def test_patch_of_a_deleted_episode_says_not_found(journal: Journal) -> None:
    saved = repo.add_episode(journal, _episode())
    repo.delete_episode(journal, saved.id)
    with pytest.raises(NotFound):
        repo.patch_episode(journal, saved.id, {"intensity": 2}, loaded=saved)


def test_unknown_fields_are_refused(journal: Journal) -> None:
    saved = repo.add_episode(journal, _episode())
    with pytest.raises(ValueError, match="not a field"):
        repo.patch_episode(journal, saved.id, {"id": "other"})


def test_every_write_path_moves_the_marker_on(journal: Journal) -> None:
    """Quick log, add, update, patch, restore; merge, replace, patch, import."""
    quick = quick_add_episode(journal.path, _episode())
    assert quick is not None and quick.revision == 1 and quick.updated_at is not None
    seen = [repo.get_episode(journal, quick.id)]
    seen.append(repo.update_episode(journal, replace(seen[-1], intensity=2)))
    seen.append(repo.patch_episode(journal, quick.id, {"intensity": 3}, loaded=seen[-1]))
    gone = repo.delete_episode(journal, quick.id)
    repo.restore_episode(journal, gone)
    seen.append(repo.get_episode(journal, quick.id))
    assert [e.revision for e in seen] == [1, 2, 3, 4]
    times = [e.updated_at for e in seen]
    assert all(a is not None and b is not None and a < b for a, b in itertools.pairwise(times))

    days = [repo.merge_day_log(journal, DayLog(day=DAY, stress=1))]
    days.append(repo.replace_day_log(journal, DayLog(day=DAY, stress=2)))
    days.append(repo.patch_day(journal, DAY, {"stress": 3}, loaded=days[-1]))
    last_change = days[-1].updated_at
    assert last_change is not None
    newer = replace(days[-1], stress=4, updated_at=last_change + timedelta(hours=1))
    repo.import_entries(journal, days=[newer])
    days.append(repo.get_day(journal, DAY))  # type: ignore[arg-type]
    assert [d.revision for d in days] == [1, 2, 3, 4] and days[-1].stress == 4


def test_change_times_never_go_backwards() -> None:
    ahead = datetime(2030, 1, 1, tzinfo=UTC)
    assert next_change_time(ahead) == ahead + timedelta(seconds=1)
    now = datetime(2026, 1, 1, 12, 0, 0, 500_000, tzinfo=UTC)
    assert next_change_time(None, now) == now.replace(microsecond=0)


def test_collisions_compare_caffeine_and_drinks_together() -> None:
    loaded = DayLog(day=DAY, caffeine_mg=95, drinks={"coffee": 1})
    current = replace(loaded, caffeine_mg=200, drinks={})
    mine = changed_fields(loaded, replace(loaded, caffeine_mg=190, drinks={"coffee": 2}))
    assert set(mine) == {"caffeine_mg", "drinks"}
    assert set(collisions(loaded, current, mine)) == {"caffeine_mg", "drinks"}
    assert collisions(loaded, current, {"stress": 3}) == ()


def test_migration_to_v3_marks_existing_records(tmp_path: Path) -> None:
    """Existing episodes get their recorded time as change time; everything revision 1."""
    path = tmp_path / "journal.sqlite3"
    shutil.copy(Path(__file__).parent.parent / "fixtures" / "journal-v2.sqlite3", path)
    prepare(path)
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT updated_at = recorded_at, revision FROM episodes").fetchall()
    days = conn.execute("SELECT revision FROM day_logs").fetchall()
    conn.close()
    assert rows and set(rows) == {(1, 1)}
    assert days and set(days) == {(1,)}


def test_d4_medicine_with_a_known_id_and_other_content_is_kept_and_reported(
    journal: Journal,
) -> None:
    """Medicines carry no change marker: the journal's copy is kept, and the import says so."""
    med = repo.add_medication(
        journal, Medication(id=new_id(), name="magnesium", start=date(2026, 11, 1))
    )
    stopped = repo.stop_medication(journal, med.id, date(2026, 11, 20))
    result = repo.import_entries(journal, medications=[med], apply=True)
    assert result.total == 0
    (match,) = result.conflicts
    assert (match.table, match.key, match.differing) == ("medications", med.id, ("stop",))
    assert "keeps the journal's" in match.line() and "kept the journal's" in match.line(True)
    assert repo.list_medications(journal) == [stopped]


def test_d4_a_file_without_markers_fills_in_drinks_only_with_their_milligrams(
    journal: Journal,
) -> None:
    """Drink counts never end up beside milligrams they do not add up to."""
    other = date(2026, 11, 21)
    repo.merge_day_log(journal, DayLog(day=DAY, caffeine_mg=95))
    repo.merge_day_log(journal, DayLog(day=other, caffeine_mg=100))
    file_days = [
        DayLog(day=DAY, caffeine_mg=95, drinks={"coffee": 1}),
        DayLog(day=other, caffeine_mg=95, drinks={"coffee": 1}, stress=3),
    ]
    result = repo.import_entries(journal, days=file_days)
    same, differs = repo.get_day(journal, DAY), repo.get_day(journal, other)
    assert same is not None and same.drinks == {"coffee": 1} and same.caffeine_mg == 95
    assert differs is not None and (differs.caffeine_mg, differs.drinks) == (100, {})
    assert differs.stress == 3
    (conflict,) = result.conflicts
    assert conflict.key == other.isoformat()
    assert conflict.differing == ("caffeine_mg", "drinks") and conflict.filled == ("stress",)
