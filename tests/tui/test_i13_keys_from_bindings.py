"""Issue 13: the app's part of the ``?`` list is built from the app's bindings, not by hand."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from textual.binding import Binding, BindingType

from tests.tui.conftest import settle
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.dialogs.keys import KeysDialog, global_keys

RING = Binding("z", "bell", "Ring", show=False, tooltip="ring the bell")


def test_i13_global_keys_come_from_the_bindings() -> None:
    listed = global_keys([*TwitchlogApp.BINDINGS, RING], "ctrl+p")
    assert ("z", "ring the bell") in listed
    assert ("?", "this list of keys") in listed
    assert ("e", "log an episode") in listed
    assert ("ctrl+p", "command palette (every action)") in listed
    assert listed[-1] == ("q", "quit")
    keys = [key for key, _ in listed]
    for binding in TwitchlogApp.BINDINGS:
        assert isinstance(binding, Binding)
        assert binding.key.split(",")[0].replace("question_mark", "?") in keys, binding
    assert all(words for _, words in listed)


def test_i13_a_binding_added_to_the_app_shows_in_question_mark_help(
    make_app: Callable[..., TwitchlogApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    more: list[BindingType] = [*TwitchlogApp.BINDINGS, RING]
    monkeypatch.setattr(TwitchlogApp, "BINDINGS", more)

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, KeysDialog)
            shown = app.export_screenshot().replace("&#160;", " ")
            assert "ring the bell" in shown
            assert "log an episode" in shown

    asyncio.run(run())
