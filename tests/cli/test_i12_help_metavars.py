"""Issue 12, cosmetic: help reads naturally ("restore [OPTIONS] FILE", not "{FILE}")."""

from __future__ import annotations

import typer
from typer.core import TyperGroup

from tests.cli.conftest import CliRunner
from twitchlog.cli.app import app


def _command_paths() -> list[list[str]]:
    """Every command and subcommand of the app, as the words a person types."""
    paths: list[list[str]] = [[]]
    todo: list[tuple[list[str], object]] = [([], typer.main.get_command(app))]
    while todo:
        path, command = todo.pop()
        if isinstance(command, TyperGroup):
            for name, sub in command.commands.items():
                paths.append([*path, name])
                todo.append(([*path, name], sub))
    return paths


def test_i12_no_help_shows_braces(cli: CliRunner) -> None:
    paths = _command_paths()
    assert ["restore"] in paths and ["med", "add"] in paths
    for path in paths:
        r = cli(*path, "--help")
        assert r.code == 0, (path, r)
        assert "{" not in r.out and "}" not in r.out, (path, r.out)


def test_i12_arguments_are_named_alike_in_usage_and_list(cli: CliRunner) -> None:
    log = cli("log", "--help").out
    assert "Usage: twitchlog log [OPTIONS] SITE..." in log
    assert "  SITE..." in log
    assert "Usage: twitchlog restore [OPTIONS] FILE" in cli("restore", "--help").out
    assert "Usage: twitchlog med add [OPTIONS] NAME" in cli("med", "add", "--help").out
