"""Calm, association-only sentences for each verdict (docs/analysis.md §8).

Never use causal or alarming words; :data:`FORBIDDEN_WORDS` lists what must not appear and
the tests check every sentence these functions can produce.
"""

from __future__ import annotations

import math
import shlex
from dataclasses import dataclass
from datetime import date

from twitchlog.analysis.model import Interval, Stage
from twitchlog.analysis.specs import FactorSpec

FORBIDDEN_WORDS: tuple[str, ...] = (
    "cause",
    "trigger",
    "predict",
    "significant",
    "certain",
    "prove",
    "because",
    "makes you",
)

LONG_WAVES = (
    "Your twitching comes in long waves, so this result is less firm than the range suggests."
)


#: A ratio that rounds to 2.0 or more is said as "N times as many"; below that, in percent.
TIMES_FROM = 1.995


def _pct(rr: float) -> int:
    return round((rr - 1.0) * 100.0)


def _times(rr: float) -> str:
    return f"{rr:.2f}" if rr < 0.095 else f"{rr:.1f}"


def uses_times(*ratios: float) -> bool:
    """The unit rule: a finding is said in "times as many" when any of its numbers (the
    estimate or either end of its range) is 2 or more, otherwise in percent. The rule is
    chosen once per finding, so the estimate and both ends of its range share one unit and
    can be compared at a glance ("180 % more" is harder to picture than "2.8 times as many";
    "8 % more" is easier than "1.08 times as many").
    """
    return max(ratios) >= TIMES_FROM


def change(rr: float, *, times: bool | None = None) -> str:
    """A rate ratio in words: "25 % more", "15 % fewer", "2.1 times as many", "about the
    same number of". ``times`` forces the unit (default: the rule of :func:`uses_times`).
    """
    if times if times is not None else uses_times(rr):
        return f"{_times(rr)} times as many"
    pct = _pct(rr)
    if pct == 0:
        return "about the same number of"
    return f"{abs(pct)} % {'more' if pct > 0 else 'fewer'}"


def change_range(low: float, high: float, joiner: str = "to") -> str:
    """Both ends of a plausible range in one unit (the rule of :func:`uses_times`).

    "8 % to 45 % more", "10 % to 45 % fewer", "15 % fewer to 30 % more", "no change to 20 %
    more", "1.2 to 2.1 times as many", "0.4 to 2.8 times as many".
    """
    if uses_times(low, high):
        return f"{_times(low)} {joiner} {_times(high)} times as many"
    lo, hi = _pct(low), _pct(high)
    if lo == hi == 0:
        return "no change"
    if lo > 0:
        return f"{lo} % {joiner} {hi} % more"
    if hi < 0:
        return f"{-hi} % {joiner} {-lo} % fewer"
    left = "no change" if lo == 0 else f"{-lo} % fewer"
    right = "no change" if hi == 0 else f"{hi} % more"
    return f"{left} {joiner} {right}"


def _estimate(iv: Interval) -> str:
    """The estimate in the unit its whole range uses."""
    return change(iv.value, times=uses_times(iv.value, iv.low, iv.high))


def _about(iv: Interval) -> str:
    """The estimate after "about": "about 25 % more", but "about the same number of" once."""
    words = _estimate(iv)
    return words if words.startswith("about ") else f"about {words}"


def _range(iv: Interval) -> str:
    return change_range(iv.low, iv.high)


@dataclass(frozen=True, slots=True)
class ExperimentOdds:
    """What a randomized self-experiment could find for this person (docs/experiments.md):
    the chance that the default plan, and one twice as long, finds a halving of twitches,
    simulated with the ups and downs of their own diary."""

    weeks: int
    halving: float
    longer_weeks: int
    longer_halving: float


def in_ten(p: float) -> str:
    """A chance in words: "about 6 times in 10", "almost always", "almost never"."""
    if p >= 0.95:
        return "almost always"
    if p < 0.05:
        return "almost never"
    n = round(p * 10)
    return f"about {n} time{'s' if n != 1 else ''} in 10"


def start_command(key: str, label: str) -> str:
    """The command that starts an experiment on the factor ``key`` (analysis key, with its
    ``label``), named as ``twitchlog experiment start`` accepts it and quoted for the shell
    when it has to be: ``twitchlog experiment start caffeine``,
    ``twitchlog experiment start "sleep quality"``.
    """
    from twitchlog.domain.factors import BUILTIN_FACTORS

    name = next((d.name for d in BUILTIN_FACTORS if d.key == key), label)
    if name and all(c.isalnum() or c in "-_." for c in name):
        word = name
    elif name and not any(c in name for c in '"$`\\!'):
        word = f'"{name}"'  # a space or an apostrophe: "sleep quality", "tom's coffee"
    else:
        word = shlex.quote(name)
    return f"twitchlog experiment start {word}"


