"""Pilot tests of the day check-in: drink counters, empty = not logged, any day, errors."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

from textual.widgets import Checkbox, Input

from tests.tui.conftest import TODAY, settle
from twitchlog.domain.models import DayLog
from twitchlog.storage.journal import Journal
from twitchlog.storage.repository import get_day, replace_day_log
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.dialogs.day import DayDialog
from twitchlog.tui.screens.home import HomeScreen


def test_check_in_with_drink_counters(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``d``, tab to coffee, ``+ +``, tab to espresso, ``+``: 253 mg; empty fields stay unlogged."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            await pilot.press("tab", "plus", "plus", "tab", "plus")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, DayDialog)
            assert dialog.query_one("#caffeine_mg", Input).value == "253"
            dialog.query_one("#sleep_h", Input).value = "6.5"
            dialog.query_one("#checked_in", Checkbox).value = True  # said by the person
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            assert "Checked in (no twitches)" in str(app.screen.query_one("#today-text").render())

    asyncio.run(run())
    day = get_day(journal, TODAY)
    assert day is not None
    assert day.checked_in
    assert day.drinks == {"coffee": 2, "espresso": 1}
    assert day.caffeine_mg == 253
    assert day.sleep_h == 6.5
    assert day.stress is None and day.water_l is None  # not logged, never 0


def test_check_in_is_prefilled_and_any_day_can_be_chosen(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """An earlier day is loaded with what is logged; clearing a field un-logs it."""
    earlier = TODAY - timedelta(days=3)
    replace_day_log(journal, DayLog(day=earlier, stress=4, water_l=1.5, note="[red]x[/"))

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, DayDialog)
            day_input = dialog.query_one("#day", Input)
            day_input.value = "-3"
            await pilot.press("enter")
            await settle(pilot)
            assert dialog.query_one("#stress", Input).value == "4"
            assert dialog.query_one("#note", Input).value == "[red]x[/"
            dialog.query_one("#water_l", Input).value = ""
            dialog.query_one("#stress", Input).value = "11"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "stress must be 0-10" in str(dialog.query_one("#err-stress").render())
            assert get_day(journal, earlier) == DayLog(
                day=earlier, stress=4, water_l=1.5, note="[red]x[/"
            )
            dialog.query_one("#stress", Input).value = "5"
            await pilot.press("pageup")  # typed changes: refuses to move away
            await pilot.pause()
            assert "save or cancel" in str(dialog.query_one("#err-form").render())
            await pilot.press("ctrl+s")
            await settle(pilot)

    asyncio.run(run())
    saved = get_day(journal, earlier)
    assert saved is not None
    assert (saved.stress, saved.water_l, saved.checked_in) == (5, None, False)
    assert saved.note == "[red]x[/"
    assert get_day(journal, TODAY) is None


def test_check_in_draft_is_offered_after_a_kill(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """A check-in being typed survives the app closing and is saved after "Continue"."""

    async def first() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            app.screen.query_one("#stress", Input).value = "3"
            await pilot.pause(0.8)

    asyncio.run(first())

    async def second() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            question = str(app.screen.query_one("#question").render())
            assert f"the check-in of {TODAY}" in question
            await pilot.press("y")
            await settle(pilot)
            assert isinstance(app.screen, DayDialog)
            assert app.screen.query_one("#stress", Input).value == "3"
            await pilot.press("ctrl+s")
            await settle(pilot)

    asyncio.run(second())
    saved = get_day(journal, TODAY)
    assert saved is not None and saved.stress == 3 and not saved.checked_in


def test_i11_saving_sleep_alone_never_checks_the_day_in(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Issue 12 item 11: "checked in" means "all of this day's twitches are logged", set only
    by the person ticking it (as the CLI's --check-in); a checked-in day opens ticked."""
    earlier = TODAY - timedelta(days=2)
    replace_day_log(journal, DayLog(day=earlier, checked_in=True, stress=2))

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, DayDialog)
            box = dialog.query_one("#checked_in", Checkbox)
            assert box.value is False
            assert "all of this day's twitches are logged" in str(box.label)
            dialog.query_one("#sleep_h", Input).value = "7"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("d")
            await settle(pilot)
            again = app.screen
            assert isinstance(again, DayDialog)
            again.query_one("#day", Input).value = earlier.isoformat()
            await pilot.press("enter")
            await settle(pilot)
            assert again.query_one("#checked_in", Checkbox).value is True

    asyncio.run(run())
    saved = get_day(journal, TODAY)
    assert saved is not None and saved.sleep_h == 7 and not saved.checked_in
