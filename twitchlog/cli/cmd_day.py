"""``day``: set a day's lifestyle factors and check the day in, merging with what is logged;
``day --date D --clear`` deletes a day log entered by mistake."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated

import typer

from twitchlog.cli.context import Env
from twitchlog.cli.format import confirm_or_stop, day_line
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.factors import FactorDef, find_factor, parse_factor_value, with_factors
from twitchlog.domain.models import DayLog
from twitchlog.domain.times import parse_day
from twitchlog.domain.validation import check_day_not_future, validate_day


def day(
    ctx: typer.Context,
    on: Annotated[
        str | None, typer.Option("--date", "-d", help="Which day (default today).")
    ] = None,
    caffeine: Annotated[
        float | None, typer.Option("--caffeine", help="Caffeine in mg (0-2000).")
    ] = None,
    coffee: Annotated[
        int | None, typer.Option("--coffee", help="Cups of brewed coffee (95 mg).")
    ] = None,
    espresso: Annotated[
        int | None, typer.Option("--espresso", help="Espresso shots (63 mg).")
    ] = None,
    tea: Annotated[int | None, typer.Option("--tea", help="Cups of black tea (47 mg).")] = None,
    cola: Annotated[int | None, typer.Option("--cola", help="Cans of cola (34 mg).")] = None,
    energy: Annotated[
        int | None, typer.Option("--energy", help="Cans of energy drink (80 mg).")
    ] = None,
    sleep: Annotated[
        float | None, typer.Option("--sleep", help="Hours slept last night (0-24).")
    ] = None,
    sleep_quality: Annotated[
        int | None, typer.Option("--sleep-quality", help="Sleep quality 1 (poor) to 5 (great).")
    ] = None,
    stress: Annotated[int | None, typer.Option("--stress", help="Stress 0-10.")] = None,
    cigarettes: Annotated[
        int | None, typer.Option("--cigarettes", help="Cigarettes (0-200).")
    ] = None,
    exercise: Annotated[
        int | None, typer.Option("--exercise", help="Exercise minutes (0-1440).")
    ] = None,
    alcohol: Annotated[
        float | None, typer.Option("--alcohol", help="Standard drinks (0-50).")
    ] = None,
    water: Annotated[float | None, typer.Option("--water", help="Water in litres (0-20).")] = None,
    screen: Annotated[float | None, typer.Option("--screen", help="Screen hours (0-24).")] = None,
    no_twitches: Annotated[
        bool, typer.Option("--no-twitches", help="Check the day in: no twitches today.")
    ] = False,
    check_in: Annotated[
        bool, typer.Option("--check-in", help="Check the day in: the episodes logged are all.")
    ] = False,
    note: Annotated[str | None, typer.Option("--note", "-n", help="A note for the day.")] = None,
    set_values: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="NAME=VALUE",
            help="Log one of your own factors, e.g. --set anxiety=6 (repeatable).",
        ),
    ] = None,
    tags: Annotated[
        list[str] | None,
        typer.Option("--tag", metavar="NAME", help="Set a yes/no tag, e.g. --tag cold."),
    ] = None,
    untags: Annotated[
        list[str] | None,
        typer.Option("--untag", metavar="NAME", help="Say a tag was not so that day."),
    ] = None,
    tags_complete: Annotated[
        bool,
        typer.Option(
            "--tags-complete",
            help="Every tag of the day is set: a tag not set counts as no (otherwise unknown).",
        ),
    ] = False,
    clear: Annotated[
        bool,
        typer.Option(
            "--clear", help="Delete the day's log (factors, check-in, note); episodes stay."
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="With --clear: do not ask.")] = False,
) -> None:
    """Log the day's factors; anything not given stays as it was (not logged is never zero)."""
    from twitchlog.storage import repository as repo

    env: Env = ctx.obj
    today = env.today()
    the_day = parse_day(on, today) if on else today
    check_day_not_future(the_day, today)
    if clear:
        given: list[object] = [caffeine, coffee, espresso, tea, cola, energy, sleep, stress]
        given += [sleep_quality, cigarettes, exercise, alcohol, water, screen, note]
        own = set_values or tags or untags or tags_complete
        if any(v is not None for v in given) or no_twitches or check_in or own:
            raise ValidationError(
                "clear", "clear deletes the whole day log; give only --date with it"
            )
        _clear_day(env, the_day, yes)
        return
    counted = {"coffee": coffee, "espresso": espresso, "tea": tea, "cola": cola, "energy": energy}
    drinks = {name: n for name, n in counted.items() if n is not None}
    if caffeine is not None and drinks:
        raise ValidationError(
            "caffeine", "give caffeine either in mg (--caffeine) or as drinks, not both"
        )
    update = validate_day(
        DayLog(
            day=the_day,
            checked_in=no_twitches or check_in,
            caffeine_mg=caffeine,
            drinks=drinks,
            sleep_h=sleep,
            sleep_quality=sleep_quality,
            stress=stress,
            cigarettes=cigarettes,
            exercise_min=exercise,
            alcohol_drinks=alcohol,
            water_l=water,
            screen_h=screen,
            note=note or "",
            tags_complete=tags_complete,
        )
    )
    own_values = set_values or tags or untags
    if update.is_empty() and not own_values:
        raise ValidationError(
            "day", "nothing to log: give a factor such as --caffeine 200, or --check-in"
        )
    journal = env.open_journal()
    factors: list[FactorDef] = []
    if own_values or update.custom or tags_complete:
        from twitchlog.storage import custom

        factors = custom.all_factors(journal)
        update = with_factors(update, own_factor_values(factors, set_values, tags, untags))
    if no_twitches:
        count = repo.count_episodes(journal, start=the_day, end=the_day)
        if count:
            raise ValidationError(
                "no-twitches",
                f"no-twitches contradicts the {count} episode(s) logged on {the_day}; "
                "use --check-in to confirm the day",
            )
    saved = repo.merge_day_log(journal, update)
    typer.echo(f"Saved {day_line(saved, factors)}")


