"""Page 1's pictures: the body map and the course at a glance (matplotlib object API, lazily).

The body outline is our own schematic, drawn with patches (no image file): front and back
views side by side and a larger face, each labelled with the person's right and left, and
under the face a column for the person's own places (a counted dot and the place's name,
shortened with "…" where it would leave the map). The markers come from
:mod:`twitchlog.report.bodymap`; this module only draws them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from twitchlog.report.model import Course, MapMarker

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MARKER = "#D55E00"
NEW_EDGE = "#000000"
OUTLINE_FACE = "#EEEEEE"
OUTLINE_EDGE = "#8C8C8C"
SHADE = "#DCE9F5"
BLUE = "#0072B2"
FONT = 7.0
LABEL = FONT - 0.5
#: The face view is drawn this many times larger than the body, so its sites stay apart.
FACE = 1.9
#: The map's extent in its data units (the body is 10 units tall; y runs down).
XLIM = (-0.2, 13.0)
YLIM = (11.1, 0.0)
#: Where a count may sit around its dot, tried in this order: beside it on the side away
#: from the midline, on the other side, above, below, then the four diagonals.
_SPOTS: tuple[tuple[int, int], ...] = (
    (1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1),
)  # fmt: skip
#: Gap between a dot's edge and its count, in points.
_GAP = 1.2

#: The right half of the body outline (x >= 0, y down), from the neck to the crotch.
_HALF: tuple[tuple[float, float], ...] = (
    (0.0, 1.3), (0.2, 1.3), (0.22, 1.6), (0.9, 1.72), (1.12, 1.95), (1.3, 3.2),
    (1.52, 4.45), (1.72, 4.72), (1.76, 5.35), (1.55, 5.5), (1.36, 4.95), (1.32, 4.6),
    (1.1, 3.35), (0.95, 2.4), (0.84, 3.5), (0.96, 4.5), (0.86, 6.5), (0.74, 8.8),
    (0.82, 9.45), (0.6, 9.75), (0.26, 9.65), (0.24, 8.8), (0.16, 6.5), (0.07, 5.05),
    (0.0, 5.05),
)  # fmt: skip


def _outline(ax: Axes, cx: float) -> None:
    from matplotlib.patches import Ellipse, Polygon

    right = [(cx + x, y) for x, y in _HALF]
    left = [(cx - x, y) for x, y in reversed(_HALF)]
    style: dict[str, Any] = {"facecolor": OUTLINE_FACE, "edgecolor": OUTLINE_EDGE, "lw": 0.6}
    ax.add_patch(Polygon(right + left, closed=True, **style))
    ax.add_patch(Ellipse((cx, 0.72), 0.86, 1.1, **style))


def _face(ax: Axes, cx: float, top: float, scale: float) -> None:
    from matplotlib.patches import Arc, Ellipse

    style: dict[str, Any] = {"facecolor": OUTLINE_FACE, "edgecolor": OUTLINE_EDGE, "lw": 0.6}
    ax.add_patch(Ellipse((cx, top + 1.3 * scale), 1.7 * scale, 2.75 * scale, **style))
    for side in (-1, 1):  # eyes and brows, faintly
        ax.add_patch(
            Ellipse((cx + side * 0.42 * scale, top + 1.08 * scale), 0.34 * scale, 0.14 * scale,
                    facecolor="none", edgecolor=OUTLINE_EDGE, lw=0.5)
        )  # fmt: skip
    ax.add_patch(
        Arc((cx, top + 1.95 * scale), 0.5 * scale, 0.2 * scale, theta1=180, theta2=360,
            edgecolor=OUTLINE_EDGE, lw=0.5)
    )  # fmt: skip


def _place(m: MapMarker, views: dict[str, tuple[float, float, float]]) -> tuple[float, float]:
    cx, top, scale = views[m.view]
    return cx + m.x * scale, top + m.y * scale


Box = tuple[float, float, float, float]


def _overlap(a: Box, b: Box) -> float:
    """Overlapping area of two boxes (x0, y0, x1, y1)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _hits_dot(box: Box, x: float, y: float, r: float) -> bool:
    nx, ny = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
    return (nx - x) ** 2 + (ny - y) ** 2 < r * r


def other_label(m: MapMarker, room: float) -> str:
    """``12 left behind the knee``: a row of the "other" column, its name shortened with "…"
    to fit ``room`` points."""
    from twitchlog.report.layout import text_width

    label = f"{m.count} {m.label}"
    while text_width(label, LABEL) > room and len(label) > len(str(m.count)) + 2:
        label = label[:-2].rstrip() + "…"
    return label


