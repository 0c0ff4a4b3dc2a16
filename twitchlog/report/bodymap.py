"""The body map's data: which marker goes where, how big, and whether it is new (pure).

Each place (site and side) with episodes in the period becomes a marker on the front, back
or face view, at the site's :data:`~twitchlog.domain.sites.SITE_MAP` point. The person's
left is on the viewer's right in the front and face views and on the viewer's left in the
back view. Episodes recorded as "both sides" are drawn on each side and counted with that
side; a site recorded without a side sits on the midline; a site the catalogue has no
point for is listed in a neutral column beside the figures. The tests check these numbers,
which are exactly what ``bodydraw.py`` draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from twitchlog.domain.sites import SITE_MAP, Side
from twitchlog.report.model import MapMarker
from twitchlog.storage.report_queries import SiteSide

#: Marker area in points² for the smallest and the largest count.
MIN_AREA = 18.0
MAX_AREA = 210.0
#: Where places without map coordinates are stacked (the "other" column).
OTHER_X = 0.0
OTHER_Y0 = 0.4
OTHER_STEP = 0.7


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
    others = sorted({site for site, _ in counts if site not in SITE_MAP})
    for (site, side), n in counts.items():
        point = SITE_MAP.get(site)
        if point is None:
            view, x = "other", OTHER_X
            y = OTHER_Y0 + OTHER_STEP * others.index(site)
        else:
            view, y = point.view, point.y
            x = 0.0 if side is None else drawn_x(point.view, point.x, side)
        markers.append(
            MapMarker(site, side, view, x, y, n, area_for(n, largest), new[(site, side)])
        )
    order = {"front": 0, "back": 1, "face": 2, "other": 3}
    markers.sort(key=lambda m: (order[m.view], m.y, m.x, m.side or ""))
    return tuple(markers)
