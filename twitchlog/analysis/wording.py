"""Calm, association-only sentences for each verdict (docs/analysis.md §8).

Never use causal or alarming words; :data:`FORBIDDEN_WORDS` lists what must not appear and
the tests check every sentence these functions can produce.
"""

from __future__ import annotations

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


def change(rr: float) -> str:
    """A rate ratio in words: "25 % more", "15 % fewer", "2.1 times as many", "about the same"."""
    if rr >= 1.995:
        return f"{rr:.1f} times as many"
    pct = round((rr - 1.0) * 100.0)
    if pct == 0:
        return "about the same number of"
    return f"{abs(pct)} % {'more' if pct > 0 else 'fewer'}"


def _bound(rr: float) -> str:
    """One end of a range in words ("no change" instead of "about the same number of")."""
    text = change(rr)
    return "no change" if text.startswith("about the same") else text


def _range(iv: Interval) -> str:
    return f"{_bound(iv.low)} to {_bound(iv.high)}"


def pattern_sentence(
    spec: FactorSpec,
    lag_rr: Interval,
    lag: int,
    days: int,
    *,
    holds: bool | None,
    other_rr: Interval | None = None,
) -> str:
    """A found pattern: direction, size per unit with its range, days used, the caveat.

    ``lag_rr`` is the lag that carries the pattern (larger |t|); ``other_rr`` the other lag,
    mentioned when its whole interval lies on the opposite side of 1.
    """
    lead = spec.same_day if lag == 0 else spec.previous_day
    more = lag_rr.value >= 1.0
    text = (
        f"{lead} you logged {'more' if more else 'fewer'} twitches – about "
        f"{change(lag_rr.value)} twitches {spec.per_unit} (plausible range: {_range(lag_rr)}). "
    )
    if other_rr is not None and (other_rr.high < 1.0 if more else other_rr.low > 1.0):
        when = spec.next_day_short if lag == 0 else spec.same_day_short
        text += (
            f"On {when} it went the other way: about {change(other_rr.value)} twitches "
            f"(plausible range: {_range(other_rr)}). "
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
    if not spec.binary:
        text += f" A 6–8 week {spec.experiment_name} experiment could tell you more."
    return text


def cant_tell_sentence(spec: FactorSpec, two_day: Interval, days: int) -> str:
    """Not a pattern, not equivalent: "can't tell yet" with the whole plausible range."""
    return (
        f"We can't tell yet whether {spec.label} goes with more or fewer twitches. "
        f"Your {days} days are compatible with anything from {_bound(two_day.low)} to "
        f"{_bound(two_day.high)} twitches {spec.per_unit} (same day and next day together)."
    )


def no_big_difference_sentence(spec: FactorSpec, two_day_90: Interval, days: int) -> str:
    """The equivalence rule held: the whole 90 % interval lies within 0.90-1.11."""
    subject = spec.label[0].upper() + spec.label[1:]
    return (
        f"{subject} doesn't seem to make a big difference for you: likely between "
        f"{_bound(two_day_90.low)} and {_bound(two_day_90.high)} twitches {spec.per_unit} "
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


def footer(tested: int) -> str:
    """The closing sentence shown under every analysis."""
    if tested == 0:
        return "Patterns in your own diary are clues, not proof. No factor could be checked yet."
    noun = "factor was" if tested == 1 else "factors were"
    return (
        f"Patterns in your own diary are clues, not proof. {tested} {noun} checked; the method "
        "keeps the chance of a pattern appearing by pure chance at about 1 in 10 or less."
    )


def stage_text(stage: Stage, days: int) -> str:
    """One line on how far the diary is."""
    if stage is Stage.TOO_EARLY:
        return (
            f"Patterns need about a month of daily check-ins: {days} of 28 analysable days "
            "so far. Until then only the overview is shown."
        )
    if stage is Stage.EARLY_LOOK:
        return f"Early look ({days} analysable days): only large effects can show up yet."
    return f"Based on {days} analysable days."


def adjusted_note(ran: bool, days: int = 0, needed: int = 0) -> str:
    """Whether the model with all factors at once was run, and why not."""
    if ran:
        return "All tested factors were also looked at together in one model."
    return (
        "Looking at all factors together needs at least 10 days per estimated number "
        f"({needed} days here; you have {days})."
    )
