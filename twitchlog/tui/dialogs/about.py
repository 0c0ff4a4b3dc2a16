"""``i``: about twitching, in the same calm words as ``twitchlog about``."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from twitchlog.domain.about import about_text


class AboutDialog(ModalScreen[None]):
    """What is common, what a doctor asks, and the signs worth seeing a doctor soon about.

    Scrolls with the arrow keys and page keys at 80x24; ``escape``, ``q`` or ``i`` closes it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,i", "close", "Close")]
    DEFAULT_CSS = """
    AboutDialog { align: center middle; }
    AboutDialog > VerticalScroll {
        width: 74; max-width: 100%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        """The text, plain (never markup), wrapped to fit the dialog."""
        with VerticalScroll():
            yield Static(Text(about_text(68)), id="about-text")

    def on_mount(self) -> None:
        """Focus the scroll area so the arrow keys scroll it."""
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        """Close the text."""
        self.dismiss(None)
