"""Pilot tests of the issue-12 form fixes: every error at once, no value dropped, keys that do
what the footer says, the check-in day loading, the resolved time, ``g`` copying everything."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import Input

from tests.tui.conftest import TODAY, settle, until
from twitchlog.storage.journal import Journal
from twitchlog.storage.repository import count_episodes, get_day
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.dialogs.day import DayDialog
from twitchlog.tui.dialogs.episode import EpisodeDialog
from twitchlog.tui.widgets.fields import FieldError

SIZE = (80, 24)


def _error(dialog: object, field: str) -> str:
    assert isinstance(dialog, EpisodeDialog | DayDialog)
    return str(dialog.query_one(f"#err-{field}", FieldError).render())


def test_item7_every_episode_error_at_once_and_focus_on_the_first(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``calf``, When ``tomorrow``, Duration ``abc``, Intensity ``11``: one ctrl+s shows all
    three errors, focus moves to When, and nothing is written."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("e", *"calf")
            dialog = app.screen
            assert isinstance(dialog, EpisodeDialog)
            dialog.query_one("#time", Input).value = "tomorrow"
            dialog.query_one("#duration", Input).value = "abc"
            dialog.query_one("#intensity", Input).value = "11"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is dialog
            assert "tomorrow" in _error(dialog, "time")
            assert "duration" in _error(dialog, "duration").lower()
            assert "intensity" in _error(dialog, "intensity").lower()
            assert app.focused is dialog.query_one("#time", Input)

    asyncio.run(run())
    assert count_episodes(journal) == 0


def test_item6_unreadable_caffeine_is_an_error_even_with_drinks_counted(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """3 coffees counted and ``abc`` typed in Caffeine (mg): an error at the field, no save."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            await pilot.press("tab", "plus", "plus", "plus")
            dialog = app.screen
            assert isinstance(dialog, DayDialog)
            dialog.query_one("#caffeine_mg", Input).value = "abc"
            dialog.query_one("#sleep_h", Input).value = "lots"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is dialog
            assert "abc" in _error(dialog, "caffeine_mg")
            assert "lots" in _error(dialog, "sleep_h")
            assert app.focused is dialog.query_one("#caffeine_mg", Input)

    asyncio.run(run())
    assert get_day(journal, TODAY) is None


def test_item5_plus_does_not_type_into_the_day_field(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """With the Day field focused, ``+`` neither types nor is offered in the footer."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, DayDialog)
            day = dialog.query_one("#day", Input)
            assert app.focused is day
            before = day.value
            await pilot.press("plus", "plus")
            await pilot.pause()
            assert day.value == before
            shown = {b.key for _, b, _, _ in app.screen.active_bindings.values() if b.show}
            assert not any("plus" in key for key in shown)

    asyncio.run(run())


def test_item4_check_in_day_loads_when_the_field_is_left(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Typing another day and tabbing away loads that day (its values and episode count);
    a wrong day's error goes once the day is fixed."""
    from datetime import timedelta

    from tests.tui.conftest import episode
    from twitchlog.domain.models import DayLog
    from twitchlog.storage.repository import add_episode, replace_day_log

    yesterday = TODAY - timedelta(days=1)
    replace_day_log(journal, DayLog(day=yesterday, checked_in=True, sleep_h=5.5))
    add_episode(journal, episode(1, 30))  # 30 hours before the frozen now: yesterday

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, DayDialog)
            box = dialog.query_one("#day", Input)
            box.value = "abc"
            await pilot.press("tab")
            await settle(pilot)
            assert "abc" in _error(dialog, "date")
            box.focus()
            box.value = yesterday.isoformat()
            await pilot.press("tab")
            await settle(pilot)
            assert _error(dialog, "date") == ""
            assert dialog.day == yesterday
            assert dialog.query_one("#sleep_h", Input).value == "5.5"
            assert "1 episode logged" in str(dialog.query_one("#day-episodes").render())

    asyncio.run(run())


