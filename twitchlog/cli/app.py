"""The typer application: global options, and every command registered in one place.

Command modules import only light things at module level; SQLModel, Textual, numpy and
matplotlib are imported inside the commands that need them, so ``twitchlog log`` stays quick.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand

from twitchlog import __version__
from twitchlog.cli import (
    cmd_day,
    cmd_episodes,
    cmd_experiment,
    cmd_factor,
    cmd_files,
    cmd_health,
    cmd_report,
    cmd_safety,
    cmd_site,
    cmd_status,
    cmd_symptom,
)
from twitchlog.cli.context import resolve_env

#: The exit-code table, shown under ``twitchlog --help`` (README.md has the same table).
EXIT_CODES = """Exit codes:

\b
  0    ok (also when you answer "no" to a question: nothing changed)
  2    bad usage or value (an option, an id, a path)
  65   bad data: a malformed import file, a damaged or too-new journal, a file that
       is not a twitchlog journal
  74   the disk is full or a place cannot be written (nothing written)
  75   the journal is busy: try again
  70   a bug: details in a private crash log that holds none of your data
  130  interrupted, nothing changed
"""

app = typer.Typer(
    name="twitchlog",
    help="A private journal for muscle twitches. Run without a command to open the app.",
    epilog=EXIT_CODES,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"twitchlog {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
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
        cmd_files.ensure_demo(env)
    if ctx.invoked_subcommand is None:
        from twitchlog.tui import run_tui

        run_tui(env)


app.command("log")(cmd_episodes.log)
app.command("list")(cmd_episodes.list_entries)
app.command("edit")(cmd_episodes.edit)
app.command("delete")(cmd_episodes.delete)
app.command("day")(cmd_day.day)
app.add_typer(cmd_health.med_app, name="med")
app.add_typer(cmd_health.note_app, name="note")
app.add_typer(cmd_experiment.experiment_app, name="experiment")
app.add_typer(cmd_factor.factor_app, name="factor")
app.add_typer(cmd_site.site_app, name="site")
app.add_typer(cmd_symptom.symptom_app, name="symptom")
app.command("backup")(cmd_safety.backup)
app.command("restore")(cmd_safety.restore)
app.command("check")(cmd_safety.check)
app.command("where")(cmd_safety.where)
app.command("export")(cmd_files.export)
app.command("import")(cmd_files.import_files)
app.command("demo")(cmd_files.demo)
app.command("analyze")(cmd_files.analyze)
app.command("report")(cmd_report.report)
app.command("status")(cmd_status.status)
app.command("about")(cmd_status.about)

#: ``twitchlog log`` alone: typer turns every command's signature into click parameters on each
#: start (~25 ms for all of them), so the quick path runs an app that knows only ``log``.
quick_app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
quick_app.callback(invoke_without_command=True)(root)
quick_app.command("log")(cmd_episodes.log)


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


def _plain_usage(typer_app: typer.Typer) -> None:
    """Give every command of ``typer_app`` and its sub-apps :class:`PlainUsageCommand`."""
    for info in typer_app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = PlainUsageCommand
    for group in typer_app.registered_groups:
        if isinstance(group.typer_instance, typer.Typer):
            _plain_usage(group.typer_instance)


_plain_usage(app)
_plain_usage(quick_app)
