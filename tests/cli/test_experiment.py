"""Issue 16: ``twitchlog experiment ...`` end to end through the real entry point."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner

START_ARGS = ("experiment", "start", "caffeine", "--low", "at most 100 mg", "--weeks", "6")


def _at(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    monkeypatch.setenv("TWITCHLOG_NOW", f"{day}T12:00:00+01:00")


def _schedule(db: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT day, arm, washout FROM experiment_days ORDER BY day").fetchall()
    conn.close()
    return rows


def _created(db: Path) -> str:
    conn = sqlite3.connect(db)
    (created,) = conn.execute("SELECT created_at FROM experiments").fetchone()
    conn.close()
    return str(created)


def test_start_shows_the_plan_and_its_power_then_stores_the_schedule(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at(monkeypatch, "2026-12-01")
    result = cli(*START_ARGS, "--yes")
    assert result.code == 0, result.err
    out = result.out
    assert "Plan: caffeine, 6 weeks from 2026-12-02 to 2027-01-12 (42 days)" in out
    assert "LOW: at most 100 mg" in out and "USUAL: as usual" in out
    assert out.index("Plan:") < out.index("Started.")
    schedule = _schedule(db)
    assert len(schedule) == 42 and schedule[0][0] == "2026-12-02"
    assert _created(db) < "2026-12-02"  # stored before the first day


def test_start_asks_and_a_no_stores_nothing(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at(monkeypatch, "2026-12-01")
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("n\n"))
    result = cli(*START_ARGS)
    assert result.code == 0 and "Nothing started." in result.out
    assert _schedule(db) == []


def test_the_schedule_is_fixed_before_the_first_day_and_never_changes(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at(monkeypatch, "2026-12-01")
    assert cli(*START_ARGS, "--yes").code == 0
    drawn = _schedule(db)
    _at(monkeypatch, "2026-12-10")
    second = cli("experiment", "start", "caffeine", "--low", "none", "--yes")
    assert second.code == 2 and "one experiment runs at a time" in second.err
    assert second.err.count("\n") == 1
    assert cli("experiment", "stop", "--yes").code == 0
    assert _schedule(db) == drawn
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.IntegrityError, match="never changed"):
        conn.execute("UPDATE experiment_days SET arm = 'test'")
    conn.close()
    assert _schedule(db) == drawn


def test_status_shows_todays_condition_and_no_comparison(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at(monkeypatch, "2026-12-01")
    assert cli(*START_ARGS, "--yes").code == 0
    today = {r[0]: r[1] for r in _schedule(db)}["2026-12-18"]
    _at(monkeypatch, "2026-12-18")
    caffeine = "80" if today == "test" else "300"
    assert cli("day", "--caffeine", caffeine, "--check-in").code == 0
    assert cli("log", "eyelid").code == 0
    out = cli("experiment", "status").out
    arm = "LOW, at most 100 mg" if today == "test" else "USUAL, as usual"
    assert f"Experiment: caffeine, day 17 of 42 — today: {arm}" in out
    assert "Logged 1 of 17 days so far." in out
    assert "fewer" not in out and "more" not in out and "per day" not in out
    result = cli("experiment", "result")
    assert result.code == 2 and "runs until 2027-01-12" in result.err


def test_stop_ends_early_and_result_says_so(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at(monkeypatch, "2026-12-01")
    assert cli(*START_ARGS, "--yes").code == 0
    _at(monkeypatch, "2026-12-20")
    stopped = cli("experiment", "stop", "--yes")
    assert stopped.code == 0, stopped.err
    assert "stopped early on 2026-12-20 (day 19 of 42)" in stopped.out
    listed = cli("experiment", "list").out
    assert "caffeine  2026-12-02 to 2027-01-12  6 weeks  stopped early" in listed
    result = cli("experiment", "result")
    assert result.code == 0, result.err
    assert "stopped early on 2026-12-20" in result.out
    status = cli("experiment", "status").out
    assert "Logged 0 of 19 days." in status and "so far" not in status, status
    again = cli("experiment", "stop", "--yes")
    assert again.code == 2 and "no experiment is running" in again.err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--weeks", "40"), "weeks must be 2-26"),
        (("--block-days", "9"), "block days must be 1-7"),
        (("--block-days", "2", "--washout", "2"), "washout days must be 0-1"),
        (("--block-days", "1", "--washout", "1"), "washout days must be 0 with 1-day blocks"),
        (("--start", "2026-11-20"), "start must be today or later"),
        (("--start", "2099-01-01"), "start must be at most 90 days ahead (by 2027-03-01)"),
        (("--start", "+91"), "start must be at most 90 days ahead"),
    ],
)
def test_bad_plan_values_are_one_line_naming_the_field(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], words: str
) -> None:
    _at(monkeypatch, "2026-12-01")
    result = cli(*START_ARGS, *args, "--yes")
    assert result.code == 2
    assert words in result.err and "for example" in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert not db.exists() or _schedule(db) == []


@pytest.mark.parametrize(
    ("design", "day_after"),
    [(("--block-days", "1", "--washout", "0"), 1), (("--block-days", "2", "--washout", "1"), 0)],
)
def test_a_plan_without_washout_days_also_compares_the_day_after(
    cli: CliRunner,
    db: Path,
    monkeypatch: pytest.MonkeyPatch,
    design: tuple[str, ...],
    day_after: int,
) -> None:
    """A new plan without washout days gets the test of the same day or the day after, and
    its plan says so; with washout days it compares the same day, as before."""
    _at(monkeypatch, "2026-12-01")
    result = cli(*START_ARGS, *design, "--yes")
    assert result.code == 0, result.err
    said = "compared on the same day and on the day after each condition" in result.out
    assert said is bool(day_after)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT day_after FROM experiments").fetchall() == [(day_after,)]
    conn.close()


def test_an_unknown_factor_names_the_choices(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at(monkeypatch, "2026-12-01")
    result = cli("experiment", "start", "coffee", "--low", "none", "--yes")
    assert result.code == 2
    assert "factor must be one of caffeine, sleep" in result.err and "(got 'coffee')" in result.err


def test_a_medicine_is_tested_as_on_and_off(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at(monkeypatch, "2026-12-01")
    assert cli("med", "add", "Magnesium", "--supplement").code == 0
    result = cli("experiment", "start", "magnesium", "--weeks", "4", "--yes")
    assert result.code == 0, result.err
    assert "ON: taking Magnesium" in result.out and "OFF: not taking Magnesium" in result.out


def test_no_experiment_yet(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    _at(monkeypatch, "2026-12-01")
    assert cli("log", "eyelid").code == 0
    assert "No experiment yet" in cli("experiment", "status").out
    assert "No experiments yet." in cli("experiment", "list").out
    result = cli("experiment", "result")
    assert result.code == 2 and "no experiment yet" in result.err


def test_the_demo_holds_a_finished_experiment_with_a_result(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newcomer sees what a result looks like: the sample's caffeine experiment has a
    built-in halving, and its result says so in calm words with the chance of it."""
    _at(monkeypatch, "2026-12-01")
    assert cli("demo").code == 0
    listed = cli("experiment", "list").out
    assert "caffeine" in listed and "finished" in listed
    result = cli("experiment", "result")
    assert result.code == 0, result.err
    assert "On your low-caffeine days you logged about" in result.out
    assert "fewer twitches" in result.out
    assert "would arise by chance about 1 time in" in result.out
    # the default sample's result is a clear one (twitchlog.demo.experiment says why)
    assert "The days were assigned at random, so other habits and flares" in result.out
    assert "washout days were left out" in result.out  # the default design, with washout