def place_counts(
    markers: Sequence[MapMarker],
    places: Sequence[tuple[float, float]],
    midlines: Sequence[float],
    per_unit: float,
    fixed: Sequence[Box] = (),
) -> list[tuple[float, float]]:
    """Where each marker's count is drawn (data units; centred there, or left-aligned for
    the "other" column), so that no count covers another count or another place's dot.

    Works in points (``per_unit`` points per data unit). The busiest places choose first;
    each takes the first spot around its dot (:data:`_SPOTS`, starting on the side away
    from its view's midline ``midlines[i]``) that is free, or else the least covered one.
    Counts keep a small gap between each other (so "4" and "1" never read as "41"), stay
    inside the map and off the ``fixed`` boxes (the view labels, in points).
    """
    from twitchlog.report.layout import text_width

    dots = [(x * per_unit, y * per_unit, m.area**0.5 / 2 + 0.6) for m, (x, y) in
            zip(markers, places, strict=True)]  # fmt: skip
    height = LABEL * 1.2
    taken: list[Box] = list(fixed)
    inside = (XLIM[0] * per_unit, YLIM[1] * per_unit, XLIM[1] * per_unit, YLIM[0] * per_unit)
    spots: list[tuple[float, float]] = [(0.0, 0.0)] * len(markers)
    order = sorted(range(len(markers)), key=lambda i: -markers[i].count)
    for i in sorted(order, key=lambda i: markers[i].view != "other"):
        m, (px, py, r) = markers[i], dots[i]
        if m.view == "other":  # listed in a column: the count and the name to the right
            x0 = px + r + _GAP
            label = other_label(m, inside[2] - x0)
            taken.append((x0, py - height / 2, x0 + text_width(label, LABEL), py + height / 2))
            spots[i] = (x0 / per_unit, py / per_unit)
            continue
        width = text_width(str(m.count), LABEL)
        outward = 1 if places[i][0] >= midlines[i] else -1
        best: tuple[float, Box] | None = None
        for (dx, dy), extra in ((spot, extra) for extra in (0.0, 0.5, 1.0) for spot in _SPOTS):
            reach = r * (0.75 if dx and dy else 1.0) + _GAP + extra * height
            cx = px + outward * dx * (reach + width / 2)
            cy = py + dy * (reach + height / 2)
            box = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
            padded = (box[0] - _GAP / 2, box[1], box[2] + _GAP / 2, box[3])
            cost = sum(_overlap(padded, t) for t in taken)
            if not (inside[0] <= box[0] and box[2] <= inside[2]
                    and inside[1] <= box[1] and box[3] <= inside[3]):  # fmt: skip
                cost += width * height
            cost += sum(
                (2 * d[2]) ** 2 for k, d in enumerate(dots) if k != i and _hits_dot(box, *d)
            )
            if best is None or cost < best[0]:
                best = (cost, box)
            if cost == 0:
                break
        assert best is not None
        box = best[1]
        taken.append(box)
        spots[i] = ((box[0] + box[2]) / 2 / per_unit, (box[1] + box[3]) / 2 / per_unit)
    return spots


