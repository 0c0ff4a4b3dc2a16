"""D13: control characters are refused at input (typed or imported) and shown inert."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from tests.cli.second_attack import ESC, HOSTILE, NOW, rows


def _hostile_import(tmp_path: Path) -> Path:
    """A JSON export written by another program whose notes hold escape sequences."""
    doc = {
        "format": "twitchlog/1",
        "episodes": [
            {
                "id": "e1e1e1e1-0000-4000-8000-000000000001",
                "started_at": "2026-11-28T10:00:00+01:00",
                "timezone": "Europe/Berlin",
                "site": "calf",
                "note": HOSTILE,
            }
        ],
    }
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(doc))
    return path


def test_d13_import_refuses_control_characters(
    cli: CliRunner, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    assert cli("log", "calf").code == 0
    before = rows(db)
    csv_file = tmp_path / "episodes.csv"
    csv_file.write_text(
        f'started_at,timezone,site,note\n2026-11-28T10:00:00+01:00,Europe/Berlin,calf,"{HOSTILE}"\n'
    )
    for path in (_hostile_import(tmp_path), csv_file):
        r = cli("import", str(path), "--apply")
        assert r.code == 65, r
        assert ESC not in r.out + r.err
        assert len(r.err.splitlines()) == 1
    assert rows(db) == before


def test_d13_no_escape_reaches_the_terminal_from_stored_text(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Text stored before the input rule (or written by another program) is shown inert."""
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    assert cli("log", "calf").code == 0
    assert cli("day", "--stress", "1").code == 0
    assert cli("med", "add", "magnesium", "--dose", "400 mg").code == 0
    assert cli("note", "test", "EMG", "--result", "ok").code == 0
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE episodes SET note = ?", (HOSTILE,))
        conn.execute("UPDATE day_logs SET note = ?", (HOSTILE,))
        conn.execute("UPDATE medications SET name = ?, dose = ?", (HOSTILE, HOSTILE))
        conn.execute("UPDATE health_notes SET topic = ?, text = ?", (HOSTILE, HOSTILE))
    conn.close()
    for args in (("list",), ("list", "--days"), ("med", "list"), ("note", "list")):
        r = cli(*args)
        assert r.code == 0, (args, r)
        assert ESC not in r.out and "\x07" not in r.out and "\x9b" not in r.out, (args, r.out)
        assert "␛" in r.out, (args, r.out)


def test_d13_tui_cells_are_inert() -> None:
    from twitchlog.tui.text import cell, plain

    for shown in (cell(HOSTILE), plain(HOSTILE)):
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in shown.plain)
        assert "␛" in shown.plain
