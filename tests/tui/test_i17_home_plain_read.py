"""Issue 17: Home's data is read with ``sqlite3`` alone (``storage/glance.py``); it must be what
the SQLModel repository returns for the same journal."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.tui.conftest import TODAY
from twitchlog.domain.factors import FactorKind, custom_factor
from twitchlog.domain.models import DayLog
from twitchlog.storage.custom import add_factor, list_factors
from twitchlog.storage.errors import JournalError
from twitchlog.storage.journal import Journal
from twitchlog.storage.repository import (
    last_episode,
    list_days,
    list_episodes,
    list_health_notes,
    list_medications,
    replace_day_log,
)
from twitchlog.storage.views import health_notes_until, home_view


def test_home_view_read_with_sqlite3_matches_the_repository(seeded: Journal) -> None:
    """Day logs (with an own factor's value), the last episode, medicines, notes and own
    factor names are the same values the repository reads."""
    factor = add_factor(seeded, custom_factor("f1", "jaw clench", FactorKind.SCALE))
    replace_day_log(seeded, DayLog(day=TODAY, checked_in=True, custom={factor.key: 4.0}))
    view = home_view(seeded, TODAY)
    assert view.days == {d.day: d for d in list_days(seeded, start=view.window_start, end=TODAY)}
    assert view.days[TODAY].custom == {factor.key: 4.0}
    assert view.last == last_episode(seeded)
    assert list(view.medications) == list_medications(seeded, active_on=TODAY)
    assert view.own_names == {f.key: f.short for f in list_factors(seeded)} == {"f1": "jaw clench"}
    assert health_notes_until(seeded, TODAY) == list_health_notes(seeded, end=TODAY)
    assert not view.empty and view.window_start == TODAY - timedelta(days=TODAY.weekday() + 77)


def test_i17_last_episode_at_the_same_instant_is_the_newest_id(seeded: Journal) -> None:
    """Home's last episode is found through the start-time index (no scan of every episode);
    of episodes started at the same latest instant it is the one with the greatest id, as the
    repository orders them."""
    from dataclasses import replace as copy

    from twitchlog.storage.repository import add_episode

    latest = max(list_episodes(seeded), key=lambda e: e.started_at)
    for n in (901, 902):
        add_episode(seeded, copy(latest, id=f"00000000-0000-4000-8000-000000000{n}"))
    found = home_view(seeded, TODAY).last
    assert found is not None and found.id == "00000000-0000-4000-8000-000000000902"
    assert found == last_episode(seeded)


def test_home_view_refuses_a_schema_it_does_not_know(journal: Journal) -> None:
    """A journal another program moved to a newer schema while the app was open is not read
    with this program's columns."""
    conn = journal.raw()
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA user_version = {version + 1}")
    finally:
        conn.close()
    with pytest.raises(JournalError, match="schema changed"):
        home_view(journal, TODAY)
