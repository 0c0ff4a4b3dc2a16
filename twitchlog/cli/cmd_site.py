"""``site add|list|rename|delete``: places of the person's own, beside the site catalogue."""

from __future__ import annotations

from typing import Annotated

import typer

from twitchlog.cli.context import Env
from twitchlog.domain.own_sites import CustomSite, custom_site

site_app = typer.Typer(
    help="Your own places beside the catalogue, e.g. 'behind the knee'.", no_args_is_help=True
)


def site_line(site: CustomSite) -> str:
    """``behind the knee (left, right or both)``, ``nape (midline, no side)``."""
    rule = "left, right or both" if site.sided else "midline, no side"
    return f"{site.label} ({rule})"


@site_app.command("add")
def site_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The place, e.g. 'behind the knee'.")],
    midline: Annotated[
        bool,
        typer.Option(
            "--midline/--sided", help="On the midline (no side), or with a side (the default)."
        ),
    ] = False,
) -> None:
    """Add a place of your own once, with its side rule; then log it like any site."""
    from twitchlog.storage import custom

    env: Env = ctx.obj
    site = custom_site(name, sided=not midline)
    custom.add_site(env.open_journal(), site)
    example = f"left {site.label}" if site.sided else site.label
    typer.echo(f"Added {site_line(site)}. Log it with: twitchlog log {example}")


@site_app.command("list")
def site_list(ctx: typer.Context) -> None:
    """List your own places."""
    from twitchlog.storage import custom

    env: Env = ctx.obj
    mine = custom.list_sites(env.open_journal(create=False))
    if not mine:
        typer.echo("No places of your own yet; add one: twitchlog site add 'behind the knee'")
    for site in mine:
        typer.echo(site_line(site))


@site_app.command("rename")
def site_rename(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="One of your own places.")],
    new_name: Annotated[str, typer.Argument(help="Its new name.")],
) -> None:
    """Rename one of your own places (its side rule stays); its episodes follow."""
    from twitchlog.storage import custom

    env: Env = ctx.obj
    old, renamed, moved = custom.rename_site(env.open_journal(create=False), name, new_name)
    typer.echo(f"Renamed {old} to {renamed.label} ({moved} episode{'s' if moved != 1 else ''}).")


@site_app.command("delete")
def site_delete(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="One of your own places.")],
) -> None:
    """Delete one of your own places that no episode names (a named one is kept)."""
    from twitchlog.storage import custom

    env: Env = ctx.obj
    gone = custom.delete_site(env.open_journal(create=False), name)
    typer.echo(f"Deleted {gone.label}.")
