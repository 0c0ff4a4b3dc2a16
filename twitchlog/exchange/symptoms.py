"""The person's own symptoms in the exchange formats: ``symptoms.csv`` (one column,
``symptom``) and the JSON ``symptoms`` list of names. A journal without own symptoms exports
exactly as before (no file, no key).

Episodes name an own symptom by its key (``eye_strain``) in their ``symptoms`` cell or list,
as they name a built-in one (``pain``); on import it is known from the same import or from
the journal.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Final

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.own_symptoms import CustomSymptom, custom_symptom
from twitchlog.exchange.errors import ImportFormatError

SYMPTOMS_FILE: Final = "symptoms.csv"
SYMPTOM_COLUMNS: Final = ("symptom",)


def symptoms_csv(symptoms: Iterable[CustomSymptom]) -> str:
    """``symptoms.csv`` as text, by key, CRLF endings."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SYMPTOM_COLUMNS)
    for symptom in sorted(symptoms, key=lambda s: s.key):
        writer.writerow([symptom.label])
    return out.getvalue()


def is_symptoms_header(names: Sequence[str]) -> bool:
    """Whether a CSV header is that of ``symptoms.csv``."""
    return tuple(names) == SYMPTOM_COLUMNS


def symptom_from_json(obj: object) -> CustomSymptom:
    """One item of the JSON ``symptoms`` list: the name as text."""
    if not isinstance(obj, str):
        raise ValidationError("symptoms", "each of symptoms must be a name as text")
    return custom_symptom(obj)


def parse_symptoms_csv(text: str, source: str) -> list[CustomSymptom]:
    """Decode ``symptoms.csv``; the first bad row raises :class:`ImportFormatError`."""
    try:
        rows = [r for r in csv.reader(io.StringIO(text, newline=""), strict=True) if r]
    except csv.Error as exc:
        raise ImportFormatError(f"not valid CSV ({exc})", file=source) from None
    out = []
    for number, cells in enumerate(rows[1:], start=2):
        if len(cells) != 1:
            raise ImportFormatError(
                f"has {len(cells)} cells, the header has 1", file=source, row=number
            )
        try:
            out.append(custom_symptom(cells[0]))
        except ValidationError as exc:
            raise ImportFormatError(exc.message, file=source, row=number, field=exc.field) from None
    return out


__all__ = [
    "SYMPTOMS_FILE",
    "SYMPTOM_COLUMNS",
    "is_symptoms_header",
    "parse_symptoms_csv",
    "symptom_from_json",
    "symptoms_csv",
]
