"""D1: a form open in the TUI while the command line saves the same day or episode.

The real CLI (``twitchlog.cli.main.run``) writes between the form opening and its save. The
form writes only what the person changed: the CLI's other fields stay. When both changed the
same field, the person is asked ("changed elsewhere since you opened it", both values shown)
and keeps theirs, takes the other, or goes back to the form.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from textual.widgets import Input, Static

from tests.tui.conftest import NOW, TODAY, settle
from twitchlog.cli.main import run
from twitchlog.storage.journal import Journal
from twitchlog.storage.repository import get_day, get_episode, list_episodes
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.dialogs.conflict import ConflictDialog
from twitchlog.tui.dialogs.day import DayDialog
from twitchlog.tui.dialogs.episode import EpisodeDialog


@pytest.fixture(autouse=True)
def _cli_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI runs at the TUI tests' frozen moment."""
    monkeypatch.setenv("TWITCHLOG_NOW", NOW.isoformat())


def cli(journal: Journal, *args: str) -> None:
    """Run the real command line on the test journal."""
    assert run(["--db", str(journal.path), *args]) == 0


def _conflict_text(dialog: ConflictDialog) -> str:
    return " ".join(str(w.render()) for w in dialog.query(Static))


def test_d1_day_check_in_keeps_what_the_cli_saved_meanwhile(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """The issue's steps: ``d``; ``twitchlog day --coffee 2 --sleep 7``; stress 6; save."""

    async def go() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, DayDialog)
            cli(journal, "day", "--date", TODAY.isoformat(), "--coffee", "2", "--sleep", "7")
            dialog.query_one("#stress", Input).value = "6"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, (DayDialog, ConflictDialog))

    asyncio.run(go())
    day = get_day(journal, TODAY)
    assert day is not None
    assert (day.caffeine_mg, day.drinks, day.sleep_h, day.stress) == (190, {"coffee": 2}, 7, 6)
    assert not day.checked_in  # nobody ticked "all of this day's twitches are logged"


def test_d1_episode_edit_keeps_what_the_cli_edited_meanwhile(
    seeded: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """History, ``enter``; ``twitchlog edit ID --note X --for 45s``; intensity 9; save."""
    newest = list_episodes(seeded, limit=1)[0]

    async def go() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("h")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, EpisodeDialog)
            cli(seeded, "edit", newest.id, "--note", "X", "--for", "45s")
            dialog.query_one("#intensity", Input).value = "9"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, (EpisodeDialog, ConflictDialog))

    asyncio.run(go())
    ep = get_episode(seeded, newest.id)
    assert (ep.note, ep.duration_s, ep.intensity) == ("X", 45, 9)
    assert (ep.site, ep.side, ep.started_at) == (newest.site, newest.side, newest.started_at)


def test_d1_same_day_field_changed_on_both_sides_asks_and_keeps_mine(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Stress 8 from the CLI, 6 in the form: both are shown; ``m`` saves 6, sleep stays."""

    async def go() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, DayDialog)
            cli(journal, "day", "--date", TODAY.isoformat(), "--stress", "8", "--sleep", "5")
            dialog.query_one("#stress", Input).value = "6"
            await pilot.press("ctrl+s")
            await settle(pilot)
            conflict = app.screen
            assert isinstance(conflict, ConflictDialog)
            text = _conflict_text(conflict)
            assert "changed elsewhere since you opened it" in text
            assert "Stress" in text and "6" in text and "8" in text
            assert get_day(journal, TODAY).stress == 8  # type: ignore[union-attr]
            await pilot.press("m")
            await settle(pilot)
            assert not isinstance(app.screen, (DayDialog, ConflictDialog))

    asyncio.run(go())
    day = get_day(journal, TODAY)
    assert day is not None and (day.stress, day.sleep_h) == (6, 5)


def test_d1_same_episode_field_changed_on_both_sides_take_theirs(
    seeded: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Intensity 7 from the CLI, 9 in the form: ``t`` keeps 7 and still saves the duration."""
    newest = list_episodes(seeded, limit=1)[0]

    async def go() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("h")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, EpisodeDialog)
            cli(seeded, "edit", newest.id, "-i", "7")
            dialog.query_one("#intensity", Input).value = "9"
            dialog.query_one("#duration", Input).value = "1m"
            await pilot.press("ctrl+s")
            await settle(pilot)
            conflict = app.screen
            assert isinstance(conflict, ConflictDialog)
            assert "Intensity" in _conflict_text(conflict)
            await pilot.press("t")
            await settle(pilot)
            assert not isinstance(app.screen, (EpisodeDialog, ConflictDialog))

    asyncio.run(go())
    ep = get_episode(seeded, newest.id)
    assert (ep.intensity, ep.duration_s) == (7, 60)


def test_d1_back_to_the_form_shows_the_newer_values_then_saves_mine(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``b`` writes nothing and returns to the form, which now shows the CLI's sleep; the
    next save writes the person's stress without asking again."""

    async def go() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, DayDialog)
            cli(journal, "day", "--date", TODAY.isoformat(), "--stress", "8", "--sleep", "5")
            dialog.query_one("#stress", Input).value = "6"
            await pilot.press("ctrl+s")
            await settle(pilot)
            conflict = app.screen
            assert isinstance(conflict, ConflictDialog)
            await pilot.press("b")
            await settle(pilot)
            assert not conflict.is_attached and app.screen is dialog
            assert dialog.query_one("#sleep_h", Input).value == "5"
            assert dialog.query_one("#stress", Input).value == "6"
            assert "saved elsewhere meanwhile" in str(dialog.query_one("#err-form").render())
            assert get_day(journal, TODAY).stress == 8  # type: ignore[union-attr]
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, (DayDialog, ConflictDialog))

    asyncio.run(go())
    day = get_day(journal, TODAY)
    assert day is not None and (day.stress, day.sleep_h) == (6, 5)
