"""User text is shown literally: markup characters, right-to-left marks and very long notes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Static

from tests.tui.conftest import episode, settle
from twitchlog.domain.models import DayLog
from twitchlog.storage.journal import Journal
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.screens.history import HistoryScreen
from twitchlog.tui.screens.history_rows import day_cells, episode_cells
from twitchlog.tui.text import plain

MARKUP_NOTE = "[bold]not bold[/"


class _TextApp(App[None]):
    """A note shown the way the screens show notes: a Static and History's table rows."""

    def __init__(self, note: str) -> None:
        super().__init__()
        self.note = note

    def compose(self) -> ComposeResult:
        yield Static(plain(self.note), markup=False, id="note")
        yield DataTable(id="table")

    def on_mount(self) -> None:
        table: DataTable[Text | str] = self.query_one(DataTable)
        table.add_columns(*(str(i) for i in range(10)))
        table.add_row(*episode_cells(episode(1, 1, note=self.note)))
        table.add_row(*day_cells(DayLog(day=episode(1, 1).local_date, note=self.note), 0)[:10])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
@example("[bold]x[/bold] [/ [link=file:///etc]y[/link] [@click=app.quit]z[/]")
@example("\u202ehello\u200f שלום \u061c مرحبا [/]")
@example("x" * 10_000)
@example("[" * 5000 + "/" * 5000)
def test_any_note_renders_without_error(note: str) -> None:
    """Arbitrary text in a Static and in table cells renders without an exception."""

    async def run() -> None:
        app = _TextApp(note)
        async with app.run_test(size=(80, 10)) as pilot:
            await pilot.pause()
            app.export_screenshot()

    asyncio.run(run())


def test_markup_in_notes_is_shown_literally(
    seeded: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """A note written as ``[bold]not bold[/]`` appears as typed in History, unstyled."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("h")
            await settle(pilot)
            history = app.screen
            assert isinstance(history, HistoryScreen)
            table = history.query_one("#episodes", DataTable)
            notes = [table.get_row_at(i)[-1] for i in range(table.row_count)]
            shown = [n for n in notes if isinstance(n, Text) and n.plain == MARKUP_NOTE]
            assert len(shown) == 1
            assert not shown[0].spans and not shown[0].style

    asyncio.run(run())
