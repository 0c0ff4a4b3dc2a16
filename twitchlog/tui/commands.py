"""The command palette: every action of the app, with its key in the help text."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.actions import parse as parse_action
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from twitchlog.tui.app import TwitchlogApp


#: Screen actions that :func:`palette_commands` already lists (Home's ``g`` is "Log again").
SAME_AS_APP = frozenset({"again"})
#: Textual's own commands that ours replace ("Keys" would be listed twice).
REPLACED_SYSTEM_COMMANDS = frozenset({"Keys"})


def palette_commands(app: TwitchlogApp) -> list[SystemCommand]:
    """The app's actions as palette commands."""
    return [
        SystemCommand("Log an episode", "Open the episode form (e)", app.action_log_episode),
        SystemCommand("Log again", "The last episode again, now (g)", app.action_repeat_last),
        SystemCommand(
            "Check in a day", "Sleep, caffeine, stress and more (d)", app.action_check_in
        ),
        SystemCommand("Home", "Today at a glance", app.action_home),
        SystemCommand(
            "History",
            "Episodes and days; edit, delete, undo (h)",
            lambda: app.action_open("history"),
        ),
        SystemCommand(
            "Medicines and notes",
            "Medicines, tests, visits, red flags (m)",
            lambda: app.action_open("medicines"),
        ),
        SystemCommand("Trends", "Charts and findings (t)", lambda: app.action_open("trends")),
        SystemCommand(
            "Doctor report", "Make the PDF report (r)", lambda: app.action_open("report")
        ),
        SystemCommand(
            "Experiment",
            "Test one change on a random schedule: plan, follow, result (p)",
            lambda: app.action_open("experiment"),
        ),
        SystemCommand(
            "Own factors",
            "Track your own factors and tags: add, rename, retire (f)",
            lambda: app.action_open("factors"),
        ),
        SystemCommand("Keys", "Every key (?)", app.action_keys),
        SystemCommand(
            "About twitching", "What is common, what a doctor asks, red flags (i)", app.action_about
        ),
    ]


def screen_commands(app: TwitchlogApp, screen: Screen[object]) -> list[SystemCommand]:
    """The keys of the screen underneath (Again, Delete, Undo, Add medicine, ...) as commands;
    a key its screen does not offer now (``check_action``) is left out."""
    commands = []
    for binding in screen.BINDINGS:
        if not isinstance(binding, Binding) or binding.action.startswith("app."):
            continue
        if binding.action in SAME_AS_APP:
            continue  # listed once, by palette_commands
        _, name, parameters = parse_action(binding.action)
        if not screen.check_action(name, parameters):
            continue  # hidden or disabled for now, as on the footer (Home's x without a flag)
        key = binding.key.split(",")[0]
        commands.append(
            SystemCommand(
                binding.description,
                f"{screen.title or 'this screen'} ({key})",
                partial(app.run_action, binding.action, screen),
            )
        )
    return commands