def draw_body_map(
    fig: Figure, markers: Sequence[MapMarker], rect: tuple[float, float, float, float]
) -> Axes:
    """The front, back and face views with a marker per place, in ``rect`` (figure fractions).

    Returns the axes (data units: the body is 10 units tall).
    """
    from twitchlog.report.layout import text_width

    ax = fig.add_axes(rect)
    fig_w, fig_h = (v * 72 for v in fig.get_size_inches())
    per_unit = min(rect[2] * fig_w / (XLIM[1] - XLIM[0]), rect[3] * fig_h / (YLIM[0] - YLIM[1]))
    fixed: list[Box] = []  # the view labels, in points: counts keep clear of them

    def caption(x: float, y: float, text: str, size: float, bold: bool = False) -> None:
        ax.text(x, y, text, ha="center", fontsize=size, color="#333333",
                fontweight="bold" if bold else "normal")  # fmt: skip
        half = text_width(text, size, bold) / 2
        px, py = x * per_unit, y * per_unit
        fixed.append((px - half, py - size * 0.8, px + half, py + size * 0.25))

    # view -> (centre x, top y, scale) in the axes' data units
    views = {"front": (2.3, 0.6, 1.0), "back": (6.3, 0.6, 1.0), "face": (10.5, 0.9, FACE),
             "other": (9.5, 7.3, 1.0)}  # fmt: skip
    for view in ("front", "back"):
        cx = views[view][0]
        _outline(ax, cx)
        caption(cx, 10.75, view, FONT, bold=True)
    _face(ax, *views["face"])
    face_label = 0.9 + 2.95 * FACE
    caption(10.5, face_label, "face", FONT, bold=True)
    # The person's right and left under each view (front and face: mirrored, as seen).
    for view, right_x in (("front", -1), ("back", 1), ("face", -1)):
        cx, _, scale = views[view]
        y = 10.75 if view != "face" else face_label
        caption(cx + right_x * 1.35 * min(scale, 1.2), y, "R", LABEL)
        caption(cx - right_x * 1.35 * min(scale, 1.2), y, "L", LABEL)
    others = [m for m in markers if m.view == "other"]
    if others:  # the column's heading, starting above its dots
        column = views["other"][0] - 0.9 - 0.2
        caption(column + text_width("other places", LABEL) / 2 / per_unit, 7.2, "other places",
                LABEL)  # fmt: skip
    places = [
        (x - 0.9, y) if m.view == "other" else (x, y)
        for m, (x, y) in ((m, _place(m, views)) for m in markers)
    ]
    if markers:  # one collection for every marker: drawing stays fast with many places
        ax.scatter(
            [p[0] for p in places], [p[1] for p in places], s=[m.area for m in markers],
            color=MARKER, alpha=0.85, zorder=3,
            edgecolors=[NEW_EDGE if m.new else "#FFFFFF" for m in markers],
            linewidths=[0.0 if not m.area else 1.3 if m.new else 0.5 for m in markers],
        )  # fmt: skip
    spots = place_counts(markers, places, [views[m.view][0] for m in markers], per_unit, fixed)
    for m, (x, y) in zip(markers, spots, strict=True):
        if m.view == "other":
            label, ha = other_label(m, (XLIM[1] - x) * per_unit), "left"
        else:
            label, ha = str(m.count), "center"
        ax.text(
            x, y, label, ha=ha, va="center", fontsize=LABEL, zorder=4, parse_math=False
        )  # fmt: skip
    ax.set_xlim(*XLIM)
    ax.set_ylim(*YLIM)
    ax.set_aspect("equal", adjustable="box")
    ax.axis("off")
    return ax


def draw_course(fig: Figure, course: Course, rect: tuple[float, float, float, float]) -> Axes:
    """Episodes per logged day, week by week over the whole diary, the period shaded.

    The title is page text (``page_one.COURSE_TITLE``), laid out above ``rect``.
    """
    import numpy as np
    from matplotlib.dates import date2num
    from matplotlib.ticker import MaxNLocator

    from twitchlog.report.charts import _date_axis

    ax = fig.add_axes(rect)
    ax.tick_params(labelsize=FONT - 0.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if not course.weeks:
        ax.text(0.5, 0.5, "nothing logged yet", transform=ax.transAxes, ha="center",
                fontsize=FONT, color="#444444")  # fmt: skip
        ax.set_xticks([])
        ax.set_yticks([])
        return ax
    x = date2num(np.array(course.weeks, dtype="datetime64[D]")) + 3.5  # type: ignore[no-untyped-call]
    y = np.array([np.nan if v is None else v for v in course.per_week], dtype=float)
    ax.axvspan(
        float(date2num(course.start)) - 0.5, float(date2num(course.end)) + 0.5,  # type: ignore[no-untyped-call]
        color=SHADE, zorder=0, label="this report's period",
    )  # fmt: skip
    if len(x) <= 60:
        ax.plot(x, y, color=BLUE, lw=1.2, marker="o", markersize=2.2, zorder=2)
    else:
        ax.plot(x, y, color=BLUE, lw=0.8, zorder=2)
    top = float(np.nanmax(y)) if not np.isnan(y).all() else 1.0
    ax.set_ylim(0, max(1.0, top) * 1.15)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=top >= 4))
    ax.set_xlim(float(x[0]) - 4, max(float(x[-1]) + 4, float(date2num(course.end)) + 1))  # type: ignore[no-untyped-call]
    _date_axis(ax, int(x[-1] - x[0]) + 7, max_ticks=4)
    ax.legend(loc="upper left", fontsize=FONT - 1, frameon=False, borderaxespad=0.1)
    return ax