def start_words(key: str, label: str) -> str:
    """The hint's last sentence in the terminal and the report: the command that starts it."""
    return f"To start one: {start_command(key, label)}."


#: The hint's last sentence in Trends (TUI) on the finding that ``x`` ("test it") plans.
TUI_START_HERE = "To start one, press x (test it)."
#: ... and on any other finding: ``x`` plans only one, the Experiment screen any.
TUI_START_ELSEWHERE = "To start one, press p (Experiment) on Home."


def experiment_hint(spec: FactorSpec, odds: ExperimentOdds | None = None) -> str:
    """How the person could learn more about a habit (one place, so it is easy to change),
    ending with the command that starts it (:func:`start_words`; the TUI swaps it for its
    key with :func:`tui_sentence`).

    With ``odds`` (when the diary allows an estimate) it says what such an experiment could
    find for them instead of a fixed length.
    """
    name = spec.experiment_name
    how = (
        f"A randomized {name} experiment could tell you more: twitchlog draws the days on which "
        f"you change only your {name}, you keep logging every day, and it compares the two "
        "kinds of days."
    )
    if odds is not None:
        how += (
            f" With the ups and downs of your diary, {odds.weeks} weeks would find a halving "
            f"of your twitches {in_ten(odds.halving)}, and {odds.longer_weeks} weeks "
            f"{in_ten(odds.longer_halving)}."
        )
    return f"{how} {start_words(spec.key, spec.label)}"


def tui_sentence(sentence: str, key: str, label: str, *, offered: bool) -> str:
    """A finding's sentence (of factor ``key`` with ``label``) as Trends shows it: the
    hint names the key instead of the command (``offered``: the finding ``x`` plans)."""
    return sentence.replace(
        start_words(key, label), TUI_START_HERE if offered else TUI_START_ELSEWHERE
    )


def pattern_sentence(
    spec: FactorSpec,
    lag_rr: Interval,
    lag: int,
    days: int,
    *,
    holds: bool | None,
    other_rr: Interval | None = None,
    odds: ExperimentOdds | None = None,
    hint: bool = True,
) -> str:
    """A found pattern: direction, size per unit with its range, days used, the caveat.
    ``hint=False`` (while an experiment runs: one at a time) leaves out the experiment hint.

    ``lag_rr`` is the lag that carries the pattern (larger |t|); ``other_rr`` the other lag,
    mentioned when its whole interval lies on the opposite side of 1.
    """
    lead = spec.same_day if lag == 0 else spec.previous_day
    more = lag_rr.value >= 1.0
    text = (
        f"{lead} you logged {'more' if more else 'fewer'} twitches – "
        f"{_about(lag_rr)} twitches {spec.per_unit} (plausible range {_range(lag_rr)}). "
    )
    if other_rr is not None and (other_rr.high < 1.0 if more else other_rr.low > 1.0):
        when = spec.next_day_short if lag == 0 else spec.same_day_short
        text += (
            f"On {when} it went the other way: {_about(other_rr)} twitches "
            f"(plausible range {_range(other_rr)}). "
        )
    text += (
        f"This is based on {days} days and takes your overall trend and how twitchy the "
        f"previous days were into account. It does not show that {spec.label} is the reason: "
        f"something that tends to come with it could be behind it."
    )
    if holds is True:
        text += " The pattern still shows when your other logged habits are taken into account."
    elif holds is False:
        text += (
            " When your other logged habits are taken into account it is no longer clear,"
            " so it may go together with one of them."
        )
    if hint and not spec.binary:
        text += " " + experiment_hint(spec, odds)
    return text


def cant_tell_sentence(spec: FactorSpec, two_day: Interval, days: int) -> str:
    """Not a pattern, not equivalent: "can't tell yet" with the whole plausible range."""
    return (
        f"We can't tell yet whether {spec.label} goes with more or fewer twitches. "
        f"Your {days} days are compatible with anything from {_range(two_day)} twitches "
        f"{spec.per_unit} (same day and next day together)."
    )


def no_big_difference_sentence(spec: FactorSpec, two_day_90: Interval, days: int) -> str:
    """The equivalence rule held: the whole 90 % interval lies within 0.90-1.11."""
    subject = spec.label[0].upper() + spec.label[1:]
    return (
        f"{subject} doesn't seem to make a big difference for you: likely between "
        f"{change_range(two_day_90.low, two_day_90.high, 'and')} twitches {spec.per_unit} "
        f"(same day and next day together, {days} days)."
    )


