"""Issue 14, own places in the TUI: the episode form offers and accepts them (side rule
included), ``ctrl+o`` adds a typed place, and History shows and filters them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import DataTable, Input, Label, Select

from tests.tui.conftest import episode, settle, until
from twitchlog.domain.own_sites import CustomSite, custom_site
from twitchlog.domain.sites import Side
from twitchlog.storage.custom import add_site, list_sites
from twitchlog.storage.journal import Journal
from twitchlog.storage.repository import add_episode, count_episodes, list_episodes
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.dialogs.episode import UNKNOWN_SITE_HINT, EpisodeDialog, site_hint
from twitchlog.tui.dialogs.own_place import OwnPlaceDialog
from twitchlog.tui.screens.history import HistoryScreen
from twitchlog.tui.screens.home import HomeScreen
from twitchlog.tui.widgets.fields import FieldError
from twitchlog.tui.widgets.site_input import SiteSuggester

KNEE = CustomSite("behind_the_knee", sided=True)
NAPE = CustomSite("nape", sided=False)


def test_site_hint_and_suggestions_know_own_places() -> None:
    """``behind t`` completes to the own place; ``nape`` resolves; a midline place with a
    side says why; an unknown place says how to add it."""
    own = [KNEE, NAPE]
    assert site_hint("left behind the knee", own) == "= left behind the knee"
    assert site_hint("nape", own) == "= nape"
    assert "midline" in site_hint("left nape", own)
    assert site_hint("temple", own) == UNKNOWN_SITE_HINT
    assert site_hint("nape") == UNKNOWN_SITE_HINT
    suggester = SiteSuggester(own)
    assert asyncio.run(suggester.get_suggestion("left behind t")) == "left behind the knee"
    assert asyncio.run(SiteSuggester().get_suggestion("behind t")) is None


def test_episode_form_offers_and_saves_an_own_place_with_its_side(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Typed ``left behind t``, ``→`` accepts the own place; saved with its side."""
    add_site(journal, custom_site("behind the knee", sided=True))

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("e", *"left behind t")
            await until(
                pilot,
                lambda: app.screen.query_one("#site", Input)._suggestion == "left behind the knee",
                "the own place suggested",
            )
            await pilot.press("right", "ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the form closed")

    asyncio.run(run())
    (saved,) = list_episodes(journal)
    assert (saved.site, saved.side) == ("behind_the_knee", Side.LEFT)


def test_midline_own_place_refuses_a_side_and_saves_nothing(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``nape`` is on the midline: ``left nape`` is explained at the form; plain ``nape`` saves."""
    add_site(journal, custom_site("nape", sided=False))

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("e", *"left nape", "ctrl+s")
            dialog = app.screen
            assert isinstance(dialog, EpisodeDialog)
            await until(
                pilot,
                lambda: "midline" in str(dialog.query_one("#err-side", FieldError).render()),
                "the side error shown",
            )
            assert count_episodes(journal) == 0
            dialog.query_one("#site", Input).value = "nape"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the form closed")

    asyncio.run(run())
    (saved,) = list_episodes(journal)
    assert (saved.site, saved.side) == ("nape", None)


def test_ctrl_o_adds_the_typed_site_as_own_place_and_it_saves(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``temple`` is unknown: ``ctrl+o``, ``s`` (has sides) adds it; ``right temple`` saves."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("e", *"temple")
            dialog = app.screen
            assert isinstance(dialog, EpisodeDialog)
            await until(
                pilot,
                lambda: "ctrl+o" in str(dialog.query_one("#hint-site", Label).render()),
                "the hint offers ctrl+o",
            )
            await pilot.press("ctrl+o")
            await until(pilot, lambda: isinstance(app.screen, OwnPlaceDialog), "the question")
            await pilot.press("s")
            await until(
                pilot,
                lambda: (
                    app.screen is dialog
                    and str(dialog.query_one("#hint-site", Label).render()) == "= temple"
                ),
                "the place added",
            )
            assert list_sites(journal) == [CustomSite("temple", sided=True)]
            dialog.query_one("#site", Input).value = "right temple"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the form closed")

    asyncio.run(run())
    (saved,) = list_episodes(journal)
    assert (saved.site, saved.side) == ("temple", Side.RIGHT)


def test_ctrl_o_on_a_catalogue_site_adds_nothing_and_escape_cancels(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``ctrl+o`` on ``calf`` says it is known; on ``nape`` then ``escape`` adds nothing."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("e", *"calf", "ctrl+o")
            dialog = app.screen
            assert isinstance(dialog, EpisodeDialog)
            await until(
                pilot,
                lambda: "already known" in str(dialog.query_one("#err-site", FieldError).render()),
                "the site error shown",
            )
            dialog.query_one("#site", Input).value = "nape"
            await pilot.press("ctrl+o")
            await until(pilot, lambda: isinstance(app.screen, OwnPlaceDialog), "the question")
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is dialog, "back at the form")

    asyncio.run(run())
    assert list_sites(journal) == []
    assert count_episodes(journal) == 0


def test_history_shows_and_filters_own_places(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """An episode at an own place is listed; the Site filter offers the place and keeps it."""
    add_site(journal, custom_site("nape", sided=False))
    add_episode(journal, episode(1, 2, site="nape", side=None))
    add_episode(journal, episode(2, 3, site="calf"))

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("h")
            await until(pilot, lambda: isinstance(app.screen, HistoryScreen), "History")
            screen = app.screen
            table = screen.query_one("#episodes", DataTable)
            await until(pilot, lambda: table.row_count == 2, "two episodes listed")
            cells = " ".join(str(c) for r in range(2) for c in table.get_row_at(r))
            assert "nape" in cells
            select = screen.query_one("#site", Select)
            select.value = "nape"
            await until(pilot, lambda: table.row_count == 1, "only the nape episode")
            assert "nape" in " ".join(str(c) for c in table.get_row_at(0))

    asyncio.run(run())
