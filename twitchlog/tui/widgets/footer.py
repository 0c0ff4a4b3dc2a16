"""The footer every screen and form shows: compact in a narrow terminal, so no key is cut.

At 80 columns Textual's footer with its spacing and the ``^p palette`` hint is wider than the
terminal and the last keys disappear. Below :data:`NARROW` columns this footer drops the
spacing and the palette hint (``ctrl+p`` still works and is listed under ``?``).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

#: Terminal widths below this get the compact footer.
NARROW = 110


class KeysFooter(Footer):
    """Textual's footer that turns compact below :data:`NARROW` columns."""

    def on_resize(self, event: events.Resize) -> None:
        """Fit the keys to the new width."""
        narrow = event.size.width < NARROW
        if narrow == self.compact and narrow != self.show_command_palette:
            return
        self.compact = narrow
        self.show_command_palette = not narrow
        self.refresh(recompose=True)
