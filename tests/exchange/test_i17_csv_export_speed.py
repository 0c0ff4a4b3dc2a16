"""Issue 17: a CSV export writes ``episodes.csv`` without a dict per episode
(``csv_format.episode_cells``) and, from the CLI, straight from the stored columns
(``csv_format.stored_episode_cells`` over ``bulk.read_stored_episodes``). Both must write
exactly the bytes of the plain way: every cell of ``episode_row`` and ``csv_extra_cells``,
each through ``escape_formula``."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from tests.exchange.exchange_samples import awkward_journal
from tests.exchange.test_exchange_bulk import _full_journal
from twitchlog.cli.main import run
from twitchlog.domain.models import Episode
from twitchlog.exchange import JournalData, export_csv, table_csv
from twitchlog.exchange.cells import escape_formula
from twitchlog.exchange.csv_format import (
    STORED_EPISODE_COLUMNS,
    csv_columns,
    episode_cells,
    stored_episode_cells,
)
from twitchlog.exchange.rows import csv_extra_cells, episode_row
from twitchlog.exchange.tables import EPISODES
from twitchlog.storage.bulk import read_everything
from twitchlog.storage.journal import Journal
from twitchlog.storage.records import EPISODE_COLUMNS


def _plain_rows(episodes: list[Episode]) -> list[list[str]]:
    """The rows as the CSV writer made them before issue 17: a dict per episode."""
    columns = csv_columns(EPISODES)
    return [
        [escape_formula((episode_row(e) | csv_extra_cells(e))[c]) for c in columns]
        for e in episodes
    ]


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    """A journal with every kind of record, awkward episodes among them, and stored episode
    texts that are valid but not in the shape twitchlog writes them."""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    journal = Journal.open(folder / "journal.sqlite3")
    try:
        _full_journal(journal)
    finally:
        journal.dispose()
    conn = sqlite3.connect(journal.path, isolation_level=None)
    try:
        # symptoms unsorted, repeated, with empty parts; an id a spreadsheet would run
        odd = "weakness;;pain;weakness;"
        conn.execute("UPDATE episodes SET symptoms = ? WHERE id = 'ep-001'", (odd,))
        conn.execute("UPDATE episodes SET id = '-ep-2', visible = 0 WHERE id = 'ep-002'")
        conn.execute("UPDATE episodes SET visible = 1, side = 'left' WHERE id = 'ep-003'")
    finally:
        conn.close()
    return journal.path


def test_i17_episode_cells_are_the_plain_rows() -> None:
    episodes = EPISODES.sorted_values(awkward_journal())
    episodes.append(replace(episodes[5], id="=1+1", timezone="Asia/Kolkata"))  # imported ids
    assert len(episodes) > 20
    assert list(episode_cells(episodes)) == _plain_rows(episodes)


def test_i17_the_csv_columns_are_stored_columns() -> None:
    assert set(STORED_EPISODE_COLUMNS) <= set(EPISODE_COLUMNS)


def test_i17_stored_episode_cells_are_the_domain_values_rows(journal_path: Path) -> None:
    as_values = read_everything(journal_path)["episodes"]
    as_stored = read_everything(journal_path, episode_columns=STORED_EPISODE_COLUMNS)
    episodes = EPISODES.sorted_values(JournalData(episodes=as_values))
    want = _plain_rows(episodes)
    got = [
        ["" if c is None else str(c) for c in row]  # what the CSV writer makes of them
        for row in stored_episode_cells(as_stored["episodes"])
    ]
    assert got == want
    assert any(row[11] == "pain;weakness" for row in got)
    assert any(row[0] == "'-ep-2" for row in got)


def test_i17_csv_export_writes_the_bytes_of_the_domain_values(
    journal_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run(["--db", str(journal_path), "export", "--format", "csv", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    data = JournalData(**read_everything(journal_path))
    assert f"Exported {len(data.episodes)} episodes, " in said
    plain = tmp_path / "plain"
    export_csv(plain, data)
    for path in sorted(plain.iterdir()):
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in plain.iterdir())
    assert (out / "episodes.csv").read_bytes() == table_csv(EPISODES, data).encode()


def test_i17_stored_episode_cells_refuse_a_day_the_calendar_lacks(journal_path: Path) -> None:
    conn = sqlite3.connect(journal_path, isolation_level=None)
    try:  # the shape the CHECK constraint holds, a day that does not exist
        conn.execute("UPDATE episodes SET local_date = '2026-02-30' WHERE id = 'ep-001'")
    finally:
        conn.close()
    stored = read_everything(journal_path, episode_columns=STORED_EPISODE_COLUMNS)["episodes"]
    with pytest.raises(ValueError, match="day is out of range"):
        list(stored_episode_cells(stored))
    with pytest.raises(ValueError, match="day is out of range"):
        read_everything(journal_path)  # as reading it into a domain value fails
