"""Issue 14 attacked: an own symptom added by another process (the CLI) while the episode
form is open."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import SelectionList

from tests.tui.conftest import settle, until
from twitchlog.domain.own_symptoms import custom_symptom
from twitchlog.storage.custom import add_symptom
from twitchlog.storage.journal import Journal
from twitchlog.storage.repository import list_episodes
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.dialogs.episode import EpisodeDialog
from twitchlog.tui.dialogs.own_symptom import OwnSymptomDialog
from twitchlog.tui.screens.home import HomeScreen


def test_a7_ctrl_y_ticks_a_symptom_the_cli_added_while_the_form_was_open(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """The form is open; ``twitchlog symptom add 'jaw ache'`` runs elsewhere; ``ctrl+y``,
    ``jaw ache`` said "jaw ache is already one of your symptoms" and the form had no box for
    it, so it could not be ticked without closing the form. It is now shown, ticked."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("e", *"calf")
            dialog = app.screen
            assert isinstance(dialog, EpisodeDialog)
            other = Journal.open(journal.path)  # the CLI's own connection
            add_symptom(other, custom_symptom("jaw ache"))
            other.dispose()
            await pilot.press("ctrl+y")
            await until(pilot, lambda: isinstance(app.screen, OwnSymptomDialog), "the question")
            await pilot.press(*"jaw ache", "enter")
            symptoms = dialog.query_one("#symptoms", SelectionList)
            await until(pilot, lambda: symptoms.selected == ["jaw_ache"], "shown and ticked")
            assert str(dialog.query_one("#err-symptoms").render()).strip() == ""
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the form closed")

    asyncio.run(run())
    (saved,) = list_episodes(journal)
    assert saved.symptoms == {"jaw_ache"}
