"""D11: a bad value (invalid UTF-8, control characters, dates outside 1900-2999, bad
settings) is exit 2 with one line, never exit 70, and nothing accepted breaks a later command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from tests.cli.second_attack import BAD_UTF8, ESC, NOW, no_crash_logs, rows

#: Every text field of every command, as ``args`` with ``{}`` where the text goes.
TEXT_FIELDS = [
    ("log", "calf", "-n", "{}"),
    ("day", "--stress", "2", "-n", "{}"),
    ("edit", "{id}", "--note", "{}"),
    ("med", "add", "{}"),
    ("med", "add", "magnesium", "--dose", "{}"),
    ("med", "add", "magnesium", "--note", "{}"),
    ("note", "test", "{}"),
    ("note", "test", "EMG", "--result", "{}"),
    ("note", "visit", "{}"),
    ("note", "visit", "GP", "--result", "{}"),
    ("note", "flag", "weakness", "--note", "{}"),
]

BAD_TEXTS = [BAD_UTF8, f"title {ESC}]0;x\x07", "cr \r over", "c1 \x9b"]


@pytest.mark.parametrize("text", BAD_TEXTS, ids=ascii)
@pytest.mark.parametrize("args", TEXT_FIELDS, ids=" ".join)
def test_d11_bad_text_in_every_field_is_exit_2_and_writes_nothing(
    args: tuple[str, ...], text: str, cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    first = cli("log", "calf")
    assert first.code == 0
    ident = first.out.split("[id ")[1].split("]")[0]
    before = rows(db)
    argv = [a.replace("{id}", ident).replace("{}", text) for a in args]
    r = cli(*argv)
    assert r.code == 2, r
    assert len(r.err.splitlines()) == 1 and r.err.startswith("twitchlog: "), r
    assert ESC not in r.err and "Traceback" not in r.err
    assert rows(db) == before
    assert no_crash_logs()


def test_d11_newline_and_tab_stay_allowed(cli: CliRunner, db: Path) -> None:
    assert cli("log", "calf", "-n", "two\nlines\tand a tab").code == 0


@pytest.mark.parametrize(
    "args",
    [
        ("log", "calf", "--at", "99999999999 h ago"),
        ("log", "calf", "--at", "99999999999999999999999 s ago"),
        ("log", "calf", "--at", "1899-12-31 23:00"),
        ("report", "--from", "0001-01-01", "--out", "r.pdf"),
        ("analyze", "--from", "0001-01-01"),
        ("list", "--from", "0001-01-01"),
        ("day", "--date", "0001-01-01", "--stress", "2"),
        ("day", "--date", "1899-12-31", "--stress", "2"),
        ("med", "add", "magnesium", "--start", "0001-01-01"),
        ("med", "add", "magnesium", "--stop", "9999-12-31"),
        ("note", "test", "EMG", "--date", "0001-01-01"),
    ],
    ids=" ".join,
)
def test_d11_dates_outside_the_supported_range_are_exit_2(
    args: tuple[str, ...],
    cli: CliRunner,
    db: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    assert cli("log", "calf").code == 0
    before = rows(db)
    r = cli(*args)
    assert r.code == 2, r
    assert len(r.err.splitlines()) == 1 and "1900" in r.err, r
    assert rows(db) == before
    assert no_crash_logs()


def test_d11_an_early_day_never_breaks_analyze_or_report(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The earliest day accepted does not lock analyze or report out for good."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    assert cli("log", "calf").code == 0
    assert cli("day", "--date", "1900-01-01", "--stress", "2").code == 0
    r = cli("analyze")
    assert r.code == 0, r
    r = cli("report", "--out", str(tmp_path / "r.pdf"))
    assert r.code == 0, r
    assert no_crash_logs()


@pytest.mark.parametrize(
    "line",
    [
        "onset = 0001-01-01",
        'onset = "0001-01-01"',
        "onset = 2026-01-01T10:00:00",
        "onset = 10:00:00",
        'name = "x\\u001b[2J"',
    ],
)
def test_d11_bad_config_values_are_exit_2(
    line: str,
    cli: CliRunner,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    assert cli("log", "calf").code == 0
    config = isolated_home / "config" / "twitchlog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(line + "\n")
    r = cli("report", "--out", str(tmp_path / "r.pdf"))
    assert r.code == 2, r
    assert len(r.err.splitlines()) == 1 and r.err.startswith("twitchlog: "), r
    assert no_crash_logs()


def test_d11_a_day_entered_by_mistake_can_be_cleared(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`day --date D --clear` deletes a day log typed for the wrong date; episodes stay."""
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    assert cli("log", "calf", "--at", "1926-11-28 10:00").code == 0
    assert cli("day", "--date", "1926-11-28", "--stress", "3", "-n", "typo").code == 0
    assert cli("day", "--date", "1926-11-28", "--clear", "--stress", "1").code == 2
    assert cli("day", "--date", "1926-11-27", "--clear", "--yes").code == 2  # nothing logged
    r = cli("day", "--date", "1926-11-28", "--clear", "--yes")
    assert r.code == 0, r
    assert "Deleted" in r.out and "1 episode" in r.out
    assert rows(db) == 1  # the episode
    assert "No day" in cli("list", "--days").out or cli("list", "--days").out.strip() == ""


@pytest.mark.parametrize(
    "args",
    [
        ("--db", "{bad}.sqlite3", "list"),
        ("--db", "{bad}.sqlite3", "log", "calf"),
        ("backup", "--out", "{bad}.sqlite3"),
        ("restore", "{bad}.sqlite3", "--yes"),
        ("export", "--format", "json", "--out", "{bad}.json"),
        ("report", "--out", "{bad}.pdf"),
    ],
    ids=" ".join,
)
def test_d11_a_path_that_is_not_utf8_is_exit_2(
    args: tuple[str, ...],
    cli: CliRunner,
    db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SQLite takes file names as UTF-8 text: such a path is refused, never a crash."""
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    assert cli("log", "calf").code == 0
    before = rows(db)
    bad = str(tmp_path / BAD_UTF8)
    argv = [a.replace("{bad}", bad) for a in args]
    from twitchlog.cli.main import run

    code = run(argv) if argv[0] == "--db" else cli(*argv).code
    assert code == 2, argv
    assert rows(db) == before
    assert no_crash_logs()


def test_d11_a_journal_variable_that_is_not_utf8_is_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from twitchlog.cli.main import run

    monkeypatch.setenv("TWITCHLOG_DB", str(tmp_path / BAD_UTF8))
    assert run(["list"]) == 2
    assert no_crash_logs()
