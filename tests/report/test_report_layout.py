"""Page layout on A4 and Letter: no line overlaps another, leaves the page or hits the chart."""

from __future__ import annotations

import pytest

from twitchlog.report import ReportData
from twitchlog.report.layout import Page, Style, Word, width_of, wrap
from twitchlog.report.pages import FOOTER_SPACE, MARGIN, lay_out, paper_points


def _box(w: Word) -> tuple[float, float, float, float]:
    return (w.x, w.top, w.x + w.width, w.bottom)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _check_page(page: Page, width: float, height: float) -> None:
    boxes = [_box(w) for w in page.words]
    for (x0, y0, x1, y1), word in zip(boxes, page.words, strict=True):
        assert x0 >= MARGIN - 0.01 and x1 <= width - MARGIN + 0.01, word.text
        assert y0 >= MARGIN - 0.01 and y1 <= height - MARGIN - FOOTER_SPACE + 0.01, word.text
    ordered = sorted(boxes, key=lambda b: b[1])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b[1] >= a[3]:
                break
            assert not _overlap(a, b), (a, b)
    areas = [page.chart] if page.chart is not None else []
    areas += [area for _, area in page.figures]
    for x, y, w, h in areas:
        for box in boxes:
            assert not _overlap(box, (x, y, x + w, y + h))
        assert y + h <= height - MARGIN - FOOTER_SPACE + 0.01
        assert x >= MARGIN - 0.01 and x + w <= width - MARGIN + 0.01


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_nothing_overlaps_or_is_cut(report_data: ReportData, paper: str) -> None:
    """Every placed line stays inside the margins and clear of every other line."""
    width, height = paper_points(paper)
    pages = lay_out(report_data, paper)
    assert len(pages) == 2
    assert [k for k, _ in pages[0].figures] == ["bodymap", "course"]
    assert pages[1].chart is not None, "page 1's text fits on page 1; page 2 is the charts"
    for page in pages:
        _check_page(page, width, height)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_long_medicine_list_keeps_two_pages(report_data: ReportData, paper: str) -> None:
    """120 medicine lines: page 1 keeps the latest and counts the rest; still two clean pages."""
    from dataclasses import replace

    long = replace(report_data, medicines=report_data.medicines * 40)
    width, height = paper_points(paper)
    pages = lay_out(long, paper)
    assert len(pages) == 2
    text = " ".join(w.text for w in pages[0].words)
    assert "earlier ones, not listed." in text
    for page in pages:
        _check_page(page, width, height)


def test_wrap_keeps_lines_within_width() -> None:
    """Wrapped lines fit their width; a word longer than the width is split."""
    style = Style(size=8)
    text = "a " * 50 + "x" * 300 + " 12 % more"
    lines = wrap(text, style, 120.0)
    assert all(width_of(line, style) <= 120.0 for line in lines)
    assert "".join(lines).replace(" ", "").count("x") == 300
    assert any(line.endswith("12\u00a0% more") or "12\u00a0%" in line for line in lines)