def test_item8_a_clock_time_after_now_shows_yesterday_under_when_and_in_the_toast(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """At 11:00 on Sun 29 Nov, When ``23:59`` says ``= Sat 28 Nov 23:59, yesterday`` as it is
    typed, and the toast after saving names that day."""
    from textual.widgets import Label

    async def run() -> list[str]:
        app = make_app()
        said: list[str] = []
        shown = app.notify

        def notify(message: str, **kwargs: object) -> None:
            said.append(message)
            shown(message, **kwargs)  # type: ignore[arg-type]

        app.notify = notify  # type: ignore[method-assign]
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("e", *"eyelid")
            dialog = app.screen
            assert isinstance(dialog, EpisodeDialog)
            dialog.query_one("#time", Input).value = "23:59"
            await pilot.pause()
            hint = str(dialog.query_one("#hint-time", Label).render())
            assert hint == "= Sat 28 Nov 23:59, yesterday"
            await pilot.press("ctrl+s")
            await settle(pilot)
        return said

    said = asyncio.run(run())
    assert any("Sat 28 Nov 23:59, yesterday" in s for s in said), said


def test_item10_again_copies_duration_intensity_context_and_visible(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``g``, ``enter``: the new episode has the last one's duration, intensity, context and
    visible/felt as well as site, side and kind; not its symptoms or note."""
    from tests.tui.conftest import NOW, episode
    from twitchlog.domain.models import Context, Symptom
    from twitchlog.storage.repository import add_episode, list_episodes

    add_episode(
        journal,
        episode(
            1,
            30,
            duration_s=90,
            intensity=6,
            context=Context.AFTER_EXERCISE,
            visible=False,
            symptoms=frozenset({Symptom.PAIN}),
            note="after the run",
        ),
    )

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("g")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)

    asyncio.run(run())
    newest = list_episodes(journal)[0]
    assert newest.started_at == NOW
    assert (newest.duration_s, newest.intensity) == (90, 6)
    assert (newest.context, newest.visible) == (Context.AFTER_EXERCISE, False)
    assert (newest.symptoms, newest.note) == (frozenset(), "")


def test_item9_home_shows_a_red_flag_until_marked_discussed(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """A recorded red flag is on Home as worth telling a doctor about; ``x``, ``y`` records a
    visit note for today and the flag leaves Home (it stays in the journal)."""
    from datetime import timedelta

    from twitchlog.domain.models import HealthNote, NoteKind
    from twitchlog.storage.repository import add_health_note, list_health_notes
    from twitchlog.tui.screens.home import HomeScreen

    add_health_note(
        journal,
        HealthNote(
            id="30000000-0000-4000-8000-000000000001",
            day=TODAY - timedelta(days=2),
            kind=NoteKind.FLAG,
            topic="weakness",
        ),
    )

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            home = app.screen
            assert isinstance(home, HomeScreen)
            panel = home.query_one("#flags")
            assert panel.display
            assert panel.border_title == "Worth telling a doctor about"
            assert "real weakness" in str(home.query_one("#flags").render())
            await pilot.press("x")
            await pilot.pause()
            await pilot.press("y")
            await settle(pilot)
            assert not home.query_one("#flags").display

    asyncio.run(run())
    kinds = [n.kind for n in list_health_notes(journal)]
    assert kinds.count(NoteKind.FLAG) == 1 and kinds.count(NoteKind.VISIT) == 1


def test_item3_sample_journal_is_labelled_and_saves_say_where_they_go(
    journal: Journal, draft_path: object
) -> None:
    """The sample journal says so in the header and on Home, and a save's message says the
    entry went into the sample journal, not the person's own."""
    from pathlib import Path

    from tests.tui.conftest import SETTINGS, frozen
    from twitchlog.tui.app import create_app
    from twitchlog.tui.drafts import DraftStore

    assert isinstance(draft_path, Path)

    async def run() -> list[str]:
        app = create_app(
            journal,
            SETTINGS,
            frozen,
            drafts=DraftStore(draft_path, journal.path),
            watch=False,
            demo=True,
        )
        said: list[str] = []
        shown = app.notify

        def notify(message: str, **kwargs: object) -> None:
            said.append(message)
            shown(message, **kwargs)  # type: ignore[arg-type]

        app.notify = notify  # type: ignore[method-assign]
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.screen.sub_title == "Sample journal"
            assert "Sample journal" in str(app.screen.query_one("#sample").render())
            await pilot.press("e", *"calf", "ctrl+s")
            await settle(pilot)
        return said

    said = asyncio.run(run())
    assert any("in the sample journal" in s and "not your own" in s for s in said), said


def test_cosmetic_side_follows_a_side_typed_with_the_site(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """``L calf`` shows ``left`` in Side; ``R calf`` then ``right``; plain ``calf`` clears it."""
    from textual.widgets import Select

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("e", *"L calf")
            await until(pilot, lambda: isinstance(app.screen, EpisodeDialog), "the form")
            dialog = app.screen
            side: Select[str] = dialog.query_one("#side", Select)
            await until(pilot, lambda: side.value == "left", "Side to show left")
            dialog.query_one("#site", Input).value = "R calf"
            await until(pilot, lambda: side.value == "right", "Side to show right")
            dialog.query_one("#site", Input).value = "calf"
            await until(pilot, side.is_blank, "Side to clear")

    asyncio.run(run())


def test_cosmetic_palette_lists_each_action_once(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """The palette on Home has one "again" command and one "Keys" command."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert titles.count("Keys") == 1, titles
            assert sum("again" in t.lower() for t in titles) == 1, titles

    asyncio.run(run())


def test_cosmetic_medicines_newest_first_and_a_future_start_is_not_taking(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Current medicines newest start first; one that starts tomorrow is "not started yet"."""
    from datetime import timedelta

    from textual.widgets import DataTable

    from twitchlog.domain.models import Medication, MedKind
    from twitchlog.storage.repository import add_medication

    for n, (name, days) in enumerate((("old", -90), ("new", -3), ("later", 1)), start=1):
        add_medication(
            journal,
            Medication(
                id=f"10000000-0000-4000-8000-00000000000{n}",
                name=name,
                start=TODAY + timedelta(days=days),
                kind=MedKind.SUPPLEMENT,
            ),
        )

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("m")
            await settle(pilot)
            table: DataTable[object] = app.screen.query_one("#medications", DataTable)
            rows = [table.get_row_at(i) for i in range(table.row_count)]
            assert [str(r[0]) for r in rows] == ["later", "new", "old"]
            stopped = [str(c.label) for c in table.ordered_columns].index("Stopped")
            assert [r[stopped] for r in rows] == ["not started yet", "taking", "taking"]

    asyncio.run(run())


def test_cosmetic_empty_trends_says_so_instead_of_blank_charts(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Trends on an empty journal says nothing is logged, not "top = 0" over blank bars."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot, rounds=6)
            shown = str(app.screen.query_one("#per-day").render())
            assert "Nothing logged in this period yet" in shown
            assert "top = 0" not in shown

    asyncio.run(run())


def test_report_options_never_replace_an_earlier_report_silently(
    journal: Journal, make_app: Callable[..., TwitchlogApp], tmp_path: object
) -> None:
    """``r`` with a file that exists: the screen asks first; "Keep it" writes nothing."""
    from pathlib import Path

    from tests.tui.conftest import SETTINGS
    from twitchlog.tui.dialogs.confirm import ConfirmDialog
    from twitchlog.tui.screens.report import ReportScreen

    assert isinstance(tmp_path, Path)
    out = tmp_path / "report.pdf"
    out.write_bytes(b"the report for the last visit")

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ReportScreen)
            screen.query_one("#path", Input).value = str(out)
            await pilot.pause()
            assert str(tmp_path) in str(screen.query_one("#folder").render())
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("n")
            await settle(pilot)
            assert "Nothing written" in str(screen.query_one("#status").render())

    asyncio.run(run())
    assert out.read_bytes() == b"the report for the last visit"
    assert SETTINGS is not None


def test_report_options_since_the_last_visit_starts_on_the_visit_day(journal: Journal) -> None:
    """ "since the last visit" starts on the newest visit note's day; without one, the
    journal's first day."""
    from datetime import timedelta

    from tests.tui.conftest import SETTINGS, episode, frozen
    from twitchlog.context import AppContext
    from twitchlog.domain.models import HealthNote, NoteKind
    from twitchlog.storage.repository import add_episode, add_health_note
    from twitchlog.tui.screens.report import SINCE_VISIT, report_start

    ctx = AppContext.over(journal, SETTINGS, frozen)
    add_episode(journal, episode(1, 24 * 40))
    first = TODAY - timedelta(days=40)
    assert report_start(ctx, SINCE_VISIT) == first
    for n, days in enumerate((30, 12), start=1):
        add_health_note(
            journal,
            HealthNote(
                id=f"40000000-0000-4000-8000-00000000000{n}",
                day=TODAY - timedelta(days=days),
                kind=NoteKind.VISIT,
                topic="GP",
            ),
        )
    assert report_start(ctx, SINCE_VISIT) == TODAY - timedelta(days=12)


def test_cosmetic_sites_on_the_first_of_the_month_show_the_last_30_days(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """On the 1st, episodes of the last days of the month before still show under Sites."""
    from datetime import UTC, datetime

    from tests.tui.conftest import SETTINGS, episode
    from twitchlog.storage.repository import add_episode
    from twitchlog.tui.app import create_app

    for n in range(1, 4):
        add_episode(journal, episode(n, 24 * n, site="calf"))  # 28, 27, 26 Nov
    first = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)

    async def run() -> None:
        app = create_app(journal, SETTINGS, lambda: first, watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            panel = app.screen.query_one("#sites")
            assert panel.border_title == "Sites, last 30 days"
            assert "calf" in str(app.screen.query_one("#sites").render())

    asyncio.run(run())
