"""At most two pages: a 20-year diary with every site and many medicines, three days, nothing.

Page counts are read from the PDF (pypdf) where it is rendered, and from the layout (the
PDF has one page per laid-out page) for the whole 20 years, which takes long to draw.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.report.conftest import END, START, every_site_journal, pdf_text
from twitchlog.config import Settings
from twitchlog.domain.models import DayLog
from twitchlog.domain.sites import SITES
from twitchlog.report import ReportData, build_report, render_pdf, render_png
from twitchlog.report.bodymap import OTHER_ROWS
from twitchlog.report.pages import lay_out
from twitchlog.report.render import png_pixels
from twitchlog.storage import repository as repo
from twitchlog.storage.journal import Journal


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.fixture(scope="module")
def twenty_years(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    """20 years of diary, every site on every side in the last month, 24 medicines."""
    path = every_site_journal(tmp_path_factory.mktemp("twenty") / "j.sqlite3", days=7300)
    journal = Journal(path)
    yield journal
    journal.dispose()


def test_twenty_years_every_site_is_two_pages(twenty_years: Journal) -> None:
    """The default 90 days (rendered) and the whole 20 years (laid out): two pages each;
    every site is on the map and the medicines that did not fit are counted on page 1.
    """
    data = build_report(twenty_years, START, END, Settings(name="Test Person"))
    assert {m.site for m in data.markers if m.view != "other"} == set(SITES)
    assert sum(m.view == "other" for m in data.markers) == OTHER_ROWS  # own places, beside
    pages = pdf_text(render_pdf(data, "a4"))
    assert len(pages) == 2
    assert "earlier ones, not listed." in pages[0]
    first = END - timedelta(days=7299)
    whole = build_report(twenty_years, first, END, Settings())
    for paper in ("a4", "letter"):
        assert len(lay_out(whole, paper)) == 2


def _three_days(journal: Journal) -> ReportData:
    days = [
        DayLog(day=END - timedelta(days=i), checked_in=True, caffeine_mg=100.0 * i, stress=i)
        for i in range(3)
    ]
    repo.import_entries(journal, days=days)
    return build_report(journal, END - timedelta(days=2), END, Settings())


def test_three_days_no_weekly_mean_and_two_pages(journal: Journal) -> None:
    """Three days: no 7-day mean anywhere, two pages, the summary chart still 1600 x 900."""
    data = _three_days(journal)
    assert all(v is None for v in data.chart.mean7)
    pages = pdf_text(render_pdf(data, "a4"))
    assert len(pages) == 2
    assert "7-day mean" not in " ".join(pages)
    assert _png_size(render_png(data)) == (1600, 900)


def test_empty_diary_png_is_its_one_page(journal: Journal, tmp_path: Path) -> None:
    """Nothing recorded: one page, and the PNG is that page (not an all-hatched chart)."""
    data = build_report(journal, START, END, Settings())
    assert data.empty and len(lay_out(data, "a4")) == 1
    assert _png_size(render_png(data, "a4")) == png_pixels("a4")
