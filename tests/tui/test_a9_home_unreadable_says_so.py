"""Home whose first read fails says so in its Today panel, not "loading…" for ever.

The error was only a toast: once it had gone, Home showed "loading…" with empty panels as
if the journal were still being read."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from tests.tui.conftest import settle
from twitchlog.storage.journal import Journal
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.screens.home import HomeScreen


def test_a9_home_unreadable_journal_says_so_in_today(
    seeded: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    conn = seeded.raw()
    try:  # the newest episode's note no longer valid UTF-8: Home's "Last:" cannot be read
        conn.execute(
            "UPDATE episodes SET note = CAST(x'ff41' AS TEXT)"
            " WHERE id = (SELECT id FROM episodes ORDER BY started_at DESC LIMIT 1)"
        )
        conn.commit()
    finally:
        conn.close()
    before = seeded.path.read_bytes()
    shown: list[str] = []

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            app.clear_notifications()  # a toast goes after a few seconds
            await settle(pilot)
            shown.append(str(app.screen.query_one("#today-text").render()))

    asyncio.run(run())
    assert "loading" not in shown[0], shown
    assert "damaged" in shown[0], shown
    assert seeded.path.read_bytes() == before
