"""The person's own factors (and, from schema 5, places and symptoms): define, list, rename,
retire and delete them (own symptoms: add, list, and delete while no episode names one).
Every write is one short transaction, as in ``repository``.

A factor is stored under a stable id (``factor_defs.id``), so renaming it keeps its values
(``day_factor_values`` refers to the id); a retired factor keeps its values and stays in the
analysis but is hidden from the forms; a factor is deleted only while no day has a value for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.factors import (
    BUILTIN_FACTORS,
    FactorDef,
    FactorKind,
    custom_factor,
    find_factor,
    normal_name,
    rename,
)
from twitchlog.domain.models import new_id
from twitchlog.domain.own_sites import CustomSite, custom_site
from twitchlog.domain.own_symptoms import CustomSymptom, custom_symptom
from twitchlog.storage.journal import Journal
from twitchlog.storage.records import instant_text
from twitchlog.storage.tables import (
    CustomSiteRow,
    CustomSymptomRow,
    DayFactorValueRow,
    EpisodeRow,
    FactorDefRow,
)


class FactorInUse(ValidationError):
    """A factor that has values cannot be deleted (retire it instead); exit 2, nothing written."""


def factor_from_row(row: Any) -> FactorDef:
    """A FactorDef from a ``factor_defs`` row (attribute access)."""
    return custom_factor(
        row.id,
        row.name,
        FactorKind(row.kind),
        low=row.low,
        high=row.high,
        unit=row.unit or "",
        whole=bool(row.whole),
        created_on=date.fromisoformat(row.created_on),
        retired_on=date.fromisoformat(row.retired_on) if row.retired_on else None,
    )


def factor_record(factor: FactorDef, now: datetime | None = None) -> dict[str, Any]:
    """The ``factor_defs`` columns of ``factor``."""
    return {
        "id": factor.key,
        "name": factor.name,
        "name_key": normal_name(factor.name),
        "kind": factor.kind.value,
        "unit": factor.unit,
        "low": float(factor.low),
        "high": float(factor.high),
        "whole": int(factor.whole),
        "created_on": (factor.created_on or date.today()).isoformat(),
        "retired_on": factor.retired_on.isoformat() if factor.retired_on else None,
        "updated_at": instant_text(now or datetime.now(UTC)),
    }


def custom_defs(s: Session) -> dict[str, FactorDef]:
    """Every custom factor of the open session, by key (retired ones included)."""
    rows = s.exec(select(FactorDefRow).order_by(col(FactorDefRow.name_key))).all()
    return {r.id: factor_from_row(r) for r in rows}


def list_factors(journal: Journal, *, include_retired: bool = True) -> list[FactorDef]:
    """The person's own factors by name (retired ones too unless ``include_retired=False``)."""
    with journal.read() as s:
        defs = list(custom_defs(s).values())
    return [f for f in defs if include_retired or f.active]


def all_factors(journal: Journal, *, include_retired: bool = True) -> list[FactorDef]:
    """The built-in factors, then the person's own (what the analysis and forms iterate)."""
    return [*BUILTIN_FACTORS, *list_factors(journal, include_retired=include_retired)]


def new_factor(
    name: str,
    kind: FactorKind,
    *,
    created_on: date,
    low: float | None = None,
    high: float | None = None,
    unit: str = "",
    whole: bool = False,
) -> FactorDef:
    """A checked definition with a fresh id (not stored yet: see :func:`add_factor`)."""
    return custom_factor(
        new_id(),
        name,
        kind,
        low=low,
        high=high,
        unit=unit,
        whole=whole,
        created_on=created_on,
    )


def _check_name_free(s: Session, factor: FactorDef) -> None:
    clash = s.exec(
        select(FactorDefRow).where(
            col(FactorDefRow.name_key) == normal_name(factor.name),
            col(FactorDefRow.id) != factor.key,
        )
    ).first()
    if clash is not None:
        raise ValidationError(
            "name",
            f"factor name {factor.name!r} is taken by your factor {clash.name!r}; "
            "choose another, for example 'work stress'",
        )


