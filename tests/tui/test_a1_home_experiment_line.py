"""Home's experiment line with long condition words (up to 200 characters) took four rows of
an 80x24 screen; it is one row now, cut with an ellipsis (the Experiment screen has it all)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

from textual.widgets import Static

from tests.tui.conftest import NOW, TODAY, settle
from twitchlog.domain.experiment import ExperimentPlan
from twitchlog.storage.experiments import start_experiment
from twitchlog.storage.journal import Journal
from twitchlog.tui.app import TwitchlogApp


def test_a1_long_condition_words_keep_home_s_experiment_line_to_one_row(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    words = "at most 100 mg " + "and then some more words about it " * 5
    plan = ExperimentPlan(
        "caffeine_mg", "caffeine", words[:200], "as usual " + "x" * 150,
        TODAY - timedelta(days=3), weeks=4,
    )  # fmt: skip
    start_experiment(journal, plan, plan.start, seed=42, now=NOW - timedelta(days=4))

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            line = app.screen.query_one("#experiment-line", Static)
            assert line.display and line.size.height == 1, line.size
            assert str(line.render()).startswith("Experiment: caffeine, day 4 of 28")

    asyncio.run(run())
