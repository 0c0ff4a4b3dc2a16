"""Found by attacking ``import`` (round 4): a file without change markers never erases or
overwrites a logged zero; ``--apply`` refuses what the dry run refuses; a dry run creates no
journal; an ``--apply`` into a journal with entries takes a verified backup first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.conftest import CliRunner


def test_a11_import_without_markers_keeps_a_logged_zero(cli: CliRunner, tmp_path: Path) -> None:
    assert cli("day", "--date", "2026-11-30", "--alcohol", "0", "--exercise", "0").code == 0
    sheet = tmp_path / "days.csv"
    # a hand-made sheet: no alcohol_drinks column, exercise 45 where the journal has 0
    sheet.write_text("date,checked_in,exercise_min,note\n2026-11-30,yes,45,from a sheet\n")
    done = cli("import", str(sheet), "--apply")
    assert done.code == 0, done
    shown = cli("list", "--days").out
    assert "alcohol 0 standard drinks" in shown, shown  # not made "not logged"
    assert "exercise 0 min" in shown, shown  # a logged zero is a value: kept
    assert "from a sheet" in shown  # what the journal lacked is still filled in


def test_a11_apply_refuses_an_out_of_range_factor_the_dry_run_refuses(
    cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    assert cli("factor", "add", "anxiety", "--scale", "0-10").code == 0
    assert cli("day", "--date", "2026-11-30", "--set", "anxiety=3").code == 0
    sheet = tmp_path / "days.csv"
    sheet.write_text("date,checked_in,stress,factor:anxiety\n2026-11-30,yes,2,40\n")
    dry = cli("import", str(sheet))
    assert dry.code == 65 and "anxiety must be a whole number 0-10" in dry.err, dry
    assert "2026-11-30" in dry.err and len(dry.err.strip().splitlines()) == 1, dry
    before = sqlite3.connect(db).execute("SELECT * FROM day_logs").fetchall()
    done = cli("import", str(sheet), "--apply")
    assert done.code == dry.code and done.err == dry.err, done
    assert sqlite3.connect(db).execute("SELECT * FROM day_logs").fetchall() == before


def _export_of_another_journal(cli: CliRunner, tmp_path: Path) -> Path:
    other, export = tmp_path / "other.sqlite3", tmp_path / "all.json"
    assert cli("--db", str(other), "log", "left", "calf").code == 0
    assert cli("--db", str(other), "export", "--format", "json", "--out", str(export)).code == 0
    return export


def test_a11_a_dry_run_into_no_journal_creates_none(
    cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    export = _export_of_another_journal(cli, tmp_path)
    assert not db.exists()
    dry = cli("import", str(export))
    assert dry.code == 0 and "would import 1 episode" in dry.out, dry
    assert not db.exists() and not db.parent.joinpath(f"{db.stem}-backups").exists()
    applied = cli("import", str(export), "--apply")
    assert applied.code == 0 and "Imported 1 episode" in applied.out, applied
    assert db.exists()


def test_a11_import_apply_takes_a_verified_backup_first(
    cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    export = _export_of_another_journal(cli, tmp_path)
    assert cli("log", "eyelid").code == 0  # today's daily backup is taken here
    folder = db.parent / f"{db.stem}-backups"
    before = {p.name for p in folder.glob("*.sqlite3")}
    done = cli("import", str(export), "--apply")
    assert done.code == 0, done
    new = {p.name for p in folder.glob("*.sqlite3")} - before  # the daily one may come too
    taken = [folder / n for n in new if n.startswith("preimport-")]
    assert len(taken) == 1, new
    assert f"Backup of the journal before the import: {taken[0]}" in done.out, done.out
    assert oct(taken[0].stat().st_mode & 0o777) == "0o600"
    # the backup holds the journal as it was: the eyelid twitch, not the imported calf
    sites = sqlite3.connect(taken[0]).execute("SELECT site FROM episodes").fetchall()
    assert sites == [("eyelid",)]
