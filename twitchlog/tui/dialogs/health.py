"""Forms for a new medicine or supplement, and for a test, visit or red-flag note."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.models import (
    RED_FLAG_LABELS,
    HealthNote,
    Medication,
    MedKind,
    NoteKind,
    RedFlag,
    new_id,
)
from twitchlog.domain.times import parse_day
from twitchlog.domain.validation import (
    check_day_not_future,
    validate_health_note,
    validate_medication,
)
from twitchlog.storage.repository import add_health_note, add_medication
from twitchlog.tui.dialogs.form import FormDialog
from twitchlog.tui.messages import HealthNoteSaved, MedicationSaved
from twitchlog.tui.widgets.fields import FieldError, FieldRow


def _value(select: Select[str]) -> str:
    return select.value if isinstance(select.value, str) else ""


class _SimpleForm(FormDialog[Any]):
    """Shared layout of the two small forms (no drafts)."""

    def buttons(self) -> ComposeResult:
        """The error line and Save/Cancel."""
        yield FieldError("form")
        with Horizontal(classes="buttons"):
            yield Button("Save (ctrl+s)", variant="primary", id="save")
            yield Button("Cancel (esc)", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or cancel."""
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()


class MedicationDialog(_SimpleForm):
    """Add a medicine or supplement with its dose and start day."""

    def compose(self) -> ComposeResult:
        """Name, dose, kind, start, note."""
        with VerticalScroll():
            yield Label("Add a medicine or supplement", classes="title")
            yield FieldRow(
                "Name", Input(compact=True, id="name", placeholder="magnesium citrate"), "name"
            )
            yield FieldRow(
                "Dose", Input(compact=True, id="dose", placeholder="300 mg daily"), "dose"
            )
            kinds = [(k.value, k.value) for k in MedKind]
            yield FieldRow(
                "Kind",
                Select(kinds, allow_blank=False, value="medicine", id="kind", compact=True),
                "kind",
            )
            yield FieldRow(
                "Started",
                Input(compact=True, value=self.ctx.today().isoformat(), id="start"),
                "start",
                hint="YYYY-MM-DD, today, yesterday",
            )
            yield FieldRow("Note", Input(compact=True, id="note"), "note")
            yield from self.buttons()

    def on_mount(self) -> None:
        """Start typing the name."""
        self.remember_initial()
        self.query_one("#name", Input).focus()

    def values(self) -> dict[str, str]:
        """The fields as text."""
        out = {k: self.query_one(f"#{k}", Input).value for k in ("name", "dose", "start", "note")}
        out["kind"] = _value(self.query_one("#kind", Select))
        return out

    def fill(self, values: dict[str, str]) -> None:
        """Not used: medicine forms keep no draft."""

    def start_save(self) -> None:
        """Validate and save."""
        v = self.values()
        try:
            start = parse_day(v["start"], self.ctx.today())
        except ValidationError as exc:
            raise ValidationError("start", exc.message) from None
        med = validate_medication(
            Medication(
                id=new_id(),
                name=v["name"].strip(),
                start=start,
                dose=v["dose"].strip(),
                kind=MedKind(v["kind"] or "medicine"),
                note=v["note"],
            )
        )
        self.save_in_worker(lambda: add_medication(self.ctx.journal, med), self._saved)

    def _saved(self, med: Medication) -> None:
        self.app.post_message(MedicationSaved(f"Added {med.name}"))
        self.finish(med)


class HealthNoteDialog(_SimpleForm):
    """Add a test or visit with its result, or a red-flag observation."""

    # The red flags' labels are long: a wide choice keeps each on one or two lines, and the
    # open list scrolls inside the dialog instead of running over its bottom edge.
    DEFAULT_CSS = """
    HealthNoteDialog #kind, HealthNoteDialog #flag { width: 1fr; max-width: 60; }
    HealthNoteDialog #flag > SelectOverlay { max-height: 7; }
    """

    def compose(self) -> ComposeResult:
        """Kind, topic (or red flag), day, text."""
        with VerticalScroll():
            yield Label("Add a test, visit or red-flag observation", classes="title")
            kinds = [
                ("test (blood test, EMG, MRI…)", "test"),
                ("visit", "visit"),
                ("red flag", "flag"),
            ]
            yield FieldRow(
                "Kind",
                Select(kinds, allow_blank=False, value="test", id="kind", compact=True),
                "kind",
            )
            yield FieldRow(
                "Topic", Input(compact=True, id="topic", placeholder="EMG, blood test, GP"), "topic"
            )
            flags = [(RED_FLAG_LABELS[f], f.value) for f in RedFlag]
            yield FieldRow(
                "Red flag", Select(flags, prompt="choose", id="flag", compact=True), "flag"
            )
            yield FieldRow(
                "Day",
                Input(compact=True, value=self.ctx.today().isoformat(), id="day"),
                "date",
                hint="YYYY-MM-DD",
            )
            yield FieldRow("Result / text", Input(compact=True, id="text"), "text")
            yield from self.buttons()

    def on_mount(self) -> None:
        """Show the rows that apply to the kind."""
        self._kind_changed()
        self.remember_initial()

    @on(Select.Changed, "#kind")
    def _kind_changed(self) -> None:
        flag = _value(self.query_one("#kind", Select)) == "flag"
        self.query_one("#row-topic").display = not flag
        self.query_one("#row-flag").display = flag

    def values(self) -> dict[str, str]:
        """The fields as text."""
        out = {k: self.query_one(f"#{k}", Input).value for k in ("topic", "day", "text")}
        out["kind"] = _value(self.query_one("#kind", Select))
        out["flag"] = _value(self.query_one("#flag", Select))
        return out

    def fill(self, values: dict[str, str]) -> None:
        """Not used: note forms keep no draft."""

    def start_save(self) -> None:
        """Validate and save."""
        v = self.values()
        day = parse_day(v["day"], self.ctx.today())
        check_day_not_future(day, self.ctx.today())
        kind = NoteKind(v["kind"] or "test")
        if kind is NoteKind.FLAG and not v["flag"]:
            raise ValidationError("flag", "choose which red flag was observed")
        topic = v["flag"] if kind is NoteKind.FLAG else v["topic"].strip()
        note = validate_health_note(
            HealthNote(id=new_id(), day=day, kind=kind, topic=topic, text=v["text"])
        )
        self.save_in_worker(lambda: add_health_note(self.ctx.journal, note), self._saved)

    def _saved(self, note: HealthNote) -> None:
        self.app.post_message(HealthNoteSaved(f"Added {note.kind.value} note"))
        self.finish(note)
