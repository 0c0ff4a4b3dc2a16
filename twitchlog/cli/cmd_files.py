"""``export``, ``import``, ``demo`` and ``analyze``: the journal in and out of files, the
sample journal, and the findings.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from twitchlog.cli.cmd_episodes import FromOpt, ToOpt, period
from twitchlog.cli.context import Env, expand_path
from twitchlog.cli.errors import DataError
from twitchlog.cli.format import plural
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.validation import inert

if TYPE_CHECKING:
    from collections.abc import Sequence

    from twitchlog.domain.experiment_record import Experiment
    from twitchlog.storage.bulk_import import ImportCounts
    from twitchlog.storage.journal import Journal


#: The sample journal's default seed: over 90 and over 180 days its built-in associations
#: (caffeine the day before, short sleep, stress) all show as patterns and no unrelated factor
#: does, on any date it is built (checked on nine dates across a year: the weakest of the three
#: has adjusted p <= 0.006, the strongest other factor >= 0.23). Many seeds show an unrelated
#: factor too: with three strong real effects, Benjamini-Hochberg controls the share of false
#: patterns, not the chance of one.
DEMO_SEED = 171


class ExportFormat(StrEnum):
    """File formats of ``export``."""

    CSV = "csv"
    JSON = "json"


def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            help="csv (a folder of CSV files) or json. Default: json when --out ends in .json, "
            "otherwise csv.",
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Folder (csv) or file (json).")
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace existing files (never the journal or a backup)."),
    ] = False,
) -> None:
    """Export the whole journal (files 0600)."""
    from twitchlog.cli.exporting import export_journal  # also runs without typer (main.py)

    export_journal(ctx.obj, fmt, out, force, typer.echo)


def import_files(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATH...", help="CSV files, export folders, JSON.")
    ],
    apply: Annotated[
        bool, typer.Option("--apply", help="Write the entries (default: dry run).")
    ] = False,
) -> None:
    """Import CSV or JSON exports: a dry-run summary, or with --apply all entries in one go."""
    from twitchlog.exchange import ImportFormatError, read_import, summarize
    from twitchlog.storage.bulk import read_keys, read_own_keys
    from twitchlog.storage.bulk_import import import_entries  # sqlite3 alone, no SQLModel

    env: Env = ctx.obj
    # An existing journal is opened (checked, migrated, backed up) once, before the files are
    # read: its own places and symptoms are names the files may use. A new one is made only
    # after the files passed.
    journal = env.open_journal(create=False) if env.journal_path.exists() else None
    places, symptoms = read_own_keys(journal.path) if journal else (set(), set())
    try:
        batch = read_import(
            [expand_path(p) for p in paths], env.settings.timezone, env.now(), places, symptoms
        )
    except ImportFormatError as exc:
        raise DataError(str(exc)) from None
    if journal is None:  # a dry run compares against an empty journal and makes none
        journal = env.open_journal() if apply else _empty_journal(ctx)
    existing, days = read_keys(journal.path)  # only the keys, not every record
    backup = _backup_before_import(journal.path) if apply and (existing or days) else None
    chosen, kept_out = _new_experiments(journal, batch.experiments, env.today())
    try:
        counts = import_entries(
            journal,
            episodes=batch.episodes,
            days=batch.days,
            medications=batch.medications,
            health_notes=batch.health_notes,
            factors=batch.factors,
            sites=batch.sites,
            apply=apply,
            symptoms=batch.symptoms,
            experiments=chosen,  # in the same transaction: all or nothing
            today=env.today(),
            checked_against=(  # what read_import validated the episodes with
                places | {p.key for p in batch.sites},
                symptoms | {w.key for w in batch.symptoms},
            ),
        )
    except ValidationError as exc:
        raise DataError(exc.message) from None
    differing = Counter(m.table for m in counts.matches)
    for line in summarize(batch, existing, days).lines(differing):
        typer.echo(line)
    _say_new_definitions(counts, apply)
    for match in counts.matches:  # every record both hold differently, and what happens
        typer.echo(match.line(applied=apply))
    added = _say_experiments(chosen, kept_out, apply)
    if counts.total == 0 and not counts.matches and not added:
        typer.echo("Nothing to import: every record is already in the journal.")
        return
    verb = "Imported" if apply else "Dry run: would import"
    typer.echo(
        f"{verb} {plural(counts.episodes, 'episode')}, {plural(counts.days, 'day')} "
        f"(new or changed), {plural(counts.medications, 'medicine')}, "
        f"{plural(counts.health_notes, 'health note')}."
    )
    if counts.conflicts:
        n = len(counts.conflicts)
        typer.echo(
            f"{n} conflict{'s' if n != 1 else ''}: the journal's values "
            f"{'were' if apply else 'will be'} kept; nothing newer is ever replaced by older."
        )
    if not apply and counts.total:
        typer.echo("Nothing was written; run again with --apply to import.")
    if backup is not None:
        typer.echo(f"Backup of the journal before the import: {backup}")


def _say_new_definitions(counts: ImportCounts, apply: bool) -> None:
    """The own factors, places and symptoms the journal lacks, made with the import."""
    for f in counts.new_factors:
        made = "Created" if apply else "Would create"
        kind = "yes/no tag" if f.is_tag else f"{f.kind.value} {f.range_text}"
        typer.echo(f"{made} the factor {inert(f.name)} ({kind})")
    for place in counts.new_sites:
        made = "Added" if apply else "Would add"
        typer.echo(f"{made} the place {inert(place.label)}")
    for symptom in counts.new_symptoms:
        made = "Added" if apply else "Would add"
        typer.echo(f"{made} the symptom {inert(symptom.label)}")


def _empty_journal(ctx: typer.Context) -> Journal:
    """An empty journal for a dry run where none exists yet, so that nothing is created: in
    a private temporary folder removed when the command ends (it only ever holds the schema:
    a dry run writes nothing)."""
    import tempfile

    from twitchlog.storage.journal import Journal
    from twitchlog.storage.opening import prepare

    folder = tempfile.TemporaryDirectory(prefix="twitchlog-dry-run-")
    ctx.call_on_close(folder.cleanup)
    path = Path(folder.name) / "journal.sqlite3"
    prepare(path)
    journal = Journal(path)
    ctx.call_on_close(journal.dispose)
    return journal


def _backup_before_import(path: Path) -> Path:
    """A verified copy of the journal as it is before an import writes into it."""
    from twitchlog.storage.backup import preimport_backup
    from twitchlog.storage.opening import open_checked

    conn = open_checked(path)
    try:
        return preimport_backup(conn, path)
    finally:
        conn.close()


def _new_experiments(
    journal: Journal, experiments: Sequence[Experiment], today: date
) -> tuple[list[Experiment], list[Experiment]]:
    """The file's experiments the journal lacks (by id; a stored one never changes): those to
    add, and those left out (one still running in the file while another runs here)."""
    from twitchlog.storage.bulk import read_experiments

    if not experiments:
        return [], []
    with journal.plain_read() as conn:
        have = read_experiments(conn)
    known = {e.id for e in have}
    running = any(not e.ended(today) for e in have)
    new = [e for e in experiments if e.id not in known]
    kept_out = [e for e in new if running and not e.ended(today)]
    return [e for e in new if e not in kept_out], kept_out


def _say_experiments(chosen: list[Experiment], kept_out: list[Experiment], apply: bool) -> int:
    """One line for each experiment added (or, in a dry run, that would be) and each left
    out; returns how many are added."""
    made = "Added" if apply else "Would add"
    for exp in chosen:
        plan = exp.plan
        typer.echo(
            f"{made} the {inert(plan.name)} experiment ({plan.start.isoformat()} to "
            f"{plan.end.isoformat()}, {exp.status.value})"
        )
    for exp in kept_out:
        typer.echo(
            f"Left out the running {inert(exp.plan.name)} experiment: another runs in this "
            "journal, and one runs at a time"
        )
    return len(chosen)


def demo(
    ctx: typer.Context,
    days: Annotated[
        int, typer.Option("--days", help="Calendar days of sample data (7-7300).")
    ] = 180,
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed (same seed, same journal).")
    ] = DEMO_SEED,
    dense: Annotated[
        bool,
        typer.Option("--dense", help="Every day, every factor, up to 20 episodes (benchmarks)."),
    ] = False,
) -> None:
    """Write the sample journal (its own file, or the empty file --db names), with patterns."""
    env: Env = ctx.obj
    if not env.explicit_db:
        from twitchlog.paths import demo_journal

        env = replace(env, journal_path=demo_journal(), demo=True)
    if not 7 <= days <= 7300:
        raise ValidationError("days", f"days must be 7-7300 (got {days})")
    written = build_demo(env, days=days, seed=seed, dense=dense)
    opener = "twitchlog --demo" if env.demo else f"twitchlog --db {env.journal_path}"
    typer.echo(
        f"Sample journal written to {env.journal_path}: {written} episodes over {days} days. "
        f"Open it with: {opener}"
    )


def _building_name(target: Path) -> Path:
    """The file a sample journal is built in before it is renamed over ``target``."""
    return target.with_name(f".{target.name}.{os.getpid()}.building")


def _remove_stale_builds(target: Path) -> None:
    """Files left by a build that was killed (its process is gone)."""
    for stale in target.parent.glob(f".{target.name}.*.building*"):
        pid = stale.name.removeprefix(f".{target.name}.").split(".", 1)[0]
        try:
            os.kill(int(pid), 0)
            continue  # a build still running
        except ProcessLookupError:
            pass
        except (ValueError, PermissionError):
            continue
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def build_demo(env: Env, *, days: int = 180, seed: int = DEMO_SEED, dense: bool = False) -> int:
    """(Re)build the sample journal at ``env.journal_path``; returns the episodes written.

    The sample is built in a separate file and renamed over the target only when complete,
    so a build that is killed leaves the previous sample (or none), never a partial one.
    A file the person named with ``--db`` is replaced only when it holds no entries.
    """
    from twitchlog import paths
    from twitchlog.demo import generate
    from twitchlog.demo.experiment import add_experiment
    from twitchlog.demo.own import with_own_symptom
    from twitchlog.storage import repository as repo
    from twitchlog.storage.experiments import import_experiments
    from twitchlog.storage.journal import Journal

    target = env.journal_path
    is_sample_file = target == paths.demo_journal()
    if target.exists() and not is_sample_file:
        existing = Journal.open(target)
        try:
            if repo.journal_bounds(existing) is not None:
                raise ValidationError(
                    "db",
                    f"db {target} already has entries; "
                    "the sample journal goes only into an empty file",
                )
        finally:
            existing.dispose()
    paths.prepare_journal_location(target)
    _remove_stale_builds(target)
    building = _building_name(target)
    sidecar = building.with_name(building.name + "-journal")
    try:
        journal = Journal.open(building)
        sample = generate(
            days,
            seed=seed,
            end=env.today(),
            timezone=env.settings.timezone,
            dense=dense,
            not_after=env.now(),
        )
        experiment = None
        if not dense:  # one finished caffeine experiment, to show what a result looks like
            sample, experiment = add_experiment(sample, seed=seed)
            sample = with_own_symptom(sample, seed=seed)  # and an own symptom, eye strain
        try:
            repo.import_entries(
                journal,
                episodes=sample.episodes,
                days=sample.days,
                medications=sample.medications,
                health_notes=sample.health_notes,
                factors=sample.factors,
                symptoms=sample.symptoms,
            )
            if experiment is not None:
                import_experiments(journal, [experiment])
        finally:
            journal.dispose()
        # A rollback journal left beside the target by an earlier process belongs to the old
        # file; SQLite would play it back into the new one.
        with contextlib.suppress(FileNotFoundError):
            target.with_name(target.name + "-journal").unlink()
        os.replace(building, target)
    finally:
        for leftover in (building, sidecar):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return len(sample.episodes)


def _sample_complete(path: Path) -> bool:
    """True when ``path`` is a journal holding episodes (read-only, standard library)."""
    import sqlite3

    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM episodes)").fetchone()[0])
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def ensure_demo(env: Env) -> None:
    """Make sure the sample journal exists and is complete (for ``twitchlog --demo``): one
    that is missing, empty or unreadable (an older version left such files) is rebuilt."""
    if not _sample_complete(env.journal_path):
        build_demo(env)


def analyze(
    ctx: typer.Context,
    start: FromOpt = None,
    end: ToOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
) -> None:
    """What goes with more twitching in your diary: patterns, can't tell yet, not enough data."""
    env: Env = ctx.obj
    lo, hi = period(env, start, end)
    # The check starts before heavy imports; a place with no journal is said, never created.
    journal = env.open_journal(check_alongside=True, create=False)
    from twitchlog.analysis import analyze as run_analysis
    from twitchlog.analysis import format_text, to_json
    from twitchlog.storage.slices import journal_bounds, load_slice  # sqlite3 alone

    bounds = journal_bounds(journal)
    if bounds is None and (lo is None or hi is None):
        today = env.today()
        bounds = (today, today)
    assert bounds is not None
    longest = timedelta(days=365 * 30)
    last = hi or max(bounds[1], lo or bounds[0])
    # Without --from, the journal's first day, but at most 30 years back: one early entry
    # (1900 is accepted) never locks the analysis out.
    first = lo or max(bounds[0], last - longest)
    if last - first > longest:
        raise ValidationError(
            "from", f"from must be at most 30 years before to (e.g. --from {last - longest})"
        )
    # the text shows no counts by place or hour (its JSON does): not read for it
    # a factor under a running experiment is held back (its comparison is not shown)
    data = load_slice(journal, first, last, places_and_hours=as_json, today=env.today())
    result = run_analysis(data)
    journal.verify()  # the check ran alongside; nothing read from a damaged file is shown
    if as_json:
        typer.echo(json.dumps(to_json(result), indent=2, ensure_ascii=False))
    else:
        typer.echo(format_text(result))
