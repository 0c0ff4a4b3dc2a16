"""Rows: each domain value as named text cells and back, shared by the CSV and JSON formats.

A row is a ``dict`` from column name to cell text, without spreadsheet escaping (that is the
CSV writer's and reader's job). Decoding checks every value with ``twitchlog.domain.validation``
and raises :class:`ValidationError` naming the field.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Final, cast

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.factors import normal_name, with_factors
from twitchlog.domain.models import (
    FACTOR_FIELDS,
    Context,
    DayLog,
    Episode,
    HealthNote,
    Kind,
    Medication,
    MedKind,
    NoteKind,
    Symptom,
)
from twitchlog.domain.sites import Side, parse_side
from twitchlog.domain.times import local_day, resolve_wall_time, zone
from twitchlog.domain.validation import (
    check_day_not_future,
    check_number,
    validate_day,
    validate_episode,
    validate_health_note,
    validate_medication,
)
from twitchlog.exchange.cells import (
    MAX_PLAIN_CELL,
    check_plain,
    format_number,
    format_yes_no,
    parse_date,
    parse_enum,
    parse_int,
    parse_number,
    parse_optional_date,
    parse_yes_no,
    require_enum,
)

EPISODE_COLUMNS: Final = (
    "id",
    "started_at",
    "timezone",
    "local_date",
    "duration_s",
    "site",
    "side",
    "kind",
    "intensity",
    "context",
    "visible",
    "symptoms",
    "note",
    "updated_at",
)
DAY_COLUMNS: Final = ("date", "checked_in", *FACTOR_FIELDS, "note", "updated_at")
MEDICATION_COLUMNS: Final = ("id", "name", "dose", "kind", "start", "stop", "note")
HEALTH_NOTE_COLUMNS: Final = ("id", "date", "kind", "topic", "text")

#: Namespace of the ids made for rows imported without one (uuid5 of the row's content).
ROW_ID_NAMESPACE: Final = uuid.UUID("6f1c2a5e-9b7d-5c3e-8a41-2d0f7e6b9c13")
#: Earliest year accepted for an episode start.
EARLIEST_YEAR: Final = 1900


@dataclass(frozen=True, slots=True)
class ImportContext:
    """What decoding needs besides the row: the default zone, the present moment, and the
    keys of the person's own places and symptoms (from the journal and the same import)."""

    tz_default: str
    now: datetime
    sites: frozenset[str] = frozenset()
    symptoms: frozenset[str] = frozenset()

    @property
    def today(self) -> date:
        """Today in the default zone (day logs and notes may not be later)."""
        return self.now.astimezone(zone(self.tz_default)).date()


def _cell(row: Mapping[str, str], name: str) -> str:
    return row.get(name, "")


def _text(row: Mapping[str, str], name: str) -> str:
    """A free-text cell, with Windows and old Mac line ends read as newlines (any other
    control character is refused by the domain's validation)."""
    return _cell(row, name).replace("\r\n", "\n").replace("\r", "\n")


def _content_id(table: str, cells: Mapping[str, str]) -> str:
    # The change marker is not content: the same row gets the same id whenever it changed,
    # and the ids of files imported before markers existed stay the same.
    kept = (f"{k}={v}" for k, v in cells.items() if k not in ("id", "updated_at"))
    content = "\x1f".join([table, *kept])
    return str(uuid.uuid5(ROW_ID_NAMESPACE, content))


def _row_id(row: Mapping[str, str]) -> str:
    raw = check_plain("id", _cell(row, "id")).strip()
    if not raw.isprintable() or " " in raw:  # separators and controls are not printable
        raise ValidationError("id", "id must not contain spaces or control characters")
    return raw


# Episodes -----------------------------------------------------------------------------------


def changed_at_text(moment: datetime | None) -> str:
    """When a record was last changed, as ISO 8601 in UTC (empty when not known)."""
    return moment.astimezone(UTC).isoformat() if moment is not None else ""


def parse_changed_at(text: str) -> datetime | None:
    """The ``updated_at`` cell: empty (a file from before change markers) or an ISO 8601
    instant; without an offset it is UTC, as twitchlog writes it."""
    raw = check_plain("updated_at", text).strip()
    if not raw:
        return None
    return parse_instant("updated_at", raw, "UTC").replace(microsecond=0)


#: How far a change time may run ahead of this computer's clock: markers are stamped with the
#: clock of the machine that made the change (``records.next_change_time`` copes with one that
#: ran a little ahead), but a marker far in the future would win every later comparison.
CHANGE_TIME_AHEAD = timedelta(days=1)