def test_stopped_before_its_first_day_has_nothing_to_compare(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at(monkeypatch, "2026-12-01")
    assert cli(*START_ARGS, "--yes").code == 0  # starts tomorrow
    assert cli("experiment", "stop", "--yes").code == 0
    result = cli("experiment", "result")
    assert result.code == 0, result.err
    assert result.out.strip() == (
        "Experiment: caffeine, stopped on 2026-12-01, before its first day: no days to compare."
    )


def test_an_own_factor_can_be_tested_and_its_days_checked(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at(monkeypatch, "2026-12-01")
    assert cli("factor", "add", "anxiety", "--scale", "0-10").code == 0
    started = cli("experiment", "start", "anxiety", "--low", "at most 3", "--weeks", "2", "--yes")
    assert started.code == 0, started.err
    low_day = next(day for day, arm, _ in _schedule(db) if arm == "test")
    _at(monkeypatch, str(low_day))
    assert cli("day", "--set", "anxiety=2", "--check-in").code == 0
    out = cli("experiment", "status").out
    assert "today: LOW, at most 3" in out
    assert "Kept to the plan on 1 of 1 days that could be checked." in out


def test_start_help_names_the_plans_defaults(cli: CliRunner) -> None:
    """The help's defaults are the domain's (which simulation may change)."""
    from twitchlog.domain.experiment import (
        DEFAULT_BLOCK_DAYS,
        DEFAULT_WASHOUT_DAYS,
        DEFAULT_WEEKS,
    )

    text = " ".join(cli("experiment", "start", "--help").out.split())
    assert f"2-26 weeks (default {DEFAULT_WEEKS})" in text
    assert f"1-7 (default {DEFAULT_BLOCK_DAYS})" in text
    assert f"comparison (default {DEFAULT_WASHOUT_DAYS})" in text
    assert "Without washout days the test also looks at the day after each condition" in text
    assert "1-day blocks without washout suit a habit that acts and wears off within a day" in text


def schedule_diary(
    db: Path, days: int, day: Callable[[int, str], tuple[int, float | None]]
) -> None:
    """Check in the schedule's first ``days`` days: ``day(i, arm)`` gives the ``i``-th day's
    number of twitches and its caffeine in mg (``None``: not logged)."""
    from datetime import UTC, date, datetime

    from twitchlog.domain.models import DayLog, Episode, Kind
    from twitchlog.domain.sites import Side
    from twitchlog.storage import repository as repo
    from twitchlog.storage.journal import Journal

    logs: list[DayLog] = []
    episodes: list[Episode] = []
    for i, (day_text, arm, _) in enumerate(_schedule(db)[:days]):
        on = date.fromisoformat(str(day_text))
        twitches, caffeine_mg = day(i, str(arm))
        logs.append(DayLog(day=on, checked_in=True, caffeine_mg=caffeine_mg))
        for k in range(twitches):
            at = datetime(on.year, on.month, on.day, 8 + k, tzinfo=UTC)
            episodes.append(
                Episode(
                    id=f"00000000-0000-4000-8000-{len(episodes):012d}",
                    started_at=at,
                    timezone="UTC",
                    local_date=on,
                    site="eyelid",
                    side=Side.LEFT,
                    kind=Kind.TWITCH,
                    recorded_at=at,
                )
            )
    journal = Journal.open(db)
    repo.import_entries(journal, episodes=episodes, days=logs)
    journal.dispose()


def _diary(db: Path, busy_arm: str | None, days: int) -> None:
    """Check in the schedule's first ``days`` days; 6 twitches on each ``busy_arm`` day and 2
    on the others (``None``: 3 on every day, no difference)."""
    schedule_diary(
        db, days, lambda _, arm: (3 if busy_arm is None else 6 if arm == busy_arm else 2, None)
    )


INTERIM_ARGS = ("experiment", "start", "caffeine", "--low", "at most 100 mg", "--weeks", "12",
                "--block-days", "2", "--washout", "1")  # fmt: skip


@pytest.mark.parametrize("busy", ["usual", None])
def test_interim_look_says_only_stop_now_or_keep_going(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch, busy: str | None
) -> None:
    """``--interim``: the plan names the look (after day 40); before it nothing is compared;
    after it ``status`` and ``result`` say "clear difference: stop now" with the result, or
    only "keep going" (no direction, no size)."""
    _at(monkeypatch, "2026-12-01")
    started = cli(*INTERIM_ARGS, "--interim", "--yes")
    assert started.code == 0, started.err
    assert "One interim look after day 40 (2027-01-10)" in started.out
    _diary(db, busy, 45)
    _at(monkeypatch, "2027-01-10")  # day 40: the look is not there yet
    status = cli("experiment", "status").out
    assert "One interim look after day 40" in status and "Interim look (days" not in status
    assert cli("experiment", "result").code == 2
    _at(monkeypatch, "2027-01-11")
    status = cli("experiment", "status").out
    if busy is None:
        result = cli("experiment", "result")
        assert result.code == 0, result.err
        assert "Interim look (days 1-40): keep going." in status
        assert "Interim look (days 1-40): keep going." in result.out
        for out in (status, result.out):
            assert "fewer" not in out and "more" not in out and "%" not in out
    else:
        assert "Interim look (days 1-40): clear difference: stop now" in status
        assert "fewer twitches" in status
        stopped = cli("experiment", "stop", "--yes")
        assert stopped.code == 0
        final = cli("experiment", "result").out
        assert "interim look at days 1-40 found a clear difference" in final


def test_interim_look_is_refused_for_a_plan_too_short_for_it(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at(monkeypatch, "2026-12-01")
    result = cli(*START_ARGS, "--block-days", "2", "--washout", "1", "--interim", "--yes")
    assert result.code == 2 and "interim look needs at least 9 pairs" in result.err
    assert "--weeks 11" in result.err and _schedule(db) == []
