"""Analysis of one person's diary: descriptives and one honest test per factor.

Pure functions over domain values (no I/O). The modules that compute (series, design, glm,
factors, descriptives, pipeline) import numpy at the top; this package loads them only when
:func:`analyze` runs, so importing it stays cheap for the CLI and TUI. scipy is not used at
run time: the F tail and the t quantiles are computed in ``tails`` (standard library).
The method and its validation are described in ``docs/analysis.md``.

Public API
----------
``analyze(data: JournalSlice) -> Analysis``
    Analyse ``data.start..data.end`` (inclusive) on the calendar grid.
``to_json(a: Analysis) -> dict[str, object]``
    The ``twitchlog.analysis/1`` JSON shape (no NaN; withheld statistics are ``None``).
``format_text(a: Analysis) -> str``
    The plain-text summary printed by ``twitchlog analyze``.

What the TUI Trends screen and the doctor report read from :class:`Analysis`:

* ``period`` (:class:`Period`): dates, ``calendar_days``, ``logged_days``, ``checked_in_days``,
  ``analysable_days``, ``longest_gap_days``, ``completeness``.
* ``stage`` (:class:`Stage`) and ``stage_text``.
* ``summary`` (:class:`Summary`): episodes per day (mean, median, q1, q3),
  ``twitch_free_share``, ``trend_rr_per_30_days`` (:class:`Interval`), duration and intensity
  medians, ``sites``, ``hour_counts``, ``long_waves``.
* ``factors`` (:class:`FactorResult` each): ``factor`` key, ``label``, ``unit``,
  ``verdict`` (:class:`Verdict`), ``sentence``, ``reason``, ``p``, ``p_adjusted``,
  ``rr_same_day``/``rr_previous_day``/``rr_two_day`` (:class:`Interval`, 95 %),
  ``higher``/``lower`` (:class:`GroupMean`), ``median_value``/``min_value``/``max_value``,
  ``analysable_days``, ``adjusted_holds``.
* ``adjusted`` (:class:`Adjusted` or ``None``), ``adjusted_note`` and ``footer``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from twitchlog.analysis.model import (
    Adjusted,
    AdjustedFactor,
    Analysis,
    FactorResult,
    GroupMean,
    Interval,
    Period,
    SiteShare,
    Stage,
    Summary,
    Verdict,
)
from twitchlog.analysis.render import format_text, to_json

if TYPE_CHECKING:
    from twitchlog.domain.models import JournalSlice

__all__ = [
    "Adjusted",
    "AdjustedFactor",
    "Analysis",
    "FactorResult",
    "GroupMean",
    "Interval",
    "Period",
    "SiteShare",
    "Stage",
    "Summary",
    "Verdict",
    "analyze",
    "format_text",
    "to_json",
]


def analyze(data: JournalSlice) -> Analysis:
    """Analyse the journal slice: descriptives, gated per-factor tests, verdicts, sentences."""
    from twitchlog.analysis.pipeline import analyze as run

    return run(data)
