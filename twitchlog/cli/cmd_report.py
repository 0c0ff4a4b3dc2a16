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
) -> None:
    """Write a report for a doctor's visit: the last 90 days unless --from/--to say otherwise."""
    from twitchlog.report import check_paper

    env: Env = ctx.obj
    paper_key = check_paper(paper)
    lo, hi = period(env, start, end)
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
    target = out if out is not None else Path.cwd() / default_pdf_name(hi)
    files = make_report(
        journal,
        lo,
        hi,
        env.settings,
        expand_path(target),
        png,
        paper_key,
        made_on=today,
        before_write=journal.verify,  # nothing is written from a journal that fails its check
    )
    pages = f"{files.pages} page{'' if files.pages == 1 else 's'}"
    typer.echo(f"Report written to {files.pdf} ({pages}, {paper_key}).")
    if files.png is not None:
        typer.echo(f"Chart written to {files.png}.")
