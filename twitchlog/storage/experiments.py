"""Self-experiments in the journal: start (draw and store the schedule), stop, read.

A schedule is drawn once, when the experiment starts, and stored with its plan and seed in the
same short ``BEGIN IMMEDIATE`` transaction, before the plan's first day. After that nothing
changes it: the schema's triggers refuse to change, add to or delete schedule rows, or to change
the plan (``migrations.EXPERIMENTS_SQL``). Only one experiment runs at a time; a start while
another runs is refused before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnClause, literal_column
from sqlmodel import Session, col, select

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.experiment import (
    Arm,
    ExperimentPlan,
    ObservedDay,
    ScheduleDay,
    draw_schedule,
    new_seed,
    observe,
    validate_plan,
)
from twitchlog.domain.experiment_record import Experiment, ExperimentStatus
from twitchlog.domain.models import new_id
from twitchlog.domain.validation import check_text
from twitchlog.storage.errors import NotFound
from twitchlog.storage.journal import Journal
from twitchlog.storage.records import instant_text, parse_instant
from twitchlog.storage.tables import ExperimentDayRow, ExperimentRow

#: The longest description of a condition (the schema's CHECK).
WORDS_LIMIT = 200


def experiment_record(exp: Experiment) -> dict[str, Any]:
    """The column values of an experiment's plan and state."""
    plan = exp.plan
    return {
        "id": exp.id,
        "factor": plan.factor,
        "name": plan.name,
        "test_words": plan.test_words,
        "usual_words": plan.usual_words,
        "start": plan.start.isoformat(),
        "weeks": plan.weeks,
        "block_days": plan.block_days,
        "washout_days": plan.washout_days,
        "seed": exp.seed,
        "status": exp.status.value,
        "created_at": instant_text(exp.created_at),
        "stopped_at": instant_text(exp.stopped_at) if exp.stopped_at else None,
        "stopped_on": exp.stopped_on.isoformat() if exp.stopped_on else None,
        "interim": int(plan.interim),
        "day_after": int(plan.day_after),
    }


def schedule_records(exp: Experiment) -> list[dict[str, Any]]:
    """The column values of an experiment's schedule, one per day."""
    return [
        {
            "experiment_id": exp.id,
            "day": d.day.isoformat(),
            "arm": d.arm.value,
            "washout": int(d.washout),
        }
        for d in exp.schedule
    ]


def experiment_from_rows(row: Any, days: Iterable[Any]) -> Experiment:
    """An Experiment from its row and its schedule rows (attribute access)."""
    plan = ExperimentPlan(
        factor=row.factor,
        name=row.name,
        test_words=row.test_words,
        usual_words=row.usual_words,
        start=date.fromisoformat(row.start),
        weeks=row.weeks,
        block_days=row.block_days,
        washout_days=row.washout_days,
        interim=bool(row.interim),
        day_after=bool(row.day_after),
    )
    schedule = tuple(
        ScheduleDay(date.fromisoformat(d.day), Arm(d.arm), bool(d.washout))
        for d in sorted(days, key=lambda d: str(d.day))
    )
    return Experiment(
        id=row.id,
        plan=plan,
        seed=row.seed,
        schedule=schedule,
        status=ExperimentStatus(row.status),
        created_at=parse_instant(row.created_at),
        stopped_at=parse_instant(row.stopped_at) if row.stopped_at else None,
        stopped_on=date.fromisoformat(row.stopped_on) if row.stopped_on else None,
    )


def _running_row(s: Session) -> ExperimentRow | None:
    return s.exec(select(ExperimentRow).where(col(ExperimentRow.status) == "running")).first()


def _finish_ended(s: Session, today: date) -> None:
    """Mark a running experiment whose last day has passed as finished."""
    row = _running_row(s)
    if row is not None and experiment_from_rows(row, ()).plan.end < today:
        row.status = ExperimentStatus.FINISHED.value
        s.add(row)
        s.flush()


def _refuse_a_second(s: Session) -> None:
    row = _running_row(s)
    if row is None:
        return
    end = experiment_from_rows(row, ()).plan.end
    raise ValidationError(
        "experiment",
        f"an experiment on {row.name} runs until {end.isoformat()}; one experiment runs at a "
        "time: wait until it ends or stop it first with: twitchlog experiment stop",
    )


#: How far ahead a plan may start: one experiment runs at a time, so a start years ahead
#: would block every other until stopped.
MAX_DAYS_AHEAD = 90


def _check_plan(plan: ExperimentPlan, today: date) -> None:
    validate_plan(plan)
    for field, text in (("test_words", plan.test_words), ("usual_words", plan.usual_words)):
        check_text(field, text, WORDS_LIMIT)
    if plan.start < today:
        raise ValidationError(
            "start",
            f"start must be today or later, for example {today.isoformat()} "
            f"(got {plan.start.isoformat()}): the schedule is drawn before the first day",
        )
    latest = today + timedelta(days=MAX_DAYS_AHEAD)
    if plan.start > latest:  # a plan years ahead would block every other until stopped
        raise ValidationError(
            "start",
            f"start must be at most {MAX_DAYS_AHEAD} days ahead (by {latest.isoformat()}), "
            f"for example {(today + timedelta(days=1)).isoformat()} "
            f"(got {plan.start.isoformat()})",
        )


def check_can_start(journal: Journal, plan: ExperimentPlan, today: date) -> None:
    """Raise ValidationError when ``plan`` could not start now (out of range, a first day in
    the past, another experiment running); reads only. :func:`start_experiment` checks again
    in its write transaction."""
    _check_plan(plan, today)
    with journal.read() as s:
        row = _running_row(s)
        if row is not None and experiment_from_rows(row, ()).plan.end >= today:
            _refuse_a_second(s)