def _changed_at(text: str, ctx: ImportContext) -> datetime | None:
    """:func:`parse_changed_at`, refusing a change time more than a day after now (the
    real clock, or the front end's if that is later)."""
    changed = parse_changed_at(text)
    if changed is not None and changed > max(ctx.now, datetime.now(UTC)) + CHANGE_TIME_AHEAD:
        raise ValidationError(
            "updated_at",
            "updated_at must not be more than a day after this computer's clock "
            f"(got {changed:%Y-%m-%d %H:%M} UTC)",
        )
    return changed


def started_at_text(episode: Episode) -> str:
    """The start as ISO 8601 with the UTC offset of the episode's own zone."""
    return episode.started_at.astimezone(zone(episode.timezone)).isoformat()


def episode_row(episode: Episode) -> dict[str, str]:
    """An episode as ``episodes.csv`` cells."""
    return {
        "id": episode.id,
        "started_at": started_at_text(episode),
        "timezone": episode.timezone,
        "local_date": episode.local_date.isoformat(),
        "duration_s": format_number(episode.duration_s),
        "site": episode.site,
        "side": episode.side.value if episode.side else "",
        "kind": episode.kind.value,
        "intensity": format_number(episode.intensity),
        "context": episode.context.value if episode.context else "",
        "visible": format_yes_no(episode.visible),
        "symptoms": ";".join(sorted(episode.symptoms)),
        "note": episode.note,
        "updated_at": changed_at_text(episode.updated_at),
    }


def parse_instant(field: str, text: str, tz_name: str) -> datetime:
    """An ISO 8601 date-time; without an offset it is a wall time in ``tz_name``. Returns UTC."""
    raw = check_plain(field, text).strip()
    example = "2026-03-01T14:05:00+01:00"
    if not raw:
        raise ValidationError(field, f"{field} must be a date-time such as {example} (got nothing)")
    try:
        parsed = datetime.fromisoformat(raw)
        if parsed.year < EARLIEST_YEAR:
            raise ValueError(raw)
        if parsed.tzinfo is None:
            parsed = resolve_wall_time(parsed, zone(tz_name), field)
        return parsed.astimezone(UTC)
    except ValidationError:
        raise
    except (ValueError, OverflowError):
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        raise ValidationError(
            field, f"{field} must be a date-time such as {example} (got {shown!r})"
        ) from None


def _symptoms(text: str, own: frozenset[str]) -> frozenset[str]:
    """Built-in symptoms and own ones (by key, ``eye_strain``), ``;``-separated."""
    if not text:  # most episodes name none (nine in ten of a dense year)
        return frozenset()
    out: set[str] = set()
    for part in check_plain("symptoms", text).split(";"):
        word = normal_name(part).replace(" ", "_")  # "Eye Strain" as its key, eye_strain
        if word in own:
            out.add(word)
        elif word:
            try:
                out.add(Symptom(word))
            except ValueError:
                allowed = ", ".join([*(s.value for s in Symptom), *sorted(own)])
                raise ValidationError(
                    "symptoms",
                    f"symptoms must be one of {allowed}, or an own symptom listed in "
                    f"symptoms.csv or the JSON symptoms (got {part.strip()[:40]!r})",
                ) from None
    return frozenset(out)


def _side(text: str) -> Side | None:
    raw = check_plain("side", text).strip()
    return parse_side(raw) if raw else None


def episode_from_row(
    row: Mapping[str, str], ctx: ImportContext, recorded_at: datetime | None = None
) -> Episode:
    """Decode and validate ``episodes.csv`` cells; an empty id becomes a content uuid5.

    ``recorded_at`` (aware, already checked) is the JSON file's, which the cells lack."""
    tz_name = check_plain("timezone", _cell(row, "timezone")).strip() or ctx.tz_default
    tz = zone(tz_name)
    started = parse_instant("started_at", _cell(row, "started_at"), tz_name)
    derived = local_day(started, tz)
    local = parse_optional_date("local_date", _cell(row, "local_date")) or derived
    if abs(local - derived) > timedelta(days=1):
        raise ValidationError(
            "local_date",
            f"local_date must be within a day of started_at's local date {derived} (got {local})",
        )
    episode = Episode(
        id=_row_id(row),
        started_at=started,
        timezone=tz_name,
        local_date=local,
        site=check_plain("site", _cell(row, "site")).strip().lower(),
        side=_side(_cell(row, "side")),
        kind=require_enum("kind", _cell(row, "kind"), Kind, Kind.TWITCH),
        duration_s=parse_int("duration_s", _cell(row, "duration_s")),
        intensity=parse_int("intensity", _cell(row, "intensity")),
        context=parse_enum("context", _cell(row, "context"), Context),
        visible=parse_yes_no("visible", _cell(row, "visible")),
        symptoms=_symptoms(_cell(row, "symptoms"), ctx.symptoms),
        note=_text(row, "note"),
        updated_at=_changed_at(_cell(row, "updated_at"), ctx),
        recorded_at=recorded_at,
    )
    validate_episode(episode, ctx.now, custom_sites=ctx.sites, custom_symptoms=ctx.symptoms)
    if not episode.id:
        episode = replace(episode, id=_content_id("episode", episode_row(episode)))
    return episode


