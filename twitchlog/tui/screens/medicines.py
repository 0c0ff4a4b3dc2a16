"""Medicines and health notes: add, stop and list medicines and supplements; tests, visits and
red-flag observations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from twitchlog.context import AppContext
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.models import RED_FLAG_LABELS, HealthNote, Medication, NoteKind, RedFlag
from twitchlog.domain.validation import inert
from twitchlog.storage.errors import JournalError
from twitchlog.storage.repository import list_health_notes, list_medications, stop_medication
from twitchlog.tui.dialogs.confirm import ConfirmDialog
from twitchlog.tui.dialogs.health import HealthNoteDialog, MedicationDialog
from twitchlog.tui.messages import MedicationSaved
from twitchlog.tui.screens.base import BaseScreen
from twitchlog.tui.text import cell
from twitchlog.tui.widgets.columns import Column, Shown, fit_columns, pick, set_columns
from twitchlog.tui.widgets.footer import KeysFooter
from twitchlog.tui.workers import deliver, deliver_error


@dataclass(frozen=True)
class HealthLists:
    """Everything the screen lists."""

    medications: list[Medication]
    notes: list[HealthNote]


def note_topic(note: HealthNote) -> str:
    """A red flag's wording, or the test's or visit's name."""
    if note.kind is NoteKind.FLAG and note.topic in {f.value for f in RedFlag}:
        return RED_FLAG_LABELS[RedFlag(note.topic)]
    return note.topic


#: From this width every column; below it the columns that fit, some narrower.
WIDE_FROM = 110
MED_COLUMNS: tuple[Column, ...] = (
    ("Name", 30),
    ("Dose", 20),
    ("Kind", 10),
    ("Started", 10),
    ("Stopped", 15),
    ("Note", None),
)
MED_NARROW = {"Name": 18, "Dose": 14, "Started": 10, "Stopped": 15, "Note": None}
NOTE_COLUMNS: tuple[Column, ...] = (("Day", 10), ("Kind", 5), ("Topic", 50), ("Text", None))
NOTE_NARROW = {"Day": 10, "Kind": 5, "Topic": 24, "Text": None}


