"""Forms for the person's own factors: define a new one, or rename one (its history stays)."""

from __future__ import annotations

from typing import ClassVar, Final

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select

from twitchlog.context import AppContext
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.factors import FactorDef, FactorKind
from twitchlog.storage.custom import add_factor, new_factor, rename_factor
from twitchlog.tui.dialogs.form import ErrorCollector, FormDialog
from twitchlog.tui.messages import EntrySaved
from twitchlog.tui.widgets.fields import FieldError, FieldRow

#: The kinds offered, as the Kind list shows them, with their kind and range.
KINDS: Final[dict[str, tuple[FactorKind, float | None, float | None]]] = {
    "scale 0-10 (like stress)": (FactorKind.SCALE, 0, 10),
    "scale 1-5": (FactorKind.SCALE, 1, 5),
    "yes/no tag (a cold, leg day)": (FactorKind.TAG, None, None),
    "number with a unit": (FactorKind.NUMBER, None, None),
}
#: The rows only a number has.
NUMBER_ROWS: Final = ("unit", "min", "max", "whole")


class _FactorForm(FormDialog[FactorDef | None]):
    """Shared buttons of the two forms (they keep no draft)."""

    def buttons(self) -> ComposeResult:
        """The error line and Save/Cancel."""
        yield FieldError("form")
        with Horizontal(classes="buttons"):
            yield Button("Save (ctrl+s)", variant="primary", id="save")
            yield Button("Cancel (esc)", id="cancel")

    def fill(self, values: dict[str, str]) -> None:
        """Not used: these forms keep no draft."""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save or cancel."""
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    def _saved(self, factor: FactorDef, summary: str) -> None:
        self.app.post_message(EntrySaved(summary))
        self.finish(factor)


def _number(field: str, text: str, words: str) -> float | None:
    raw = text.strip().replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise ValidationError(
            field, f"{words} must be a number, for example 10 (got {raw!r})"
        ) from None


class FactorDialog(_FactorForm):
    """Define one of the person's own factors: a scale, a yes/no tag or a number."""

    error_rows: ClassVar[dict[str, str]] = {"scale": "kind"}

    def compose(self) -> ComposeResult:
        """Name, kind, and for a number its unit, range and whole numbers."""
        with VerticalScroll():
            yield Label("Track something of your own", classes="title")
            yield FieldRow(
                "Name",
                Input(compact=True, id="name", placeholder="anxiety"),
                "name",
                hint="as you would say it",
            )
            yield FieldRow(
                "Kind",
                Select(
                    [(k, k) for k in KINDS],
                    allow_blank=False,
                    value=next(iter(KINDS)),
                    id="kind",
                    compact=True,
                ),
                "kind",
            )
            yield FieldRow(
                "Unit", Input(compact=True, id="unit", placeholder="servings"), "unit", hint="short"
            )
            yield FieldRow("Smallest", Input(compact=True, id="min", value="0"), "min")
            yield FieldRow("Largest", Input(compact=True, id="max", placeholder="10"), "max")
            yield FieldRow("Whole numbers", Checkbox("only whole numbers", id="whole"), "whole")
            yield from self.buttons()

    def on_mount(self) -> None:
        """Show the rows that apply to the kind; start typing the name."""
        self._kind_changed()
        self.remember_initial()
        self.query_one("#name", Input).focus()

    @on(Select.Changed, "#kind")
    def _kind_changed(self) -> None:
        number = self._kind()[0] is FactorKind.NUMBER
        for name in NUMBER_ROWS:
            self.query_one(f"#row-{name}").display = number

    def _kind(self) -> tuple[FactorKind, float | None, float | None]:
        value = self.query_one("#kind", Select).value
        return KINDS.get(value if isinstance(value, str) else "", next(iter(KINDS.values())))

    def values(self) -> dict[str, str]:
        """The fields as text."""
        out = {k: self.query_one(f"#{k}", Input).value for k in ("name", "unit", "min", "max")}
        value = self.query_one("#kind", Select).value
        out["kind"] = value if isinstance(value, str) else ""
        out["whole"] = "1" if self.query_one("#whole", Checkbox).value else "0"
        return out

    def build(self) -> FactorDef:
        """The checked definition the fields describe (every field's error at once)."""
        v = self.values()
        kind, low, high = self._kind()
        errors = ErrorCollector()
        unit, whole = "", False
        if kind is FactorKind.NUMBER:
            low = errors.check(lambda: _number("min", v["min"], "the smallest value"))
            high = errors.check(lambda: _number("max", v["max"], "the largest value"))
            unit, whole = v["unit"], v["whole"] == "1"
        errors.raise_any()
        return new_factor(
            v["name"],
            kind,
            created_on=self.ctx.today(),
            low=low,
            high=high,
            unit=unit,
            whole=whole,
        )

    def start_save(self) -> None:
        """Validate and save in a worker."""
        factor = self.build()
        self.save_in_worker(
            lambda: add_factor(self.ctx.journal, factor),
            lambda saved: self._saved(saved, f"Added {saved.name}: it is in the check-in (d)"),
        )


class RenameFactorDialog(_FactorForm):
    """Rename an own factor; its logged values stay with it."""

    def __init__(self, ctx: AppContext, factor: FactorDef) -> None:
        super().__init__(ctx)
        self.factor = factor

    def compose(self) -> ComposeResult:
        """The new name."""
        with VerticalScroll():
            yield Label(f"Rename {self.factor.name}", classes="title", markup=False)
            yield FieldRow(
                "New name",
                Input(compact=True, id="name", value=self.factor.name),
                "name",
                hint="its history stays",
            )
            yield from self.buttons()

    def on_mount(self) -> None:
        """Start typing the name."""
        self.remember_initial()
        self.query_one("#name", Input).focus()

    def values(self) -> dict[str, str]:
        """The field as text."""
        return {"name": self.query_one("#name", Input).value}

    def start_save(self) -> None:
        """Rename in a worker (the journal checks the name)."""
        old, new = self.factor.name, self.values()["name"]
        self.save_in_worker(
            lambda: rename_factor(self.ctx.journal, old, new),
            lambda saved: self._saved(saved, f"Renamed {old} to {saved.name}"),
        )
