"""The person's own factors in the exchange formats: ``factors.csv`` (one row per definition)
and their values in ``days.csv`` (one ``factor:NAME`` column each, plus ``tags_complete``).

A journal without own factors exports exactly as before: no ``factors.csv``, no extra columns.
On import a ``factor:NAME`` column is matched by name to a definition in the same import (a
``factors.csv`` or the JSON ``factors`` list) or, failing that, in the journal; values are
kept by name (``name:<normal name>``) until then.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Final

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.factors import FactorDef, FactorKind, custom_factor, normal_name
from twitchlog.domain.models import DayLog
from twitchlog.exchange.cells import (
    check_plain,
    escape_formula,
    format_number,
    format_yes_no,
    parse_optional_date,
    parse_yes_no,
    unescape_formula,
)
from twitchlog.exchange.errors import ImportFormatError

FACTORS_FILE: Final = "factors.csv"
FACTOR_COLUMNS: Final = (
    "id",
    "name",
    "kind",
    "unit",
    "min",
    "max",
    "whole",
    "created_on",
    "retired_on",
)
#: Columns that make a CSV header a ``factors.csv``.
FACTORS_REQUIRED: Final = frozenset({"name", "kind", "max"})
#: The prefix of a ``days.csv`` column holding an own factor's values.
COLUMN_PREFIX: Final = "factor:"
TAGS_COMPLETE: Final = "tags_complete"
#: The prefix of a custom value's key while it is known only by the factor's name.
NAME_KEY: Final = "name:"
#: Namespace of the ids made for definitions imported without one.
FACTOR_ID_NAMESPACE: Final = uuid.UUID("0c5e1f3a-6d2b-5e7f-9a40-3b1c8d2e4f60")


def factor_row(f: FactorDef) -> dict[str, str]:
    """A definition as ``factors.csv`` cells."""
    tag = f.is_tag
    return {
        "id": f.key,
        "name": f.name,
        "kind": f.kind.value,
        "unit": f.unit,
        "min": "" if tag else format_number(f.low),
        "max": "" if tag else format_number(f.high),
        "whole": format_yes_no(f.whole),
        "created_on": f.created_on.isoformat() if f.created_on else "",
        "retired_on": f.retired_on.isoformat() if f.retired_on else "",
    }


def _float(field: str, text: str) -> float | None:
    raw = text.strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise ValidationError(field, f"{field} must be a number (got {raw[:40]!r})") from None


def factor_from_row(row: Mapping[str, str]) -> FactorDef:
    """Decode and check one ``factors.csv`` row (a definition)."""
    name = row.get("name", "")
    kind_text = check_plain("kind", row.get("kind", "")).strip().lower()
    try:
        kind = FactorKind(kind_text)
    except ValueError:
        raise ValidationError(
            "kind", f"kind must be number, scale or tag (got {kind_text[:40]!r})"
        ) from None
    ident = check_plain("id", row.get("id", "")).strip()
    if not ident:
        ident = str(uuid.uuid5(FACTOR_ID_NAMESPACE, normal_name(name)))
    created = parse_optional_date("created_on", row.get("created_on", "")) or date(1900, 1, 1)
    return custom_factor(
        ident,
        name,
        kind,
        low=_float("min", row.get("min", "")),
        high=_float("max", row.get("max", "")),
        unit=row.get("unit", ""),
        whole=bool(parse_yes_no("whole", row.get("whole", ""), empty=False)),
        created_on=created,
        retired_on=parse_optional_date("retired_on", row.get("retired_on", "")),
    )


def factors_csv(factors: Iterable[FactorDef]) -> str:
    """``factors.csv`` as text: header, one row per definition by name, CRLF endings."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FACTOR_COLUMNS)
    for f in sorted(factors, key=lambda f: (normal_name(f.name), f.key)):
        row = factor_row(f)
        writer.writerow([escape_formula(row[c]) for c in FACTOR_COLUMNS])
    return out.getvalue()


def is_factors_header(names: Sequence[str]) -> bool:
    """Whether a CSV header is that of ``factors.csv``."""
    return set(names) >= FACTORS_REQUIRED


