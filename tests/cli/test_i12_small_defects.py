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

