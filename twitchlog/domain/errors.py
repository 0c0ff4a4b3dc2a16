"""The one error the domain raises: a value a person gave is out of range or malformed."""

from __future__ import annotations


class ValidationError(ValueError):
    """A field's value is not allowed.

    ``field`` names the field as the person knows it (``intensity``, ``caffeine_mg``) and
    ``message`` is one sentence that says the allowed range and what was given, for example
    ``intensity must be 1-10 (got 12)``.
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
    """Build the standard ``FIELD must be LOW-HIGH UNIT (got X)`` error."""
    suffix = f" {unit}" if unit else ""
    return ValidationError(field, f"{field} must be {low}-{high}{suffix} (got {got})")
