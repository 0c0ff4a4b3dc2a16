"""Issue 16: the experiments tables keep a schedule exactly as it was drawn.

These tests go under the repository, straight to SQLite, as any other program (or a future bug)
could: the schema itself refuses to change, add to or delete a stored schedule.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from twitchlog.storage.journal import Journal

START = date(2026, 12, 2)
PLAN = (
    "INSERT INTO experiments (id, factor, name, test_words, usual_words, start, weeks, "
    "block_days, washout_days, seed, status, created_at) VALUES "
    "(?, 'caffeine_mg', 'caffeine', 'at most 100 mg', 'as usual', ?, 2, 2, 0, 77, 'running', "
    "'2026-12-01T10:00:00Z')"
)


def _stored(path: Path, ident: str = "e1") -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(PLAN, (ident, START.isoformat()))
    for i in range(14):
        day = (START + timedelta(days=i)).isoformat()
        arm = "test" if (i // 2) % 2 == 0 else "usual"
        conn.execute("INSERT INTO experiment_days VALUES (?, ?, ?, 0)", (ident, day, arm))
    conn.execute("COMMIT")
    return conn


def _schedule(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    return conn.execute("SELECT * FROM experiment_days ORDER BY experiment_id, day").fetchall()


@pytest.mark.parametrize(
    "attempt",
    [
        "UPDATE experiment_days SET arm = 'usual' WHERE day = '2026-12-02'",
        "UPDATE experiment_days SET washout = 1",
        "DELETE FROM experiment_days WHERE day = '2026-12-03'",
        "DELETE FROM experiment_days",
        "INSERT INTO experiment_days VALUES ('e1', '2026-12-16', 'test', 0)",
        "INSERT OR REPLACE INTO experiment_days VALUES ('e1', '2026-12-02', 'usual', 0)",
        "UPDATE experiments SET seed = 78",
        "UPDATE experiments SET start = '2026-12-03'",
        "UPDATE experiments SET block_days = 1",
        "DELETE FROM experiments",
    ],
)
def test_a_stored_schedule_cannot_change_afterwards(journal: Journal, attempt: str) -> None:
    conn = _stored(journal.path)
    before = _schedule(conn), conn.execute("SELECT * FROM experiments").fetchall()
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute(attempt)
    assert (_schedule(conn), conn.execute("SELECT * FROM experiments").fetchall()) == before
    conn.close()


def test_a_schedule_day_outside_the_plan_is_refused(journal: Journal) -> None:
    conn = sqlite3.connect(journal.path, isolation_level=None)
    conn.execute(PLAN, ("e1", START.isoformat()))
    with pytest.raises(sqlite3.IntegrityError, match="drawn once"):
        conn.execute("INSERT INTO experiment_days VALUES ('e1', '2026-12-01', 'test', 0)")
    conn.close()


def test_two_running_experiments_are_refused_by_the_schema(journal: Journal) -> None:
    conn = _stored(journal.path)
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        conn.execute(PLAN, ("e2", "2027-01-10"))
    conn.close()


def test_an_ended_experiment_records_its_stop_and_never_runs_again(journal: Journal) -> None:
    conn = _stored(journal.path)
    with pytest.raises(sqlite3.IntegrityError):  # a stop names when and the last day
        conn.execute("UPDATE experiments SET status = 'stopped'")
    conn.execute(
        "UPDATE experiments SET status = 'stopped', stopped_at = '2026-12-06T20:00:00Z', "
        "stopped_on = '2026-12-06'"
    )
    with pytest.raises(sqlite3.IntegrityError, match="does not run again"):
        conn.execute(
            "UPDATE experiments SET status = 'running', stopped_at = NULL, stopped_on = NULL"
        )
    conn.execute(PLAN, ("e2", "2027-01-10"))  # one ended, so another may run
    conn.close()


def test_experiment_tables_match_the_migrated_schema(journal: Journal) -> None:
    from twitchlog.storage.tables import ExperimentDayRow, ExperimentRow

    conn = sqlite3.connect(journal.path)
    for row in (ExperimentRow, ExperimentDayRow):
        table = row.__table__  # type: ignore[union-attr]
        info = conn.execute(f"PRAGMA table_info({table.name})").fetchall()
        assert {r[1] for r in info} == set(table.c.keys()), table.name
    conn.close()


def test_the_interim_look_is_part_of_the_fixed_plan(journal: Journal) -> None:
    """A plan stored without an interim look has none (0), and the schema refuses to add
    or remove the look afterwards, like any other part of the plan."""
    conn = _stored(journal.path)
    assert conn.execute("SELECT interim FROM experiments").fetchone() == (0,)
    with pytest.raises(sqlite3.IntegrityError, match="plan is fixed"):
        conn.execute("UPDATE experiments SET interim = 1")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            PLAN.replace("created_at)", "created_at, interim)").replace(
                "'2026-12-01T10:00:00Z')", "'2026-12-01T10:00:00Z', 2)"
            ),
            ("e2", "2027-01-10"),
        )
    conn.close()


def test_the_day_after_test_is_part_of_the_fixed_plan(journal: Journal) -> None:
    """A plan stored without the day-after test keeps the same-day test (0); the schema
    refuses to switch it afterwards either way, and refuses the day-after test with washout
    days, as the domain does."""
    conn = _stored(journal.path)
    assert conn.execute("SELECT day_after FROM experiments").fetchone() == (0,)
    with pytest.raises(sqlite3.IntegrityError, match="plan is fixed"):
        conn.execute("UPDATE experiments SET day_after = 1")
    conn.execute("UPDATE experiments SET status = 'finished'")
    with_day_after = PLAN.replace("created_at)", "created_at, day_after)")
    for washout, flag in ((1, 1), (0, 2)):
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            conn.execute(
                with_day_after.replace("2, 2, 0, 77", f"2, 2, {washout}, 77").replace(
                    "'2026-12-01T10:00:00Z')", f"'2026-12-01T10:00:00Z', {flag})"
                ),
                ("e2", "2027-01-10"),
            )
    conn.execute(
        with_day_after.replace("'2026-12-01T10:00:00Z')", "'2026-12-01T10:00:00Z', 1)"),
        ("e3", "2027-01-10"),
    )
    with pytest.raises(sqlite3.IntegrityError, match="plan is fixed"):
        conn.execute("UPDATE experiments SET day_after = 0 WHERE id = 'e3'")
    assert conn.execute("SELECT id, day_after FROM experiments ORDER BY id").fetchall() == [
        ("e1", 0),
        ("e3", 1),
    ]
    conn.close()
