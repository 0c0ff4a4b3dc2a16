"""D1 on the command line: ``edit`` writes only the fields given, and every write moves the
record's revision on, so a form that loaded the record earlier notices."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.cli.conftest import CliRunner
from twitchlog.domain.models import DayLog, Episode
from twitchlog.storage import repository as repo
from twitchlog.storage.journal import Journal


def test_d1_cli_edit_writes_only_the_fields_given(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer saves the intensity between ``edit`` reading the episode and writing it:
    ``edit --note X --for 45s`` must not put the old intensity back."""
    assert cli("log", "calf", "--at", "2026-11-20 10:00", "-i", "3").code == 0
    journal = Journal(db)
    ident = repo.list_episodes(journal, limit=1)[0].id
    real_get = repo.get_episode

    def get_then_someone_else_saves(j: Journal, episode_id: str) -> Episode:
        loaded = real_get(j, episode_id)
        other = Journal(db)
        repo.update_episode(other, replace(real_get(other, ident), intensity=9))
        other.dispose()
        return loaded

    monkeypatch.setattr(repo, "get_episode", get_then_someone_else_saves)
    assert cli("edit", ident, "--note", "X", "--for", "45s").code == 0
    monkeypatch.undo()
    ep = repo.get_episode(journal, ident)
    assert (ep.note, ep.duration_s, ep.intensity) == ("X", 45, 9)


def test_d1_every_cli_write_moves_the_revision_on(cli: CliRunner, db: Path) -> None:
    """``log``, ``edit`` and ``day`` each leave a newer revision and change time behind."""
    assert cli("log", "calf", "-i", "3").code == 0
    journal = Journal(db)
    first = repo.list_episodes(journal, limit=1)[0]
    assert first.revision == 1 and first.updated_at is not None
    assert cli("edit", first.id, "-i", "4").code == 0
    second = repo.get_episode(journal, first.id)
    assert second.revision == 2 and second.updated_at is not None
    assert second.updated_at > first.updated_at
    assert cli("day", "--stress", "3").code == 0
    assert cli("day", "--sleep", "7").code == 0
    (day,) = repo.list_days(journal)
    assert day.revision == 2 and day.stress == 3 and day.sleep_h == 7
    # the day is the app's local day (TZ=Europe/Berlin in these tests), not the machine's
    # UTC date: the two differ after 23:00 UTC
    assert isinstance(day, DayLog) and day.day <= datetime.now(ZoneInfo("Europe/Berlin")).date()
