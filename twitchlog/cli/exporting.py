"""``export``: the whole journal into a folder of CSV files or one JSON file.

``cmd_files.export`` is the typer command. The plain case (``twitchlog [--db FILE] export``
with ``--format``, ``--out`` and ``--force`` spelt out in full) runs here without typer:
:func:`quick_export`, called by ``cli/main.py``. Importing typer and building even a
one-command app was a third of a 1-year CSV export (docs/performance.md, issue 17). Anything
else (help, a value typer would refuse, an unknown option, ``--demo``) returns None and goes
through the typer app, which says it as it always has.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twitchlog.cli.context import expand_path, resolve_env
from twitchlog.cli.format import plural
from twitchlog.domain.errors import ValidationError

if TYPE_CHECKING:
    from collections.abc import Callable

    from twitchlog.context import AppContext
    from twitchlog.exchange import JournalData
    from twitchlog.storage.journal import Journal

#: The values ``--format`` takes (``cmd_files.ExportFormat``).
FORMATS = ("csv", "json")


def export_journal(
    env: AppContext,
    fmt: str | None,
    out: Path | None,
    force: bool,
    echo: Callable[[str], object],
) -> None:
    """Export the whole journal as ``fmt`` (``csv``, ``json``; None: json when ``out`` ends in
    ``.json``) into ``out`` or a new default name, saying what was written with ``echo``."""
    from twitchlog.exchange import TABLES
    from twitchlog.storage.targets import check_output, check_output_folder, first_free

    stamp = env.today().isoformat()
    if fmt is None:
        json_name = out is not None and out.suffix.lower() == ".json"
        fmt = "json" if json_name else "csv"
    # A default name is made unique (-2, -3, ...); a name the person gave needs --force.
    if fmt == "csv":
        folder = expand_path(out) if out else first_free(Path(f"twitchlog-export-{stamp}"))
        names = [t.file_name for t in TABLES] + ["factors.csv", "sites.csv", "symptoms.csv"]
        check_output_folder(folder, names, env.journal_path, force=force)
        journal = env.open_journal(check_alongside=True, create=False)  # the check starts
        from twitchlog.exchange import export_csv  # while this imports; not JSON, not import

        data, episodes = csv_journal_data(journal)
        written = export_csv(folder, data, stored_episodes=episodes)
        counts = counts_text(data, len(episodes))
        echo(f"Exported {counts} to {folder}/ ({', '.join(p.name for p in written)})")
        if data.experiments:
            n = plural(len(data.experiments), "experiment")
            echo(f"Not in CSV: {n} (export --format json keeps them).")
    else:
        target = expand_path(out) if out else first_free(Path(f"twitchlog-export-{stamp}.json"))
        if target.is_dir():
            raise ValidationError(
                "out", f"out must be a file name for json (got the folder {target})"
            )
        check_output(target, env.journal_path, force=force)
        journal = env.open_journal(check_alongside=True, create=False)  # the check starts
        from twitchlog.exchange import export_json

        data = journal_data(journal)
        export_json(target, data, exported_at=env.now())
        tried = f", {plural(len(data.experiments), 'experiment')}" if data.experiments else ""
        echo(f"Exported {counts_text(data)}{tried} to {target}")


def journal_data(journal: Journal) -> JournalData:
    """Everything in the journal as exchange values, read through the driver alone (no
    SQLModel: ``storage/bulk.py``); the check running alongside must pass before any of it
    is written out."""
    from twitchlog.exchange import JournalData
    from twitchlog.storage.bulk import read_everything

    data = JournalData(**read_everything(journal.path))
    journal.verify()  # nothing read from a damaged file is exported
    return data


def csv_journal_data(journal: Journal) -> tuple[JournalData, tuple[tuple[Any, ...], ...]]:
    """:func:`journal_data` for a CSV export: everything but the episodes as exchange
    values, and the episodes as the stored columns ``episodes.csv`` is written from
    (``exchange/csv_format.stored_episode_cells``), in the same read."""
    from twitchlog.exchange import JournalData
    from twitchlog.exchange.csv_format import STORED_EPISODE_COLUMNS
    from twitchlog.storage.bulk import read_everything

    read = read_everything(journal.path, episode_columns=STORED_EPISODE_COLUMNS)
    episodes = read.pop("episodes")
    data = JournalData(**read)
    journal.verify()  # nothing read from a damaged file is exported
    return data, episodes


def counts_text(data: JournalData, episodes: int | None = None) -> str:
    """``7151 episodes, 365 days, 5 medicines, 2 health notes`` (and own factors, places,
    symptoms when there are any); ``episodes`` when they are not in ``data``."""
    c = data.counts()
    if episodes is not None:  # a CSV export's episodes are not in ``data`` (csv_journal_data)
        c["episodes"] = episodes
    own = f", {plural(len(data.factors), 'own factor')}" if data.factors else ""
    own += f", {plural(len(data.sites), 'own place')}" if data.sites else ""
    own += f", {plural(len(data.symptoms), 'own symptom')}" if data.symptoms else ""
    return (
        f"{plural(c['episodes'], 'episode')}, {plural(c['days'], 'day')}, "
        f"{plural(c['medications'], 'medicine')}, {plural(c['health_notes'], 'health note')}"
        f"{own}"
    )


def quick_export(args: list[str]) -> int | None:
    """Run ``args`` (global options hoisted in front) when they are the plain case, and
    return 0; None for anything else, which the typer app runs (and refuses, when it does,
    in its own words). Errors are raised as from the typer command, for ``cli/main.py`` to
    say. The plain case: at most one ``--db FILE`` (or ``--db=FILE``), ``export``, then each
    of ``--format csv|json``, ``--out PATH`` (``-o PATH``, ``--out=PATH``) and ``--force`` at
    most once, every word printable (typer's echo would strip terminal codes from a path),
    no value empty or starting with ``-``."""
    options = _plain_options(args)
    if options is None:
        return None
    db, fmt, out, force = options
    env = resolve_env(Path(db) if db is not None else None, False)
    for warning in (env.settings.zone_warning, *env.settings.key_warnings):
        if warning:  # as the root command says them
            _echo(f"twitchlog: warning: {warning}", err=True)
    export_journal(env, fmt, Path(out) if out is not None else None, force, _echo)
    return 0


def _plain_options(args: list[str]) -> tuple[str | None, str | None, str | None, bool] | None:
    """``(db, format, out, force)`` of a plain ``export`` command line, else None."""
    if not all(a.isprintable() for a in args):
        return None
    rest = list(args)
    db: str | None = None
    if rest[:1] == ["--db"] and len(rest) > 1:
        db, rest = rest[1], rest[2:]
    elif rest[:1] and rest[0].startswith("--db="):
        db, rest = rest[0].removeprefix("--db="), rest[1:]
    if rest[:1] != ["export"] or db == "" or (db or "").startswith("-"):
        return None
    values: dict[str, str] = {}
    force = False
    words = rest[1:]
    i = 0
    while i < len(words):
        word = words[i]
        if word == "--force" and not force:
            force = True
            i += 1
            continue
        name, eq, value = word.partition("=")
        if name in ("--format", "--out") and eq:
            step = 1
        elif word in ("--format", "--out", "-o") and i + 1 < len(words):
            name, value, step = word, words[i + 1], 2
        else:
            return None
        name = "--out" if name == "-o" else name
        if name in values or not value or value.startswith("-"):
            return None
        values[name] = value
        i += step
    fmt = values.get("--format")
    if fmt is not None and fmt not in FORMATS:
        return None
    return db, fmt, values.get("--out"), force


def _echo(message: str, err: bool = False) -> None:
    """typer's echo of one line: written and flushed at once."""
    stream = sys.stderr if err else sys.stdout
    stream.write(message + "\n")
    stream.flush()
