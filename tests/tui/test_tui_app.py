"""Pilot tests of the app as a whole: keys, command palette, Trends, Report, crashes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import pytest
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from tests.tui.conftest import settle
from twitchlog.storage.journal import Journal
from twitchlog.tui.app import Crashed, TwitchlogApp
from twitchlog.tui.dialogs.health import MedicationDialog
from twitchlog.tui.dialogs.keys import KeysDialog
from twitchlog.tui.screens.history import HistoryScreen
from twitchlog.tui.screens.home import HomeScreen
from twitchlog.tui.screens.report import ReportScreen
from twitchlog.tui.screens.trends import TrendsScreen


def test_question_mark_lists_every_key(make_app: Callable[..., TwitchlogApp]) -> None:
    """``?`` shows the keys of the screen and the global ones; ``escape`` closes it."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, KeysDialog)
            shown = app.screen.query_one(Static).render()
            assert shown is not None
            assert app.screen.screen_keys == [
                ("g", "log the last episode again, now (then enter)"),
                ("x", "mark the red flags shown as discussed with a doctor"),
            ]
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(run())


def test_keys_list_is_built_from_the_bindings() -> None:
    """A binding added to a screen shows up in its ``?`` list under its first key."""

    class MoreHistory(HistoryScreen):
        BINDINGS: ClassVar[list[BindingType]] = [
            Binding("x,X", "export", "Export", tooltip="export what is shown")
        ]

    listed = MoreHistory.keys_help()
    assert ("x", "export what is shown") in listed
    assert listed[: len(HistoryScreen.keys_help())] == HistoryScreen.keys_help()
    assert ("p", "choose the period") in HistoryScreen.keys_help()
    assert HistoryScreen.keys_help()[-1] == ("tab", "move between the filters and the tables")
    assert "escape" not in dict(HistoryScreen.keys_help())  # a global key, listed apart


def test_command_palette_opens_history(make_app: Callable[..., TwitchlogApp]) -> None:
    """Every action is in the command palette, e.g. History."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"History")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, HistoryScreen)
            await pilot.press("t")  # another screen's key goes there directly
            await settle(pilot)
            assert isinstance(app.screen, TrendsScreen)
            assert len(app.screen_stack) == 2  # Home (the base screen), Trends

    asyncio.run(run())


def test_trends_draws_charts_and_findings(
    seeded: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Trends shows the per-day chart, sites, hours and the findings for the period."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot, rounds=5)
            screen = app.screen
            assert isinstance(screen, TrendsScreen)
            assert "7-day mean" in str(screen.query_one("#per-day").render())
            assert "eyelid" in str(screen.query_one("#by-site").render())
            findings = str(screen.query_one("#findings").render())
            assert "analysing" not in findings
            assert "caffeine" in findings.lower()

    asyncio.run(run())


def test_report_is_written_where_it_says(
    seeded: Journal, make_app: Callable[..., TwitchlogApp], tmp_path: Path
) -> None:
    """``r``, choose the file, ``ctrl+s``: the PDF is written and its place shown."""
    out = tmp_path / "report.pdf"

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ReportScreen)
            screen.query_one("#path", Input).value = str(out)
            await pilot.press("ctrl+s")
            for _ in range(100):
                await settle(pilot, rounds=1)
                if "Making" not in str(screen.query_one("#status").render()):
                    break
            assert f"Report written to {out}" in str(screen.query_one("#status").render())

    asyncio.run(run())
    assert out.read_bytes().startswith(b"%PDF")
    assert out.stat().st_mode & 0o777 == 0o600


def test_crash_shows_a_short_message_and_no_values(
    make_app: Callable[..., TwitchlogApp], isolated_home: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """An unexpected error writes a crash log without data and shows where it is."""
    secret = "my private note about my eyelid"
    app = make_app()

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app._handle_exception(RuntimeError(secret))
            await pilot.pause()

    with pytest.raises(Crashed) as crashed:  # Pilot re-raises what the app stopped with
        asyncio.run(run())
    assert isinstance(crashed.value.__cause__, RuntimeError)
    assert secret not in str(crashed.value)
    shown = capfd.readouterr().err
    assert "unexpected error (RuntimeError)" in shown
    assert "crash-" in shown
    assert secret not in shown and "Traceback" not in shown
    logs = list((isolated_home / "data" / "twitchlog" / "logs").glob("crash-*.log"))
    assert len(logs) == 1
    assert secret not in logs[0].read_text(encoding="utf-8")
    assert "RuntimeError" in logs[0].read_text(encoding="utf-8")


def test_crash_in_a_handler_goes_through_the_override(
    make_app: Callable[..., TwitchlogApp],
    isolated_home: Path,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An error raised by a key's action reaches ``TwitchlogApp._handle_exception`` (a private
    Textual method): the app stops with code 1, a crash log and no traceback or values."""
    secret = "note: twitching since my divorce"

    def broken(self: HomeScreen) -> None:
        raise ValueError(secret)

    monkeypatch.setattr(HomeScreen, "action_again", broken)
    app = make_app()

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("g")
            await pilot.pause()

    with pytest.raises(Crashed):
        asyncio.run(run())
    assert app.return_code == 1
    assert app.crashed is not None and "crash-" in app.crashed.where
    shown = capfd.readouterr().err
    assert "unexpected error (ValueError)" in shown and "crash-" in shown
    assert secret not in shown and "Traceback" not in shown
    log = Path(app.crashed.where).read_text(encoding="utf-8")
    assert "ValueError" in log and secret not in log


def test_command_palette_has_the_screens_own_actions(
    make_app: Callable[..., TwitchlogApp],
) -> None:
    """On Medicines, the palette offers "Add medicine" (the screen's ``a`` key)."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("m")
            await settle(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"Add medicine")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, MedicationDialog)

    asyncio.run(run())


def test_a2_palette_offers_discussed_only_while_a_red_flag_waits(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Home's ``x`` ("Discussed") is hidden while no red flag waits (its ``check_action``); the
    palette offered it anyway, as a command that did nothing. With a flag it is offered."""
    from tests.tui.conftest import TODAY, until
    from twitchlog.domain.models import HealthNote, NoteKind, RedFlag, new_id
    from twitchlog.storage.repository import add_health_note

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert "Discussed" not in titles, titles
            flag = HealthNote(
                id=new_id(), day=TODAY, kind=NoteKind.FLAG, topic=RedFlag.WEAKNESS.value, text=""
            )
            add_health_note(journal, flag)
            app.broadcast_changed()
            home = app.screen
            assert isinstance(home, HomeScreen)
            await until(pilot, lambda: bool(home.flags), "the red flag on Home")
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert "Discussed" in titles, titles

    asyncio.run(run())
