"""Pilot tests of History: newest first, edit, delete with confirmation, undo, filters, paging."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.message import Message
from textual.widgets import DataTable, Input, Select

from tests.tui.conftest import episode, settle
from twitchlog.storage.journal import Journal
from twitchlog.storage.repository import count_episodes, get_day, import_entries, list_episodes
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.dialogs.day import DayDialog
from twitchlog.tui.dialogs.episode import EpisodeDialog
from twitchlog.tui.messages import CheckInDay, EditEpisode
from twitchlog.tui.screens.history import PAGE, HistoryScreen
from twitchlog.tui.screens.home import HomeScreen


def test_edit_delete_and_undo(seeded: Journal, make_app: Callable[..., TwitchlogApp]) -> None:
    """``enter`` edits the newest episode; ``delete`` + ``y`` deletes; ``u`` puts it back."""
    total = count_episodes(seeded)
    newest = list_episodes(seeded, limit=1)[0]

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("h")
            await settle(pilot)
            history = app.screen
            assert isinstance(history, HistoryScreen)
            table = history.query_one("#episodes", DataTable)
            assert table.row_count == total
            assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == newest.id
            await pilot.press("enter")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, EpisodeDialog)
            dialog.query_one("#intensity", Input).value = "9"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is history
            assert list_episodes(seeded, limit=1)[0].intensity == 9
            await pilot.press("delete")
            await pilot.pause()
            await pilot.press("y")
            await settle(pilot)
            assert count_episodes(seeded) == total - 1
            assert table.row_count == total - 1
            await pilot.press("u")
            await settle(pilot)
            assert count_episodes(seeded) == total
            assert table.row_count == total
            await pilot.press("delete", "n")  # "Keep"
            await settle(pilot)
            assert count_episodes(seeded) == total
            await pilot.press("delete", "y")
            await settle(pilot)
            await pilot.press("escape")  # leaving the screen ends undo
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("h")
            await settle(pilot)
            await pilot.press("u")
            await settle(pilot)

    asyncio.run(run())
    assert count_episodes(seeded) == total - 1
    restored_then_deleted = {e.id for e in list_episodes(seeded)}
    assert newest.id not in restored_then_deleted


def test_day_rows_can_be_deleted_and_restored(
    seeded: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """The days table: ``delete`` removes the day's log, ``u`` restores it exactly."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("h")
            await settle(pilot)
            history = app.screen
            assert isinstance(history, HistoryScreen)
            days = history.query_one("#days", DataTable)
            days.focus()
            key = days.coordinate_to_cell_key(days.cursor_coordinate).row_key.value
            assert key is not None
            before = history.day_logs[key]
            await pilot.press("delete", "y")
            await settle(pilot)
            assert get_day(seeded, before.day) is None
            await pilot.press("u")
            await settle(pilot)
            assert get_day(seeded, before.day) == before

    asyncio.run(run())


def test_filter_by_site(seeded: Journal, make_app: Callable[..., TwitchlogApp]) -> None:
    """Choosing a site shows only its episodes."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("h")
            await settle(pilot)
            history = app.screen
            assert isinstance(history, HistoryScreen)
            history.query_one("#site", Select).value = "calf"
            await settle(pilot)
            assert {e.site for e in history.episodes.values()} == {"calf"}
            assert len(history.episodes) == count_episodes(seeded, site="calf")

    asyncio.run(run())


def test_large_journal_loads_one_page_at_a_time(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Only a page of rows is built; moving to the end loads the next page."""
    import_entries(journal, episodes=[episode(i, i * 0.5) for i in range(1, 2 * PAGE + 51)])

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("h")
            await settle(pilot)
            history = app.screen
            assert isinstance(history, HistoryScreen)
            table = history.query_one("#episodes", DataTable)
            assert table.row_count == PAGE
            await pilot.press("ctrl+end")
            await settle(pilot)
            assert table.row_count == 2 * PAGE
            assert "Episodes: 250" in str(history.query_one("#episodes-title").render())

    asyncio.run(run())


def test_enter_on_history_asks_the_app_with_a_message(
    seeded: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``enter`` posts EditEpisode / CheckInDay up to the app, which opens the form on that row."""
    newest = list_episodes(seeded, limit=1)[0]
    seen: list[Message] = []

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
            await settle(pilot)
            await pilot.press("h")
            await settle(pilot)
            history = app.screen
            assert isinstance(history, HistoryScreen)
            await pilot.press("enter")
            await pilot.pause()
            # the hook sees a message at each stop (screen, then app): one message object
            asked = {id(m): m for m in seen if isinstance(m, EditEpisode)}
            assert [m.episode.id for m in asked.values()] == [newest.id]
            dialog = app.screen
            assert isinstance(dialog, EpisodeDialog) and dialog.episode == newest
            await pilot.press("escape")
            await pilot.pause()
            days = history.query_one("#days", DataTable)
            days.focus()
            key = days.coordinate_to_cell_key(days.cursor_coordinate).row_key.value
            assert key is not None
            await pilot.press("enter")
            await pilot.pause()
            checked = {id(m): m for m in seen if isinstance(m, CheckInDay)}
            assert [m.day for m in checked.values()] == [history.day_logs[key].day]
            day_dialog = app.screen
            assert isinstance(day_dialog, DayDialog) and day_dialog.day == history.day_logs[key].day

    asyncio.run(run())
