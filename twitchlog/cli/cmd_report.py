"""``report``: write the doctor report (PDF, and with ``--png`` the summary chart beside it)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from twitchlog.cli.cmd_episodes import FromOpt, ToOpt, period
from twitchlog.cli.context import Env, expand_path

if TYPE_CHECKING:
    from twitchlog.storage.journal import Journal


def _period(
    journal: Journal, lo: date | None, hi: date | None, today: date, since_last_visit: bool
) -> tuple[date, date]:
    """The report's days: --from/--to, or from the last visit, or the default 90 days."""
    from twitchlog.domain.errors import ValidationError
    from twitchlog.report import default_period
    from twitchlog.storage.report_queries import last_visit
    from twitchlog.storage.slices import journal_bounds  # sqlite3 alone: no SQLModel import

    if since_last_visit:
        lo = last_visit(journal, hi or today)
        if lo is None:
            raise ValidationError(
                "since-last-visit",
                "no visit in the health notes yet: add one (twitchlog note visit GP --date "
                "2026-09-01) or give --from",
            )
    if lo is None:
        bounds = journal_bounds(journal)
        lo = default_period(bounds[0] if bounds else None, hi or today)[0]
        if hi is not None and lo > hi:
            lo = hi
    hi = hi or today
    if lo > hi:
        raise ValidationError("from", f"from must be on or before to (got {lo} > {hi})")
    return lo, hi


def report(
    ctx: typer.Context,
    start: FromOpt = None,
    end: ToOpt = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="PDF file (default: twitchlog-report-<to>.pdf here, or -2, -3 ... if taken).",
        ),
    ] = None,
    png: Annotated[
        bool,
        typer.Option("--png", help="Also write the summary chart (PNG, 1600x900) beside the PDF."),
    ] = False,
    png_only: Annotated[
        bool, typer.Option("--png-only", help="Write only the summary chart, no PDF.")
    ] = False,
    since_last_visit: Annotated[
        bool,
        typer.Option("--since-last-visit", help="From the most recent visit in the health notes."),
    ] = False,
    paper: Annotated[str, typer.Option("--paper", help="a4 or letter.")] = "a4",
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace existing files (never the journal or a backup)."),
    ] = False,
) -> None:
    """Write a report for a doctor's visit: the last 90 days unless --from/--to say otherwise."""
    from twitchlog.domain.errors import ValidationError
    from twitchlog.report import check_paper, png_path
    from twitchlog.storage.targets import check_output, first_free

    env: Env = ctx.obj
    paper_key = check_paper(paper)
    lo, hi = period(env, start, end)
    if since_last_visit and lo is not None:
        raise ValidationError(
            "from", "use either --from or --since-last-visit, not both (for example --from -90)"
        )
    png = png or png_only
    if out is not None:  # refused before any work (the default name is checked below)
        if not png_only:
            check_output(expand_path(out), env.journal_path, force=force)
        if png:
            check_output(png_path(expand_path(out)), env.journal_path, force=force)
    # A read command: it never creates a journal. The check starts before heavy imports.
    journal = env.open_journal(check_alongside=True, create=False)
    from twitchlog.report import default_pdf_name, make_report

    today = env.today()
    lo, hi = _period(journal, lo, hi, today, since_last_visit)
    if out is not None:
        target = expand_path(out)
    else:  # a default name is made unique (-2, -3, ...); a name the person gave needs --force

        def taken(pdf: Path) -> bool:
            pdf_taken = not png_only and os.path.lexists(pdf)
            return pdf_taken or (png and os.path.lexists(png_path(pdf)))

        target = first_free(Path.cwd() / default_pdf_name(hi), taken)
    if not png_only:
        check_output(target, env.journal_path, force=force)
    if png:
        check_output(png_path(target), env.journal_path, force=force)
    files = make_report(
        journal,
        lo,
        hi,
        env.settings,
        target,
        png,
        paper_key,
        made_on=today,
        before_write=journal.verify,  # nothing is written from a journal that fails its check
        pdf=not png_only,
    )
    if files.pdf is not None:
        pages = f"{files.pages} page{'' if files.pages == 1 else 's'}"
        typer.echo(f"Report written to {files.pdf} ({pages}, {paper_key}).")
    if files.png is not None:
        typer.echo(f"Summary chart written to {files.png}.")