def episode_from_json(obj: Mapping[str, object], ctx: ImportContext) -> Episode | None:
    """The episode of a JSON export's object in its usual form, or ``None``.

    What the JSON decoder's cells and :func:`episode_from_row` give for the same object
    (the same helpers on the same texts, the same ``validate_episode``), without turning
    numbers and lists into text cells and parsing them back. Anything unusual (a missing id
    or zone, a number that is not an int, another type, a value the checks refuse) gives
    ``None``, and the caller takes the full way, which says what is wrong as before.
    """
    try:
        return _usual_episode(obj, ctx)
    except Exception:  # whatever it is, the full way says it as before
        return None


def _text_or(value: object, empty: str = "") -> str | None:
    """A JSON text as its cell (``None``: empty); ``None`` for any other type."""
    if value is None:
        return empty
    return value if type(value) is str else None


def _usual_episode(obj: Mapping[str, object], ctx: ImportContext) -> Episode | None:
    ident, tz_name, started_text = obj.get("id"), obj.get("timezone"), obj.get("started_at")
    if not (
        type(ident) is str
        and 0 < len(ident) <= MAX_PLAIN_CELL
        and ident.isprintable()  # and so no whitespace for strip() to take (as _row_id)
        and " " not in ident
        and type(tz_name) is str
        and 0 < len(tz_name) <= MAX_PLAIN_CELL
        and tz_name == tz_name.strip()
        and type(started_text) is str
        and len(started_text) <= MAX_PLAIN_CELL
    ):
        return None
    found = (obj.get("duration_s"), obj.get("intensity"))
    if any(n is not None and type(n) is not int for n in found):
        return None
    numbers = cast("tuple[int | None, int | None]", found)
    visible, symptoms = obj.get("visible"), obj.get("symptoms")
    if visible is not None and type(visible) is not bool:
        return None
    if symptoms is None:
        symptoms = []
    if type(symptoms) is not list or not all(type(w) is str for w in symptoms):
        return None
    cells = [_text_or(obj.get(c)) for c in ("local_date", "site", "side", "kind", "context")]
    note, updated = _text_or(obj.get("note")), _text_or(obj.get("updated_at"))
    recorded = obj.get("recorded_at")  # an empty text is refused, as the full way does
    if None in cells or note is None or updated is None:
        return None
    if recorded is not None and type(recorded) is not str:
        return None
    local_text, site, side, kind, context = cast("list[str]", cells)
    tz = zone(tz_name)
    started = parse_instant("started_at", started_text, tz_name)
    derived = local_day(started, tz)
    local = parse_optional_date("local_date", local_text) or derived
    if abs(local - derived) > timedelta(days=1):
        return None
    for n, name in zip(numbers, ("duration_s", "intensity"), strict=True):
        check_number(name, n)
    episode = Episode(
        id=ident,
        started_at=started,
        timezone=tz_name,
        local_date=local,
        site=check_plain("site", site).strip().lower(),
        side=_side(side),
        kind=require_enum("kind", kind, Kind, Kind.TWITCH),
        duration_s=numbers[0],
        intensity=numbers[1],
        context=parse_enum("context", context, Context),
        visible=visible,
        symptoms=_symptoms(";".join(symptoms), ctx.symptoms),
        note=note.replace("\r\n", "\n").replace("\r", "\n"),
        updated_at=_changed_at(updated, ctx),
        recorded_at=None if recorded is None else parse_instant("recorded_at", recorded, "UTC"),
    )
    validate_episode(episode, ctx.now, custom_sites=ctx.sites, custom_symptoms=ctx.symptoms)
    return episode


# Day logs -----------------------------------------------------------------------------------


def day_row(day: DayLog) -> dict[str, str]:
    """A day log as ``days.csv`` cells (drinks are kept by JSON only)."""
    row = {"date": day.day.isoformat(), "checked_in": format_yes_no(day.checked_in)}
    row.update({name: format_number(getattr(day, name)) for name in FACTOR_FIELDS})
    row["note"] = day.note
    row["updated_at"] = changed_at_text(day.updated_at)
    return row


def day_from_row(
    row: Mapping[str, str], ctx: ImportContext, drinks: Mapping[str, int] | None = None
) -> DayLog:
    """Decode and validate ``days.csv`` cells; empty factor cells stay ``None``."""
    day = parse_date("date", _cell(row, "date"))
    check_day_not_future(day, ctx.today)
    factors = {name: parse_number(name, _cell(row, name)) for name in FACTOR_FIELDS}
    log = DayLog(
        day=day,
        checked_in=bool(parse_yes_no("checked_in", _cell(row, "checked_in"), empty=False)),
        drinks=dict(drinks or {}),
        note=_text(row, "note"),
        updated_at=_changed_at(_cell(row, "updated_at"), ctx),
    )
    return validate_day(with_factors(log, factors))


