"""The root of every typer app: the global options (``--db``, ``--demo``, ``--version``), the
usage-line fix for commands, and one-command apps.

The full app (``cli/app.py``) imports every command module and turns 47 signatures into click
parameters on each start. Commands that must start quickly (``log``, ``export``, ``import``)
run an app that knows only them (:func:`one_command_app`, chosen in ``cli/main.py``); this
module imports no command module, so such an app loads only its own command's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand

from twitchlog import __version__
from twitchlog.cli.context import resolve_env

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


def _version(value: bool) -> None:
    if value:
        typer.echo(f"twitchlog {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", help="Use this journal file (default: TWITCHLOG_DB, else the data folder)."
        ),
    ] = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="Use the sample journal in the data folder (built if missing); your own is "
            "not touched. Not with --db.",
        ),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Resolve where the journal is; with no command, open the app."""
    env = resolve_env(db, demo)
    ctx.obj = env
    if env.settings.zone_warning:
        typer.echo(f"twitchlog: warning: {env.settings.zone_warning}", err=True)
    for warning in env.settings.key_warnings:
        typer.echo(f"twitchlog: warning: {warning}", err=True)
    if demo and ctx.invoked_subcommand != "demo":
        from twitchlog.cli.cmd_files import ensure_demo

        ensure_demo(env)
    if ctx.invoked_subcommand is None:
        from twitchlog.tui import run_tui

        run_tui(env)


class PlainUsageCommand(TyperCommand):
    """A command whose help reads "restore [OPTIONS] FILE".

    Typer wraps required arguments in braces in the usage line ("{FILE}") and names an
    argument without a metavar in lower case ("site..."): both read like placeholders to
    copy literally. Arguments get an upper-case name and the usage line loses the braces.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument) and param.metavar is None and param.name:
                param.metavar = param.name.upper() + ("..." if param.nargs != 1 else "")

    def collect_usage_pieces(self, ctx: Any) -> list[str]:  # typer's vendored click Context
        return [re.sub(r"\{([^{}]*)\}", r"\1", p) for p in super().collect_usage_pieces(ctx)]


def plain_usage(typer_app: typer.Typer) -> None:
    """Give every command of ``typer_app`` and its sub-apps :class:`PlainUsageCommand`."""
    for info in typer_app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = PlainUsageCommand
    for group in typer_app.registered_groups:
        if isinstance(group.typer_instance, typer.Typer):
            plain_usage(group.typer_instance)


def one_command_app(name: str, command: Callable[..., Any]) -> typer.Typer:
    """An app with the global options and only ``command`` (as ``name``): its help, its
    options' checks and their messages are those of the full app's command."""
    one = typer.Typer(
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    one.callback(invoke_without_command=True)(root)
    one.command(name)(command)
    plain_usage(one)
    return one
