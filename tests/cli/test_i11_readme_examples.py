"""Issue 12 item 11: the README's command-line examples run in order against a new journal,
each with exit 0 (ids and the backup file are the ones the earlier examples printed)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

README = Path(__file__).parents[2] / "README.md"


def readme_examples() -> list[list[str]]:
    """The commands of the fenced block under "From the command line"."""
    text = README.read_text(encoding="utf-8")
    block = text.split("From the command line", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [shlex.split(line, comments=True) for line in block.splitlines() if line.strip()]


def test_i11_readme_examples_run_in_order(tmp_path: Path) -> None:
    examples = readme_examples()
    assert len(examples) > 15 and all(e[0] == "twitchlog" for e in examples)
    env = {
        **os.environ,
        "TWITCHLOG_DB": str(tmp_path / "journal.sqlite3"),
        "TWITCHLOG_NOW": "2026-12-01T12:00:00+01:00",
    }
    ident = backup = ""
    for example in examples:
        args = [a.replace("1a2b3c4d", ident).replace("FILE", backup) for a in example[1:]]
        proc = subprocess.run(
            [sys.executable, "-c", "from twitchlog.cli.main import main; main()", *args],
            capture_output=True,
            text=True,
            input="y\n",
            cwd=tmp_path,
            env=env,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, (example, proc.stdout, proc.stderr)
        if not ident and (m := re.search(r"\[id (\w+)\]", proc.stdout)):
            ident = m.group(1)
        if m := re.search(r"Backup written and verified: (\S+)", proc.stdout):
            backup = m.group(1)
