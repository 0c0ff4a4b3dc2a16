"""A drink counter: ``coffee  − 2 +  190 mg``; ``+``/``-`` (or right/left) change the count."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from twitchlog.domain.models import CAFFEINE_MG_PER_DRINK

#: Most drinks of one kind a day (the domain's limit).
MAX_DRINKS = 50


class DrinkCounter(Widget, can_focus=True):
    """How many of one drink were had; posts :class:`DrinkCounter.Changed` on each change."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,right,equals_sign", "add(1)", "+1 drink", show=True),
        Binding("minus,left", "add(-1)", "−1 drink", show=True),
    ]
    DEFAULT_CSS = """
    DrinkCounter { height: 1; width: 100%; padding: 0 1; }
    DrinkCounter:focus { background: $accent 30%; }
    """

    count: reactive[int] = reactive(0)
    """Drinks of this kind."""

    class Changed(Message):
        """The count of a drink changed."""

        def __init__(self, counter: DrinkCounter, drink: str, count: int) -> None:
            super().__init__()
            self.counter = counter
            self.drink = drink
            self.count = count

        @property
        def control(self) -> DrinkCounter:
            """The counter that changed (lets ``@on(DrinkCounter.Changed, "#drink-coffee")``
            pick one counter, as with Textual's own widgets)."""
            return self.counter

    def __init__(self, drink: str, count: int = 0) -> None:
        super().__init__(id=f"drink-{drink}")
        self.drink = drink
        self.set_reactive(DrinkCounter.count, count)

    def action_add(self, delta: int) -> None:
        """Add ``delta`` drinks (never below 0 or above the limit)."""
        self.count = max(0, min(MAX_DRINKS, self.count + delta))

    def watch_count(self, count: int) -> None:
        """Tell the form."""
        self.post_message(self.Changed(self, self.drink, count))

    def on_click(self) -> None:
        """A click adds one drink (focus it and use - to take one away)."""
        self.action_add(1)

    def render(self) -> Text:
        """``coffee (95 mg)   − 2 +   190 mg``."""
        mg = CAFFEINE_MG_PER_DRINK[self.drink]
        out = Text()
        out.append(f"{self.drink} ({mg} mg)".ljust(18), "dim" if not self.count else "")
        out.append("− ", "bold")
        out.append(f"{self.count:>2}", "bold")
        out.append(" +", "bold")
        out.append(f"   {self.count * mg} mg" if self.count else "", "dim")
        return out
