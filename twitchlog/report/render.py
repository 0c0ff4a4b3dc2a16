"""Rendering: the laid-out pages to PDF bytes, the chart figure to PNG bytes (matplotlib, lazily).

Only the object-oriented API is used (``Figure`` and the Agg/PDF canvases, never pyplot), so
no GUI backend is touched. Output is reproducible: fonts are fixed (DejaVu Sans, embedded as
TrueType), the PDF's ``CreationDate`` is ``SOURCE_DATE_EPOCH`` when set or else the report's
"made on" date, and no other date or random id is written. The same data gives the same bytes.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING

from twitchlog.report.layout import FONT, Page, Word
from twitchlog.report.model import ReportData
from twitchlog.report.pages import lay_out, paper_points

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: The PNG chart: size in inches and resolution (1200 x 1500 pixels).
PNG_SIZE_IN = (8.0, 10.0)
PNG_DPI = 150
FOOTER = "twitchlog: a diary kept by the person, not a diagnosis"

_RC = {
    "pdf.fonttype": 3,
    "pdf.compression": 6,
    "svg.hashsalt": "twitchlog",
    "font.family": FONT,
    "hatch.linewidth": 0.6,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
}


@contextmanager
def _settings() -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context(_RC):
        yield


def creation_date(data: ReportData) -> datetime:
    """``SOURCE_DATE_EPOCH`` if set (reproducible builds), else midnight UTC of "made on"."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.combine(data.header.made_on, time(0), tzinfo=UTC)


def _draw_word(fig: Figure, w: Word, width: float, height: float) -> None:
    fig.text(
        w.x / width,
        1 - w.y / height,
        w.text,
        fontsize=w.style.size,
        fontweight="bold" if w.style.bold else "normal",
        fontstyle="italic" if w.style.italic else "normal",
        color=w.style.color,
        ha="left",
        va="baseline",
        parse_math=False,
    )


def _chart_rect(
    area: tuple[float, float, float, float], width: float, height: float
) -> tuple[float, float, float, float]:
    """Axes rectangle (figure fractions) inside a chart area given in points from the top."""
    x, y, w, h = area
    left_pad, bottom_pad, top_pad = 78.0, 24.0, 14.0
    return (
        (x + left_pad) / width,
        1 - (y + h - bottom_pad) / height,
        (w - left_pad) / width,
        (h - bottom_pad - top_pad) / height,
    )


def _page_figure(page: Page, number: int, count: int, data: ReportData, paper: str) -> Figure:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from twitchlog.report.charts import draw_charts

    width, height = paper_points(paper)
    fig = Figure(figsize=(width / 72, height / 72))
    for w in page.words:
        _draw_word(fig, w, width, height)
    for r in page.rules:
        fig.add_artist(
            Line2D(
                [r.x0 / width, r.x1 / width],
                [1 - r.y / height] * 2,
                transform=fig.transFigure,
                linewidth=0.5,
                color="#777777",
            )
        )
    if page.chart is not None:
        draw_charts(fig, data.chart, _chart_rect(page.chart, width, height))
    fig.text(
        0.5,
        24 / height,
        f"{FOOTER} · page {number} of {count}",
        ha="center",
        va="baseline",
        fontsize=6.5,
        color="#555555",
        parse_math=False,
    )
    return fig


def render_pdf(data: ReportData, paper: str = "a4") -> bytes:
    """The whole report as PDF bytes on ``paper`` (``a4`` or ``letter``)."""
    from matplotlib.backends.backend_pdf import PdfPages

    pages = lay_out(data, paper)
    buf = io.BytesIO()
    with _settings():
        metadata = {
            "CreationDate": creation_date(data),
            "Creator": "twitchlog",
            "Title": "Muscle twitch diary: summary for the doctor",
        }
        with PdfPages(buf, metadata=metadata) as pdf:
            for i, page in enumerate(pages, start=1):
                pdf.savefig(_page_figure(page, i, len(pages), data, paper))
    return buf.getvalue()


def render_png(data: ReportData) -> bytes:
    """The chart figure alone as PNG bytes (``PNG_SIZE_IN`` at ``PNG_DPI``)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from twitchlog.report.charts import draw_charts
    from twitchlog.report.page_one import header_lines

    buf = io.BytesIO()
    with _settings():
        fig = Figure(figsize=PNG_SIZE_IN, dpi=PNG_DPI)
        FigureCanvasAgg(fig)
        fig.text(
            0.04,
            0.975,
            "Muscle twitch diary: charts",
            fontsize=11,
            fontweight="bold",
            va="top",
            parse_math=False,
        )
        fig.text(
            0.04,
            0.955,
            header_lines(data)[0],
            fontsize=7,
            va="top",
            color="#333333",
            parse_math=False,
        )
        fig.text(0.04, 0.012, FOOTER, fontsize=6.5, color="#555555", parse_math=False)
        w_pt, h_pt = PNG_SIZE_IN[0] * 72, PNG_SIZE_IN[1] * 72
        draw_charts(
            fig, data.chart, _chart_rect((20.0, 52.0, w_pt - 40.0, h_pt - 70.0), w_pt, h_pt)
        )
        fig.savefig(buf, format="png", dpi=PNG_DPI, metadata={"Software": "twitchlog"})
    return buf.getvalue()
