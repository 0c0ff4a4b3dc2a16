"""Fonts of the PDF: the core font Helvetica when every text is in its encoding (smaller,
faster), DejaVu Sans embedded when a name or note needs more, and never a lost character.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader

from tests.report.conftest import END, pdf_text
from tests.report.test_report_layout import _check_page
from twitchlog.config import Settings
from twitchlog.domain.models import DayLog, Medication
from twitchlog.report import ReportData, build_report, render_pdf
from twitchlog.report.layout import core_font
from twitchlog.report.pages import lay_out, paper_points
from twitchlog.report.render import CORE_ENCODING, _page_figure, _pdf, _settings, core_fonts_fit
from twitchlog.storage import repository as repo
from twitchlog.storage.journal import Journal


def _fonts(pdf: bytes) -> set[tuple[str, str, bool]]:
    """(base font, subtype, embedded) of every font the pages use."""
    out = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        resources: Any = page["/Resources"].get_object()
        fonts = resources.get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            embedded = embedded or font["/Subtype"] == "/Type3"
            out.add((str(font.get("/BaseFont", "")), str(font["/Subtype"]), embedded))
    return out


def test_latin_report_uses_the_core_font_unembedded(
    report_data: ReportData, report_pdf: bytes
) -> None:
    """The seeded report is all Windows-1252 text: Helvetica, nothing embedded, and its
    text still reads back (pypdf) with the answers in it.
    """
    assert core_fonts_fit(report_data)
    fonts = _fonts(report_pdf)
    assert fonts and all(name.startswith("/Helvetica") for name, _, _ in fonts)
    assert not any(embedded for _, _, embedded in fonts)
    assert "Red flags" in pdf_text(report_pdf)[0]


def test_every_text_drawn_in_the_core_font_is_in_its_encoding(report_data: ReportData) -> None:
    """Every text matplotlib drew on the pages (the report's words, tick labels, legends,
    the site grid's counts) can be written in the core font: nothing becomes '?'.
    """
    from matplotlib.text import Text

    with _settings(core=True):
        pages = lay_out(report_data, "a4")
        figures = [_page_figure(p, i, len(pages), report_data, "a4") for i, p in enumerate(pages)]
        _pdf(figures, report_data)
    texts = [t.get_text() for fig in figures for t in fig.findobj(Text) if isinstance(t, Text)]
    assert len(texts) > 100
    for text in texts:
        text.encode(CORE_ENCODING)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_core_font_layout_stays_inside_the_margins(report_data: ReportData, paper: str) -> None:
    """Laid out with Helvetica's widths, no line overlaps another or leaves its column."""
    width, height = paper_points(paper)
    with core_font(True):
        pages = lay_out(report_data, paper)
    assert len(pages) == 2
    for page in pages:
        _check_page(page, width, height)


@pytest.mark.parametrize("name", ["Ωμέγα-3", "Магний", "łódź vitamins"])
def test_text_outside_the_core_encoding_embeds_dejavu_and_is_kept(
    journal: Journal, name: str
) -> None:
    """A medicine named in Greek, Cyrillic or Polish: DejaVu Sans is embedded and the name
    is drawn as written (a core font would have written '?' for it).
    """
    repo.import_entries(
        journal,
        days=[DayLog(day=END, checked_in=True)],
        medications=[Medication("m1", name, END, "1 mg")],
    )
    data = build_report(journal, END, END, Settings())
    assert not core_fonts_fit(data)
    pdf = render_pdf(data, "a4")
    fonts = _fonts(pdf)
    assert all(embedded for _, _, embedded in fonts)
    assert name in pdf_text(pdf)[0]
