"""Symptoms of the person's own, beside the six built-in ones ("eye strain", "itching").

An episode's symptoms are words: a built-in :class:`~twitchlog.domain.models.Symptom` (a
``StrEnum``, so it is text too) or the key of an own symptom. The key is the name in lower
case with ``_`` for spaces (``eye_strain``), like an own place's, so :func:`symptom_label`
shows it as typed and a key never clashes with a built-in (a built-in name is refused).
They are stored ``;``-joined in the episode's ``symptoms`` column, as the built-ins are.
"""

from __future__ import annotations

import shlex
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.factors import is_plain_name, normal_name
from twitchlog.domain.models import Symptom

#: Longest name of an own symptom.
MAX_SYMPTOM_NAME = 40

_BUILTIN: frozenset[str] = frozenset(s.value for s in Symptom)


def symptom_of(word: str) -> str:
    """A stored symptom word as a value: the built-in :class:`Symptom`, or an own key."""
    return Symptom(word) if word in _BUILTIN else word


def symptom_label(key: str) -> str:
    """The human name of a symptom (``eye_strain`` -> ``eye strain``)."""
    return key.replace("_", " ")


def shell_quoted(name: str) -> str:
    """A symptom's name quoted for a command line to paste: ``'eye strain'``, or
    ``"it's bad"`` (an own symptom's name holds only letters, digits, spaces and ``'``)."""
    if "'" not in name:
        return f"'{name}'"
    if not any(c in name for c in '"$`\\!'):
        return f'"{name}"'
    return shlex.quote(name)


def symptom_labels(symptoms: Iterable[str]) -> list[str]:
    """The names of an episode's symptoms, built-ins first, each group by name."""
    return [symptom_label(s) for s in sorted(symptoms, key=lambda s: (s not in _BUILTIN, s))]


@dataclass(frozen=True, slots=True)
class CustomSymptom:
    """A symptom outside the six built-in ones: its key (``eye_strain``)."""

    key: str

    @property
    def label(self) -> str:
        """``eye strain``."""
        return symptom_label(self.key)


def custom_symptom(name: str) -> CustomSymptom:
    """A checked own symptom from the name as typed."""
    clean = normal_name(name)
    if not clean or len(clean) > MAX_SYMPTOM_NAME:
        raise ValidationError(
            "symptom",
            f"symptom name must be 1-{MAX_SYMPTOM_NAME} characters, for example 'eye strain'",
        )
    if not is_plain_name(clean):
        raise ValidationError(
            "symptom",
            f"symptom name must start with a letter and hold only letters, digits, spaces "
            f"and ' (got {name.strip()[:40]!r})",
        )
    key = clean.replace(" ", "_")
    if key in _BUILTIN:
        raise ValidationError(
            "symptom", f"{clean} is one of the built-in symptoms already; log it with that name"
        )
    return CustomSymptom(key)


def known_symptom_words(own: Iterable[str] = ()) -> str:
    """``weakness, numbness, ..., eye strain``: what a symptom may be."""
    return ", ".join([*(s.value for s in Symptom), *(symptom_label(k) for k in sorted(own))])


def parse_symptom(text: str, own: Collection[str] = ()) -> str:
    """A typed symptom (``Eye strain``, ``eye-strain``, ``pain``) as its word; ``own`` are the
    keys of the person's own symptoms. Anything else: a one-line error naming the choices."""
    key = normal_name(text).replace(" ", "_")
    if key in _BUILTIN:
        return Symptom(key)
    if key in own:
        return key
    raise ValidationError(
        "symptom",
        f"symptom must be one of {known_symptom_words(own)}, for example pain "
        f"(got {text.strip()[:40]!r})",
    )


def check_symptoms(symptoms: Iterable[str], own: Collection[str] = ()) -> None:
    """Every symptom is a built-in one or one of ``own`` (keys); otherwise ValidationError."""
    for word in symptoms:
        if word not in _BUILTIN and word not in own:
            raise ValidationError(
                "symptoms",
                f"symptom {symptom_label(word)!r} is not known; use one of: "
                f"{known_symptom_words(own)} (for example 'pain'), or add it first: "
                f"twitchlog symptom add {shell_quoted(symptom_label(word))}",
            )


def symptom_suggestions(own: Sequence[CustomSymptom]) -> list[str]:
    """The built-ins' names, then the person's own by name (the form's check boxes)."""
    return [*(s.value for s in Symptom), *sorted(s.label for s in own)]


__all__ = [
    "MAX_SYMPTOM_NAME",
    "CustomSymptom",
    "check_symptoms",
    "custom_symptom",
    "known_symptom_words",
    "parse_symptom",
    "shell_quoted",
    "symptom_label",
    "symptom_labels",
    "symptom_of",
    "symptom_suggestions",
]
