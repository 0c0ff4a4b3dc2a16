"""The factor catalogue: every daily factor, built-in or the person's own, as one ``FactorDef``.

Validation, the CLI, the forms, Home, the analysis and the exchange formats all read a factor's
name, label, unit, range and wording from here; the nine built-ins are entries of
:data:`BUILTIN_FACTORS` (in the order of ``days.csv``). The person's own factors ("custom"
factors) are stored in the journal and come back as ``FactorDef`` values with ``builtin``
false; their ``key`` is a stable id, so a rename keeps their history.

Kinds: a **number** has a unit and a range (``magnesium food``, servings, 0-10); a **scale** is
0-10 or 1-5 (``anxiety``); a **tag** is yes or no (``cold``, ``leg day``).

**The tags-complete rule.** A tag on a day is *yes* when it was set that day and *no* when it
was explicitly unset (stored as 1 and 0). A tag with no value on a day is *no* only when the
person marked that day's tags complete and the tag existed that day (defined on or before it,
not retired before it); otherwise it is unknown: missing, never "no". :func:`factor_value`
applies the rule; nothing else reads a tag's stored value.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any, Final

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.models import CAFFEINE_MG_PER_DRINK, FACTOR_FIELDS, DayLog


class FactorKind(StrEnum):
    """What kind of value a factor takes."""

    NUMBER = "number"
    SCALE = "scale"
    TAG = "tag"


@dataclass(frozen=True, slots=True)
class AnalysisWords:
    """How the analysis models and describes a built-in factor (docs/analysis.md §3).

    ``unit`` is the JSON unit text, ``step`` the size of that unit, ``per_unit`` the phrase
    after "twitches"; ``same_day``/``previous_day`` open a pattern sentence for each lag.
    """

    label: str
    unit: str
    step: float
    per_unit: str
    same_day: str
    previous_day: str
    sleep_debt: bool = False
    same_day_short: str = "the same day"
    next_day_short: str = "the day after"
    experiment: str = ""
    logged_as: str = ""


@dataclass(frozen=True, slots=True)
class FactorDef:
    """One daily factor.

    ``key`` is the ``DayLog`` field of a built-in (``caffeine_mg``) or the stable id of a
    custom factor (it never changes, so a rename keeps the history). ``name`` is the person's
    word in lower case, used in messages and on the command line (``--set anxiety=6``);
    ``label`` the form's label (``Sleep (h)``); ``short`` the name in lists (Home, day lines).
    ``low``-``high`` is the inclusive range (a tag: 0-1); ``whole`` means whole numbers only.
    ``unit`` is the short unit (``mg``), ``unit_words`` the unit spelled out in messages.
    ``step`` is the analysis step (a scale: 2 points; a tag: with versus without; a custom
    number: ``None``, chosen from its spread). ``analysis`` holds a built-in's fixed wording.
    ``created_on``/``retired_on`` are the local days a custom factor was defined and retired
    (retired: hidden from forms, kept in history and analysis).
    """

    key: str
    name: str
    label: str
    short: str
    kind: FactorKind
    low: float
    high: float
    whole: bool
    unit: str = ""
    unit_words: str = ""
    hint: str = ""
    example: str = ""
    step: float | None = None
    analysis: AnalysisWords | None = None
    builtin: bool = False
    created_on: date | None = None
    retired_on: date | None = None

    @property
    def active(self) -> bool:
        """Shown in forms (not retired)."""
        return self.retired_on is None

    @property
    def is_tag(self) -> bool:
        """A yes/no tag."""
        return self.kind is FactorKind.TAG

    @property
    def range_text(self) -> str:
        """``0-10``, ``0-2000 mg``, ``yes or no``."""
        if self.is_tag:
            return "yes or no"
        unit = f" {self.unit_words or self.unit}" if (self.unit_words or self.unit) else ""
        return f"{number_text(self.low)}-{number_text(self.high)}{unit}"

    def existed_on(self, day: date) -> bool:
        """Whether the factor was defined (and not yet retired) on ``day``; built-ins always."""
        if self.created_on is not None and day < self.created_on:
            return False
        return self.retired_on is None or day < self.retired_on


def number_text(value: float) -> str:
    """``7``, ``7.5``: a number as a person would type it."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _builtin(
    key: str,
    name: str,
    label: str,
    kind: FactorKind,
    bounds: tuple[float, float, bool],
    unit: tuple[str, str],
    hint: str,
    example: str,
    analysis: AnalysisWords,
) -> FactorDef:
    low, high, whole = bounds
    return FactorDef(
        key=key,
        name=name,
        label=label,
        short=name,
        kind=kind,
        low=low,
        high=high,
        whole=whole,
        unit=unit[0],
        unit_words=unit[1],
        hint=hint,
        example=example,
        step=analysis.step,
        analysis=analysis,
        builtin=True,
    )


