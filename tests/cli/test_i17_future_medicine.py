"""Issue 12 item 17: a medicine that starts later is listed with its start, not as taken."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from twitchlog.domain.models import Medication, new_id
from twitchlog.storage import repository as repo
from twitchlog.storage.journal import Journal


def test_i17_a_medicine_with_a_future_start_says_when_it_starts(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-12-01T12:00:00+01:00")
    assert cli("med", "add", "magnesium", "--start", "2026-11-01").code == 0
    # The app and an import may hold a planned start; the CLI's med add refuses one.
    journal = Journal(db)
    repo.add_medication(
        journal, Medication(id=new_id(), name="prednisone", start=date(2026, 12, 20))
    )
    journal.dispose()
    listed = cli("med", "list").out
    assert "prednisone (medicine), starts 2026-12-20" in listed, listed
    assert "magnesium (medicine), from 2026-11-01 ongoing" in listed, listed
