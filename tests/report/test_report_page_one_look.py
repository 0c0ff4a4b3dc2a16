"""Page 1 as drawn: nothing runs off the page, map labels stay apart, a short diary's course.

These tests draw page 1 with the Agg renderer and read the extents of what was drawn, so they
check what a reader sees (text inside the page, labels not on top of each other), not pixels.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import combinations
from typing import TYPE_CHECKING

import pytest

from tests.report.conftest import END, START, every_site_journal
from twitchlog.config import Settings
from twitchlog.domain.models import DayLog, Episode, Kind
from twitchlog.domain.sites import Side
from twitchlog.report import ReportData, build_report
from twitchlog.report.pages import MARGIN, lay_out, paper_points
from twitchlog.report.render import _page_figure, _settings
from twitchlog.storage import repository as repo
from twitchlog.storage.journal import Journal

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox


def _page_one(data: ReportData) -> Iterator[tuple[Figure, RendererBase]]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    pages = lay_out(data, "a4")
    with _settings():
        fig = _page_figure(pages[0], 1, len(pages), data, "a4")
        fig.set_dpi(300)  # text extents near the PDF's (hinting widens text at low dpi)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()  # type: ignore[no-untyped-call]
        yield fig, canvas.get_renderer()  # type: ignore[no-untyped-call]


def _texts(fig: Figure) -> list[Text]:
    from matplotlib.text import Text

    return [
        t
        for t in fig.findobj(Text)
        if isinstance(t, Text) and t.get_visible() and t.get_text().strip()
    ]


@pytest.fixture(scope="module")
def every_site(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    """180 days of demo diary plus every site on every side (and none) in its last month."""
    path = every_site_journal(tmp_path_factory.mktemp("every") / "j.sqlite3", days=180)
    journal = Journal(path)
    try:
        return build_report(journal, START, END, Settings(name="Test Person"))
    finally:
        journal.dispose()


@pytest.mark.parametrize("which", ["demo", "every site"])
def test_course_title_is_not_clipped(
    report_data: ReportData, every_site: ReportData, which: str
) -> None:
    """Every text on page 1, the course chart's title and ticks included, lies inside the
    page's margins (the title used to run off the right edge of the page).
    """
    data = report_data if which == "demo" else every_site
    width, height = paper_points("a4")
    for fig, renderer in _page_one(data):
        scale = fig.dpi / 72
        for text in _texts(fig):
            box = text.get_window_extent(renderer)
            label = text.get_text()
            assert box.x0 >= (MARGIN - 1) * scale, label
            assert box.x1 <= (width - MARGIN + 1) * scale, label
            assert box.y0 >= 0 and box.y1 <= height * scale, label


def _count_labels(fig: Figure) -> list[Text]:
    """The body map's count labels (the texts of the map's axes that start with a number:
    the counts, and the rows of own places, ``4 left behind the knee``)."""
    ax = fig.axes[0]
    return [t for t in ax.texts if t.get_text()[:1].isdigit()]


def _marker_circles(fig: Figure) -> list[tuple[float, float, float]]:
    """Each map marker as (x, y, radius) in display pixels."""
    from matplotlib.collections import PathCollection

    ax = fig.axes[0]
    (dots,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    centres = ax.transData.transform(dots.get_offsets())
    radii = [(s**0.5) / 2 * fig.dpi / 72 for s in dots.get_sizes()]
    return [(float(x), float(y), r) for (x, y), r in zip(centres, radii, strict=True)]


def _hits(box: Bbox, circle: tuple[float, float, float]) -> bool:
    x, y, r = circle
    nearest_x = min(max(x, box.x0), box.x1)
    nearest_y = min(max(y, box.y0), box.y1)
    return bool((nearest_x - x) ** 2 + (nearest_y - y) ** 2 < (r * 0.9) ** 2)


def test_body_map_counts_do_not_crowd_with_every_site(every_site: ReportData) -> None:
    """With every site on every side and on the midline, and more own places than the map's
    column holds, no two count labels overlap and no count sits on another place's dot
    (midline counts used to run into their neighbours; own places on two sides were drawn
    on top of each other, and many ran off the map onto the text below); no two dots of the
    own places' column touch, and its rows stay inside the map.
    """
    for fig, renderer in _page_one(every_site):
        labels = _count_labels(fig)
        circles = _marker_circles(fig)
        assert len(labels) == len(circles) == len(every_site.markers)
        boxes = [t.get_window_extent(renderer) for t in labels]
        for (i, a), (j, b) in combinations(enumerate(boxes), 2):
            assert not a.overlaps(b), (labels[i].get_text(), labels[j].get_text())
        for i, box in enumerate(boxes):
            others = [c for k, c in enumerate(circles) if k != i]
            assert not any(_hits(box, c) for c in others), every_site.markers[i]
        rows = [i for i, m in enumerate(every_site.markers) if m.view == "other"]
        texts = [labels[i].get_text() for i in rows]
        assert len(rows) == 8 and any("left behind the knee" in t for t in texts), texts
        assert texts[-1].endswith("more places") and any(t.endswith("…") for t in texts)
        for i, j in combinations(rows, 2):
            (xa, ya, ra), (xb, yb, rb) = circles[i], circles[j]
            assert (xa - xb) ** 2 + (ya - yb) ** 2 >= (ra + rb) ** 2
        area = fig.axes[0].get_window_extent(renderer)
        for i in rows:
            assert area.contains(boxes[i].x1, boxes[i].y0), texts


def _three_day_diary(journal: Journal) -> ReportData:
    days = [DayLog(day=END - timedelta(days=i), checked_in=True) for i in range(3)]
    episodes = []
    for i, n in enumerate((3, 5, 2)):
        day = END - timedelta(days=i)
        for k in range(n):
            started = datetime(day.year, day.month, day.day, 8 + k, tzinfo=UTC)
            episodes.append(
                Episode(
                    id=f"00000000-0000-4000-8000-{i:06d}{k:06d}",
                    started_at=started,
                    timezone="Europe/Berlin",
                    local_date=day,
                    site="eyelid",
                    side=Side.LEFT,
                    kind=Kind.TWITCH,
                    duration_s=10,
                    recorded_at=started,
                )
            )
    repo.import_entries(journal, days=days, episodes=episodes)
    return build_report(journal, END - timedelta(days=2), END, Settings())


def test_three_day_course_is_per_logged_day_not_a_scaled_week(journal: Journal) -> None:
    """10 episodes on 3 logged days: the course shows 3.3 per logged day, not 23 'a week'
    (a partial week used to be scaled up as if all 7 days had been logged); its date
    labels do not run into each other.
    """
    data = _three_day_diary(journal)
    assert data.course is not None
    assert [v for v in data.course.per_week if v is not None] == [pytest.approx(10 / 3)]
    for fig, renderer in _page_one(data):
        course = fig.axes[1]
        ticks = [t for t in course.get_xticklabels() if t.get_text()]
        boxes = [t.get_window_extent(renderer) for t in ticks]
        assert len(boxes) >= 2
        for a, b in combinations(boxes, 2):
            assert not a.overlaps(b)
        texts = " ".join(t.get_text() for t in _texts(fig))
        assert "per logged day" in texts
        assert "per 7 logged days" not in texts


def test_page_two_row_labels_do_not_overlap_with_many_medicines_and_sites(
    every_site: ReportData,
) -> None:
    """Eight medicine bands and ten grid sites: their row labels on page 2 stay apart (the
    charts used to be squeezed by the tables until the labels ran into each other).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    pages = lay_out(every_site, "a4")
    with _settings():
        fig = _page_figure(pages[1], 2, len(pages), every_site, "a4")
        fig.set_dpi(300)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()  # type: ignore[no-untyped-call]
        renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    crowded = [
        ax for ax in fig.axes if ax.get_title(loc="left").startswith(("Medicines", "Spread"))
    ]
    assert len(crowded) == 2  # the medicine bands and the site grid
    for ax in crowded:
        boxes = [t.get_window_extent(renderer) for t in ax.get_yticklabels() if t.get_text()]
        assert len(boxes) >= 3
        for a, b in combinations(boxes, 2):
            assert not a.overlaps(b)


def test_summary_chart_title_without_a_name_starts_with_a_capital(
    report_data: ReportData,
) -> None:
    """No name in the settings: the summary chart's title is a sentence ("Muscle twitch
    diary, ..."), not "muscle twitch diary, ..."; with a name it follows "Name: ".
    """
    from dataclasses import replace

    from twitchlog.report.summary import title_lines

    unnamed = replace(report_data, header=replace(report_data.header, name=""))
    assert title_lines(unnamed)[0].startswith("Muscle twitch diary, ")
    assert title_lines(report_data)[0].startswith("Test Person: muscle twitch diary, ")
