"""``make_report``: build, render and write the report files (what the CLI and the TUI call)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from twitchlog.config import Settings
from twitchlog.domain.errors import ValidationError
from twitchlog.fileio import atomic_write_bytes
from twitchlog.report.layout import PAPERS
from twitchlog.storage.targets import check_output

if TYPE_CHECKING:
    from twitchlog.storage.journal import Journal


@dataclass(frozen=True, slots=True)
class ReportFiles:
    """Where the report was written: the PDF (unless PNG only), and the summary chart PNG."""

    pdf: Path | None
    png: Path | None
    pages: int


def check_paper(paper: str) -> str:
    """``a4`` or ``letter`` (any case); ValidationError otherwise."""
    key = paper.strip().lower()
    if key not in PAPERS:
        raise ValidationError("paper", f"paper must be a4 or letter (got {paper!r})")
    return key


def png_path(pdf: Path) -> Path:
    """The summary chart's path: beside the PDF, same name, ``.png``."""
    return pdf.with_suffix(".png")


def make_report(
    journal: Journal,
    start: date,
    end: date,
    settings: Settings,
    out: Path,
    png: bool,
    paper: str,
    made_on: date | None = None,
    before_write: Callable[[], None] | None = None,
    pdf: bool = True,
) -> ReportFiles:
    """Write the doctor report for ``[start, end]`` to ``out`` (and with ``png`` the summary
    chart beside it; with ``pdf`` false only the chart, at ``png_path(out)``).

    Both files are written atomically with mode 0600. Raises ValidationError for a bad paper
    size or a reversed period. Safe to call from a worker thread (no pyplot, no GUI).
    ``before_write`` runs after rendering and before any file is written (the CLI waits there
    for the journal's integrity check, which ran alongside; if it raises, nothing is written).
    """
    from twitchlog.report.build import build_report
    from twitchlog.report.render import render_files

    paper_key = check_paper(paper)
    if end < start:
        raise ValidationError("from", f"from must be on or before to (got {start} > {end})")
    data = build_report(journal, start, end, settings, made_on=made_on)
    pdf_bytes, png_bytes = render_files(data, paper_key, png or not pdf, pdf=pdf)
    if before_write is not None:
        before_write()
    pdf_out = out if pdf_bytes is not None else None
    png_out = png_path(out) if png_bytes is not None else None
    for target in (pdf_out, png_out):
        if target is not None:  # never over the journal or a backup (existing files: callers)
            check_output(target, journal.path, force=True)
    if pdf_out is not None and pdf_bytes is not None:
        atomic_write_bytes(pdf_out, pdf_bytes)
    if png_out is not None and png_bytes is not None:
        atomic_write_bytes(png_out, png_bytes)
    pages = len(re.findall(rb"/Type /Page(?!s)", pdf_bytes)) if pdf_bytes is not None else 0
    return ReportFiles(pdf=pdf_out, png=png_out, pages=pages)
