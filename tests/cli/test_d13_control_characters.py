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


#: Every free-text column of every import file, as (file name, header, row with {} for the text).
IMPORT_TEXT_CELLS = [
    ("episodes.csv", "started_at,timezone,site,note", "2026-11-28T10:00:00+01:00,UTC,calf,{}"),
    ("days.csv", "date,checked_in,note", "2026-11-28,yes,{}"),
    ("medications.csv", "name,start,dose", "{},2026-11-01,400 mg"),
    ("medications.csv", "name,start,dose", "magnesium,2026-11-01,{}"),
    ("medications.csv", "name,start,note", "magnesium,2026-11-01,{}"),
    ("health_notes.csv", "date,kind,topic,text", "2026-11-02,test,{},normal"),
    ("health_notes.csv", "date,kind,topic,text", "2026-11-02,test,EMG,{}"),
]


@pytest.mark.parametrize("bad", [HOSTILE, "bell \x07", "del \x7f", "c1 \x9b"], ids=ascii)
@pytest.mark.parametrize(("name", "header", "row"), IMPORT_TEXT_CELLS, ids=lambda v: str(v)[:24])
def test_d13_every_imported_text_cell_refuses_control_characters(
    name: str,
    header: str,
    row: str,
    bad: str,
    cli: CliRunner,
    db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    assert cli("log", "calf").code == 0
    before = rows(db)
    good = tmp_path / "good" / name
    good.parent.mkdir()
    good.write_text(f"{header}\n{row.format('fine')}\n")
    assert cli("import", str(good)).code == 0  # the row is valid with plain text
    path = tmp_path / name
    path.write_text(f"{header}\n{row.format(chr(34) + bad + chr(34))}\n")
    r = cli("import", str(path), "--apply")
    assert r.code == 65, r
    assert len(r.err.splitlines()) == 1 and ESC not in r.out + r.err
    assert rows(db) == before


def test_d13_an_import_file_that_is_not_utf8_is_exit_65(
    cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "episodes.csv"
    path.write_bytes(b"started_at,site,note\n2026-11-28T10:00:00+01:00,calf,caf\xff\xfe\n")
    r = cli("import", str(path), "--apply")
    assert r.code == 65 and "UTF-8" in r.err, r
    assert rows(db) == 0
