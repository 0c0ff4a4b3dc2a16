"""Issue 12 (cosmetic): the page scroll bar of Home and Trends at 80x24 is one thin column
with a track a 256-colour terminal can tell from the page, not a stray ``▆▆`` beside a panel."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from rich.color import ColorSystem
from textual.color import Color
from textual.containers import VerticalScroll
from textual.screen import Screen

from tests.tui.conftest import settle, until
from twitchlog.storage.journal import Journal
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.screens.home import HomeScreen
from twitchlog.tui.screens.trends import TrendsScreen


def _colour_256(color: Color) -> int | None:
    return color.rich_color.downgrade(ColorSystem.EIGHT_BIT).number


def _check_page(screen: Screen[object]) -> None:
    page = screen.query_one(VerticalScroll)
    assert page.styles.scrollbar_size_vertical == 1, screen
    track = _colour_256(page.styles.scrollbar_background)
    assert track != _colour_256(screen.styles.background), screen
    assert track != _colour_256(page.styles.scrollbar_color), screen


def test_i12_page_scrollbar_is_a_thin_visible_track(
    seeded: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """The scroll bar of Home's and Trends' page is one column wide and its track differs
    from the page background and from the thumb even in 256 colours (tmux)."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await until(pilot, lambda: isinstance(app.screen, HomeScreen), "Home")
            _check_page(app.screen)
            await pilot.press("t")
            await until(pilot, lambda: isinstance(app.screen, TrendsScreen), "Trends")
            _check_page(app.screen)

    asyncio.run(run())
