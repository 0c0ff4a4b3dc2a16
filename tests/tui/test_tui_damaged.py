"""A journal found damaged after Home painted: the app says so and saves nothing."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

from tests.storage.test_deferred_check import _damage_a_data_page
from tests.tui.conftest import SETTINGS, frozen, seed, settle
from twitchlog.context import AppContext
from twitchlog.storage.journal import Journal
from twitchlog.tui.app import TwitchlogApp, create_app
from twitchlog.tui.drafts import DraftStore
from twitchlog.tui.screens.home import HomeScreen


def test_damage_found_after_paint_is_shown_and_writes_are_refused(
    journal: Journal, draft_path: Path
) -> None:
    seed(journal)
    path = journal.path
    journal.dispose()
    _damage_a_data_page(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    ctx = AppContext(path, SETTINGS, frozen)
    deferred = ctx.open_journal(backup=False, check_alongside=True)  # as run_tui opens it
    notes: list[str] = []

    async def run() -> None:
        app: TwitchlogApp = create_app(
            deferred, SETTINGS, frozen, drafts=DraftStore(draft_path, path), watch=False
        )
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            for _ in range(500):  # the check runs in a daemon thread after the first paint
                if deferred.checked:
                    break
                await pilot.pause(0.02)
            await settle(pilot)
            notes.extend(str(n.message) for n in app._notifications)
            await pilot.press("e", *"calf", "ctrl+s")
            await settle(pilot)
            notes.extend(str(n.message) for n in app._notifications)

    asyncio.run(run())
    assert any("damaged" in n and "refusing to write" in n for n in notes), notes
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
