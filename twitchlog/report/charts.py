"""The chart figure: daily episodes, caffeine, sleep, stress, medicines and spread over a shared
time axis, and episodes by hour of day (matplotlib object API, imported lazily).

Colours are Okabe-Ito (colour-blind safe) and the site grid uses ``cividis``; every series also
differs in lightness or pattern, so the page reads in greyscale. Days not logged are a hatched
grey band, never a zero bar; factor lines break where a day was not logged.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from twitchlog.report.model import ChartData

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
ORANGE = "#E69F00"
MISSING_FACE = "#E6E6E6"
#: Behind the bars: the changed-condition days of a self-experiment (a light blue-green).
EXPERIMENT_FACE = "#D5EFE8"
MISSING_EDGE = "#8C8C8C"
#: Above this many days the daily bars become one filled step line (drawing stays fast).
MAX_BARS = 400
#: Periods longer than this are drawn with thinner lines and without outlines.
LONG_DAYS = 400
FONT_SIZE = 7.0
#: Medicine rows drawn (the latest started); more would not be legible.
MAX_MED_ROWS = 8
#: Body sites drawn in the spread grid (the busiest); more would not be legible.
MAX_GRID_SITES = 10
#: Height of one labelled row (medicine band, grid site) at least, and the gap between two
#: panels (a panel's date labels and the next one's title), in points.
ROW_PT = 9.0
GAP_PT = 28.0
#: Medicines and sites are not cut below this many rows each to make room.
MIN_LABEL_ROWS = 3
#: Cells of the spread grid above which the counts are left to the colour scale (each
#: number is a text to draw, and small cells make them unreadable).
MAX_GRID_NUMBERS = 80


def missing_runs(episodes: Sequence[int | None]) -> list[tuple[int, int]]:
    """Index ranges ``(first, last)`` of consecutive days that were not logged."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, v in enumerate(episodes):
        if v is None and start is None:
            start = i
        elif v is not None and start is not None:
            runs.append((start, i - 1))
            start = None
    if start is not None:
        runs.append((start, len(episodes) - 1))
    return runs


def _x(days: Sequence[date]) -> Any:
    from matplotlib.dates import date2num

    return date2num(np.array(days, dtype="datetime64[D]"))  # type: ignore[no-untyped-call]


def _values(series: Sequence[float | int | None]) -> Any:
    return np.array([np.nan if v is None else float(v) for v in series], dtype=float)


def _label(name: str, limit: int = 24) -> str:
    """A person's text as a tick label: drawable, shortened, ``$`` kept literal (no math)."""
    from twitchlog.report.layout import printable

    text = printable(name)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("$", r"\$")


def _note(ax: Axes, text: str) -> None:
    """A short grey message in the middle of an empty panel, on a white ground."""
    ax.text(
        0.5,
        0.5,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=FONT_SIZE,
        color="#444444",
        bbox={"facecolor": "#FFFFFF", "edgecolor": "none", "pad": 2},
    )


def _shade_missing(ax: Axes, x: Any, runs: list[tuple[int, int]], label: bool) -> None:
    for k, (a, b) in enumerate(runs):
        ax.axvspan(
            x[a] - 0.5,
            x[b] + 0.5,
            facecolor=MISSING_FACE,
            edgecolor=MISSING_EDGE,
            hatch="////",
            linewidth=0,
            zorder=0,
            label="not logged" if label and k == 0 else None,
        )


