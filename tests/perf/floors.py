"""The floors of the exchange rows: plain ``sqlite3`` scripts that read or write the same rows
as ``twitchlog export`` / ``import --apply``, started by ``bench.py`` as whole processes.

``export-json DB OUT``
    every row of the journal's tables as JSON objects (``json.dump``) into one file;
``export-csv DB FOLDER``
    every table as one CSV file (``csv.writer``) in a new folder;
``import-json JSON DB`` / ``import-csv FOLDER DB``
    the rows of an export, each list or file into a plain table named after it with the
    export's columns (JSON lists and objects as JSON text), in one transaction with
    ``synchronous=FULL``, into a new file.

No validation, no conversions, no change markers: the least any program must do to move the
same rows between the file and the format.

``schema TEMPLATE``
    an empty journal made by twitchlog's own migrations (run once before the measured runs);
``import-json-schema JSON DB TEMPLATE`` / ``import-csv-schema FOLDER DB TEMPLATE``
    the second import floor: the same rows into a new file with the journal's real schema
    (the template's tables, ``CHECK`` constraints, triggers and indexes, created in the same
    transaction as the rows, ``foreign_keys`` on, ``synchronous=FULL``), with only the
    conversions that schema needs (a start as its UTC instant, symptoms as ``;``-joined text,
    drink counts as JSON text, and for CSV ``yes``/``no`` as 1/0 and an empty cell as NULL).
    Still no validation in Python, no matching, no change markers: what is more than the
    plain floor is the cost of the schema itself. The four record tables of an export (the
    benchmark journals have no own factors, places or symptoms).
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

#: The tables an export holds (those that exist in the journal).
TABLES = ("episodes", "day_logs", "medications", "health_notes", "factor_defs", "day_factor_values")


def _tables(conn: sqlite3.Connection) -> list[str]:
    have = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    return [t for t in TABLES if t in have]


def export_json(db: Path, out: Path) -> None:
    """All rows as JSON objects, one list per table."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    data = {t: [dict(r) for r in conn.execute(f"SELECT * FROM {t}")] for t in _tables(conn)}
    conn.close()
    with out.open("w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)


def export_csv(db: Path, folder: Path) -> None:
    """One CSV file per table."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    folder.mkdir()
    for t in _tables(conn):
        cursor = conn.execute(f"SELECT * FROM {t}")
        with (folder / f"{t}.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow([d[0] for d in cursor.description])
            w.writerows(cursor)
    conn.close()


def _write(db: Path, tables: dict[str, list[dict[str, Any]]]) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("BEGIN IMMEDIATE")
    for name, rows in tables.items():
        if not rows or not isinstance(rows[0], dict):
            continue
        cols = list(rows[0])
        conn.execute(f"CREATE TABLE {name} ({', '.join(cols)})")
        conn.executemany(
            f"INSERT INTO {name} VALUES ({', '.join('?' * len(cols))})",
            (
                [
                    json.dumps(v) if isinstance(v, (list, dict)) else v
                    for v in (r.get(c) for c in cols)
                ]
                for r in rows
            ),
        )
    conn.execute("COMMIT")
    conn.close()


def import_json(src: Path, db: Path) -> None:
    """The lists of an export file into plain tables."""
    data = json.loads(src.read_text(encoding="utf-8"))
    _write(db, {k: v for k, v in data.items() if isinstance(v, list)})


def import_csv(folder: Path, db: Path) -> None:
    """The CSV files of an export folder into plain tables."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            tables[path.stem] = list(csv.DictReader(f))
    _write(db, tables)


def make_schema(template: Path) -> None:
    """An empty journal made by twitchlog's migrations (outside the measured runs: importing
    the app's modules for them is not part of a floor)."""
    from twitchlog.storage.migrations import migrate

    conn = sqlite3.connect(template, isolation_level=None)
    migrate(conn)
    conn.close()


#: Export file or list -> (the journal's table, the export's names that differ from its columns).
SCHEMA_TABLES = {
    "episodes": ("episodes", {}),
    "days": ("day_logs", {"date": "day"}),
    "medications": ("medications", {}),
    "health_notes": ("health_notes", {"date": "day"}),
}
#: Columns that are text and never NULL (an empty CSV cell stays empty text).
TEXT_COLUMNS = frozenset({"note", "symptoms", "dose", "text"})
INSTANTS = frozenset({"started_at", "recorded_at", "updated_at"})


def _utc(text: str) -> str:
    """An export's instant (with its offset) as the journal stores it: UTC, ``...Z``."""
    if text[19:] in ("+00:00", "Z"):  # already UTC, whole seconds: the text itself
        return text[:19] + "Z"
    return datetime.fromisoformat(text).astimezone(UTC).isoformat(timespec="seconds")[:19] + "Z"


def _json_cell(column: str) -> Callable[[Any], Any] | None:
    if column in INSTANTS:
        return _utc
    if column == "symptoms":
        return ";".join
    if column == "drinks":
        return lambda v: json.dumps(v, separators=(",", ":"))
    return None


def _csv_drinks(cell: str) -> str:
    pairs = (p.split("=") for p in cell.split(";") if p)
    return json.dumps({k: int(n) for k, n in pairs}, separators=(",", ":"))


def _csv_cell(column: str) -> Callable[[Any], Any] | None:
    if column in TEXT_COLUMNS:
        return None
    if column in INSTANTS:
        return lambda v: _utc(v) if v else None
    if column == "drinks":
        return _csv_drinks
    if column in ("checked_in", "visible"):
        return {"yes": 1, "no": 0}.get
    return lambda v: v if v else None  # STRICT columns turn "191" into 191 themselves


def _write_schema(
    db: Path,
    template: Path,
    tables: dict[str, list[dict[str, Any]]],
    cell: Callable[[str], Callable[[Any], Any] | None],
) -> None:
    with sqlite3.connect(f"file:{template}?mode=ro", uri=True) as src:
        ddl = [r[0] for r in src.execute("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL "
                                         "ORDER BY rowid")]  # fmt: skip
        version = src.execute("PRAGMA user_version").fetchone()[0]
    src.close()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN IMMEDIATE")
    for statement in ddl:
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {int(version)}")
    for name, rows in tables.items():
        if name not in SCHEMA_TABLES or not rows:
            continue
        table, renames = SCHEMA_TABLES[name]
        spec = [(c, cell(c)) for c in rows[0]]
        columns = ", ".join(renames.get(c, c) for c, _ in spec)
        conn.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(spec))})",
            ([f(r[c]) if f else r[c] for c, f in spec] for r in rows),
        )
    conn.execute("COMMIT")
    conn.close()


def import_json_schema(src: Path, db: Path, template: Path) -> None:
    """The lists of an export file into a journal with twitchlog's schema."""
    data = json.loads(src.read_text(encoding="utf-8"))
    _write_schema(db, template, {k: v for k, v in data.items() if isinstance(v, list)}, _json_cell)


def import_csv_schema(folder: Path, db: Path, template: Path) -> None:
    """The CSV files of an export folder into a journal with twitchlog's schema."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            tables[path.stem] = list(csv.DictReader(f))
    _write_schema(db, template, tables, _csv_cell)


def main(argv: list[str]) -> int:
    """``floors.py WHAT SOURCE TARGET [TEMPLATE]`` or ``floors.py schema TEMPLATE``."""
    if argv[0] == "schema":
        make_schema(Path(argv[1]))
        return 0
    what, source, target = argv[0], Path(argv[1]), Path(argv[2])
    if what.endswith("-schema"):
        {"import-json-schema": import_json_schema, "import-csv-schema": import_csv_schema}[what](
            source, target, Path(argv[3])
        )
        return 0
    {
        "export-json": export_json,
        "export-csv": export_csv,
        "import-json": import_json,
        "import-csv": import_csv,
    }[what](source, target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
