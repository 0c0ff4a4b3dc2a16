"""Issue 12 (cosmetic): Trends' finding sentences keep their 2-space indent when they wrap."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import Static

from tests.tui.conftest import settle, until
from twitchlog.storage.journal import Journal
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.screens.trends import VERDICT_WORDS, TrendsScreen


def _sentence_lines(findings: str) -> list[str]:
    """The lines under each ``factor — verdict`` line, up to the blank line after it."""
    words = {word for word, _ in VERDICT_WORDS.values()}
    lines: list[str] = []
    inside = False
    for line in findings.splitlines():
        if " — " in line and line.split(" — ")[-1].strip() in words:
            inside = True
        elif not line.strip():
            inside = False
        elif inside:
            lines.append(line)
    return lines


def test_i12_wrapped_finding_sentences_keep_their_indent(
    seeded: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """At 80x24 every line of a finding's sentence (wrapped ones too) starts with two
    spaces and fits the Findings panel, so no line runs back to the left edge."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("t")
            await until(pilot, lambda: isinstance(app.screen, TrendsScreen), "Trends")
            box = app.screen.query_one("#findings", Static)
            await until(
                pilot,
                lambda: " — " in str(box.render()) and "analysing" not in str(box.render()),
                "the findings",
            )
            width = box.size.width
            lines = _sentence_lines(str(box.render()))
            assert len(lines) > len(VERDICT_WORDS) and width > 20
            assert all(line.startswith("  ") for line in lines), lines
            assert all(len(line) <= width for line in lines), (width, lines)

    asyncio.run(run())
