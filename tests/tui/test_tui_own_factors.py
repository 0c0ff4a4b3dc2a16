"""Pilot tests of the person's own factors in the day check-in (issue 14)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

from textual.widgets import Checkbox, Input

from tests.tui.conftest import TODAY, settle
from twitchlog.domain.factors import FactorDef, FactorKind, custom_factor, factor_value
from twitchlog.domain.models import DayLog
from twitchlog.storage.custom import add_factor, retire_factor
from twitchlog.storage.journal import Journal
from twitchlog.storage.repository import get_day, replace_day_log
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.dialogs.day import DayDialog
from twitchlog.tui.screens.home import HomeScreen

START = TODAY - timedelta(days=30)


def _define(journal: Journal) -> tuple[FactorDef, FactorDef, FactorDef]:
    anxiety = add_factor(
        journal,
        custom_factor("f-anxiety", "anxiety", FactorKind.SCALE, low=0, high=10, created_on=START),
    )
    cold = add_factor(journal, custom_factor("f-cold", "cold", FactorKind.TAG, created_on=START))
    old = add_factor(
        journal,
        custom_factor("f-old", "old habit", FactorKind.NUMBER, high=5, created_on=START),
    )
    return anxiety, cold, old


async def _open_check_in(app: TwitchlogApp, pilot: object) -> DayDialog:
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("d")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    dialog = app.screen
    assert isinstance(dialog, DayDialog)
    return dialog


def test_check_in_shows_active_own_factors_and_saves_them(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Anxiety and cold appear below the built-ins; a retired factor's value is kept."""
    anxiety, cold, old = _define(journal)
    replace_day_log(journal, DayLog(day=TODAY, custom={old.key: 3.0}))
    retire_factor(journal, "old habit", TODAY)

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            dialog = await _open_check_in(app, pilot)
            assert not dialog.query("#own-f-old")  # retired: hidden from the form
            box = dialog.query_one("#own-f-anxiety", Input)
            assert box.value == ""  # not logged, never 0
            box.value = "6"
            dialog.query_one("#own-f-cold", Checkbox).value = True
            dialog.query_one("#tags_complete", Checkbox).value = True
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(run())
    day = get_day(journal, TODAY)
    assert day is not None
    assert day.custom == {anxiety.key: 6.0, cold.key: 1.0, old.key: 3.0}
    assert day.tags_complete
    assert not day.checked_in  # own factors alone never check a day in


def test_an_unticked_tag_is_no_only_when_tags_are_complete(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Saving anxiety alone leaves cold unknown; ticking "tags complete" makes it "no"."""
    _, cold, _ = _define(journal)

    async def run(complete: bool) -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            dialog = await _open_check_in(app, pilot)
            dialog.query_one("#own-f-anxiety", Input).value = "2"
            dialog.query_one("#tags_complete", Checkbox).value = complete
            await pilot.press("ctrl+s")
            await settle(pilot)

    asyncio.run(run(False))
    day = get_day(journal, TODAY)
    assert day is not None and factor_value(day, cold) is None
    asyncio.run(run(True))
    day = get_day(journal, TODAY)
    assert day is not None and factor_value(day, cold) == 0.0


def test_own_factor_is_prefilled_and_clearing_it_unlogs_it(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """A logged anxiety and cold are shown; an out-of-range value names the factor."""
    anxiety, cold, _ = _define(journal)
    replace_day_log(
        journal, DayLog(day=TODAY, custom={anxiety.key: 4.0, cold.key: 1.0}, tags_complete=True)
    )

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            dialog = await _open_check_in(app, pilot)
            box = dialog.query_one("#own-f-anxiety", Input)
            assert box.value == "4"
            assert dialog.query_one("#own-f-cold", Checkbox).value
            assert dialog.query_one("#tags_complete", Checkbox).value
            box.value = "11"
            await pilot.press("ctrl+s")
            await settle(pilot)
            error = str(dialog.query_one("#err-own-f-anxiety").render())
            assert "anxiety must be a whole number 0-10" in error
            assert get_day(journal, TODAY).custom[anxiety.key] == 4.0  # type: ignore[union-attr]
            box.value = ""
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(run())
    day = get_day(journal, TODAY)
    assert day is not None
    assert day.custom == {cold.key: 1.0}  # anxiety not logged any more, never 0


def test_trends_shows_own_factors_among_the_findings(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """The sample's anxiety and cold are findings in Trends, with their own words."""
    from textual.widgets import Static

    from twitchlog.demo import generate
    from twitchlog.storage.repository import import_entries

    sample = generate(90, seed=171, end=TODAY)
    import_entries(journal, episodes=sample.episodes, days=sample.days, factors=sample.factors)

    async def run() -> str:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot, rounds=6)
            return str(app.screen.query_one("#findings", Static).render())

    text = asyncio.run(run())
    assert "anxiety — " in text
    assert "cold — " in text
    assert "per 2 extra points of anxiety" in text or "Not enough data to check anxiety" in text
    assert "tagged \u201ccold\u201d" in text or "Not enough data to check cold" in text
