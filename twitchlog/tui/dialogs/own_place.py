"""Add a place outside the catalogue as the person's own (``ctrl+o`` in the episode form).

The one question is its side rule: ``s`` a place with sides (left, right or both, like
``behind the knee``), ``m`` a midline place that takes no side (like ``jaw`` or ``nape``),
``escape`` adds nothing.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class OwnPlaceDialog(ModalScreen[bool | None]):
    """Asks whether ``label`` has sides; dismisses with True (sided), False (midline) or
    None (cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "answer('sided')", "Has sides"),
        Binding("m", "answer('midline')", "Midline"),
        Binding("escape", "answer('cancel')", "Cancel"),
    ]
    DEFAULT_CSS = """
    OwnPlaceDialog { align: center middle; }
    OwnPlaceDialog > Vertical {
        width: 64; max-width: 100%; height: auto;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    OwnPlaceDialog Horizontal { height: auto; margin-top: 1; }
    OwnPlaceDialog Button { margin-right: 1; min-width: 10; }
    """

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def compose(self) -> ComposeResult:
        """The question and three buttons."""
        with Vertical():
            yield Static(
                f"Add '{self.label}' as your own place? Does it have a left and a right side "
                "(like behind the knee), or is it on the midline (like the jaw)?",
                markup=False,
                id="question",
            )
            with Horizontal():
                yield Button("Has sides (s)", variant="primary", id="sided")
                yield Button("Midline (m)", id="midline")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        """``enter`` picks "has sides"; the keys ``s``/``m`` work from anywhere."""
        self.query_one("#sided", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the pressed button."""
        self.action_answer(event.button.id or "cancel")

    def action_answer(self, choice: str) -> None:
        """``sided``, ``midline`` or ``cancel``."""
        self.dismiss(None if choice == "cancel" else choice == "sided")
