"""The own-factors screen (``f``): define, rename, retire and delete, by keys, at 80 x 24."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from tests.tui.conftest import TODAY, settle
from tests.tui.test_tui_snapshots import SMALL, SnapCompare, steady_cursor
from twitchlog.domain.factors import FactorKind, custom_factor
from twitchlog.domain.models import DayLog
from twitchlog.storage.custom import add_factor, list_factors
from twitchlog.storage.journal import Journal
from twitchlog.storage.repository import get_day, replace_day_log
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.commands import palette_commands
from twitchlog.tui.dialogs.day import DayDialog
from twitchlog.tui.dialogs.factor import FactorDialog, RenameFactorDialog
from twitchlog.tui.screens.factors import FactorsScreen

START = TODAY - timedelta(days=30)


def _anxiety_and_cold(journal: Journal) -> None:
    add_factor(
        journal,
        custom_factor("f-anxiety", "anxiety", FactorKind.SCALE, low=0, high=10, created_on=START),
    )
    add_factor(journal, custom_factor("f-cold", "cold", FactorKind.TAG, created_on=START))
    replace_day_log(journal, DayLog(day=TODAY, custom={"f-anxiety": 5.0}))


def _top(app: TwitchlogApp) -> object:
    return app.screen


def _names(screen: FactorsScreen) -> list[str]:
    table = screen.query_one("#factors", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def test_f_adds_a_scale_and_a_number_from_the_keyboard(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``f``, ``a``, a name, ctrl+s: anxiety 0-10; a number needs its largest value."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            await pilot.press("f")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, FactorsScreen)
            await pilot.press("a")
            await settle(pilot)
            assert isinstance(app.screen, FactorDialog)
            await pilot.press(*"anxiety", "ctrl+s")
            await settle(pilot)
            assert _top(app) is screen
            assert _names(screen) == ["anxiety"]
            await pilot.press("a")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, FactorDialog)
            form.query_one("#name", Input).value = "magnesium food"
            form.query_one("#kind", Select).value = "number with a unit"
            await pilot.pause()
            assert form.query_one("#row-max").display
            form.query_one("#unit", Input).value = "servings"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "needs its largest value" in str(form.query_one("#err-max").render())
            assert len(list_factors(journal)) == 1  # nothing written
            form.query_one("#max", Input).value = "10"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert _names(screen) == ["anxiety", "magnesium food"]

    asyncio.run(run())
    factors = {f.name: f for f in list_factors(journal)}
    assert factors["anxiety"].kind is FactorKind.SCALE
    assert (factors["anxiety"].low, factors["anxiety"].high) == (0, 10)
    assert factors["magnesium food"].kind is FactorKind.NUMBER
    assert (factors["magnesium food"].unit, factors["magnesium food"].high) == ("servings", 10)
    assert factors["anxiety"].created_on == TODAY


def test_rename_keeps_the_history_and_retire_hides_from_the_check_in(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``n`` renames anxiety to worry (its value stays); ``x``, ``y`` retires it."""
    _anxiety_and_cold(journal)

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            await pilot.press("f")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, FactorsScreen)
            assert _names(screen) == ["anxiety", "cold"]
            await pilot.press("n")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, RenameFactorDialog)
            form.query_one("#name", Input).value = "worry"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert _names(screen) == ["cold", "worry"]
            await pilot.press("down", "x")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert "retired" in str(screen.query_one("#factors", DataTable).get_row_at(1)[4])
            await pilot.press("delete")  # worry has a value: kept
            await settle(pilot)
            assert _names(screen) == ["cold", "worry"]
            await pilot.press("escape", "d")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, DayDialog)
            assert not dialog.query("#own-f-anxiety")
            assert dialog.query("#own-f-cold")

    asyncio.run(run())
    factors = {f.key: f for f in list_factors(journal)}
    assert factors["f-anxiety"].name == "worry"
    assert factors["f-anxiety"].retired_on == TODAY
    day = get_day(journal, TODAY)
    assert day is not None and day.custom == {"f-anxiety": 5.0}


def test_an_unused_factor_can_be_deleted(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``delete`` then ``y`` removes cold, which no day has a value for."""
    _anxiety_and_cold(journal)

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            await pilot.press("f")
            await settle(pilot)
            await pilot.press("down", "delete")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)

    asyncio.run(run())
    assert [f.name for f in list_factors(journal)] == ["anxiety"]


def test_the_palette_lists_own_factors(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    app = make_app()
    command = next(c for c in palette_commands(app) if c.title == "Own factors")
    assert "(f)" in command.help


def test_factors_screen_at_80x24(
    journal: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """The own-factors screen with a scale and a tag, at 80 x 24."""
    _anxiety_and_cold(journal)

    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await steady_cursor(pilot)

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=before)


def test_check_in_with_own_factors_at_80x24(
    journal: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """The check-in scrolled to the own factors (anxiety, cold, tags complete), at 80 x 24."""
    _anxiety_and_cold(journal)

    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        pilot.app.screen.query_one("#own-f-anxiety", Input).focus()
        await settle(pilot)
        await steady_cursor(pilot)

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=before)
