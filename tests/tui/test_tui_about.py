"""The About screen: ``i`` (or the palette) shows the same calm words as ``twitchlog about``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import Static

from tests.tui.conftest import settle
from twitchlog.domain.models import RED_FLAG_LABELS
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.dialogs.about import AboutDialog


def test_about_screen_opens_with_i_shows_the_red_flags_and_closes_at_80x24(
    make_app: Callable[..., TwitchlogApp],
) -> None:
    """At 80x24: ``i`` opens the text with the doctor-soon signs; it scrolls; ``escape``
    goes back to Home."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            home = app.screen
            await pilot.press("i")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, AboutDialog)
            shown = str(dialog.query_one("#about-text", Static).render())
            assert "See a doctor soon" in shown
            first_flag = next(iter(RED_FLAG_LABELS.values()))
            assert first_flag[1:] in " ".join(shown.split())
            await pilot.press("end")
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is home

    asyncio.run(run())


def test_about_is_in_the_keys_list_and_the_palette(make_app: Callable[..., TwitchlogApp]) -> None:
    """The key is advertised where keys are listed, and the palette offers it."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert titles.count("About twitching") == 1

    asyncio.run(run())
