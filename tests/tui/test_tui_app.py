"""Pilot tests of the app as a whole: keys, command palette, Trends, Report, crashes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.tui.conftest import settle
from twitchlog.storage.journal import Journal
from twitchlog.tui.app import TwitchlogApp
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
            keys = {k for k, _ in app.screen.screen_keys} | {"g"}
            assert "g" in keys
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(run())


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
            assert len(app.screen_stack) == 3  # default screen, Home, Trends

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

    try:
        asyncio.run(run())
    except RuntimeError as exc:
        assert str(exc) == secret  # Pilot re-raises it for the test
    shown = capfd.readouterr().err
    assert "unexpected error (RuntimeError)" in shown
    assert "crash-" in shown
    assert secret not in shown and "Traceback" not in shown
    logs = list((isolated_home / "data" / "twitchlog" / "logs").glob("crash-*.log"))
    assert len(logs) == 1
    assert secret not in logs[0].read_text(encoding="utf-8")
    assert "RuntimeError" in logs[0].read_text(encoding="utf-8")


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