def _episodes(ax: Axes, chart: ChartData, x: Any, runs: list[tuple[int, int]]) -> None:
    from matplotlib.ticker import MaxNLocator

    y = _values(chart.episodes)
    logged = ~np.isnan(y)
    if len(x) <= MAX_BARS:
        ax.bar(x[logged], y[logged], width=0.8, color=BLUE, label="episodes that day", zorder=2)
    else:
        edges = np.append(x - 0.5, x[-1] + 0.5)
        ax.stairs(np.nan_to_num(y), edges, fill=True, color=BLUE, label="episodes that day")
    if any(v is not None for v in chart.mean7):
        ax.plot(
            x, _values(chart.mean7), color="#000000", linewidth=1.3, label="7-day mean", zorder=3
        )
    _shade_missing(ax, x, runs, label=True)
    _experiment_bands(ax, chart)
    ax.set_ylabel("episodes / day")
    top = float(np.nanmax(y)) if logged.any() else 1.0
    ax.set_ylim(0, max(1.0, top) * 1.15)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.legend(
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=FONT_SIZE - 0.5,
        ncols=4 if chart.experiment else 3,
        columnspacing=1.0 if chart.experiment else 2.0,  # four entries beside the title
        frameon=False,
        borderaxespad=0.2,
    )
    ax.set_title("Episodes per day", loc="left", fontsize=FONT_SIZE + 1, fontweight="bold")


def _experiment_bands(ax: Axes, chart: ChartData) -> None:
    """A self-experiment's changed-condition days as light bands behind the bars."""
    for k, band in enumerate(chart.experiment):
        first, last = _x([band.start, band.stop])
        ax.axvspan(
            float(first) - 0.5,
            float(last) + 0.5,
            facecolor=EXPERIMENT_FACE,
            linewidth=0,
            zorder=0,
            label=band.label if k == 0 else None,
        )


def _factor(
    ax: Axes, x: Any, values: Sequence[float | None], color: str, title: str, unit: str
) -> None:
    y = _values(values)
    # Points show single logged days between gaps; over long periods they would be a smear.
    short = len(x) <= LONG_DAYS // 3
    ax.plot(
        x, y, color=color, linewidth=1.0 if short else 0.5, marker="o" if short else None,
        markersize=1.8, zorder=2,
    )  # fmt: skip
    ax.set_ylabel(unit)
    ax.set_title(title, loc="left", fontsize=FONT_SIZE + 0.5, fontweight="bold")
    if np.isnan(y).all():
        _note(ax, "not logged in this period")
        ax.set_ylim(0, 1)
    else:
        ax.set_ylim(bottom=0, top=float(np.nanmax(y)) * 1.15 or 1.0)


def _medicines(ax: Axes, chart: ChartData, limit: int = MAX_MED_ROWS) -> None:
    from matplotlib.dates import date2num

    names = list(dict.fromkeys(b.name for b in chart.medicines))
    hidden = len(names) - limit
    names = names[-limit:]
    more = f"; {hidden} earlier not drawn" if hidden > 0 else ""
    ax.set_title(
        f"Medicines and supplements (bands: days taken{more})",
        loc="left",
        fontsize=FONT_SIZE + 0.5,
        fontweight="bold",
    )
    if not names:
        _note(ax, "none in this period")
        ax.set_yticks([])
        return
    colors = (GREEN, ORANGE, PURPLE, BLUE, VERMILLION)
    for band in chart.medicines:
        if band.name not in names:
            continue
        row = names.index(band.name)
        x0 = float(date2num(band.start)) - 0.5  # type: ignore[no-untyped-call]
        ax.broken_barh(
            [(x0, (band.stop - band.start).days + 1)],
            (row - 0.35, 0.7),
            facecolors=colors[row % len(colors)],
            edgecolor="#000000",
            linewidth=0.4 if len(chart.days) <= LONG_DAYS else 0.0,
        )
    ax.set_yticks(range(len(names)), [_label(n) for n in names])
    ax.set_ylim(len(names) - 0.5, -0.5)


