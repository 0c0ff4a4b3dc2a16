"""Red flags, medicines, tests and the factor findings, as report lines (pure).

The factor wording is the analysis module's own; this module only orders it and, where a
factor could not be checked, adds the days-with/without averages when there are any.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from twitchlog.analysis.model import Analysis, FactorResult, Interval, Verdict
from twitchlog.domain.models import RED_FLAG_LABELS, HealthNote, Medication, NoteKind, RedFlag
from twitchlog.report.model import FactorLine, FlagAnswer, RateRatio
from twitchlog.report.words import day_text, days_text, number_text, plural

#: Order of the factor findings: what was found first, then what cannot be said yet.
VERDICT_ORDER: tuple[Verdict, ...] = (
    Verdict.PATTERN,
    Verdict.CANT_TELL,
    Verdict.NO_BIG_DIFFERENCE,
    Verdict.NOT_ENOUGH_DATA,
)

#: Courses of one medicine listed with dates; earlier ones are counted.
MAX_PERIODS = 4
#: Tests and visits listed; earlier ones are counted.
MAX_TESTS = 10

#: Verdicts in the words of the report's findings table.
VERDICT_WORDS: dict[Verdict, str] = {
    Verdict.PATTERN: "pattern",
    Verdict.CANT_TELL: "can't tell yet",
    Verdict.NO_BIG_DIFFERENCE: "no big difference",
    Verdict.NOT_ENOUGH_DATA: "not enough data",
}
PATTERN_WORDS = VERDICT_WORDS[Verdict.PATTERN]


def red_flags(notes: Sequence[HealthNote], weakness_days: Sequence[date]) -> tuple[FlagAnswer, ...]:
    """Every red flag, each with the days it was recorded on (empty: none recorded).

    Days on which an episode was logged with weakness are named under the weakness flag.
    """
    recorded: dict[str, list[date]] = {}
    for n in notes:
        if n.kind is NoteKind.FLAG:
            recorded.setdefault(n.topic, []).append(n.day)
    out = []
    for flag in RedFlag:
        extra = ""
        if flag is RedFlag.WEAKNESS and weakness_days:
            extra = (
                f"Weakness was also noted with episodes on {plural(len(weakness_days), 'day')}: "
                f"{days_text(weakness_days)}."
            )
        out.append(
            FlagAnswer(
                RED_FLAG_LABELS[flag], tuple(sorted(set(recorded.get(flag.value, [])))), extra
            )
        )
    return tuple(out)


#: A red flag's answer when nothing at all was recorded in the period.
NOT_IN_DIARY = "not recorded in this diary"


def flag_text(answer: FlagAnswer, empty: bool = False) -> str:
    """``recorded on 3 Sep 2026, 5 Sep 2026`` or ``none recorded`` (``not recorded in this
    diary`` when the period is ``empty``: nothing was recorded that could say either way).
    """
    absent = NOT_IN_DIARY if empty else "none recorded"
    text = f"recorded on {days_text(answer.dates)}" if answer.dates else absent
    return f"{text}. {answer.extra}" if answer.extra else text


def _span(m: Medication) -> str:
    first = day_text(m.start)
    return f"from {first} to {day_text(m.stop)}" if m.stop else f"from {first}, ongoing"


def medicine_lines(meds: Sequence[Medication], end: date) -> tuple[str, ...]:
    """One line per medicine (name, kind and dose), with its periods up to ``end``.

    Repeated courses of the same medicine share a line: the latest ``MAX_PERIODS`` are
    listed with dates, earlier ones counted with their first and last day.
    """
    groups: dict[tuple[str, str, str], list[Medication]] = {}
    for m in sorted(meds, key=lambda m: (m.start, m.name)):
        if m.start <= end:
            groups.setdefault((m.name.strip().lower(), m.dose, m.kind.value), []).append(m)
    lines = []
    for courses in groups.values():
        m = courses[0]
        shown, earlier = courses[-MAX_PERIODS:], courses[:-MAX_PERIODS]
        text = f"{m.name} ({m.kind.value}){', ' + m.dose if m.dose else ''}: "
        text += "; ".join(_span(c) for c in shown)
        if earlier:
            last = earlier[-1].stop or earlier[-1].start
            text += (
                f"; and {plural(len(earlier), 'earlier period')} between "
                f"{day_text(earlier[0].start)} and {day_text(last)}"
            )
        notes = list(dict.fromkeys(c.note for c in shown if c.note))
        lines.append(text + (f" ({'; '.join(notes)})" if notes else "") + ".")
    return tuple(lines)


def test_lines(notes: Sequence[HealthNote]) -> tuple[str, ...]:
    """One line per test or visit (the latest ``MAX_TESTS``), with its date and text."""
    items = sorted(
        (n for n in notes if n.kind is not NoteKind.FLAG), key=lambda n: (n.day, n.topic)
    )
    lines = []
    if len(items) > MAX_TESTS:
        older = items[:-MAX_TESTS]
        lines.append(
            f"{plural(len(older), 'earlier test or visit', 'earlier tests and visits')} "
            f"between {day_text(older[0].day)} and {day_text(older[-1].day)} (not listed)."
        )
        items = items[-MAX_TESTS:]
    for n in items:
        text = f": {n.text}" if n.text else ""
        lines.append(f"{day_text(n.day)}, {n.kind.value} – {n.topic}{text}")
    return tuple(lines)


def _context(f: FactorResult) -> str:
    """Days-with/without averages, for a factor that could not be checked."""
    hi, lo = f.higher, f.lower
    if hi.episodes_per_day is None or lo.episodes_per_day is None:
        return ""
    binary = f.unit == "on vs off"
    with_word = "on days taking it" if binary else "on days with more"
    without = "on days without it" if binary else "on days with less"
    high, low = number_text(hi.episodes_per_day), number_text(lo.episodes_per_day)
    return (
        f" For context only: {high} episode{'' if high == '1' else 's'} a day {with_word} "
        f"({plural(hi.days, 'day')}), {low} {without} ({plural(lo.days, 'day')})."
    )


#: Where a pattern sentence turns from the finding to the caveats it shares with the others.
_CAVEAT_START = " This is based on "

#: The caveats, said once above the findings on page 1.
FACTORS_CAVEAT = (
    "Each finding takes the overall trend and how twitchy the previous days were into account. "
    "None of them shows a cause: something that tends to come with a factor could be behind it."
)
FULL_WORDING = " Patterns are shortened here; their full wording is under Details."


def short_finding(sentence: str, days: int) -> str:
    """The finding without its shared caveats, with the days it rests on.

    Falls back to the whole sentence when the analysis wording has no caveat part.
    """
    head, found, _ = sentence.partition(_CAVEAT_START)
    if not found:
        return sentence
    return f"{head} Based on {plural(days, 'day')}."


def _ratio(iv: Interval | None) -> RateRatio | None:
    return None if iv is None else RateRatio(iv.value, iv.low, iv.high)


def factor_lines(analysis: Analysis) -> tuple[FactorLine, ...]:
    """Each factor's finding in the analysis module's words, patterns first."""
    rank = {v: i for i, v in enumerate(VERDICT_ORDER)}
    ordered = sorted(analysis.factors, key=lambda f: rank[f.verdict])
    out = []
    for f in ordered:
        sentence = f.sentence
        if f.verdict is Verdict.NOT_ENOUGH_DATA:
            sentence += _context(f)
        out.append(
            FactorLine(
                label=f.label,
                unit=f.unit,
                verdict=VERDICT_WORDS[f.verdict],
                sentence=sentence,
                short=short_finding(sentence, f.analysable_days),
                days=f.analysable_days,
                same_day=_ratio(f.rr_same_day),
                day_before=_ratio(f.rr_previous_day),
                both_days=_ratio(f.rr_two_day),
                p_adjusted=f.p_adjusted,
                higher_mean=f.higher.episodes_per_day,
                higher_days=f.higher.days,
                lower_mean=f.lower.episodes_per_day,
                lower_days=f.lower.days,
                factor=f.factor,
            )
        )
    return tuple(out)


def pattern_line(f: FactorLine) -> str:
    """A pattern in one line: the factor, its size and plausible range, and its days."""
    head = f.short.partition(" Based on ")[0].rstrip(".")
    _, dash, size = head.partition(" – ")
    text = size if dash else head
    return f"{f.label[:1].upper()}{f.label[1:]}: {text}; {plural(f.days, 'day')}."


def others_line(factors: Sequence[FactorLine]) -> str:
    """One line for every factor that showed no pattern ("6 other factors checked: ...")."""
    rest = [f for f in factors if f.verdict != VERDICT_WORDS[Verdict.PATTERN]]
    if not rest:
        return ""
    counts: dict[str, int] = {}
    for f in rest:
        counts[f.verdict] = counts.get(f.verdict, 0) + 1
    parts = "; ".join(f"{n} {verdict}" for verdict, n in counts.items())
    other = "other " if len(rest) < len(factors) else ""
    return f"{plural(len(rest), other + 'factor')} checked: {parts}; details on page 2."


def caption(factors: Sequence[FactorLine], verdict: str) -> str:
    """The summary chart's one-line caption: the patterns in few words and the course."""
    found = [f for f in factors if f.verdict == VERDICT_WORDS[Verdict.PATTERN]]
    more = [f.label for f in found if f.both_days is None or f.both_days.value >= 1]
    fewer = [f.label for f in found if f.both_days is not None and f.both_days.value < 1]
    parts = []
    if more:
        parts.append("more twitches with " + ", ".join(more))
    if fewer:
        parts.append("fewer twitches with " + ", ".join(fewer))
    if parts:
        text = "Patterns: " + "; ".join(parts) + "."
    elif factors and all(f.verdict == VERDICT_WORDS[Verdict.NOT_ENOUGH_DATA] for f in factors):
        text = "Too few days to check any factor yet."
    elif factors:
        text = "No factor showed a clear pattern yet."
    else:
        text = "No factors logged."
    return (
        f"{text} Course: {verdict}. Associations in one person's diary, not causes; "
        "hatched: days not logged."
    )
