"""``symptom add|list|rename|delete``: symptoms of the person's own beside the six built-in ones."""

from __future__ import annotations

from typing import Annotated

import typer

from twitchlog.cli.context import Env
from twitchlog.domain.models import Symptom
from twitchlog.domain.own_symptoms import custom_symptom, shell_quoted

symptom_app = typer.Typer(
    help="Your own symptoms beside the built-in ones, e.g. 'eye strain'.", no_args_is_help=True
)


@symptom_app.command("add")
def symptom_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The symptom, e.g. 'eye strain'.")],
) -> None:
    """Add a symptom of your own once; then log it like a built-in one."""
    from twitchlog.storage import custom

    env: Env = ctx.obj
    symptom = custom_symptom(name)
    custom.add_symptom(env.open_journal(), symptom)
    typer.echo(
        f"Added {symptom.label}. Log it with: twitchlog log calf --symptom "
        f"{shell_quoted(symptom.label)}"
    )


@symptom_app.command("list")
def symptom_list(ctx: typer.Context) -> None:
    """List the built-in symptoms and your own, with how many episodes name each of yours."""
    from twitchlog.storage import custom

    env: Env = ctx.obj
    journal = env.open_journal(create=False)
    mine = custom.list_symptoms(journal)
    use = custom.symptom_use(journal) if mine else {}
    typer.echo("Built in: " + ", ".join(s.value for s in Symptom))
    if not mine:
        typer.echo("None of your own yet; add one: twitchlog symptom add 'eye strain'")
    for symptom in mine:
        n = use.get(symptom.key, 0)
        typer.echo(f"{symptom.label} ({n} episode{'s' if n != 1 else ''})")


@symptom_app.command("rename")
def symptom_rename(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="One of your own symptoms.")],
    new_name: Annotated[str, typer.Argument(help="Its new name.")],
) -> None:
    """Rename one of your own symptoms; the episodes that name it follow."""
    from twitchlog.storage import custom

    env: Env = ctx.obj
    old, renamed, moved = custom.rename_symptom(env.open_journal(create=False), name, new_name)
    typer.echo(f"Renamed {old} to {renamed.label} ({moved} episode{'s' if moved != 1 else ''}).")


@symptom_app.command("delete")
def symptom_delete(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="One of your own symptoms.")],
) -> None:
    """Delete one of your own symptoms that no episode names (a named one is kept)."""
    from twitchlog.storage import custom

    env: Env = ctx.obj
    gone = custom.delete_symptom(env.open_journal(create=False), name)
    typer.echo(f"Deleted {gone.label}.")
