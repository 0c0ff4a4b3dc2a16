"""Page 1's pictures: the body map and the course at a glance (matplotlib object API, lazily).

The body outline is our own schematic, drawn with patches (no image file): front and back
views side by side and a larger face, each labelled with the person's right and left. The
markers come from :mod:`twitchlog.report.bodymap`; this module only draws them.
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
#: The face view is drawn this many times larger than the body, so its sites stay apart.
FACE = 1.9

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


def draw_body_map(
    fig: Figure, markers: Sequence[MapMarker], rect: tuple[float, float, float, float]
) -> Axes:
    """The front, back and face views with a marker per place, in ``rect`` (figure fractions).

    Returns the axes (data units: the body is 10 units tall).
    """
    ax = fig.add_axes(rect)
    # view -> (centre x, top y, scale) in the axes' data units
    views = {"front": (2.3, 0.6, 1.0), "back": (6.3, 0.6, 1.0), "face": (10.5, 0.9, FACE),
             "other": (10.8, 7.3, 1.0)}  # fmt: skip
    for view in ("front", "back"):
        cx = views[view][0]
        _outline(ax, cx)
        ax.text(cx, 10.75, view, ha="center", fontsize=FONT, fontweight="bold", color="#333333")
    _face(ax, *views["face"])
    face_label = 0.9 + 2.95 * FACE
    ax.text(
        10.5, face_label, "face", ha="center", fontsize=FONT, fontweight="bold", color="#333333"
    )
    # The person's right and left under each view (front and face: mirrored, as seen).
    for view, right_x in (("front", -1), ("back", 1), ("face", -1)):
        cx, _, scale = views[view]
        y = 10.75 if view != "face" else face_label
        ax.text(cx + right_x * 1.35 * min(scale, 1.2), y, "R", ha="center", fontsize=FONT - 0.5)
        ax.text(cx - right_x * 1.35 * min(scale, 1.2), y, "L", ha="center", fontsize=FONT - 0.5)
    others = [m for m in markers if m.view == "other"]
    if others:
        ax.text(10.5, 7.2, "other places", ha="center", fontsize=FONT - 0.5, color="#333333")
    places = [
        (x - 0.9, y) if m.view == "other" else (x, y)
        for m, (x, y) in ((m, _place(m, views)) for m in markers)
    ]
    if markers:  # one collection for every marker: drawing stays fast with many places
        ax.scatter(
            [p[0] for p in places], [p[1] for p in places], s=[m.area for m in markers],
            color=MARKER, alpha=0.85, zorder=3,
            edgecolors=[NEW_EDGE if m.new else "#FFFFFF" for m in markers],
            linewidths=[1.3 if m.new else 0.5 for m in markers],
        )  # fmt: skip
    for m, (x, y) in zip(markers, places, strict=True):
        label = str(m.count) if m.view != "other" else f"{m.count} {m.site.replace('_', ' ')}"
        # The count on the outer side of its marker, so left and right counts never collide.
        outward = 1 if x >= views[m.view][0] else -1
        if m.view == "other":
            outward = 1
        gap = 0.22 + (m.area**0.5) / 40
        ax.text(
            x + outward * gap, y, label, ha="left" if outward > 0 else "right", va="center",
            fontsize=FONT - 0.5, zorder=4, parse_math=False,
        )  # fmt: skip
    ax.set_xlim(-0.2, 13.0)
    ax.set_ylim(11.1, 0.0)
    ax.set_aspect("equal", adjustable="box")
    ax.axis("off")
    return ax


def draw_course(fig: Figure, course: Course, rect: tuple[float, float, float, float]) -> Axes:
    """Episodes per 7 logged days, week by week over the whole diary, the period shaded."""
    import numpy as np
    from matplotlib.dates import date2num
    from matplotlib.ticker import MaxNLocator

    from twitchlog.report.charts import _date_axis

    ax = fig.add_axes(rect)
    ax.set_title(
        "The whole diary: episodes a week (per 7 logged days)",
        loc="left", fontsize=FONT + 0.5, fontweight="bold",
    )  # fmt: skip
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
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.set_xlim(float(x[0]) - 4, max(float(x[-1]) + 4, float(date2num(course.end)) + 1))  # type: ignore[no-untyped-call]
    _date_axis(ax, int(x[-1] - x[0]) + 7)
    ax.legend(loc="upper left", fontsize=FONT - 1, frameon=False, borderaxespad=0.1)
    return ax
