"""Add a symptom of the person's own (``ctrl+y`` in the episode form).

One line: the symptom's name (``eye strain``); ``enter`` adds it, ``escape`` adds nothing.
The episode form checks the name and stores it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


class OwnSymptomDialog(ModalScreen[str | None]):
    """Asks for the name of a new own symptom; dismisses with the text typed, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]
    DEFAULT_CSS = """
    OwnSymptomDialog { align: center middle; }
    OwnSymptomDialog > Vertical {
        width: 64; max-width: 100%; height: auto;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    OwnSymptomDialog Input { margin-top: 1; }
    OwnSymptomDialog Horizontal { height: auto; margin-top: 1; }
    OwnSymptomDialog Button { margin-right: 1; min-width: 10; }
    """

    def compose(self) -> ComposeResult:
        """The question, the name, and two buttons."""
        with Vertical():
            yield Static(
                "Add a symptom of your own beside weakness, numbness, tingling, pain, "
                "stiffness and fatigue:",
                markup=False,
                id="question",
            )
            yield Input(compact=True, placeholder="eye strain", id="name")
            with Horizontal():
                yield Button("Add (enter)", variant="primary", id="add")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        """Typing starts in the name."""
        self.query_one("#name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """``enter`` in the name adds it."""
        event.stop()
        self._add()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Add or cancel."""
        if event.button.id == "add":
            self._add()
        else:
            self.action_cancel()

    def _add(self) -> None:
        name = self.query_one("#name", Input).value
        self.dismiss(name if name.strip() else None)

    def action_cancel(self) -> None:
        """Nothing is added."""
        self.dismiss(None)
