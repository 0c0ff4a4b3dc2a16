"""The sample journal's own factors: the scale "anxiety" and the tag "cold" (issue 14)."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from twitchlog.cli.main import run
from twitchlog.demo import generate
from twitchlog.domain.factors import FactorKind, check_factor_value, factor_value

END = date(2026, 6, 30)


def test_the_sample_defines_anxiety_and_cold_and_logs_them() -> None:
    sample = generate(180, seed=5, end=END)
    anxiety, cold = sample.factors
    assert (anxiety.name, anxiety.kind, anxiety.low, anxiety.high) == (
        "anxiety",
        FactorKind.SCALE,
        0,
        10,
    )
    assert (cold.name, cold.kind) == ("cold", FactorKind.TAG)
    logged = [d for d in sample.days if anxiety.key in d.custom]
    assert len(logged) / len(sample.days) > 0.9
    for d in sample.days:
        for f in sample.factors:
            check_factor_value(f, d.custom.get(f.key))
    colds = [factor_value(d, cold) for d in sample.days]
    assert 0.10 < colds.count(1.0) / len(colds) < 0.25
    assert colds.count(None) > 0  # days not marked "tags complete": unknown, never "no"
    assert colds.count(0.0) > colds.count(None)


def test_days_with_a_cold_have_about_twice_the_twitches() -> None:
    sample = generate(365, seed=11, end=END)
    cold = sample.factors[1]
    counts = Counter(e.local_date for e in sample.episodes)
    with_cold = [counts[d.day] for d in sample.days if factor_value(d, cold) == 1.0]
    without = [counts[d.day] for d in sample.days if factor_value(d, cold) == 0.0]
    ratio = statistics.mean(with_cold) / statistics.mean(without)
    assert 1.6 < ratio < 2.6


def test_own_factors_leave_the_rest_of_the_person_unchanged() -> None:
    with_own = generate(120, seed=5, end=END)
    cold = with_own.factors[1]
    plain = {d.day: replace(d, custom={}, tags_complete=False) for d in with_own.days}
    assert [plain[d.day] for d in with_own.days] == list(plain.values())
    cold_days = {d.day for d in with_own.days if d.custom.get(cold.key) == 1.0}
    dense = generate(30, seed=5, end=END, dense=True)
    assert dense.factors == ()
    assert all(not d.custom for d in dense.days)
    assert cold_days  # the tag is used


def test_demo_shows_the_cold_pattern_in_analyze(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``twitchlog demo`` then ``analyze --json``: cold is a pattern, anxiety is not."""
    db = tmp_path / "sample.sqlite3"
    assert run(["--db", str(db), "demo"]) == 0
    capsys.readouterr()
    assert run(["--db", str(db), "analyze", "--json"]) == 0
    factors = {f["label"]: f for f in json.loads(capsys.readouterr().out)["factors"]}
    assert factors["cold"]["verdict"] == "pattern"
    assert factors["cold"]["unit"] == "with vs without"
    assert factors["anxiety"]["verdict"] != "pattern"
    assert factors["anxiety"]["unit"] == "per 2 points"
    # the own symptom eye strain is defined and named on some episodes
    assert run(["--db", str(db), "symptom", "list"]) == 0
    assert "eye strain (" in capsys.readouterr().out
