"""``?``: every key of the screen underneath and of the app, in one list."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

#: Keys that apply everywhere, as a person reads them.
GLOBAL_KEYS: tuple[tuple[str, str], ...] = (
    ("e", "log an episode"),
    ("d", "check in a day (any day)"),
    ("h", "history of episodes and days"),
    ("m", "medicines and health notes"),
    ("t", "trends and findings"),
    ("r", "doctor report"),
    ("?", "this list of keys"),
    ("i", "about twitching, when to see a doctor"),
    ("ctrl+p", "command palette (every action)"),
    ("escape", "back / cancel"),
    ("q", "quit"),
)


def keys_table(screen_title: str, screen_keys: list[tuple[str, str]]) -> Table:
    """The keys of one screen, then the global keys."""
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
    table.add_column("key")
    table.add_column("does")
    for key, what in screen_keys:
        table.add_row(key, what)
    if screen_keys:
        table.add_row("", "")
    for key, what in GLOBAL_KEYS:
        table.add_row(key, what)
    table.title = f"Keys — {screen_title}"
    return table


class KeysDialog(ModalScreen[None]):
    """A list of every key; any of ``escape``, ``q`` or ``?`` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "close", "Close")]
    DEFAULT_CSS = """
    KeysDialog { align: center middle; }
    KeysDialog > VerticalScroll {
        width: 70; height: auto; max-height: 90%; border: thick $accent;
        background: $surface; padding: 1 2;
    }
    """

    def __init__(self, screen_title: str, screen_keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.screen_title = screen_title
        self.screen_keys = screen_keys

    def compose(self) -> ComposeResult:
        """The table of keys."""
        with VerticalScroll():
            yield Static(keys_table(self.screen_title, self.screen_keys))

    def action_close(self) -> None:
        """Close the list."""
        self.dismiss(None)
