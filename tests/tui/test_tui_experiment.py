"""Issue 16: the Experiment screen, its start form, and Home's line for today's condition."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Static

from tests.tui.conftest import NOW, SIZE, TODAY, press_settled, settle
from tests.tui.test_tui_snapshots import SMALL, SnapCompare, steady_cursor
from twitchlog.domain.experiment import Arm, ExperimentPlan
from twitchlog.domain.experiment_record import ExperimentStatus
from twitchlog.storage.experiments import list_experiments, start_experiment
from twitchlog.storage.journal import Journal
from twitchlog.tui.app import TwitchlogApp
from twitchlog.tui.dialogs.experiment_start import StartExperimentDialog
from twitchlog.tui.screens.experiment import ExperimentScreen

PLAN = ExperimentPlan(
    "caffeine_mg", "caffeine", "at most 100 mg", "as usual", TODAY - timedelta(days=9), weeks=4,
    block_days=1, washout_days=0, day_after=True,
)  # fmt: skip


def _running(journal: Journal) -> None:
    """A caffeine experiment drawn before its first day, now on its day 10."""
    start_experiment(journal, PLAN, PLAN.start, seed=42, now=NOW - timedelta(days=10))


def _text(app: TwitchlogApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def test_home_shows_todays_condition(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Home's line names the experiment, the day and today's condition; p opens the screen."""
    _running(journal)
    (exp,) = list_experiments(journal)
    today = next(d for d in exp.schedule if d.day == TODAY)
    words = "LOW, at most 100 mg" if today.arm is Arm.TEST else "USUAL, as usual"

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            line = _text(app, "#experiment-line")
            assert f"Experiment: caffeine, day 10 of 28 — today: {words}" in line
            await press_settled(pilot, "p")
            assert isinstance(app.screen, ExperimentScreen)
            summary = _text(app, "#experiment-summary")
            assert "Plan: caffeine, 4 weeks" in summary
            assert "fewer" not in summary and "Result" not in summary  # no peeking

    asyncio.run(run())


