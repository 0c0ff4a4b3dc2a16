"""Issue 14, own symptoms in the TUI: the episode form shows them below the built-in ones
(reached with the keyboard at 80x24), ``ctrl+y`` adds one, and History lists them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import DataTable, SelectionList

from tests.tui.conftest import settle, until
from twitchlog.domain.own_symptoms import CustomSymptom, custom_symptom
from twitchlog.storage.custom import add_symptom, list_symptoms
from twitchlog.storage.journal import Journal
from twitchlog.storage.repository import list_episodes
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.dialogs.episode import EpisodeDialog
from twitchlog.tui.dialogs.own_symptom import OwnSymptomDialog
from twitchlog.tui.screens.history import HistoryScreen
from twitchlog.tui.screens.home import HomeScreen


def test_form_ticks_an_own_symptom_by_keyboard_and_history_lists_it(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``eye strain`` is the seventh box: tab to the list, down six times, space, save."""
    add_symptom(journal, custom_symptom("eye strain"))

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("e", *"calf")
            dialog = app.screen
            assert isinstance(dialog, EpisodeDialog)
            symptoms = dialog.query_one("#symptoms", SelectionList)
            assert [str(symptoms.get_option_at_index(i).prompt) for i in (5, 6)] == [
                "fatigue",
                "eye strain",
            ]
            for _ in range(20):  # tab until the symptoms have the focus
                if symptoms.has_focus:
                    break
                await pilot.press("tab")
            assert symptoms.has_focus
            await pilot.press("home", *["down"] * 6, "space")
            await until(pilot, lambda: symptoms.selected == ["eye_strain"], "eye strain ticked")
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the form closed")
            await pilot.press("h")
            await until(pilot, lambda: isinstance(app.screen, HistoryScreen), "History")
            table = app.screen.query_one(DataTable)
            await until(pilot, lambda: table.row_count > 0, "History's rows")
            row = [str(c) for c in table.get_row_at(0)]
            assert "eye strain" in row, row

    asyncio.run(run())
    (saved,) = list_episodes(journal)
    assert saved.symptoms == {"eye_strain"}


def test_ctrl_y_adds_an_own_symptom_ticked_and_it_saves(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``ctrl+y``, ``jaw ache``, ``enter``: stored, shown below the built-ins, ticked; a
    built-in name is refused at the symptoms."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("e", *"calf", "ctrl+y")
            await until(pilot, lambda: isinstance(app.screen, OwnSymptomDialog), "the question")
            await pilot.press(*"Pain", "enter")
            dialog = app.screen
            assert isinstance(dialog, EpisodeDialog)
            await until(
                pilot,
                lambda: "built-in" in str(dialog.query_one("#err-symptoms").render()),
                "the name refused",
            )
            await pilot.press("ctrl+y")
            await until(pilot, lambda: isinstance(app.screen, OwnSymptomDialog), "asked again")
            await pilot.press(*"jaw ache", "enter")
            symptoms = dialog.query_one("#symptoms", SelectionList)
            await until(pilot, lambda: symptoms.selected == ["jaw_ache"], "added and ticked")
            assert str(symptoms.get_option_at_index(6).prompt) == "jaw ache"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, HomeScreen), "the form closed")

    asyncio.run(run())
    assert list_symptoms(journal) == [CustomSymptom("jaw_ache")]
    (saved,) = list_episodes(journal)
    assert saved.symptoms == {"jaw_ache"}
