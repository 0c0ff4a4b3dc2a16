"""Issue 12 cosmetic: the list of red flags opens inside its dialog at 80x24 and scrolls there."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

from tests.tui.conftest import settle
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.dialogs.health import HealthNoteDialog


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_i12_red_flag_list_stays_inside_its_dialog(
    make_app: Callable[..., TwitchlogApp], size: tuple[int, int]
) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            app.push_screen(HealthNoteDialog(app.ctx))
            await settle(pilot)
            app.screen.query_one("#kind", Select).value = "flag"
            await settle(pilot)
            app.screen.query_one("#flag", Select).focus()
            await pilot.press("enter")
            await settle(pilot)
            listed = app.screen.query_one("#flag", Select).query_one(SelectOverlay)
            assert listed.display
            dialog = app.screen.query_one(VerticalScroll).region
            inside = dialog.shrink((1, 1, 1, 1))  # within the border
            assert inside.contains_region(listed.region), (listed.region, dialog)
            assert listed.option_count == 7  # "choose" and the six red flags

    asyncio.run(run())
