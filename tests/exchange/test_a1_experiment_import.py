"""A1: an imported experiment must be one the app could have drawn and ended."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime

import pytest

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.experiment import ExperimentPlan, draw_schedule
from twitchlog.domain.experiment_record import Experiment, ExperimentStatus
from twitchlog.exchange.experiments import decode_experiment, experiment_object

PLAN = ExperimentPlan(
    "caffeine_mg", "caffeine", "at most 100 mg", "as usual", date(2026, 9, 1),
    block_days=1, washout_days=0, day_after=True,
)  # fmt: skip
EXP = Experiment(
    "e1", PLAN, 5, draw_schedule(PLAN, 5), ExperimentStatus.FINISHED,
    datetime(2026, 8, 31, 18, tzinfo=UTC),
)  # fmt: skip


def _obj() -> dict[str, object]:
    return copy.deepcopy(experiment_object(EXP))


def test_a1_a_valid_experiment_still_imports() -> None:
    assert decode_experiment(_obj()) == EXP
    washout = ExperimentPlan(
        "caffeine_mg", "caffeine", "at most 100 mg", "as usual", date(2026, 9, 1),
        block_days=2, washout_days=1,
    )  # fmt: skip
    other = Experiment("e2", washout, 9, draw_schedule(washout, 9), EXP.status, EXP.created_at)
    assert decode_experiment(copy.deepcopy(experiment_object(other))) == other


def test_a1_a_schedule_not_in_pairs_is_refused() -> None:
    """Four changed days in a row in a 1-day plan were imported; the randomization test
    assumes one block of each condition per pair, so its p-value would be wrong."""
    obj = _obj()
    schedule = obj["schedule"]
    assert isinstance(schedule, list)
    for entry in schedule[:4]:
        entry["arm"] = "test"
    with pytest.raises(ValidationError) as err:
        decode_experiment(obj)
    assert err.value.field == "schedule"
    assert "pair" in err.value.message


def test_a1_stop_fields_must_match_the_status() -> None:
    """A finished experiment with a stopped_on was imported, and its result read
    "2026-09-01 to 2026-09-05, finished 2026-10-26 (56 days)"; a stop after the plan's end
    read "stopped early on 2027-01-01 (day 123 of 56)"."""
    obj = _obj()
    obj["stopped_on"] = "2026-09-05"
    with pytest.raises(ValidationError) as err:
        decode_experiment(obj)
    assert err.value.field == "status"
    obj = _obj()
    obj.update(status="stopped", stopped_on="2027-01-01", stopped_at="2026-11-01T00:00:00+00:00")
    with pytest.raises(ValidationError) as err:
        decode_experiment(obj)
    assert err.value.field == "stopped_on"
    assert "2026-10-26" in err.value.message


def test_a1_a_schedule_its_seed_does_not_draw_is_refused() -> None:
    """The pairs in another order than the seed draws (a hand-picked schedule, e.g. chosen
    after seeing the diary) were imported, and the result said "The days were assigned at
    random". The seed is stored so that it reproduces the schedule (docs/experiments.md §2)."""
    obj = _obj()
    schedule = obj["schedule"]
    assert isinstance(schedule, list)
    first, second = schedule[0]["arm"], schedule[1]["arm"]
    schedule[0]["arm"], schedule[1]["arm"] = second, first  # the first pair the other way
    with pytest.raises(ValidationError) as err:
        decode_experiment(obj)
    assert err.value.field == "seed"
    assert "5" in err.value.message
