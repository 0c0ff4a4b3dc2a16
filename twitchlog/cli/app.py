"""The typer application: global options, and every command registered in one place.

Command modules import only light things at module level; SQLModel, Textual, numpy and
matplotlib are imported inside the commands that need them, so ``twitchlog log`` stays quick.
"""

from __future__ import annotations

import typer

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
from twitchlog.cli.root import plain_usage, root

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
app.callback(invoke_without_command=True)(root)

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

plain_usage(app)
