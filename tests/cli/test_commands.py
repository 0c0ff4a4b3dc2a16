"""The CLI end to end: what a person types, what is saved, and what is printed."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

from tests.cli.conftest import CliRunner, run_process
from twitchlog.storage import repository as repo
from twitchlog.storage.journal import Journal


def test_log_saves_and_prints_a_short_id(cli: CliRunner, db: Path) -> None:
    r = cli(
        "log", "left", "eye", "--for", "30s", "-i", "4", "--symptom", "pain", "--note", "[bold]x"
    )
    assert r.code == 0, r.err
    assert r.out.startswith("Saved twitch: left eyelid")
    assert "30 s, intensity 4" in r.out and "[bold]x" in r.out
    short = r.out.split("[id ")[1][:8]
    [saved] = repo.list_episodes(Journal(db))
    assert saved.id.startswith(short) and saved.site == "eyelid" and saved.duration_s == 30
    assert saved.timezone == "Europe/Berlin"


def test_day_merges_and_no_twitches_checks_in(cli: CliRunner, db: Path) -> None:
    assert cli("day", "--coffee", "2", "--sleep", "6.5").code == 0
    r = cli("day", "--tea", "1", "--stress", "3")
    assert r.code == 0 and "caffeine 237 mg" in r.out and "sleep 6.5 h" in r.out
    assert cli("day", "--no-twitches").code == 0
    [day] = repo.list_days(Journal(db))
    assert day.checked_in and day.sleep_h == 6.5 and day.stress == 3
    assert day.drinks == {"coffee": 2, "tea": 1} and day.cigarettes is None


def test_no_twitches_contradicting_episodes_is_refused(cli: CliRunner, db: Path) -> None:
    cli("log", "calf")
    r = cli("day", "--no-twitches")
    assert r.code == 2 and "use --check-in" in r.err
    assert repo.list_days(Journal(db)) == []


def test_list_edit_delete(cli: CliRunner, db: Path) -> None:
    cli("log", "calf", "--at", "10 min ago")
    cli("log", "thumb", "--side", "right")
    listing = cli("list").out.splitlines()
    assert "right thumb" in listing[0] and "calf" in listing[1]
    ident = listing[1].split()[0]
    assert cli("edit", ident, "--intensity", "7", "--kind", "cramp").code == 0
    assert repo.get_episode(Journal(db), ident).intensity == 7
    r = cli("delete", ident, "--yes")
    assert r.code == 0 and r.out.startswith("Deleted cramp: calf")
    assert repo.count_episodes(Journal(db)) == 1


def test_delete_asks_and_keeps_the_entry_when_refused(db: Path) -> None:
    run_process("--db", str(db), "log", "calf")
    ident = repo.list_episodes(Journal(db))[0].id
    r = run_process("--db", str(db), "delete", ident[:8], stdin="n\n")
    assert r.code == 0 and "Nothing deleted" in r.out  # "no" is a choice, not a failure
    assert repo.count_episodes(Journal(db)) == 1


def test_medicines_and_health_notes(cli: CliRunner) -> None:
    assert (
        cli(
            "med", "add", "magnesium", "--dose", "400 mg", "--supplement", "--start", "2026-01-01"
        ).code
        == 0
    )
    assert cli("med", "stop", "magnesium", "--date", "2026-02-01").code == 0
    assert (
        "magnesium 400 mg (supplement), from 2026-01-01 until 2026-02-01" in cli("med", "list").out
    )
    assert cli("note", "test", "EMG", "--result", "normal", "--date", "2026-01-05").code == 0
    r = cli("note", "flag", "weakness", "--note", "dropping cups")
    assert r.code == 0 and "worth telling a doctor" in r.out
    notes = cli("note", "list").out
    assert "2026-01-05 test EMG: normal" in notes and "flag weakness: dropping cups" in notes
    assert cli("note", "flag", "itchy").code == 2


def test_bad_input_is_one_line_exit_2_nothing_written(cli: CliRunner, db: Path) -> None:
    cases = [
        (("log", "calf", "--intensity", "12"), "intensity must be 1-10, for example 4 (got 12)"),
        (("log", "nose"), "site 'nose' is not known"),
        (("log", "calf", "--at", "2099-01-01T10:00:00+00:00"), "5 minutes in the future"),
        (("log", "calf", "--at", "2026-03-29 02:30"), "does not exist in Europe/Berlin"),
        (("log", "calf", "--for", "2 days"), "duration must"),
        (("log", "calf", "-i", "abc"), "--intensity"),
        (("log", "calf", "--kind", "tremor"), "kind must be one of twitch, cramp, spasm"),
        (("day", "--caffeine", "2500"), "caffeine must be 0-2000 mg, for example 200 (got 2500)"),
        (("day", "--caffeine", "nan"), "caffeine must be 0-2000"),
        (("day", "--stress", "11"), "stress must be 0-10, for example 3 (got 11)"),
        (("day", "--sleep", "30"), "sleep must be 0-24 hours, for example 7.5 (got 30)"),
        (("day", "--date", "2099-01-01", "--stress", "2"), "date must be today or earlier"),
        (("day",), "nothing to log"),
        (("edit", "zz"), "there is no journal at"),
        (("list", "--from", "2026-02-01", "--to", "2026-01-01"), "from must be on or before to"),
    ]
    for args, message in cases:
        r = cli(*args)
        assert r.code == 2, (args, r.err)
        assert message in r.err, (args, r.err)
        assert r.err.count("\n") == 1 and "Traceback" not in r.err
    if db.exists():
        j = Journal(db)
        assert repo.count_episodes(j) == 0 and repo.count_days(j) == 0


def test_files_are_private_under_umask_022(db: Path) -> None:
    old = os.umask(0o022)
    try:
        env = {"TWITCHLOG_DB": ""}
        assert run_process("log", "calf", env=env).code == 0
        assert run_process("day", "--stress", "2", env=env).code == 0
        assert run_process("log", "eyelid", env=env).code == 0
        assert run_process("backup", env=env).code == 0
    finally:
        os.umask(old)
    data = Path(os.environ["XDG_DATA_HOME"]) / "twitchlog"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    files = [p for p in data.rglob("*")]
    assert any(p.name == "journal.sqlite3" for p in files)
    assert any(p.name.startswith("manual-") for p in files)
    for p in files:
        mode = stat.S_IMODE(p.stat().st_mode)
        assert mode & 0o077 == 0, (p, oct(mode))


def test_days_stay_put_across_time_zones(db: Path) -> None:
    tokyo = {"TZ": "Asia/Tokyo", "TWITCHLOG_NOW": "2026-11-20T03:00:00+09:00"}
    r = run_process("--db", str(db), "log", "eyelid", "--at", "01:00", env=tokyo)
    assert r.code == 0 and "Fri 20 Nov 2026" in r.out
    run_process("--db", str(db), "log", "calf", "--at", "2026-11-19 23:30", env=tokyo)
    listings = set()
    for tz in ("Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo"):
        out = run_process("--db", str(db), "list", env={"TZ": tz}).out
        listings.add("\n".join(line.split("  ", 1)[1] for line in out.splitlines()))
        j = Journal(db)
        days = {s.day.isoformat(): s.episodes for s in repo.load_slice(j, *_bounds(j)).episode_days}
        assert days == {"2026-11-20": 1, "2026-11-19": 1}
    assert len(listings) == 1
    assert "01:00 Fri 20 Nov 2026" in listings.pop()


def _bounds(j: Journal) -> tuple[date, date]:
    b = repo.journal_bounds(j)
    assert b is not None
    return b


def test_where_and_check(cli: CliRunner, db: Path) -> None:
    cli("log", "calf")
    assert str(db) in cli("where").out
    r = cli("check")
    assert r.code == 0 and "ok (integrity check passed" in r.out


def test_unknown_command_and_missing_argument(cli: CliRunner) -> None:
    assert cli("frobnicate").code == 2
    r = cli("log")
    assert r.code == 2 and "Missing argument" in r.err
