"""Shared fixtures: every test runs with its own home, so the user's journal is never touched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from twitchlog.storage.journal import Journal


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point data and config folders at a temporary home; fix zone and busy timeout."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("TWITCHLOG_DB", raising=False)
    monkeypatch.delenv("TWITCHLOG_NOW", raising=False)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    return home


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    """A path for a new journal file in a private temporary folder."""
    folder = tmp_path / "j"
    folder.mkdir(mode=0o700)
    return folder / "journal.sqlite3"


@pytest.fixture
def journal(journal_path: Path) -> Iterator[Journal]:
    """A new, migrated journal."""
    j = Journal.open(journal_path)
    yield j
    j.dispose()