_N, _S = FactorKind.NUMBER, FactorKind.SCALE

#: The nine built-in factors, in the order of ``days.csv`` (``FACTOR_FIELDS``).
BUILTIN_FACTORS: Final[tuple[FactorDef, ...]] = (
    _builtin(
        "caffeine_mg",
        "caffeine",
        "Caffeine (mg)",
        _N,
        (0, 2000, False),
        ("mg", "mg"),
        "mg, or count the drinks",
        "200",
        AnalysisWords(
            "caffeine",
            "per 100 mg",
            100.0,
            "per extra 100 mg",
            "On days when you had more caffeine",
            "On days after you had more caffeine",
        ),
    ),
    _builtin(
        "sleep_h",
        "sleep",
        "Sleep (h)",
        _N,
        (0, 24, False),
        ("h", "hours"),
        "last night, 0-24",
        "7.5",
        AnalysisWords(
            "short sleep",
            "per hour of sleep below 7 h",
            1.0,
            "per hour of sleep below 7 hours",
            "After nights shorter than 7 hours",
            "On the second day after nights shorter than 7 hours",
            sleep_debt=True,
            same_day_short="the day right after such nights",
            next_day_short="the second day after such nights",
            experiment="sleep",
            logged_as="sleep",
        ),
    ),
    _builtin(
        "sleep_quality",
        "sleep quality",
        "Sleep quality",
        _S,
        (1, 5, True),
        ("", ""),
        "1 (poor) to 5 (good)",
        "4",
        AnalysisWords(
            "sleep quality",
            "per 1 point",
            1.0,
            "per extra point of sleep quality",
            "After nights you rated better",
            "On the second day after nights you rated better",
            same_day_short="the day right after such nights",
            next_day_short="the second day after such nights",
            experiment="sleep",
        ),
    ),
    _builtin(
        "stress",
        "stress",
        "Stress",
        _S,
        (0, 10, True),
        ("", ""),
        "0 to 10",
        "3",
        AnalysisWords(
            "stress",
            "per 2 points",
            2.0,
            "per 2 extra points of stress",
            "On days when you felt more stressed",
            "On days after you felt more stressed",
        ),
    ),
    _builtin(
        "cigarettes",
        "cigarettes",
        "Cigarettes",
        _N,
        (0, 200, True),
        ("", ""),
        "per day",
        "5",
        AnalysisWords(
            "smoking",
            "per 5 cigarettes",
            5.0,
            "per 5 extra cigarettes",
            "On days when you smoked more",
            "On days after you smoked more",
        ),
    ),
    _builtin(
        "exercise_min",
        "exercise",
        "Exercise (min)",
        _N,
        (0, 1440, True),
        ("min", "minutes"),
        "minutes",
        "30",
        AnalysisWords(
            "exercise",
            "per 30 min",
            30.0,
            "per extra 30 minutes of exercise",
            "On days when you exercised more",
            "On days after you exercised more",
        ),
    ),
    _builtin(
        "alcohol_drinks",
        "alcohol",
        "Alcohol",
        _N,
        (0, 50, False),
        ("standard drinks", "standard drinks"),
        "standard drinks",
        "2",
        AnalysisWords(
            "alcohol",
            "per 2 drinks",
            2.0,
            "per 2 extra drinks",
            "On days when you drank more alcohol",
            "On days after you drank more alcohol",
        ),
    ),
    _builtin(
        "water_l",
        "water",
        "Water (l)",
        _N,
        (0, 20, False),
        ("l", "litres"),
        "litres",
        "1.5",
        AnalysisWords(
            "water intake",
            "per 0.5 L",
            0.5,
            "per extra half litre",
            "On days when you drank more water",
            "On days after you drank more water",
        ),
    ),
    _builtin(
        "screen_h",
        "screen time",
        "Screen time (h)",
        _N,
        (0, 24, False),
        ("h", "hours"),
        "hours",
        "6",
        AnalysisWords(
            "screen time",
            "per 1 hour",
            1.0,
            "per extra hour of screen time",
            "On days when you spent more time at screens",
            "On days after you spent more time at screens",
        ),
    ),
)

