"""A journal full of awkward values, for the exchange round-trip tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from twitchlog.domain import (
    Context,
    DayLog,
    Episode,
    HealthNote,
    Kind,
    Medication,
    MedKind,
    NoteKind,
    Side,
    Symptom,
)
from twitchlog.domain.validation import MAX_NOTE_CHARS
from twitchlog.exchange import JournalData

#: The moment the tests pretend it is.
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)

#: Notes that break naive CSV writers and spreadsheets (control characters other than newline
#: and tab are refused at input, so none is here).
AWKWARD_TEXTS: tuple[str, ...] = (
    "plain",
    "comma, inside",
    'quote " inside and "quoted"',
    "line one\nline two\n\nline four",
    '=HYPERLINK("http://x")',
    "+1 cmd",
    "-2 minus",
    "@SUM(A1)",
    "\ttab first",
    "\nnewline first",
    "'already quoted",
    "''two quotes",
    "'=quote then formula",
    "[bold]markup[/bold] and [/ broken",
    "ünïcödé 日本語 😀 — em dash",
    " leading and trailing space ",
    "",
)


def _episode(n: int, started: datetime, tz: str, local: date, **kw: object) -> Episode:
    return Episode(
        id=f"ep-{n:03d}",
        started_at=started,
        timezone=tz,
        local_date=local,
        site=str(kw.pop("site", "eyelid")),
        **kw,  # type: ignore[arg-type]
    )


def awkward_journal() -> JournalData:
    """Episodes at DST edges and with awkward notes, sparse day logs, odd medicines and notes."""
    berlin = "Europe/Berlin"
    episodes = [
        # Just before and just after the spring-forward gap in Berlin (02:00 -> 03:00 local).
        _episode(1, datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC), berlin, date(2026, 3, 29)),
        _episode(2, datetime(2026, 3, 29, 1, 0, tzinfo=UTC), berlin, date(2026, 3, 29)),
        # Both occurrences of 02:30 in the autumn fold.
        _episode(3, datetime(2026, 10, 25, 0, 30, tzinfo=UTC), berlin, date(2026, 10, 25)),
        _episode(4, datetime(2026, 10, 25, 1, 30, tzinfo=UTC), berlin, date(2026, 10, 25)),
        # Other zones: a 45-minute offset, a negative offset, microseconds.
        _episode(5, datetime(2026, 5, 1, 3, 15, tzinfo=UTC), "Asia/Kathmandu", date(2026, 5, 1)),
        _episode(
            6,
            datetime(2026, 5, 2, 3, 15, 7, 123456, tzinfo=UTC),
            "America/New_York",
            date(2026, 5, 1),
            site="calf",
            side=Side.BOTH,
            kind=Kind.CRAMP,
            duration_s=86_400,
            intensity=10,
            context=Context.AFTER_EXERCISE,
            visible=False,
            symptoms=frozenset(Symptom),
            recorded_at=datetime(2026, 5, 2, 9, 0, tzinfo=UTC),
        ),
        _episode(
            7,
            datetime(2026, 6, 1, 10, 0, tzinfo=UTC),
            berlin,
            date(2026, 6, 1),
            note="x" * MAX_NOTE_CHARS,
            duration_s=1,
            intensity=1,
            visible=True,
        ),
    ]
    start = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    for i, text in enumerate(AWKWARD_TEXTS):
        started = start + timedelta(hours=i)
        episodes.append(
            _episode(100 + i, started, berlin, date(2026, 7, 1), note=text, site="thumb")
        )
    days = [
        DayLog(day=date(2026, 7, 1)),
        DayLog(
            day=date(2026, 7, 2),
            checked_in=True,
            caffeine_mg=0.0,
            drinks={"espresso": 2, "cola": 1},
            sleep_h=6.25,
            sleep_quality=1,
            stress=0,
            cigarettes=0,
            exercise_min=0,
            alcohol_drinks=0.5,
            water_l=0.30000000000000004,
            screen_h=24.0,
            note="-3 mg? =SUM",
        ),
        DayLog(day=date(2026, 7, 3), checked_in=True, caffeine_mg=2000.0, sleep_h=1e-05),
    ]
    days += [
        DayLog(day=date(2026, 8, 1) + timedelta(days=i), checked_in=i % 2 == 0, note=t)
        for i, t in enumerate(AWKWARD_TEXTS)
    ]
    medications = [
        Medication(
            id="med-1",
            name="Magnesium, citrate",
            start=date(2026, 1, 1),
            dose='400 mg "daily"',
            kind=MedKind.SUPPLEMENT,
            note="=cmd",
        ),
        Medication(
            id="med-2",
            name="@inhaler",
            start=date(2026, 2, 1),
            stop=date(2026, 2, 1),
            note="line\nbreak",
        ),
    ]
    notes = [
        HealthNote(
            id="hn-1",
            day=date(2026, 3, 1),
            kind=NoteKind.TEST,
            topic="blood test",
            text="Mg 0.85 mmol/l, TSH 1.2 — normal",
        ),
        HealthNote(
            id="hn-2", day=date(2026, 3, 2), kind=NoteKind.VISIT, topic="-GP-", text="'=1+1"
        ),
        HealthNote(id="hn-3", day=date(2026, 3, 3), kind=NoteKind.FLAG, topic="weakness", text=""),
    ]
    return JournalData(tuple(episodes), tuple(days), tuple(medications), tuple(notes))
