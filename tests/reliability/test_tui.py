"""The TUI under real signals and a real terminal: SIGTERM and SIGHUP restore the terminal and
keep what was saved; a form being typed survives SIGKILL as a draft offered at the next start;
markup characters in user text never crash it.

``twitchlog`` runs in a pseudo-terminal (``os.openpty``), keys are written to it, and what the
app drew is read back. These tests skip only when ``twitchlog.tui.app`` does not exist.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.reliability.conftest import Figures

tui_app = pytest.importorskip("twitchlog.tui.app", reason="the TUI (twitchlog.tui.app) is missing")

ENTER_ALT, LEAVE_ALT = b"\x1b[?1049h", b"\x1b[?1049l"


class Terminal:
    """``twitchlog --db DB`` in a 120x40 pseudo-terminal, with everything it wrote."""

    def __init__(self, db: Path) -> None:
        self.master, self.slave = os.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.modes_before = termios.tcgetattr(self.slave)
        self.output = bytearray()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from twitchlog.cli.main import main; main()", "--db", str(db)],
            stdin=self.slave,
            stdout=self.slave,
            stderr=self.slave,
            env={**os.environ, "TERM": "xterm-256color"},
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output.extend(data)

    def wait_for(self, text: bytes, timeout: float = 30) -> None:
        """Wait until ``text`` has been drawn."""
        deadline = time.monotonic() + timeout
        while text not in self.output:
            assert self.proc.poll() is None, f"the app exited: {bytes(self.output[-500:])!r}"
            assert time.monotonic() < deadline, f"{text!r} never drawn"
            time.sleep(0.05)

    def type(self, *keys: str, pause: float = 0.4) -> None:
        """Send keys (text, or control sequences such as ``\\x13`` for ctrl+s)."""
        for key in keys:
            os.write(self.master, key.encode())
            time.sleep(pause)

    def close(self) -> None:
        """Kill the app if it still runs and release the terminal."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def terminal_factory(journal_path: Path) -> Iterator[Callable[[], Terminal]]:
    """Start the app on the test journal; every terminal is closed when the test ends."""
    made: list[Terminal] = []

    def start() -> Terminal:
        made.append(Terminal(journal_path))
        return made[-1]

    yield start
    for t in made:
        t.close()


def _sites(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT site FROM episodes ORDER BY recorded_at")]
    finally:
        conn.close()


def _wait_until(check: Callable[[], bool], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_restores_the_terminal_and_keeps_what_was_saved(
    sig: signal.Signals,
    journal_path: Path,
    terminal_factory: Callable[[], Terminal],
    figures: Figures,
) -> None:
    term = terminal_factory()
    term.wait_for(ENTER_ALT)
    term.wait_for(b"medicines")  # the home screen is drawn
    raw = termios.tcgetattr(term.slave)
    assert raw[3] != term.modes_before[3], "the app did not switch the terminal to raw mode"
    term.type("e", "calf", "\x13")  # log an episode and save it with ctrl+s
    _wait_until(lambda: _sites(journal_path) == ["calf"])
    started = time.monotonic()
    os.kill(term.proc.pid, sig)
    code = term.proc.wait(15)
    took = time.monotonic() - started
    time.sleep(0.2)  # let the reader collect the last bytes
    out = bytes(term.output)
    assert code in (0, 128 + sig, -sig), code
    assert out.rfind(LEAVE_ALT) > out.rfind(ENTER_ALT), "still in the alternate screen"
    assert out.rfind(b"\x1b[?25h") > out.rfind(b"\x1b[?25l"), "the cursor stayed hidden"
    assert termios.tcgetattr(term.slave) == term.modes_before, "terminal modes not restored"
    assert b"Traceback" not in out
    assert _sites(journal_path) == ["calf"]
    figures["exit_code"] = code
    figures["seconds_to_exit"] = round(took, 2)
    figures["rows_kept"] = 1


def test_a_form_being_typed_survives_sigkill_and_is_offered_again(
    journal_path: Path, terminal_factory: Callable[[], Terminal], figures: Figures
) -> None:
    draft = Path(os.environ["XDG_DATA_HOME"]) / "twitchlog" / "tui-draft.json"
    term = terminal_factory()
    term.wait_for(b"medicines")
    term.type("e", "thigh", pause=0.3)
    _wait_until(draft.exists)
    time.sleep(0.3)
    os.kill(term.proc.pid, signal.SIGKILL)
    term.proc.wait(10)
    saved = json.loads(draft.read_text(encoding="utf-8"))
    assert saved["values"]["site"] == "thigh" and saved["form"] == "episode"
    assert draft.stat().st_mode & 0o077 == 0
    assert _sites(journal_path) == []

    again = terminal_factory()
    again.wait_for(b"You were typing")
    again.type("y", "\x13")
    _wait_until(lambda: _sites(journal_path) == ["thigh"])
    _wait_until(lambda: not draft.exists())
    again.type("q")
    assert again.proc.wait(15) == 0
    figures["draft_recovered_after_sigkill"] = True


MARKUP = ["[bold]x[/bold]", "[/]", "[red", "[link=http://x]y[/link]", "[@click=quit]z", "\\[", "]["]


def test_markup_in_user_text_never_crashes_any_screen(journal_path: Path, figures: Figures) -> None:
    from datetime import UTC, date, datetime, timedelta

    from twitchlog.config import Settings
    from twitchlog.domain import DayLog, Episode, HealthNote, Medication, NoteKind
    from twitchlog.storage import repository as repo
    from twitchlog.storage.journal import Journal

    journal = Journal.open(journal_path)
    now = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
    for n, text in enumerate(MARKUP):
        at = now - timedelta(days=n, hours=1)
        repo.add_episode(
            journal,
            Episode(
                id=f"00000000-0000-4000-8000-{n:012d}",
                started_at=at,
                timezone="Europe/Berlin",
                local_date=at.date(),
                site="calf",
                note=text,
                recorded_at=at,
            ),
        )
        repo.merge_day_log(journal, DayLog(day=at.date(), stress=n % 10, note=text))
        repo.add_health_note(
            journal,
            HealthNote(id=f"n{n:07d}", day=at.date(), kind=NoteKind.VISIT, topic=text, text=text),
        )
        repo.add_medication(
            journal, Medication(id=f"m{n:07d}", name=f"med {text}", start=date(2026, 11, 1))
        )

    async def drive() -> None:
        app = tui_app.create_app(journal, Settings(timezone="Europe/Berlin"), lambda: now)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.5)
            for key in ("h", "m", "t"):
                await pilot.press(key)
                await pilot.pause(0.5)
                await pilot.press("escape")
                await pilot.pause(0.2)
            await pilot.press("e", *"calf", "tab")
            await pilot.pause(0.2)
            await pilot.press("ctrl+s")
            await pilot.pause(0.5)
            assert app.is_running

    asyncio.run(drive())
    notes = {e.note for e in repo.all_episodes(journal)}
    assert set(MARKUP) <= notes
    figures["markup_strings"] = len(MARKUP)
    figures["screens_opened"] = 4
