"""The factors, their reporting units and the words used for them (fixed before analysis).

Units follow docs/analysis.md §3. Sleep enters the models as sleep debt, ``max(0, 7 - hours)``,
so its rate ratio is per hour of sleep below 7 hours.
"""

from __future__ import annotations

from dataclasses import dataclass

MED_PREFIX = "med:"
SLEEP_NEED_H = 7.0


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

    @property
    def logged_name(self) -> str:
        """What the person logs for this factor ("sleep" for the sleep-debt factor)."""
        return self.logged_as or self.label

    @property
    def experiment_name(self) -> str:
        """What a self-experiment on this factor would be called."""
        return self.experiment or self.label


_SPECS: dict[str, FactorSpec] = {
    s.key: s
    for s in (
        FactorSpec(
            "caffeine_mg",
            "caffeine",
            "per 100 mg",
            100.0,
            "per extra 100 mg",
            "On days when you had more caffeine",
            "On days after you had more caffeine",
        ),
        FactorSpec(
            "sleep_h",
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
        FactorSpec(
            "sleep_quality",
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
        FactorSpec(
            "stress",
            "stress",
            "per 2 points",
            2.0,
            "per 2 extra points of stress",
            "On days when you felt more stressed",
            "On days after you felt more stressed",
        ),
        FactorSpec(
            "cigarettes",
            "smoking",
            "per 5 cigarettes",
            5.0,
            "per 5 extra cigarettes",
            "On days when you smoked more",
            "On days after you smoked more",
        ),
        FactorSpec(
            "exercise_min",
            "exercise",
            "per 30 min",
            30.0,
            "per extra 30 minutes of exercise",
            "On days when you exercised more",
            "On days after you exercised more",
        ),
        FactorSpec(
            "alcohol_drinks",
            "alcohol",
            "per 2 drinks",
            2.0,
            "per 2 extra drinks",
            "On days when you drank more alcohol",
            "On days after you drank more alcohol",
        ),
        FactorSpec(
            "water_l",
            "water intake",
            "per 0.5 L",
            0.5,
            "per extra half litre",
            "On days when you drank more water",
            "On days after you drank more water",
        ),
        FactorSpec(
            "screen_h",
            "screen time",
            "per 1 hour",
            1.0,
            "per extra hour of screen time",
            "On days when you spent more time at screens",
            "On days after you spent more time at screens",
        ),
    )
}


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
