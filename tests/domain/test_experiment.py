"""The experiment plan, its drawn schedule, today's condition and adherence (domain only)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.experiment import (
    Arm,
    ExperimentPlan,
    Limit,
    ObservedDay,
    arm_on,
    day_number,
    draw_schedule,
    kept_to,
    new_seed,
    observe,
    pair_count,
    parse_limit,
    progress,
    status_line,
    validate_plan,
)
from twitchlog.domain.models import DayLog, EpisodeDayStats, JournalSlice, Medication

START = date(2026, 3, 2)


def plan(**kw: object) -> ExperimentPlan:
    base: dict[str, object] = {
        "factor": "caffeine_mg",
        "name": "caffeine",
        "test_words": "at most 100 mg",
        "usual_words": "as usual",
        "start": START,
        "weeks": 6,
        "block_days": 2,
        "washout_days": 0,
    }
    base.update(kw)
    return ExperimentPlan(**base)  # type: ignore[arg-type]


def test_schedule_is_the_same_for_the_same_seed_and_covers_the_plan() -> None:
    p = plan()
    a = draw_schedule(p, 12345)
    assert a == draw_schedule(p, 12345)
    assert len(a) == 42
    assert [d.day for d in a] == [START + timedelta(days=i) for i in range(42)]
    assert a != draw_schedule(p, 54321)


@pytest.mark.parametrize("block", [1, 2, 3, 4, 7])
def test_every_pair_of_blocks_has_one_block_of_each_condition(block: int) -> None:
    p = plan(weeks=8, block_days=block)
    s = draw_schedule(p, 7)
    for k in range(pair_count(p)):
        pair = s[2 * block * k : 2 * block * (k + 1)]
        first, second = pair[:block], pair[block:]
        assert len({d.arm for d in first}) == 1
        if second:
            assert len({d.arm for d in second}) == 1
            assert first[0].arm != second[0].arm


def test_pair_orders_are_a_fair_coin_over_many_seeds() -> None:
    p = plan(weeks=8)
    firsts = [draw_schedule(p, seed)[0].arm for seed in range(400)]
    share = firsts.count(Arm.TEST) / len(firsts)
    assert 0.4 < share < 0.6
    # Not a fixed alternation: across a pair boundary a condition sometimes repeats.
    repeats = {draw_schedule(p, seed)[3].arm == draw_schedule(p, seed)[4].arm for seed in range(20)}
    assert repeats == {True, False}


@pytest.mark.parametrize(("block", "washout"), [(2, 1), (3, 1), (3, 2), (4, 1)])
def test_washout_is_the_first_days_after_each_change(block: int, washout: int) -> None:
    p = plan(weeks=8, block_days=block, washout_days=washout)
    for seed in range(10):
        s = draw_schedule(p, seed)
        before, run = Arm.USUAL, washout  # life before the plan: as usual, for long
        for d in s:
            run = 0 if d.arm is not before else run + 1
            before = d.arm
            assert d.washout == (run < washout), (seed, d)


def test_no_washout_without_washout_days() -> None:
    assert not any(d.washout for d in draw_schedule(plan(), 4))


def test_new_seed_fits_sqlite_and_varies() -> None:
    seeds = {new_seed() for _ in range(5)}
    assert len(seeds) > 1
    assert all(0 <= s < 2**62 for s in seeds)


def test_status_line_names_day_condition_and_words() -> None:
    p = plan()
    s = draw_schedule(p, 1)
    today = START + timedelta(days=16)
    entry = arm_on(s, today)
    assert entry is not None
    word = "LOW" if entry.arm is Arm.TEST else "USUAL"
    words = "at most 100 mg" if entry.arm is Arm.TEST else "as usual"
    assert status_line(p, s, today) == (
        f"Experiment: caffeine, day 17 of 42 — today: {word}, {words}"
    )
    assert day_number(p, START - timedelta(days=1)) is None
    assert status_line(p, s, START - timedelta(days=3)).startswith(
        "Experiment: caffeine starts 2026-03-02"
    )
    assert "finished" in status_line(p, s, START + timedelta(days=42))


def test_medicine_conditions_are_on_and_off() -> None:
    p = plan(
        factor="med:magnesium",
        name="magnesium",
        test_words="taking it",
        usual_words="not taking it",
    )
    assert (p.arm_name(Arm.TEST), p.arm_name(Arm.USUAL)) == ("ON", "OFF")
    assert kept_to(p, Arm.TEST, 1.0) is True
    assert kept_to(p, Arm.USUAL, 1.0) is False


@pytest.mark.parametrize(
    ("words", "limit"),
    [
        ("at most 100 mg", Limit("at most", 100.0)),
        ("At  most 7.5 h", Limit("at most", 7.5)),
        ("<= 100", Limit("at most", 100.0)),
        ("≤100mg", Limit("at most", 100.0)),
        ("at least 30 minutes", Limit("at least", 30.0)),
        ("none", Limit("at most", 0.0)),
        ("no caffeine", Limit("at most", 0.0)),
        ("as usual", None),
        ("normal", None),
    ],
)
def test_condition_words_give_a_checkable_limit(words: str, limit: Limit | None) -> None:
    assert parse_limit(words) == limit


def test_kept_to_checks_the_limit_and_says_when_it_cannot() -> None:
    p = plan()
    assert kept_to(p, Arm.TEST, 100.0) is True
    assert kept_to(p, Arm.TEST, 180.0) is False
    assert kept_to(p, Arm.TEST, None) is None
    assert kept_to(p, Arm.USUAL, 300.0) is None  # "as usual" can't be checked
    assert plan(test_words="at least 30 min").arm_name(Arm.TEST) == "HIGH"


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"weeks": 1}, "weeks"),
        ({"weeks": 27}, "weeks"),
        ({"block_days": 0}, "block_days"),
        ({"block_days": 8}, "block_days"),
        ({"block_days": 2, "washout_days": 2}, "washout_days"),
        ({"test_words": "  "}, "test_words"),
    ],
)
def test_plan_out_of_range_names_the_field(kw: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_plan(plan(**kw))
    assert err.value.field == field
    assert "\n" not in err.value.message
    assert "got" in err.value.message


@pytest.mark.parametrize("washout", [0, 1, 2, 5])
def test_r1_the_interim_refusal_s_other_blocks_example_is_a_plan_that_starts(
    washout: int,
) -> None:
    """7-day blocks never leave room for an interim look, so the refusal suggests the default
    blocks; with 2 or more washout days it said "--weeks 11 --block-days 2" alone, which is
    itself refused (washout days must be less than the block days)."""
    import re

    with pytest.raises(ValidationError) as err:
        validate_plan(plan(weeks=26, block_days=7, washout_days=washout, interim=True))
    found = re.search(r"--weeks (\d+) --block-days (\d+)(?: --washout (\d+))?", err.value.message)
    assert found is not None, err.value.message
    weeks, block, new_washout = found.groups()
    suggested = plan(
        weeks=int(weeks),
        block_days=int(block),
        washout_days=washout if new_washout is None else int(new_washout),
        interim=True,
    )
    validate_plan(suggested)  # the example starts as it is written


@pytest.mark.parametrize("washout", [1, 2])
def test_r1_washout_with_1_day_blocks_says_0_not_0_to_0(washout: int) -> None:
    """With 1-day blocks the washout refusal read "washout days must be 0-0 (less than the
    block days), for example 0": it says the one allowed value and the way to have washout."""
    with pytest.raises(ValidationError) as err:
        validate_plan(plan(block_days=1, washout_days=washout))
    assert err.value.field == "washout_days"
    assert err.value.message == (
        "washout days must be 0 with 1-day blocks, for example 0, or 1 with 2-day blocks "
        f"(got {washout})"
    )


