"""Defects found by attacking twitchlog again after the 22 fixes of the second attack.

Each test is named after the attack that found it (``a1``, ``a2`` ...); docs/reliability.md
section 9 ("Attack after the fixes") lists every attack tried and its result.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.reliability.conftest import InProcessCli, assert_one_line_error

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
