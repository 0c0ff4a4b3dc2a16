"""Snapshot tests of every screen on the seeded journal, frozen clock, 120 x 40 and 80 x 24.

Update after looking at them: ``pytest tests/tui/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import SIZE, settle, until
from twitchlog.storage.journal import Journal
from twitchlog.tui.app import TwitchlogApp

SnapCompare = Callable[..., bool]
#: The standard terminal every screen must work in (issue 12, item 1).
SMALL = (80, 24)


def _keys(*keys: str, rounds: int = 3) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A ``run_before`` that settles, presses ``keys`` and settles again."""

    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
        # History's pages arrive from workers; on a loaded machine after settle's rounds, and
        # its note column (sized to its text on idle) was caught half-sized ("[bo…").
        await until(pilot, lambda: getattr(pilot.app.screen, "loaded", True), "the screen's rows")
        await settle(pilot, rounds=rounds)
        await steady_cursor(pilot)

    return before


async def steady_cursor(pilot: Pilot[Any]) -> None:
    """Stop the text cursors blinking, so the screenshot does not depend on timing."""
    for screen in pilot.app.screen_stack:
        for box in screen.query(Input):
            box.cursor_blink = False
    await pilot.pause()


def test_home_empty(
    journal: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """Home on a new journal: the welcome with the keys."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_keys())


def test_home(
    seeded: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """Home: today, 14 days, the 12-week heatmap, sites, medicines."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_keys())


def test_episode_form_type_ahead(
    seeded: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """The episode form with a site being typed and its suggestion."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_keys("e", *"left ca"))


def test_episode_form_errors(
    seeded: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """Validation messages appear under the field, in words."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_keys("e", *"nose", "ctrl+s"))


def test_repeat_form(
    seeded: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """``g``: the last episode's site, side and kind, now, with Save focused."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_keys("g"))


def test_check_in(
    seeded: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """The check-in pre-filled with today's log, one more coffee counted."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_keys("d", "tab", "plus"))


def test_history(
    seeded: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """History: episodes and days, newest first; the markup note shown as typed."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_keys("h"))


def test_medicines(
    seeded: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """Medicines and health notes."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_keys("m"))


def test_trends(
    seeded: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """Trends: per day with the 7-day mean, by site, by hour, findings."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_keys("t", rounds=6))


def test_report(
    seeded: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """The report screen before making the report (the path set to a fixed one)."""

    async def before(pilot: Pilot[Any]) -> None:
        await _keys("r")(pilot)
        pilot.app.screen.query_one("#path", Input).value = "/reports/twitchlog-report.pdf"
        await steady_cursor(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_keys(
    seeded: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """``?`` lists every key."""
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_keys("question_mark"))


#: Every screen and form, opened by its keys, for the 80 x 24 snapshots.
SMALL_VIEWS: dict[str, tuple[str, ...]] = {
    "home": (),
    "episode_form": ("e", *"left ca"),
    "episode_errors": ("e", *"nose", "ctrl+s"),
    "again": ("g",),
    "check_in": ("d",),
    "history": ("h",),
    "medicines": ("m",),
    "trends": ("t",),
    "report": ("r",),
    "keys": ("question_mark",),
}


def test_item1_home_empty_at_80x24(
    journal: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """Home on a new journal in the standard 80 x 24 terminal: the welcome and every key."""
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_keys())


@pytest.mark.parametrize("view", list(SMALL_VIEWS))
def test_item1_every_screen_at_80x24(
    view: str,
    seeded: Journal,
    make_app: Callable[..., TwitchlogApp],
    snap_compare: SnapCompare,
) -> None:
    """Issue 12 item 1: each screen and form at 80 x 24, charts unwrapped, footer whole."""

    async def before(pilot: Pilot[Any]) -> None:
        await _keys(*SMALL_VIEWS[view], rounds=6)(pilot)
        if view == "report":
            pilot.app.screen.query_one("#path", Input).value = "/reports/twitchlog-report.pdf"
            await steady_cursor(pilot)

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=before)
