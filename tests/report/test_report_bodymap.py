"""The body map's data: which marker goes where, on which view, how big, and what is new."""

from __future__ import annotations

from datetime import date

from twitchlog.domain.sites import SITE_MAP, SITES, Side
from twitchlog.report.bodymap import MAX_AREA, MIN_AREA, map_markers
from twitchlog.storage.report_queries import SiteSide

START = date(2026, 9, 1)
OLD = date(2026, 6, 1)


def test_every_catalogue_site_has_a_map_point() -> None:
    """No catalogue site falls back to the neutral column."""
    assert set(SITE_MAP) == set(SITES)


def test_left_and_right_are_mirrored_per_view() -> None:
    """Front and face: the person's left on the viewer's right; back: on the viewer's left."""
    markers = map_markers(
        [
            SiteSide("thigh", Side.LEFT, 4, OLD),
            SiteSide("calf", Side.LEFT, 2, OLD),
            SiteSide("eyelid", Side.RIGHT, 8, OLD),
        ],
        START,
    )
    by_site = {m.site: m for m in markers}
    assert by_site["thigh"].view == "front" and by_site["thigh"].x > 0
    assert by_site["calf"].view == "back" and by_site["calf"].x < 0
    assert by_site["eyelid"].view == "face" and by_site["eyelid"].x < 0


def test_both_sides_count_on_each_side_and_sizes_follow_counts() -> None:
    """'Both' adds to left and right; the largest count gets the largest marker."""
    markers = map_markers(
        [
            SiteSide("calf", Side.BOTH, 3, OLD),
            SiteSide("calf", Side.LEFT, 7, OLD),
            SiteSide("hand", Side.RIGHT, 1, START),
        ],
        START,
    )
    calf = {m.side: m for m in markers if m.site == "calf"}
    assert calf[Side.LEFT].count == 10 and calf[Side.RIGHT].count == 3
    assert calf[Side.LEFT].x == -calf[Side.RIGHT].x
    assert calf[Side.LEFT].area == MAX_AREA
    assert MIN_AREA < calf[Side.RIGHT].area < calf[Side.LEFT].area
    hand = next(m for m in markers if m.site == "hand")
    assert hand.new and not calf[Side.LEFT].new


def test_no_side_sits_on_the_midline_and_unknown_sites_are_listed_apart() -> None:
    """A site without a side is drawn at x = 0; a site without map point in 'other'."""
    markers = map_markers(
        [SiteSide("knee", None, 2, OLD), SiteSide("earlobe", Side.LEFT, 1, OLD)], START
    )
    knee = next(m for m in markers if m.site == "knee")
    assert (knee.view, knee.x) == ("front", 0.0)
    other = next(m for m in markers if m.site == "earlobe")
    assert other.view == "other"


def test_caption_says_too_few_days_when_nothing_could_be_checked() -> None:
    """Every factor "not enough data": the caption says so instead of "no pattern"."""
    from twitchlog.report.findings import caption
    from twitchlog.report.model import FactorLine

    def line(verdict: str) -> FactorLine:
        return FactorLine(
            "caffeine", "per 100 mg", verdict, "", "", 3, None, None, None, None, None, 0,
            None, 0, "caffeine_mg",
        )  # fmt: skip

    assert caption([line("not enough data")], "too few logged days to tell").startswith(
        "Too few days to check any factor yet."
    )
    assert caption([line("can't tell yet")], "no clear change").startswith(
        "No factor showed a clear pattern yet."
    )