def add_factor(journal: Journal, factor: FactorDef) -> FactorDef:
    """Store a new definition; a name already used (any case or spacing) is refused."""
    with journal.write() as s:
        _check_name_free(s, factor)
        if s.get(FactorDefRow, factor.key) is not None:
            raise ValidationError("factor", f"a factor with id {factor.key!r} exists already")
        s.add(FactorDefRow(**factor_record(factor)))
    return factor


def _find(s: Session, name: str) -> tuple[FactorDefRow, FactorDef]:
    defs = custom_defs(s)
    factor = find_factor([*BUILTIN_FACTORS, *defs.values()], name)
    if factor.builtin:
        raise ValidationError(
            "factor", f"{factor.name} is built in; only your own factors can be changed"
        )
    row = s.get(FactorDefRow, factor.key)
    assert row is not None
    return row, factor


def _save(s: Session, row: FactorDefRow, factor: FactorDef) -> FactorDef:
    for key, value in factor_record(factor).items():
        setattr(row, key, value)
    s.add(row)
    return factor


def rename_factor(journal: Journal, name: str, new_name: str) -> FactorDef:
    """Give a factor a new name; its values stay (they refer to its id)."""
    with journal.write() as s:
        row, factor = _find(s, name)
        renamed = rename(factor, new_name)
        _check_name_free(s, renamed)
        return _save(s, row, renamed)


def retire_factor(journal: Journal, name: str, on: date) -> FactorDef:
    """Hide a factor from the forms from ``on``; its values stay and are still analysed."""
    with journal.write() as s:
        row, factor = _find(s, name)
        if factor.retired_on is not None:
            raise ValidationError("factor", f"{factor.name} was retired on {factor.retired_on}")
        return _save(s, row, replace(factor, retired_on=max(on, factor.created_on or on)))


def unretire_factor(journal: Journal, name: str) -> FactorDef:
    """Show a retired factor in the forms again."""
    with journal.write() as s:
        row, factor = _find(s, name)
        return _save(s, row, replace(factor, retired_on=None))


def factor_use(journal: Journal) -> dict[str, int]:
    """How many days have a value for each custom factor (by key)."""
    with journal.read() as s:
        rows = s.exec(
            select(DayFactorValueRow.factor_id, func.count()).group_by(
                col(DayFactorValueRow.factor_id)
            )
        ).all()
    return {str(k): int(n) for k, n in rows}


def delete_factor(journal: Journal, name: str) -> FactorDef:
    """Delete a factor that no day has a value for; otherwise :class:`FactorInUse`."""
    with journal.write() as s:
        row, factor = _find(s, name)
        used = s.exec(
            select(func.count()).where(col(DayFactorValueRow.factor_id) == factor.key)
        ).one()
        if used:
            raise FactorInUse(
                "factor",
                f"{factor.name} has values on {used} day{'s' if used != 1 else ''} and is kept; "
                f"retire it instead: twitchlog factor retire {_quoted(factor.name)}",
            )
        s.delete(row)
    return factor


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


# ------------------------------------------------------------------ own places


def custom_site_keys(s: Session) -> set[str]:
    """The keys of the person's own places, in an open session."""
    return set(s.exec(select(CustomSiteRow.key)).all())


def list_sites(journal: Journal) -> list[CustomSite]:
    """The person's own places, by name."""
    with journal.read() as s:
        rows = s.exec(select(CustomSiteRow).order_by(col(CustomSiteRow.key))).all()
        return [CustomSite(r.key, bool(r.sided)) for r in rows]


