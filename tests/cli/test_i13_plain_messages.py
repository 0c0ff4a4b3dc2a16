"""Issue 12 item 13: every message about a bad value speaks the person's words (the forms'
labels, never a column or type name) and shows an example of a valid value."""

from __future__ import annotations

import re

import pytest

from tests.cli.conftest import CliRunner

#: Words a person never typed: column names, Python types, jargon.
INTERNAL = re.compile(
    r"sleep_h|caffeine_mg|water_l|screen_h|exercise_min|alcohol_drinks|sleep_quality|"
    r"upper_arm|muscle_wasting|speech_swallowing|constant_or_spreading|weight_loss|"
    r"\bISO\b|valid int|valid float|Invalid value|no entry with id"
)

BAD_VALUES = [
    (("day", "--sleep", "30"), "sleep must be 0-24 hours, for example 7.5 (got 30)"),
    (("day", "--caffeine", "3000"), "caffeine must be 0-2000 mg, for example 200 (got 3000)"),
    (("day", "--water", "25"), "water must be 0-20 litres, for example 1.5"),
    (("day", "--screen", "30"), "screen time must be 0-24 hours, for example 6"),
    (("day", "--exercise", "2000"), "exercise must be 0-1440 minutes, for example 30"),
    (("day", "--alcohol", "60"), "alcohol must be 0-50 standard drinks, for example 2"),
    (("day", "--coffee", "99"), "coffee must be 0-50 cups, for example 2"),
    (("day", "--sleep-quality", "9"), "sleep quality must be 1-5, for example 4"),
    (("day", "--water", "lots"), "--water must be a number, for example --water 1.5"),
    (("day", "--stress", "x"), "--stress must be a whole number, for example --stress 3"),
    (("log", "calf", "--intensity", "abc"), "--intensity must be a whole number, for example"),
    (("log", "calf", "-i", "11"), "intensity must be 1-10, for example 4 (got 11)"),
    (("log", "upperarm"), "upper arm, elbow"),
    (("log", "upperarm"), "for example 'left calf'"),
    (("log", "calf", "--at", "tomorrow"), "a clock time (14:05)"),
    (("log", "calf", "--at", "25:00"), "for example 14:05"),
    (("log", "calf", "--side", "up"), "for example left"),
    (("log", "calf", "--context", "x"), "rest, activity, after exercise, for example rest"),
    (("note", "flag", "foo"), "muscle wasting, speech swallowing"),
    (("list", "--from", "someday"), "a date such as 2026-03-01"),
]


@pytest.mark.parametrize(("args", "expected"), BAD_VALUES, ids=[" ".join(a) for a, _ in BAD_VALUES])
def test_i13_bad_values_are_told_in_the_persons_words(
    args: tuple[str, ...], expected: str, cli: CliRunner
) -> None:
    r = cli(*args)
    assert r.code == 2, r
    assert len(r.err.splitlines()) == 1, r
    assert expected in r.err, r
    assert INTERNAL.search(r.err) is None, r


def test_i13_stopping_a_medicine_nobody_takes_names_the_medicine(cli: CliRunner) -> None:
    assert cli("med", "add", "aspirin").code == 0
    assert cli("med", "stop", "aspirin").code == 0
    r = cli("med", "stop", "aspirin")
    assert r.code == 2 and "no medicine you are taking is called aspirin" in r.err, r
    assert INTERNAL.search(r.err) is None, r
