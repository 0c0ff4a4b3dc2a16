"""Self-experiments in the JSON export (the ``experiments`` key; CSV does not carry them).

One object per experiment: the plan, its seed, how it ended and its schedule as drawn, one
entry per day. On import every value is checked (the plan's ranges, a schedule of exactly one
entry per day of the plan, in order, each ``test`` or ``usual``), so what is stored is what was
exported; the journal never changes a stored schedule.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.experiment import (
    Arm,
    ExperimentPlan,
    ScheduleDay,
    draw_schedule,
    schedule_from_orders,
    validate_plan,
)
from twitchlog.domain.experiment_record import Experiment, ExperimentStatus
from twitchlog.domain.validation import check_text

_KEYS = (
    "id",
    "factor",
    "name",
    "test_words",
    "usual_words",
    "start",
    "weeks",
    "block_days",
    "washout_days",
    "seed",
    "status",
    "created_at",
    "stopped_at",
    "stopped_on",
    "interim",
    "day_after",
    "schedule",
)


def _instant(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def experiment_object(exp: Experiment) -> dict[str, object]:
    """The JSON object of one experiment (keys in a fixed order)."""
    plan = exp.plan
    out: dict[str, object] = {
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
        "created_at": _instant(exp.created_at),
        "stopped_at": _instant(exp.stopped_at),
        "stopped_on": exp.stopped_on.isoformat() if exp.stopped_on else None,
    }
    if plan.interim:  # only then: files without it read as before (no interim look)
        out["interim"] = True
    if plan.day_after:  # likewise: a file without it holds same-day plans, as before
        out["day_after"] = True
    out["schedule"] = [
        {"date": d.day.isoformat(), "arm": d.arm.value, "washout": d.washout} for d in exp.schedule
    ]
    return out


def _text(obj: dict[str, Any], key: str, limit: int = 200) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(key, f"{key} must be text of 1-{limit} characters")
    check_text(key, value, limit)
    return value


def _whole(obj: dict[str, Any], key: str) -> int:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(key, f"{key} must be a whole number")
    return value


def _flag(obj: dict[str, Any], key: str) -> bool:
    """An optional true/false (absent: false)."""
    value = obj.get(key, False)
    if not isinstance(value, bool):
        raise ValidationError(key, f"{key} must be true or false")
    return value


def _day(value: object, key: str) -> date:
    if not isinstance(value, str):
        raise ValidationError(key, f"{key} must be a date YYYY-MM-DD")
    try:
        found = date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            key, f"{key} must be a date YYYY-MM-DD (got {value[:40]!r})"
        ) from None
    if not 1900 <= found.year <= 2999:
        raise ValidationError(key, f"{key} must be in the years 1900-2999")
    return found


def _when(value: object, key: str) -> datetime:
    if not isinstance(value, str):
        raise ValidationError(key, f"{key} must be an instant with its offset")
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(key, f"{key} must be an instant (got {value[:40]!r})") from None
    if found.tzinfo is None:
        raise ValidationError(key, f"{key} must carry its UTC offset")
    return found.astimezone(UTC).replace(microsecond=0)


def decode_experiment(obj: object) -> Experiment:
    """An experiment from its JSON object; ValidationError names the first bad field."""
    if not isinstance(obj, dict):
        raise ValidationError("experiments", "each of experiments must be an object")
    unknown = set(obj) - set(_KEYS)
    if unknown:
        raise ValidationError("experiments", f"unknown field {sorted(unknown)[0][:40]!r}")
    plan = ExperimentPlan(
        factor=_text(obj, "factor"),
        name=_text(obj, "name"),
        test_words=_text(obj, "test_words"),
        usual_words=_text(obj, "usual_words"),
        start=_day(obj.get("start"), "start"),
        weeks=_whole(obj, "weeks"),
        block_days=_whole(obj, "block_days"),
        washout_days=_whole(obj, "washout_days"),
        interim=_flag(obj, "interim"),
        day_after=_flag(obj, "day_after"),
    )
    validate_plan(plan)  # the day-after test only without washout days, as when started
    seed = _whole(obj, "seed")
    if not 0 <= seed < 2**63:
        raise ValidationError("seed", "seed must be a whole number 0 or more")
    try:
        status = ExperimentStatus(str(obj.get("status")))
    except ValueError:
        raise ValidationError("status", "status must be running, stopped or finished") from None
    stopped_at = obj.get("stopped_at")
    stopped_on = obj.get("stopped_on")
    stopped = status is ExperimentStatus.STOPPED
    if (stopped_at is not None, stopped_on is not None) != (stopped, stopped):
        raise ValidationError(
            "status", "a stopped experiment has stopped_at and stopped_on, any other has neither"
        )
    last = None if stopped_on is None else _day(stopped_on, "stopped_on")
    if last is not None and last > plan.end:
        raise ValidationError(
            "stopped_on",
            f"stopped_on must be on or before the plan's last day, {plan.end.isoformat()} "
            f"(got {last.isoformat()})",
        )
    schedule = _schedule(plan, obj.get("schedule"))
    if schedule != draw_schedule(plan, seed):  # the seed reproduces the schedule it drew
        raise ValidationError(
            "seed",
            f"the schedule is not the one its seed ({seed}) draws; a schedule is drawn once, "
            "from its seed, and never changed",
        )
    return Experiment(
        id=_text(obj, "id", 64),
        plan=plan,
        seed=seed,
        schedule=schedule,
        status=status,
        created_at=_when(obj.get("created_at"), "created_at"),
        stopped_at=None if stopped_at is None else _when(stopped_at, "stopped_at"),
        stopped_on=last,
    )


def _schedule(plan: ExperimentPlan, value: object) -> tuple[ScheduleDay, ...]:
    if not isinstance(value, list) or len(value) != plan.days:
        raise ValidationError(
            "schedule", f"schedule must list each of the plan's {plan.days} days once"
        )
    out: list[ScheduleDay] = []
    for i, entry in enumerate(value):
        if not isinstance(entry, dict) or set(entry) != {"date", "arm", "washout"}:
            raise ValidationError("schedule", 'each schedule day is {"date", "arm", "washout"}')
        day = _day(entry["date"], "schedule")
        if day != plan.start + timedelta(days=i):
            raise ValidationError("schedule", "schedule days must run from the start, in order")
        if entry["arm"] not in ("test", "usual") or not isinstance(entry["washout"], bool):
            raise ValidationError("schedule", "a day's arm is test or usual, washout true/false")
        out.append(ScheduleDay(day, Arm(entry["arm"]), entry["washout"]))
    # As drawn: one block of each condition in every pair, washout where the plan puts it.
    # The randomization test rests on that; the order of each pair is all a draw decides.
    pair = 2 * plan.block_days
    drawn = schedule_from_orders(plan, [d.arm is Arm.TEST for d in out[::pair]])
    for mine, expected in zip(out, drawn, strict=True):
        if mine != expected:
            raise ValidationError(
                "schedule",
                f"schedule must give each pair of {plan.block_days}-day blocks one block of "
                f"each condition, washout days where the plan puts them (differs on "
                f"{mine.day.isoformat()})",
            )
    return tuple(out)