def test_no_line_on_home_without_an_experiment(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            # Home mounts the line only when a journal needs it (docs/performance.md).
            assert not [w for w in app.screen.query("#experiment-line") if w.display]
            assert "Experiment" not in "".join(
                str(w.render()) for w in app.screen.query(Static) if w.display
            )

    asyncio.run(run())


def test_start_from_the_screen_shows_the_plan_then_starts(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """p, s, type the change, ctrl+s shows the plan and its power (nothing stored yet);
    ctrl+s again draws and stores the schedule."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await press_settled(pilot, "p", "s")
            assert isinstance(app.screen, StartExperimentDialog)
            await pilot.press(*"at most 100 mg", "ctrl+s")
            await settle(pilot, rounds=6)
            preview = _text(app, "#preview")
            assert "Plan: caffeine, 8 weeks from 2026-11-30" in preview
            assert list_experiments(journal) == []
            await pilot.press("ctrl+s")
            await settle(pilot, rounds=6)
            assert isinstance(app.screen, ExperimentScreen)
            assert "Experiment: caffeine starts 2026-11-30" in _text(app, "#experiment-summary")

    asyncio.run(run())
    (exp,) = list_experiments(journal)
    assert exp.plan.test_words == "at most 100 mg" and len(exp.schedule) == 56


def test_a_changed_field_needs_a_new_look_at_the_plan(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await press_settled(pilot, "p", "s")
            await pilot.press(*"none", "ctrl+s")
            await settle(pilot, rounds=6)
            app.screen.query_one("#weeks", Input).value = "40"
            await pilot.press("ctrl+s")
            await settle(pilot, rounds=6)
            assert "weeks must be 2-26" in _text(app, "#err-weeks")
            assert isinstance(app.screen, StartExperimentDialog)

    asyncio.run(run())
    assert list_experiments(journal) == []


def test_a_plan_without_washout_days_from_the_form_compares_the_day_after(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """The form's washout row says what 0 means; with 0 the preview says the test looks at
    the same day and the day after, and the stored plan has that test. Washout days 1 (the
    preview redone) compares the same day only."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await press_settled(pilot, "p", "s")
            assert "0: also compares the day after" in _text(app, "#hint-washout_days")
            hint = " ".join(_text(app, "#hint-block_days").split())
            assert "1 (washout 0): a habit gone in a day" in hint  # when 1-day blocks suit
            await pilot.press(*"at most 100 mg")
            for field, value in (("block_days", "2"), ("washout_days", "1")):
                app.screen.query_one(f"#{field}", Input).value = value
            await pilot.press("ctrl+s")
            await settle(pilot, rounds=6)
            preview = " ".join(_text(app, "#preview").split())
            assert "washout (not compared)" in preview
            assert "the day after each condition" not in preview
            app.screen.query_one("#washout_days", Input).value = "0"
            await pilot.press("ctrl+s")
            await settle(pilot, rounds=6)
            assert "on the same day and on the day after each condition" in " ".join(
                _text(app, "#preview").split()
            )
            await pilot.press("ctrl+s")
            await settle(pilot, rounds=6)
            assert isinstance(app.screen, ExperimentScreen)

    asyncio.run(run())
    (exp,) = list_experiments(journal)
    assert exp.plan.washout_days == 0 and exp.plan.day_after


def test_interim_look_is_chosen_in_the_form_by_keyboard(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Tab reaches the interim box and space ticks it; too short a plan is refused at that
    row in the form's words; a long enough one starts with the look in its stored plan."""

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await press_settled(pilot, "p", "s")
            await pilot.press(*"at most 100 mg", *["tab"] * 6)
            box = app.screen.query_one("#interim", Checkbox)
            assert box.has_focus
            for field, value in (("block_days", "2"), ("washout_days", "1")):
                app.screen.query_one(f"#{field}", Input).value = value  # 7 pairs by halfway
            await pilot.press("space", "ctrl+s")
            await settle(pilot, rounds=6)
            error = _text(app, "#err-interim")
            assert "interim look needs at least" in error and "weeks 11" in error
            assert "--" not in error and "untick the interim look" in error
            app.screen.query_one("#weeks", Input).value = "12"
            await pilot.press("ctrl+s")
            await settle(pilot, rounds=6)
            assert "Plan: caffeine, 12 weeks" in _text(app, "#preview")
            await pilot.press("ctrl+s")
            await settle(pilot, rounds=6)
            assert isinstance(app.screen, ExperimentScreen)

    asyncio.run(run())
    (exp,) = list_experiments(journal)
    assert exp.plan.interim and exp.plan.weeks == 12


def test_stop_from_the_screen_shows_the_result(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    _running(journal)

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await press_settled(pilot, "p")
            await pilot.press("x", "y")
            await settle(pilot, rounds=8)
            summary = _text(app, "#experiment-summary")
            assert "stopped early on 2026-11-29 (day 10 of 28)" in summary
            assert "Result" in summary

    asyncio.run(run())
    (exp,) = list_experiments(journal)
    assert exp.status is ExperimentStatus.STOPPED


def _open(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot, rounds=6)
        await steady_cursor(pilot)

    return before


def test_experiment_screen_snapshot_120x40(
    seeded: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """The Experiment screen on day 10: status, plan, adherence, the schedule calendar."""
    _running(seeded)
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_open("p"))


def test_experiment_screen_snapshot_80x24(
    seeded: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """The same at 80 x 24."""
    _running(seeded)
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_open("p"))


def test_experiment_start_form_snapshot_80x24(
    seeded: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """The start form at 80 x 24."""
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=_open("p", "s"))


def test_trends_offers_to_test_a_cant_tell_yet_finding(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """Trends: the first "can't tell yet" finding says "x: test it"; x opens the start form
    for that factor."""
    from twitchlog.demo import generate
    from twitchlog.storage.repository import import_entries

    sample = generate(60, seed=171, end=TODAY)
    own_left_out = [replace(d, custom={}) for d in sample.days]  # not defined in this journal
    import_entries(journal, episodes=sample.episodes, days=own_left_out)

    from twitchlog.analysis import analyze
    from twitchlog.storage.repository import load_slice
    from twitchlog.tui.screens.trends import testable_factor

    # Trends opens on the last 90 days; the first "can't tell yet" factor there is offered
    expected = testable_factor(analyze(load_slice(journal, TODAY - timedelta(days=89), TODAY)))
    assert expected is not None

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot, rounds=8)
            assert "x: test it with a self-experiment" in _text(app, "#findings")
            await pilot.press("x")
            await settle(pilot, rounds=6)
            assert isinstance(app.screen, StartExperimentDialog)
            assert app.screen.query_one("#factor", Input).value == expected
            assert isinstance(app.screen_stack[-2], ExperimentScreen)

    asyncio.run(run())


def test_check_in_says_whether_the_day_kept_to_its_condition(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    """On a low-caffeine day of the schedule the check-in shows the condition, and as caffeine
    is typed (or counted from drinks) whether the day kept to it."""
    from twitchlog.domain.experiment import arm_on, draw_schedule

    def low_today(seed: int) -> bool:
        entry = arm_on(draw_schedule(PLAN, seed), TODAY)
        return entry is not None and entry.arm is Arm.TEST and not entry.washout

    seed = next(s for s in range(200) if low_today(s))
    start_experiment(journal, PLAN, PLAN.start, seed=seed, now=NOW - timedelta(days=10))

    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await press_settled(pilot, "d")
            line = app.screen.query_one("#experiment-day", Static)
            assert line.display
            assert "Experiment day 10 of 28: LOW, at most 100 mg." in str(line.render())
            assert "Caffeine not logged yet." in str(line.render())
            app.screen.query_one("#caffeine_mg", Input).value = "80"
            await pilot.pause()
            assert "Caffeine 80 kept to it." in str(line.render())
            app.screen.query_one("#caffeine_mg", Input).value = "250"
            await pilot.pause()
            assert "Caffeine 250 did not keep to it." in str(line.render())

    asyncio.run(run())


def test_check_in_without_an_experiment_shows_no_condition(
    journal: Journal, make_app: Callable[..., TwitchlogApp]
) -> None:
    async def run() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await press_settled(pilot, "d")
            assert not app.screen.query_one("#experiment-day", Static).display

    asyncio.run(run())


def test_home_with_an_experiment_snapshot_80x24(
    seeded: Journal, make_app: Callable[..., TwitchlogApp], snap_compare: SnapCompare
) -> None:
    """Home at 80 x 24 while an experiment runs: its line above the panels, nothing cut."""
    _running(seeded)

    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot, rounds=6)
        await steady_cursor(pilot)

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=before)


def test_trends_hint_names_the_key_not_the_command() -> None:
    """In Trends the experiment hint of a pattern says which key starts one: x ("test it")
    on the finding x plans, p on Home on the others; the command is for the terminal."""
    import numpy as np

    from tests.analysis.simulator import SCENARIOS, simulate
    from twitchlog.analysis import analyze
    from twitchlog.tui.screens.trends import findings_text, testable_factor

    analysis = analyze(simulate(SCENARIOS["S3"], 365, np.random.default_rng(3)).journal)
    hinted = [f for f in analysis.factors if "To start one: twitchlog" in f.sentence]
    assert len(hinted) >= 2  # the CLI and report wording name the command
    text = str(findings_text(analysis, width=0))
    assert "twitchlog experiment start" not in text
    first, *others = hinted
    assert testable_factor(analysis) == first.label  # caffeine, sleep: name = label
    blocks = text.split("\n\n")
    (own,) = [b for b in blocks if b.startswith(first.label + " — ")]
    assert "To start one, press x (test it)." in own
    assert "x: test it with a self-experiment" in own
    for f in others:
        (block,) = [b for b in blocks if b.startswith(f.label + " — ")]
        assert "To start one, press p (Experiment) on Home." in block
        assert "x: test it" not in block


def test_experiment_screen_shows_only_what_the_interim_look_found(journal: Journal) -> None:
    """A running experiment with a planned look: after it, the screen says "keep going" and
    nothing about the comparison; before it, only the plan's line says when it comes."""
    from types import SimpleNamespace
    from typing import cast

    from twitchlog.context import AppContext
    from twitchlog.domain.models import DayLog
    from twitchlog.storage.repository import import_entries
    from twitchlog.tui.screens.experiment import load_experiment_view, summary_text

    plan = replace(
        PLAN,
        start=TODAY - timedelta(days=44),
        weeks=12,
        block_days=2,
        washout_days=1,
        day_after=False,
        interim=True,
    )
    start_experiment(journal, plan, plan.start, seed=3, now=NOW - timedelta(days=45))
    import_entries(journal, days=[DayLog(plan.start + timedelta(days=i), True) for i in range(44)])
    for today, seen in ((TODAY, True), (plan.start + timedelta(days=39), False)):
        ctx = cast(AppContext, SimpleNamespace(today=lambda d=today: d, journal=journal))
        view = load_experiment_view(ctx)
        text = str(summary_text(view, today))
        assert ("Interim look (days 1-40): keep going." in text) is seen
        assert "One interim look after day 40" in text  # the plan's line
        assert "fewer" not in text and "%" not in text


def test_x_on_an_own_factor_fills_in_its_name_not_its_analysis_key() -> None:
    """Trends' x on a person's own factor planned ``factor:<key>``, which the start form
    cannot find; it fills in the factor's name (a built-in: its CLI name)."""
    from types import SimpleNamespace
    from typing import cast

    from twitchlog.analysis import Analysis
    from twitchlog.tui.screens.trends import testable_factor

    def finding(factor: str, label: str) -> SimpleNamespace:
        return SimpleNamespace(
            factor=factor, label=label, verdict=SimpleNamespace(value="cant_tell"), sentence=""
        )

    own = cast(Analysis, SimpleNamespace(factors=(finding("factor:k1", "neck tension"),)))
    assert testable_factor(own) == "neck tension"
    built_in = cast(Analysis, SimpleNamespace(factors=(finding("sleep_quality", "sleep"),)))
    assert testable_factor(built_in) == "sleep quality"


def test_wrapped_plan_lines_keep_their_indent(journal: Journal) -> None:
    """At 80 columns the plan's "In blocks of 2 days, …" line went on at the left edge, so it
    read as a line of its own; every wrapped plan line keeps its indent and fits."""
    from types import SimpleNamespace
    from typing import cast

    from twitchlog.context import AppContext
    from twitchlog.tui.screens.experiment import load_experiment_view, summary_text

    _running(journal)
    ctx = cast(AppContext, SimpleNamespace(today=lambda: TODAY, journal=journal))
    lines = summary_text(load_experiment_view(ctx), TODAY, 76).plain.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  In blocks of"))
    assert lines[start + 1].startswith("  ") and not lines[start + 1].startswith("   ")
    assert all(len(line) <= 76 for line in lines[start : start + 2])


def test_the_schedule_explains_washout_brackets_only_when_there_are_any() -> None:
    """The schedule's legend names "(…) washout, not compared" for a plan with washout days;
    a plan without them has no brackets, so its legend does not mention washout."""
    from twitchlog.domain.experiment import draw_schedule
    from twitchlog.domain.experiment_record import Experiment
    from twitchlog.tui.screens.experiment import calendar_text

    for plan in (PLAN, replace(PLAN, block_days=2, washout_days=1, day_after=False)):
        schedule = draw_schedule(plan, 42)
        exp = Experiment("e1", plan, 42, schedule, ExperimentStatus.RUNNING, NOW)
        legend = calendar_text(exp, (), TODAY).plain.splitlines()[0]
        assert ("washout" in legend) is bool(plan.washout_days), legend
        assert "✓ kept, ✗ not kept, · not logged" in legend
