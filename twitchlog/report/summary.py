"""The summary chart (``--png``): one landscape image that stands alone, for a portal, an
e-mail or a phone screen (matplotlib object API, imported lazily).

Title with the name and period, episodes per day with the 7-day mean and unlogged days
hatched, the factors that showed a pattern as aligned panels (caffeine, sleep and stress
when none did), medicine bands, and a one-line caption with the main findings. No page
footer: it is not a page of the PDF.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twitchlog.report.model import ChartData, ReportData
from twitchlog.report.words import day_text, plural

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Size of the summary chart: 1600 x 900 pixels at 160 dpi.
SUMMARY_INCHES = (10.0, 5.625)
SUMMARY_DPI = 160
#: Factor panels drawn at most (the patterns, in the findings' order).
MAX_PANELS = 3
#: Day-log factors drawn when no factor showed a pattern.
DEFAULT_FACTORS = ("caffeine_mg", "sleep_h", "stress")
#: Axis unit and title of every day-log factor.
FACTOR_AXES: dict[str, tuple[str, str]] = {
    "caffeine_mg": ("mg / day", "Caffeine"),
    "sleep_h": ("hours", "Sleep (the night before)"),
    "sleep_quality": ("rating", "Sleep quality"),
    "stress": ("0-10", "Stress"),
    "cigarettes": ("per day", "Cigarettes"),
    "exercise_min": ("min / day", "Exercise"),
    "alcohol_drinks": ("drinks", "Alcohol"),
    "water_l": ("litres", "Water"),
    "screen_h": ("hours", "Screen time"),
}


def summary_pixels() -> tuple[int, int]:
    """Width and height of the summary chart in pixels."""
    return round(SUMMARY_INCHES[0] * SUMMARY_DPI), round(SUMMARY_INCHES[1] * SUMMARY_DPI)


def panel_factors(data: ReportData) -> tuple[str, ...]:
    """The day-log factors drawn as panels: the strongest patterns (smallest adjusted p-value
    first, built-in or the person's own), or caffeine, sleep and stress when there is none."""
    patterns = sorted(
        (
            f
            for f in data.factors
            if f.verdict == "pattern" and f.factor in data.chart.factor_series
        ),
        key=lambda f: 1.0 if f.p_adjusted is None else f.p_adjusted,
    )
    if patterns:
        return tuple(f.factor for f in patterns[:MAX_PANELS])
    return tuple(k for k in DEFAULT_FACTORS if k not in data.held_back)


def page_panels(data: ReportData) -> tuple[str, ...]:
    """The factor panels of page 2's day-by-day chart: the strongest patterns as on the
    summary chart (built-in or own), then caffeine, sleep and stress to fill three panels
    (then the next built-ins, when one of them is held back by a running experiment)."""
    chosen = list(panel_factors(data))
    for key in dict.fromkeys((*DEFAULT_FACTORS, *FACTOR_AXES)):
        if len(chosen) >= MAX_PANELS:
            break
        if key not in chosen and key not in data.held_back:
            chosen.append(key)
    return tuple(chosen[:MAX_PANELS])


def factor_axis(key: str, data: ReportData) -> tuple[str, str]:
    """Axis unit and title of a factor panel: a built-in's fixed words, or an own factor's
    name with the unit of its finding (``points``, ``servings``; a tag is 1 on tagged days)."""
    if key in FACTOR_AXES:
        return FACTOR_AXES[key]
    line = next((f for f in data.factors if f.factor == key), None)
    if line is None:
        return "", key
    title = line.label[:1].upper() + line.label[1:]
    if line.unit == "with vs without":
        return "1 = tagged", title
    return (line.unit.split(" ", 2)[-1] if line.unit.startswith("per ") else ""), title


def title_lines(data: ReportData) -> tuple[str, str]:
    """The chart's title (whose diary, which period) and the line under it."""
    from twitchlog.report.layout import printable

    h = data.header
    diary = "muscle twitch diary" if h.name else "Muscle twitch diary"
    who = f"{printable(h.name)}: " if h.name else ""  # a glyph the font lacks shows as U+FFFD
    title = (
        f"{who}{diary}, {day_text(h.start)} to {day_text(h.end)} ({plural(h.calendar_days, 'day')})"
    )
    episodes = sum(n for n in data.chart.episodes if n is not None)
    sub = (
        f"{plural(episodes, 'episode')} on {plural(h.logged_days, 'logged day')}; "
        f"checked in on {h.checked_in_days} of {h.calendar_days} days. "
        "A diary kept by the person, not a diagnosis."
    )
    return title, sub.replace("\u00a0", " ")


def draw_summary(data: ReportData) -> Figure:
    """The summary chart as a figure (``SUMMARY_INCHES`` at ``SUMMARY_DPI``)."""
    from matplotlib.figure import Figure

    from twitchlog.report import charts

    chart: ChartData = data.chart
    fig = Figure(figsize=SUMMARY_INCHES)
    title, sub = title_lines(data)
    fig.text(0.03, 0.955, title, fontsize=12.5, fontweight="bold", parse_math=False)
    fig.text(0.03, 0.918, sub, fontsize=8.5, color="#333333", parse_math=False)
    factors = panel_factors(data)
    n_meds = min(charts.MAX_MED_ROWS, len(dict.fromkeys(b.name for b in chart.medicines)))
    ratios = [2.6] + [1.0] * len(factors) + [0.5 + 0.28 * max(1, n_meds)]
    gs = fig.add_gridspec(
        len(ratios), 1, left=0.16, right=0.97, top=0.84, bottom=0.13,
        height_ratios=ratios, hspace=0.75,
    )  # fmt: skip
    axes = [fig.add_subplot(gs[0])]
    axes += [fig.add_subplot(gs[i], sharex=axes[0]) for i in range(1, len(ratios))]
    x = charts._x(chart.days)
    runs = charts.missing_runs(chart.episodes)
    charts._episodes(axes[0], chart, x, runs)
    colors = (charts.VERMILLION, charts.BLUE, charts.GREEN)
    for i, key in enumerate(factors):
        unit, label = factor_axis(key, data)
        ax = axes[1 + i]
        charts._factor(ax, x, chart.factor_series.get(key, ()), colors[i % 3], label, unit)
        charts._shade_missing(ax, x, runs, label=False)
    charts._medicines(axes[-1], chart)
    charts._date_axis(axes[0], len(chart.days))
    axes[0].set_xlim(float(x[0]) - 0.5, float(x[-1]) + 0.5)
    for ax in axes:
        ax.tick_params(labelsize=7.5, labelbottom=True)
        ax.yaxis.label.set_fontsize(7.5)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    fig.text(0.03, 0.035, data.caption, fontsize=8.5, parse_math=False)
    return fig
