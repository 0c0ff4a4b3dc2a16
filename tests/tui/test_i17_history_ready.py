"""Issue 17: History is built in the background while Home is shown, so ``h`` only switches
screens; the screen built in advance still shows what was saved after it was built."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date

from textual.widgets import DataTable

from tests.tui.conftest import episode, settle, until
from twitchlog.domain.models import DayLog
from twitchlog.storage.journal import Journal
from twitchlog.storage.repository import add_episode, count_episodes, replace_day_log
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.screens.history import HistoryScreen
from twitchlog.tui.screens.home import HomeScreen


def _first_key(table: DataTable[object]) -> object:
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def test_h_shows_history_built_in_advance_with_entries_saved_after(
    seeded: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """After Home's data, a History screen is built off the stack with its first pages; an
    episode and a check-in saved by another process after that are in its tables when ``h``
    shows that very screen (the change watcher reaches it); leaving it builds the next one."""
    total = count_episodes(seeded)
    newest = episode(900, 0.5, site="calf", note="saved after the build")
    checked = date(2026, 11, 1)

    async def run() -> None:
        app = make_app(watch=True, prebuild=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await until(pilot, lambda: app._ready_history is not None, "History built")
            ready = app._ready_history
            assert isinstance(ready, HistoryScreen)
            assert ready not in app.screen_stack  # built, not shown
            episodes = ready.query_one("#episodes", DataTable)
            await until(pilot, lambda: episodes.row_count == total, "its first page")
            add_episode(seeded, newest)  # another connection, as another process would
            replace_day_log(seeded, DayLog(day=checked, checked_in=True, note="late check-in"))
            app._poll()  # the once-a-second watcher, without waiting for its timer
            await settle(pilot)
            await pilot.press("h")
            await settle(pilot)
            assert app.screen is ready
            assert app._ready_history is None
            assert episodes.row_count == total + 1
            assert _first_key(episodes) == newest.id
            assert checked.isoformat() in ready.day_logs
            assert ready.query_one("#days", DataTable).visible  # drawn after the first frame
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            await until(pilot, lambda: app._ready_history is not None, "the next one")
            assert app._ready_history is not ready

    asyncio.run(run())
