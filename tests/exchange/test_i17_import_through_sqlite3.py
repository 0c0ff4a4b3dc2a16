"""Issue 17: ``import`` matches and writes through ``sqlite3`` (``storage/bulk_import.py``),
without SQLAlchemy or SQLModel, and keeps the rules of the SQLModel path: one transaction,
busy is exit 75 with nothing written, a dry run writes nothing."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from twitchlog.cli.main import run
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.models import Episode
from twitchlog.domain.own_symptoms import custom_symptom
from twitchlog.storage.bulk_import import import_entries
from twitchlog.storage.journal import Journal


def _episodes(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return sorted(r[0] for r in conn.execute("SELECT site FROM episodes"))
    finally:
        conn.close()


@pytest.fixture
def export_file(tmp_path: Path) -> Path:
    """An export of another journal with two episodes and a day log."""
    other = tmp_path / "other" / "journal.sqlite3"
    other.parent.mkdir(mode=0o700)
    assert run(["--db", str(other), "log", "calf", "--side", "left"]) == 0
    assert run(["--db", str(other), "log", "thumb", "--side", "right"]) == 0
    assert run(["--db", str(other), "day", "--stress", "3"]) == 0
    out = tmp_path / "other.json"
    assert run(["--db", str(other), "export", "--format", "json", "--out", str(out)]) == 0
    return out


def test_i17_import_loads_no_sqlalchemy_or_sqlmodel(tmp_path: Path, export_file: Path) -> None:
    """A dry run and ``--apply`` into a new and into an existing journal: SQLAlchemy, SQLModel
    and pydantic stay out (importing them was a third of a 1-year import's start), and so do
    the other commands' modules."""
    db = tmp_path / "mine" / "journal.sqlite3"
    db.parent.mkdir(mode=0o700)
    code = (
        "import sys, json\n"
        "from twitchlog.cli.main import run\n"
        f"db, src = {str(db)!r}, {str(export_file)!r}\n"
        "assert run(['--db', db, 'import', src, '--apply']) == 0\n"  # a new journal
        "assert run(['--db', db, 'import', src]) == 0\n"  # a dry run on an existing one
        "assert run(['--db', db, 'import', src, '--apply']) == 0\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules = json.loads(out.stdout.strip().splitlines()[-1])
    assert {m.split(".")[0] for m in modules} & {"sqlalchemy", "sqlmodel", "pydantic"} == set()
    # its one-command app (cli/main.py): no other command's module, no 47-command app
    others = ("app", "cmd_day", "cmd_experiment", "cmd_health", "cmd_report", "cmd_status")
    assert {f"twitchlog.cli.{m}" for m in others} & set(modules) == set()
    assert _episodes(db) == ["calf", "thumb"]


def test_i17_import_into_a_busy_journal_is_exit_75_and_writes_nothing(
    tmp_path: Path,
    export_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Another process holds the write lock for longer than the busy timeout: the import
    says the journal is busy (exit 75) and nothing of the file is in the journal after."""
    db = tmp_path / "mine" / "journal.sqlite3"
    db.parent.mkdir(mode=0o700)
    assert run(["--db", str(db), "log", "eyelid"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("TWITCHLOG_BUSY_TIMEOUT_MS", "200")
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        code = run(["--db", str(db), "import", str(export_file), "--apply"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert code == 75, err
    assert "busy" in err
    assert _episodes(db) == ["eyelid"]
    assert run(["--db", str(db), "import", str(export_file), "--apply"]) == 0  # once free
    assert _episodes(db) == ["calf", "eyelid", "thumb"]


def test_i17_a_dry_run_writes_nothing(tmp_path: Path, export_file: Path) -> None:
    db = tmp_path / "mine" / "journal.sqlite3"
    db.parent.mkdir(mode=0o700)
    assert run(["--db", str(db), "log", "eyelid"]) == 0
    before = db.read_bytes()
    assert run(["--db", str(db), "import", str(export_file)]) == 0
    assert db.read_bytes() == before


def test_i17_an_own_symptom_gone_since_the_files_were_read_is_refused(journal: Journal) -> None:
    """The episodes are not validated twice while every own symptom and place they were
    checked against is still known; one deleted between reading the files and the write
    (another process) brings the check back: refused in the domain's words, nothing written."""
    strain = custom_symptom("eye strain")
    episode = Episode(
        id="ep-1",
        started_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
        timezone="Europe/Berlin",
        local_date=date(2026, 3, 1),
        site="eyelid",
        symptoms=frozenset({strain.key}),
    )
    # read_import knew the symptom from the journal
    checked: tuple[set[str], set[str]] = (set(), {strain.key})
    with pytest.raises(ValidationError) as caught:
        import_entries(journal, episodes=[episode], checked_against=checked)
    assert caught.value.field == "symptoms"
    assert "eye strain" in caught.value.message
    assert _episodes(journal.path) == []
    counts = import_entries(journal, episodes=[episode], symptoms=[strain], checked_against=checked)
    assert counts.episodes == 1
    assert _episodes(journal.path) == ["eyelid"]
