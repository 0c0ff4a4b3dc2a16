"""``experiment start|status|stop|result|list``: randomized self-experiments (issue 16).

``start`` prints the plan and what it can find for this person (their diary's power) before
anything is stored; the schedule is drawn and stored at once, before the first day, and never
changes. While an experiment runs, ``status`` shows today's condition, completeness and
adherence only, never a comparison (no peeking: a look at the difference while it runs would
change its error rate). ``result`` analyses it after its end or a stop.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from twitchlog.cli.context import Env
from twitchlog.cli.format import confirm_or_stop, plural, short_id
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.validation import inert

if TYPE_CHECKING:  # the domain module draws on secrets/random: loaded only by these commands
    from twitchlog.domain.experiment import ExperimentPlan, ScheduleDay
    from twitchlog.domain.experiment_record import Experiment
    from twitchlog.storage.journal import Journal

experiment_app = typer.Typer(
    help="Randomized self-experiments: does changing one thing change your twitching?",
    no_args_is_help=True,
)


def schedule_lines(plan: ExperimentPlan, schedule: tuple[ScheduleDay, ...]) -> list[str]:
    """The schedule a week a line: ``2026-12-02  LOW LOW USUAL USUAL ...`` (washout in ())."""
    lines = []
    for week in range(0, len(schedule), 7):
        days = schedule[week : week + 7]
        cells = [f"({plan.arm_name(d.arm)})" if d.washout else plan.arm_name(d.arm) for d in days]
        lines.append(f"  {days[0].day.isoformat()}  {' '.join(cells)}")
    return lines


def _power_line(journal: Journal, plan: ExperimentPlan, today: date) -> str:
    """What this plan can find for this person, from their own diary (the last 120 days)."""
    from twitchlog.analysis.experiment import plan_power, power_text
    from twitchlog.storage.repository import load_slice

    diary = load_slice(journal, today - timedelta(days=120), today)
    return power_text(plan_power(diary, plan), plan)


@experiment_app.command("start")
def start(
    ctx: typer.Context,
    factor: Annotated[
        str,
        typer.Argument(help="What to test: a factor (caffeine, sleep, ...) or a medicine."),
    ],
    low: Annotated[
        str | None,
        typer.Option(
            "--low",
            "--test",
            help='The changed condition in words, e.g. "at most 100 mg" (a medicine: taken).',
        ),
    ] = None,
    usual: Annotated[
        str | None,
        typer.Option("--usual", help='The usual condition, e.g. "as usual" (a medicine: not).'),
    ] = None,
    weeks: Annotated[
        int | None, typer.Option("--weeks", help="How long, 2-26 weeks (default 8).")
    ] = None,
    block_days: Annotated[
        int | None,
        typer.Option("--block-days", help="Days in a row with one condition, 1-7 (default 2)."),
    ] = None,
    washout: Annotated[
        int | None,
        typer.Option(
            "--washout",
            help="Days after each change of condition left out of the comparison (default 1). "
            "Without washout days the test also looks at the day after each condition; "
            "1-day blocks without washout suit a habit that acts and wears off within a day.",
        ),
    ] = None,
    first: Annotated[
        str | None, typer.Option("--start", help="First day (default tomorrow).")
    ] = None,
    interim: Annotated[
        bool,
        typer.Option(
            "--interim",
            help='One planned look at halfway: "clear difference: stop now" or "keep going".',
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Start without asking.")] = False,
) -> None:
    """Draw a random schedule and start an experiment (shows the plan and its power first)."""
    from twitchlog.domain import experiment as design
    from twitchlog.domain.experiment_record import parse_start, plan_lines, resolve_factor
    from twitchlog.storage import experiments as store
    from twitchlog.storage import repository as repo
    from twitchlog.storage.custom import list_factors

    env: Env = ctx.obj
    today = env.today()
    begin = parse_start(first, today) if first else today + timedelta(days=1)
    journal = env.open_journal()
    medicines = [m.name for m in repo.list_medications(journal)]
    key, name = resolve_factor(factor, medicines, list_factors(journal))
    medicine = key.startswith(design.MED_PREFIX)
    if low is None and not medicine and sys.stdin.isatty():
        # As the analysis hint names it (twitchlog experiment start sleep): ask at a terminal.
        low = typer.prompt(
            f"The changed condition for {inert(name)}, in words (for example "
            '"at least 8 h" or "at most 100 mg")'
        )
    if low is None and not medicine:
        raise ValidationError(
            "test_words",
            f'--low must describe the changed condition, for example --low "at most 100 mg" '
            f"(got nothing) for {inert(name)}",
        )
    if medicine:
        test_words, usual_words = low or f"taking {name}", usual or f"not taking {name}"
    else:
        test_words, usual_words = low or "", usual or "as usual"
    washout_days = design.DEFAULT_WASHOUT_DAYS if washout is None else washout
    plan = design.ExperimentPlan(
        factor=key,
        name=name,
        test_words=test_words.strip(),
        usual_words=usual_words.strip(),
        start=begin,
        weeks=design.DEFAULT_WEEKS if weeks is None else weeks,
        block_days=design.DEFAULT_BLOCK_DAYS if block_days is None else block_days,
        washout_days=washout_days,
        interim=interim,
        day_after=design.tests_day_after(washout_days),
    )
    store.check_can_start(journal, plan, today)
    for line in plan_lines(plan):
        typer.echo(inert(line))
    typer.echo(_power_line(journal, plan, today))
    confirm_or_stop(yes, "Draw the schedule and start?", "Nothing started.")
    exp = store.start_experiment(journal, plan, today, now=env.now())
    typer.echo(f"Started. The schedule is drawn and stored; it will not change (seed {exp.seed}).")
    for line in schedule_lines(plan, exp.schedule):
        typer.echo(line)
    typer.echo(design.status_line(plan, exp.schedule, today))


def _progress_lines(journal: Journal, exp: Experiment, today: date) -> list[str]:
    from twitchlog.domain.experiment import progress
    from twitchlog.storage.experiments import observed_days

    observed = observed_days(journal, exp, today)
    if not observed:
        return []
    p = progress(observed)
    return [p.completeness_text(ended=exp.ended(today)), p.adherence_text()]


@experiment_app.command("status")
def status(ctx: typer.Context) -> None:
    """Today's condition, how complete the diary is and how well the plan was kept.

    No comparison between the conditions while the experiment runs.
    """
    from twitchlog.domain.experiment import status_line
    from twitchlog.domain.experiment_record import ended_words
    from twitchlog.storage import experiments as store

    env: Env = ctx.obj
    journal = env.open_journal(create=False)
    today = env.today()
    exp = store.latest_experiment(journal)
    if exp is None:
        typer.echo(
            'No experiment yet. Start one with: twitchlog experiment start caffeine --low "at '
            'most 100 mg"'
        )
        return
    if exp.ended(today):
        typer.echo(f"Experiment: {inert(exp.plan.name)}, {ended_words(exp, today)}.")
    else:
        typer.echo(inert(status_line(exp.plan, exp.schedule, today)))
    for line in _progress_lines(journal, exp, today):
        typer.echo(line)
    interim = _interim_lines(journal, exp, today)
    for line in interim:
        typer.echo(line)
    if exp.ended(today):
        typer.echo("Its result: twitchlog experiment result")
    elif len(interim) <= 1:  # a clear interim look has shown its comparison above
        typer.echo(
            "The comparison is shown when it ends (looking earlier would make chance findings "
            "likelier)."
        )


@experiment_app.command("stop")
def stop(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Stop without asking.")] = False,
) -> None:
    """End the running experiment early (recorded; analysed as far as it got)."""
    from twitchlog.domain.experiment_record import ended_words
    from twitchlog.storage import experiments as store
    from twitchlog.storage.errors import NotFound

    env: Env = ctx.obj
    journal = env.open_journal(create=False)
    today = env.today()
    exp = store.latest_experiment(journal)
    if exp is None or exp.ended(today):
        raise NotFound("no experiment is running (see: twitchlog experiment list)")
    confirm_or_stop(
        yes,
        f"Stop the {exp.plan.name} experiment early? It cannot be started again.",
        "Nothing stopped.",
    )
    stopped = store.stop_experiment(journal, today, env.now(), exp.id)
    typer.echo(f"Stopped: {inert(stopped.plan.name)}, {ended_words(stopped, today)}.")
    typer.echo("Its result, as far as it got: twitchlog experiment result")


@experiment_app.command("result")
def result(ctx: typer.Context) -> None:
    """The result of the last experiment, after its end or a stop."""
    from twitchlog.storage import experiments as store

    env: Env = ctx.obj
    journal = env.open_journal(create=False)
    today = env.today()
    exp = store.latest_experiment(journal)
    if exp is None:
        raise ValidationError("experiment", "there is no experiment yet, so no result")
    if not exp.ended(today):
        looked = _interim_lines(journal, exp, today, heading=True)
        if looked:
            for line in looked:
                typer.echo(line)
            return
        raise ValidationError(
            "experiment",
            f"the {exp.plan.name} experiment runs until {exp.plan.end.isoformat()}; its result "
            "is shown after it ends (see twitchlog experiment status), or stop it early with: "
            "twitchlog experiment stop",
        )
    for line in result_lines(journal, exp, today):
        typer.echo(line)


def _interim_lines(
    journal: Journal, exp: Experiment, today: date, *, heading: bool = False
) -> list[str]:
    """A running experiment's planned interim look (:func:`interim_lines`); empty without
    one, once it has ended, or (``heading``: for ``result``) before the look."""
    if not exp.plan.interim or exp.ended(today):
        return []
    from twitchlog.analysis.experiment import interim_lines
    from twitchlog.storage.experiments import observed_days

    lines = interim_lines(exp.plan, observed_days(journal, exp, today), before=not heading)
    if heading and lines:
        tail = ["The comparison is shown when it ends."] if len(lines) == 1 else []
        lines = [f"Experiment: {exp.plan.name}.", *lines, *tail]
    return [inert(line) for line in lines]


def result_lines(journal: Journal, exp: Experiment, today: date) -> list[str]:
    """The heading and the calm sentences of an ended experiment's result."""
    from twitchlog.analysis.experiment import analyse_experiment, result_sentences
    from twitchlog.domain.experiment_record import ExperimentStatus, result_heading
    from twitchlog.storage.experiments import observed_days

    if exp.last_day(today) < exp.plan.start:
        return [inert(result_heading(exp, today))]
    stopped = exp.status_on(today) is ExperimentStatus.STOPPED
    outcome = analyse_experiment(
        exp.plan, observed_days(journal, exp, today), stopped_early=stopped
    )
    return [inert(result_heading(exp, today)), *(inert(s) for s in result_sentences(outcome))]


@experiment_app.command("list")
def list_all(ctx: typer.Context) -> None:
    """Every experiment: what, when, and how it ended."""
    from twitchlog.domain.experiment_record import ExperimentStatus, ended_words
    from twitchlog.storage import experiments as store

    env: Env = ctx.obj
    today = env.today()
    found = store.list_experiments(env.open_journal(create=False))
    if not found:
        typer.echo("No experiments yet.")
    for exp in found:
        state = exp.status_on(today)
        if state is ExperimentStatus.RUNNING:
            how = "running" if today >= exp.plan.start else "starts later"
        else:
            how = ended_words(exp, today)
        typer.echo(
            f"{short_id(exp.id)}  {inert(exp.plan.name)}  {exp.plan.start.isoformat()} to "
            f"{exp.plan.end.isoformat()}  {plural(exp.plan.weeks, 'week')}  {how}"
        )
