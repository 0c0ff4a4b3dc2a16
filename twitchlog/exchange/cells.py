"""Cells: how one value is written as text and read back, the same way in every file.

Numbers are written canonically (``4``, ``6.5``, never ``4.0``) so an export read back and
exported again is byte-identical. Cells that a spreadsheet would run as a formula get a
leading ``'`` on export, removed again on import.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import TypeVar

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.validation import RANGES, check_number

#: First characters that make a spreadsheet treat a cell as a formula (and the quote itself,
#: so a text that really starts with ``'`` survives the round trip).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")

#: Longest cell outside free text (notes, names); longer cells are refused, never echoed.
MAX_PLAIN_CELL = 100

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_YES = frozenset({"yes", "true", "y", "1"})
_NO = frozenset({"no", "false", "n", "0"})

E = TypeVar("E", bound=StrEnum)


def escape_formula(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would evaluate (``=SUM(A1)``, ``-2``, ``@x``)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def unescape_formula(cell: str) -> str:
    """Undo :func:`escape_formula`: drop a ``'`` that precedes a formula start."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def format_number(value: float | None) -> str:
    """Canonical text of a number: ``4``, ``6.5``, ``0.1``; empty for not logged."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return str(int(value)) if value.is_integer() else repr(value)


def format_yes_no(value: bool | None) -> str:
    """``yes``, ``no`` or empty (not recorded)."""
    if value is None:
        return ""
    return "yes" if value else "no"


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")


def check_plain(field: str, text: str) -> str:
    """Refuse an over-long cell outside free text before anything echoes it."""
    if len(text) > MAX_PLAIN_CELL:
        raise ValidationError(
            field, f"{field} must be at most {MAX_PLAIN_CELL} characters (got {len(text):,})"
        )
    return text


def parse_number(field: str, text: str) -> float | None:
    """Parse a factor or episode number; empty is ``None`` (not logged).

    Checked against the domain's ``RANGES``; whole-number fields come back as ``int``.
    """
    raw = check_plain(field, text).strip()
    if not raw:
        return None
    whole = RANGES[field][3]
    value: float
    if raw.isascii() and raw.isdigit():  # most cells: both patterns below match, as int
        value = int(raw)
    elif _NUMBER.fullmatch(raw) is None:
        raise ValidationError(field, f"{field} must be a number (got {_shown(raw)})")
    else:
        value = int(raw) if _INTEGER.fullmatch(raw) else float(raw)
    check_number(field, value)
    return int(value) if whole else float(value)


def parse_int(field: str, text: str) -> int | None:
    """Parse a whole-number field (``intensity``, ``duration_s``...); empty is ``None``."""
    value = parse_number(field, text)
    return None if value is None else int(value)


def parse_yes_no(field: str, text: str, empty: bool | None = None) -> bool | None:
    """``yes``/``no`` (also ``true``/``false``), any case; empty gives ``empty``."""
    raw = check_plain(field, text).strip().lower()
    if not raw:
        return empty
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise ValidationError(field, f"{field} must be yes, no or empty (got {_shown(text)})")


def parse_date(field: str, text: str) -> date:
    """A ``YYYY-MM-DD`` date (required)."""
    raw = check_plain(field, text).strip()
    if not raw:
        raise ValidationError(field, f"{field} must be a date YYYY-MM-DD (got nothing)")
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            field, f"{field} must be a date YYYY-MM-DD (got {_shown(raw)})"
        ) from None


def parse_optional_date(field: str, text: str) -> date | None:
    """A ``YYYY-MM-DD`` date, or ``None`` for an empty cell."""
    return parse_date(field, text) if text.strip() else None


def parse_enum(field: str, text: str, enum: type[E], empty: E | None = None) -> E | None:
    """One of ``enum``'s values, any case; empty gives ``empty``."""
    raw = check_plain(field, text).strip().lower()
    if not raw:
        return empty
    try:
        return enum(raw)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise ValidationError(
            field, f"{field} must be one of {allowed} (got {_shown(text.strip())})"
        ) from None


def require_enum(field: str, text: str, enum: type[E], empty: E | None = None) -> E:
    """Like :func:`parse_enum` but the value is required (or defaults to ``empty``)."""
    value = parse_enum(field, text, enum, empty)
    if value is None:
        allowed = ", ".join(m.value for m in enum)
        raise ValidationError(field, f"{field} must be one of {allowed} (got nothing)")
    return value
