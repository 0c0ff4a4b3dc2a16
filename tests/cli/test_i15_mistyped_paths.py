"""Issue 12 item 15: a mistyped path creates nothing. Commands that only read never create a
journal (exit 2, "there is no journal ... start one"); a named folder that does not exist is
never created (exit 2), for the journal and for outputs alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from twitchlog.cli.main import run

READ_COMMANDS = [
    ("list",),
    ("list", "--days"),
    ("analyze",),
    ("report", "--out", "r.pdf"),
    ("export", "--format", "json", "--out", "e.json"),
    ("med", "list"),
    ("note", "list"),
    ("edit", "abcd", "-i", "3"),
    ("delete", "abcd", "--yes"),
]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=" ".join)
def test_i15_read_commands_never_create_a_journal(
    args: tuple[str, ...],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "j.db"
    assert run(["--db", str(db), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "there is no journal at" in err and "twitchlog log" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [("list",), ("log", "calf"), ("day", "--stress", "3")])
def test_i15_db_in_a_missing_folder_creates_nothing(
    args: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "doesnotexist" / "j.db"
    assert run(["--db", str(db), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err
    assert not db.parent.exists()


def test_i15_writing_commands_create_the_journal_in_an_existing_folder(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    assert run(["--db", str(db), "day", "--stress", "3"]) == 0
    assert db.exists()


@pytest.mark.parametrize(
    "args",
    [
        ("report", "--out", "nofolder/r.pdf"),
        ("export", "--format", "json", "--out", "nofolder/e.json"),
        ("export", "--format", "csv", "--out", "nofolder/csv"),
        ("backup", "--out", "nofolder/b.sqlite3"),
    ],
    ids=" ".join,
)
def test_i15_outputs_never_create_a_missing_folder(
    args: tuple[str, ...],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "j.db"
    assert run(["--db", str(db), "log", "calf"]) == 0
    capsys.readouterr()
    assert run(["--db", str(db), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nofolder does not exist" in err
    assert not (tmp_path / "nofolder").exists()


def test_i15_csv_export_makes_its_own_folder_in_an_existing_one(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    assert run(["--db", str(db), "log", "calf"]) == 0
    out = tmp_path / "csv"
    assert run(["--db", str(db), "export", "--format", "csv", "--out", str(out)]) == 0
    assert (out / "episodes.csv").exists()
