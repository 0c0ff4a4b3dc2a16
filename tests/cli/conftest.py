"""CLI test helpers: run the real command in-process or as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from twitchlog.cli.main import run


@dataclass
class Result:
    """Exit code and output of one command."""

    code: int
    out: str
    err: str


CliRunner = Callable[..., Result]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """The journal file the commands use, in a folder that exists (a named folder is never
    created: issue 12 item 15)."""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / "journal.sqlite3"


@pytest.fixture
def cli(db: Path, capsys: pytest.CaptureFixture[str]) -> CliRunner:
    """Run ``twitchlog --db DB ARGS`` in-process."""

    def invoke(*args: str) -> Result:
        capsys.readouterr()
        code = run(["--db", str(db), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


def run_process(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> Result:
    """Run the installed entry point in a new process."""
    proc = subprocess.run(
        [sys.executable, "-c", "from twitchlog.cli.main import main; main()", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)
