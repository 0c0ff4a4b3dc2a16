"""``twitchlog`` with no command: ``run_tui`` raises typed errors, and the CLI's one exit point
says each in one line with its exit code (it used to print and exit 1 by itself)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import twitchlog.tui
from twitchlog.cli.main import run
from twitchlog.crashlog import CrashLogged
from twitchlog.storage.errors import JournalError
from twitchlog.storage.journal import Journal
from twitchlog.tui import run_tui


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("twitchlog: ") and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    return err


def test_run_tui_raises_instead_of_exiting(journal_path: Path) -> None:
    """A file that is not a journal: a typed error, no SystemExit escaping ``run``."""
    from tests.tui.conftest import SETTINGS
    from twitchlog.context import AppContext

    journal_path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(JournalError):  # NotAJournal
        run_tui(AppContext(journal_path, SETTINGS))


def test_damaged_journal_prints_one_line_and_exits_65(
    journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal_path.write_bytes(b"this is not a database" * 100)
    assert run(["--db", str(journal_path)]) == 65
    _one_line(capsys)


def test_run_tui_busy_journal_exits_75(
    journal_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another connection holds the lock: "busy" and 75 (``run_tui`` said it with 1 before)."""
    Journal.open(journal_path).dispose()
    monkeypatch.setenv("TWITCHLOG_BUSY_TIMEOUT_MS", "200")
    holder = sqlite3.connect(journal_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code = run(["--db", str(journal_path)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 75
    assert "busy" in _one_line(capsys)


def test_run_tui_bad_value_exits_2(
    journal_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bad ``TWITCHLOG_NOW``: the field named, exit 2 (``run_tui`` said it with 1 before)."""
    monkeypatch.setenv("TWITCHLOG_NOW", "yesterday")
    assert run(["--db", str(journal_path)]) == 2
    assert "TWITCHLOG_NOW" in _one_line(capsys)
    assert not journal_path.exists()  # nothing written


def test_app_crash_exits_70_without_a_second_message(
    journal_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app has shown its crash message; the exit point adds nothing and ends with 70."""

    def crashed(ctx: object) -> None:
        raise CrashLogged("ValueError", "/somewhere/crash-1.log")

    monkeypatch.setattr(twitchlog.tui, "run_tui", crashed)
    assert run(["--db", str(journal_path)]) == 70
    assert capsys.readouterr().err == ""


def test_i17_quitting_freezes_the_heap_after_the_journal_is_released(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the app has closed and the journal is released, ``run_tui`` moves the heap to the
    permanent generation (``gc.freeze``): Python's collections at exit walked all of it,
    ~0.15 s between the quit and the shell's prompt (docs/performance.md, section 5)."""
    import gc

    from tests.tui.conftest import SETTINGS
    from twitchlog.context import AppContext
    from twitchlog.tui import app as tui_app

    events: list[str] = []
    dispose = Journal.dispose

    def disposing(self: Journal) -> None:
        events.append("dispose")
        dispose(self)

    monkeypatch.setattr(tui_app.TwitchlogApp, "run", lambda self, **_: events.append("run"))
    monkeypatch.setattr(Journal, "dispose", disposing)
    monkeypatch.setattr(gc, "freeze", lambda: events.append("freeze"))  # not pytest's heap
    run_tui(AppContext(journal_path, SETTINGS))
    assert events == ["run", "dispose", "freeze"]
