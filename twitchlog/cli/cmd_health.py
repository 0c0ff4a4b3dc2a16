"""``med add|stop|list|delete`` and ``note test|visit|flag|list|delete``."""

from __future__ import annotations

from typing import Annotated

import typer

from twitchlog.cli.context import Env
from twitchlog.cli.format import confirm_or_stop, medication_line, note_line, parse_choice, short_id
from twitchlog.domain.models import (
    RED_FLAG_LABELS,
    HealthNote,
    Medication,
    MedKind,
    NoteKind,
    RedFlag,
    new_id,
)
from twitchlog.domain.times import parse_day
from twitchlog.domain.validation import (
    check_day_not_future,
    validate_health_note,
    validate_medication,
)

med_app = typer.Typer(help="Medicines and supplements, with doses and dates.", no_args_is_help=True)
note_app = typer.Typer(help="Tests, visits and red-flag observations.", no_args_is_help=True)

DateOpt = Annotated[str | None, typer.Option("--date", "-d", help="YYYY-MM-DD, today, yesterday.")]


@med_app.command("add")
def med_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name, e.g. magnesium.")],
    dose: Annotated[str, typer.Option("--dose", help="Dose as written, e.g. '400 mg daily'.")] = "",
    start: Annotated[str | None, typer.Option("--start", help="First day (default today).")] = None,
    stop: Annotated[
        str | None, typer.Option("--stop", help="Last day, if already stopped.")
    ] = None,
    supplement: Annotated[
        bool, typer.Option("--supplement", help="A supplement, not a medicine.")
    ] = False,
    note: Annotated[str, typer.Option("--note", "-n", help="A note.")] = "",
) -> None:
    """Add a medicine or supplement."""
    from twitchlog.storage import repository as repo

    env: Env = ctx.obj
    today = env.today()
    first = parse_day(start, today) if start else today
    last = parse_day(stop, today) if stop else None
    check_day_not_future(first, today)
    med = validate_medication(
        Medication(
            id=new_id(),
            name=name.strip(),
            dose=dose.strip(),
            start=first,
            stop=last,
            kind=MedKind.SUPPLEMENT if supplement else MedKind.MEDICINE,
            note=note,
        )
    )
    repo.add_medication(env.open_journal(), med)
    typer.echo(f"Saved {medication_line(med)}  [id {short_id(med.id)}]")


@med_app.command("stop")
def med_stop(
    ctx: typer.Context,
    ident: Annotated[
        str, typer.Argument(metavar="NAME_OR_ID", help="Name of an ongoing one, or id.")
    ],
    on: DateOpt = None,
) -> None:
    """Record the last day a medicine was taken (default today)."""
    from twitchlog.storage import repository as repo

    env: Env = ctx.obj
    today = env.today()
    last = parse_day(on, today) if on else today
    check_day_not_future(last, today)
    med = repo.stop_medication(env.open_journal(create=False), ident, last)
    typer.echo(f"Stopped {medication_line(med)}")


@med_app.command("list")
def med_list(ctx: typer.Context) -> None:
    """List medicines and supplements."""
    from twitchlog.storage import repository as repo

    env: Env = ctx.obj
    meds = repo.list_medications(env.open_journal(create=False))
    if not meds:
        typer.echo("No medicines or supplements recorded.")
    for med in meds:
        typer.echo(f"{short_id(med.id)}  {medication_line(med, env.today())}")


@med_app.command("delete")
def med_delete(
    ctx: typer.Context,
    ident: Annotated[str, typer.Argument(metavar="NAME_OR_ID")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete a medicine entry entered by mistake."""
    from twitchlog.storage import repository as repo

    env: Env = ctx.obj
    journal = env.open_journal(create=False)
    confirm_or_stop(yes, f"Delete the medicine entry {ident!r}?", "Nothing deleted.")
    med = repo.delete_medication(journal, ident)
    typer.echo(f"Deleted {medication_line(med)}")


def _save_note(env: Env, kind: NoteKind, topic: str, text: str, on: str | None) -> None:
    from twitchlog.storage import repository as repo

    today = env.today()
    day = parse_day(on, today) if on else today
    check_day_not_future(day, today)
    note = validate_health_note(
        HealthNote(id=new_id(), day=day, kind=kind, topic=topic.strip(), text=text)
    )
    repo.add_health_note(env.open_journal(), note)
    typer.echo(f"Saved {note_line(note)}  [id {short_id(note.id)}]")


TextOpt = Annotated[str, typer.Option("--result", "-r", help="Result or note, as written.")]


@note_app.command("test")
def note_test(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The test: EMG, blood test, MRI ...")],
    result: TextOpt = "",
    on: DateOpt = None,
) -> None:
    """Record a test and its result."""
    _save_note(ctx.obj, NoteKind.TEST, name, result, on)


@note_app.command("visit")
def note_visit(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(help="The visit: GP, neurologist ...")],
    result: TextOpt = "",
    on: DateOpt = None,
) -> None:
    """Record a doctor's visit and what was said."""
    _save_note(ctx.obj, NoteKind.VISIT, who, result, on)


@note_app.command("flag")
def note_flag(
    ctx: typer.Context,
    flag: Annotated[
        str,
        typer.Argument(
            help="weakness, muscle_wasting, speech_swallowing, breathlessness, weight_loss, "
            "constant_or_spreading"
        ),
    ],
    note: Annotated[str, typer.Option("--note", "-n", help="What you noticed.")] = "",
    on: DateOpt = None,
) -> None:
    """Record a red-flag observation; worth telling a doctor about soon."""
    choice = parse_choice("flag", RedFlag, flag)
    _save_note(ctx.obj, NoteKind.FLAG, choice.value, note, on)
    typer.echo(f"Noted: {RED_FLAG_LABELS[choice]}. This is worth telling a doctor about.")


@note_app.command("list")
def note_list(ctx: typer.Context) -> None:
    """List tests, visits and red flags."""
    from twitchlog.storage import repository as repo

    env: Env = ctx.obj
    notes = repo.list_health_notes(env.open_journal(create=False))
    if not notes:
        typer.echo("No tests, visits or red flags recorded.")
    for n in notes:
        typer.echo(f"{short_id(n.id)}  {note_line(n)}")


@note_app.command("delete")
def note_delete(
    ctx: typer.Context,
    ident: Annotated[str, typer.Argument(metavar="ID")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete a health note entered by mistake."""
    from twitchlog.storage import repository as repo

    env: Env = ctx.obj
    journal = env.open_journal(create=False)
    confirm_or_stop(yes, f"Delete the note {ident!r}?", "Nothing deleted.")
    gone = repo.delete_health_note(journal, ident)
    typer.echo(f"Deleted {note_line(gone)}")