def add_site(journal: Journal, site: CustomSite) -> CustomSite:
    """Store a new place; a name already added is refused."""
    with journal.write() as s:
        if s.get(CustomSiteRow, site.key) is not None:
            raise ValidationError("site", f"{site.label} is already one of your places")
        s.add(CustomSiteRow(key=site.key, label=site.label, sided=int(site.sided)))
    return site


class SiteInUse(ValidationError):
    """An own place some episode names cannot be deleted; exit 2, nothing written."""


def _own_site(s: Session, name: str) -> CustomSiteRow:
    row = s.get(CustomSiteRow, normal_name(name).replace(" ", "_"))
    if row is None:
        raise ValidationError(
            "site", f"{name.strip()[:40]!r} is not one of your places (see: site list)"
        )
    return row


def _episodes_at(s: Session, key: str) -> int:
    return s.exec(select(func.count()).where(col(EpisodeRow.site) == key)).one()


def rename_site(journal: Journal, name: str, new_name: str) -> tuple[str, CustomSite, int]:
    """Rename an own place in one transaction, keeping its side rule: every episode logged
    there names the new one (its change marker moves on). Returns the old name, the place as
    renamed and how many episodes moved; a name in use or known to the catalogue, or the same
    name, is refused and nothing is written."""
    with journal.write() as s:
        row = _own_site(s, name)
        old, key = row.label, row.key
        renamed = custom_site(new_name, sided=bool(row.sided))
        if renamed.key == key:
            raise ValidationError("site", f"{old} has that name already")
        if s.get(CustomSiteRow, renamed.key) is not None:
            raise ValidationError("site", f"{renamed.label} is already one of your places")
        s.add(CustomSiteRow(key=renamed.key, label=renamed.label, sided=row.sided))
        s.flush()  # the new place first: the episodes' site trigger checks it
        moved = _move_episodes(s, "site", "site = ?", key, lambda _site: renamed.key)
        s.delete(row)
    return old, renamed, moved


def delete_site(journal: Journal, name: str) -> CustomSite:
    """Delete an own place no episode names; otherwise :class:`SiteInUse`."""
    with journal.write() as s:
        row = _own_site(s, name)
        used = _episodes_at(s, row.key)
        if used:
            raise SiteInUse(
                "site",
                f"{row.label} is named by {used} episode{'s' if used != 1 else ''} and is kept",
            )
        s.delete(row)
    return CustomSite(row.key, bool(row.sided))


def _move_episodes(
    s: Session, column: str, where: str, key: str, change: Callable[[str], str]
) -> int:
    """Set ``column`` of every episode ``where`` selects (one ``?``, ``key``) to
    ``change(stored text)``, each change marker moved on as every write moves it; returns
    how many. Through the driver in the session's transaction, one ``executemany``: an ORM
    object per episode took 28 s CPU and 500 MB for a symptom named by 86,251 episodes of a
    20-year journal (10 s for a place of 24,616)."""
    from twitchlog.storage.records import next_change_time, parse_instant

    s.flush()
    conn = s.connection().connection.dbapi_connection
    assert conn is not None
    now = datetime.now(UTC)
    rows = conn.execute(
        f"SELECT id, {column}, updated_at, revision FROM episodes WHERE {where}", (key,)
    ).fetchall()
    changes = [
        (
            change(text),
            instant_text(next_change_time(parse_instant(marker) if marker else None, now)),
            revision + 1,
            ident,
        )
        for ident, text, marker, revision in rows
    ]
    conn.executemany(
        f"UPDATE episodes SET {column} = ?, updated_at = ?, revision = ? WHERE id = ?", changes
    )
    return len(changes)


# ------------------------------------------------------------------ own symptoms


class SymptomInUse(ValidationError):
    """An own symptom some episode names cannot be deleted; exit 2, nothing written."""


def custom_symptom_keys(s: Session) -> set[str]:
    """The keys of the person's own symptoms, in an open session."""
    return set(s.exec(select(CustomSymptomRow.key)).all())


