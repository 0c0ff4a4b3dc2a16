"""Issue 14: own factors and tags from the command line, end to end through the real entry
point: define, log, list, rename, retire, delete, and one-line errors that name the factor."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import CliRunner


def _define(cli: CliRunner) -> None:
    assert cli("factor", "add", "anxiety", "--scale", "0-10").code == 0
    assert cli("factor", "add", "cold", "--tag").code == 0
    added = cli("factor", "add", "magnesium food", "--number", "--unit", "servings", "--max", "10")
    assert added.code == 0, added
    assert "magnesium food, number 0-10 servings" in added.out
    assert 'twitchlog day --set "magnesium food=5"' in added.out


def test_define_log_and_list_own_factors(cli: CliRunner) -> None:
    _define(cli)
    saved = cli(
        "day", "-d", "2026-03-10", "--set", "anxiety=6", "--set", "Magnesium-Food=2.5",
        "--tag", "cold", "--tags-complete", "--sleep", "7",
    )  # fmt: skip
    assert saved.code == 0, saved
    line = saved.out
    assert "sleep 7 h" in line and "anxiety 6/10" in line and "cold yes" in line
    assert "magnesium food 2.5 servings" in line and "tags complete" in line
    listed = cli("factor", "list")
    assert listed.code == 0
    assert "anxiety, scale 0-10, logged on 1 day" in listed.out
    assert "cold, yes/no tag, logged on 1 day" in listed.out
    days = cli("list", "--days")
    assert "anxiety 6/10" in days.out and "cold yes" in days.out


def test_untag_says_no_and_later_values_merge(cli: CliRunner) -> None:
    _define(cli)
    assert cli("day", "-d", "2026-03-10", "--set", "anxiety=3", "--tag", "cold").code == 0
    again = cli("day", "-d", "2026-03-10", "--untag", "cold")
    assert again.code == 0 and "anxiety 3/10" in again.out and "cold no" in again.out


def test_bad_values_name_the_factor_and_its_range_and_write_nothing(
    cli: CliRunner, tmp_path: Path
) -> None:
    _define(cli)
    cases = {
        ("--set", "anxiety=11"): "anxiety must be a whole number 0-10, for example 5 (got 11)",
        ("--set", "anxiety=lots"): "anxiety must be a number 0-10, for example 5 (got 'lots')",
        ("--set", "magnesium food=11"): "magnesium food must be 0-10 servings",
        ("--tag", "anxiety"): "anxiety is not a yes/no tag; log it with --set anxiety=5",
        ("--tag", "leg day"): "factor 'leg day' is not defined; your factors: anxiety, cold",
        ("--set", "anxiety"): "--set takes NAME=VALUE, for example --set anxiety=6",
        ("--set", "anxiety=2", "--set", "anxiety=3"): "anxiety is given twice",
    }
    for args, message in cases.items():
        r = cli("day", *args)
        assert r.code == 2, (args, r)
        assert message in r.err and "Traceback" not in r.err, (args, r.err)
        assert len(r.err.strip().splitlines()) == 1, r.err
    out = tmp_path / "e.json"
    assert cli("export", "--format", "json", "--out", str(out)).code == 0
    assert json.loads(out.read_text())["days"] == []


def test_factor_add_refuses_bad_definitions(cli: CliRunner) -> None:
    cases = {
        ("anxiety", "--scale", "0-7"): "scale must be 0-10 or 1-5",
        ("anxiety",): "give one kind: --scale 0-10, --tag, or --number --max N",
        ("anxiety", "--tag", "--scale", "0-10"): "give one kind",
        ("coffee at work", "--number"): "a number factor needs its largest value",
        ("sleep", "--tag"): "factor name 'sleep' is taken by a built-in factor",
        ("cold", "--tag", "--unit", "x"): "--unit, --min, --max and --whole go with --number",
    }
    for args, message in cases.items():
        r = cli("factor", "add", *args)
        assert r.code == 2 and message in r.err, (args, r)
    assert cli("factor", "add", "cold", "--tag").code == 0
    r = cli("factor", "add", "Cold", "--scale", "1-5")
    assert r.code == 2 and "taken by your factor 'cold'" in r.err


def test_rename_keeps_history_retire_hides_delete_only_unused(cli: CliRunner) -> None:
    _define(cli)
    assert cli("day", "--set", "anxiety=4").code == 0
    renamed = cli("factor", "rename", "anxiety", "worry")
    assert renamed.code == 0 and "Renamed to worry, scale 0-10" in renamed.out
    assert "worry 4/10" in cli("list", "--days").out
    refused = cli("factor", "delete", "worry", "--yes")
    assert refused.code == 2 and "has values on 1 day and is kept; retire it" in refused.err
    retired = cli("factor", "retire", "worry")
    assert retired.code == 0 and "its history stays" in retired.out
    assert "retired" in cli("factor", "list").out
    assert cli("factor", "delete", "cold", "--yes").code == 0
    assert "cold" not in cli("factor", "list").out
    assert cli("factor", "retire", "stress").code == 2


def test_export_and_import_into_a_journal_without_the_factors(
    cli: CliRunner, tmp_path: Path, db: Path
) -> None:
    _define(cli)
    assert cli("day", "-d", "2026-03-10", "--set", "anxiety=6", "--tag", "cold").code == 0
    assert cli("day", "-d", "2026-03-11", "--untag", "cold", "--tags-complete").code == 0
    folder, json_file = tmp_path / "csv", tmp_path / "all.json"
    exported = cli("export", "--out", str(folder))
    assert exported.code == 0 and "3 own factors" in exported.out and "factors.csv" in exported.out
    assert cli("export", "--format", "json", "--out", str(json_file)).code == 0
    for source in (folder, json_file):
        other = tmp_path / f"other-{source.name}.sqlite3"
        dry = cli("--db", str(other), "import", str(source))
        assert dry.code == 0, dry
        assert "Would create the factor anxiety (scale 0-10)" in dry.out
        assert "Would create the factor cold (yes/no tag)" in dry.out
        assert not other.exists()  # the dry run wrote nothing, not even a new journal
        done = cli("--db", str(other), "import", str(source), "--apply")
        assert done.code == 0 and "Created the factor cold" in done.out
        days = cli("--db", str(other), "list", "--days").out
        assert "anxiety 6/10, cold yes" in days and "cold no, tags complete" in days
        again = cli("--db", str(other), "import", str(source), "--apply")
        assert "Nothing to import" in again.out, again


def test_days_csv_alone_needs_its_factor_in_the_journal(cli: CliRunner, tmp_path: Path) -> None:
    days = tmp_path / "days.csv"
    days.write_text("date,checked_in,factor:anxiety\r\n2026-03-01,yes,4\r\n")
    refused = cli("import", str(days), "--apply")
    assert refused.code == 65 and "import its factors.csv with it" in refused.err, refused
    assert cli("factor", "add", "Anxiety", "--scale", "0-10").code == 0
    done = cli("import", str(days), "--apply")
    assert done.code == 0, done
    assert "Anxiety 4/10" in cli("list", "--days").out
    days.write_text("date,checked_in,factor:anxiety\r\n2026-03-02,yes,14\r\n")
    bad = cli("import", str(days))
    assert bad.code == 65 and "Anxiety must be a whole number 0-10" in bad.err, bad
