"""Issue 14: the person's own places on the body map, as counted dots in a column of their own."""

from __future__ import annotations

from datetime import date

from twitchlog.domain.sites import Side
from twitchlog.report.bodymap import OTHER_MAX_AREA, OTHER_ROWS, map_markers
from twitchlog.storage.report_queries import SiteSide

START = date(2026, 9, 1)
OLD = date(2026, 6, 1)


def test_h5_own_place_on_two_sides_gets_a_row_each_busiest_first() -> None:
    """Left and right of one own place used to share one spot (and their labels)."""
    markers = map_markers(
        [
            SiteSide("behind_the_knee", Side.LEFT, 3, OLD),
            SiteSide("behind_the_knee", Side.BOTH, 1, START),
            SiteSide("nape", None, 12, START),
            SiteSide("calf", Side.LEFT, 40, OLD),
        ],
        START,
    )
    rows = [m for m in markers if m.view == "other"]
    assert [(m.label, m.count) for m in rows] == [
        ("nape", 12),
        ("left behind the knee", 4),
        ("right behind the knee", 1),
    ]
    assert len({m.y for m in rows}) == 3
    assert [m.new for m in rows] == [True, False, True]
    assert all(m.area <= OTHER_MAX_AREA for m in rows)


def test_more_own_places_than_rows_are_summed_in_the_last_row() -> None:
    places = [SiteSide(f"place_{chr(97 + i)}", None, 20 - i, OLD) for i in range(OTHER_ROWS + 2)]
    rows = [m for m in map_markers(places, START) if m.view == "other"]
    assert len(rows) == OTHER_ROWS
    assert rows[0].label == "place a" and rows[-2].label == f"place {chr(97 + OTHER_ROWS - 2)}"
    last = rows[-1]
    assert (last.label, last.count, last.area) == ("in 3 more places", 13 + 12 + 11, 0.0)
    assert rows == sorted(rows, key=lambda m: m.y)
