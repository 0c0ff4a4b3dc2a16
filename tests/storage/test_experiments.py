"""Issue 16: starting, stopping and reading self-experiments through the repository."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.experiment import Arm, ExperimentPlan, draw_schedule
from twitchlog.domain.experiment_record import ExperimentStatus
from twitchlog.storage import experiments as store
from twitchlog.storage.errors import NotFound
from twitchlog.storage.journal import Journal

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)


def _plan(start: date = TODAY + timedelta(days=1), **kw: Any) -> ExperimentPlan:
    return ExperimentPlan("caffeine_mg", "caffeine", "at most 100 mg", "as usual", start, **kw)


def _rows(journal: Journal) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(journal.path)
    rows = conn.execute("SELECT day, arm, washout FROM experiment_days ORDER BY day").fetchall()
    conn.close()
    return rows


def test_the_schedule_is_stored_with_its_seed_before_the_first_day(journal: Journal) -> None:
    plan = _plan(weeks=6, block_days=3, washout_days=1)
    exp = store.start_experiment(journal, plan, TODAY, seed=1234, now=NOW)
    assert exp.schedule == draw_schedule(plan, 1234)
    assert len(_rows(journal)) == 42
    assert _rows(journal)[0] == ("2026-12-02", exp.schedule[0].arm.value, 1)
    (stored,) = store.list_experiments(journal)
    assert stored == exp
    assert stored.created_at.date() < plan.start
    assert {d.arm for d in stored.schedule} == {Arm.TEST, Arm.USUAL}


def test_stopping_keeps_the_schedule_as_drawn(journal: Journal) -> None:
    exp = store.start_experiment(journal, _plan(weeks=4), TODAY, seed=9, now=NOW)
    before = _rows(journal)
    stopped = store.stop_experiment(journal, date(2026, 12, 10), NOW + timedelta(days=9))
    assert stopped.status is ExperimentStatus.STOPPED
    assert stopped.stopped_on == date(2026, 12, 10)
    assert stopped.schedule == exp.schedule and _rows(journal) == before
    assert stopped.last_day(date(2027, 3, 1)) == date(2026, 12, 10)


def test_a_second_experiment_is_refused_and_nothing_is_written(journal: Journal) -> None:
    store.start_experiment(journal, _plan(), TODAY, seed=1, now=NOW)
    other = ExperimentPlan("sleep_h", "sleep", "at least 8 h", "as usual", date(2026, 12, 5))
    with pytest.raises(ValidationError, match="one experiment runs at a time") as err:
        store.start_experiment(journal, other, TODAY, seed=2, now=NOW)
    assert err.value.field == "experiment"
    assert len(store.list_experiments(journal)) == 1 and len(_rows(journal)) == 56


def test_a_finished_experiment_makes_room_for_the_next(journal: Journal) -> None:
    first = store.start_experiment(journal, _plan(weeks=2), TODAY, seed=1, now=NOW)
    later = first.plan.end + timedelta(days=1)
    assert first.status_on(later) is ExperimentStatus.FINISHED
    store.start_experiment(journal, _plan(later, weeks=2), later, seed=2, now=NOW)
    statuses = [e.status for e in store.list_experiments(journal)]
    assert statuses == [ExperimentStatus.FINISHED, ExperimentStatus.RUNNING]


def test_a_first_day_in_the_past_is_refused(journal: Journal) -> None:
    with pytest.raises(ValidationError, match="start must be today or later"):
        store.start_experiment(journal, _plan(TODAY - timedelta(days=1)), TODAY, now=NOW)
    assert store.list_experiments(journal) == []


def test_stop_without_a_running_experiment_says_so(journal: Journal) -> None:
    with pytest.raises(NotFound, match="no experiment is running"):
        store.stop_experiment(journal, TODAY, NOW)


def test_import_adds_experiments_once(journal: Journal) -> None:
    exp = store.start_experiment(journal, _plan(weeks=2), TODAY, seed=3, now=NOW)
    other = Journal.open(journal.path.with_name("other.sqlite3"))
    assert store.import_experiments(other, [exp]) == 1
    assert store.import_experiments(other, [exp]) == 0
    assert store.list_experiments(other) == [exp]
    other.dispose()


def test_an_interim_plan_is_stored_and_read_back_with_its_look(journal: Journal) -> None:
    """``--interim`` is kept with the plan; a plan too short for the look is refused before
    anything is written, naming the interim look and a length that works."""
    exp = store.start_experiment(journal, _plan(weeks=12, interim=True), TODAY, now=NOW)
    (back,) = store.list_experiments(journal)
    assert back.plan.interim and back == exp
    store.stop_experiment(journal, TODAY, NOW)
    with pytest.raises(ValidationError, match=r"interim look needs at least 9 pairs.*--weeks 11"):
        store.start_experiment(
            journal, _plan(weeks=8, block_days=2, washout_days=1, interim=True), TODAY, now=NOW
        )
    assert len(store.list_experiments(journal)) == 1


def test_a_day_after_plan_is_stored_and_read_back_by_both_paths(journal: Journal) -> None:
    """A plan with the day-after test is read back with it by the repository and by the
    plain-sqlite3 path export uses; a same-day plan stays a same-day plan."""
    from twitchlog.storage import bulk

    first = store.start_experiment(
        journal, _plan(block_days=1, washout_days=0, day_after=True), TODAY, now=NOW
    )
    store.stop_experiment(journal, TODAY, NOW)
    later = TODAY + timedelta(days=1)
    second = store.start_experiment(
        journal, _plan(later, block_days=2, washout_days=1), later, now=NOW + timedelta(days=1)
    )
    assert [e.plan.day_after for e in store.list_experiments(journal)] == [True, False]
    with journal.plain_read() as conn:
        plain = bulk.read_experiments(conn)
    assert plain == store.list_experiments(journal)
    assert plain[0].id == first.id and plain[1] == second