class MedicinesScreen(BaseScreen):
    """Medicines and supplements, then tests, visits and red flags."""

    TITLE_TEXT = "twitchlog — Medicines and health notes"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.home", "Home"),
        Binding("a", "add_medicine", "Add medicine", tooltip="add a medicine or supplement"),
        Binding(
            "s", "stop", "Stop medicine", tooltip="stop the medicine under the cursor (as of today)"
        ),
        Binding("n", "add_note", "Add note", tooltip="add a test, visit or red-flag observation"),
        Binding(
            "tab",
            "app.focus_next",
            "Focus Next",
            show=False,
            tooltip="move between the two tables",
        ),
    ]
    DEFAULT_CSS = """
    MedicinesScreen .table-title { padding: 0 1; text-style: bold; }
    MedicinesScreen DataTable { height: 1fr; }
    """

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.medications: dict[str, Medication] = {}
        self._shown: dict[str, list[Shown]] = {}

    def compose(self) -> ComposeResult:
        """Two tables."""
        yield Header()
        yield Static(
            "Medicines and supplements (a adds, s stops)", classes="table-title", markup=False
        )
        meds: DataTable[Text | str] = DataTable(
            id="medications", cursor_type="row", zebra_stripes=True
        )
        yield meds
        yield Static("Tests, visits and red flags (n adds)", classes="table-title", markup=False)
        notes: DataTable[Text | str] = DataTable(id="notes", cursor_type="row", zebra_stripes=True)
        yield notes
        yield KeysFooter()

    def on_mount(self) -> None:
        """Load the lists."""
        super().on_mount()
        self._fit_columns()
        self.query_one("#medications", DataTable).focus()
        self.reload()

    def _fit_columns(self) -> bool:
        """Choose the columns that fit the terminal; True if they changed."""
        width = self.app.size.width
        shown = {
            "medications": fit_columns(MED_COLUMNS, MED_NARROW, width, WIDE_FROM),
            "notes": fit_columns(NOTE_COLUMNS, NOTE_NARROW, width, WIDE_FROM),
        }
        if shown == self._shown:
            return False
        self._shown = shown
        for name, columns in shown.items():
            set_columns(self.query_one(f"#{name}", DataTable), columns)
        return True

    def on_resize(self) -> None:
        """Narrower or wider than WIDE_FROM: other columns, read again."""
        if self._shown and self._fit_columns():
            self.reload()

    def reload(self) -> None:
        """Read the lists in a worker."""
        self._load()

    @work(thread=True, exclusive=True, group="medicines")
    def _load(self) -> None:
        try:
            lists = HealthLists(
                list_medications(self.ctx.journal), list_health_notes(self.ctx.journal)
            )
        except JournalError as exc:
            deliver_error(self, exc)
            return
        deliver(self, self._show, lists)

    def _show(self, lists: HealthLists) -> None:
        if not self._shown:
            self._fit_columns()
        meds: DataTable[Text | str] = self.query_one("#medications", DataTable)
        row = meds.cursor_row
        meds.clear()
        self.medications = {m.id: m for m in lists.medications}
        today = self.ctx.today()
        # Current ones first, each group newest start first (the order a doctor asks in).
        for m in sorted(
            lists.medications, key=lambda m: (m.stop is not None, -m.start.toordinal())
        ):
            if m.stop:
                state = m.stop.isoformat()
            else:
                state = "not started yet" if m.start > today else "taking"
            cells: list[Text | str] = [
                cell(m.name, 30),
                cell(m.dose, 20),
                m.kind.value,
                m.start.isoformat(),
                state,
                cell(m.note, 30),
            ]
            meds.add_row(*pick(cells, self._shown["medications"]), key=m.id)
        if meds.row_count:
            meds.move_cursor(row=min(row, meds.row_count - 1))
        notes: DataTable[Text | str] = self.query_one("#notes", DataTable)
        notes.clear()
        for n in reversed(lists.notes):
            row_cells: list[Text | str] = [
                n.day.isoformat(),
                n.kind.value,
                cell(note_topic(n), 50),
                cell(n.text, 50),
            ]
            notes.add_row(*pick(row_cells, self._shown["notes"]), key=n.id)

    def action_add_medicine(self) -> None:
        """Open the medicine form."""
        self.app.push_screen(MedicationDialog(self.ctx))

    def action_add_note(self) -> None:
        """Open the health-note form."""
        self.app.push_screen(HealthNoteDialog(self.ctx))

    def action_stop(self) -> None:
        """Stop the medicine under the cursor as of today, after a confirmation."""
        meds: DataTable[Text | str] = self.query_one("#medications", DataTable)
        if meds.row_count == 0:
            self.notify("No medicine to stop.")
            return
        key = meds.coordinate_to_cell_key(meds.cursor_coordinate).row_key.value
        med = self.medications.get(str(key))
        if med is None:
            return
        if med.stop is not None:
            self.notify(f"{inert(med.name)} was already stopped on {med.stop}.", markup=False)
            return
        today = self.ctx.today()

        def answered(yes: bool | None) -> None:
            if yes and med is not None:
                self._stop(med, today)

        self.app.push_screen(
            ConfirmDialog(f"Stop {inert(med.name)} as of today ({today})?", yes="Stop", no="Keep"),
            answered,
        )

    @work(thread=True, group="medicines-write")
    def _stop(self, med: Medication, day: date) -> None:
        try:
            stopped = stop_medication(self.ctx.journal, med.id, day)
        except (JournalError, ValidationError) as exc:
            deliver_error(self, exc)
            return
        deliver(self, self.app.post_message, MedicationSaved(f"Stopped {inert(stopped.name)}"))