_BY_KEY: Final[dict[str, FactorDef]] = {f.key: f for f in BUILTIN_FACTORS}
if tuple(_BY_KEY) != FACTOR_FIELDS:  # pragma: no cover - a catalogue edit that forgot DayLog
    raise RuntimeError("BUILTIN_FACTORS must list the DayLog factor fields in order")


def builtin_factor(key: str) -> FactorDef:
    """The built-in factor with ``key`` (a ``DayLog`` field such as ``sleep_h``)."""
    return _BY_KEY[key]


# ------------------------------------------------------------------ custom factors

#: Longest name of a custom factor, and of its unit.
MAX_FACTOR_NAME: Final = 40
MAX_UNIT_CHARS: Final = 20
#: The two scales a custom scale may use.
SCALES: Final[tuple[tuple[int, int], ...]] = ((0, 10), (1, 5))
#: Largest magnitude of a custom number's range.
MAX_CUSTOM_NUMBER: Final = 1_000_000

_TAG_WORDS: Final[dict[str, float]] = {
    "yes": 1.0,
    "y": 1.0,
    "1": 1.0,
    "true": 1.0,
    "no": 0.0,
    "n": 0.0,
    "0": 0.0,
    "false": 0.0,
}


def normal_name(text: str) -> str:
    """The form a name is compared in: composed accents (NFC), lower case, ``-``/``_`` as
    spaces, single spaces."""
    # "İ".lower() is "i" + a combining dot above: the dot an i already has, so it goes.
    text = unicodedata.normalize("NFC", text.lower().replace("i\u0307", "i"))  # e + ´ is é
    return " ".join(text.replace("-", " ").replace("_", " ").split())


def is_plain_name(text: str) -> bool:
    """A name that starts with a letter and holds only letters (with their combining marks,
    as Devanagari or Thai vowel signs), digits, spaces and ``'``."""
    if not text or not text[0].isalpha():
        return False
    return all(c.isalnum() or c in " '" or unicodedata.category(c).startswith("M") for c in text)


#: Names a custom factor may not take: the built-ins' names and keys, the drinks, and the
#: words the day command already uses.
RESERVED_NAMES: Final[frozenset[str]] = frozenset(
    {normal_name(f.name) for f in BUILTIN_FACTORS}
    | {normal_name(f.key) for f in BUILTIN_FACTORS}
    | {normal_name(d) for d in CAFFEINE_MG_PER_DRINK}
    | {"energy drink", "note", "date", "day", "checked in", "drinks", "tags complete", "screen"}
)


def check_factor_name(name: str) -> str:
    """A custom factor's name, trimmed; one-line error naming the rule otherwise."""
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("name", "factor name must not be empty, for example anxiety")
    if len(clean) > MAX_FACTOR_NAME:
        raise ValidationError(
            "name",
            f"factor name must be at most {MAX_FACTOR_NAME} characters (got {len(clean)})",
        )
    if (
        not any(c.isalpha() for c in clean)
        or any(c in clean for c in '=,;"')
        or any(not c.isprintable() for c in clean)
    ):
        raise ValidationError(
            "name",
            "factor name must hold a letter and no = , ; or quotes, for example "
            f"'magnesium food' (got {clean!r})",
        )
    if normal_name(clean) in RESERVED_NAMES:
        raise ValidationError(
            "name",
            f"factor name {clean!r} is taken by a built-in factor; choose another, "
            "for example 'work stress'",
        )
    return clean


