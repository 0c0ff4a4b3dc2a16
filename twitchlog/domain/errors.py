"""The one error the domain raises: a value a person gave is out of range or malformed."""

from __future__ import annotations


class ValidationError(ValueError):
    """A field's value is not allowed.

    ``field`` is the field's internal name (``intensity``, ``caffeine_mg``: forms use it to
    place the error) and ``message`` is one sentence in the person's words (``domain/labels``)
    that says the allowed range, a valid example and what was given, for example
    ``caffeine must be 0-2000 mg, for example 200 (got 3000)``.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return self.message


def out_of_range(
    field: str, low: object, high: object, got: object, unit: str = ""
) -> ValidationError:
    """Build the standard ``NAME must be LOW-HIGH UNIT, for example E (got X)`` error, in the
    person's words (``sleep must be 0-24 hours, for example 7.5 (got 30)``)."""
    from twitchlog.domain.labels import FIELD_WORDS, example, words

    known = FIELD_WORDS.get(field)
    unit = known.unit if known else unit
    suffix = f" {unit}" if unit else ""
    shown = example(field)
    hint = f", for example {shown}" if shown else ""
    return ValidationError(field, f"{words(field)} must be {low}-{high}{suffix}{hint} (got {got})")
