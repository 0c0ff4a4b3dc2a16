"""Issue 17: export reads the journal through the driver (``storage/bulk.py``), exactly as the
SQLModel reads did, and says a damaged file as they did."""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.exchange.exchange_samples import awkward_journal
from tests.exchange.test_experiments_exchange import sample_experiments
from tests.exchange.test_own_factors_exchange import ANX, COLD, FOOD
from twitchlog.cli.main import run
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.models import DayLog, Episode
from twitchlog.domain.own_sites import custom_site
from twitchlog.exchange import JournalData
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
    # every kind of record the exchange carries is read (a new one must be added to bulk.py)
    missing = {f.name for f in dataclasses.fields(JournalData)} - set(got)
    assert not missing, f"storage/bulk.read_everything does not read {missing}: export drops it"
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


def _counts(path: Path) -> tuple[int, ...]:
    conn = sqlite3.connect(path)
    try:
        tables = ("episodes", "day_logs", "day_factor_values", "factor_defs")
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)
    finally:
        conn.close()


def test_bulk_import_refuses_a_bad_own_value_on_a_new_day_and_writes_nothing(
    journal: Journal,
) -> None:
    """Episodes go in with one executemany before the days are checked: a day after them with
    an own factor's value out of range still rolls the whole import back, with the message
    the day-by-day path gave (the factor in the person's words and its range), after the day."""
    data = awkward_journal()
    days = [
        DayLog(day=date(2026, 3, 1), custom={ANX.key: 6.0}),
        DayLog(day=date(2026, 3, 2), custom={ANX.key: 11.0}),
    ]
    with pytest.raises(ValidationError) as caught:
        repo.import_entries(journal, episodes=data.episodes, days=days, factors=(ANX,))
    assert caught.value.message == (
        "2026-03-02: Anxiety must be a whole number 0-10, for example 5 (got 11)"
    )
    assert _counts(journal.path) == (0, 0, 0, 0)
    undefined = [DayLog(day=date(2026, 3, 1), custom={"id-nowhere": 1.0})]
    with pytest.raises(ValidationError, match="factor 'id-nowhere' is not defined"):
        repo.import_entries(journal, episodes=data.episodes, days=undefined)
    assert _counts(journal.path) == (0, 0, 0, 0)


def test_bulk_import_writes_what_the_day_by_day_path_wrote(full_copy: Path) -> None:
    """New days with own values and drinks, new episodes: the stored rows (revision 1, a
    change time each) read back equal to what went in (times in whole seconds, as stored)."""
    journal = Journal.open(full_copy)
    try:
        episodes = repo.all_episodes(journal)
        days = repo.all_days(journal)
    finally:
        journal.dispose()
    assert all(e.revision == 1 and e.updated_at is not None for e in episodes)
    assert all(d.revision == 1 and d.updated_at is not None for d in days)
    expected = awkward_journal()

    def whole(e: Episode) -> Episode:
        return replace(e, started_at=e.started_at.replace(microsecond=0), recorded_at=None)

    assert sorted(map(whole, episodes), key=repr) == sorted(map(whole, expected.episodes), key=repr)
    plain = {d.day: replace(d, custom={}) for d in days}
    assert all(plain[d.day] == d for d in expected.days)
    assert {d.day: d.custom for d in days if d.custom} == {
        date(2026, 3, 1): {ANX.key: 6.0, COLD.key: 1.0},
        date(2026, 3, 2): {FOOD.key: 2.5},
    }


def test_h2_import_into_a_journal_checks_it_once(
    full_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The journal's own places and symptoms were read by opening it twice more (an integrity
    check each: seconds on 20 years); it is opened once, and the import still knows them."""
    from twitchlog.storage import opening

    out = tmp_path / "all.json"
    assert run(["--db", str(full_copy), "export", "--format", "json", "--out", str(out)]) == 0
    calls: list[Path] = []
    real = opening.prepare

    def counted(path: Path, **kwargs: Any) -> int:
        calls.append(path)
        return real(path, **kwargs)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(opening, "prepare", counted)
        code = run(["--db", str(full_copy), "import", str(out), "--apply"])
    said = capsys.readouterr()
    assert code == 0, said
    assert "Nothing to import: every record is already in the journal." in said.out
    assert calls == [full_copy]
