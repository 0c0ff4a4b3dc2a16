"""Pilot tests of Medicines and health notes: add, stop, list; tests, visits and red flags."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import DataTable, Input, Select

from tests.tui.conftest import TODAY, settle
from twitchlog.domain.models import MedKind, NoteKind
from twitchlog.storage.journal import Journal
from twitchlog.storage.repository import list_health_notes, list_medications
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.dialogs.health import HealthNoteDialog, MedicationDialog
from twitchlog.tui.screens.medicines import MedicinesScreen


def test_add_and_stop_a_medicine(journal: Journal, make_app: Callable[..., TwitchlogApp]) -> None:
    """``m``, ``a``, type the name and dose, ``ctrl+s``; then ``s`` + ``y`` stops it today."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("m")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MedicinesScreen)
            await pilot.press("a", *"prednisone", "tab", *"20 mg")
            await pilot.pause()
            assert isinstance(app.screen, MedicationDialog)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen_stack[-1] is screen
            table = screen.query_one("#medications", DataTable)
            assert table.row_count == 1
            assert "taking" in [str(c) for c in table.get_row_at(0)]
            await pilot.press("s", "y")
            await settle(pilot)
            assert str(TODAY) in [str(c) for c in table.get_row_at(0)]

    asyncio.run(run())
    (med,) = list_medications(journal)
    assert (med.name, med.dose, med.kind) == ("prednisone", "20 mg", MedKind.MEDICINE)
    assert (med.start, med.stop) == (TODAY, TODAY)


def test_empty_name_is_refused_in_words(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Saving a medicine without a name says so next to the field."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("m", "a", "ctrl+s")
            await settle(pilot)
            assert "name must not be empty" in str(app.screen.query_one("#err-name").render())

    asyncio.run(run())
    assert list_medications(journal) == []


def test_add_a_test_result_and_a_red_flag(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``n`` adds a test with its result; a red flag is chosen from the list."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("m", "n")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, HealthNoteDialog)
            dialog.query_one("#topic", Input).value = "EMG"
            dialog.query_one("#text", Input).value = "normal [b]really[/b]"
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.press("n")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, HealthNoteDialog)
            dialog.query_one("#kind", Select).value = "flag"
            await pilot.pause()
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "choose which red flag" in str(dialog.query_one("#err-flag").render())
            dialog.query_one("#flag", Select).value = "weakness"
            await pilot.press("ctrl+s")
            await settle(pilot)
            notes = app.screen.query_one("#notes", DataTable)
            assert notes.row_count == 2

    asyncio.run(run())
    notes = list_health_notes(journal)
    assert {(n.kind, n.topic, n.text) for n in notes} == {
        (NoteKind.TEST, "EMG", "normal [b]really[/b]"),
        (NoteKind.FLAG, "weakness", ""),
    }
