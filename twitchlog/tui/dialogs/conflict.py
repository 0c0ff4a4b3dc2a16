"""Asked when a save collides with a change made elsewhere since the form was opened.

Another window or the command line saved the same day or episode and changed some of the
fields the person changed too. The dialog shows both values of each such field and lets the
person keep theirs (``m``), take the other (``t``), or go back to the form (``b``/``escape``)
to combine them. Everything else was merged already: fields changed on one side only are
never in question.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class Choice(StrEnum):
    """What the person chose."""

    MINE = "mine"
    """Save what they typed for the colliding fields."""
    THEIRS = "theirs"
    """Keep what was saved elsewhere for those fields (their other changes are saved)."""
    BACK = "back"
    """Nothing saved; back to the form, which now shows the newer values."""


@dataclass(frozen=True, slots=True)
class Collision:
    """One field both sides changed: its label and the two values as shown to the person."""

    label: str
    mine: str
    theirs: str


def _table(rows: list[Collision]) -> Text:
    width = max([len(r.label) for r in rows] + [5])
    out = Text()
    out.append(f"{'':<{width}}  yours  →  saved elsewhere\n", style="dim")
    for row in rows:
        out.append(f"{row.label:<{width}}  ", style="bold")
        out.append(row.mine)
        out.append("  →  ", style="dim")
        out.append(row.theirs)
        out.append("\n")
    return out


class ConflictDialog(ModalScreen[Choice]):
    """ "Changed elsewhere since you opened it": both values per field, and three choices."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "choose('mine')", "Keep mine"),
        Binding("t", "choose('theirs')", "Take theirs"),
        Binding("b,escape", "choose('back')", "Back to the form"),
    ]
    DEFAULT_CSS = """
    ConflictDialog { align: center middle; }
    ConflictDialog > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    ConflictDialog #conflict-title { text-style: bold; }
    ConflictDialog #conflict-fields { margin-top: 1; }
    ConflictDialog Horizontal { height: auto; margin-top: 1; }
    ConflictDialog Button { margin-right: 2; }
    """

    def __init__(self, what: str, rows: list[Collision]) -> None:
        super().__init__()
        self.what = what
        self.rows = rows

    def compose(self) -> ComposeResult:
        """Title, explanation, the colliding fields, three buttons."""
        with Vertical():
            yield Static(
                f"This {self.what} was changed elsewhere since you opened it",
                id="conflict-title",
                markup=False,
            )
            yield Static(
                "It was saved meanwhile (another window or the command line). Changes to "
                "other fields are kept either way; these fields were changed on both sides:",
                markup=False,
            )
            yield Static(_table(self.rows), id="conflict-fields", markup=False)
            with Horizontal():
                yield Button("Keep mine (m)", variant="warning", id="mine")
                yield Button("Take theirs (t)", id="theirs")
                yield Button("Back to the form (b)", variant="primary", id="back")

    def on_mount(self) -> None:
        """Going back changes nothing, so it has the focus."""
        self.query_one("#back", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the pressed button."""
        self.dismiss(Choice(event.button.id or "back"))

    def action_choose(self, choice: str) -> None:
        """Answer from the keyboard."""
        self.dismiss(Choice(choice))
