"""Issue 16: a stored experiment's plan in words says which test it was registered with."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from twitchlog.domain.experiment import ExperimentPlan
from twitchlog.domain.experiment_record import plan_lines


def _design_line(**kw: Any) -> str:
    plan = ExperimentPlan(
        "caffeine_mg", "caffeine", "at most 100 mg", "as usual", date(2026, 12, 2), **kw
    )
    (line,) = [line for line in plan_lines(plan) if line.startswith("  In blocks of")]
    return line


@pytest.mark.parametrize(
    ("design", "words"),
    [
        (
            {"block_days": 1, "washout_days": 0, "day_after": True},
            "In blocks of 1 day, each pair of blocks in random order; no washout days: twitching "
            "is compared on the same day and on the day after each condition.",
        ),
        (
            {"block_days": 2, "washout_days": 0, "day_after": False},
            "In blocks of 2 days, each pair of blocks in random order; no washout days, compared "
            "on the same day only.",
        ),
        (
            {"block_days": 2, "washout_days": 1},
            "In blocks of 2 days, each pair of blocks in random order; the first day after each "
            "change of condition is washout (not compared).",
        ),
    ],
)
def test_the_plan_says_which_days_are_compared(design: dict[str, Any], words: str) -> None:
    """Without washout days the plan names what the test looks at: the same day and the day
    after (the new design), or the same day only (a plan stored before it), so "no washout
    days" never reads as if carry-over were looked at when it is not, or the other way."""
    assert _design_line(**design) == f"  {words}"