def parse_factors_csv(text: str, source: str) -> list[FactorDef]:
    """Decode ``factors.csv``; the first bad row raises :class:`ImportFormatError`."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = [r for r in reader if r]
    except csv.Error as exc:
        raise ImportFormatError(f"not valid CSV ({exc})", file=source) from None
    names = [c.strip().lower() for c in rows[0]]
    unknown = [n for n in names if n not in FACTOR_COLUMNS]
    if unknown:
        raise ImportFormatError(
            f"unknown column {unknown[0][:40]!r} in {FACTORS_FILE}; "
            f"allowed: {', '.join(FACTOR_COLUMNS)}",
            file=source,
            row=1,
            field=unknown[0][:40],
        )
    out: list[FactorDef] = []
    for number, cells in enumerate(rows[1:], start=2):
        if len(cells) != len(names):
            raise ImportFormatError(
                f"has {len(cells)} cells, the header has {len(names)}", file=source, row=number
            )
        row = {n: unescape_formula(c) for n, c in zip(names, cells, strict=True)}
        try:
            out.append(factor_from_row(row))
        except ValidationError as exc:
            raise ImportFormatError(exc.message, file=source, row=number, field=exc.field) from None
    return out


# Values in days.csv --------------------------------------------------------------------------


def custom_columns(factors: Sequence[FactorDef], days: Iterable[DayLog]) -> tuple[str, ...]:
    """The extra ``days.csv`` columns: none for a journal without own factors."""
    if not factors and not any(d.tags_complete or d.custom for d in days):
        return ()
    ordered = sorted(factors, key=lambda f: (normal_name(f.name), f.key))
    return (TAGS_COMPLETE, *(COLUMN_PREFIX + f.name for f in ordered))


def custom_cells(day: DayLog, factors: Sequence[FactorDef]) -> dict[str, str]:
    """A day's own-factor cells: a tag as yes/no, a number or scale as its number."""
    cells = {TAGS_COMPLETE: format_yes_no(day.tags_complete)}
    for f in factors:
        value = day.custom.get(f.key)
        if value is None:
            cells[COLUMN_PREFIX + f.name] = ""
        elif f.is_tag:
            cells[COLUMN_PREFIX + f.name] = format_yes_no(bool(value))
        else:
            cells[COLUMN_PREFIX + f.name] = format_number(value)
    return cells


def is_custom_column(name: str) -> bool:
    """A ``days.csv`` column this module reads."""
    return name == TAGS_COMPLETE or (name.startswith(COLUMN_PREFIX) and len(name) > 7)


def read_custom_cells(row: Mapping[str, str]) -> tuple[dict[str, float], bool]:
    """A ``days.csv`` row's own-factor values (keyed ``name:<normal name>``) and its
    tags-complete flag. ``yes``/``no`` read as 1/0, numbers as numbers, empty as not logged."""
    values: dict[str, float] = {}
    for column, cell in row.items():
        if not column.startswith(COLUMN_PREFIX):
            continue
        text = cell.strip().lower()
        if not text:
            continue
        name = column[len(COLUMN_PREFIX) :]
        if text in ("yes", "no"):
            values[NAME_KEY + normal_name(name)] = 1.0 if text == "yes" else 0.0
            continue
        number = _float(name, text)
        if number is None:  # pragma: no cover - empty handled above
            continue
        values[NAME_KEY + normal_name(name)] = number
    complete = bool(parse_yes_no(TAGS_COMPLETE, row.get(TAGS_COMPLETE, ""), empty=False))
    return values, complete


def resolve_names(days: Sequence[DayLog], factors: Sequence[FactorDef]) -> list[DayLog]:
    """Days with ``name:`` keys replaced by the key of the factor of that name in
    ``factors``; names not among them stay for the journal to resolve."""
    by_name = {normal_name(f.name): f.key for f in factors}
    out = []
    for d in days:
        if any(k.startswith(NAME_KEY) for k in d.custom):
            custom = {
                by_name.get(k[len(NAME_KEY) :], k) if k.startswith(NAME_KEY) else k: v
                for k, v in d.custom.items()
            }
            out.append(replace(d, custom=custom))
        else:
            out.append(d)
    return out


__all__ = [
    "COLUMN_PREFIX",
    "FACTORS_FILE",
    "FACTOR_COLUMNS",
    "NAME_KEY",
    "TAGS_COMPLETE",
    "custom_cells",
    "custom_columns",
    "factor_from_row",
    "factor_row",
    "factors_csv",
    "is_custom_column",
    "is_factors_header",
    "parse_factors_csv",
    "read_custom_cells",
    "resolve_names",
]
