"""``report``: write the doctor report (PDF, and with ``--png`` the chart as PNG beside it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from twitchlog.cli.cmd_episodes import FromOpt, ToOpt, period
from twitchlog.cli.context import Env, expand_path


def report(
    ctx: typer.Context,
    start: FromOpt = None,
    end: ToOpt = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="PDF file (default: twitchlog-report-<to>.pdf here)."),
    ] = None,
    png: Annotated[
        bool, typer.Option("--png", help="Also write the chart as a PNG beside the PDF.")
    ] = False,
    paper: Annotated[str, typer.Option("--paper", help="a4 or letter.")] = "a4",
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace existing files (never the journal or a backup)."),
    ] = False,
) -> None:
    """Write a report for a doctor's visit: the last 90 days unless --from/--to say otherwise."""
    from twitchlog.report import check_paper, png_path
    from twitchlog.storage.targets import check_output

    env: Env = ctx.obj
    paper_key = check_paper(paper)
    lo, hi = period(env, start, end)
    if out is not None:  # refused before any work (the default name is checked below)
        check_output(expand_path(out), env.journal_path, force=force)
        if png:
            check_output(png_path(expand_path(out)), env.journal_path, force=force)
    journal = env.open_journal(check_alongside=True)  # the check starts before heavy imports
    from twitchlog.report import default_pdf_name, default_period, make_report
    from twitchlog.storage.repository import journal_bounds

    today = env.today()
    if lo is None:
        bounds = journal_bounds(journal)
        lo = default_period(bounds[0] if bounds else None, hi or today)[0]
        if hi is not None and lo > hi:
            lo = hi
    hi = hi or today
    if lo > hi:
        from twitchlog.domain.errors import ValidationError

        raise ValidationError("from", f"from must be on or before to (got {lo} > {hi})")
    target = expand_path(out if out is not None else Path.cwd() / default_pdf_name(hi))
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
    )
    pages = f"{files.pages} page{'' if files.pages == 1 else 's'}"
    typer.echo(f"Report written to {files.pdf} ({pages}, {paper_key}).")
    if files.png is not None:
        typer.echo(f"Chart written to {files.png}.")
