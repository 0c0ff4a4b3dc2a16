"""Self-experiments: the randomization test is exact, the interval and words are right, the
plan's power comes from the person's own diary (docs/experiments.md)."""

from __future__ import annotations

import functools
import itertools
import math
import re
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from tests.analysis.experiment_tables import (
    ISSUE_WORLD,
    candidate_p_values,
    diaries,
    looks,
    make_plan,
    rate,
    run_trial,
)
from tests.analysis.simulator import SCENARIOS, simulate
from twitchlog.analysis.experiment import (
    NoiseModel,
    Reference,
    analyse_experiment,
    chance_words,
    diary_counts,
    exposure_of,
    fit_noise,
    observed_days,
    p_value,
    pair_data,
    pair_data_from_counts,
    plan_power,
    power,
    power_text,
    reference,
    result_sentences,
    simulate_counts,
)
from twitchlog.analysis.model import Interval
from twitchlog.analysis.wording import FORBIDDEN_WORDS
from twitchlog.domain.experiment import (
    DEFAULT_BLOCK_DAYS,
    DEFAULT_WASHOUT_DAYS,
    Arm,
    ExperimentPlan,
    ObservedDay,
    interim_days,
    pair_count,
    schedule_from_orders,
)
from twitchlog.domain.models import DayLog, EpisodeDayStats, JournalSlice

START = date(2025, 1, 6)


