"""The body map's data: which marker goes where, how big, and whether it is new (pure).

Each place (site and side) with episodes in the period becomes a marker on the front, back
or face view, at the site's :data:`~twitchlog.domain.sites.SITE_MAP` point. The person's
left is on the viewer's right in the front and face views and on the viewer's left in the
back view. Episodes recorded as "both sides" are drawn on each side and counted with that
side; a site recorded without a side sits on the midline; a site the catalogue has no
point for (a place of the person's own) is a counted dot in a neutral column beside the
figures, one row per place and side, the busiest first; rows past :data:`OTHER_ROWS` are
summed in the last ("in 3 more places"). The tests check these numbers, which are exactly
what ``bodydraw.py`` draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from twitchlog.domain.sites import SITE_MAP, Side
from twitchlog.report.model import MapMarker
from twitchlog.report.words import place_text
from twitchlog.storage.report_queries import SiteSide

#: Marker area in points² for the smallest and the largest count.
MIN_AREA = 18.0
MAX_AREA = 210.0
#: Where places without map coordinates are stacked (the "other" column): the first row,
#: the most room a row takes, the span from the first row to the last (the map ends below
#: it), and the most rows (the rest are summed in the last).
OTHER_X = 0.0
OTHER_Y0 = 0.4
OTHER_STEP = 0.7
OTHER_SPAN = 3.0
OTHER_ROWS = 8
#: The largest dot in the column, so that its dots stay apart at the closest rows (its
#: counts are written beside them).
OTHER_MAX_AREA = 80.0


def drawn_x(view: str, offset: float, side: Side) -> float:
    """The drawn x of a point ``offset`` from the midline on the person's ``side``.

    Front and face views show the person facing the viewer (their left on the right); the
    back view shows them from behind (their left on the left).
    """
    sign = 1.0 if side is Side.LEFT else -1.0
    return sign * offset * (-1.0 if view == "back" else 1.0)


def area_for(count: int, largest: int) -> float:
    """Marker area in proportion to the count, from MIN_AREA (none) to MAX_AREA (the largest)."""
    if largest <= 0:
        return MIN_AREA
    return MIN_AREA + (MAX_AREA - MIN_AREA) * count / largest


def map_markers(places: Sequence[SiteSide], start: date) -> tuple[MapMarker, ...]:
    """The markers for ``places`` (per site and side, with first-seen days), period from
    ``start``; ordered front, back, face, other, then by drawn position.
    """
    counts: dict[tuple[str, Side | None], int] = {}
    new: dict[tuple[str, Side | None], bool] = {}

    def add(site: str, side: Side | None, n: int, is_new: bool) -> None:
        key = (site, side)
        counts[key] = counts.get(key, 0) + n
        new[key] = new.get(key, True) and is_new

    for p in places:
        is_new = p.first_seen >= start
        point = SITE_MAP.get(p.site)
        if point is not None and point.x == 0.0 and p.side is not None:
            add(p.site, None, p.episodes, is_new)  # a midline site: one marker
        elif p.side is Side.BOTH:
            add(p.site, Side.LEFT, p.episodes, is_new)
            add(p.site, Side.RIGHT, p.episodes, is_new)
        else:
            add(p.site, p.side, p.episodes, is_new)
    largest = max(counts.values(), default=0)
    markers: list[MapMarker] = []
    for (site, side), n in counts.items():
        point = SITE_MAP.get(site)
        if point is None:
            continue
        x = 0.0 if side is None else drawn_x(point.view, point.x, side)
        markers.append(
            MapMarker(site, side, point.view, x, point.y, n, area_for(n, largest), new[site, side])
        )
    markers.extend(_other_column(counts, new, largest))
    order = {"front": 0, "back": 1, "face": 2, "other": 3}
    markers.sort(key=lambda m: (order[m.view], m.y, m.x, m.side or ""))
    return tuple(markers)


def _other_column(
    counts: dict[tuple[str, Side | None], int],
    new: dict[tuple[str, Side | None], bool],
    largest: int,
) -> list[MapMarker]:
    """The rows of the "other" column: a dot and ``count place`` per place and side."""
    keys = sorted(
        (k for k in counts if k[0] not in SITE_MAP),
        key=lambda k: (-counts[k], k[0], k[1] or ""),
    )
    shown = keys if len(keys) <= OTHER_ROWS else keys[: OTHER_ROWS - 1]
    rows = len(shown) + (len(keys) > len(shown))
    step = min(OTHER_STEP, OTHER_SPAN / max(1, rows - 1))
    out = [
        MapMarker(
            site,
            side,
            "other",
            OTHER_X,
            OTHER_Y0 + step * i,
            counts[site, side],
            min(area_for(counts[site, side], largest), OTHER_MAX_AREA),
            new[site, side],
            place_text(site, side),
        )
        for i, (site, side) in enumerate(shown)
    ]
    rest = keys[len(shown) :]
    if rest:  # one last row for the rest, without a dot
        places = len({site for site, _ in rest})
        more = f"in {places} more place{'s' if places != 1 else ''}"
        total = sum(counts[k] for k in rest)
        out.append(MapMarker("", None, "other", OTHER_X, OTHER_Y0 + step * len(shown), total,
                             0.0, False, more))  # fmt: skip
    return out
