"""Your own factors (``f``): define, rename, retire and delete what you track beside the built-ins.

A retired factor is hidden from the check-in and kept with its history (the analysis still
reads its values); only a factor no day has a value for can be deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from twitchlog.context import AppContext
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.factors import FactorDef, FactorKind
from twitchlog.domain.validation import inert
from twitchlog.storage.custom import (
    delete_factor,
    factor_use,
    list_factors,
    retire_factor,
    unretire_factor,
)
from twitchlog.storage.errors import JournalError
from twitchlog.tui.dialogs.confirm import ConfirmDialog
from twitchlog.tui.dialogs.factor import FactorDialog, RenameFactorDialog
from twitchlog.tui.messages import EntrySaved
from twitchlog.tui.screens.base import BaseScreen
from twitchlog.tui.text import cell
from twitchlog.tui.widgets.footer import KeysFooter
from twitchlog.tui.workers import deliver, deliver_error


@dataclass(frozen=True)
class FactorList:
    """The own factors (retired ones too) and how many days have a value for each."""

    factors: list[FactorDef]
    use: dict[str, int]


def kind_text(factor: FactorDef) -> str:
    """``scale 0-10``, ``tag``, ``number 0-10 servings``."""
    if factor.kind is FactorKind.TAG:
        return "yes/no tag"
    return f"{factor.kind.value} {factor.range_text}"


class FactorsScreen(BaseScreen):
    """The person's own factors and tags, with their state and the days logged."""

    TITLE_TEXT = "twitchlog — Your own factors"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.home", "Home"),
        Binding("a", "add", "Add", tooltip="track something of your own: scale, tag or number"),
        Binding("n", "rename", "Rename", tooltip="rename the factor under the cursor"),
        Binding(
            "x",
            "retire",
            "Retire",
            tooltip="hide the factor under the cursor from the check-in (its history stays)",
        ),
        Binding(
            "u",
            "unretire",
            "Bring back",
            show=False,
            tooltip="show a retired factor in the check-in again",
        ),
        Binding(
            "delete",
            "delete",
            "Delete",
            tooltip="delete the factor under the cursor (only if nothing is logged for it)",
        ),
    ]
    DEFAULT_CSS = """
    FactorsScreen .table-title { padding: 0 1; text-style: bold; }
    FactorsScreen #factors-hint { padding: 0 1; color: $text-muted; }
    FactorsScreen DataTable { height: 1fr; }
    """

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.factors: dict[str, FactorDef] = {}
        self.use: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        """The table of factors."""
        yield Header()
        yield Static("Your own factors and tags (a adds)", classes="table-title", markup=False)
        table: DataTable[Text | str] = DataTable(
            id="factors", cursor_type="row", zebra_stripes=True
        )
        for label, width in (
            ("Name", 18),
            ("Kind", 18),
            ("Since", 10),
            ("Days", 4),
            ("State", None),
        ):
            table.add_column(label, width=width)
        yield table
        yield Static(
            "They appear in the check-in (d) below the built-in factors and are analysed like "
            "them in Trends and the report.",
            id="factors-hint",
            markup=False,
        )
        yield KeysFooter()

    def on_mount(self) -> None:
        """Load the list."""
        super().on_mount()
        self.query_one("#factors", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        """Read the list in a worker."""
        self._load()

    @work(thread=True, exclusive=True, group="factors")
    def _load(self) -> None:
        try:
            lists = FactorList(list_factors(self.ctx.journal), factor_use(self.ctx.journal))
        except JournalError as exc:
            deliver_error(self, exc)
            return
        deliver(self, self._show, lists)

    def _show(self, lists: FactorList) -> None:
        table: DataTable[Text | str] = self.query_one("#factors", DataTable)
        row = table.cursor_row
        table.clear()
        self.factors = {f.key: f for f in lists.factors}
        self.use = lists.use
        for f in sorted(lists.factors, key=lambda f: (not f.active, f.name.lower())):
            table.add_row(
                cell(f.name, 18),
                cell(kind_text(f), 18),
                f.created_on.isoformat() if f.created_on else "",
                str(lists.use.get(f.key, 0)),
                "active" if f.active else f"retired {f.retired_on}",
                key=f.key,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _current(self) -> FactorDef | None:
        table: DataTable[Text | str] = self.query_one("#factors", DataTable)
        if table.row_count == 0:
            self.notify("No factor of your own yet: a adds one.")
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.factors.get(str(key))

    def action_add(self) -> None:
        """Open the form for a new factor."""
        self.app.push_screen(FactorDialog(self.ctx))

    def action_rename(self) -> None:
        """Open the rename form for the factor under the cursor."""
        factor = self._current()
        if factor is not None:
            self.app.push_screen(RenameFactorDialog(self.ctx, factor))

    def action_retire(self) -> None:
        """Retire the factor under the cursor as of today, after a confirmation."""
        factor = self._current()
        if factor is None:
            return
        if not factor.active:
            self.notify(f"{inert(factor.name)} was retired on {factor.retired_on}.", markup=False)
            return
        today = self.ctx.today()

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(
                    lambda: retire_factor(self.ctx.journal, factor.name, today),
                    f"Retired {factor.name}: hidden from the check-in, its history stays",
                )

        self.app.push_screen(
            ConfirmDialog(
                f"Retire {inert(factor.name)} as of today ({today})? It leaves the check-in; "
                "what you logged stays and is still analysed.",
                yes="Retire",
                no="Keep",
            ),
            answered,
        )

    def action_unretire(self) -> None:
        """Show a retired factor in the check-in again."""
        factor = self._current()
        if factor is None:
            return
        if factor.active:
            self.notify(f"{inert(factor.name)} is in the check-in.", markup=False)
            return
        self._write(
            lambda: unretire_factor(self.ctx.journal, factor.name),
            f"{factor.name} is back in the check-in",
        )

    def action_delete(self) -> None:
        """Delete the factor under the cursor if no day has a value for it."""
        factor = self._current()
        if factor is None:
            return
        used = self.use.get(factor.key, 0)
        if used:
            self.notify(
                f"{inert(factor.name)} has values on {used} day{'s' if used != 1 else ''} and "
                "is kept; retire it instead (x).",
                markup=False,
            )
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(
                    lambda: delete_factor(self.ctx.journal, factor.name),
                    f"Deleted {factor.name}",
                )

        self.app.push_screen(
            ConfirmDialog(f"Delete {inert(factor.name)}?", yes="Delete", no="Keep"), answered
        )

    @work(thread=True, group="factors-write")
    def _write(self, write: Callable[[], object], summary: str) -> None:
        try:
            write()
        except (JournalError, ValidationError) as exc:
            deliver_error(self, exc)
            return
        deliver(self, self.app.post_message, EntrySaved(summary))
