"""Issue 12 item 14: ``--db`` and ``--demo`` are accepted after the command too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from twitchlog.cli.main import hoist_global_options, run


def test_i14_db_after_the_command_logs_into_that_journal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "x.db"
    assert run(["log", "eyelid", "--db", str(db)]) == 0
    assert run(["list", f"--db={db}"]) == 0
    out = capsys.readouterr().out
    assert db.exists() and "eyelid" in out


def test_i14_db_after_a_subcommand_of_a_group(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "x.db"
    assert run(["med", "add", "magnesium", "--db", str(db)]) == 0
    assert run(["med", "list", "--db", str(db)]) == 0
    assert "magnesium" in capsys.readouterr().out


def test_i14_words_after_double_dash_stay_values() -> None:
    argv = ["log", "calf", "-n", "x", "--", "--demo"]
    assert hoist_global_options(argv) == argv
    assert hoist_global_options(["log", "calf", "--demo", "-i", "3"]) == [
        "--demo",
        "log",
        "calf",
        "-i",
        "3",
    ]


def test_i14_quick_log_with_db_after_loads_nothing_heavy(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    code = (
        "import sys\n"
        "from twitchlog.cli.main import run\n"
        f"assert run(['log', 'eyelid', '--db', {str(db)!r}]) == 0\n"
        f"assert run(['log', 'calf', '--db', {str(db)!r}, '-i', '3']) == 0\n"
        "heavy = {'textual', 'sqlmodel', 'sqlalchemy', 'numpy', 'matplotlib', 'rich'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "[]", proc.stdout
