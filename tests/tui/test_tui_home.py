"""Pilot tests of Home: welcome, today at a glance, and rows written by another process."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from textual.message import Message
from textual.widgets import Static

from tests.tui.conftest import NOW, episode, settle
from twitchlog.storage.journal import Journal
from twitchlog.storage.repository import add_episode, list_episodes
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.dialogs.episode import EpisodeDialog
from twitchlog.tui.messages import RepeatLast
from twitchlog.tui.screens.home import HomeScreen


def _text(app: TwitchlogApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def test_new_journal_shows_welcome_with_keys(make_app: Callable[..., TwitchlogApp]) -> None:
    """An empty journal greets the person and says which keys to press."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            assert app.screen.has_class("-empty")
            welcome = _text(app, "#welcome")
            assert "e  log an episode" in welcome
            assert "0 episodes so far" in _text(app, "#today-text")

    asyncio.run(run())


def test_home_shows_today(seeded: Journal, make_app: Callable[..., TwitchlogApp]) -> None:
    """Today's count, check-in state, factors and the medicine are shown."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            today = _text(app, "#today-text")
            assert "1 episode so far" in today
            assert "Checked in" in today
            assert "caffeine, sleep, stress" in today
            assert "magnesium citrate" in _text(app, "#medicines")
            assert "eyelid" in _text(app, "#sites")
            assert not app.screen.has_class("-empty")
            # No welcome, experiment or red flag to show: those panels are not even mounted
            # (each widget on the way to the first frame costs; docs/performance.md).
            assert not app.screen.query("#welcome, #experiment-line, #flags")

    asyncio.run(run())


def test_row_from_another_process_appears_within_two_seconds(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """A ``twitchlog log`` in another terminal shows up on Home within 2 s."""

    async def run() -> None:
        app = make_app(watch=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            home = app.screen
            assert isinstance(home, HomeScreen)
            assert home.view is not None and home.view.today_episodes == 0
            other = Journal(journal.path)  # a second engine: another connection
            add_episode(other, episode(99, 0.1))
            other.dispose()
            started = time.monotonic()
            while time.monotonic() - started < 2.0:
                await pilot.pause(0.1)
                if home.view is not None and home.view.today_episodes == 1:
                    break
            assert home.view is not None and home.view.today_episodes == 1
            assert "1 episode so far" in _text(app, "#today-text")
            assert NOW.year == 2026

    asyncio.run(run())


def test_again_on_home_asks_the_app_with_a_message(
    seeded: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``g`` posts RepeatLast with the newest episode shown; the app opens the repeat form."""
    newest = list_episodes(seeded, limit=1)[0]
    seen: list[Message] = []

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
            await settle(pilot)
            await pilot.press("g")
            await pilot.pause()
            asked = list({id(m): m for m in seen if isinstance(m, RepeatLast)}.values())
            assert len(asked) == 1 and asked[0].loaded and asked[0].last == newest
            dialog = app.screen
            assert isinstance(dialog, EpisodeDialog) and dialog.repeat_of == newest

    asyncio.run(run())


def test_home_logged_line_names_own_factors_with_a_value_today(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """An own factor logged today shows on Home's "Logged:" line beside the built-ins;
    one without a value today does not."""
    from tests.tui.conftest import TODAY
    from twitchlog.domain.factors import FactorKind
    from twitchlog.domain.models import DayLog
    from twitchlog.storage.custom import add_factor, new_factor
    from twitchlog.storage.repository import merge_day_log

    anxiety = add_factor(
        journal, new_factor("anxiety", FactorKind.SCALE, created_on=TODAY, low=0, high=10)
    )
    add_factor(journal, new_factor("cold", FactorKind.TAG, created_on=TODAY))
    merge_day_log(journal, DayLog(day=TODAY, stress=3, custom={anxiety.key: 6.0}))

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            today = _text(app, "#today-text")
            assert "Logged: stress, anxiety" in today, today
            assert "cold" not in today

    asyncio.run(run())
