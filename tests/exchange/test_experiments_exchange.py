"""Issue 16: experiments travel in the JSON export and come back exactly as drawn."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.exchange.exchange_samples import NOW
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.experiment import ExperimentPlan, draw_schedule
from twitchlog.domain.experiment_record import Experiment, ExperimentStatus
from twitchlog.exchange import ImportFormatError, JournalData, export_json, read_import
from twitchlog.exchange.experiments import decode_experiment, experiment_object

FIXED = datetime(2026, 11, 29, 11, 0, tzinfo=UTC)


def sample_experiments() -> tuple[Experiment, ...]:
    plan = ExperimentPlan(
        "caffeine_mg", "caffeine", 'at most 100 mg, "decaf" ok', "as usual ☕", date(2026, 9, 1)
    )
    stopped_plan = ExperimentPlan(
        "med:magnesium", "Magnesium", "taking Magnesium", "not taking Magnesium",
        date(2026, 6, 1), weeks=4, block_days=3, washout_days=2,
    )  # fmt: skip
    return (
        Experiment(
            "e-1",
            plan,
            123456789012345678,
            draw_schedule(plan, 123456789012345678),
            ExperimentStatus.FINISHED,
            datetime(2026, 8, 31, 18, 0, tzinfo=UTC),
        ),
        Experiment(
            "e-2",
            stopped_plan,
            7,
            draw_schedule(stopped_plan, 7),
            ExperimentStatus.STOPPED,
            datetime(2026, 5, 30, 9, 0, 5, tzinfo=UTC),
            stopped_at=datetime(2026, 6, 10, 20, 0, tzinfo=UTC),
            stopped_on=date(2026, 6, 10),
        ),
    )


def test_json_round_trip_keeps_plan_seed_and_schedule(tmp_path: Path) -> None:
    original = JournalData(experiments=sample_experiments())
    export_json(tmp_path / "one.json", original, exported_at=FIXED)
    imported = read_import([tmp_path / "one.json"], "Europe/Berlin", NOW)
    assert sorted(imported.experiments, key=lambda e: e.id) == list(original.experiments)
    export_json(tmp_path / "two.json", imported, exported_at=FIXED)
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()


def test_a_journal_without_experiments_exports_as_before(tmp_path: Path) -> None:
    export_json(tmp_path / "x.json", JournalData(), exported_at=FIXED)
    assert "experiments" not in json.loads((tmp_path / "x.json").read_text())


def _file_with(tmp_path: Path, obj: dict[str, object]) -> Path:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "twitchlog/1", "experiments": [obj]}))
    return path


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"weeks": 40}, "weeks must be 2-26"),
        ({"status": "paused"}, "status must be running, stopped or finished"),
        ({"test_words": "less\x1b[31m"}, "must not contain control characters"),
        ({"seed": "12"}, "seed must be a whole number"),
        ({"surprise": 1}, "unknown field"),
    ],
)
def test_bad_experiments_are_refused_naming_the_field(
    tmp_path: Path, change: dict[str, object], words: str
) -> None:
    obj = {**experiment_object(sample_experiments()[0]), **change}
    with pytest.raises(ImportFormatError, match=words):
        read_import([_file_with(tmp_path, obj)], "Europe/Berlin", NOW)


def test_a_schedule_that_does_not_cover_the_plan_is_refused(tmp_path: Path) -> None:
    obj = experiment_object(sample_experiments()[0])
    schedule = obj["schedule"]
    assert isinstance(schedule, list)
    for broken in (schedule[:-1], [schedule[1], schedule[0], *schedule[2:]]):
        with pytest.raises(ImportFormatError, match="schedule"):
            read_import([_file_with(tmp_path, {**obj, "schedule": broken})], "Europe/Berlin", NOW)


def test_an_interim_plan_travels_and_older_files_have_no_look(tmp_path: Path) -> None:
    """``"interim": true`` is written only for a plan with the look and read back; an object
    without the key (every file written before) is a plan without one."""
    first, second = sample_experiments()
    plan = replace(first.plan, weeks=12, interim=True)
    looked = replace(first, plan=plan, schedule=draw_schedule(plan, first.seed))
    obj = experiment_object(looked)
    assert obj["interim"] is True and list(obj)[-1] == "schedule"
    assert "interim" not in experiment_object(second)
    original = JournalData(experiments=(looked, second))
    export_json(tmp_path / "one.json", original, exported_at=FIXED)
    imported = read_import([tmp_path / "one.json"], "Europe/Berlin", NOW)
    assert sorted(imported.experiments, key=lambda e: e.id) == list(original.experiments)
    assert not decode_experiment(experiment_object(second)).plan.interim
    with pytest.raises(ValidationError, match="interim must be true or false"):
        decode_experiment({**obj, "interim": 1})


def _day_after(exp: Experiment) -> Experiment:
    plan = replace(exp.plan, block_days=1, washout_days=0, day_after=True)
    return replace(exp, plan=plan, schedule=draw_schedule(plan, exp.seed))


def test_a_day_after_plan_travels_and_older_files_compare_the_same_day(tmp_path: Path) -> None:
    """``"day_after": true`` is written only for a plan with the day-after test and read back;
    an object without the key (every file written before) is a same-day plan."""
    first, second = sample_experiments()
    tested = _day_after(first)
    obj = experiment_object(tested)
    assert obj["day_after"] is True and list(obj)[-1] == "schedule"
    assert "day_after" not in experiment_object(second)
    original = JournalData(experiments=(tested, second))
    export_json(tmp_path / "one.json", original, exported_at=FIXED)
    imported = read_import([tmp_path / "one.json"], "Europe/Berlin", NOW)
    assert sorted(imported.experiments, key=lambda e: e.id) == list(original.experiments)
    export_json(tmp_path / "two.json", imported, exported_at=FIXED)
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()
    assert not decode_experiment(experiment_object(second)).plan.day_after


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"day_after": 1}, "day_after must be true or false"),
        ({"day_after": "true"}, "day_after must be true or false"),
        ({"washout_days": 1, "block_days": 2}, "day after needs washout days 0"),
    ],
)
def test_a_bad_day_after_is_refused_naming_the_field(
    tmp_path: Path, change: dict[str, object], words: str
) -> None:
    """A file cannot smuggle in a plan the app would not start: the day-after test with
    washout days is refused as ``experiment start`` refuses it."""
    obj = {**experiment_object(_day_after(sample_experiments()[0])), **change}
    with pytest.raises(ImportFormatError, match=words) as err:
        read_import([_file_with(tmp_path, obj)], "Europe/Berlin", NOW)
    assert "\n" not in str(err.value)
