"""D16: ids are matched as written (case, non-ASCII); uuid prefixes still match in capitals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from tests.cli.second_attack import BAD_UTF8, NOW, no_crash_logs, rows


def _import_ids(cli: CliRunner, tmp_path: Path, ids: list[str]) -> None:
    lines = ["id,started_at,timezone,site"]
    lines += [f"{i},2026-11-2{n}T10:00:00+01:00,Europe/Berlin,calf" for n, i in enumerate(ids)]
    path = tmp_path / "episodes.csv"
    path.write_text("\n".join(lines) + "\n")
    r = cli("import", str(path), "--apply")
    assert r.code == 0, r


def test_d16_ids_are_matched_with_their_case(
    cli: CliRunner, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    _import_ids(cli, tmp_path, ["abcd-2", "ABCD-2"])
    r = cli("edit", "ABCD-2", "-i", "7")
    assert r.code == 0, r
    conn = sqlite3.connect(db)
    got = dict(conn.execute("SELECT id, intensity FROM episodes").fetchall())
    conn.close()
    assert got == {"abcd-2": None, "ABCD-2": 7}


def test_d16_a_non_ascii_id_can_be_edited_and_deleted(
    cli: CliRunner, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    _import_ids(cli, tmp_path, ["ÄBCD-1"])
    assert cli("edit", "ÄBCD-1", "-i", "3").code == 0
    assert cli("edit", "ÄBC", "-i", "3").code == 2  # too short, as for any id
    assert cli("delete", "ÄBCD", "--yes").code == 0
    assert rows(db) == 0


def test_d16_uuid_prefixes_still_match_in_capitals(cli: CliRunner, db: Path) -> None:
    r = cli("log", "calf")
    ident = r.out.split("[id ")[1].split("]")[0]
    assert cli("edit", ident.upper(), "-i", "2").code == 0


def test_d16_an_id_with_invalid_utf8_is_not_found_not_a_crash(cli: CliRunner) -> None:
    assert cli("log", "calf").code == 0
    for args in (("edit", BAD_UTF8, "-i", "2"), ("delete", BAD_UTF8, "-y")):
        r = cli(*args)
        assert r.code == 2, r
    for args in (("med", "stop", BAD_UTF8), ("med", "delete", BAD_UTF8, "-y")):
        r = cli(*args)
        assert r.code == 2, r
    assert no_crash_logs()
