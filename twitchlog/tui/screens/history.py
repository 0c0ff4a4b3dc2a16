"""History: episodes and day logs in tables, newest first, filtered by period and site.

Rows are read one page at a time (``PAGE`` rows) in a thread worker, and the next page only
when the cursor nears the end, so a 20-year journal opens at once. ``enter`` edits, ``delete``
deletes after a confirmation, ``u`` undoes deletions until the screen is left.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Label, Select, Static

from twitchlog.domain.models import DayLog, Episode
from twitchlog.domain.sites import SITES, site_label
from twitchlog.domain.times import zone
from twitchlog.storage.errors import JournalError, NotFound
from twitchlog.storage.repository import (
    count_episodes,
    delete_episode,
    list_days,
    list_episodes,
    replace_day_log,
    restore_episode,
)
from twitchlog.storage.views import day_counts
from twitchlog.tui.context import TuiContext
from twitchlog.tui.dialogs.confirm import ConfirmDialog
from twitchlog.tui.dialogs.episode import describe
from twitchlog.tui.messages import JournalChanged
from twitchlog.tui.screens.base import BaseScreen
from twitchlog.tui.screens.history_rows import DayPage, EpisodePage, day_cells, episode_cells
from twitchlog.tui.widgets.period import Periods, PeriodSelect
from twitchlog.tui.workers import deliver

#: Rows read per page.
PAGE = 100
#: Load the next page when the cursor is this close to the last row.
PREFETCH = 20
#: Columns and their widths (fixed, so rows never jump while pages load; the note takes the rest).
EPISODE_COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("When", 16),
    ("Site", 9),
    ("Side", 5),
    ("Kind", 6),
    ("Duration", 10),
    ("Int.", 4),
    ("Context", 9),
    ("Seen", 7),
    ("Symptoms", 14),
    ("Note", None),
)
DAY_COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("Day", 10),
    ("Checked in", 10),
    ("Episodes", 8),
    ("Caffeine", 8),
    ("Sleep", 6),
    ("Quality", 7),
    ("Stress", 6),
    ("Cig.", 4),
    ("Exercise", 8),
    ("Alcohol", 7),
    ("Water", 6),
    ("Screen", 6),
    ("Note", None),
)
PERIODS: Periods = (
    ("all time", None),
    ("last 7 days", 7),
    ("last 30 days", 30),
    ("last 90 days", 90),
    ("last year", 365),
)


class HistoryScreen(BaseScreen):
    """Tables of episodes and days."""

    TITLE_TEXT = "twitchlog — History"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.home", "Home"),
        Binding("enter", "edit", "Edit", priority=False),
        Binding("delete", "delete", "Delete"),
        Binding("u", "undo", "Undo delete"),
        Binding("p", "focus_filter('#period')", "Period"),
        Binding("s", "focus_filter('#site')", "Site"),
    ]
    KEYS_HELP: ClassVar[list[tuple[str, str]]] = [
        ("enter", "edit the episode or day under the cursor"),
        ("delete", "delete it (asks first)"),
        ("u", "undo the last deletion (until you leave this screen)"),
        ("p / s", "choose the period / the site"),
        ("tab", "move between the filters and the tables"),
    ]
    DEFAULT_CSS = """
    HistoryScreen #filters { height: auto; padding: 0 1; }
    HistoryScreen #filters Label { padding: 1 1 0 0; }
    HistoryScreen #filters Select { width: 26; }
    HistoryScreen .table-title { padding: 0 1; text-style: bold; }
    HistoryScreen #episodes { height: 2fr; }
    HistoryScreen #days { height: 1fr; }
    """

    def __init__(self, ctx: TuiContext) -> None:
        super().__init__(ctx)
        self.episodes: dict[str, Episode] = {}
        self.day_logs: dict[str, DayLog] = {}
        self.total: int | None = None
        self.days_done = False
        self.undo_stack: list[Episode | DayLog] = []
        self._loading_eps = False
        self._loading_days = False
        self._generation = 0
        self._keep_rows = (0, 0)
        self._loaded_filter: tuple[date | None, str | None] | None = None

    def compose(self) -> ComposeResult:
        """Filters, the episodes table, the days table."""
        yield Header()
        with Horizontal(id="filters"):
            yield Label("Period")
            yield PeriodSelect(PERIODS, default=0)
            yield Label("Site")
            yield Select(
                [("all sites", "")] + [(site_label(s), s) for s in SITES],
                allow_blank=False,
                value="",
                id="site",
            )
        yield Static("Episodes", id="episodes-title", classes="table-title", markup=False)
        episodes: DataTable[Text | str] = DataTable(
            id="episodes", cursor_type="row", zebra_stripes=True
        )
        for label, width in EPISODE_COLUMNS:
            episodes.add_column(label, width=width)
        yield episodes
        yield Static("Days", classes="table-title", markup=False)
        days: DataTable[Text | str] = DataTable(id="days", cursor_type="row", zebra_stripes=True)
        for label, width in DAY_COLUMNS:
            days.add_column(label, width=width)
        yield days
        yield Footer()

    def on_mount(self) -> None:
        """Load the first pages."""
        super().on_mount()
        self.query_one("#episodes", DataTable).focus()
        self.reload()

    # ------------------------------------------------------------ loading

    def _filter(self) -> tuple[date | None, str | None]:
        days = self.query_one(PeriodSelect).days
        start = self.ctx.today() - timedelta(days=days - 1) if days else None
        site = self.query_one("#site", Select).value
        return start, site if isinstance(site, str) and site else None

    def reload(self) -> None:
        """Start again from the first page (filters changed, or the journal did)."""
        self._generation += 1
        self._keep_rows = (
            self.query_one("#episodes", DataTable).cursor_row,
            self.query_one("#days", DataTable).cursor_row,
        )
        self.episodes.clear()
        self.day_logs.clear()
        self.total = None
        self.days_done = False
        self.query_one("#episodes", DataTable).clear()
        self.query_one("#days", DataTable).clear()
        self._loading_eps = self._loading_days = True
        self._loaded_filter = start, site = self._filter()
        self._load_episodes(self._generation, 0, start, site, count=True)
        self._load_days(self._generation, 0, start)

    @work(thread=True, group="history-episodes")
    def _load_episodes(
        self, gen: int, offset: int, start: date | None, site: str | None, count: bool
    ) -> None:
        try:
            eps = list_episodes(self.ctx.journal, start=start, site=site, limit=PAGE, offset=offset)
            total = count_episodes(self.ctx.journal, start=start, site=site) if count else None
        except JournalError as exc:
            deliver(self, self.notify, str(exc), severity="error", markup=False)
            return
        deliver(self, self._add_episodes, gen, EpisodePage(offset, eps, total))

    @work(thread=True, group="history-days")
    def _load_days(self, gen: int, offset: int, start: date | None) -> None:
        try:
            logs = list_days(self.ctx.journal, start=start, limit=PAGE, offset=offset)
            counts = day_counts(self.ctx.journal, logs[-1].day, logs[0].day) if logs else {}
        except JournalError as exc:
            deliver(self, self.notify, str(exc), severity="error", markup=False)
            return
        deliver(self, self._add_days, gen, DayPage(offset, logs, counts))

    def _add_episodes(self, gen: int, page: EpisodePage) -> None:
        self._loading_eps = False
        if gen != self._generation:
            return
        if page.total is not None:
            self.total = page.total
        table: DataTable[Text | str] = self.query_one("#episodes", DataTable)
        for ep in page.episodes:
            if ep.id not in self.episodes:
                self.episodes[ep.id] = ep
                table.add_row(*episode_cells(ep), key=ep.id)
        if page.offset == 0 and self._keep_rows[0] > 0:
            table.move_cursor(row=min(self._keep_rows[0], table.row_count - 1))
        if len(page.episodes) < PAGE:
            self.total = len(self.episodes)
        shown = len(self.episodes)
        total = self.total if self.total is not None else shown
        title = f"Episodes: {total:,}" + (
            f" (first {shown:,} loaded; scroll for more)" if shown < total else ""
        )
        self.query_one("#episodes-title", Static).update(Text(title))

    def _add_days(self, gen: int, page: DayPage) -> None:
        self._loading_days = False
        if gen != self._generation:
            return
        table: DataTable[Text | str] = self.query_one("#days", DataTable)
        for log in page.days:
            key = log.day.isoformat()
            if key not in self.day_logs:
                self.day_logs[key] = log
                table.add_row(*day_cells(log, page.counts.get(log.day, 0)), key=key)
        if page.offset == 0 and self._keep_rows[1] > 0:
            table.move_cursor(row=min(self._keep_rows[1], table.row_count - 1))
        if len(page.days) < PAGE:
            self.days_done = True

    @on(DataTable.RowHighlighted)
    def _maybe_more(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        if event.cursor_row < table.row_count - PREFETCH:
            return
        start, site = self._filter()
        if table.id == "episodes" and not self._loading_eps:
            if self.total is None or len(self.episodes) < self.total:
                self._loading_eps = True
                self._load_episodes(self._generation, len(self.episodes), start, site, count=False)
        elif table.id == "days" and not self._loading_days and not self.days_done:
            self._loading_days = True
            self._load_days(self._generation, len(self.day_logs), start)

    @on(Select.Changed)
    def _filters_changed(self) -> None:
        if self.is_mounted and self._filter() != self._loaded_filter:
            self.reload()

    # ------------------------------------------------------------ actions

    def action_focus_filter(self, selector: str) -> None:
        """Focus the period or site choice."""
        self.query_one(selector, Select).focus()

    def _current(self) -> tuple[str, str] | None:
        focused = self.focused
        if not isinstance(focused, DataTable) or focused.row_count == 0:
            return None
        key = focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value
        return (str(focused.id), str(key)) if key is not None else None

    def action_edit(self) -> None:
        """Edit the episode or day under the cursor."""
        from twitchlog.tui.app import TwitchlogApp

        app = self.app
        assert isinstance(app, TwitchlogApp)
        current = self._current()
        if current is None:
            return
        table, key = current
        if table == "episodes" and key in self.episodes:
            app.edit_episode(self.episodes[key])
        elif table == "days" and key in self.day_logs:
            app.check_in_day(self.day_logs[key].day)

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_edit()

    def action_delete(self) -> None:
        """Delete the row under the cursor after a confirmation."""
        current = self._current()
        if current is None:
            return
        table, key = current
        if table == "episodes" and key in self.episodes:
            ep = self.episodes[key]
            local = ep.started_at.astimezone(zone(ep.timezone))
            question = f"Delete the {describe(ep)} of {local:%Y-%m-%d %H:%M}? (u undoes it)"
        elif table == "days" and key in self.day_logs:
            question = f"Delete everything logged for the day {key}? (u undoes it)"
        else:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(table, key)

        self.app.push_screen(ConfirmDialog(question, yes="Delete", no="Keep"), answered)

    @work(thread=True, group="history-write")
    def _delete(self, table: str, key: str) -> None:
        try:
            gone: Episode | DayLog
            if table == "episodes":
                gone = delete_episode(self.ctx.journal, key)
            else:
                gone = self.day_logs[key]
                replace_day_log(self.ctx.journal, DayLog(day=gone.day))
        except (JournalError, NotFound) as exc:
            deliver(self, self.notify, str(exc), severity="error", markup=False)
            return
        deliver(self, self._deleted, gone)

    def _deleted(self, gone: Episode | DayLog) -> None:
        self.undo_stack.append(gone)
        what = describe(gone) if isinstance(gone, Episode) else f"day {gone.day}"
        self.notify(f"Deleted {what}. Press u to undo.", markup=False)
        self.app.post_message(JournalChanged())

    def action_undo(self) -> None:
        """Put back the last deleted entry."""
        if not self.undo_stack:
            self.notify("Nothing to undo.")
            return
        self._restore(self.undo_stack.pop())

    @work(thread=True, group="history-write")
    def _restore(self, entry: Episode | DayLog) -> None:
        try:
            if isinstance(entry, Episode):
                restore_episode(self.ctx.journal, entry)
            else:
                replace_day_log(self.ctx.journal, entry)
        except JournalError as exc:
            deliver(self, self.notify, str(exc), severity="error", markup=False)
            return
        what = describe(entry) if isinstance(entry, Episode) else f"day {entry.day}"
        deliver(self, self.notify, f"Restored {what}.", markup=False)
        deliver(self, self.app.post_message, JournalChanged())
