"""Plain-text rendering of entries for the terminal: user text is printed as written (no
markup), with control characters made visible (``inert``) so no note can steer the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from twitchlog.cli.errors import Declined
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.factors import BUILTIN_FACTORS, FactorDef, factor_value, value_text
from twitchlog.domain.labels import words
from twitchlog.domain.models import DayLog, Episode, HealthNote, Medication
from twitchlog.domain.own_symptoms import symptom_labels
from twitchlog.domain.sites import site_label
from twitchlog.domain.times import format_duration, zone
from twitchlog.domain.validation import inert

E = TypeVar("E", bound=StrEnum)


def parse_choice(field: str, cls: type[E], text: str) -> E:
    """Parse an enum value, accepting ``-``/space for ``_``; the error lists the choices."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    for member in cls:
        if member.value == key:
            return member
    choices = ", ".join(m.value.replace("_", " ") for m in cls)
    first = next(iter(cls)).value.replace("_", " ")
    raise ValidationError(
        field, f"{words(field)} must be one of {choices}, for example {first} (got {text!r})"
    )


#: A valid value for each number option, shown when a typed value is not a number.
OPTION_EXAMPLES: dict[str, str] = {
    "--intensity": "4",
    "--caffeine": "200",
    "--coffee": "2",
    "--espresso": "1",
    "--tea": "2",
    "--cola": "1",
    "--energy": "1",
    "--sleep": "7.5",
    "--sleep-quality": "4",
    "--stress": "3",
    "--cigarettes": "5",
    "--exercise": "30",
    "--alcohol": "2",
    "--water": "1.5",
    "--screen": "6",
    "--limit": "20",
    "--days": "90",
    "--seed": "7",
}

_NUMBER_WORDS = {"int": "a whole number", "integer": "a whole number", "float": "a number"}


def number_option_message(exc: Exception) -> str | None:
    """click's "'abc' is not a valid int" for a number option, in plain words with an example
    (``--intensity must be a whole number, for example --intensity 4 (got 'abc')``); ``None``
    for any other error."""
    param = getattr(exc, "param", None)
    kind = _NUMBER_WORDS.get(getattr(getattr(param, "type", None), "name", ""))
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    if kind is None or not opts or " is not a valid " not in str(getattr(exc, "message", "")):
        return None
    got = str(getattr(exc, "message", "")).split(" is not a valid ")[0]
    name = opts[0]
    shown = OPTION_EXAMPLES.get(name)
    hint = f", for example {name} {shown}" if shown else ""
    return f"{name} must be {kind}{hint} (got {got})"


def confirm_or_stop(yes: bool, question: str, refused: str) -> None:
    """Ask ``question`` unless ``--yes`` was given; on "no" raise :class:`Declined`.

    "No" is the person's choice, not a failure: ``cli/main`` prints ``refused`` (what was
    kept) and exits 0; nothing is changed.
    """
    import typer

    if not yes and not typer.confirm(question, default=False):
        raise Declined(refused)


def short_id(ident: str) -> str:
    """The first 8 characters of an id: enough to name an entry in ``edit`` or ``delete``."""
    return inert(ident[:8])


def local_time(ep: Episode) -> datetime:
    """The episode's start in the zone it was logged in."""
    return ep.started_at.astimezone(zone(ep.timezone))


def episode_line(ep: Episode) -> str:
    """One line describing an episode."""
    where = f"{ep.side.value} {site_label(ep.site)}" if ep.side else site_label(ep.site)
    parts = [f"{ep.kind.value}: {where}", f"{local_time(ep):%H:%M} {ep.local_date:%a %d %b %Y}"]
    if ep.duration_s is not None:
        parts.append(format_duration(ep.duration_s))
    if ep.intensity is not None:
        parts.append(f"intensity {ep.intensity}")
    if ep.context is not None:
        parts.append(ep.context.value.replace("_", " "))
    if ep.visible is not None:
        parts.append("visible" if ep.visible else "felt only")
    if ep.symptoms:
        parts.append("with " + ", ".join(symptom_labels(ep.symptoms)))
    line = ", ".join(parts)
    if ep.note:
        first = ep.note.splitlines()[0] if ep.note.strip() else ""
        more = "..." if len(first) > 60 or "\n" in ep.note.strip() else ""
        line += f" - {inert(first[:60])}{more}"
    return line


def day_line(day: DayLog, factors: Sequence[FactorDef] = ()) -> str:
    """One line describing a day log: what is logged, and what is not.

    Built-in factors come from the catalogue; the person's own (``factors``, the journal's
    definitions) follow with the values logged that day, then "tags complete" if said.
    """
    parts = [f"{day.day:%a %d %b %Y}", "checked in" if day.checked_in else "not checked in"]
    for f in BUILTIN_FACTORS:
        value = factor_value(day, f)
        if value is not None:
            parts.append(f"{f.short} {value_text(f, value)}")
    if day.drinks:
        parts.append("(" + ", ".join(f"{n} {k}" for k, n in sorted(day.drinks.items())) + ")")
    known = {f.key: f for f in factors if not f.builtin}
    for key, value in sorted(day.custom.items(), key=lambda kv: _own_name(known, kv[0])):
        own = known.get(key)
        parts.append(f"{inert(own.short)} {value_text(own, value)}" if own else f"{value:g}")
    if day.tags_complete:
        parts.append("tags complete")
    line = ", ".join(parts)
    if day.note:
        line += f" - {inert(day.note.splitlines()[0][:60]) if day.note.strip() else ''}"
    return line


def _own_name(known: dict[str, FactorDef], key: str) -> str:
    f = known.get(key)
    return f.name.lower() if f else key


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 episode``, ``2 episodes``: a count with the word that agrees with it."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def medication_line(med: Medication, today: date | None = None) -> str:
    """One line describing a medicine or supplement; with ``today``, one that starts later
    says so ("starts 2027-01-04") instead of reading as taken now."""
    dose = f" {inert(med.dose)}" if med.dose else ""
    until = f"until {med.stop}" if med.stop else "ongoing"
    if today is not None and med.start > today:
        return f"{inert(med.name)}{dose} ({med.kind.value}), starts {med.start}" + (
            f", until {med.stop}" if med.stop else ""
        )
    return f"{inert(med.name)}{dose} ({med.kind.value}), from {med.start} {until}"


def note_line(note: HealthNote) -> str:
    """One line describing a health note."""
    text = f": {inert(note.text.splitlines()[0][:80])}" if note.text.strip() else ""
    return f"{note.day} {note.kind.value} {inert(note.topic)}{text}"


def day_label(d: date) -> str:
    """``Sun 29 Nov 2026``."""
    return f"{d:%a %d %b %Y}"
