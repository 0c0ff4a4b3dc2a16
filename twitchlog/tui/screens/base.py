"""What every full screen shares: the context, a title, its keys for ``?``, reloading."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.screen import Screen

from twitchlog.context import AppContext
from twitchlog.tui.messages import JournalChanged


class BaseScreen(Screen[None]):
    """A screen that knows the journal and lists its keys for the ``?`` dialog."""

    #: The screen's name in the header.
    TITLE_TEXT: ClassVar[str] = "twitchlog"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx

    @classmethod
    def keys_help(cls) -> list[tuple[str, str]]:
        """This screen's keys for ``?``, read from its bindings (as the palette reads them).

        A binding is listed when it has a ``tooltip``: the sentence a person reads in the ``?``
        list (and on the footer key). Keys without one (``escape``, the app's keys) are in the
        global part of the list. The first key of a binding names it.
        """
        bindings: dict[str, Binding] = {}
        for klass in reversed(cls.__mro__):
            for binding in klass.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding):
                    bindings.pop(binding.key, None)  # listed where the screen lists it
                    bindings[binding.key] = binding
        return [
            (binding.key_display or binding.key.split(",")[0], binding.tooltip)
            for binding in bindings.values()
            if binding.tooltip
        ]

    def on_mount(self) -> None:
        """Show the screen's name in the header (and that the journal is the sample)."""
        self.title = self.TITLE_TEXT
        if self.ctx.demo:
            self.sub_title = "Sample journal"

    def reload(self) -> None:
        """Read again what is shown (the journal changed); screens override it."""

    def on_journal_changed(self, _: JournalChanged) -> None:
        """This app or another process wrote to the journal: read again."""
        self.reload()