def _site_grid(
    fig: Figure, ax: Axes, chart: ChartData, x0: float, limit: int = MAX_GRID_SITES
) -> None:
    from matplotlib.colors import Normalize

    unit = "week" if chart.bin_days == 7 else f"{chart.bin_days} days"
    shown = grid_sites(chart, limit)
    which = (
        f"the {len(shown)} busiest of {len(chart.sites)} sites"
        if len(shown) < len(chart.sites)
        else "sites"
    )
    ax.set_title(
        f"Spread: episodes per body site per {unit} ({which} in order of first appearance)",
        loc="left",
        fontsize=FONT_SIZE + 0.5,
        fontweight="bold",
    )
    if not chart.sites:
        _note(ax, "no episodes in this period")
        ax.set_yticks([])
        return
    counts = np.array([chart.site_counts[i] for i in shown], dtype=float)
    names = [chart.sites[i] for i in shown]
    bins = counts.shape[1]
    edges = x0 - 0.5 + chart.bin_days * np.arange(bins + 1)
    masked = np.ma.masked_equal(counts, 0)
    norm = Normalize(vmin=0, vmax=max(1.0, float(counts.max())))
    mesh = ax.pcolormesh(
        edges,
        np.arange(len(names) + 1) - 0.5,
        masked,
        cmap="cividis_r",
        norm=norm,
        edgecolors="#FFFFFF" if bins <= 60 else "face",
        linewidth=0.3,
    )
    if bins * len(names) <= MAX_GRID_NUMBERS:
        for r in range(counts.shape[0]):
            for b in range(bins):
                n = int(counts[r, b])
                if n:
                    dark = norm(n) > 0.5
                    ax.text(
                        (edges[b] + edges[b + 1]) / 2,
                        r,
                        str(n),
                        ha="center",
                        va="center",
                        fontsize=FONT_SIZE - 1.5,
                        color="#FFFFFF" if dark else "#000000",
                    )
    ax.set_yticks(range(len(names)), [s.replace("_", " ") for s in names])
    ax.set_ylim(len(names) - 0.5, -0.5)
    # An inset outside the axes keeps the grid's width equal to the other time panels.
    bar = fig.colorbar(mesh, cax=ax.inset_axes((1.01, 0.0, 0.012, 1.0)))
    bar.set_label(f"episodes per {unit}", fontsize=FONT_SIZE - 1)
    bar.ax.tick_params(labelsize=FONT_SIZE - 1)


def grid_sites(chart: ChartData, limit: int = MAX_GRID_SITES) -> list[int]:
    """Rows of the site grid drawn: all sites, or the ``limit`` with most episodes (kept in
    their order of first appearance).
    """
    rows = range(len(chart.sites))
    if len(chart.sites) <= limit:
        return list(rows)
    busiest = sorted(rows, key=lambda i: -sum(chart.site_counts[i]))[:limit]
    return sorted(busiest)


def _hours(ax: Axes, chart: ChartData) -> None:
    ax.bar(np.arange(24), chart.hour_counts, width=0.8, color=BLUE)
    ax.set_ylim(0, max(1, *chart.hour_counts) * 1.1)
    if not any(chart.hour_counts):
        _note(ax, "no episodes in this period")
    ax.set_xlim(-0.6, 23.6)
    ax.set_xticks(range(0, 24, 2))
    ax.set_xlabel("hour of day (local time, hour the episode started)")
    ax.set_ylabel("episodes")
    ax.set_title("Episodes by hour of day", loc="left", fontsize=FONT_SIZE + 1, fontweight="bold")


