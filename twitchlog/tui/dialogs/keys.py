"""``?``: every key of the screen underneath and of the app, in one list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

#: Keys every screen has that are not bindings of the app: each screen's way back.
SCREEN_KEYS: tuple[tuple[str, str], ...] = (("esc", "back / cancel"),)

#: What the command palette key does, as a person reads it.
PALETTE_WORDS = "command palette (every action)"


def binding_key(binding: Binding) -> str:
    """The first key of a binding as shown ("question_mark" is "?")."""
    return binding.key_display or format_key(binding.key.split(",")[0])


def global_keys(
    bindings: Iterable[BindingType], palette_key: str | None = None
) -> list[tuple[str, str]]:
    """The app's keys for ``?``, read from its bindings (the app passes its ``BINDINGS``).

    Each binding is listed under its first key with its ``tooltip`` (the sentence a person
    reads), else its description in lower case; then the command palette key, if any, the
    keys every screen has, and quitting last.
    """
    listed: list[tuple[str, str]] = []
    last: list[tuple[str, str]] = []
    for binding in bindings:
        if not isinstance(binding, Binding):
            continue
        words = binding.tooltip or binding.description.lower() or binding.action
        (last if binding.action == "quit" else listed).append((binding_key(binding), words))
    if palette_key:
        listed.append((palette_key, PALETTE_WORDS))
    return [*listed, *SCREEN_KEYS, *last]


def keys_table(
    screen_title: str, screen_keys: list[tuple[str, str]], app_keys: list[tuple[str, str]]
) -> Table:
    """The keys of one screen, then the app's keys."""
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
    table.add_column("key")
    table.add_column("does")
    for key, what in screen_keys:
        table.add_row(key, what)
    if screen_keys:
        table.add_row("", "")
    for key, what in app_keys:
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
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        app_keys = global_keys(app.BINDINGS, palette)
        with VerticalScroll():
            yield Static(keys_table(self.screen_title, self.screen_keys, app_keys))

    def action_close(self) -> None:
        """Close the list."""
        self.dismiss(None)
