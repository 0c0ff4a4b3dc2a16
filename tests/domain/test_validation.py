"""Validation: messages name the field and the range; not logged stays None; merges lose nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from twitchlog.domain import DayLog, Episode, HealthNote, Medication, NoteKind, ValidationError
from twitchlog.domain.validation import (
    caffeine_from_drinks,
    check_number,
    merge_day,
    validate_day,
    validate_episode,
    validate_health_note,
    validate_medication,
)

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def _episode(**kw: object) -> Episode:
    base: dict[str, object] = {
        "id": "e1",
        "started_at": NOW,
        "timezone": "Europe/Berlin",
        "local_date": date(2026, 11, 29),
        "site": "eyelid",
    }
    base.update(kw)
    return Episode(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("intensity", 12, "intensity must be 1-10, for example 4 (got 12)"),
        ("intensity", 0, "intensity must be 1-10, for example 4 (got 0)"),
        ("caffeine_mg", 2500, "caffeine must be 0-2000 mg, for example 200 (got 2500)"),
        ("sleep_h", 25, "sleep must be 0-24 hours, for example 7.5 (got 25)"),
        ("stress", 11, "stress must be 0-10, for example 3 (got 11)"),
        ("sleep_quality", 6, "sleep quality must be 1-5, for example 4 (got 6)"),
        ("water_l", -1, "water must be 0-20 litres, for example 1.5 (got -1)"),
    ],
)
def test_messages_name_field_and_range(field: str, value: float, message: str) -> None:
    with pytest.raises(ValidationError) as err:
        check_number(field, value)
    assert err.value.field == field
    assert err.value.message == message


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_are_refused(value: float) -> None:
    with pytest.raises(ValidationError, match="caffeine must be 0-2000"):
        check_number("caffeine_mg", value)


def test_whole_number_fields_refuse_fractions() -> None:
    with pytest.raises(ValidationError, match="whole number"):
        check_number("stress", 3.5)


def test_episode_validation() -> None:
    assert validate_episode(_episode(), now=NOW)
    with pytest.raises(ValidationError, match="note must be at most 10,000"):
        validate_episode(_episode(note="x" * 10_001), now=NOW)
    validate_episode(_episode(note="x" * 10_000), now=NOW)
    with pytest.raises(ValidationError, match="timezone"):
        validate_episode(_episode(timezone="Mars/Olympus"), now=NOW)
    with pytest.raises(ValidationError, match="time zone"):
        validate_episode(_episode(started_at=datetime(2026, 11, 29, 12, 0)), now=NOW)
    with pytest.raises(ValidationError, match="site"):
        validate_episode(_episode(site="nose"), now=NOW)


def test_caffeine_from_drinks_uses_documented_table() -> None:
    assert caffeine_from_drinks({"coffee": 2, "espresso": 1, "tea": 1, "cola": 1, "energy": 1}) == (
        2 * 95 + 63 + 47 + 34 + 80
    )
    with pytest.raises(ValidationError, match="drink must be one of"):
        caffeine_from_drinks({"mate": 1})


def test_missing_is_not_zero_in_a_day_log() -> None:
    day = validate_day(DayLog(day=date(2026, 11, 29), sleep_h=7.5))
    assert day.caffeine_mg is None and day.stress is None and not day.checked_in
    assert DayLog(day=date(2026, 11, 29)).is_empty()
    assert not DayLog(day=date(2026, 11, 29), caffeine_mg=0).is_empty()


def test_merge_keeps_what_is_logged_and_recomputes_caffeine() -> None:
    old = DayLog(
        day=date(2026, 11, 29), checked_in=True, sleep_h=6.0, drinks={"coffee": 1}, caffeine_mg=95
    )
    merged = merge_day(old, DayLog(day=old.day, stress=4, drinks={"tea": 2}))
    assert merged.sleep_h == 6.0 and merged.stress == 4 and merged.checked_in
    assert merged.drinks == {"coffee": 1, "tea": 2}
    assert merged.caffeine_mg == 95 + 2 * 47
    direct = merge_day(merged, DayLog(day=old.day, caffeine_mg=150))
    assert direct.caffeine_mg == 150 and direct.drinks == {}


def test_medication_and_note_validation() -> None:
    with pytest.raises(ValidationError, match="stop must be on or after"):
        validate_medication(
            Medication(id="m", name="x", start=date(2026, 2, 1), stop=date(2026, 1, 1))
        )
    with pytest.raises(ValidationError, match="name must not be empty"):
        validate_medication(Medication(id="m", name=" ", start=date(2026, 2, 1)))
    with pytest.raises(ValidationError, match="red flag must be one of"):
        validate_health_note(
            HealthNote(id="n", day=date(2026, 1, 1), kind=NoteKind.FLAG, topic="itch")
        )
    assert validate_health_note(
        HealthNote(id="n", day=date(2026, 1, 1), kind=NoteKind.FLAG, topic="weakness")
    )


def test_integer_beyond_float_range_is_out_of_range_not_a_crash() -> None:
    """Regression: 10**400 (a JSON integer) raised OverflowError instead of a message."""
    with pytest.raises(ValidationError, match="caffeine must be 0-2000 mg"):
        check_number("caffeine_mg", 10**400)
