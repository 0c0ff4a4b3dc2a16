"""Plain tests of the TUI's pure pieces: site hints and suggestions, charts, heatmap states."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from twitchlog.domain.models import DayLog
from twitchlog.tui.dialogs.episode import UNKNOWN_SITE_HINT, site_hint
from twitchlog.tui.widgets.charts import bucket, horizontal_bars, rolling_mean, vertical_bars
from twitchlog.tui.widgets.heatmap import NO_TWITCHES, UNKNOWN, heatmap_text
from twitchlog.tui.widgets.site_input import SiteSuggester


def test_site_hint_says_what_the_text_means() -> None:
    """Friendly names resolve; partial text lists candidates; unknown text says so."""
    assert site_hint("L calf") == "= left calf"
    assert site_hint("eye") == "= eyelid"
    assert site_hint("upper a") == "maybe: upper arm"
    assert site_hint("nose") == UNKNOWN_SITE_HINT


def test_suggester_completes_after_a_side_word() -> None:
    """``left ca`` suggests ``left calf``; ``ey`` suggests a catalogue name."""
    suggester = SiteSuggester()
    assert asyncio.run(suggester.get_suggestion("left ca")) == "left calf"
    assert asyncio.run(suggester.get_suggestion("ey")) == "eyelid"
    assert asyncio.run(suggester.get_suggestion("zz")) is None


def test_missing_days_are_drawn_apart_from_zero() -> None:
    """A day not checked in is a dot under the bar; a zero day has a baseline."""
    text = vertical_bars([None, 0.0, 2.0], ["a", "b", "c"], height=2, width=1).plain
    baseline = text.splitlines()[-2]
    assert baseline.split() == ["·", "▔", "▔"]


def test_heatmap_keeps_three_states_apart() -> None:
    """Not checked in, checked in without episodes, and episodes look different."""
    today = date(2026, 11, 29)  # a Sunday
    monday = today - timedelta(days=6)
    days = {monday + timedelta(days=1): DayLog(day=monday + timedelta(days=1), checked_in=True)}
    counts = {monday + timedelta(days=2): 3}
    rows = heatmap_text(monday, today, counts, days).plain.splitlines()
    assert rows[1].startswith("Mon " + UNKNOWN[0])
    assert rows[2].startswith("Tue " + NO_TWITCHES[0])
    assert rows[3].startswith("Wed ██")


def test_rolling_mean_and_bucket() -> None:
    """The 7-day mean skips unknown days; buckets average to fit the width."""
    assert rolling_mean([None, 2.0, 4.0], 7) == [None, 2.0, 3.0]
    values, step = bucket([1.0, 3.0, None, 5.0], 2)
    assert (values, step) == ([2.0, 5.0], 2)
    assert "none recorded" in horizontal_bars([]).plain


def test_drink_counter_changed_can_be_picked_by_selector() -> None:
    """``@on(DrinkCounter.Changed, "#drink-tea")`` hears only tea (Changed needs ``control``)."""
    from textual import on
    from textual.app import App, ComposeResult

    from twitchlog.tui.widgets.drinks import DrinkCounter

    class Drinks(App[None]):
        def __init__(self) -> None:
            super().__init__()
            self.heard: list[tuple[str, int]] = []

        def compose(self) -> ComposeResult:
            yield DrinkCounter("coffee")
            yield DrinkCounter("tea")

        @on(DrinkCounter.Changed, "#drink-tea")
        def _tea(self, event: DrinkCounter.Changed) -> None:
            assert event.control is event.counter
            self.heard.append((event.drink, event.count))

    async def run() -> list[tuple[str, int]]:
        app = Drinks()
        async with app.run_test() as pilot:
            app.query_one("#drink-coffee", DrinkCounter).action_add(1)
            app.query_one("#drink-tea", DrinkCounter).action_add(2)
            await pilot.pause()
        return app.heard

    assert asyncio.run(run()) == [("tea", 2)]