def own_factor_values(
    factors: Sequence[FactorDef],
    set_values: Sequence[str] | None,
    tags: Sequence[str] | None,
    untags: Sequence[str] | None,
) -> dict[str, float | None]:
    """``--set NAME=VALUE``, ``--tag NAME`` and ``--untag NAME`` as values by factor key.

    Each value is checked against its factor (one line naming it and its range); a factor
    given twice, or ``--tag`` on something that is not a tag, is refused.
    """
    values: dict[str, float | None] = {}

    def put(f: FactorDef, value: float | None) -> None:
        if f.key in values:
            raise ValidationError(f.key, f"{f.name} is given twice; give each factor once")
        values[f.key] = value

    for item in set_values or ():
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise ValidationError(
                "set", f"--set takes NAME=VALUE, for example --set anxiety=6 (got {item!r})"
            )
        f = find_factor(factors, name)
        put(f, parse_factor_value(f, text))
    for name, value in [(n, 1.0) for n in tags or ()] + [(n, 0.0) for n in untags or ()]:
        f = find_factor(factors, name)
        if not f.is_tag:
            raise ValidationError(
                f.key,
                f"{f.name} is not a yes/no tag; log it with --set "
                f"{f.name.replace(' ', '-')}={f.example}",
            )
        put(f, value)
    return values


def _clear_day(env: Env, the_day: date, yes: bool) -> None:
    """Delete the day log of ``the_day`` (a day entered by mistake); its episodes stay."""
    from twitchlog.storage import repository as repo

    journal = env.open_journal(create=False)
    logged = repo.get_day(journal, the_day)
    if logged is None:
        raise ValidationError("date", f"date {the_day} has no day log to clear")
    from twitchlog.storage.custom import list_factors

    own = list_factors(journal)
    confirm_or_stop(yes, f"Delete the day log {day_line(logged, own)}?", "Nothing deleted.")
    repo.replace_day_log(journal, DayLog(day=the_day))
    count = repo.count_episodes(journal, start=the_day, end=the_day)
    kept = f"; its {count} episode{' stays' if count == 1 else 's stay'}" if count else ""
    typer.echo(f"Deleted the day log {day_line(logged, own)}{kept}")
