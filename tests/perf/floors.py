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
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
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


def main(argv: list[str]) -> int:
    """``floors.py WHAT SOURCE TARGET``."""
    what, source, target = argv[0], Path(argv[1]), Path(argv[2])
    {
        "export-json": export_json,
        "export-csv": export_csv,
        "import-json": import_json,
        "import-csv": import_csv,
    }[what](source, target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
