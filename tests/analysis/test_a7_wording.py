"""Wording defects found by attacking the experiment hint and the plan's power (issue 16)."""

from __future__ import annotations

from twitchlog.analysis.wording import in_ten


def test_a7_one_chance_in_ten_is_one_time_not_one_times() -> None:
    """``experiment start`` said a plan "would find a third fewer about 1 times in 10"."""
    assert in_ten(0.1) == "about 1 time in 10"
    assert in_ten(0.12) == "about 1 time in 10"
    assert in_ten(0.3) == "about 3 times in 10"
    assert in_ten(0.97) == "almost always" and in_ten(0.01) == "almost never"
