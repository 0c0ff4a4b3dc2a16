"""Migrations: fixtures of every version migrate with nothing lost; failures change nothing."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from twitchlog.domain.experiment import draw_schedule
from twitchlog.domain.experiment_record import ExperimentStatus
from twitchlog.storage import backup
from twitchlog.storage.errors import JournalTooNew
from twitchlog.storage.experiments import list_experiments
from twitchlog.storage.journal import Journal
from twitchlog.storage.migrations import CURRENT_VERSION, MIGRATIONS, migrate, user_version
from twitchlog.storage.opening import prepare
from twitchlog.storage.repository import all_days, all_episodes, list_health_notes, list_medications

FIXTURES = Path(__file__).parent.parent / "fixtures"


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the four tables, without columns added by later versions."""
    conn = sqlite3.connect(path)
    out = {}
    for table, cols in {
        "episodes": "id, started_at, timezone, local_date, site, side, kind, duration_s, "
        "intensity, context, visible, symptoms, note, recorded_at",
        "day_logs": "day, checked_in, caffeine_mg, sleep_h, sleep_quality, stress, cigarettes, "
        "exercise_min, alcohol_drinks, water_l, screen_h, note, updated_at",
        "medications": "*",
        "health_notes": "*",
    }.items():
        out[table] = conn.execute(f"SELECT {cols} FROM {table} ORDER BY 1").fetchall()
    conn.close()
    return out


def schema(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT type, name, sql FROM sqlite_schema ORDER BY name").fetchall()
    conn.close()
    return rows


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _experiment_columns(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    columns = {r[1] for r in conn.execute("PRAGMA table_info(experiments)")}
    conn.close()
    return columns


def _check_experiment(journal: Journal, had_columns: set[str]) -> None:
    """The fixture's stopped experiment (schema 4 on) is kept with its schedule as drawn. A
    plan stored before the ``day_after`` column was registered with the same-day test and
    keeps it; one stored with the column keeps its day-after test."""
    stored = list_experiments(journal)
    if not had_columns:
        assert stored == []
        return
    (exp,) = stored
    assert exp.status is ExperimentStatus.STOPPED and exp.plan.washout_days == 0
    assert exp.plan.day_after is ("day_after" in had_columns)
    assert exp.schedule == draw_schedule(exp.plan, exp.seed)


@pytest.mark.parametrize("version", range(1, CURRENT_VERSION + 1))
def test_fixture_of_every_version_migrates_without_loss(version: int, tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    shutil.copy(FIXTURES / f"journal-v{version}.sqlite3", path)
    before = dump(path)
    had_columns = _experiment_columns(path)
    found = prepare(path)
    assert found == version
    conn = sqlite3.connect(path)
    assert user_version(conn) == CURRENT_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert dump(path) == before
    journal = Journal(path)
    episodes = all_episodes(journal)
    assert len(episodes) == 4
    assert episodes[0].note == "Ünïcødé 👁 [bold]not markup[/bold]"
    assert max(len(e.note) for e in episodes) == 10_000
    days = {d.day.isoformat(): d for d in all_days(journal)}
    assert days["2025-03-31"].caffeine_mg is None and days["2025-11-20"].caffeine_mg == 0.0
    assert days["2025-03-30"].drinks == {}
    assert len(list_medications(journal)) == 2 and len(list_health_notes(journal)) == 2
    _check_experiment(journal, had_columns)
    if version < CURRENT_VERSION:
        pre = list(backup.backup_dir(path).glob(f"premigrate-v{version}-*.sqlite3"))
        assert len(pre) == 1 and backup.verify(pre[0]) == version
        assert dump(pre[0]) == before


@pytest.mark.parametrize("failing_step", range(CURRENT_VERSION))
def test_failure_after_a_step_leaves_file_unchanged(failing_step: int, tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:failing_step])
    conn.close()
    before_schema, before_dump_version = schema(path), failing_step

    def exploding(c: sqlite3.Connection) -> None:
        MIGRATIONS[failing_step](c)
        raise RuntimeError("injected failure after the step ran")

    steps = (*MIGRATIONS[:failing_step], exploding)
    conn = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(RuntimeError, match="injected"):
        migrate(conn, steps)
    assert user_version(conn) == before_dump_version
    conn.close()
    assert schema(path) == before_schema


def test_newer_journal_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    shutil.copy(FIXTURES / f"journal-v{CURRENT_VERSION}.sqlite3", path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(JournalTooNew, match="newer than this twitchlog"):
        prepare(path)
    assert digest(path) == before


def test_sqlmodel_tables_match_migrated_schema(journal: Journal) -> None:
    from twitchlog.storage.records import DAY_COLUMNS, EPISODE_COLUMNS
    from twitchlog.storage.tables import DayLogRow, EpisodeRow, HealthNoteRow, MedicationRow

    conn = sqlite3.connect(journal.path)
    for row in (EpisodeRow, DayLogRow, MedicationRow, HealthNoteRow):
        table = row.__table__  # type: ignore[union-attr]
        info = conn.execute(f"PRAGMA table_info({table.name})").fetchall()
        db_cols = {r[1]: (r[2], bool(r[3]) or bool(r[5])) for r in info}
        assert set(db_cols) == set(table.c.keys()), table.name
        for c in table.c:
            assert db_cols[c.name][1] == (not c.nullable), (table.name, c.name)
    strict = conn.execute("SELECT name FROM pragma_table_list WHERE strict = 1").fetchall()
    assert {r[0] for r in strict} >= {"episodes", "day_logs", "medications", "health_notes"}
    # The quick-log writer and the record mapping use the same columns as the tables.
    assert set(EPISODE_COLUMNS) == set(EpisodeRow.__table__.c.keys())  # type: ignore[attr-defined]
    assert set(DAY_COLUMNS) == set(DayLogRow.__table__.c.keys())  # type: ignore[attr-defined]
    conn.close()


def test_check_constraints_repeat_domain_ranges(journal: Journal) -> None:
    conn = sqlite3.connect(journal.path)
    ts = "'2026-01-01T00:00:00Z'"
    day = (
        "INSERT INTO day_logs (day, {col}, updated_at) VALUES ('2026-01-0{n}', {value}, " + ts + ")"
    )
    episode = (
        "INSERT INTO episodes (id, started_at, timezone, local_date, site, kind, intensity, "
        "recorded_at) VALUES ('{ident}', {start}, 'UTC', '2026-01-01', '{site}', 'twitch', "
        "{intensity}, " + ts + ")"
    )
    bad = [
        day.format(col="caffeine_mg", n=1, value=2001),
        day.format(col="stress", n=2, value=11),
        day.format(col="drinks", n=3, value="'{\"mate\":1}'"),
        episode.format(ident="x", start=ts, site="eyelid", intensity=11),
        episode.format(ident="y", start="'2026-01-01 00:00'", site="eyelid", intensity="NULL"),
        episode.format(ident="z", start=ts, site="nose", intensity="NULL"),
    ]
    for sql in bad:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(sql)
    conn.close()
