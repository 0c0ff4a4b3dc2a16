"""The demo person's medicines and health notes: magnesium from mid-way, an inhaler on and
off, one GP visit and one blood test with its result. No red flags.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from twitchlog.demo.episodes import episode_id
from twitchlog.domain.models import HealthNote, Medication, MedKind, NoteKind


def medications(rng: random.Random, start: date, end: date) -> list[Medication]:
    """Magnesium started half-way through; a reliever inhaler in blocks of 2-5 weeks."""
    days = (end - start).days + 1
    meds = [
        Medication(
            id=episode_id(rng),
            name="Magnesium citrate",
            start=start + timedelta(days=days // 2),
            dose="400 mg daily",
            kind=MedKind.SUPPLEMENT,
            note="with dinner",
        )
    ]
    on = start + timedelta(days=max(1, round(days * 0.12)))
    while on <= end:
        off = on + timedelta(days=rng.randint(14, 35))
        meds.append(
            Medication(
                id=episode_id(rng),
                name="Salbutamol inhaler",
                start=on,
                dose="100 µg as needed",
                kind=MedKind.MEDICINE,
                stop=off if off <= end else None,
                note="hay fever season" if on.month in (4, 5, 6) else "",
            )
        )
        on = off + timedelta(days=rng.randint(30, 90))
    return meds


def health_notes(rng: random.Random, start: date, end: date) -> list[HealthNote]:
    """A GP visit at about 30% of the period and a blood test a few days later."""
    days = (end - start).days + 1
    visit = start + timedelta(days=round(days * 0.3))
    test = min(end, visit + timedelta(days=4))
    return [
        HealthNote(
            id=episode_id(rng),
            day=visit,
            kind=NoteKind.VISIT,
            topic="GP visit",
            text="Talked about the eyelid and calf twitching. Examination normal; "
            "suggested less coffee, more sleep, and a blood test.",
        ),
        HealthNote(
            id=episode_id(rng),
            day=test,
            kind=NoteKind.TEST,
            topic="blood test",
            text="Electrolytes, magnesium, TSH, CK and vitamin B12 all within the normal range.",
        ),
    ]
