"""SIGTERM and SIGHUP: the real app in a pseudo-terminal exits cleanly and keeps the draft."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

#: Leaving the alternate screen: the terminal was restored.
LEAVE_ALT_SCREEN = b"\x1b[?1049l"


def _read_until(fd: int, needle: bytes, seconds: float) -> bytes:
    """Read from ``fd`` until ``needle`` shows up, the child closes it, or time runs out."""
    seen = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if needle and needle in seen:
            break
    return seen


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_signal_restores_terminal_and_keeps_draft(isolated_home: Path, sig: signal.Signals) -> None:
    """Typing in the episode form, then the signal: exit 0, screen restored, draft written."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: run the real command in the pseudo-terminal
        os.environ["TWITCHLOG_NOW"] = "2026-11-29T10:00:00+00:00"
        os.execv(
            sys.executable,
            [sys.executable, "-c", "from twitchlog.cli.main import main; main()"],
        )
    try:
        assert b"episodes so far" in _read_until(fd, b"episodes so far", 30)
        os.write(fd, b"e")
        _read_until(fd, b"Log an episode", 10)
        os.write(fd, b"calf")
        _read_until(fd, b"", 1.5)  # the draft is written after 0.5 s of quiet
        os.kill(pid, sig)
        rest = _read_until(fd, b"", 15)
        _, status = os.waitpid(pid, 0)
    finally:
        with_child = True
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            with_child = False
        os.close(fd)
        if with_child:
            os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert LEAVE_ALT_SCREEN in rest
    draft = isolated_home / "data" / "twitchlog" / "tui-draft.json"
    assert json.loads(draft.read_text(encoding="utf-8"))["values"]["site"] == "calf"
