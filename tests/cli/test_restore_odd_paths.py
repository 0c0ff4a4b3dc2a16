"""`restore` with a path that names no file ("", ".", a folder): one line, no crash log."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from tests.cli.second_attack import no_crash_logs


@pytest.mark.parametrize("source", ["", ".", "/"])
def test_restore_of_a_path_that_is_no_file_is_refused_in_one_line(
    cli: CliRunner, db: Path, source: str
) -> None:
    assert cli("log", "calf").code == 0
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    r = cli("restore", source, "--yes")
    assert r.code == 65, r
    assert r.err.count("\n") == 1 and "is not a file" in r.err, r
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert no_crash_logs()
