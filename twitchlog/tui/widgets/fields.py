"""Form rows: a label, a control, and the validation message shown right under it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static


class FieldError(Static):
    """The sentence saying why a field's value is not allowed; hidden while empty."""

    DEFAULT_CSS = """
    FieldError { color: $error; display: none; padding-left: 18; height: auto; }
    FieldError.-shown { display: block; }
    """

    def __init__(self, field: str) -> None:
        super().__init__("", id=f"err-{field}", markup=False)

    def say(self, message: str) -> None:
        """Show ``message`` (literal text); an empty message hides the row."""
        self.update(Text(message))
        self.set_class(bool(message), "-shown")


class FieldRow(Vertical):
    """``label  [control]`` with its :class:`FieldError` below."""

    DEFAULT_CSS = """
    FieldRow { height: auto; }
    FieldRow > Horizontal { height: auto; }
    FieldRow > Horizontal > Label { width: 18; color: $text-muted; }
    FieldRow > Horizontal > .hint {
        width: 1fr; height: auto; padding: 0 0 0 1; color: $text-muted;
    }
    FieldRow SelectionList { height: auto; width: 40; border: none; padding: 0; }
    /* An unticked box is empty: Textual's dim X reads as ticked in many terminals. */
    FieldRow SelectionList > .selection-list--button { color: $panel; }
    FieldRow SelectionList > .selection-list--button-highlighted { color: $panel; }
    FieldRow Checkbox > .toggle--button { color: $panel; }
    FieldRow Checkbox.-on > .toggle--button { color: $text-success; }
    """

    def __init__(self, label: str, control: Widget, field: str, hint: str = "") -> None:
        super().__init__(id=f"row-{field}")
        self._label = label
        self._control = control
        self._field = field
        self._hint = hint

    def compose(self) -> ComposeResult:
        """Label, control, optional hint, then the error line."""
        with Horizontal():
            yield Label(self._label, markup=False)
            yield self._control
            if self._hint:
                yield Label(self._hint, classes="hint", id=f"hint-{self._field}", markup=False)
        yield FieldError(self._field)
