"""Migrations: every fixture version migrates with nothing lost; a failure anywhere changes
nothing; a newer journal is refused untouched; a table rebuild never fires a cascade.

Extends tests/storage/test_migrations.py (raw column dumps of a clean migration, a failure
after a whole step on an empty file) with: a semantic dump (the domain values the app shows),
a failure injected after *every statement* of every step on the fixture files (with data),
refusal of a too-new journal by every command, and the foreign-key cascade proof.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from tests.fixtures import make_fixtures
from tests.reliability.conftest import Figures, InProcessCli, digest, integrity
from twitchlog.storage import records
from twitchlog.storage.experiments import experiment_from_rows, list_experiments
from twitchlog.storage.journal import Journal
from twitchlog.storage.migrations import CURRENT_VERSION, MIGRATIONS, Step, migrate, user_version
from twitchlog.storage.opening import prepare
from twitchlog.storage.repository import (
    all_days,
    all_episodes,
    list_health_notes,
    list_medications,
)

FIXTURES = Path(make_fixtures.__file__).parent
VERSIONS = range(1, CURRENT_VERSION + 1)


def semantic_from_file(path: Path) -> dict[str, list[Any]]:
    """Domain values decoded straight from the rows of any schema version (no migration)."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:

        def rows(table: str) -> list[dict[str, Any]]:
            return [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY 1")]

        if user_version(conn) == 0:
            return {}
        days = [records.day_from_record({"drinks": "{}", **r}) for r in rows("day_logs")]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema")}
        if "day_factor_values" in tables:  # v5 on: own factors' values, one row per day and factor
            custom: dict[str, dict[str, float]] = {}
            for r in rows("day_factor_values"):
                custom.setdefault(r["day"], {})[r["factor_id"]] = r["value"]
            days = [replace(d, custom=custom.get(d.day.isoformat(), {})) for d in days]
        experiments = []
        if "experiments" in tables:  # v4 on; a plan stored before a plan column has its default
            days_of: dict[str, list[SimpleNamespace]] = {}
            for r in rows("experiment_days"):
                days_of.setdefault(r["experiment_id"], []).append(SimpleNamespace(**r))
            experiments = [
                experiment_from_rows(
                    SimpleNamespace(**{"interim": 0, "day_after": 0, **r}), days_of[r["id"]]
                )
                for r in rows("experiments")
            ]
        return {
            "episodes": sorted(
                (records.episode_from_record(r) for r in rows("episodes")), key=lambda e: e.id
            ),
            "days": sorted(days, key=lambda d: d.day),
            "medications": sorted(
                (records.medication_from_record(r) for r in rows("medications")),
                key=lambda m: m.id,
            ),
            "health_notes": sorted(
                (records.health_note_from_record(r) for r in rows("health_notes")),
                key=lambda n: n.id,
            ),
            "experiments": sorted(experiments, key=lambda x: x.id),
        }
    finally:
        conn.close()


def semantic_from_app(path: Path) -> dict[str, list[Any]]:
    """The same values as the app reads them through the repository."""
    journal = Journal(path)
    try:
        return {
            "episodes": sorted(all_episodes(journal), key=lambda e: e.id),
            "days": sorted(all_days(journal), key=lambda d: d.day),
            "medications": sorted(list_medications(journal), key=lambda m: m.id),
            "health_notes": sorted(list_health_notes(journal), key=lambda n: n.id),
            "experiments": sorted(list_experiments(journal), key=lambda x: x.id),
        }
    finally:
        journal.dispose()


def schema(path: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name"
        ).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_every_fixture_version_migrates_with_the_same_meaning(
    version: int, tmp_path: Path, figures: Figures
) -> None:
    path = tmp_path / "journal.sqlite3"
    shutil.copy(FIXTURES / f"journal-v{version}.sqlite3", path)
    before = semantic_from_file(path)
    assert prepare(path) == version
    after = semantic_from_app(path)
    assert after == before
    # The edges the fixtures carry are still there, value for value.
    notes = {e.note for e in after["episodes"]}
    assert "Ünïcødé 👁 [bold]not markup[/bold]" in notes and "x" * 10_000 in notes
    assert {e.started_at.isoformat() for e in after["episodes"]} >= {
        "2025-03-30T00:59:59+00:00",  # one second before the spring-forward gap in Berlin
        "2025-10-26T00:30:00+00:00",  # inside the autumn fold
    }
    empty_day = next(d for d in after["days"] if d.day.isoformat() == "2025-03-31")
    assert empty_day.caffeine_mg is None and empty_day.sleep_h is None
    assert integrity(path) == "ok"
    figures["entries_compared"] = sum(len(v) for v in after.values())
    figures["entries_lost_or_changed"] = 0


class _FailAfter:
    """A connection stand-in that raises after the ``limit``-th statement of a step."""

    def __init__(self, conn: sqlite3.Connection, limit: int) -> None:
        self._conn = conn
        self.limit = limit
        self.count = 0

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        cursor = self._conn.execute(sql, *args)
        self.count += 1
        if self.count == self.limit:
            raise RuntimeError(f"injected failure after statement {self.count}")
        return cursor


def _statements_in(step: Step, path: Path) -> int:
    probe = path.with_name("probe.sqlite3")
    shutil.copy(path, probe)
    conn = sqlite3.connect(probe, isolation_level=None)
    counter = _FailAfter(conn, limit=-1)
    conn.execute("BEGIN")
    step(cast(sqlite3.Connection, counter))
    conn.execute("ROLLBACK")
    conn.close()
    probe.unlink()
    return counter.count


def test_a_failure_after_any_statement_of_any_step_changes_nothing(
    tmp_path: Path, figures: Figures
) -> None:
    injected = 0
    for start in range(CURRENT_VERSION):  # a new file, then fixtures with steps still to run
        for index in range(start, CURRENT_VERSION):
            base = tmp_path / f"v{start}-step{index + 1}.sqlite3"
            if start:
                shutil.copy(FIXTURES / f"journal-v{start}.sqlite3", base)
            else:
                base.write_bytes(b"")
            conn = sqlite3.connect(base, isolation_level=None)
            migrate(conn, MIGRATIONS[:index])  # bring it up to just before the failing step
            conn.close()
            total = _statements_in(MIGRATIONS[index], base)
            for k in range(1, total + 1):
                path = tmp_path / f"case-{start}-{index}-{k}.sqlite3"
                shutil.copy(base, path)
                before = (digest(path), schema(path), semantic_from_file(path))

                def failing(
                    c: sqlite3.Connection, step: Step = MIGRATIONS[index], k: int = k
                ) -> None:
                    step(cast(sqlite3.Connection, _FailAfter(c, k)))

                steps: Sequence[Callable[[sqlite3.Connection], None]] = (
                    *MIGRATIONS[:index],
                    failing,
                )
                conn = sqlite3.connect(path, isolation_level=None)
                with pytest.raises(RuntimeError, match=f"after statement {k}"):
                    migrate(conn, steps)
                assert user_version(conn) == index
                conn.close()
                assert (digest(path), schema(path), semantic_from_file(path)) == before
                assert integrity(path) == "ok"
                injected += 1
    assert injected >= 4
    figures["failures_injected"] = injected
    figures["files_changed"] = 0


@pytest.mark.parametrize(
    "args",
    [
        ("log", "calf"),
        ("day", "--stress", "2"),
        ("list",),
        ("export", "--format", "json", "--out", "OUT"),
        ("backup",),
        ("import", "IN", "--apply"),
    ],
    ids=lambda a: a[0],
)
def test_a_newer_journal_is_refused_by_every_command_and_not_modified(
    args: tuple[str, ...], tmp_path: Path, cli: InProcessCli
) -> None:
    path = tmp_path / "journal.sqlite3"
    shutil.copy(FIXTURES / f"journal-v{CURRENT_VERSION}.sqlite3", path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(path)
    source = tmp_path / "in.csv"
    source.write_text("site,started_at\ncalf,2026-01-01T10:00:00Z\n")
    real = [{"OUT": str(tmp_path / "out.json"), "IN": str(source)}.get(a, a) for a in args]
    r = cli("--db", str(path), *real)
    assert r.code == 65, r
    assert "newer than this twitchlog knows" in r.err and "Traceback" not in r.err
    assert digest(path) == before
    assert not (tmp_path / "out.json").exists()
    assert not (tmp_path / "journal-backups").exists() or not any(
        (tmp_path / "journal-backups").iterdir()
    )


PARENT_CHILD = """
CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE child (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER NOT NULL REFERENCES parent(id) ON DELETE CASCADE,
    note TEXT NOT NULL
);
"""


def _rebuild_parent(conn: sqlite3.Connection) -> None:
    """The SQLite table-rebuild recipe: new table, copy, drop the old one, rename."""
    conn.execute("CREATE TABLE parent_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL, extra TEXT)")
    conn.execute("INSERT INTO parent_new (id, name) SELECT id, name FROM parent")
    conn.execute("DROP TABLE parent")
    conn.execute("ALTER TABLE parent_new RENAME TO parent")


def _parent_child_db(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.executescript(PARENT_CHILD)
    conn.execute("INSERT INTO parent VALUES (1, 'a'), (2, 'b')")
    conn.executemany(
        "INSERT INTO child (parent_id, note) VALUES (?, ?)",
        [(1 + i % 2, f"c{i}") for i in range(10)],
    )
    return conn


def test_a_table_rebuild_through_migrate_never_fires_a_cascade(
    tmp_path: Path, figures: Figures
) -> None:
    # Control: the same rebuild with foreign keys on deletes every child (the danger is real).
    control = _parent_child_db(tmp_path / "control.sqlite3")
    control.execute("BEGIN")
    _rebuild_parent(control)
    control.execute("COMMIT")
    assert control.execute("SELECT count(*) FROM child").fetchone() == (0,)
    control.close()

    conn = _parent_child_db(tmp_path / "journal.sqlite3")
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert migrate(conn, [lambda c: None, _rebuild_parent]) == [1, 2]
    assert conn.execute("SELECT count(*) FROM child").fetchone() == (10,)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)  # switched back on
    assert conn.execute("SELECT count(*) FROM parent WHERE extra IS NULL").fetchone() == (2,)
    conn.close()
    figures["children_before"] = 10
    figures["children_after_rebuild_via_migrate"] = 10
    figures["children_after_same_rebuild_with_fk_on"] = 0


def test_a_rebuild_that_breaks_references_is_rolled_back(tmp_path: Path) -> None:
    conn = _parent_child_db(tmp_path / "journal.sqlite3")

    def drops_a_parent(c: sqlite3.Connection) -> None:
        _rebuild_parent(c)
        c.execute("DELETE FROM parent WHERE id = 2")

    with pytest.raises(Exception, match="broke 5 references"):
        migrate(conn, [drops_a_parent])
    assert user_version(conn) == 0
    assert conn.execute("SELECT count(*) FROM parent").fetchone() == (2,)
    assert conn.execute("SELECT count(*) FROM child").fetchone() == (10,)
    conn.close()