def test_observe_keeps_missing_apart_from_zero_and_checks_adherence() -> None:
    p = plan()
    s = draw_schedule(p, 5)
    d0, d1, d2 = (START + timedelta(days=i) for i in range(3))
    journal = JournalSlice(
        start=START,
        end=d2,
        days=(
            DayLog(day=d0, checked_in=True, caffeine_mg=50.0),  # checked in, no twitches
            DayLog(day=d1, checked_in=False, caffeine_mg=300.0),  # not checked in, no episodes
        ),
        episode_days=(EpisodeDayStats(day=d2, episodes=4),),
        medications=(),
    )
    obs = observe(p, s, journal)
    assert len(obs) == 3
    assert [o.episodes for o in obs] == [0, None, 4]
    assert obs[0].kept == (True if s[0].arm is Arm.TEST else None)
    assert obs[2].kept is None
    pr = progress(obs)
    assert (pr.days_so_far, pr.logged_days) == (3, 2)
    assert pr.completeness_text() == "Logged 2 of 3 days so far."


def test_observe_reads_a_medicine_from_its_intervals() -> None:
    p = plan(
        factor="med:Magnesium",
        name="magnesium",
        test_words="taking it",
        usual_words="not taking it",
    )
    s = draw_schedule(p, 8)
    journal = JournalSlice(
        start=START,
        end=START + timedelta(days=3),
        days=(),
        episode_days=(),
        medications=(
            Medication(id="m", name="magnesium", start=START, stop=START + timedelta(days=1)),
        ),
    )
    obs = observe(p, s, journal)
    taken = [True, True, False, False]
    assert [o.kept for o in obs] == [
        t == (o.arm is Arm.TEST) for t, o in zip(taken, obs, strict=True)
    ]


