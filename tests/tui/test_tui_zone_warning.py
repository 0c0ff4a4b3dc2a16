"""D19 in the app: a TZ twitchlog cannot use is named when the app starts, not only on stderr
(which the app's screen hides)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from tests.tui.conftest import SETTINGS, frozen, settle
from twitchlog.storage.journal import Journal
from twitchlog.tui.app import TwitchlogApp, create_app
from twitchlog.tui.drafts import DraftStore


def _notes(journal: Journal, draft_path: Path, warning: str) -> list[str]:
    notes: list[str] = []
    settings = replace(SETTINGS, zone_warning=warning)

    async def run() -> None:
        app: TwitchlogApp = create_app(
            journal, settings, frozen, drafts=DraftStore(draft_path, journal.path), watch=False
        )
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            notes.extend(str(n.message) for n in app._notifications)

    asyncio.run(run())
    return notes


def test_d19_the_app_names_an_unusable_zone(journal: Journal, draft_path: Path) -> None:
    warning = "TZ='Mars/Olympus' is not a time zone name twitchlog can use; using UTC"
    assert any("Mars/Olympus" in n for n in _notes(journal, draft_path, warning))


def test_d19_no_zone_note_when_the_zone_is_fine(journal: Journal, draft_path: Path) -> None:
    assert not any("time zone" in n for n in _notes(journal, draft_path, ""))
