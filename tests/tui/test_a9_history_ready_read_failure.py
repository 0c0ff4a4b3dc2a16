"""History built in advance whose first read failed: ``h`` must say why, not show empty tables.

The screen built while Home is shown reads its first pages off the stack; a failure then
(a damaged stored text, a busy journal) was only a toast on Home, and ``h`` later showed that
very screen with empty tables and no word about it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import DataTable

from tests.tui.conftest import settle, until
from twitchlog.storage.journal import Journal
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.screens.history import HistoryScreen


def test_a9_history_built_in_advance_says_a_failed_read_when_shown(
    seeded: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    conn = seeded.raw()
    try:  # one note no longer valid UTF-8: Home's counts read fine, History's rows do not
        conn.execute(
            "UPDATE episodes SET note = CAST(x'ff41' AS TEXT)"
            " WHERE id = (SELECT id FROM episodes ORDER BY started_at LIMIT 1)"
        )
        conn.commit()
    finally:
        conn.close()
    said: list[str] = []

    async def run() -> None:
        app = make_app(prebuild=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await until(pilot, lambda: app._ready_history is not None, "History built")
            ready = app._ready_history
            assert isinstance(ready, HistoryScreen)
            await until(pilot, lambda: ready.loaded, "its first read done")
            await settle(pilot)
            assert ready.query_one("#episodes", DataTable).row_count == 0
            app.clear_notifications()  # the person was on Home; a toast there has gone
            await pilot.press("h")
            await settle(pilot)
            assert app.screen is ready
            said.extend(str(n.message) for n in app._notifications)

    asyncio.run(run())
    assert any("damaged" in s for s in said), said
