"""Export, import, demo and analyze through the real commands."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from twitchlog.storage import repository as repo
from twitchlog.storage.journal import Journal

NOW = "2026-11-29T12:00:00+00:00"


@pytest.fixture
def seeded(cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A journal with a bit of everything, including awkward text."""
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    assert (
        cli(
            "log", "left", "eye", "--for", "30s", "-i", "4", "--note", '=SUM(A1), "quoted"\n[bold]'
        ).code
        == 0
    )
    assert (
        cli("log", "calf", "--kind", "cramp", "--at", "2026-11-28 23:30", "--symptom", "pain").code
        == 0
    )
    assert cli("log", "thumb", "--at", "2026-10-25 02:30", "--visible").code == 0  # DST fold
    assert cli("day", "--coffee", "2", "--sleep", "6.5", "--note", "+ünïcode @x").code == 0
    assert cli("day", "--date", "2026-11-28", "--no-twitches").code == 2  # has an episode
    assert cli("day", "--date", "2026-11-27", "--no-twitches", "--stress", "0").code == 0
    assert (
        cli(
            "med", "add", "magnesium", "--dose", "400 mg", "--supplement", "--start", "2026-11-01"
        ).code
        == 0
    )
    assert (
        cli("note", "test", "blood test", "--result", "-normal-", "--date", "2026-11-02").code == 0
    )
    return db


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_import_export_is_identical(
    fmt: str, seeded: Path, cli: CliRunner, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / f"first.{fmt}"
    assert cli("export", "--format", fmt, "--out", str(first)).code == 0
    fresh = tmp_path / "fresh" / "journal.sqlite3"
    fresh.parent.mkdir()
    from twitchlog.cli.main import run

    dry = run(["--db", str(fresh), "import", str(first)])
    assert dry == 0 and "Dry run: would import 3 episodes" in capsys.readouterr().out
    assert run(["--db", str(fresh), "import", str(first), "--apply"]) == 0
    capsys.readouterr()
    again = run(["--db", str(fresh), "import", str(first), "--apply"])
    assert again == 0 and "Nothing to import: every record is already" in capsys.readouterr().out
    second = tmp_path / f"second.{fmt}"
    assert run(["--db", str(fresh), "export", "--format", fmt, "--out", str(second)]) == 0
    if fmt == "csv":
        assert _tree(first) == _tree(second)
        text = (first / "episodes.csv").read_text()
        assert "'=SUM(A1)" in text  # made safe for spreadsheets
        for p in first.iterdir():
            assert stat.S_IMODE(p.stat().st_mode) == 0o600
    else:
        assert first.read_bytes() == second.read_bytes()
        assert json.loads(first.read_text())["format"] == "twitchlog/1"
        assert stat.S_IMODE(first.stat().st_mode) == 0o600


def test_malformed_import_exits_65_and_adds_nothing(
    seeded: Path, cli: CliRunner, tmp_path: Path
) -> None:
    before = repo.count_episodes(Journal(seeded))
    bad = tmp_path / "episodes.csv"
    bad.write_text(
        "site,started_at,timezone,intensity\n"
        "eyelid,2026-11-01T10:00:00+01:00,Europe/Berlin,3\n"
        "calf,2026-11-01T11:00:00+01:00,Europe/Berlin,12\n"
    )
    r = cli("import", str(bad), "--apply")
    assert r.code == 65 and "row" in r.err
    assert "intensity must be 1-10, for example 4 (got 12)" in r.err
    assert r.err.count("\n") == 1
    assert repo.count_episodes(Journal(seeded)) == before


def test_demo_writes_its_own_file_and_analyze_reads_it(
    cli: CliRunner, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from twitchlog.cli.main import run
    from twitchlog.paths import demo_journal

    assert run(["demo", "--days", "120"]) == 0
    assert demo_journal().exists() and not db.exists()
    capsys.readouterr()
    assert run(["--demo", "analyze", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["format"] == "twitchlog.analysis/1"
    assert doc["period"]["calendar_days"] >= 120
    keys = {f["factor"] for f in doc["factors"]}
    assert {"caffeine_mg", "sleep_h", "stress"} <= keys


def test_demo_refuses_a_journal_with_entries(cli: CliRunner, db: Path) -> None:
    cli("log", "calf")
    r = cli("demo", "--days", "30")
    assert r.code == 2 and "already has entries" in r.err
    assert repo.count_episodes(Journal(db)) == 1


def test_analyze_on_an_empty_journal_says_too_early(cli: CliRunner, db: Path) -> None:
    Journal.open(db).dispose()
    r = cli("analyze")
    assert r.code == 0
    assert "month" in r.out or "not enough" in r.out.lower()


@pytest.mark.parametrize("since", ["-89", "-179"])
@pytest.mark.parametrize("now", [NOW, "2026-07-01T19:30:00+00:00"])
def test_demo_associations_show_as_patterns_and_nothing_else(
    since: str, now: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`twitchlog demo` then `twitchlog analyze`: the built-in associations are patterns,
    whatever the date the sample journal is built on; the sample's own tag "cold" (planted,
    rate ratio 2 on about 1 day in 6) may be found too, and its null scale "anxiety" never."""
    from twitchlog.cli.main import run

    monkeypatch.setenv("TWITCHLOG_NOW", now)
    assert run(["demo"]) == 0
    capsys.readouterr()
    assert run(["--demo", "analyze", "--from", since, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    verdicts = {f["factor"]: f["verdict"] for f in doc["factors"]}
    label = {f["factor"]: f["label"] for f in doc["factors"]}
    patterns = {
        k if not k.startswith("factor:") else label[k]
        for k, v in verdicts.items()
        if v == "pattern"
    }
    assert (
        {"caffeine_mg", "sleep_h", "stress"}
        <= patterns
        <= {"caffeine_mg", "sleep_h", "stress", "cold"}
    )
    assert set(verdicts.values()) - {"pattern"} <= {
        "cant_tell",
        "not_enough_data",
        "no_big_difference",
    }
    assert run(["--demo", "analyze"]) == 0
    text = capsys.readouterr().out
    assert "Patterns found:" in text and "caffeine" in text
    for word in ("causes", "triggers", "predicts", "significant"):
        assert word not in text


@pytest.mark.parametrize("command", [("analyze",), ("report", "--out", "r.pdf")])
def test_read_commands_check_alongside_and_show_nothing_from_a_damaged_journal(
    command: tuple[str, ...],
    cli: CliRunner,
    db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """analyze and report run the integrity check in parallel with their work, but a damaged
    journal still gives exit 65, one line, and no output or file."""
    from tests.storage.test_deferred_check import _damage_a_data_page

    monkeypatch.chdir(tmp_path)
    for _ in range(300):
        assert cli("log", "calf").code == 0
    _damage_a_data_page(db)
    r = cli(*command)
    assert r.code == 65, r
    assert r.out == "" and r.err.count("\n") == 1 and "damaged" in r.err
    assert not (tmp_path / "r.pdf").exists()