# Medications --------------------------------------------------------------------------------


def medication_row(med: Medication) -> dict[str, str]:
    """A medicine or supplement as ``medications.csv`` cells."""
    return {
        "id": med.id,
        "name": med.name,
        "dose": med.dose,
        "kind": med.kind.value,
        "start": med.start.isoformat(),
        "stop": med.stop.isoformat() if med.stop else "",
        "note": med.note,
    }


def medication_from_row(row: Mapping[str, str], ctx: ImportContext) -> Medication:
    """Decode and validate ``medications.csv`` cells (kind defaults to medicine)."""
    del ctx  # medicines may be planned ahead, so no date is refused as future
    med = Medication(
        id=_row_id(row),
        name=_text(row, "name"),
        dose=_text(row, "dose"),
        kind=require_enum("kind", _cell(row, "kind"), MedKind, MedKind.MEDICINE),
        start=parse_date("start", _cell(row, "start")),
        stop=parse_optional_date("stop", _cell(row, "stop")),
        note=_text(row, "note"),
    )
    validate_medication(med)
    if not med.id:
        med = replace(med, id=_content_id("medication", medication_row(med)))
    return med


# Health notes -------------------------------------------------------------------------------


def health_note_row(note: HealthNote) -> dict[str, str]:
    """A test, visit or red-flag note as ``health_notes.csv`` cells."""
    return {
        "id": note.id,
        "date": note.day.isoformat(),
        "kind": note.kind.value,
        "topic": note.topic,
        "text": note.text,
    }


def health_note_from_row(row: Mapping[str, str], ctx: ImportContext) -> HealthNote:
    """Decode and validate ``health_notes.csv`` cells (kind is required)."""
    day = parse_date("date", _cell(row, "date"))
    check_day_not_future(day, ctx.today)
    note = HealthNote(
        id=_row_id(row),
        day=day,
        kind=require_enum("kind", _cell(row, "kind"), NoteKind),
        topic=_text(row, "topic"),
        text=_text(row, "text"),
    )
    validate_health_note(note)
    if not note.id:
        note = replace(note, id=_content_id("health_note", health_note_row(note)))
    return note


# What only the CSV files add to the shared columns -------------------------------------------

#: Columns of the CSV files beyond the shared ones (JSON keeps these values as typed fields):
#: the drink counts of a day (``coffee=2;espresso=1``) and when an episode was recorded.
CSV_EXTRA: Final[dict[str, tuple[str, ...]]] = {
    "episodes": ("recorded_at",),
    "days": ("drinks",),
}


def csv_extra_cells(value: object) -> dict[str, str]:
    """The CSV-only cells of a record (empty for a table without any)."""
    if isinstance(value, DayLog):
        return {"drinks": ";".join(f"{k}={value.drinks[k]}" for k in sorted(value.drinks))}
    if isinstance(value, Episode):
        recorded = value.recorded_at
        return {"recorded_at": recorded.astimezone(UTC).isoformat() if recorded else ""}
    return {}


def episode_from_csv_row(row: Mapping[str, str], ctx: ImportContext) -> Episode:
    """:func:`episode_from_row` with the CSV's ``recorded_at`` cell, as
    ``with_csv_extra(episode_from_row(row, ctx), row)`` without a second copy of the episode
    (a bad ``recorded_at`` is still said after the row's own errors)."""
    text = _cell(row, "recorded_at")
    if not text.strip():
        return episode_from_row(row, ctx)
    try:
        recorded = parse_instant("recorded_at", text, "UTC")
    except ValidationError:
        episode_from_row(row, ctx)
        raise
    return episode_from_row(row, ctx, recorded)


def with_csv_extra(value: object, row: Mapping[str, str]) -> object:
    """``value`` with the CSV-only cells of ``row`` read back (missing cells: nothing)."""
    if isinstance(value, DayLog) and _cell(row, "drinks").strip():
        drinks: dict[str, int] = {}
        for part in check_plain("drinks", _cell(row, "drinks")).split(";"):
            name, _, count = part.strip().partition("=")
            try:
                drinks[name.strip().lower()] = int(count)
            except ValueError:
                raise ValidationError(
                    "drinks", f"drinks must look like coffee=2;tea=1 (got {part.strip()!r})"
                ) from None
        return validate_day(replace(value, drinks=drinks))
    if isinstance(value, Episode) and _cell(row, "recorded_at").strip():
        recorded = parse_instant("recorded_at", _cell(row, "recorded_at"), "UTC")
        return replace(value, recorded_at=recorded)
    return value
