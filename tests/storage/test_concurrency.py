"""Two processes writing at once: every row lands and nobody sees "database is locked"."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from twitchlog.storage.journal import Journal
from twitchlog.storage.repository import count_episodes

WRITER = r"""
import sys
from datetime import UTC, datetime
from pathlib import Path
from twitchlog.domain import Episode, new_id

path, mode, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
if mode == "quick":
    from twitchlog.storage.quicklog import quick_add_episode as add
    target = path
else:  # the SQLModel path the TUI uses
    from twitchlog.storage.journal import Journal
    from twitchlog.storage.repository import add_episode as add
    target = Journal(path)
for i in range(n):
    now = datetime.now(UTC)
    add(target, Episode(id=new_id(), started_at=now, timezone="UTC", local_date=now.date(),
                        site="eyelid", note=f"{mode} {i}"))
    print("confirmed", flush=True)
"""


def test_two_processes_add_500_each(journal: Journal, tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(journal.path), mode, "500"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for mode in ("quick", "orm")
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err[-500:]
        assert "locked" not in err
        assert out.count("confirmed") == 500
    assert count_episodes(journal) == 1000
