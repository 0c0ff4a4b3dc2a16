"""Own factors in storage: definitions under a stable id, one value row per day and factor,
the day's revision, the tags-complete flag, import of definitions, and migration to them."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.factors import FactorKind, factor_value
from twitchlog.domain.models import DayLog
from twitchlog.storage import backup
from twitchlog.storage import custom as factors
from twitchlog.storage import repository as repo
from twitchlog.storage.conflicts import ChangedElsewhere
from twitchlog.storage.custom import FactorInUse
from twitchlog.storage.journal import Journal
from twitchlog.storage.migrations import CURRENT_VERSION, user_version
from twitchlog.storage.opening import prepare

FIXTURES = Path(__file__).parent.parent / "fixtures"
D = date(2026, 3, 10)
CREATED = date(2026, 3, 1)


def _anxiety_and_cold(journal: Journal) -> tuple[str, str]:
    anx = factors.add_factor(
        journal, factors.new_factor("anxiety", FactorKind.SCALE, created_on=CREATED)
    )
    cold = factors.add_factor(
        journal, factors.new_factor("cold", FactorKind.TAG, created_on=CREATED)
    )
    return anx.key, cold.key


def test_values_are_stored_per_day_and_move_the_days_revision_on(journal: Journal) -> None:
    anx, cold = _anxiety_and_cold(journal)
    first = repo.merge_day_log(journal, DayLog(day=D, stress=3))
    saved = repo.merge_day_log(journal, DayLog(day=D, custom={anx: 6, cold: 1}))
    assert saved.custom == {anx: 6.0, cold: 1.0} and saved.stress == 3
    stored = repo.get_day(journal, D)
    assert stored is not None and stored.custom == {anx: 6.0, cold: 1.0}
    assert stored.revision == first.revision + 1
    again = repo.merge_day_log(journal, DayLog(day=D, custom={anx: 7}))
    assert again.custom == {anx: 7.0, cold: 1.0}  # the other factor stays
    assert [d.custom for d in repo.list_days(journal)] == [{anx: 7.0, cold: 1.0}]


def test_a_value_out_of_its_range_or_of_no_factor_writes_nothing(journal: Journal) -> None:
    anx, _ = _anxiety_and_cold(journal)
    with pytest.raises(ValidationError, match=r"anxiety must be a whole number 0-10.*\(got 11\)"):
        repo.merge_day_log(journal, DayLog(day=D, checked_in=True, custom={anx: 11}))
    with pytest.raises(ValidationError, match="not defined"):
        repo.merge_day_log(journal, DayLog(day=D, checked_in=True, custom={"nope": 1}))
    assert repo.get_day(journal, D) is None


def test_a_custom_value_alone_keeps_the_day_and_clearing_the_day_removes_it(
    journal: Journal,
) -> None:
    anx, _ = _anxiety_and_cold(journal)
    repo.merge_day_log(journal, DayLog(day=D, custom={anx: 0}))  # zero is a value, not missing
    day = repo.get_day(journal, D)
    assert day is not None and day.custom == {anx: 0.0}
    repo.replace_day_log(journal, DayLog(day=D))
    assert repo.get_day(journal, D) is None
    assert factors.factor_use(journal) == {}


def test_tags_complete_is_stored_and_makes_unset_tags_no(journal: Journal) -> None:
    anx, cold = _anxiety_and_cold(journal)
    repo.merge_day_log(journal, DayLog(day=D, checked_in=True, tags_complete=True))
    day = repo.get_day(journal, D)
    defs = {f.key: f for f in factors.list_factors(journal)}
    assert day is not None and day.tags_complete
    assert factor_value(day, defs[cold]) == 0.0 and factor_value(day, defs[anx]) is None
    other = repo.merge_day_log(journal, DayLog(day=date(2026, 3, 11), checked_in=True))
    assert factor_value(other, defs[cold]) is None


def test_the_same_factor_changed_elsewhere_is_a_conflict(journal: Journal) -> None:
    anx, _ = _anxiety_and_cold(journal)
    loaded = repo.merge_day_log(journal, DayLog(day=D, custom={anx: 3}))
    repo.merge_day_log(journal, DayLog(day=D, custom={anx: 5}))  # the CLI, meanwhile
    with pytest.raises(ChangedElsewhere):
        repo.patch_day(journal, D, {"custom": {anx: 8.0}}, loaded=loaded)
    day = repo.get_day(journal, D)
    assert day is not None and day.custom == {anx: 5.0}


def test_rename_keeps_values_retire_hides_delete_only_when_unused(journal: Journal) -> None:
    anx, _cold = _anxiety_and_cold(journal)
    repo.merge_day_log(journal, DayLog(day=D, custom={anx: 4}))
    factors.rename_factor(journal, "Anxiety", "worry")
    day = repo.get_day(journal, D)
    assert day is not None and day.custom == {anx: 4.0}
    assert [f.name for f in factors.list_factors(journal)] == ["cold", "worry"]
    with pytest.raises(ValidationError, match="taken by your factor 'cold'"):
        factors.rename_factor(journal, "worry", "COLD")
    factors.retire_factor(journal, "worry", date(2026, 4, 1))
    assert [f.name for f in factors.list_factors(journal, include_retired=False)] == ["cold"]
    with pytest.raises(FactorInUse, match="has values on 1 day and is kept; retire it"):
        factors.delete_factor(journal, "worry")
    factors.delete_factor(journal, "cold")
    assert [f.key for f in factors.list_factors(journal)] == [anx]
    with pytest.raises(ValidationError, match="built in"):
        factors.retire_factor(journal, "stress", D)


def test_a_name_is_taken_whatever_its_case(journal: Journal) -> None:
    _anxiety_and_cold(journal)
    with pytest.raises(ValidationError, match="taken"):
        factors.add_factor(journal, factors.new_factor(" ANXIETY ", FactorKind.TAG, created_on=D))
    assert len(factors.list_factors(journal)) == 2


def test_load_slice_carries_values_and_definitions(journal: Journal) -> None:
    anx, cold = _anxiety_and_cold(journal)
    repo.merge_day_log(journal, DayLog(day=D, custom={anx: 2, cold: 1}))
    data = repo.load_slice(journal, date(2026, 3, 1), date(2026, 3, 31))
    assert [d.custom for d in data.days] == [{anx: 2.0, cold: 1.0}]
    assert [f.name for f in data.custom_factors] == ["anxiety", "cold"]


def test_import_creates_a_missing_definition_and_a_dry_run_only_shows_it(
    journal: Journal, tmp_path: Path
) -> None:
    source = Journal(prepare_new(tmp_path / "other.sqlite3"))
    anx, _ = _anxiety_and_cold(source)
    defs = factors.list_factors(source)
    days = [DayLog(day=D, custom={anx: 6.0})]
    dry = repo.import_entries(journal, days=days, factors=defs, apply=False)
    assert [f.name for f in dry.new_factors] == ["anxiety", "cold"] and dry.days == 1
    assert factors.list_factors(journal) == []
    done = repo.import_entries(journal, days=days, factors=defs)
    assert done.total == 3
    day = repo.get_day(journal, D)
    assert day is not None and day.custom == {anx: 6.0}
    assert [f.key for f in factors.list_factors(journal)] == [f.key for f in defs]


def test_import_maps_a_same_named_factor_and_refuses_a_different_one(
    journal: Journal, tmp_path: Path
) -> None:
    mine, _ = _anxiety_and_cold(journal)
    source = Journal(prepare_new(tmp_path / "other.sqlite3"))
    theirs, _ = _anxiety_and_cold(source)
    repo.import_entries(
        journal, days=[DayLog(day=D, custom={theirs: 6.0})], factors=factors.list_factors(source)
    )
    day = repo.get_day(journal, D)
    assert day is not None and day.custom == {mine: 6.0}
    clash = factors.new_factor("cold", FactorKind.NUMBER, high=5, created_on=D)
    with pytest.raises(ValidationError, match="'cold' in the file is a number"):
        repo.import_entries(journal, factors=[clash])


def prepare_new(path: Path) -> Path:
    prepare(path)
    return path


def test_a_v3_journal_migrates_to_own_factors_with_a_backup_first(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    shutil.copy(FIXTURES / "journal-v3.sqlite3", path)
    assert prepare(path) == 3
    conn = sqlite3.connect(path)
    assert user_version(conn) == CURRENT_VERSION
    assert conn.execute("SELECT count(*) FROM factor_defs").fetchone() == (0,)
    assert conn.execute("SELECT DISTINCT tags_complete FROM day_logs").fetchall() == [(0,)]
    with pytest.raises(sqlite3.IntegrityError, match="site must be a known place"):
        conn.execute(
            "UPDATE episodes SET site = 'behind the knee' WHERE id = "
            "'0a1b2c3d-0000-4000-8000-000000000001'"
        )
    conn.close()
    pre = list(backup.backup_dir(path).glob("premigrate-v3-*.sqlite3"))
    assert len(pre) == 1 and backup.verify(pre[0]) == 3
    journal = Journal(path)
    assert len(repo.all_episodes(journal)) == 4


def test_the_v5_fixture_reads_back_its_own_factors(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    shutil.copy(FIXTURES / "journal-v5.sqlite3", path)
    prepare(path)
    journal = Journal(path)
    defs = {f.name: f for f in factors.list_factors(journal)}
    assert set(defs) == {"Anxiety", "had a cold", "magnesium food"}
    assert defs["magnesium food"].retired_on == date(2025, 11, 1)
    days = {d.day.isoformat(): d for d in repo.all_days(journal)}
    cold = defs["had a cold"]
    assert factor_value(days["2025-03-30"], cold) == 1.0
    assert factor_value(days["2025-03-31"], cold) == 0.0  # explicitly unset
    assert factor_value(days["2025-11-20"], cold) == 0.0  # tags complete
    assert factor_value(days["2025-11-20"], defs["Anxiety"]) is None
