"""The column mapping keeps "not answered" apart from "no" and stores instants as UTC.

Hand mutations of ``storage/records.py`` that every other test let through: reading an
unanswered "visible or felt" back as "only felt", and writing a non-UTC instant's wall time
as if it were UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from twitchlog.domain.models import Episode
from twitchlog.storage import repository as repo
from twitchlog.storage.journal import Journal

BERLIN = ZoneInfo("Europe/Berlin")


def _episode(n: int, started_at: datetime, visible: bool | None) -> Episode:
    return Episode(
        id=f"00000000-0000-4000-8000-{n:012d}",
        started_at=started_at,
        timezone="Europe/Berlin",
        local_date=started_at.astimezone(BERLIN).date(),
        site="calf",
        visible=visible,
        recorded_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
    )


@pytest.mark.parametrize("visible", [None, True, False], ids=["not-answered", "visible", "felt"])
def test_visible_or_felt_reads_back_as_answered(journal: Journal, visible: bool | None) -> None:
    """An episode logged without answering "visible or felt" is not an "only felt" one."""
    saved = repo.add_episode(journal, _episode(1, datetime(2026, 3, 1, 9, 0, tzinfo=UTC), visible))
    assert repo.get_episode(journal, saved.id).visible is visible


def test_an_instant_given_in_local_time_is_stored_as_that_instant(journal: Journal) -> None:
    """14:05 in Berlin (CET) is 13:05 UTC, and reads back as the same moment."""
    local = datetime(2026, 3, 1, 14, 5, tzinfo=BERLIN)
    saved = repo.add_episode(journal, _episode(2, local, None))
    back = repo.get_episode(journal, saved.id)
    assert back.started_at == local
    assert back.started_at.astimezone(UTC) == datetime(2026, 3, 1, 13, 5, tzinfo=UTC)
