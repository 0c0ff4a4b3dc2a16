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
