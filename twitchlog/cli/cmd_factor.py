"""``factor add|list|rename|retire|unretire|delete``: the person's own daily factors.

A factor is a number with a unit and a range, a scale (0-10 or 1-5) or a yes/no tag; it is
logged with ``twitchlog day --set NAME=VALUE``, ``--tag NAME`` and ``--untag NAME``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from twitchlog.cli.context import Env
from twitchlog.cli.format import confirm_or_stop, plural
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.factors import BUILTIN_FACTORS, FactorDef, FactorKind
from twitchlog.domain.validation import inert

factor_app = typer.Typer(
    help="Your own daily factors: numbers, 0-10 or 1-5 scales, and yes/no tags.",
    no_args_is_help=True,
)

NameArg = Annotated[str, typer.Argument(help="The factor's name, e.g. anxiety or 'leg day'.")]


def _scale(text: str) -> tuple[float, float]:
    cleaned = text.strip().replace(" ", "").replace("to", "-")
    if cleaned in ("0-10", "1-5"):
        low, high = cleaned.split("-")
        return float(low), float(high)
    raise ValidationError(
        "scale", f"scale must be 0-10 or 1-5, for example --scale 0-10 (got {text!r})"
    )


def kind_words(f: FactorDef) -> str:
    """``scale 0-10``, ``number 0-10 servings``, ``yes/no tag``."""
    if f.is_tag:
        return "yes/no tag"
    return f"{f.kind.value} {f.range_text}"


def factor_line(f: FactorDef, days: int | None = None) -> str:
    """One line describing a factor: its name, kind and range, how often it was logged."""
    parts = [inert(f.name), kind_words(f)]
    if f.whole and f.kind is FactorKind.NUMBER:
        parts.append("whole numbers")
    if days is not None:
        parts.append(f"logged on {plural(days, 'day')}")
    if f.retired_on is not None:
        parts.append(f"retired {f.retired_on}")
    return ", ".join(parts)


@factor_app.command("add")
def factor_add(
    ctx: typer.Context,
    name: NameArg,
    scale: Annotated[
        str | None, typer.Option("--scale", metavar="0-10|1-5", help="A scale: 0-10 or 1-5.")
    ] = None,
    tag: Annotated[bool, typer.Option("--tag", help="A yes/no tag (had a cold, leg day).")] = False,
    number: Annotated[
        bool, typer.Option("--number", help="A number with a unit and a range (needs --max).")
    ] = False,
    unit: Annotated[str, typer.Option("--unit", help="A number's unit, e.g. servings.")] = "",
    low: Annotated[
        float | None, typer.Option("--min", help="A number's smallest value (default 0).")
    ] = None,
    high: Annotated[float | None, typer.Option("--max", help="A number's largest value.")] = None,
    whole: Annotated[
        bool, typer.Option("--whole", help="A number that takes whole numbers only.")
    ] = False,
) -> None:
    """Define a factor of your own to log each day."""
    from twitchlog.storage import custom

    env: Env = ctx.obj
    kinds = (("scale", scale is not None), ("tag", tag), ("number", number))
    chosen = [k for k, given in kinds if given]
    if len(chosen) != 1:
        raise ValidationError(
            "kind",
            "give one kind: --scale 0-10, --tag, or --number --max N "
            "(for example: twitchlog factor add anxiety --scale 0-10)",
        )
    if not number and (unit or low is not None or high is not None or whole):
        raise ValidationError("unit", "--unit, --min, --max and --whole go with --number only")
    kind = FactorKind(chosen[0])
    bounds: tuple[float | None, float | None] = _scale(scale) if scale is not None else (low, high)
    factor = custom.new_factor(
        name,
        kind,
        created_on=env.today(),
        low=bounds[0],
        high=bounds[1],
        unit=unit,
        whole=whole,
    )
    custom.add_factor(env.open_journal(), factor)
    how = {
        FactorKind.TAG: f"twitchlog day --tag {_arg(factor.name)}",
        FactorKind.SCALE: f"twitchlog day --set {_arg(factor.name + '=' + factor.example)}",
        FactorKind.NUMBER: f"twitchlog day --set {_arg(factor.name + '=' + factor.example)}",
    }[kind]
    typer.echo(f"Added {factor_line(factor)}. Log it with: {how}")


def _arg(text: str) -> str:
    return f'"{inert(text)}"' if " " in text else inert(text)


@factor_app.command("list")
def factor_list(
    ctx: typer.Context,
    everything: Annotated[
        bool, typer.Option("--all", help="Also list the nine built-in factors.")
    ] = False,
) -> None:
    """List your own factors (retired ones too, marked), with how often each was logged."""
    from twitchlog.storage import custom

    env: Env = ctx.obj
    journal = env.open_journal(create=False)
    mine = custom.list_factors(journal)
    use = custom.factor_use(journal)
    if everything:
        typer.echo("Built in:")
        for f in BUILTIN_FACTORS:
            typer.echo(f"  {f.name}, {f.kind.value} {f.range_text}")
        typer.echo("Your own:")
    if not mine:
        typer.echo("No factors of your own yet; add one: twitchlog factor add anxiety --scale 0-10")
    for f in mine:
        typer.echo(("  " if everything else "") + factor_line(f, use.get(f.key, 0)))


@factor_app.command("rename")
def factor_rename(
    ctx: typer.Context,
    name: NameArg,
    new_name: Annotated[str, typer.Argument(help="The new name.")],
) -> None:
    """Rename a factor; what was logged under it stays."""
    from twitchlog.storage import custom

    env: Env = ctx.obj
    renamed = custom.rename_factor(env.open_journal(create=False), name, new_name)
    typer.echo(f"Renamed to {factor_line(renamed)}")


@factor_app.command("retire")
def factor_retire(ctx: typer.Context, name: NameArg) -> None:
    """Stop offering a factor in the forms; its history stays and is still analysed."""
    from twitchlog.storage import custom

    env: Env = ctx.obj
    retired = custom.retire_factor(env.open_journal(create=False), name, env.today())
    typer.echo(f"Retired {factor_line(retired)}; its history stays")


@factor_app.command("unretire")
def factor_unretire(ctx: typer.Context, name: NameArg) -> None:
    """Offer a retired factor in the forms again."""
    from twitchlog.storage import custom

    env: Env = ctx.obj
    back = custom.unretire_factor(env.open_journal(create=False), name)
    typer.echo(f"Back in the forms: {factor_line(back)}")


@factor_app.command("delete")
def factor_delete(
    ctx: typer.Context,
    name: NameArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete a factor that was never logged (one with values can only be retired)."""
    from twitchlog.storage import custom

    env: Env = ctx.obj
    journal = env.open_journal(create=False)
    confirm_or_stop(yes, f"Delete the factor {inert(name)!r}?", "Nothing deleted.")
    gone = custom.delete_factor(journal, name)
    typer.echo(f"Deleted {factor_line(gone)}")