def not_enough_data_sentence(spec: FactorSpec, reason: str) -> str:
    """Gated: say what is missing, never "no effect"."""
    return not_enough_data_for([spec.label], reason)


def not_enough_data_for(labels: list[str], reason: str) -> str:
    """One "not enough data" sentence for several factors held back for the same reason."""
    names = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    return f"Not enough data to check {names} yet: {reason}."


def with_long_waves(sentence: str) -> str:
    """Append the long-waves note of docs/analysis.md §6."""
    return f"{sentence} {LONG_WAVES}"


def held_back_sentence(label: str, name: str, until: date) -> str:
    """The one line shown instead of a factor's finding while its experiment runs."""
    return (
        f"{label[:1].upper()}{label[1:]}: held back while your {name} experiment runs (until "
        f"{until.isoformat()}), so the comparison cannot sway it."
    )


def footer(tested: int) -> str:
    """The closing sentence shown under every analysis."""
    if tested == 0:
        return "Patterns in your own diary are clues, not proof. No factor could be checked yet."
    noun = "factor was" if tested == 1 else "factors were"
    return (
        f"Patterns in your own diary are clues, not proof. {tested} {noun} checked; the method "
        "keeps the chance of a pattern appearing by pure chance at about 1 in 10 or less."
    )


#: What a usable day is, in plain words (a day the models can use).
USABLE_DAYS = "checked-in days whose day before was checked in too"


def stage_text(stage: Stage, days: int) -> str:
    """One line on how far the diary is."""
    if stage is Stage.TOO_EARLY:
        return (
            f"Looking for patterns needs about a month of daily check-ins: {days} of the 28 "
            f"usable days so far ({USABLE_DAYS}). Until then only the overview is shown."
        )
    if stage is Stage.EARLY_LOOK:
        return (
            f"Early look, based on {days} usable days ({USABLE_DAYS}): only large "
            "differences can show up yet."
        )
    return f"Based on {days} usable days ({USABLE_DAYS})."


def adjusted_note(ran: bool, days: int = 0, needed: int = 0) -> str:
    """Whether the model with all factors at once was run, and why not."""
    if ran:
        return "All tested factors were also looked at together, each with the others in view."
    if needed == 0:
        return "The factors could not be looked at all together: no day has every one logged."
    return (
        "The factors were not yet looked at all together: that needs about "
        f"{needed} usable days with every factor logged, and you have {days}."
    )


def trend_verdict(trend: Interval) -> str:
    """The course over time in plain words: its whole range above 1, below 1, or neither."""
    if trend.low > 1.0:
        return "more twitches over time"
    if trend.high < 1.0:
        return "fewer twitches over time"
    return "no clear change over time"


def trend_size(
    trend: Interval, range_words: str = "plausible range", noun: str = "twitches"
) -> str:
    """The trend per 30 days in the unit rule of :func:`uses_times`, with both ends."""
    return f"{_about(trend)} {noun} per 30 days ({range_words} {_range(trend)})"


def trend_sentence(trend: Interval | None, needed: int = 28) -> str:
    """The trend line of the text summary: the verdict first, then its size."""
    if trend is None:
        return f"Trend: too few checked-in days to tell yet (needs {needed})."
    return f"Trend: {trend_verdict(trend)} – {trend_size(trend)}."


def typical_day(median: float, q1: float, q3: float, unit: str = "episodes") -> str:
    """The median and the middle half of days in whole numbers, without brackets (it is
    itself put in brackets): "3 on a typical day, the median; half of the days had 1 to 5
    episodes"."""
    return f"{number_text(median)} on a typical day, the median; {half_of_days(q1, q3, unit)}"


def half_of_days(q1: float, q3: float, unit: str = "episodes") -> str:
    """The middle half of days in whole numbers: "half of the days had 1 to 5 episodes".

    Counts are whole, so the quartiles are widened to whole numbers (q1 down, q3 up): at
    least half of the days lie in the range given.
    """
    low, high = math.floor(q1 + 1e-9), math.ceil(q3 - 1e-9)
    one = unit[:-1] if unit.endswith("s") else unit  # "1 episode", not "1 episodes"
    span = f"{low} {one if low == 1 else unit}" if low == high else f"{low} to {high} {unit}"
    return f"half of the days had {span}"


def number_text(x: float) -> str:
    """A number with one decimal, without a trailing ``.0`` ("3", "3.5")."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text
