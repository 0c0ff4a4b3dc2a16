"""Issue 12, new: ``twitchlog status`` prints one short line for a prompt, reads the journal
read-only (no writes, no backups), and exits 0 even when there is no journal yet."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner


def test_i9_status_with_no_journal_is_one_line_and_exit_0(cli: CliRunner, db: Path) -> None:
    r = cli("status")
    assert r.code == 0 and r.out == "twitchlog: no journal yet\n" and r.err == "", r
    assert not db.exists()


def test_i9_status_counts_today_and_says_the_check_in(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-12-01T12:00:00+01:00")
    assert cli("log", "calf").code == 0
    assert cli("status").out == "1 twitch today · not checked in\n"
    assert cli("log", "eyelid").code == 0
    assert cli("log", "calf", "--at", "yesterday 10:00").code == 0
    assert cli("day", "--check-in").code == 0
    before = {p.name: p.stat().st_mtime_ns for p in db.parent.iterdir()}
    os.chmod(db, 0o400)  # a read-only open: even a 0400 journal is read
    r = cli("status")
    assert r.code == 0 and r.out == "2 twitches today · checked in\n", r
    assert {p.name: p.stat().st_mtime_ns for p in db.parent.iterdir()} == before


@pytest.mark.parametrize("fast", [True, False], ids=["prompt-path", "full-path"])
def test_a10_status_names_a_folder_given_as_the_journal(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fast: bool,
) -> None:
    """``--db`` naming a folder is not "no journal yet" (that sends the person to log into a
    journal that can never be made there): the line says what is wrong, still exit 0."""
    from twitchlog.cli import prompt
    from twitchlog.cli.main import run

    folder = tmp_path / "folder"
    folder.mkdir()
    if not fast:  # the full way (typer, resolve_env) says it the same way
        monkeypatch.setattr(prompt, "quick_line", lambda db: None)
    assert run(["--db", str(folder), "status"]) == 0
    out, err = capsys.readouterr()
    assert out == "twitchlog: the journal named is a folder, not a journal\n" and err == ""
    assert list(folder.iterdir()) == []