def custom_factor(
    key: str,
    name: str,
    kind: FactorKind,
    *,
    low: float | None = None,
    high: float | None = None,
    unit: str = "",
    whole: bool = False,
    created_on: date | None = None,
    retired_on: date | None = None,
) -> FactorDef:
    """A checked custom factor definition.

    A scale takes ``low``-``high`` 0-10 (the default) or 1-5; a tag is 0-1; a number needs
    ``high`` (``low`` defaults to 0) and may have a ``unit``.
    """
    clean = check_factor_name(name)
    unit = " ".join(unit.split())
    if kind is FactorKind.TAG:
        lo, hi, whole, unit, step = 0.0, 1.0, True, "", 1.0
    elif kind is FactorKind.SCALE:
        lo, hi = (0.0, 10.0) if low is None and high is None else (low or 0.0, high or 0.0)
        if (lo, hi) not in SCALES:
            raise ValidationError(
                "scale",
                f"scale must be 0-10 or 1-5, for example --scale 0-10 (got {_span(lo, hi)})",
            )
        whole, unit, step = True, "", 2.0
    else:
        lo, hi = _number_range(low, high)
        step = None
        if len(unit) > MAX_UNIT_CHARS or any(not c.isprintable() for c in unit):
            raise ValidationError(
                "unit",
                f"unit must be at most {MAX_UNIT_CHARS} printable characters, for example servings",
            )
    label = clean[:1].upper() + clean[1:] + (f" ({unit})" if unit else "")
    hint = {
        FactorKind.TAG: "yes or no",
        FactorKind.SCALE: f"{number_text(lo)} to {number_text(hi)}",
        FactorKind.NUMBER: f"{number_text(lo)}-{number_text(hi)}" + (f" {unit}" if unit else ""),
    }[kind]
    return FactorDef(
        key=key,
        name=clean,
        label=label,
        short=clean,
        kind=kind,
        low=lo,
        high=hi,
        whole=whole,
        unit=unit,
        unit_words=unit,
        hint=hint,
        example="yes" if kind is FactorKind.TAG else number_text(math.floor((lo + hi) / 2)),
        step=step,
        created_on=created_on,
        retired_on=retired_on,
    )


def _span(low: float, high: float) -> str:
    return f"{number_text(low)}-{number_text(high)}"


def _number_range(low: float | None, high: float | None) -> tuple[float, float]:
    lo = 0.0 if low is None else float(low)
    if high is None:
        raise ValidationError(
            "max", "a number factor needs its largest value, for example --max 10"
        )
    hi = float(high)
    limit = MAX_CUSTOM_NUMBER
    if not (math.isfinite(lo) and math.isfinite(hi)) or not -limit <= lo < hi <= limit:
        raise ValidationError(
            "max",
            f"range must go from a smaller to a larger number within ±{limit:,}, "
            f"for example --min 0 --max 10 (got {_span(lo, hi)})",
        )
    return lo, hi


def rename(factor: FactorDef, new_name: str) -> FactorDef:
    """``factor`` under a new name (same key, so its history stays)."""
    if factor.builtin:
        raise ValidationError("name", f"{factor.name} is built in and keeps its name")
    return custom_factor(
        factor.key,
        new_name,
        factor.kind,
        low=factor.low,
        high=factor.high,
        unit=factor.unit,
        whole=factor.whole,
        created_on=factor.created_on,
        retired_on=factor.retired_on,
    )


# ------------------------------------------------------------------ values


def check_factor_value(factor: FactorDef, value: float | None) -> None:
    """Check a value against the factor's range; ``None`` (not logged) always passes.

    The message names the factor in the person's words, the range and an example:
    ``anxiety must be a whole number 0-10, for example 5 (got 11)``.
    """
    if value is None:
        return
    if factor.is_tag and value in (0, 1) and not isinstance(value, bool):
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(factor, repr(value))
    try:
        finite = math.isfinite(value)
    except OverflowError:
        finite = False
    if not finite or (factor.whole and not float(value).is_integer()):
        raise _bad(factor, number_text(value) if finite else "a number too large")
    if not factor.low <= value <= factor.high:
        raise _bad(factor, number_text(value))


