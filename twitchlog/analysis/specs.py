"""The factors, their reporting units and the words used for them (fixed before analysis).

Units follow docs/analysis.md §3. Sleep enters the models as sleep debt, ``max(0, 7 - hours)``,
so its rate ratio is per hour of sleep below 7 hours.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from twitchlog.domain.factors import BUILTIN_FACTORS, FactorDef, FactorKind

MED_PREFIX = "med:"
#: Analysis key prefix of a person's own factor: ``factor:<key>`` (like ``med:<name>``).
CUSTOM_PREFIX = "factor:"
SLEEP_NEED_H = 7.0


def same_factor(key: str, tested: str) -> bool:
    """Whether the analysis key ``key`` is the experiment factor ``tested`` (a built-in field,
    an own factor's key, or ``med:<name>`` matched without case)."""
    if key == tested or key == CUSTOM_PREFIX + tested:
        return True
    return (
        key.startswith(MED_PREFIX)
        and tested.startswith(MED_PREFIX)
        and key[len(MED_PREFIX) :].strip().casefold()
        == tested[len(MED_PREFIX) :].strip().casefold()
    )


#: A scale (0-10 or 1-5) is reported per 2 points, like stress.
SCALE_STEP = 2.0


@dataclass(frozen=True, slots=True)
class FactorSpec:
    """How one factor is modelled and described.

    ``unit`` is the JSON unit text, ``per_unit`` the phrase after "twitches",
    ``same_day``/``previous_day`` open a pattern sentence for the lag that carries it.
    """

    key: str
    label: str
    unit: str
    unit_size: float
    per_unit: str
    same_day: str
    previous_day: str
    sleep_debt: bool = False
    binary: bool = False
    same_day_short: str = "the same day"
    next_day_short: str = "the day after"
    experiment: str = ""
    logged_as: str = ""
    tag: bool = False

    @property
    def logged_name(self) -> str:
        """What the person logs for this factor ("sleep" for the sleep-debt factor)."""
        return self.logged_as or self.label

    @property
    def experiment_name(self) -> str:
        """What a self-experiment on this factor would be called."""
        return self.experiment or self.label


def _from_catalogue(f: FactorDef) -> FactorSpec:
    words = f.analysis
    if words is None:  # pragma: no cover - every built-in carries its wording
        raise ValueError(f"{f.key} has no analysis wording")
    return FactorSpec(
        f.key,
        words.label,
        words.unit,
        words.step,
        words.per_unit,
        words.same_day,
        words.previous_day,
        sleep_debt=words.sleep_debt,
        same_day_short=words.same_day_short,
        next_day_short=words.next_day_short,
        experiment=words.experiment,
        logged_as=words.logged_as,
    )


#: The built-in factors' specs, read from the factor catalogue (``domain/factors``).
_SPECS: dict[str, FactorSpec] = {f.key: _from_catalogue(f) for f in BUILTIN_FACTORS}


def factor_spec(key: str) -> FactorSpec:
    """The spec of a day-log factor key or of a medicine key ``med:<name>``."""
    if key.startswith(MED_PREFIX):
        name = key[len(MED_PREFIX) :]
        return FactorSpec(
            key,
            name,
            "on vs off",
            1.0,
            f"on days with {name} compared with days without it",
            f"On days when you took {name}",
            f"On days after you took {name}",
            binary=True,
        )
    return _SPECS[key]


def _quoted(label: str) -> str:
    return f"\u201c{label}\u201d"


def _step_text(step: float) -> str:
    return f"{step:g}"


def number_step(values: Sequence[float], whole: bool) -> float:
    """The reporting step of a person's own number, chosen from its spread before any test.

    The largest of 1, 2 or 5 times a power of ten that is not above the standard deviation
    of the logged values (so one step is a typical day-to-day difference); at least 1 for a
    whole-number factor, and 1 when there is no spread yet.
    """
    if len(values) < 2:
        return 1.0
    mean = math.fsum(values) / len(values)
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1))
    if not math.isfinite(sd) or sd <= 0.0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(sd))
    step = max(m * power for m in (1.0, 2.0, 5.0) if m * power <= sd * (1 + 1e-9))
    if whole:
        step = max(1.0, float(round(step)))
    return float(f"{step:.6g}")


def custom_spec(factor: FactorDef, step: float = 1.0) -> FactorSpec:
    """The spec of a person's own factor, keyed ``factor:<key>``.

    A scale is reported per 2 points, a number per ``step`` of its unit (the caller picks it
    with :func:`number_step`), a tag as days with it versus other days (0/1, like a medicine).
    """
    akey = CUSTOM_PREFIX + factor.key
    label = factor.name
    if factor.kind is FactorKind.TAG:
        q = _quoted(label)
        return FactorSpec(
            akey,
            label,
            "with vs without",
            1.0,
            f"on days tagged {q} compared with other days",
            f"On days tagged {q}",
            f"On days after a day tagged {q}",
            binary=True,
            tag=True,
        )
    if factor.kind is FactorKind.SCALE:
        return FactorSpec(
            akey,
            label,
            f"per {SCALE_STEP:g} points",
            SCALE_STEP,
            f"per {SCALE_STEP:g} extra points of {label}",
            f"On days when you rated {label} higher",
            f"On days after you rated {label} higher",
        )
    unit = factor.unit
    if step == 1.0 and unit.endswith("s") and len(unit) > 1:
        unit = unit[:-1]  # "per 1 serving"
    return FactorSpec(
        akey,
        label,
        f"per {_step_text(step)} {unit}".rstrip(),
        step,
        (
            f"per {_step_text(step)} more {unit} of {label}"
            if unit
            else f"per {_step_text(step)} more on {_quoted(label)}"
        ),
        f"On days when you logged more {label}",
        f"On days after you logged more {label}",
    )