def start_experiment(
    journal: Journal,
    plan: ExperimentPlan,
    today: date,
    *,
    seed: int | None = None,
    now: datetime | None = None,
) -> Experiment:
    """Draw the schedule and store it with the plan, before the plan's first day.

    Refuses (``ValidationError``, nothing written) a plan out of range, a first day before
    ``today`` (the schedule must exist before the first day), and a second running experiment.
    A running experiment whose last day has passed is marked finished first.
    """
    _check_plan(plan, today)
    chosen = new_seed() if seed is None else seed
    exp = Experiment(
        id=new_id(),
        plan=plan,
        seed=chosen,
        schedule=draw_schedule(plan, chosen),
        status=ExperimentStatus.RUNNING,
        created_at=(now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0),
    )
    with journal.write() as s:
        _finish_ended(s, today)
        _refuse_a_second(s)
        _insert(s, exp)
    return exp


def _insert(s: Session, exp: Experiment) -> None:
    s.add(ExperimentRow(**experiment_record(exp)))
    s.flush()  # the plan first: the schedule's trigger checks each day against it
    s.add_all(ExperimentDayRow(**r) for r in schedule_records(exp))
    s.flush()


def stop_experiment(
    journal: Journal,
    today: date,
    now: datetime | None = None,
    experiment_id: str | None = None,
) -> Experiment:
    """End the running experiment early; ``today`` is its last day. Returns it as stored.

    Raises NotFound when none runs (one that reached its last day has finished already), or
    when ``experiment_id`` (the one the person was asked about) is no longer the one running:
    another front end ended it, and perhaps started another, since the question was asked.
    """
    with journal.write() as s:
        _finish_ended(s, today)
        row = _running_row(s)
        if row is None:
            raise NotFound("no experiment is running (see: twitchlog experiment list)")
        if experiment_id is not None and row.id != experiment_id:
            raise NotFound(
                "the experiment you chose to stop has already ended elsewhere, and the "
                f"{row.name} experiment now running was not stopped (see: twitchlog "
                "experiment list)"
            )
        row.status = ExperimentStatus.STOPPED.value
        row.stopped_at = instant_text(now or datetime.now(UTC))
        row.stopped_on = today.isoformat()
        s.add(row)
        s.flush()
        return _load(s, row)


def _load(s: Session, row: ExperimentRow) -> Experiment:
    days = s.exec(
        select(ExperimentDayRow).where(col(ExperimentDayRow.experiment_id) == row.id)
    ).all()
    return experiment_from_rows(row, days)


#: Insertion order: ``created_at`` has whole seconds, so two experiments drawn within one
#: second (start, stop, start again) are told apart by the order they were stored in.
_DRAWN: ColumnClause[int] = literal_column("experiments.rowid")


def list_experiments(journal: Journal) -> list[Experiment]:
    """Every experiment with its schedule, oldest first."""
    with journal.read() as s:
        rows = s.exec(
            select(ExperimentRow).order_by(col(ExperimentRow.created_at), _DRAWN.asc())
        ).all()
        return [_load(s, r) for r in rows]


def latest_experiment(journal: Journal) -> Experiment | None:
    """The running experiment if there is one, else the one drawn last (``None``: none yet)."""
    with journal.read() as s:
        row = (
            _running_row(s)
            or s.exec(
                select(ExperimentRow).order_by(col(ExperimentRow.created_at).desc(), _DRAWN.desc())
            ).first()
        )
        return None if row is None else _load(s, row)


def import_experiments(
    journal: Journal, experiments: Sequence[Experiment], today: date | None = None
) -> int:
    """Store experiments from an export that the journal does not have yet (by id).

    An experiment the journal has is kept as it is (its plan and schedule never change); one
    still running in the file is stored as it is only when no other runs here (with ``today``,
    one here whose last day has passed is marked finished first). Returns how many were added.
    """
    with journal.write() as s:
        return add_experiments(s, experiments, today)


def add_experiments(s: Session, experiments: Sequence[Experiment], today: date | None) -> int:
    """:func:`import_experiments` inside the caller's write transaction (``import_entries``
    adds a file's experiments in the same transaction as its entries: all or nothing)."""
    added = 0
    if today is not None:
        _finish_ended(s, today)
    for found in experiments:
        exp = found
        if today is not None and exp.status_on(today) is not exp.status:
            exp = replace(exp, status=exp.status_on(today))  # ran to its end meanwhile
        if s.get(ExperimentRow, exp.id) is not None:
            continue
        if exp.status is ExperimentStatus.RUNNING:
            _refuse_a_second(s)
        _insert(s, exp)
        added += 1
    return added


def observed_days(journal: Journal, exp: Experiment, today: date) -> tuple[ObservedDay, ...]:
    """The experiment's days so far (up to its last day, its stop day or ``today``) with what
    the diary holds for each: episodes (``None`` when not logged) and whether the day kept to
    its condition."""
    from twitchlog.domain.factors import factor_value
    from twitchlog.storage.repository import load_slice

    last = exp.last_day(today)
    if last < exp.plan.start:
        return ()
    diary = load_slice(journal, exp.plan.start, last)
    values = None
    own = {f.key: f for f in diary.custom_factors}
    if exp.plan.factor in own:  # an own factor: its values, the tags-complete rule applied
        tested = own[exp.plan.factor]
        values = {d.day: v for d in diary.days if (v := factor_value(d, tested)) is not None}
    return observe(exp.plan, exp.schedule, diary, values)