def _bad(factor: FactorDef, got: str) -> ValidationError:
    if factor.is_tag:
        return ValidationError(factor.key, f"{factor.name} must be yes or no (got {got})")
    whole = "a whole number " if factor.whole else ""
    return ValidationError(
        factor.key,
        f"{factor.name} must be {whole}{factor.range_text}, for example {factor.example} "
        f"(got {got})",
    )


def parse_factor_value(factor: FactorDef, text: str) -> float | int | None:
    """Typed text to a checked value: empty is ``None`` (not logged); a tag takes yes/no."""
    raw = text.strip()
    if not raw:
        return None
    if factor.is_tag:
        if raw.lower() in _TAG_WORDS:
            return int(_TAG_WORDS[raw.lower()])
        raise _bad(factor, repr(raw))
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        raise ValidationError(
            factor.key,
            f"{factor.name} must be a number {factor.range_text}, for example "
            f"{factor.example} (got {raw!r})",
        ) from None
    result: float | int = int(value) if factor.whole and value.is_integer() else value
    check_factor_value(factor, result)
    return result


def find_factor(factors: Sequence[FactorDef], text: str) -> FactorDef:
    """The factor named ``text`` (case, spaces, ``-`` and ``_`` do not matter)."""
    wanted = normal_name(text)
    for f in factors:
        if normal_name(f.name) == wanted or f.key == text:
            return f
    names = ", ".join(f.name for f in factors if not f.builtin) or "none yet"
    raise ValidationError(
        "factor",
        f"factor {text.strip()!r} is not defined; your factors: {names} "
        "(add one with: twitchlog factor add anxiety --scale 0-10)",
    )


def factor_value(day: DayLog, factor: FactorDef) -> float | None:
    """The value of ``factor`` on ``day``: ``None`` when not logged (never zero).

    A tag without a stored value is 0 (no) only on a day marked tags complete on which the
    tag existed (see the module's rule); otherwise ``None``.
    """
    if factor.builtin:
        value: Any = getattr(day, factor.key)
        return None if value is None else float(value)
    stored = day.custom.get(factor.key)
    if stored is not None:
        return float(stored)
    if factor.is_tag and day.tags_complete and factor.existed_on(day.day):
        return 0.0
    return None


def with_factors(day: DayLog, values: Mapping[str, float | None]) -> DayLog:
    """``day`` with factor values set by key: built-ins go to their fields, custom keys to
    ``custom`` (``None`` removes a custom value). Built-in values are range-checked here;
    custom values are checked against their stored definitions by storage."""
    builtins: dict[str, Any] = {}
    custom = dict(day.custom)
    for key, value in values.items():
        if key in _BY_KEY:
            check_factor_value(_BY_KEY[key], value)
            builtins[key] = value
        elif value is None:
            custom.pop(key, None)
        else:
            custom[key] = float(value)
    return replace(day, custom=custom, **builtins)


def day_factors(day: DayLog, factors: Sequence[FactorDef]) -> list[tuple[FactorDef, float]]:
    """The factors logged on ``day`` with their values, in catalogue order (tags by the rule)."""
    out = []
    for f in factors:
        value = factor_value(day, f)
        if value is not None:
            out.append((f, value))
    return out


def value_text(factor: FactorDef, value: float) -> str:
    """``6``, ``7.5 h``, ``yes``: a value as shown in lists."""
    if factor.is_tag:
        return "yes" if value else "no"
    if factor.kind is FactorKind.SCALE:
        return f"{number_text(value)}/{number_text(factor.high)}"
    unit = factor.unit
    if unit.endswith("drinks") and value == 1:
        unit = unit.removesuffix("s")
    return f"{number_text(value)} {unit}".rstrip()


__all__ = [
    "BUILTIN_FACTORS",
    "AnalysisWords",
    "FactorDef",
    "FactorKind",
    "builtin_factor",
    "check_factor_name",
    "check_factor_value",
    "custom_factor",
    "day_factors",
    "factor_value",
    "find_factor",
    "normal_name",
    "number_text",
    "parse_factor_value",
    "rename",
    "value_text",
    "with_factors",
]
