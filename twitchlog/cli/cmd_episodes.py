"""``log``, ``list``, ``edit`` and ``delete``: episodes from the command line.

``log`` is the quick path: it imports neither SQLModel nor anything heavy, and writes with the
standard-library writer in ``storage.quicklog`` (falling back to the checked, migrating path
when the journal is new or needs a migration).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from twitchlog.cli.context import Env
from twitchlog.cli.format import confirm_or_stop, episode_line, parse_choice, short_id
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.models import Context, Episode, Kind, new_id
from twitchlog.domain.own_sites import CustomSite, check_side, parse_any_site
from twitchlog.domain.own_symptoms import parse_symptom
from twitchlog.domain.sites import Side, parse_side, parse_site
from twitchlog.domain.times import local_day, parse_day, parse_duration, parse_when, zone
from twitchlog.domain.validation import check_number, check_text, validate_episode

SideOpt = Annotated[str | None, typer.Option("--side", "-s", help="left, right or both.")]
ForOpt = Annotated[str | None, typer.Option("--for", "-f", help="How long: 30s, 2m, 1h.")]
IntensityOpt = Annotated[int | None, typer.Option("--intensity", "-i", help="1 (barely) to 10.")]
KindOpt = Annotated[str | None, typer.Option("--kind", "-k", help="twitch, cramp or spasm.")]
AtOpt = Annotated[
    str | None, typer.Option("--at", help="When it started: 14:05, '10 min ago', ISO.")
]
ContextOpt = Annotated[
    str | None, typer.Option("--context", help="rest, activity or after_exercise.")
]
VisibleOpt = Annotated[
    bool | None, typer.Option("--visible/--felt", help="Visible to others, or only felt.")
]
SymptomOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--symptom",
        help="weakness, numbness, tingling, pain, stiffness, fatigue, or one of your own "
        "(twitchlog symptom add; repeatable).",
    ),
]
NoteOpt = Annotated[str | None, typer.Option("--note", "-n", help="Free text (kept as written).")]


def _symptoms(env: Env, values: list[str] | None) -> tuple[frozenset[str], frozenset[str]]:
    """The symptoms typed, and the person's own symptoms (read from the journal only when a
    typed one is not built in, so quick logging of built-in ones stays as quick)."""
    parts = [p for raw in values or [] for p in raw.split(",") if p.strip()]
    try:
        return frozenset(parse_symptom(p) for p in parts), frozenset()
    except ValidationError:
        if not env.journal_path.exists():
            raise
        from twitchlog.storage.custom import list_symptoms

        own = frozenset(s.key for s in list_symptoms(env.open_journal(create=False)))
    return frozenset(parse_symptom(p, own) for p in parts), own


def log(
    ctx: typer.Context,
    site: Annotated[list[str], typer.Argument(help="Where: eyelid, 'left eye', 'L calf', ...")],
    side: SideOpt = None,
    for_: ForOpt = None,
    intensity: IntensityOpt = None,
    kind: KindOpt = None,
    at: AtOpt = None,
    context: ContextOpt = None,
    visible: VisibleOpt = None,
    symptom: SymptomOpt = None,
    note: NoteOpt = None,
) -> None:
    """Log an episode in one line, for example: twitchlog log left eyelid --for 30s."""
    env: Env = ctx.obj
    site_key, parsed_side, own = _site(env, " ".join(site))
    symptoms, own_symptoms = _symptoms(env, symptom)
    mine = symptoms & own_symptoms
    chosen_side: Side | None = parse_side(side) if side else parsed_side
    if own is not None:
        check_side(own, chosen_side)
    check_number("intensity", intensity)
    check_text("note", note or "")
    now = env.now()
    tz = env.tz
    started = parse_when(at or "now", now, tz)
    episode = validate_episode(
        Episode(
            id=new_id(),
            started_at=started,
            timezone=env.settings.timezone,
            local_date=local_day(started, tz, env.settings.day_start_hour),
            site=site_key,
            side=chosen_side,
            kind=parse_choice("kind", Kind, kind) if kind else Kind.TWITCH,
            duration_s=parse_duration(for_) if for_ else None,
            intensity=intensity,
            context=parse_choice("context", Context, context) if context else None,
            visible=visible,
            symptoms=symptoms,
            note=note or "",
            recorded_at=now,
        ),
        now=now,
        custom_sites={own.key} if own else (),
        custom_symptoms=mine,
    )
    if own is not None or mine:  # the full path checks own places and symptoms
        from twitchlog.storage import repository as repo

        saved = repo.add_episode(env.open_journal(), episode)
        typer.echo(f"Saved {episode_line(saved)}  [id {short_id(saved.id)}]")
        return
    saved, first_of_day = save_quick(env, episode)
    typer.echo(f"Saved {episode_line(saved)}  [id {short_id(saved.id)}]")
    if first_of_day:
        daily_housekeeping(env)


def _site(env: Env, text: str) -> tuple[str, Side | None, CustomSite | None]:
    """The site typed: a catalogue site, or else one of the person's own places (read from
    the journal only then, so quick logging of catalogue sites stays as quick)."""
    try:
        key, side = parse_site(text)
    except ValidationError:
        if not env.journal_path.exists():
            raise
        from twitchlog.storage.custom import list_sites

        own = list_sites(env.open_journal(create=False))
        key, side = parse_any_site(text, own)
        return key, side, next(s for s in own if s.key == key)
    return key, side, None


def save_quick(env: Env, episode: Episode) -> tuple[Episode, bool]:
    """Save through the quick writer; prepare (create, check, migrate) the file if needed.

    Returns the stored episode and whether the day's first-start work (the full check and the
    daily backup, :func:`daily_housekeeping`) is still due: it runs after the commit, so the
    entry is never kept waiting for it, can never be stopped by it, and is in the backup.
    """
    from twitchlog.context import check_journal_folder
    from twitchlog.paths import prepare_journal_location
    from twitchlog.storage.backup import daily_due
    from twitchlog.storage.opening import prepare
    from twitchlog.storage.quicklog import quick_add_episode

    today = env.today()
    first_of_day = env.journal_path.exists() and daily_due(env.journal_path, today)
    saved = quick_add_episode(env.journal_path, episode, today=today)
    if saved is None:  # new, or needs a migration: prepare() checks and backs up first
        prepare(prepare_journal_location(check_journal_folder(env.journal_path)), today=today)
        saved, first_of_day = quick_add_episode(env.journal_path, episode, today=today), False
    if saved is None:  # pragma: no cover - prepare() leaves the file at the current version
        raise ValidationError("journal", "the journal could not be prepared")
    return saved, first_of_day


def daily_housekeeping(env: Env) -> None:
    """The first start of the day, after the first quick log was committed (also for people
    who only ever quick-log): the full check and the verified daily backup.

    A journal over ``FULL_CHECK_MAX_BYTES`` (seconds of work on 20 years) gets them in a
    detached child process, so the command returns at once; a smaller one here. Damage found
    is noted either way (the next write refuses the file); a failed backup is remembered for
    the day and never touches the saved entry; the daily lock keeps two processes' backups
    apart. A busy journal is left to the next start.
    """
    from twitchlog.storage.errors import JournalBusy
    from twitchlog.storage.opening import FULL_CHECK_MAX_BYTES, prepare

    path, today = env.journal_path, env.today()
    try:
        large = path.stat().st_size > FULL_CHECK_MAX_BYTES
    except OSError:
        return
    if large:
        from twitchlog.cli.main import detached

        if detached(lambda: prepare(path, create=False, today=today)):
            return
    try:
        prepare(path, create=False, today=today)
    except JournalBusy:
        return


FromOpt = Annotated[
    str | None, typer.Option("--from", help="First day: YYYY-MM-DD, yesterday, -7.")
]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last day: YYYY-MM-DD, today, -1.")]


def period(env: Env, start: str | None, end: str | None) -> tuple[date | None, date | None]:
    """Parse ``--from``/``--to``; refuses a reversed period."""
    today = env.today()
    lo = parse_day(start, today) if start else None
    hi = parse_day(end, today) if end else None
    if lo and hi and lo > hi:
        raise ValidationError("from", f"from must be on or before to (got {lo} > {hi})")
    return lo, hi


def list_entries(
    ctx: typer.Context,
    start: FromOpt = None,
    end: ToOpt = None,
    site: Annotated[str | None, typer.Option("--site", help="Only this site.")] = None,
    limit: Annotated[
        int, typer.Option("--limit", help="At most this many episodes (0 = all).")
    ] = 50,
    days: Annotated[
        bool, typer.Option("--days", help="List day logs instead of episodes.")
    ] = False,
) -> None:
    """List episodes (or day logs with --days), newest first."""
    from twitchlog.cli.format import day_line
    from twitchlog.storage import repository as repo

    env: Env = ctx.obj
    lo, hi = period(env, start, end)
    site_key = parse_site(site)[0] if site else None
    if not 0 <= limit <= 1_000_000_000:  # SQLite integers stop at 2**63
        raise ValidationError("limit", f"limit must be 0-1000000000 (got {limit})")
    journal = env.open_journal(create=False)
    if days:
        from twitchlog.storage.custom import list_factors

        own = list_factors(journal)
        for d in repo.list_days(journal, start=lo, end=hi, limit=limit or None):
            typer.echo(day_line(d, own))
        return
    episodes = repo.list_episodes(journal, start=lo, end=hi, site=site_key, limit=limit or None)
    if not episodes:
        typer.echo("No episodes in this period.")
    for ep in episodes:
        typer.echo(f"{short_id(ep.id)}  {episode_line(ep)}")
    total = repo.count_episodes(journal, start=lo, end=hi, site=site_key)
    if total > len(episodes):
        typer.echo(f"({len(episodes)} of {total} shown; use --limit 0 for all)")


def edit(
    ctx: typer.Context,
    ident: Annotated[str, typer.Argument(metavar="ID", help="The id (at least 4 characters).")],
    site: Annotated[str | None, typer.Option("--site", help="New site.")] = None,
    side: SideOpt = None,
    for_: ForOpt = None,
    intensity: IntensityOpt = None,
    kind: KindOpt = None,
    at: AtOpt = None,
    context: ContextOpt = None,
    visible: VisibleOpt = None,
    symptom: SymptomOpt = None,
    note: NoteOpt = None,
) -> None:
    """Change fields of an episode; fields not given stay as they are."""
    from twitchlog.storage import repository as repo

    env: Env = ctx.obj
    journal = env.open_journal(create=False)
    ep = repo.get_episode(journal, ident)
    # The options are checked in the order of the help, so the first bad one is named.
    changes = _twitch_changes(site, side, for_, intensity, kind)
    changes |= _circumstance_changes(env, ep, at, context, visible, symptom, note)
    if not changes:
        raise ValidationError(
            "edit", "nothing to change: give at least one option such as --intensity"
        )
    # Only the fields given are written, onto the episode as stored at that moment: an edit
    # saved elsewhere since ``ep`` was read keeps its other fields.
    updated = repo.patch_episode(journal, ep.id, changes)
    typer.echo(f"Updated {episode_line(updated)}  [id {short_id(updated.id)}]")


def _twitch_changes(
    site: str | None, side: str | None, for_: str | None, intensity: int | None, kind: str | None
) -> dict[str, object]:
    """The checked new values of where it was, how long, how strong and what kind."""
    changes: dict[str, object] = {}
    if site is not None:
        key, parsed_side = parse_site(site)
        changes["site"] = key
        if parsed_side is not None:
            changes["side"] = parsed_side
    if side is not None:  # --side wins over a side written into --site
        changes["side"] = None if side.strip().lower() in ("none", "-") else parse_side(side)
    if for_ is not None:
        changes["duration_s"] = parse_duration(for_)
    if intensity is not None:
        check_number("intensity", intensity)
        changes["intensity"] = intensity
    if kind is not None:
        changes["kind"] = parse_choice("kind", Kind, kind)
    return changes


def _circumstance_changes(
    env: Env,
    ep: Episode,
    at: str | None,
    context: str | None,
    visible: bool | None,
    symptom: list[str] | None,
    note: str | None,
) -> dict[str, object]:
    """The checked new values of when it started (in the episode's own zone) and around it."""
    changes: dict[str, object] = {}
    if at is not None:
        tz = zone(ep.timezone)
        started = parse_when(at, env.now(), tz)
        changes["started_at"] = started
        changes["local_date"] = local_day(started, tz, env.settings.day_start_hour)
    if context is not None:
        changes["context"] = parse_choice("context", Context, context)
    if visible is not None:
        changes["visible"] = visible
    if symptom is not None:
        changes["symptoms"] = _symptoms(env, symptom)[0]
    if note is not None:
        check_text("note", note)
        changes["note"] = note
    return changes


def delete(
    ctx: typer.Context,
    ident: Annotated[str, typer.Argument(metavar="ID", help="The id (at least 4 characters).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete an episode (asks first unless --yes)."""
    from twitchlog.storage import repository as repo

    env: Env = ctx.obj
    journal = env.open_journal(create=False)
    ep = repo.get_episode(journal, ident)
    confirm_or_stop(yes, f"Delete {episode_line(ep)}?", "Nothing deleted.")
    repo.delete_episode(journal, ep.id)
    typer.echo(f"Deleted {episode_line(ep)}  [id {short_id(ep.id)}]")
