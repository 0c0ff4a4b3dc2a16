"""Shared values of the second attack's value tests (D11-D19): hostile text and row counts."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

NOW = "2026-11-29T12:00:00+00:00"

#: What a terminal in a C or Latin-1 locale hands over for the bytes ``\xff\xfe``: Python
#: decodes argv with surrogateescape.
BAD_UTF8 = os.fsdecode(b"caf\xff\xfe")

ESC = "\x1b"
HOSTILE = f"{ESC}]0;owned{ESC}\\{ESC}[2J{ESC}[31mred{ESC}[0m\x07\x08\x9b1m"


def rows(db: Path) -> int:
    """Entries in every table (0 when there is no journal)."""
    if not db.exists():
        return 0
    conn = sqlite3.connect(db)
    try:
        return sum(
            int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in ("episodes", "day_logs", "medications", "health_notes")
        )
    finally:
        conn.close()


def no_crash_logs() -> bool:
    """True when no crash log was written."""
    return not list((Path.home() / "data" / "twitchlog" / "logs").glob("crash-*"))
