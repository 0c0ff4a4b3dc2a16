"""What every full screen shares: the context, a title, its keys for ``?``, reloading."""

from __future__ import annotations

from typing import ClassVar

from textual.screen import Screen

from twitchlog.tui.context import TuiContext
from twitchlog.tui.messages import JournalChanged


class BaseScreen(Screen[None]):
    """A screen that knows the journal and lists its keys for the ``?`` dialog."""

    #: Keys of this screen as a person reads them (for ``?``).
    KEYS_HELP: ClassVar[list[tuple[str, str]]] = []
    #: The screen's name in the header.
    TITLE_TEXT: ClassVar[str] = "twitchlog"

    def __init__(self, ctx: TuiContext) -> None:
        super().__init__()
        self.ctx = ctx

    def on_mount(self) -> None:
        """Show the screen's name in the header."""
        self.title = self.TITLE_TEXT

    def reload(self) -> None:
        """Read again what is shown (the journal changed); screens override it."""

    def on_journal_changed(self, _: JournalChanged) -> None:
        """This app or another process wrote to the journal: read again."""
        self.reload()
