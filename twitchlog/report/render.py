"""Rendering: the laid-out pages to PDF bytes, the chart figure to PNG bytes (matplotlib, lazily).

Only the object-oriented API is used (``Figure`` and the Agg/PDF canvases, never pyplot), so
no GUI backend is touched. Output is reproducible: fonts are fixed, the PDF's
``CreationDate`` is ``SOURCE_DATE_EPOCH`` when set or else the report's "made on" date, and
no other date or random id is written. The same data gives the same bytes.

Fonts: when every text of the report is in the PDF core fonts' encoding (Windows-1252, which
covers English and the Western European languages), the PDF uses the core font Helvetica,
which every PDF reader has and which is not embedded; this about halves the time to draw and
write the pages and the file's size. Otherwise (a name or note in Greek, Cyrillic, CJK, a
character the report font lacks shown as U+FFFD) the PDF embeds DejaVu Sans as Type 3 subsets,
as before, so every character is drawn as written. PNGs are always drawn in DejaVu Sans.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING, Any

from twitchlog.report.layout import CORE_FONT, FONT, Page, Word, core_font
from twitchlog.report.model import ReportData
from twitchlog.report.pages import lay_out, paper_points

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Resolution of a page as PNG (the PNG of an empty period, which is page 1).
PNG_DPI = 150
FOOTER = "twitchlog: a diary kept by the person, not a diagnosis"

_RC: dict[str, Any] = {
    "pdf.fonttype": 3,
    "pdf.compression": 6,
    "svg.hashsalt": "twitchlog",
    "font.family": FONT,
    "hatch.linewidth": 0.6,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
}


#: Settings on top of ``_RC`` for a PDF in the core font (no minus sign outside cp1252).
_CORE_RC: dict[str, Any] = {
    "pdf.use14corefonts": True,
    "font.family": "sans-serif",
    "font.sans-serif": [CORE_FONT],
    "axes.unicode_minus": False,
}
#: The core fonts' encoding (matplotlib writes their text in it).
CORE_ENCODING = "cp1252"


@contextmanager
def _settings(core: bool = False) -> Iterator[None]:
    import matplotlib

    rc = {**_RC, **_CORE_RC} if core else _RC
    # Helvetica's regular face says weight "Medium": findfont warns for every "normal"
    # text that it used the medium weight, which is the face wanted. Keep that quiet.
    fonts = logging.getLogger("matplotlib.font_manager")
    level = fonts.level
    if core:
        fonts.setLevel(logging.ERROR)
    try:
        with matplotlib.rc_context(rc), core_font(core):  # type: ignore[arg-type]
            yield
    finally:
        fonts.setLevel(level)


def _strings(value: object) -> Iterator[str]:
    """Every string inside ``value`` (dataclasses, sequences, mappings), depth first."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            yield from _strings(v)


def core_fonts_fit(data: ReportData) -> bool:
    """True when every text of the report can be drawn in the PDF core fonts, i.e. is in
    their encoding; see the module docstring. The report's own words are (a test checks),
    so this looks at the data: names, notes, medicines, places, findings.
    """
    for text in _strings(data):
        try:
            text.encode(CORE_ENCODING)
        except UnicodeEncodeError:
            return False
    return True


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


def _panels(data: ReportData) -> list[tuple[tuple[float | None, ...], str, str]]:
    """Page 2's factor panels: the strongest patterns (built-in or own), then the defaults."""
    from twitchlog.report.summary import factor_axis, page_panels

    out = []
    for key in page_panels(data):
        unit, title = factor_axis(key, data)
        out.append((tuple(data.chart.factor_series.get(key, ())), title, unit))
    return out


def _page_figure(page: Page, number: int, count: int, data: ReportData, paper: str) -> Figure:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from twitchlog.report.bodydraw import draw_body_map, draw_course
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
        draw_charts(fig, data.chart, _chart_rect(page.chart, width, height), panels=_panels(data))
    for kind, (fx, fy, fw, fh) in page.figures:
        if kind == "bodymap":
            draw_body_map(
                fig, data.markers, (fx / width, 1 - (fy + fh) / height, fw / width, fh / height)
            )
        elif kind == "course" and data.course is not None:
            # room for the tick labels: numbers at the left, half a date at the right
            pad_left, pad_right, pad_bottom, pad_top = 26.0, 12.0, 14.0, 3.0
            rect = (
                (fx + pad_left) / width,
                1 - (fy + fh - pad_bottom) / height,
                (fw - pad_left - pad_right) / width,
                (fh - pad_bottom - pad_top) / height,
            )
            draw_course(fig, data.course, rect)
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


def _pdf(figures: list[Figure], data: ReportData) -> bytes:
    from matplotlib.backends.backend_pdf import PdfPages

    buf = io.BytesIO()
    metadata = {
        "CreationDate": creation_date(data),
        "Creator": "twitchlog",
        "Title": "Muscle twitch diary: summary for the doctor",
    }
    with PdfPages(buf, metadata=metadata) as pdf:
        for fig in figures:
            pdf.savefig(fig)
    return buf.getvalue()


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=PNG_DPI, metadata={"Software": "twitchlog"})
    return buf.getvalue()


def _summary_png(data: ReportData, figures: list[Figure] | None) -> bytes:
    """The summary chart; for an empty period, page 1 itself (there is nothing to chart)."""
    from twitchlog.report.summary import SUMMARY_DPI, draw_summary

    if data.empty and figures:
        return _png(figures[0])
    buf = io.BytesIO()
    draw_summary(data).savefig(
        buf, format="png", dpi=SUMMARY_DPI, metadata={"Software": "twitchlog"}
    )
    return buf.getvalue()


def render_files(
    data: ReportData, paper: str, png: bool, pdf: bool = True
) -> tuple[bytes | None, bytes | None]:
    """The PDF (unless ``pdf`` is false) and with ``png`` the summary chart as PNG."""

    def figures() -> list[Figure]:  # laid out in the font of the surrounding _settings
        pages = lay_out(data, paper)
        return [_page_figure(page, i, len(pages), data, paper) for i, page in enumerate(pages, 1)]

    pdf_bytes = png_bytes = None
    if pdf:
        with _settings(core=core_fonts_fit(data)):
            pdf_bytes = _pdf(figures(), data)
    if png:
        with _settings():
            png_bytes = _summary_png(data, figures() if data.empty else None)
    return pdf_bytes, png_bytes


def render_pdf(data: ReportData, paper: str = "a4") -> bytes:
    """The whole report as PDF bytes on ``paper`` (``a4`` or ``letter``)."""
    pdf_bytes = render_files(data, paper, png=False)[0]
    assert pdf_bytes is not None
    return pdf_bytes


def png_pixels(paper: str = "a4") -> tuple[int, int]:
    """Width and height in pixels of a page as PNG on ``paper`` (an empty period's PNG)."""
    width, height = paper_points(paper)
    # matplotlib truncates figure size x dpi to whole pixels.
    return int(width / 72 * PNG_DPI), int(height / 72 * PNG_DPI)


def render_png(data: ReportData, paper: str = "a4") -> bytes:
    """The summary chart as PNG bytes (1600 x 900); an empty period gives page 1 instead."""
    png_bytes = render_files(data, paper, png=True, pdf=False)[1]
    assert png_bytes is not None
    return png_bytes
