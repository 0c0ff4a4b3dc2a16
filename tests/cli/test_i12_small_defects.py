"""Issue 12, small defects: the disk-full message names the file; a future onset is refused."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner


def test_i12_disk_full_export_names_the_file(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was "cannot write to: the disk is full": a write on a full disk carries no file name."""
    assert cli("log", "calf").code == 0
    target = tmp_path / "e.json"

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    r = cli("export", "--format", "json", "--out", str(target))
    assert r.code == 74, r
    (error,) = [line for line in r.err.splitlines() if "cannot write" in line]
    assert f"cannot write to {target}: the disk is full" in error, r.err
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".e.json")] == []


def _config(text: str) -> Path:
    from twitchlog.paths import config_file

    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_i12_future_onset_in_config_is_refused(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was accepted: the report then said the twitching started after its own end."""
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-12-01T10:00:00+00:00")
    path = _config('onset = "2027-01"\n')
    r = cli("log", "calf")
    assert r.code == 2, r
    assert r.err.count("\n") == 1, r.err
    assert str(path) in r.err and "onset" in r.err and "2026-12-01" in r.err, r.err
    assert cli("list").code == 2
    _config('onset = "2026-12"\n')
    assert cli("log", "calf").code == 0