def test_progress_counts_adherence_without_any_comparison() -> None:
    days = [
        ObservedDay(START, Arm.TEST, False, 3, True),
        ObservedDay(START, Arm.TEST, False, 9, False),
        ObservedDay(START, Arm.USUAL, False, None, None),
    ]
    pr = progress(days)
    assert pr.adherence == 0.5
    assert pr.adherence_text() == "Kept to the plan on 1 of 2 days that could be checked."


def test_an_interim_look_needs_nine_pairs_before_halfway() -> None:
    """With fewer pairs in the first half no schedule could reach p <= 0.005 at the look, so
    such a plan is refused with one line naming a length that works; the look covers the
    whole pairs of the first half."""
    from twitchlog.domain.experiment import interim_days

    for kw, days in (({"weeks": 12}, 40), ({"weeks": 16}, 56), ({"weeks": 8, "block_days": 1,
                     "washout_days": 0}, 28), ({"weeks": 11}, 36)):  # fmt: skip
        validate_plan(plan(interim=True, **kw))
        assert interim_days(plan(interim=True, **kw)) == days
    for kw, example in (
        ({"weeks": 8}, "--weeks 11 with 2-day blocks"),
        ({"weeks": 5, "block_days": 1, "washout_days": 0}, "--weeks 6 with 1-day blocks"),
        ({"weeks": 26, "block_days": 7}, "--weeks 11 --block-days 2"),  # the default blocks
    ):
        with pytest.raises(ValidationError) as err:
            validate_plan(plan(interim=True, **kw))
        assert err.value.field == "interim" and example in err.value.message
        assert "\n" not in err.value.message
        validate_plan(plan(**kw))  # the same plan without the look is fine


def test_a1_an_empty_condition_is_named_as_the_forms_and_help_name_it() -> None:
    """It said "test condition must be described": neither the CLI help ("the changed
    condition") nor the start form ("Changed") calls it that."""
    from twitchlog.domain.experiment import ExperimentPlan, validate_plan

    for test, usual, said in (
        ("", "as usual", 'changed condition must be described in words, for example "at most'),
        ("at most 100 mg", " ", 'usual condition must be described in words, for example "as'),
    ):
        with pytest.raises(ValidationError, match=said):
            validate_plan(ExperimentPlan("caffeine_mg", "caffeine", test, usual, date(2026, 12, 3)))
