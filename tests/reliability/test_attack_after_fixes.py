"""Defects found by attacking twitchlog again after the 22 fixes of the second attack.

Each test is named after the attack that found it (``a1``, ``a2`` ...); docs/reliability.md
section 9 ("Attack after the fixes") lists every attack tried and its result.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.reliability.conftest import (
    InProcessCli,
    assert_one_line_error,
    cli_process,
    digest,
)
from twitchlog.storage.backup import backup_dir

NOW = "2026-11-29T12:00:00+00:00"

#: Every option that writes a file the person names, with the file-name argument last.
FILE_OUTPUTS: dict[str, tuple[str, ...]] = {
    "export json": ("export", "--format", "json", "--force", "-o"),
    "report": ("report", "--force", "-o"),
    "backup": ("backup", "--force", "-o"),
}


def test_a1_force_never_replaces_a_fifo_with_health_data(
    tmp_path: Path, cli: InProcessCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-o FIFO --force`` (or a device such as /dev/null, as root) replaced the pipe by a
    regular file holding the journal's entries; ``--force`` replaces only regular files."""
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    db = tmp_path / "journal.sqlite3"
    assert cli("--db", str(db), "log", "calf", "--note", "private").code == 0
    for option, args in FILE_OUTPUTS.items():
        fifo = tmp_path / f"{option.replace(' ', '-')}.pipe"
        os.mkfifo(fifo, 0o600)
        r = cli("--db", str(db), *args, str(fifo))
        assert r.code == 2, (option, r)
        assert_one_line_error(r)
        assert "not a regular file" in r.err, (option, r)
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode), option


def test_a2_db_naming_a_backup_in_the_backup_folder_writes_nothing(
    tmp_path: Path, cli: InProcessCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--db journal-backups/daily-….sqlite3 log calf`` wrote the entry into the daily backup
    (exit 0) and made a backup folder inside the backup folder; the backup no longer held
    the journal as it was. A file in a journal's backup folder is refused, left as it was."""
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    db = tmp_path / "journal.sqlite3"
    assert cli("--db", str(db), "log", "calf", "--note", "first").code == 0
    assert cli("--db", str(db), "list").code == 0  # the day's daily backup
    assert cli("--db", str(db), "backup").code == 0
    folder = backup_dir(db)
    kept = sorted(folder.glob("*.sqlite3"))
    assert len(kept) == 2
    before = {p.name: digest(p) for p in folder.iterdir()}
    for backup in kept:
        for command in (("log", "calf", "--note", "into the backup"), ("list",), ("check",)):
            r = cli("--db", str(backup), *command)
            assert r.code == 65, (backup.name, command, r)
            assert_one_line_error(r)
            assert "backup" in r.err and "restore" in r.err, r
            assert {p.name: digest(p) for p in folder.iterdir()} == before, (backup, command)


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero", "folder"])
def test_a3_a_config_file_that_is_not_a_file_is_one_line_not_a_hang(
    tmp_path: Path, kind: str
) -> None:
    """A FIFO (or a link to /dev/zero) at the settings file's place made every command wait
    for ever, the TUI included: the person was locked out without a word. Anything but a
    regular file there is refused in one line, exit 2."""
    from twitchlog.paths import config_file

    config = config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(config, 0o600)
    elif kind == "folder":
        config.mkdir()
    else:
        config.symlink_to("/dev/zero")
    db = tmp_path / "journal.sqlite3"
    try:  # the timeout only stops a hang; the exit code is the assertion
        done = cli_process("--db", str(db), "log", "calf", timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail(f"twitchlog hung reading a {kind} as its settings file")
    assert done.returncode == 2, done
    assert done.stderr.startswith("twitchlog: ") and len(done.stderr.splitlines()) == 1, done
    assert str(config) in done.stderr, done
    assert not db.exists()
