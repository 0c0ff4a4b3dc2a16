"""Issue 17: ``twitchlog`` with no command opens the app without importing typer or building
the commands' app (about 0.1 s before the first frame); what it says does not change."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from twitchlog.storage.journal import Journal

#: Runs the CLI's exit point with each argument list (separated by ``;``), the app replaced by
#: a line that names the journal it would open and whether typer was imported by then.
SCRIPT = """
import sys
import twitchlog.tui
from twitchlog.cli.main import run

def run_tui(ctx):
    print("app", ctx.journal_path.name, "typer" in sys.modules)

twitchlog.tui.run_tui = run_tui
for argv in " ".join(sys.argv[1:]).split(" ; "):
    print("exit", run(argv.split()))
"""


def test_i17_the_app_opens_without_typer(tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite3"
    Journal.open(db).dispose()
    env = {**os.environ, "TZ": "Mars/Olympus"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "--db", str(db), ";", f"--db={db}", ";", "--version"],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    assert done.stdout.splitlines()[:4] == [
        "app journal.sqlite3 False",
        "exit 0",
        "app journal.sqlite3 False",
        "exit 0",
    ]
    assert done.stdout.splitlines()[4:] == [f"twitchlog {_version()}", "exit 0"]  # typer's way
    warnings = done.stderr.splitlines()
    assert len(warnings) == 2 and all("Mars/Olympus" in w for w in warnings), warnings
    assert all(w.startswith("twitchlog: warning: ") for w in warnings)


def _version() -> str:
    from twitchlog import __version__

    return __version__
