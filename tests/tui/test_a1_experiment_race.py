"""A1: the TUI's stop confirmation stops only the experiment it named."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from tests.tui.conftest import NOW, SIZE, TODAY, press_settled, settle
from tests.tui.test_tui_experiment import PLAN, _running
from twitchlog.domain.experiment_record import ExperimentStatus
from twitchlog.storage.experiments import list_experiments, start_experiment, stop_experiment
from twitchlog.storage.journal import Journal
from twitchlog.tui.app import TwitchlogApp


def test_a1_stop_dialog_does_not_stop_an_experiment_started_elsewhere_meanwhile(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """The TUI asks "Stop the caffeine experiment?"; meanwhile the CLI stops that one and
    starts another. Answering "Stop" stopped the new one, which the person never saw in the
    question (an ended experiment can never be started again)."""
    _running(journal)
    other = replace(PLAN, test_words="at most 50 mg", start=TODAY + timedelta(days=1))

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await press_settled(pilot, "p")
            await pilot.press("x")  # the question is open
            await settle(pilot)
            stop_experiment(journal, TODAY, NOW)  # elsewhere: stop it, start another
            start_experiment(journal, other, TODAY, seed=7, now=NOW)
            await pilot.press("y")
            await settle(pilot, rounds=8)

    asyncio.run(run())
    first, second = list_experiments(journal)
    assert first.status is ExperimentStatus.STOPPED
    assert second.plan.test_words == "at most 50 mg"
    assert second.status is ExperimentStatus.RUNNING


def test_a1_start_form_says_the_range_of_a_number_that_is_not_one(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """An empty or non-number Weeks / Block days / Washout days said "must be a whole number,
    for example 2": no range, and for washout days with 2-day blocks an example that is
    itself refused."""
    from textual.widgets import Input, Static

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await press_settled(pilot, "p", "s")
            await pilot.press(*"none")

            async def refused(field: str) -> str:
                for f, good in (("weeks", "8"), ("block_days", "2"), ("washout_days", "1")):
                    app.screen.query_one(f"#{f}", Input).value = "x" if f == field else good
                await pilot.press("ctrl+s")
                await settle(pilot, rounds=6)
                return str(app.screen.query_one(f"#err-{field}", Static).render())

            assert "weeks must be a whole number 2-26, for example 8 (got 'x')" in (
                await refused("weeks")
            )
            assert "block days must be a whole number 1-7, for example" in (
                await refused("block_days")
            )
            assert (
                "washout days must be a whole number from 0 to one less than the block days, "
                "for example 0 (got 'x')" in await refused("washout_days")
            )

    asyncio.run(run())
    assert list_experiments(journal) == []