def _date_axis(ax: Axes, days: int, max_ticks: int = 8) -> None:
    """Day ticks for a month or less, otherwise matplotlib's concise date ticks; at most
    about ``max_ticks`` labels (a narrow chart needs fewer, or they run into each other).
    """
    from matplotlib.dates import (
        AutoDateLocator,
        ConciseDateFormatter,
        DateFormatter,
        DayLocator,
    )

    if days <= 31:
        interval = max(1, -(-days // max_ticks))
        ax.xaxis.set_major_locator(DayLocator(interval=interval))  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_formatter(DateFormatter("%d %b"))  # type: ignore[no-untyped-call]
        return
    locator = AutoDateLocator(minticks=min(4, max_ticks), maxticks=max_ticks + 2)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    formatter = ConciseDateFormatter(locator, show_offset=False)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(formatter)


#: One factor panel: its daily values, title and unit.
Panel = tuple[Sequence[float | None], str, str]


def default_panels(chart: ChartData) -> tuple[Panel, Panel, Panel]:
    """Caffeine, sleep and stress: the panels drawn when no others are chosen."""
    return (
        (chart.caffeine_mg, "Caffeine", "mg / day"),
        (chart.sleep_h, "Sleep (the night before)", "hours"),
        (chart.stress, "Stress", "0-10"),
    )


def draw_charts(
    fig: Figure,
    chart: ChartData,
    rect: tuple[float, float, float, float],
    hours: bool = False,
    panels: Sequence[Panel] | None = None,
) -> None:
    """Draw every panel into ``rect`` = (left, bottom, width, height) in figure fractions.

    The time panels share one x axis (dates), each with its date labels; with ``hours`` the
    hour-of-day panel sits below on its own (page 2 leaves it out, to give the days room).
    ``panels`` are the three factor panels (default: caffeine, sleep and stress).
    """
    factor_panels = tuple(panels) if panels is not None else default_panels(chart)
    if len(factor_panels) != 3:
        raise ValueError("the day-by-day chart has three factor panels")

    left, bottom, width, height = rect
    n_meds = min(MAX_MED_ROWS, len(dict.fromkeys(b.name for b in chart.medicines)))
    n_sites = len(grid_sites(chart))

    def panel_ratios() -> list[float]:
        return [3.0, 1.2, 1.2, 1.2, 0.8 + 0.32 * max(1, n_meds), 0.8 + 0.3 * max(1, n_sites)]

    def row_height() -> float:  # points per medicine or site row
        axes_pt = time_height * fig.get_size_inches()[1] * 72 - GAP_PT * (len(ratios) - 1)
        rows = [
            axes_pt * r / sum(ratios) / n
            for r, n in ((ratios[4], n_meds), (ratios[5], n_sites))
            if n > 1
        ]
        return min(rows, default=ROW_PT)

    ratios = panel_ratios()
    total = sum(ratios) + (2.4 if hours else 0.0)
    time_height = height * sum(ratios) / total
    # With little room, fewer medicines and sites are drawn, so their labels stay apart
    # (the titles say how many were left out).
    while max(n_meds, n_sites) > MIN_LABEL_ROWS and row_height() < ROW_PT:
        if n_sites >= n_meds:
            n_sites -= 1
        else:
            n_meds -= 1
        ratios = panel_ratios()
    hour_height = height * 1.6 / total
    axes_avg = (time_height * fig.get_size_inches()[1] * 72 - GAP_PT * 5) / len(ratios)
    inner = width * 0.93  # room on the right for the site grid's colour scale
    gs = fig.add_gridspec(
        len(ratios),
        1,
        left=left,
        right=left + inner,
        top=bottom + height,
        bottom=bottom + height - time_height,
        height_ratios=ratios,
        hspace=GAP_PT / max(axes_avg, 1.0),
    )
    axes = [fig.add_subplot(gs[0])]
    axes += [fig.add_subplot(gs[i], sharex=axes[0]) for i in range(1, len(ratios))]
    x = _x(chart.days)
    runs = missing_runs(chart.episodes)
    _episodes(axes[0], chart, x, runs)
    for ax, (series, label, unit), color in zip(
        axes[1:4], factor_panels, (VERMILLION, BLUE, GREEN), strict=True
    ):
        _factor(ax, x, series, color, label, unit)
    _medicines(axes[4], chart, n_meds)
    _site_grid(fig, axes[5], chart, float(x[0]), n_sites)
    for ax in axes[1:4]:
        _shade_missing(ax, x, runs, label=False)
    _date_axis(axes[0], len(chart.days))
    axes[0].set_xlim(float(x[0]) - 0.5, float(x[-1]) + 0.5)
    for ax in axes[:-1]:  # every time panel carries its dates
        ax.tick_params(labelbottom=True)
    first, last = chart.days[0], chart.days[-1]
    axes[-1].set_xlabel(f"date (local day), {first:%b %Y} to {last:%b %Y}")
    extra = []
    if hours:
        extra.append(fig.add_axes((left, bottom, inner, hour_height)))
        _hours(extra[0], chart)
    for ax in [*axes, *extra]:
        ax.tick_params(labelsize=FONT_SIZE)
        ax.yaxis.label.set_fontsize(FONT_SIZE)
        ax.xaxis.label.set_fontsize(FONT_SIZE)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
