"""The JSON export: one file with every table, and what CSV cannot hold (drinks, recorded_at).

Objects keep a fixed key order and records are sorted as in CSV, so exporting the same
journal twice (with the same ``exported_at``) gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.models import CAFFEINE_MG_PER_DRINK, FACTOR_FIELDS, DayLog, Episode
from twitchlog.domain.validation import RANGES, check_number
from twitchlog.exchange.csv_format import ParsedRecord
from twitchlog.exchange.errors import ImportFormatError
from twitchlog.exchange.rows import ImportContext, day_from_row, parse_instant
from twitchlog.exchange.tables import DAYS, EPISODES, TABLES, JournalData, Table
from twitchlog.fileio import atomic_write_text

#: The value of the ``format`` key; a file with another value is refused.
FORMAT: Final = "twitchlog/1"

_NUMBER_FIELDS: Final = frozenset({"duration_s", "intensity", *FACTOR_FIELDS})
_BOOL_FIELDS: Final = frozenset({"visible", "checked_in"})
#: Optional text fields written as null when not recorded.
_NULLABLE_FIELDS: Final = frozenset({"side", "context", "stop", "updated_at"})


def _typed(name: str, cell: str) -> object:
    """A CSV cell as its JSON value: numbers as numbers, yes/no as booleans, empty as null."""
    if name in _NUMBER_FIELDS:
        if not cell:
            return None
        return int(cell) if RANGES[name][3] else float(cell)
    if name in _BOOL_FIELDS:
        return None if not cell else cell == "yes"
    if name == "symptoms":
        return cell.split(";") if cell else []
    if name in _NULLABLE_FIELDS and not cell:
        return None
    return cell


def _record(table: Table, value: Any) -> dict[str, object]:
    obj = {name: _typed(name, cell) for name, cell in table.to_row(value).items()}
    if isinstance(value, Episode):
        obj["recorded_at"] = (
            value.recorded_at.astimezone(UTC).isoformat() if value.recorded_at else None
        )
    if isinstance(value, DayLog):
        obj["drinks"] = {k: value.drinks[k] for k in sorted(value.drinks)}
    return obj


def export_json_text(data: JournalData, exported_at: datetime | None = None) -> str:
    """The whole journal as JSON text: UTF-8, one record per line, newline at the end.

    Records are written compactly, one per line (fast, and diffs show changed records);
    ``exported_at`` defaults to now and fixes the bytes when given.
    """
    when = (exported_at or datetime.now(UTC)).astimezone(UTC).isoformat()
    lines = ["{", f'  "format": {json.dumps(FORMAT)},', f'  "exported_at": {json.dumps(when)},']
    for number, table in enumerate(TABLES, start=1):
        records = [
            json.dumps(_record(table, v), ensure_ascii=False) for v in table.sorted_values(data)
        ]
        end = "," if number < len(TABLES) else ""
        if not records:
            lines.append(f'  "{table.key}": []{end}')
            continue
        lines.append(f'  "{table.key}": [')
        lines.append(",\n".join("    " + r for r in records))
        lines.append(f"  ]{end}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def export_json(path: Path, data: JournalData, exported_at: datetime | None = None) -> Path:
    """Write the JSON export to ``path`` (0600, atomically). Returns ``path``."""
    atomic_write_text(path, export_json_text(data, exported_at))
    return path


# Import -------------------------------------------------------------------------------------


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number JSON allows")


def _cell(name: str, value: object) -> str:
    """A JSON value as the text cell the shared row decoder reads, refusing wrong types."""
    if value is None:
        return ""
    if name in _NUMBER_FIELDS:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(name, f"{name} must be a number or null")
        check_number(name, value)
        return repr(value) if isinstance(value, float) else str(value)
    if name in _BOOL_FIELDS:
        if not isinstance(value, bool):
            raise ValidationError(name, f"{name} must be true, false or null")
        return "yes" if value else "no"
    if name == "symptoms":
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
            raise ValidationError(name, f"{name} must be a list of texts")
        return ";".join(value)
    if not isinstance(value, str):
        raise ValidationError(name, f"{name} must be text")
    return value


def _drinks(value: object) -> dict[str, int]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationError("drinks", "drinks must be an object of drink counts")
    drinks: dict[str, int] = {}
    for name, count in value.items():
        if name not in CAFFEINE_MG_PER_DRINK:
            known = ", ".join(CAFFEINE_MG_PER_DRINK)
            raise ValidationError("drinks", f"drink must be one of {known} (got {name[:40]!r})")
        if isinstance(count, bool) or not isinstance(count, int):
            raise ValidationError("drinks", f"drinks {name} must be a whole number")
        drinks[name] = count
    return drinks


def _decode(table: Table, obj: object, ctx: ImportContext) -> Any:
    if not isinstance(obj, dict):
        raise ValidationError(table.key, f"each of {table.key} must be an object")
    extra = set(obj) - set(table.columns) - {"recorded_at", "drinks"}
    if extra:
        name = sorted(extra)[0][:40]
        raise ValidationError(name, f"unknown field {name!r}; allowed: {', '.join(table.columns)}")
    row: Mapping[str, str] = {c: _cell(c, obj.get(c)) for c in table.columns}
    if table is DAYS:
        return day_from_row(row, ctx, _drinks(obj.get("drinks")))
    value = table.from_row(row, ctx)
    if table is EPISODES and obj.get("recorded_at") is not None:
        recorded = parse_instant("recorded_at", _cell("recorded_at", obj["recorded_at"]), "UTC")
        value = replace(value, recorded_at=recorded)
    return value


def parse_json(
    text: str, source: str, ctx: ImportContext
) -> list[tuple[Table, list[ParsedRecord]]]:
    """Decode a JSON export; the first bad record raises, naming its table and item number."""
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise ImportFormatError(f"not valid JSON ({str(exc)[:80]})", file=source) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportFormatError(f"not a twitchlog export (format must be {FORMAT!r})", file=source)
    result = []
    for table in TABLES:
        items = document.get(table.key, [])
        if not isinstance(items, list):
            raise ImportFormatError(f"{table.key} must be a list", file=source)
        parsed = []
        where = f"{source} {table.key}"
        for number, obj in enumerate(items, start=1):
            try:
                value = _decode(table, obj, ctx)
            except ValidationError as exc:
                raise ImportFormatError(
                    exc.message, file=where, row=number, field=exc.field, unit="item"
                ) from None
            parsed.append(ParsedRecord(value, where, number, unit="item"))
        result.append((table, parsed))
    return result