def counts(plan: ExperimentPlan, seed: int, rr: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """A drawn order and simulated counts (long flares) for ``plan``."""
    rng = np.random.default_rng(seed)
    orders = rng.random(pair_count(plan)) < 0.5
    noise = NoiseModel(4.0, 0.3, 0.25, 0.9, 0.1)
    y = simulate_counts(noise, exposure_of(plan, orders)[None, :], rr, rng)[0]
    return orders, y


def naive_statistic(plan: ExperimentPlan, orders: tuple[bool, ...], y: np.ndarray) -> float:
    """The statistic the slow, obvious way: build the schedule, drop washout and missing days."""
    test: list[float] = []
    usual: list[float] = []
    for d, v in zip(schedule_from_orders(plan, orders), y, strict=True):
        if d.washout or math.isnan(v):
            continue
        (test if d.arm is Arm.TEST else usual).append(v)
    total = test + usual
    delta = max(0.01 * sum(total) / len(total), 1e-6)
    return math.log(np.mean(test) + delta) - math.log(np.mean(usual) + delta)


@pytest.mark.parametrize(("block", "washout"), [(2, 0), (2, 1), (3, 1), (3, 2)])
def test_p_value_is_the_share_of_all_possible_schedules_as_extreme(
    block: int, washout: int
) -> None:
    """Exactness: the p-value equals the brute-force share over every schedule that could have
    been drawn, each with its own washout days."""
    plan = make_plan(3, block, washout)
    orders, y = counts(plan, 11, rr=1.6)
    observed = observed_days(plan, [bool(o) for o in orders], y)
    data = pair_data(plan, observed)
    ref = reference(data)
    assert ref.exact
    obs = abs(naive_statistic(plan, tuple(bool(o) for o in orders), y))
    everything = list(itertools.product((False, True), repeat=pair_count(plan)))
    extreme = sum(abs(naive_statistic(plan, o, y)) >= obs - 1e-12 for o in everything)
    assert p_value(data, ref) == pytest.approx(extreme / len(everything))


def test_error_rate_is_at_most_5_percent_with_long_flares_and_power_for_halving_in_band() -> None:
    """The fast CI version of docs/experiments.md §5 for the default plan (8 weeks, 2-day
    blocks, 1 washout day, the same-day test): no effect -> at most 5 % (within Monte Carlo
    error), and a halving is found in the band the full tables show."""
    plan = make_plan(8)
    assert (plan.block_days, plan.washout_days, plan.day_after) == (
        DEFAULT_BLOCK_DAYS,
        DEFAULT_WASHOUT_DAYS,
        DEFAULT_WASHOUT_DAYS == 0,  # as experiment start plans it
    )
    sims = 300
    null = rate(plan, 1.0, sims, 7, real=True, quick=True)
    # 3 standard errors above 0.05 (0.038): a test that ignores flares is far above this.
    assert null <= 0.05 + 3 * math.sqrt(0.05 * 0.95 / sims)
    kept = rate(plan, 2.0, sims, 8, real=False, quick=True)
    real = rate(plan, 2.0, sims, 9, real=True, quick=True)
    # docs/experiments.md §5 (8 weeks, blocks of 2 days, 1 washout day after a change, long
    # flares): about 0.48 when the plan is kept, about 0.27 with 80 % kept and carry-over.
    assert 0.33 <= kept <= 0.63, kept
    assert 0.12 <= real <= 0.42, real
    assert real < kept


def test_p_values_under_no_effect_are_not_too_small_at_any_level() -> None:
    """Exact validity: the share of p <= a stays at most a (within error) for a up to 0.5."""
    plan = make_plan(6, 2, 1)
    ps = []
    for seed in range(200):
        orders, y = counts(plan, 1000 + seed)
        data = pair_data(plan, observed_days(plan, [bool(o) for o in orders], y))
        ps.append(p_value(data, reference(data)))
    for a in (0.05, 0.1, 0.25, 0.5):
        assert np.mean(np.array(ps) <= a) <= a + 3 * math.sqrt(a * (1 - a) / len(ps))


def test_interval_holds_the_estimate_and_agrees_with_the_p_value() -> None:
    """A plan with washout days (tested on the same day only)."""
    plan = make_plan(8, 2, 1)
    for seed, rr in ((1, 2.0), (2, 1.0), (3, 1.5), (4, 2.5)):
        orders, y = counts(plan, seed, rr)
        r = analyse_experiment(plan, observed_days(plan, [bool(o) for o in orders], y))
        assert r.rate_ratio is not None and r.p_value is not None
        iv = r.rate_ratio
        assert iv.low < iv.value < iv.high
        t, u = r.test, r.usual
        assert t.per_day is not None and u.per_day is not None
        assert iv.value == pytest.approx(t.per_day / u.per_day)
        assert (iv.high < 1.0 or iv.low > 1.0) == (r.p_value <= 0.05)


def test_missing_days_are_left_out_not_counted_as_zero() -> None:
    plan = make_plan(4)
    orders, y = counts(plan, 5)
    y[:] = 3.0
    obs = list(observed_days(plan, [bool(o) for o in orders], y))
    # Half the USUAL days not logged: as zeros they would halve USUAL's rate.
    seen = 0
    for i, d in enumerate(obs):
        if d.arm is Arm.USUAL:
            seen += 1
            if seen % 2:
                obs[i] = replace(d, episodes=None)
    r = analyse_experiment(plan, obs)
    assert r.usual.per_day == 3.0
    assert r.rate_ratio is not None and r.rate_ratio.value == pytest.approx(1.0)
    assert r.missing_days == sum(d.episodes is None for d in obs)


def test_result_words_are_calm_and_say_what_was_found() -> None:
    """A plan with washout days (tested on the same day only)."""
    plan = make_plan(8, 2, 1)
    orders, y = counts(plan, 1, rr=0.25)
    r = analyse_experiment(plan, observed_days(plan, [bool(o) for o in orders], y))
    text = " ".join(result_sentences(r))
    assert r.p_value is not None and r.p_value <= 0.05
    assert "On your low-caffeine days you logged about" in text
    assert "fewer twitches (plausible range" in text
    assert "With a randomized schedule, a difference this large would arise by chance" in text
    assert "The days were assigned at random, so other habits and flares are unlikely" in text
    orders, y = counts(plan, 2, rr=1.0)
    r0 = analyse_experiment(plan, observed_days(plan, [bool(o) for o in orders], y))
    text0 = " ".join(result_sentences(r0))
    assert r0.p_value is not None and r0.p_value > 0.05
    assert "it does not show that there is no difference" in text0
    for word in FORBIDDEN_WORDS:
        assert word not in text.lower() and word not in text0.lower()


def test_a_stopped_experiment_says_so_and_too_few_days_give_no_comparison() -> None:
    plan = make_plan(8)
    orders, y = counts(plan, 3)
    obs = observed_days(plan, [bool(o) for o in orders], y)[:6]
    r = analyse_experiment(plan, obs, stopped_early=True)
    assert r.rate_ratio is None and r.p_value is None
    text = result_sentences(r)
    assert text[0].startswith("This experiment was stopped after 6 of 56 days")
    assert text[-1].startswith("No comparison: a comparison needs at least 4 logged days")


def test_per_protocol_is_secondary_and_leaves_out_broken_days() -> None:
    plan = make_plan(8)
    orders, y = counts(plan, 2, rr=0.5)
    obs = [
        replace(d, kept=(i % 5 != 0)) if d.arm is Arm.TEST else d
        for i, d in enumerate(observed_days(plan, [bool(o) for o in orders], y))
    ]
    r = analyse_experiment(plan, obs)
    assert r.per_protocol is not None
    assert r.adherence == pytest.approx(sum(d.kept is True for d in obs) / r.checkable_days)
    assert "a secondary look, not randomized" in " ".join(result_sentences(r))


def test_noise_fit_recovers_a_known_diary() -> None:
    noise = NoiseModel(3.0, 0.3, 0.25, 0.8, 0.1)
    rng = np.random.default_rng(4)
    y = simulate_counts(noise, np.zeros((1, 3000)), 1.0, rng)[0]
    fit = fit_noise(y)
    assert fit is not None
    assert fit.mean == pytest.approx(3.0, rel=0.1)
    assert fit.phi == pytest.approx(0.8, abs=0.15)
    # The level's variance that lasts beyond a day (0.25 * 0.8); the rest counts as day-to-day.
    assert fit.sigma2 == pytest.approx(0.2, abs=0.08)
    assert fit.alpha >= 0.25
    assert fit.missing == pytest.approx(0.1, abs=0.03)


def diary(noise: NoiseModel, days: int, seed: int) -> JournalSlice:
    """A journal of daily check-ins with counts from ``noise``."""
    y = simulate_counts(noise, np.zeros((1, days)), 1.0, np.random.default_rng(seed))[0]
    logged = [i for i in range(days) if not math.isnan(y[i])]
    return JournalSlice(
        start=START,
        end=START + timedelta(days=days - 1),
        days=tuple(DayLog(day=START + timedelta(days=i), checked_in=True) for i in logged),
        episode_days=tuple(
            EpisodeDayStats(day=START + timedelta(days=i), episodes=int(y[i]))
            for i in logged
            if y[i] > 0
        ),
        medications=(),
    )


def test_plan_power_comes_from_the_diary_and_is_larger_for_steadier_diaries() -> None:
    plan = ExperimentPlan("caffeine_mg", "caffeine", "at most 100 mg", "as usual", START)
    steady = diary(NoiseModel(6.0, 0.05, 0.05, 0.5, 0.05), 120, 1)
    jumpy = diary(NoiseModel(3.0, 0.8, 0.3, 0.9, 0.2), 120, 1)
    a = plan_power(steady, plan, sims=80)
    b = plan_power(jumpy, plan, sims=80)
    assert a == plan_power(steady, plan, sims=80)  # deterministic
    assert a.halving is not None and a.third_less is not None and b.halving is not None
    assert a.halving > a.third_less
    assert a.halving >= 0.8
    assert b.halving < 0.6
    assert a.weeks_for_80 is not None and a.weeks_for_80 < plan.weeks
    assert b.weeks_for_80 is None or b.weeks_for_80 > plan.weeks
    text = power_text(a, plan)
    assert text.startswith("With the ups and downs of your last 11")
    assert re.search(
        r"would find a halving of your twitches (about [89] times in 10|almost always)", text
    )


def test_plan_power_needs_three_weeks_of_diary() -> None:
    plan = ExperimentPlan("caffeine_mg", "caffeine", "at most 100 mg", "as usual", START)
    short = simulate(SCENARIOS["S0"], 12, np.random.default_rng(1)).journal
    pp = plan_power(short, plan)
    assert pp.halving is None
    assert "at least 21 logged days" in power_text(pp, plan)


def test_observed_days_match_the_schedule() -> None:
    plan = make_plan(2, 2, 1)
    orders = [True, False, True, True]
    y = np.arange(plan.days, dtype=float)
    obs = observed_days(plan, orders, y)
    assert [o.day for o in obs] == [START + timedelta(days=i) for i in range(14)]
    assert all(isinstance(o, ObservedDay) for o in obs)


def test_analysis_hint_uses_the_diary_s_own_odds_instead_of_a_fixed_length() -> None:
    """The "could tell you more" sentence carries plan_power's numbers for this diary."""
    from twitchlog.analysis import Verdict, analyze

    person = simulate(SCENARIOS["S3"], 180, np.random.default_rng(2))
    found = [f for f in analyze(person.journal).factors if f.verdict is Verdict.PATTERN]
    hinted = [f.sentence for f in found if "experiment could tell you more" in f.sentence]
    assert hinted
    for sentence in hinted:
        assert "6–8" not in sentence
        assert re.search(
            r"With the ups and downs of your diary, 8 weeks would find a halving of your "
            r"twitches (about \d times in 10|almost always|almost never), and 16 weeks "
            r"(about \d times in 10|almost always|almost never)\.",
            sentence,
        )


def test_plan_power_from_a_diary_matches_experiments_run_in_its_world() -> None:
    """plan_power's simulation from a fitted diary agrees with experiments run in the
    simulated world the diaries came from (long flares, 8 weeks, a halving, plan kept)."""
    plan = make_plan(8)
    direct = rate(plan, 2.0, 300, 21, real=False, quick=True)
    fitted = []
    for seed in range(6):
        person = simulate(SCENARIOS["S0f"], 180, np.random.default_rng(300 + seed))
        noise = fit_noise(diary_counts(person.journal))
        assert noise is not None
        fitted.append(power(plan, noise, 0.5, sims=150, seed=seed))
    assert abs(float(np.mean(fitted)) - direct) < 0.12, (fitted, direct)


@pytest.mark.parametrize(
    ("p", "words"),
    [
        (0.0004, "less than 1 time in 1000"),
        (0.0045, "about 1 time in 200"),
        (0.011, "about 1 time in 100"),
        (0.05, "about 1 time in 20"),
        (0.3, "about 3 times in 10"),
        (0.1, "about 1 time in 10"),
        (0.97, "almost always"),
    ],
)
def test_chance_is_said_in_round_numbers(p: float, words: str) -> None:
    assert chance_words(p) == words


def test_per_protocol_is_left_out_when_every_checked_day_kept_to_the_plan() -> None:
    plan = make_plan(8)
    orders, y = counts(plan, 2, rr=0.5)
    obs = [replace(d, kept=True) for d in observed_days(plan, [bool(o) for o in orders], y)]
    r = analyse_experiment(plan, obs)
    assert r.per_protocol is None and r.adherence == 1.0
    assert "secondary look" not in " ".join(result_sentences(r))


def test_error_rate_stays_at_5_percent_when_a_flare_fades_during_the_experiment() -> None:
    """People often start an experiment in a bad spell. Twitching that halves over the plan
    for reasons of its own must not look like an effect of either condition."""
    plan = make_plan(8)
    rng = np.random.default_rng(17)
    sims = 300
    orders = rng.random((sims, pair_count(plan))) < 0.5
    noise = NoiseModel(4.0, 0.3, 0.25, 0.9, 0.1)
    y = simulate_counts(noise, np.zeros((sims, plan.days)), 1.0, rng)
    fading = np.exp(-np.log(2) * np.arange(plan.days) / plan.days)
    y = np.where(np.isnan(y), np.nan, rng.binomial(np.nan_to_num(y).astype(np.int64), fading))
    rejected = 0
    for j in range(sims):
        data = pair_data(plan, observed_days(plan, [bool(o) for o in orders[j]], y[j]))
        rejected += p_value(data, reference(data, rng, 499, exact_max=9)) <= 0.05
    assert rejected / sims <= 0.05 + 3 * math.sqrt(0.05 * 0.95 / sims)


def test_a_condition_without_twitches_says_so_instead_of_a_ratio() -> None:
    plan = make_plan(4)
    orders, y = counts(plan, 6)
    obs = [
        replace(d, episodes=0) if d.arm is Arm.TEST and d.episodes is not None else d
        for d in observed_days(plan, [bool(o) for o in orders], y)
    ]
    r = analyse_experiment(plan, obs)
    assert r.rate_ratio is None and r.p_value is not None
    words = result_sentences(r)
    assert "On your low-caffeine days you logged no twitches at all (on usual days: " in words[2]
    assert words[2].endswith("a day), so no ratio can be given.")
    assert "would arise by chance" in words[3]  # the randomization test still stands
    none = analyse_experiment(plan, [replace(d, episodes=0) for d in obs])
    assert none.reason == "no twitches were logged on the compared days"
    assert result_sentences(none)[-1] == (
        "No comparison: no twitches were logged on the compared days."
    )


def test_error_rate_is_at_most_5_percent_in_the_issue_s_world_and_its_design_is_calibrated() -> (
    None
):
    """The issue's own world (counts around 3 a day, weeks-long flares): no effect -> at most
    5 % with the default design in real life (within Monte Carlo error), and the issue's plain
    design (2-day blocks, no washout, plan kept) finds a halving about as often as the issue
    reported (0.76 at 8 weeks), so the tables in docs/experiments.md §6.5 are "at that noise"."""
    sims = 300
    null = rate(day_after_plan(8), 1.0, sims, 31, real=True, world=ISSUE_WORLD, quick=True)
    assert null <= 0.05 + 3 * math.sqrt(0.05 * 0.95 / sims), null
    plain = rate(make_plan(8, 2, 0), 2.0, 200, 32, real=False, world=ISSUE_WORLD, quick=True)
    assert 0.62 <= plain <= 0.90, plain


def test_candidate_statistics_use_the_app_s_schedules_and_washout() -> None:
    """The comparison of statistics (docs/experiments.md §6.6) recomputes washout for every
    schedule exactly as the app does: its first candidate gives the app's p-value."""
    for weeks, block, washout in ((8, 2, 1), (6, 3, 1), (4, 2, 0), (5, 3, 2)):
        plan = make_plan(weeks, block, washout)
        rng = np.random.default_rng(weeks + block + washout)
        for world in ("S0f", ISSUE_WORLD):
            for y in diaries(world, plan.days, 5, rng):
                t = run_trial(plan, 1.5, rng, y, real=True)
                ref = rng.random((199, pair_count(plan))) < 0.5
                ours = candidate_p_values(plan, t, ref)
                app = p_value(pair_data_from_counts(plan, t.orders, t.y), Reference(ref, False))
                assert next(iter(ours.values())) == pytest.approx(app, abs=1e-12)
                assert len(set(ours.values())) > 1  # the candidates are different statistics


@pytest.mark.parametrize(
    ("key", "command"),
    [
        ("caffeine_mg", "twitchlog experiment start caffeine"),
        ("sleep_quality", 'twitchlog experiment start "sleep quality"'),
        ("cigarettes", "twitchlog experiment start cigarettes"),
    ],
)
def test_experiment_hint_names_the_command_that_starts_it(key: str, command: str) -> None:
    """The "could tell you more" hint ends with the command, the factor named as the CLI
    takes it (quoted when it has a space), and that command starts an experiment on it."""
    import shlex

    from twitchlog.analysis.specs import factor_spec
    from twitchlog.analysis.wording import ExperimentOdds, experiment_hint
    from twitchlog.domain.experiment_record import resolve_factor

    spec = factor_spec(key)
    for odds in (None, ExperimentOdds(8, 0.46, 16, 0.79)):
        assert experiment_hint(spec, odds).endswith(f" To start one: {command}.")
    words = shlex.split(command)
    assert words[:3] == ["twitchlog", "experiment", "start"] and len(words) == 4
    assert resolve_factor(words[3], [])[0] == key


def test_experiment_hint_names_an_own_factor_so_the_cli_finds_it() -> None:
    """A person's own factor is named by its name, quoted for the shell where needed."""
    import shlex

    from twitchlog.analysis.specs import custom_spec
    from twitchlog.analysis.wording import experiment_hint
    from twitchlog.domain.experiment_record import resolve_factor
    from twitchlog.domain.factors import FactorKind, custom_factor

    for name, shown in (("neck tension", '"neck tension"'), ("tom's coffee", '"tom\'s coffee"')):
        own = custom_factor("own1", name, FactorKind.NUMBER, high=10, unit="cups")
        hint = experiment_hint(custom_spec(own))
        assert hint.endswith(f"To start one: twitchlog experiment start {shown}.")
        command = hint.split("To start one: ", 1)[1].removesuffix(".")
        (word,) = shlex.split(command)[3:]
        assert word == name
        assert resolve_factor(word, [], [own]) == ("own1", name)


# --- the planned interim look ---------------------------------------------------------------

INTERIM_PLAN = ExperimentPlan(
    "caffeine_mg", "caffeine", "at most 100 mg", "as usual", START, weeks=12, block_days=2,
    washout_days=1, interim=True,
)  # fmt: skip


def _interim_days(rr: float, seed: int, days: int) -> tuple[ObservedDay, ...]:
    """The first ``days`` days of the 12-week interim plan, drawn and simulated (long flares)
    with the TEST days' rate multiplied by ``rr``."""
    orders, y = counts(INTERIM_PLAN, seed, rr)
    return observed_days(INTERIM_PLAN, [bool(o) for o in orders], y)[:days]


def test_interim_look_comes_after_the_whole_pairs_of_the_first_half() -> None:
    """12 weeks of 2-day blocks: the look covers days 1-40 (10 pairs) and exists from day 41;
    a plan without --interim never has one."""
    from twitchlog.analysis.experiment import interim_look

    assert interim_days(INTERIM_PLAN) == 40
    assert interim_look(INTERIM_PLAN, _interim_days(1.0, 3, 40)) is None
    assert interim_look(INTERIM_PLAN, _interim_days(1.0, 3, 41)) is not None
    assert interim_look(replace(INTERIM_PLAN, interim=False), _interim_days(1.0, 3, 84)) is None


def test_interim_look_says_only_stop_now_or_keep_going() -> None:
    """A large effect: "clear difference: stop now" with the look's result (days 1-40, tested
    at 0.005); no effect: "keep going", with nothing about direction or size."""
    from twitchlog.analysis.experiment import interim_lines, interim_look

    strong = _interim_days(0.2, 5, 45)
    look = interim_look(INTERIM_PLAN, strong)
    assert look is not None and look.clear and look.result is not None
    r = look.result
    assert r.interim_days == 40 and r.level == 0.005 and r.days_so_far == 40
    assert r.p_value is not None and r.p_value <= 0.005
    lines = interim_lines(INTERIM_PLAN, strong)
    assert lines[0] == (
        "Interim look (days 1-40): clear difference: stop now (twitchlog experiment stop)."
    )
    assert any("fewer" in line for line in lines)
    assert "interim look at days 1-40 found a clear difference" in lines[1]
    # the final result is this look's, even if the experiment ran on
    assert analyse_experiment(INTERIM_PLAN, _interim_days(0.2, 5, 84)).interim_days == 40

    for seed in range(3):
        quiet = _interim_days(1.0, seed, 50)
        assert interim_lines(INTERIM_PLAN, quiet) == ["Interim look (days 1-40): keep going."]
    before = interim_lines(INTERIM_PLAN, _interim_days(1.0, 0, 20))
    assert len(before) == 1 and before[0].startswith("One interim look after day 40")
    assert interim_lines(INTERIM_PLAN, _interim_days(1.0, 0, 20), before=False) == []


def test_with_an_interim_look_the_final_comparison_is_clear_only_at_0_045() -> None:
    """The final result of a plan with the look is tested at 0.045 (and says so); p = 0.047
    is clear without the look and not with it."""
    from twitchlog.analysis.experiment import final_level

    assert final_level(INTERIM_PLAN) == 0.045
    assert final_level(replace(INTERIM_PLAN, interim=False)) == 0.05
    observed = _interim_days(1.0, 1, 6)  # stopped before the look: too short to compare
    r = analyse_experiment(INTERIM_PLAN, observed, stopped_early=True)
    assert r.interim_days == 0 and r.level == 0.045 and r.p_value is None
    found = Interval(0.7, 0.5, 0.99)
    r = replace(r, rate_ratio=found, p_value=0.047, reason="")
    assert not r.clear
    plain = analyse_experiment(replace(INTERIM_PLAN, interim=False), observed)
    plain = replace(plain, rate_ratio=found, p_value=0.047, reason="")
    assert plain.level == 0.05 and plain.clear
    words = " ".join(result_sentences(r))
    assert "not clear enough" in words and "not clear enough" not in " ".join(
        result_sentences(plain)
    )
    assert "both looks together stay at 1 in 20" in words
    assert "both looks" not in " ".join(result_sentences(plain))


def test_interim_look_keeps_the_overall_error_rate_at_most_5_percent() -> None:
    """No effect, NB3f, 12 weeks, real life: a false "clear" at the look (p <= 0.005) or at
    the end (p <= 0.045) happens at most 5 % of the time (within three standard errors)."""
    sims = 150
    r = looks(make_plan(12), 1.0, sims, 77, real=True, world=ISSUE_WORLD, quick=True)
    assert r.any_look <= 0.05 + 3 * math.sqrt(0.05 * 0.95 / sims)
    assert r.at_interim <= r.any_look


# --- the test of the same day or the day after (plans without washout days) ----------------


def day_after_plan(weeks: int, block: int = 1) -> ExperimentPlan:
    """A caffeine plan without washout days, tested on the same day or the day after."""
    return replace(make_plan(weeks, block, 0), day_after=True)


@functools.cache
def every_schedule(plan: ExperimentPlan) -> tuple[list[tuple[bool, ...]], list[np.ndarray]]:
    """Every order of the pairs, and each one's TEST days (True) built day by day."""
    everything = list(itertools.product((False, True), repeat=pair_count(plan)))
    return everything, [
        np.array([d.arm is Arm.TEST for d in schedule_from_orders(plan, o)]) for o in everything
    ]


def brute_force_either_day(plan: ExperimentPlan, orders: np.ndarray, y: np.ndarray) -> float:
    """The p-value of "the same day or the day after" the slow, obvious way: every schedule
    built day by day, each day labelled with its own condition and with the condition of the
    day before (USUAL before the plan), both log ratios standardized by their spread over all
    the schedules, the larger one compared."""
    everything, schedules = every_schedule(plan)
    logged = ~np.isnan(y)
    counts = np.nan_to_num(y)
    delta = max(0.01 * counts[logged].mean(), 1e-6)

    def log_ratio(test: np.ndarray) -> float:
        t, u = test & logged, ~test & logged
        return math.log(counts[t].mean() + delta) - math.log(counts[u].mean() + delta)

    same, after = [], []
    for arms in schedules:
        same.append(abs(log_ratio(arms)))
        after.append(abs(log_ratio(np.concatenate([[False], arms[:-1]]))))
    s, a = np.array(same), np.array(after)
    z = np.maximum(s / s.std(), a / a.std())
    observed = z[everything.index(tuple(bool(v) for v in orders))]
    return float(np.mean(z >= observed - 1e-9))


@pytest.mark.parametrize(("weeks", "block"), [(3, 1), (3, 2), (4, 3)])
def test_either_day_p_value_is_the_share_of_all_possible_schedules_as_extreme(
    weeks: int, block: int
) -> None:
    """Exactness of the test of the same day or the day after: its p-value equals the
    brute-force share over every schedule (11, 6 and 5 pairs; the last pair cut short in
    the first two), each day labelled from the schedule itself."""
    plan = day_after_plan(weeks, block)
    for seed, rr in ((11, 1.6), (12, 1.0)):
        orders, y = counts(plan, seed, rr)
        data = pair_data(plan, observed_days(plan, [bool(o) for o in orders], y))
        ref = reference(data)
        assert ref.exact and ref.orders.shape[0] == 2 ** pair_count(plan)
        assert p_value(data, ref) == pytest.approx(brute_force_either_day(plan, orders, y))


def test_either_day_p_values_under_no_effect_are_not_too_small_at_any_level() -> None:
    """Exact validity of the combined test, enumerated (3 weeks, 11 pairs) and with random
    draws (6 weeks, 21 pairs): the share of p <= a stays at most a (within error)."""
    for weeks, draws in ((3, 0), (6, 199)):
        plan = day_after_plan(weeks)
        rng = np.random.default_rng(weeks)
        ps = []
        for seed in range(200):
            orders, y = counts(plan, 2000 + seed)
            data = pair_data(plan, observed_days(plan, [bool(o) for o in orders], y))
            ref = reference(data, rng, draws)
            assert ref.exact == (draws == 0)
            ps.append(p_value(data, ref))
        for a in (0.05, 0.1, 0.25, 0.5):
            assert np.mean(np.array(ps) <= a) <= a + 3 * math.sqrt(a * (1 - a) / len(ps))


def day_after_effect(plan: ExperimentPlan, seed: int, rr: float) -> tuple[ObservedDay, ...]:
    """A drawn schedule and a diary (long flares) in which the rate is multiplied by ``rr``
    on the days AFTER a TEST day only (the same day shows nothing)."""
    rng = np.random.default_rng(seed)
    orders = rng.random(pair_count(plan)) < 0.5
    exposure = exposure_of(plan, orders)
    next_day = np.concatenate([[0.0], exposure[:-1]])
    noise = NoiseModel(4.0, 0.3, 0.25, 0.9, 0.1)
    y = simulate_counts(noise, next_day[None, :], rr, rng)[0]
    return observed_days(plan, [bool(o) for o in orders], y)


def test_a_day_after_effect_is_found_by_the_either_day_test_and_missed_by_the_same_day_one() -> (
    None
):
    """Twitching falls to about a third on the days after a TEST day (not on the day itself):
    the test of the same day or the day after finds it far more often than the same-day test
    on the same diaries (8 weeks, 1-day blocks, fixed seeds; 7 of 8 against 2 of 8)."""
    plan = day_after_plan(8)
    same_day_plan = replace(plan, day_after=False)
    either, same = 0, 0
    for seed in range(8):
        observed = day_after_effect(plan, 40 + seed, 0.35)
        data = pair_data(plan, observed)
        either += p_value(data, reference(data)) <= 0.05
        plain = pair_data(same_day_plan, observed)
        same += p_value(plain, reference(plain)) <= 0.05
    assert either >= 6, either
    assert same <= 3, same


def test_either_day_intervals_hold_their_estimates_and_invert_their_own_tests() -> None:
    """A day_after plan reports two ratios: the same day (each day under its own condition)
    and the day after (each day under the condition of the day before). Each estimate is the
    ratio of the means of its labelled days and lies inside its interval, and each interval
    excludes 1 exactly when that comparison's own test gives p <= 0.05."""
    from twitchlog.analysis.experiment import DAY_AFTER, SAME_DAY

    plan = day_after_plan(8)
    for seed, rr, after_only in (
        (40, 0.35, True),
        (41, 0.6, True),
        (1, 0.4, False),
        (3, 1.0, False),
    ):
        if after_only:
            observed = day_after_effect(plan, seed, rr)
        else:
            orders, y = counts(plan, seed, rr)
            observed = observed_days(plan, [bool(o) for o in orders], y)
        r = analyse_experiment(plan, observed)
        assert r.rate_ratio is not None and r.day_after_ratio is not None
        assert r.p_value is not None and r.larger in (SAME_DAY, DAY_AFTER)
        before = [Arm.USUAL] + [d.arm for d in observed[:-1]]
        logged = [(d, b) for d, b in zip(observed, before, strict=True) if d.episodes is not None]

        def mean(pairs: list[tuple[ObservedDay, Arm]]) -> float:
            return float(np.mean([d.episodes for d, _ in pairs]))

        after_test = mean([(d, b) for d, b in logged if b is Arm.TEST])
        after_usual = mean([(d, b) for d, b in logged if b is Arm.USUAL])
        assert r.day_after_ratio.value == pytest.approx(after_test / after_usual)
        t, u = r.test, r.usual
        assert t.per_day is not None and u.per_day is not None
        assert r.rate_ratio.value == pytest.approx(t.per_day / u.per_day)
        data = pair_data(plan, observed)
        ref = reference(data)
        for iv, comparison in ((r.rate_ratio, SAME_DAY), (r.day_after_ratio, DAY_AFTER)):
            assert iv.low < iv.value < iv.high
            assert (iv.high < 1.0 or iv.low > 1.0) == (p_value(data, ref, comparison) <= 0.05)


def test_either_day_result_words_lead_with_the_larger_comparison_and_give_the_other() -> None:
    """The result of a day_after plan names both comparisons, the larger standardized one
    first, says the chance is of a difference "on the same day or the next", leaves out the
    washout days (there are none), and keeps the person's words as they are."""
    from twitchlog.analysis.experiment import DAY_AFTER, SAME_DAY

    plan = replace(day_after_plan(8), name="[b]coffee[/b]")
    after = analyse_experiment(plan, day_after_effect(plan, 40, 0.35))
    assert after.larger == DAY_AFTER and after.clear
    words = result_sentences(after)
    text = " ".join(words)
    assert "On the days after your low-[b]coffee[/b] days you logged about" in text
    assert "On your low-[b]coffee[/b] days themselves: about" in text
    assert text.index("On the days after your") < text.index("days themselves")
    assert "a difference this large, on the same day or the next, would arise by chance" in text
    assert "washout" not in text
    assert words[-1].endswith(" days were not logged.")

    orders, y = counts(plan, 1, 0.4)
    same = analyse_experiment(plan, observed_days(plan, [bool(o) for o in orders], y))
    assert same.larger == SAME_DAY and same.clear
    text = " ".join(result_sentences(same))
    assert re.search(r"On your low-\[b\]coffee\[/b\] days you logged about \d+ % fewer", text)
    # the echo, in percent or (a ratio of 2 or more in its range) in "times as many"
    assert re.search(
        r"On the days after them: about (\d+ % (fewer|more)|\d+\.\d+ times as many) \(", text
    )
    medicine = replace(plan, factor="med:magnesium", name="magnesium")
    text = " ".join(result_sentences(replace(same, plan=medicine)))
    assert "On the days you took magnesium you logged about" in text
    for word in FORBIDDEN_WORDS:
        assert word not in text.lower()


@pytest.mark.parametrize(("weeks", "block"), [(2, 1), (8, 1), (6, 2)])
def test_plan_power_simulates_the_plan_s_own_either_day_test(weeks: int, block: int) -> None:
    """The power simulation's p-values (all runs at once) are the ones the app's test gives
    each run on its own, for a day_after plan: enumerated (2 weeks, 7 pairs) and with random
    draws shared by the runs (8 and 6 weeks)."""
    from twitchlog.analysis.experiment import _batch_p_values

    plan = day_after_plan(weeks, block)
    rng = np.random.default_rng(weeks)
    orders = rng.random((12, pair_count(plan))) < 0.5
    noise = NoiseModel(4.0, 0.3, 0.25, 0.9, 0.1)
    exposure = np.stack([exposure_of(plan, o) for o in orders])
    y = simulate_counts(noise, exposure, 0.6, rng)
    batch = _batch_p_values(plan, y, orders, np.random.default_rng(9), 199)
    draws = np.random.default_rng(9).random((199, pair_count(plan))) < 0.5
    for j in range(len(orders)):
        data = pair_data_from_counts(plan, orders[j], y[j])
        ref = reference(data) if pair_count(plan) <= 9 else Reference(draws, False)
        assert ref.exact == (pair_count(plan) <= 9)
        assert batch[j] == pytest.approx(p_value(data, ref), abs=1e-12)
    assert len(set(batch.round(6))) > 3


def test_interim_look_of_an_either_day_plan_uses_the_combined_test() -> None:
    """An 8-week plan of 1-day blocks tested on the same day or the day after, with an
    interim look (14 pairs in the first half): a strong day-after effect is "clear
    difference: stop now" at the look, from the combined test over days 1-28 at 0.005; no
    effect says "keep going"."""
    from twitchlog.analysis.experiment import DAY_AFTER, interim_lines, interim_look

    plan = replace(day_after_plan(8), interim=True)
    assert interim_days(plan) == 28
    strong = day_after_effect(plan, 44, 0.2)[:30]
    look = interim_look(plan, strong)
    assert look is not None and look.clear and look.result is not None
    r = look.result
    assert r.interim_days == 28 and r.level == 0.005 and r.larger == DAY_AFTER
    first = pair_data(plan, strong[:28])
    assert r.p_value is not None and r.p_value <= 0.005
    assert r.p_value == pytest.approx(p_value(first, reference(first)))
    assert interim_lines(plan, strong)[0].endswith(
        "clear difference: stop now (twitchlog experiment stop)."
    )
    for seed in range(3):
        quiet = day_after_effect(plan, 50 + seed, 1.0)[:30]
        assert interim_lines(plan, quiet) == ["Interim look (days 1-28): keep going."]


def test_either_day_per_protocol_leaves_out_the_days_after_a_broken_day() -> None:
    """The day-after comparison labels a day with the day before's condition, so its secondary
    look leaves out the days whose day BEFORE broke the plan (and the same-day one the days
    that broke it themselves); the sentence says so."""
    plan = day_after_plan(8)
    orders, y = counts(plan, 6, 0.7)
    observed = [
        replace(d, kept=(i % 5 != 2)) if d.arm is Arm.TEST else replace(d, kept=True)
        for i, d in enumerate(observed_days(plan, [bool(o) for o in orders], y))
    ]
    r = analyse_experiment(plan, observed)
    assert r.per_protocol is not None and r.per_protocol_day_after is not None
    before = [(True, Arm.USUAL)] + [(d.kept, d.arm) for d in observed[:-1]]  # USUAL before it
    kept_after = [
        (d.episodes, arm)
        for (kept, arm), d in zip(before, observed, strict=True)
        if kept is not False and d.episodes is not None
    ]
    test = np.mean([e for e, arm in kept_after if arm is Arm.TEST])
    usual = np.mean([e for e, arm in kept_after if arm is Arm.USUAL])
    assert r.per_protocol_day_after.value == pytest.approx(test / usual)
    kept_same = [d for d in observed if d.kept is not False and d.episodes is not None]
    same = np.mean([d.episodes for d in kept_same if d.arm is Arm.TEST]) / np.mean(
        [d.episodes for d in kept_same if d.arm is Arm.USUAL]
    )
    assert r.per_protocol.value == pytest.approx(same)
    assert "on the days after a day that kept to it." in " ".join(result_sentences(r))


def test_a_plan_with_washout_days_names_what_1_day_blocks_would_find() -> None:
    """The plan's power sentence offers the 1-day design (the one that reaches the power goal
    for a change that is over within a day) with its own number and its limit; a plan that
    already has no washout days gets no such sentence."""
    plan = ExperimentPlan("caffeine_mg", "caffeine", "at most 100 mg", "as usual", START)
    jumpy = diary(NoiseModel(3.0, 0.1, 0.5, 0.95, 0.1), 120, 1)
    pp = plan_power(jumpy, plan, sims=80)
    assert pp.halving is not None and pp.one_day_halving is not None
    assert pp.one_day_halving > pp.halving + 0.05
    text = power_text(pp, plan)
    assert re.search(
        r"If the change acts and wears off within a day, 1-day blocks without washout days "
        r"would find a halving (about \d+ times? in 10|almost always) in the same weeks; an "
        r"effect that lasts into the next day they would mostly miss\.$",
        text,
    ), text
    one_day = replace(plan, block_days=1, washout_days=0, day_after=True)
    again = plan_power(jumpy, one_day, sims=80)
    assert again.one_day_halving is None and "1-day blocks" not in power_text(again, one_day)