def list_symptoms(journal: Journal) -> list[CustomSymptom]:
    """The person's own symptoms, by name."""
    with journal.read() as s:
        rows = s.exec(select(CustomSymptomRow).order_by(col(CustomSymptomRow.key))).all()
        return [CustomSymptom(r.key) for r in rows]


def add_symptom(journal: Journal, symptom: CustomSymptom) -> CustomSymptom:
    """Store a new symptom; a name already added is refused."""
    with journal.write() as s:
        if s.get(CustomSymptomRow, symptom.key) is not None:
            raise ValidationError("symptom", f"{symptom.label} is already one of your symptoms")
        s.add(CustomSymptomRow(key=symptom.key, label=symptom.label))
    return symptom


def _episodes_naming(s: Session, key: str) -> int:
    # The column holds ';'-joined words: match whole words only.
    padded = ";" + col(EpisodeRow.symptoms) + ";"
    named = padded.contains(f";{key};", autoescape=True)
    return int(s.exec(select(func.count()).where(named)).one())


def symptom_use(journal: Journal) -> dict[str, int]:
    """How many episodes name each own symptom (by key)."""
    with journal.read() as s:
        return {k: _episodes_naming(s, k) for k in custom_symptom_keys(s)}


def delete_symptom(journal: Journal, name: str) -> CustomSymptom:
    """Delete an own symptom that no episode names; otherwise :class:`SymptomInUse`."""
    key = normal_name(name).replace(" ", "_")
    with journal.write() as s:
        row = s.get(CustomSymptomRow, key)
        if row is None:
            raise ValidationError(
                "symptom", f"{name.strip()[:40]!r} is not one of your symptoms (see: symptom list)"
            )
        used = _episodes_naming(s, key)
        if used:
            raise SymptomInUse(
                "symptom",
                f"{row.label} is named by {used} episode{'s' if used != 1 else ''} and is kept",
            )
        s.delete(row)
    return CustomSymptom(key)


def rename_symptom(journal: Journal, name: str, new_name: str) -> tuple[str, CustomSymptom, int]:
    """Rename an own symptom in one transaction: every episode naming it names the new one
    (its change marker moves on, so an edit opened before sees the change). Returns the old
    name, the symptom as renamed and how many episodes moved. A name in use, a built-in one or
    the same name is refused; nothing is written then."""
    renamed = custom_symptom(new_name)
    key = normal_name(name).replace(" ", "_")
    with journal.write() as s:
        row = s.get(CustomSymptomRow, key)
        if row is None:
            raise ValidationError(
                "symptom", f"{name.strip()[:40]!r} is not one of your symptoms (see: symptom list)"
            )
        old = row.label
        if renamed.key == key:
            raise ValidationError("symptom", f"{old} has that name already")
        if s.get(CustomSymptomRow, renamed.key) is not None:
            raise ValidationError("symptom", f"{renamed.label} is already one of your symptoms")
        s.add(CustomSymptomRow(key=renamed.key, label=renamed.label))
        # the words are ';'-joined and sorted (records.episode_record): whole words only
        moved = _move_episodes(
            s,
            "symptoms",
            "instr(';' || symptoms || ';', ?) > 0",
            f";{key};",
            lambda words: ";".join(sorted((set(words.split(";")) - {key}) | {renamed.key})),
        )
        s.delete(row)
    return old, renamed, moved


__all__ = [
    "FactorInUse",
    "SiteInUse",
    "SymptomInUse",
    "add_factor",
    "add_site",
    "add_symptom",
    "all_factors",
    "custom_defs",
    "custom_site_keys",
    "custom_symptom_keys",
    "delete_factor",
    "delete_site",
    "delete_symptom",
    "factor_from_row",
    "factor_use",
    "list_factors",
    "list_sites",
    "list_symptoms",
    "new_factor",
    "rename_factor",
    "rename_site",
    "rename_symptom",
    "retire_factor",
    "symptom_use",
    "unretire_factor",
]
