"""The doctor report: a PDF of two pages at most whose first page answers the doctor's
questions at a glance, and a summary chart (PNG) that stands alone.

Public API
----------
``make_report(journal, start, end, settings, out, png, paper, made_on=None, pdf=True)``
    Build, render and write the PDF (and with ``png`` the summary chart beside it; with
    ``pdf=False`` only the chart), atomically and privately (0600). Returns ``ReportFiles``.
    Called by ``twitchlog report`` and by the TUI's Report screen.
``build_report(journal, start, end, settings, made_on=None) -> ReportData``
    The pure data step: every sentence and number the report shows (no matplotlib).
``render_pdf(data, paper) -> bytes`` and ``render_png(data, paper) -> bytes``
    The rendering step (matplotlib, imported lazily inside these functions).
``default_period(first_entry, today) -> (start, end)``
    The last 90 days, or since the first entry if that is shorter.

This is the only package that imports matplotlib, and it does so inside functions, so
importing ``twitchlog.report`` stays cheap.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from twitchlog.report.files import ReportFiles, check_paper, make_report, png_path
from twitchlog.report.model import ReportData

if TYPE_CHECKING:
    from twitchlog.config import Settings
    from twitchlog.storage.journal import Journal

#: Length of the default report period, in days.
DEFAULT_DAYS = 90

__all__ = [
    "DEFAULT_DAYS",
    "ReportData",
    "ReportFiles",
    "build_report",
    "check_paper",
    "default_pdf_name",
    "default_period",
    "make_report",
    "png_path",
    "render_pdf",
    "render_png",
]


def default_period(first_entry: date | None, today: date) -> tuple[date, date]:
    """The last ``DEFAULT_DAYS`` days up to ``today``, or from the first entry if later."""
    start = today - timedelta(days=DEFAULT_DAYS - 1)
    if first_entry is not None and start < first_entry <= today:
        start = first_entry
    return start, today


def default_pdf_name(end: date) -> str:
    """``twitchlog-report-<end>.pdf``."""
    return f"twitchlog-report-{end.isoformat()}.pdf"


def build_report(
    journal: Journal, start: date, end: date, settings: Settings, made_on: date | None = None
) -> ReportData:
    """Everything the report shows for ``[start, end]`` (see :mod:`twitchlog.report.build`)."""
    from twitchlog.report.build import build_report as build

    return build(journal, start, end, settings, made_on=made_on)


def render_pdf(data: ReportData, paper: str = "a4") -> bytes:
    """The report as PDF bytes on ``a4`` or ``letter`` paper."""
    from twitchlog.report.render import render_pdf as render

    return render(data, check_paper(paper))


def render_png(data: ReportData, paper: str = "a4") -> bytes:
    """The summary chart as PNG bytes (1600 x 900); for an empty period, its one page."""
    from twitchlog.report.render import render_png as render

    return render(data, check_paper(paper))
