"""The "At a glance" answers: one short paragraph per question of the doctor, with numbers.

Pure functions from query results and the analysis summary to plain sentences. Wording is
calm and descriptive: it says what was recorded, never what it means.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from twitchlog.analysis.model import Interval, Summary
from twitchlog.analysis.wording import half_of_days, trend_size, trend_verdict
from twitchlog.domain.models import Context, Kind, Medication, Symptom
from twitchlog.domain.own_symptoms import symptom_label
from twitchlog.domain.sites import Side, site_label
from twitchlog.report.model import Course, Section
from twitchlog.report.words import (
    course_text,
    day_text,
    duration_text,
    number_text,
    place_text,
    plural,
    share_text,
)
from twitchlog.storage.report_queries import (
    Character,
    KindDurations,
    SiteSide,
    Symptoms,
    WeekCount,
)

#: How many places the "Where" sentence names; the rest are in the per-site table.
MAX_PLACES = 8
#: Medicines started this many days before onset are mentioned with it.
ONSET_WINDOW_DAYS = 30


@dataclass(frozen=True, slots=True)
class Frequency:
    """Counts behind "How often" for the period."""

    episodes: int
    logged_days: int
    twitch_days: int
    summary: Summary


def onset(
    first_episode: date | None,
    entered: date | None,
    first_sites: Sequence[str],
    medications: Sequence[Medication],
    end: date,
) -> Section:
    """When it started (recorded and as entered), how long the course is, medicines just before."""
    parts: list[str] = []
    if first_episode is None and entered is None:
        return Section("Onset", ("No episode recorded yet, and no onset date entered.",))
    if first_episode is not None:
        where = f" ({', '.join(first_sites)})" if first_sites else ""
        parts.append(f"First recorded episode: {day_text(first_episode)}{where}.")
    if entered is not None:
        parts.append(f"Onset as entered by the person: {day_text(entered)}.")
    begin = min(d for d in (first_episode, entered) if d is not None)
    parts.append(f"Course up to {day_text(end)}: {course_text((end - begin).days + 1)}.")
    before = [
        m for m in medications if begin - timedelta(days=ONSET_WINDOW_DAYS) <= m.start <= begin
    ]
    if before:
        names = ", ".join(f"{m.name} ({day_text(m.start)})" for m in before)
        parts.append(f"Started in the {ONSET_WINDOW_DAYS} days before: {names}.")
    else:
        parts.append(
            f"No medicine or supplement was recorded as started in the {ONSET_WINDOW_DAYS} "
            "days before."
        )
    return Section("Onset", (" ".join(parts),))


def where(places: Sequence[SiteSide]) -> Section:
    """Sites and sides with their episode counts and the day each was first seen."""
    if not places:
        return Section("Where", ("No episodes recorded in this period.",))
    ranked = sorted(places, key=lambda p: (-p.episodes, p.first_seen))
    shown = ranked[:MAX_PLACES]
    items = "; ".join(
        f"{place_text(p.site, p.side)} {p.episodes} (first seen {day_text(p.first_seen)})"
        for p in shown
    )
    more = len(ranked) - len(shown)
    tail = (
        f"; and {plural(more, 'other place')} (all are in the table of places under Details)"
        if more > 0
        else ""
    )
    return Section("Where", (f"Episodes by place: {items}{tail}.",))


def spread(places: Sequence[SiteSide], start: date) -> Section:
    """One place or several, and which places were new in the period (spread over time)."""
    if not places:
        return Section("Spread", ("No episodes recorded in this period.",))
    total = sum(p.episodes for p in places)
    sites = sorted({p.site for p in places})
    top = max(places, key=lambda p: p.episodes)
    if len(places) == 1:
        text = f"All episodes were in one place: {place_text(top.site, top.side)}."
    else:
        text = (
            f"Episodes were recorded in {plural(len(places), 'place')} "
            f"({plural(len(sites), 'body site')}); the most frequent, "
            f"{place_text(top.site, top.side)}, had {share_text(top.episodes, total)} of them."
        )
    new = sorted((p for p in places if p.first_seen >= start), key=lambda p: p.first_seen)
    if new:
        text += " New in this period: " + ", ".join(
            f"{place_text(p.site, p.side)} from {day_text(p.first_seen)}" for p in new[:MAX_PLACES]
        )
        more = len(new) - MAX_PLACES
        text += f" and {plural(more, 'more place')}." if more > 0 else "."
    else:
        text += " No new places in this period: each was first seen before it began."
    two_sided = sorted(
        {
            p.site
            for p in places
            if {Side.LEFT, Side.RIGHT} <= {q.side for q in places if q.site == p.site}
        }
    )
    if two_sided:
        text += " Seen on both left and right: " + ", ".join(map(site_label, two_sided)) + "."
    return Section("Spread", (text,))


def trend_text(trend: Interval | None) -> str:
    """The trend per 30 days in words: the verdict, then its size with its 95 % interval."""
    if trend is None:
        return "Trend: not enough logged days to tell (needs 28)."
    return f"Trend: {trend_verdict(trend)}; {trend_size(trend, '95 % interval', 'episodes')}."


def how_often(f: Frequency, with_trend: bool = True) -> Section:
    """Episodes per logged day, twitch-free days, twitch-days per week and (optionally) the
    trend, which page 1 shows beside the course chart instead.
    """
    if f.logged_days == 0:
        return Section("How often", ("No day was logged in this period.",))
    s = f.summary
    mean = f.episodes / f.logged_days
    text = (
        f"{plural(f.episodes, 'episode')} on {plural(f.logged_days, 'logged day')}: "
        f"{number_text(mean)} per logged day"
    )
    q1, q3 = s.episodes_per_day_q1, s.episodes_per_day_q3
    if s.episodes_per_day_median is not None and q1 is not None and q3 is not None:
        text += f" (median {number_text(s.episodes_per_day_median)}; {half_of_days(q1, q3)})"
    free = f.logged_days - f.twitch_days
    per_week = 7 * f.twitch_days / f.logged_days
    text += (
        f". Twitch-free days: {free} of {f.logged_days} ({share_text(free, f.logged_days)}); "
        f"days with episodes: {number_text(per_week)} a week."
    )
    if with_trend:
        text += " " + trend_text(s.trend_rr_per_30_days)
    return Section("How often", (text,))


def how_long(kinds: Sequence[KindDurations]) -> Section:
    """Median and range of the duration per kind of episode."""
    if not kinds:
        return Section("How long", ("No episodes recorded in this period.",))
    parts = []
    for k in kinds:
        label = f"{_KIND_PLURAL[k.kind]} ({k.episodes})"
        if k.median_s is None or k.min_s is None or k.max_s is None:
            parts.append(f"{label}: no durations recorded")
        else:
            parts.append(
                f"{label}: median {duration_text(k.median_s)}, from {duration_text(k.min_s)} "
                f"to {duration_text(k.max_s)}"
            )
    return Section("How long", ("; ".join(parts) + ".",))


_KIND_PLURAL: dict[Kind, str] = {
    Kind.TWITCH: "Twitches",
    Kind.CRAMP: "Cramps",
    Kind.SPASM: "Spasms",
}

_CONTEXT_WORDS: dict[Context | None, str] = {
    Context.REST: "at rest",
    Context.ACTIVITY: "during activity",
    Context.AFTER_EXERCISE: "after exercise",
    None: "not given",
}
_VISIBLE_WORDS: dict[bool | None, str] = {
    True: "visible to others",
    False: "only felt",
    None: "not given",
}


def _shares(counts: dict[Any, int], words: dict[Any, str], total: int, what: str) -> str:
    known = ", ".join(
        f"{word} {counts[key]} ({share_text(counts[key], total)})"
        for key, word in words.items()
        if key is not None and counts.get(key)
    )
    missing = counts.get(None, 0)
    if not known:
        return f"{what}: not recorded."
    tail = f"; not given for {missing}" if missing else ""
    return f"{what}: {known}{tail}."


def character(c: Character) -> Section:
    """At rest or during activity; visible or only felt (counts and shares)."""
    total = sum(c.contexts.values())
    if total == 0:
        return Section("Character", ("No episodes recorded in this period.",))
    started = _shares(c.contexts, _CONTEXT_WORDS, total, "Started")
    seen = _shares(c.visible, _VISIBLE_WORDS, total, "Seen as")
    return Section("Character", (f"{started} {seen}",))


def other_symptoms(s: Symptoms) -> Section:
    """Each symptom with its count, the person's own ones too (by name), the built-in ones
    none recorded, and cramps at night."""
    named = [f"{symptom_label(sym)} {n}" for sym, n in s.counts.items() if n]
    none = [sym.value for sym in Symptom if not s.counts.get(sym)]
    parts = []
    if named:
        parts.append("Episodes with " + ", ".join(named) + ".")
    if none:
        parts.append("None recorded: " + ", ".join(none) + ".")
    if s.cramps:
        parts.append(f"Cramps: {s.cramps}, of them {s.night_cramps} at night (22:00 to 06:00).")
    else:
        parts.append("Cramps: none recorded.")
    return Section("Other symptoms", (" ".join(parts),))


def where_line(places: Sequence[SiteSide], start: date) -> str:
    """The one line under the body map: how many places, the most frequent, what is new."""
    if not places:
        return "No episodes recorded in this period."
    total = sum(p.episodes for p in places)
    sites = {p.site for p in places}
    top = max(places, key=lambda p: (p.episodes, -p.first_seen.toordinal()))
    text = (
        f"{plural(len(places), 'place')} at {plural(len(sites), 'body site')}; most often "
        f"{place_text(top.site, top.side)} ({top.episodes}, {share_text(top.episodes, total)})."
    )
    new = sorted((p for p in places if p.first_seen >= start), key=lambda p: p.first_seen)
    if new:
        names = ", ".join(
            f"{place_text(p.site, p.side)} from {day_text(p.first_seen)}" for p in new[:3]
        )
        more = f" and {len(new) - 3} more" if len(new) > 3 else ""
        text += f" New in this period: {names}{more}."
    else:
        text += " No new places in this period."
    return text


def trend_words(trend: Interval | None) -> tuple[str, str]:
    """The period's trend as a verdict and its number, for beside the course chart."""
    if trend is None:
        return "too few logged days to tell", "needs 28 logged days"
    if trend.low > 1.0:
        verdict = "more than before"
    elif trend.high < 1.0:
        verdict = "fewer than before"
    else:
        verdict = "no clear change"
    return verdict, trend_size(trend, "95 % interval", "episodes")


def course(weeks: Sequence[WeekCount], start: date, end: date, trend: Interval | None) -> Course:
    """Episodes per logged day, week by week over the whole diary, and the trend words.

    Per logged day, not per week: a week with only some days logged (the first and the last
    week of most diaries) is then shown at its own level instead of scaled up to 7 days.
    """
    verdict, detail = trend_words(trend)
    return Course(
        weeks=tuple(w.start for w in weeks),
        per_week=tuple(w.episodes / w.logged_days if w.logged_days else None for w in weeks),
        start=start,
        end=end,
        verdict=verdict,
        detail=detail,
    )
