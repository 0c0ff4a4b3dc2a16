"""Issue 17: export reads the journal through the driver (``storage/bulk.py``), exactly as the
SQLModel reads did, and says a damaged file as they did."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.exchange.exchange_samples import awkward_journal
from tests.exchange.test_experiments_exchange import sample_experiments
from tests.exchange.test_own_factors_exchange import ANX, COLD, FOOD
from twitchlog.cli.main import run
from twitchlog.domain.models import DayLog
from twitchlog.domain.own_sites import custom_site
from twitchlog.storage import repository as repo
from twitchlog.storage.bulk import read_everything
from twitchlog.storage.custom import list_factors, list_sites
from twitchlog.storage.experiments import import_experiments, list_experiments
from twitchlog.storage.journal import Journal


def _all_fields(values: Any) -> list[tuple[Any, ...]]:
    """Every field, the change markers too (equality leaves them out)."""
    return [
        tuple(getattr(v, f.name) for f in dataclasses.fields(v)) for v in sorted(values, key=repr)
    ]


def _full_journal(journal: Journal) -> None:
    data = awkward_journal()
    site = custom_site("behind the knee", sided=False)
    days = [
        *data.days,
        DayLog(day=date(2026, 3, 1), checked_in=True, custom={ANX.key: 6.0, COLD.key: 1.0}),
        DayLog(day=date(2026, 3, 2), stress=2, custom={FOOD.key: 2.5}, tags_complete=True),
    ]
    repo.import_entries(
        journal,
        episodes=data.episodes,
        days=days,
        medications=data.medications,
        health_notes=data.health_notes,
        factors=(ANX, COLD, FOOD),
        sites=(site,),
    )
    import_experiments(journal, sample_experiments())


@pytest.fixture(scope="module")
def full_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A journal holding every kind of record, built once for this module."""
    folder = tmp_path_factory.mktemp("full")
    folder.chmod(0o700)
    journal = Journal.open(folder / "journal.sqlite3")
    try:
        _full_journal(journal)
    finally:
        journal.dispose()
    return journal.path


@pytest.fixture
def full_copy(full_db: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "copy"
    folder.mkdir(mode=0o700)
    target = folder / "journal.sqlite3"
    target.write_bytes(full_db.read_bytes())
    target.chmod(0o600)
    return target


def test_bulk_read_gives_what_the_sqlmodel_reads_give(full_copy: Path) -> None:
    journal = Journal.open(full_copy)
    got = read_everything(journal.path)
    assert _all_fields(got["episodes"]) == _all_fields(repo.all_episodes(journal))
    assert [e.id for e in got["episodes"]] == [e.id for e in repo.all_episodes(journal)]
    assert _all_fields(got["days"]) == _all_fields(repo.all_days(journal))
    assert [d.custom for d in got["days"]] == [d.custom for d in repo.all_days(journal)]
    assert _all_fields(got["medications"]) == _all_fields(repo.list_medications(journal))
    assert _all_fields(got["health_notes"]) == _all_fields(repo.list_health_notes(journal))
    assert list(got["factors"]) == list_factors(journal)
    assert list(got["sites"]) == list_sites(journal)
    assert list(got["experiments"]) == list_experiments(journal)
    assert len(got["experiments"]) == 2 and len(got["factors"]) == 3 and got["sites"]
    journal.dispose()


def test_export_of_a_stored_text_damaged_on_disk_is_said_as_damage(
    full_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A note whose bytes are no longer UTF-8: exit 65 naming the damage, the note never
    quoted, no file written (SQLite's own message would quote the text)."""
    secret = 'quote " inside and "quoted"'
    raw = full_copy.read_bytes()
    assert secret.encode() in raw
    full_copy.write_bytes(raw.replace(secret.encode(), b"\xff" + secret[1:].encode()))
    out = tmp_path / "out.json"
    code = run(["--db", str(full_copy), "export", "--format", "json", "--out", str(out)])
    said = capsys.readouterr()
    assert code == 65, said
    assert "not valid UTF-8" in said.err
    assert secret[1:] not in said.out + said.err
    assert not out.exists()


def test_export_reads_no_sqlmodel_rows(
    full_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The export's records come from the driver: the ORM reads are not called at all."""

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("export read through SQLModel")

    with pytest.MonkeyPatch.context() as m:
        for name in ("all_episodes", "all_days", "list_medications", "list_health_notes"):
            m.setattr(repo, name, refuse)
        for fmt in ("json", "csv"):
            out = tmp_path / f"out.{fmt}"
            code = run(["--db", str(full_copy), "export", "--format", fmt, "--out", str(out)])
            said = capsys.readouterr()
            assert code == 0, said
            assert "Exported 24 episodes" in said.out
