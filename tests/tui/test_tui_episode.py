"""Pilot tests of the episode form: the two-key repeat, a typed site, validation, drafts."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input

from tests.tui.conftest import NOW, episode, settle
from twitchlog.domain.models import Kind
from twitchlog.domain.sites import Side
from twitchlog.storage.journal import Journal
from twitchlog.storage.repository import add_episode, count_episodes, list_episodes
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.dialogs.episode import EpisodeDialog
from twitchlog.tui.screens.home import HomeScreen
from twitchlog.tui.widgets.fields import FieldError


def test_repeat_takes_two_keys(journal: Journal, make_app: Callable[..., TwitchlogApp]) -> None:
    """``g`` then ``enter`` logs the last episode's site, side and kind again, now."""
    add_episode(journal, episode(1, 30, site="eyelid", side=Side.LEFT, kind=Kind.TWITCH))

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("g", "enter")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(run())
    eps = list_episodes(journal)
    assert len(eps) == 2
    newest = eps[0]
    assert (newest.site, newest.side, newest.kind) == ("eyelid", Side.LEFT, Kind.TWITCH)
    assert newest.started_at == NOW


def test_new_episode_with_typed_site_in_six_keys(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``e``, ``calf``, ``ctrl+s``: a new episode with a typed site (six keys)."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("e", *"calf", "ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            assert app.screen.view is not None and app.screen.view.today_episodes == 1

    asyncio.run(run())
    (saved,) = list_episodes(journal)
    assert saved.site == "calf"
    assert saved.started_at == NOW


def test_friendly_site_time_and_details(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``left eye`` at ``10 min ago`` with duration, intensity and a note is saved as typed."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("e")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, EpisodeDialog)
            dialog.query_one("#site", Input).value = "left eye"
            dialog.query_one("#time", Input).value = "10 min ago"
            dialog.query_one("#duration", Input).value = "2m"
            dialog.query_one("#intensity", Input).value = "4"
            dialog.query_one("#note", Input).value = "[bold]after coffee[/"
            await pilot.press("ctrl+s")
            await settle(pilot)

    asyncio.run(run())
    (saved,) = list_episodes(journal)
    assert (saved.site, saved.side) == ("eyelid", Side.LEFT)
    assert (NOW - saved.started_at).total_seconds() == 600
    assert saved.duration_s == 120
    assert saved.intensity == 4
    assert saved.note == "[bold]after coffee[/"


def test_validation_error_shows_at_the_field_and_saves_nothing(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """An unknown site and an intensity of 12 are explained in words; nothing is saved."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("e", *"nose", "ctrl+s")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, EpisodeDialog)
            error = dialog.query_one("#err-site", FieldError)
            assert "is not known" in str(error.render())
            assert error.has_class("-shown")
            dialog.query_one("#site", Input).value = "eyelid"
            dialog.query_one("#intensity", Input).value = "12"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "intensity must be 1-10" in str(dialog.query_one("#err-intensity").render())
            assert not dialog.query_one("#err-site", FieldError).has_class("-shown")
            assert count_episodes(journal) == 0
            dialog.query_one("#intensity", Input).value = "3"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(run())
    assert [e.intensity for e in list_episodes(journal)] == [3]


def test_escape_asks_before_discarding_typed_text(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Escape on a form with typing asks first; "Keep editing" keeps it, "Discard" closes."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("e", *"calf", "escape")
            await pilot.pause()
            assert "Discard what you typed?" in str(app.screen.query_one("#question").render())
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, EpisodeDialog)
            await pilot.press("escape", "y")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("e", "escape")  # nothing typed: closes at once
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)

    asyncio.run(run())
    assert count_episodes(journal) == 0


def test_draft_survives_a_killed_app_and_is_offered_again(
    journal: Journal, make_app: Callable[..., TwitchlogApp], draft_path: Path
) -> None:
    """Typing is kept in a private draft; the next start offers it; saving deletes it."""

    async def first() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("e", *"thigh")
            await pilot.pause(0.8)  # the draft is written after 0.5 s of quiet

    asyncio.run(first())
    saved = json.loads(draft_path.read_text(encoding="utf-8"))
    assert saved["values"]["site"] == "thigh"
    assert draft_path.stat().st_mode & 0o777 == 0o600

    async def second() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert "You were typing an episode" in str(app.screen.query_one("#question").render())
            await pilot.press("y")
            await pilot.pause()
            assert isinstance(app.screen, EpisodeDialog)
            assert app.screen.query_one("#site", Input).value == "thigh"
            await pilot.press("ctrl+s")
            await settle(pilot)

    asyncio.run(second())
    assert [e.site for e in list_episodes(journal)] == ["thigh"]
    assert not draft_path.exists()


def test_again_right_after_logging_repeats_the_new_episode(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``g`` straight after saving repeats what was just saved, not an older episode."""
    add_episode(journal, episode(1, 30, site="eyelid"))

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("e", *"calf", "ctrl+s")
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("g", "enter")
            await settle(pilot)

    asyncio.run(run())
    assert [e.site for e in list_episodes(journal)] == ["calf", "calf", "eyelid"]


def test_a2_ctrl_s_typed_fast_saves_what_was_typed(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Keys typed faster than the app handles them, then ``ctrl+s``: the save waits for the
    typed keys. ``ctrl+s`` is a priority key, so it ran before the site field had taken the
    last letters and refused "site 'ca' is not known" while the field showed "calf" (or, in a
    field where the shorter text is valid, e.g. Intensity "1" of "10", saved the wrong value)."""
    from textual import events

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, EpisodeDialog)
            assert isinstance(app.focused, Input) and app.focused.id == "site"
            for key in "calf":  # all queued at once, as a busy app receives them
                app.post_message(events.Key(key, key))
            app.post_message(events.Key("ctrl+s", None))
            await settle(pilot)
            await pilot.pause(0.2)
            await settle(pilot)
            saved = [e.site for e in list_episodes(journal)]
            shown = app.screen is dialog and str(dialog.query_one("#err-site", FieldError).render())
            assert saved == ["calf"], f"not saved; the form says {shown!r}"
            assert app.screen is not dialog

    asyncio.run(run())
