"""TUI test fixtures: a frozen clock, fixed settings, a seeded journal and an app factory."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from twitchlog.config import Settings
from twitchlog.domain.models import (
    Context,
    DayLog,
    Episode,
    HealthNote,
    Kind,
    Medication,
    MedKind,
    NoteKind,
    Symptom,
)
from twitchlog.domain.sites import Side
from twitchlog.domain.times import local_day, zone
from twitchlog.storage.journal import Journal
from twitchlog.storage.repository import (
    add_episode,
    add_health_note,
    add_medication,
    replace_day_log,
)
from twitchlog.tui.app import TwitchlogApp, create_app
from twitchlog.tui.drafts import DraftStore

#: The frozen "now" of every TUI test: Sunday 29 Nov 2026, 11:00 in Berlin.
NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 29)
SETTINGS = Settings(timezone="Europe/Berlin")
SIZE = (120, 40)


def frozen() -> datetime:
    """The frozen clock."""
    return NOW


def episode(
    n: int,
    hours_ago: float,
    site: str = "eyelid",
    side: Side | None = Side.LEFT,
    kind: Kind = Kind.TWITCH,
    note: str = "",
    **more: object,
) -> Episode:
    """A test episode with a fixed id (``00000000-...-n``)."""
    started = NOW - timedelta(hours=hours_ago)
    return Episode(
        id=f"00000000-0000-4000-8000-{n:012d}",
        started_at=started,
        timezone="Europe/Berlin",
        local_date=local_day(started, zone("Europe/Berlin")),
        site=site,
        side=side,
        kind=kind,
        note=note,
        recorded_at=started,
        **more,  # type: ignore[arg-type]
    )


def seed(journal: Journal) -> None:
    """Three weeks of a small, fixed journal (episodes, check-ins, a medicine, a note)."""
    n = 0
    for days_ago in range(21):
        day = TODAY - timedelta(days=days_ago)
        if days_ago % 6 == 5:
            continue  # not checked in
        if days_ago % 4 != 3:
            replace_day_log(
                journal,
                DayLog(
                    day=day,
                    checked_in=True,
                    caffeine_mg=95.0 * (1 + days_ago % 3),
                    drinks={"coffee": 1 + days_ago % 3},
                    sleep_h=6.0 + (days_ago % 4) * 0.5,
                    stress=days_ago % 7,
                ),
            )
        for k in range((days_ago * 7 + 1) % 4):
            n += 1
            hours = days_ago * 24 + 1 + k * 3
            add_episode(
                journal,
                episode(
                    n,
                    hours,
                    site=("eyelid", "calf", "thigh")[k % 3],
                    side=(Side.LEFT, Side.RIGHT, None)[k % 3],
                    duration_s=30 * (k + 1),
                    intensity=2 + k,
                    context=Context.REST,
                    visible=k % 2 == 0,
                    symptoms=frozenset({Symptom.PAIN}) if k == 2 else frozenset(),
                    note="[bold]not bold[/" if n == 2 else "",
                ),
            )
    add_medication(
        journal,
        Medication(
            id="10000000-0000-4000-8000-000000000001",
            name="magnesium citrate",
            start=TODAY - timedelta(days=30),
            dose="300 mg",
            kind=MedKind.SUPPLEMENT,
        ),
    )
    add_health_note(
        journal,
        HealthNote(
            id="20000000-0000-4000-8000-000000000001",
            day=TODAY - timedelta(days=10),
            kind=NoteKind.TEST,
            topic="blood test",
            text="electrolytes normal",
        ),
    )


@pytest.fixture
def draft_path(tmp_path: Path) -> Path:
    """Where the tests' draft file goes."""
    return tmp_path / "drafts" / "tui-draft.json"


@pytest.fixture
def make_app(journal: Journal, draft_path: Path) -> Callable[..., TwitchlogApp]:
    """Build the app on the test journal with the frozen clock."""

    def build(watch: bool = False, prebuild: bool = False) -> TwitchlogApp:
        return create_app(
            journal,
            SETTINGS,
            frozen,
            drafts=DraftStore(draft_path, journal.path),
            watch=watch,
            prebuild=prebuild,  # History built in advance: off unless a test is about it
        )

    return build


@pytest.fixture
def seeded(journal: Journal) -> Journal:
    """The test journal with :func:`seed` applied."""
    seed(journal)
    return journal


async def until(
    pilot: Pilot[None], check: Callable[[], bool], what: str, timeout: float = 60
) -> None:
    """Wait until ``check()`` holds; messages are handled late on a loaded machine."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


async def settle(pilot: Pilot[None], rounds: int = 3) -> None:
    """Wait for workers and the messages they post."""
    for _ in range(rounds):
        for worker in list(pilot.app.workers):
            with contextlib.suppress(WorkerCancelled):  # replaced by a newer load
                await worker.wait()
        await pilot.pause()
    await pilot.pause(0.05)  # let tables size their columns (done on idle)


async def press_settled(pilot: Pilot[None], *keys: str) -> None:
    """Press each key in turn and :func:`settle` after each (a screen or dialog it opens
    is ready before the next key)."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
