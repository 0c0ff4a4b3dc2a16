"""``backup``, ``restore``, ``check`` and ``where``: keeping the journal safe and findable."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from twitchlog.cli.context import Env, expand_path
from twitchlog.cli.errors import FoundDamaged
from twitchlog.cli.format import confirm_or_stop
from twitchlog.domain.errors import ValidationError


def backup(
    ctx: typer.Context,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Where to write the backup.")
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace an existing file (never the journal or a backup)."),
    ] = False,
) -> None:
    """Write a verified copy of the journal (0600)."""
    from twitchlog.fileio import ensure_private_dirs
    from twitchlog.storage import backup as bk
    from twitchlog.storage.opening import open_checked, prepare
    from twitchlog.storage.targets import check_output

    env: Env = ctx.obj
    if not env.journal_path.exists():
        raise ValidationError(
            "journal", f"there is no journal at {env.journal_path} yet; nothing to back up"
        )
    target = expand_path(out) if out else None
    if target is not None:  # a usage error (exit 2), like export's --out
        check_output(target, env.journal_path, force=force)
    prepare(env.journal_path, create=False)
    if target is not None:
        ensure_private_dirs(target.parent)  # as export does
    conn = open_checked(env.journal_path)
    try:
        written = bk.manual_backup(conn, env.journal_path, target, replace=force)
    finally:
        conn.close()
    typer.echo(f"Backup written and verified: {written}")


def restore(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(metavar="FILE", help="A backup file to restore.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Replace the journal with a verified backup; the old file is kept beside it."""
    from twitchlog.storage import backup as bk
    from twitchlog.storage.identity import refuse_foreign

    env: Env = ctx.obj
    src = expand_path(source)
    refuse_foreign(env.journal_path)  # never replace another program's file or a folder
    # A journal kept aside by an earlier restore may have its rollback journal beside it: it
    # is read as SQLite would open it (rolled back), in a private copy; the kept files stay.
    with bk.readable_copy(src, env.journal_path.parent) as usable:
        version = bk.verify(usable)
        confirm_or_stop(
            yes, f"Replace the journal {env.journal_path} with {src}?", "Nothing restored."
        )
        aside = bk.restore(env.journal_path, usable)
    typer.echo(f"Restored {src} (schema {version}) to {env.journal_path}.")
    if aside is not None:
        typer.echo(f"The previous journal was kept as {aside}.")


def check(ctx: typer.Context) -> None:
    """Check the journal's integrity and list its backups."""
    from twitchlog.storage import backup as bk
    from twitchlog.storage import integrity
    from twitchlog.storage.errors import JournalCorrupt

    env: Env = ctx.obj
    path = env.journal_path
    if not path.exists():
        typer.echo(f"There is no journal at {path} yet.")
        return
    from twitchlog.storage.identity import refuse_foreign

    refuse_foreign(path)  # another program's file is not a damaged journal
    try:
        if path.stat().st_size == 0:
            integrity.refuse_emptied(path)  # with backups: it lost its entries (DAMAGED)
            typer.echo(
                f"Journal {path}: empty (0 bytes) and no backups: a new journal, made ready "
                "by the next command that writes."
            )
            return
        version = integrity.full_check(path)  # busy: JournalBusy, exit 75
        typer.echo(f"Journal {path}: ok (integrity check passed, schema {version}).")
        healthy = True
    except JournalCorrupt as exc:
        typer.echo(f"Journal {path}: DAMAGED - {exc.detail}")
        healthy = False
    newest = bk.newest_good_backup(path)
    folder = bk.backup_dir(path)
    count = len(list(folder.glob("*.sqlite3"))) if folder.is_dir() else 0
    typer.echo(f"Backups in {folder}: {count}; newest good: {newest or 'none'}")
    if not healthy:
        if newest is not None:
            typer.echo(f"To recover: twitchlog restore {newest}")
            typer.echo(_what_a_restore_loses(path, newest))
        raise FoundDamaged()


def _what_a_restore_loses(path: Path, newest: Path) -> str:
    from twitchlog.storage import integrity

    taken = f"That backup was taken {integrity.backup_taken(newest)}."
    kept = f"The damaged file is kept beside the journal as {path.name}.replaced-<time>."
    loss = integrity.restore_loss(path, newest)
    if loss is None:
        return f"{taken} The damaged journal cannot be read to tell what is newer. {kept}"
    if loss.entries == 0 and loss.day_logs == 0 and loss.complete:
        return f"{taken} The damaged journal holds nothing the backup lacks. {kept}"
    return (
        f"{taken} Restoring it loses what the damaged journal holds and the backup does not "
        f"(new or changed since): {loss.sentence()}. {kept}"
    )


def where(ctx: typer.Context) -> None:
    """Print where the journal, settings, backups and logs are."""
    from twitchlog import paths
    from twitchlog.storage.backup import backup_dir

    env: Env = ctx.obj
    typer.echo(f"journal:  {env.journal_path}")
    typer.echo(f"backups:  {backup_dir(env.journal_path)}")
    typer.echo(f"config:   {paths.config_file()}")
    typer.echo(f"data:     {paths.data_dir()}")
    typer.echo(f"sample:   {paths.demo_journal()}")
    typer.echo(f"logs:     {paths.log_dir()}")
