"""The JSON export: one file with every table, and what CSV cannot hold (drinks, recorded_at).

Objects keep a fixed key order and records are sorted as in CSV, so exporting the same
journal twice (with the same ``exported_at``) gives the same bytes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, TypeVar

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.experiment_record import Experiment
from twitchlog.domain.factors import FactorDef
from twitchlog.domain.models import CAFFEINE_MG_PER_DRINK, FACTOR_FIELDS, DayLog, Episode
from twitchlog.domain.own_sites import CustomSite
from twitchlog.domain.own_symptoms import CustomSymptom
from twitchlog.domain.validation import RANGES, check_number
from twitchlog.exchange.csv_format import ParsedRecord
from twitchlog.exchange.errors import ImportFormatError
from twitchlog.exchange.experiments import decode_experiment, experiment_object
from twitchlog.exchange.factors import FACTOR_COLUMNS, factor_from_row, factor_row
from twitchlog.exchange.places import site_from_row
from twitchlog.exchange.rows import (
    ImportContext,
    day_from_row,
    episode_from_json,
    episode_from_row,
    parse_instant,
)
from twitchlog.exchange.symptoms import symptom_from_json
from twitchlog.exchange.tables import DAYS, EPISODES, TABLES, JournalData, Table
from twitchlog.fileio import atomic_write_text

T = TypeVar("T")

#: The value of the ``format`` key; a file with another value is refused.
FORMAT: Final = "twitchlog/1"

_NUMBER_FIELDS: Final = frozenset({"duration_s", "intensity", *FACTOR_FIELDS})
_BOOL_FIELDS: Final = frozenset({"visible", "checked_in"})
#: Fields whose JSON value is not text (a text there is refused by ``_cell``).
_NOT_TEXT_FIELDS: Final = _NUMBER_FIELDS | _BOOL_FIELDS | {"symptoms"}
#: The keys a record of each table may have (computed once, not per record).
_ALLOWED_KEYS: Final = {
    t.key: frozenset(
        {*t.columns, "recorded_at", "drinks", *(("factors", "tags_complete") if t is DAYS else ())}
    )
    for t in TABLES
}
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
        if value.custom:  # own factors' values by the factor's id (a tag: 1 yes, 0 no)
            obj["factors"] = {k: _json_number(value.custom[k]) for k in sorted(value.custom)}
        if value.tags_complete:
            obj["tags_complete"] = True
    return obj


def _site_object(site: CustomSite) -> dict[str, object]:
    return {"site": site.label, "sided": site.sided}


def _decode_site(obj: object) -> CustomSite:
    if not isinstance(obj, dict) or set(obj) - {"site", "sided"}:
        raise ValidationError("sites", 'each of sites must be {"site": text, "sided": true/false}')
    site, sided = obj.get("site"), obj.get("sided", True)
    if not isinstance(site, str) or not isinstance(sided, bool):
        raise ValidationError("sites", "a site must be text and sided true or false")
    return site_from_row(site, "yes" if sided else "no")


def _json_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _factor_object(f: FactorDef) -> dict[str, object]:
    row = factor_row(f)
    return {
        "id": row["id"],
        "name": row["name"],
        "kind": row["kind"],
        "unit": row["unit"],
        "min": None if f.is_tag else _json_number(f.low),
        "max": None if f.is_tag else _json_number(f.high),
        "whole": f.whole,
        "created_on": row["created_on"] or None,
        "retired_on": row["retired_on"] or None,
    }


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
        more = data.factors or data.sites or data.symptoms or data.experiments
        end = "," if number < len(TABLES) or more else ""
        if not records:
            lines.append(f'  "{table.key}": []{end}')
            continue
        lines.append(f'  "{table.key}": [')
        lines.append(",\n".join("    " + r for r in records))
        lines.append(f"  ]{end}")
    if data.factors:  # only a journal with own factors has this key
        own = sorted(data.factors, key=lambda f: (f.name.lower(), f.key))
        lines.append('  "factors": [')
        lines.append(
            ",\n".join("    " + json.dumps(_factor_object(f), ensure_ascii=False) for f in own)
        )
        lines.append("  ]," if data.sites or data.symptoms or data.experiments else "  ]")
    if data.sites:  # only a journal with own places has this key
        lines.append('  "sites": [')
        lines.append(
            ",\n".join(
                "    " + json.dumps(_site_object(p), ensure_ascii=False)
                for p in sorted(data.sites, key=lambda p: p.key)
            )
        )
        lines.append("  ]," if data.symptoms or data.experiments else "  ]")
    if data.symptoms:  # only a journal with own symptoms has this key: their names
        lines.append('  "symptoms": [')
        lines.append(
            ",\n".join(
                "    " + json.dumps(s.label, ensure_ascii=False)
                for s in sorted(data.symptoms, key=lambda s: s.key)
            )
        )
        lines.append("  ]," if data.experiments else "  ]")
    if data.experiments:  # only a journal with experiments has this key
        lines.append('  "experiments": [')
        lines.append(
            ",\n".join(
                "    " + json.dumps(experiment_object(e), ensure_ascii=False)
                for e in sorted(data.experiments, key=lambda e: (e.created_at, e.id))
            )
        )
        lines.append("  ]")
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
    if type(value) is str and name not in _NOT_TEXT_FIELDS:  # most cells: checked below
        return value
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


def _own_values(value: object) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationError("factors", "a day's factors must be an object of factor id: value")
    out: dict[str, float] = {}
    for key, number in value.items():
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise ValidationError("factors", f"factor {key[:40]!r} must have a number")
        if not math.isfinite(number):
            raise ValidationError("factors", f"factor {key[:40]!r} must have a finite number")
        out[key] = float(number)
    return out


def _factor_cell(name: str, value: object) -> str:
    if value is None:
        return ""
    if name == "whole":
        if not isinstance(value, bool):
            raise ValidationError("whole", "whole must be true or false")
        return "yes" if value else "no"
    if name in ("min", "max"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(name, f"{name} must be a number or null")
        return repr(value)
    if not isinstance(value, str):
        raise ValidationError(name, f"{name} must be text")
    return value


def _decode_factor(obj: object) -> FactorDef:
    if not isinstance(obj, dict):
        raise ValidationError("factors", "each of factors must be an object")
    extra = set(obj) - set(FACTOR_COLUMNS)
    if extra:
        name = sorted(extra)[0][:40]
        raise ValidationError(name, f"unknown field {name!r}; allowed: {', '.join(FACTOR_COLUMNS)}")
    return factor_from_row({c: _factor_cell(c, obj.get(c)) for c in FACTOR_COLUMNS})


def _decode(table: Table, obj: object, ctx: ImportContext) -> Any:
    if not isinstance(obj, dict):
        raise ValidationError(table.key, f"each of {table.key} must be an object")
    extra = obj.keys() - _ALLOWED_KEYS[table.key]
    if extra:
        name = sorted(extra)[0][:40]
        raise ValidationError(name, f"unknown field {name!r}; allowed: {', '.join(table.columns)}")
    if table is EPISODES:  # the usual object without text cells; anything else as below
        usual = episode_from_json(obj, ctx)
        if usual is not None:
            return usual
    row: Mapping[str, str] = {c: _cell(c, obj.get(c)) for c in table.columns}
    if table is DAYS:
        day = day_from_row(row, ctx, _drinks(obj.get("drinks")))
        complete = obj.get("tags_complete", False)
        if not isinstance(complete, bool):
            raise ValidationError("tags_complete", "tags_complete must be true or false")
        return replace(day, custom=_own_values(obj.get("factors")), tags_complete=complete)
    if table is EPISODES and obj.get("recorded_at") is not None:
        # read before the row but said after it, as before: a copy of each episode just to
        # set recorded_at (dataclasses.replace) was a tenth of reading a file
        try:
            recorded = parse_instant("recorded_at", _cell("recorded_at", obj["recorded_at"]), "UTC")
        except ValidationError as exc:
            episode_from_row(row, ctx)
            raise exc from None
        return episode_from_row(row, ctx, recorded_at=recorded)
    return table.from_row(row, ctx)


def _own_list(
    document: dict[str, Any],
    key: str,
    decode: Callable[[object], T],
    source: str,
    out: list[T] | None,
) -> None:
    """Decode the optional ``factors`` or ``sites`` list into ``out``."""
    items = document.get(key, [])
    if not isinstance(items, list):
        raise ImportFormatError(f"{key} must be a list", file=source)
    for number, obj in enumerate(items, start=1):
        try:
            found = decode(obj)
        except ValidationError as exc:
            raise ImportFormatError(
                exc.message, file=f"{source} {key}", row=number, field=exc.field, unit="item"
            ) from None
        if out is not None:
            out.append(found)


def parse_json(
    text: str,
    source: str,
    ctx: ImportContext,
    factors: list[FactorDef] | None = None,
    sites: list[CustomSite] | None = None,
    experiments: list[Experiment] | None = None,
    symptoms: list[CustomSymptom] | None = None,
) -> list[tuple[Table, list[ParsedRecord]]]:
    """Decode a JSON export; the first bad record raises, naming its table and item number.

    The own-factor definitions (the ``factors`` key) are appended to ``factors`` if given.
    """
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise ImportFormatError(f"not valid JSON ({str(exc)[:80]})", file=source) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportFormatError(f"not a twitchlog export (format must be {FORMAT!r})", file=source)
    places: list[CustomSite] = []  # first, so the episodes may use them
    _own_list(document, "sites", _decode_site, source, places)
    if sites is not None:
        sites.extend(places)
    words: list[CustomSymptom] = []  # so are own symptoms
    _own_list(document, "symptoms", symptom_from_json, source, words)
    if symptoms is not None:
        symptoms.extend(words)
    ctx = replace(
        ctx,
        sites=ctx.sites | {p.key for p in places},
        symptoms=ctx.symptoms | {w.key for w in words},
    )
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
    _own_list(document, "factors", _decode_factor, source, factors)
    _own_list(document, "experiments", decode_experiment, source, experiments)
    return result
