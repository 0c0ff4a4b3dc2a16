"""Issue 14: the report counts the person's own symptoms with their names, and an own
symptom's name never counts as a built-in one."""

from __future__ import annotations

from datetime import UTC, date, datetime

from twitchlog.domain.models import Episode, Symptom
from twitchlog.domain.own_symptoms import custom_symptom
from twitchlog.report import glance
from twitchlog.storage import report_queries as q
from twitchlog.storage import repository as repo
from twitchlog.storage.journal import Journal

DAY = date(2026, 3, 2)


def _ep(n: int, *symptoms: str) -> Episode:
    started = datetime(2026, 3, 2, 9, n, tzinfo=UTC)
    return Episode(
        f"00000000-0000-4000-8000-{n:012d}",
        started,
        "UTC",
        DAY,
        "calf",
        symptoms=frozenset(symptoms),
        recorded_at=started,
    )


def test_h5_own_symptom_containing_weakness_is_no_weakness_day(journal: Journal) -> None:
    """``weakness in hands`` (an own symptom) is not the red-flag symptom weakness: its day
    is no weakness day, and it is counted under its own name."""
    mine = custom_symptom("weakness in hands")
    repo.import_entries(journal, episodes=[_ep(1, mine.key)], symptoms=[mine])
    found = q.symptoms(journal, DAY, DAY)
    assert found.weakness_days == ()
    assert found.counts == {"weakness_in_hands": 1}


def test_other_symptoms_lists_own_ones_by_name_beside_the_built_ins(journal: Journal) -> None:
    strain = custom_symptom("eye strain")
    episodes = [_ep(1, strain.key, Symptom.PAIN), _ep(2, strain.key), _ep(3, Symptom.WEAKNESS)]
    repo.import_entries(journal, episodes=episodes, symptoms=[strain])
    found = q.symptoms(journal, DAY, DAY)
    assert found.weakness_days == (DAY,)
    (line,) = glance.other_symptoms(found).paragraphs
    assert line.startswith("Episodes with eye strain 2, pain 1, weakness 1.")
    assert "None recorded: numbness, tingling, stiffness, fatigue." in line
