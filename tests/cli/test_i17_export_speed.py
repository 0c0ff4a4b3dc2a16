"""Issue 17: ``twitchlog export`` in its plain form runs without typer
(``cli/exporting.quick_export``); any other form runs an app that knows only ``export``
(``cli/root.py`` ``one_command_app``, chosen in ``cli/main.py``), so it does not import the
other commands' modules or turn their signatures into click parameters. What a person sees
stays the full app's: the help, every refused option and its exit code, every message."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from twitchlog.cli.app import app
from twitchlog.cli.cmd_files import export
from twitchlog.cli.exporting import quick_export
from twitchlog.cli.main import _dispatch, _is_export, run
from twitchlog.cli.root import one_command_app

#: The other commands' modules: the export path must not load them.
OTHER_COMMANDS = (
    "twitchlog.cli.app",
    "twitchlog.cli.cmd_day",
    "twitchlog.cli.cmd_experiment",
    "twitchlog.cli.cmd_factor",
    "twitchlog.cli.cmd_health",
    "twitchlog.cli.cmd_report",
    "twitchlog.cli.cmd_safety",
    "twitchlog.cli.cmd_site",
    "twitchlog.cli.cmd_status",
    "twitchlog.cli.cmd_symptom",
)

#: Modules a CSV export of a journal without experiments does not need.
CSV_UNUSED = (
    "twitchlog.exchange.importer",
    "twitchlog.exchange.json_format",
    "twitchlog.exchange.summary",
    "twitchlog.exchange.experiments",
    "twitchlog.domain.experiment",
    "twitchlog.domain.experiment_record",
)


def _full_app(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = _dispatch(app, args)
    out = capsys.readouterr()
    return code, out.out, out.err


def _export_path(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    assert _is_export(args)  # this is the path under test
    capsys.readouterr()
    code = run(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--help"],
        ["export", "-h"],
        ["--db", "x.sqlite3", "export", "--format", "csv", "--help"],
    ],
)
def test_i17_export_help_is_the_full_apps(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    full = _full_app(args, capsys)
    assert full[0] == 0 and "Usage: twitchlog export [OPTIONS]" in full[1]
    assert _export_path(args, capsys) == full


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["export", "--format", "xml"], "Invalid value for '--format': 'xml'"),
        (["export", "--bogus"], "No such option: --bogus"),
        (["export", "--out"], "Option '--out' requires an argument"),
        (["export", "extra"], "unexpected extra argument"),
    ],
)
def test_i17_export_refusals_are_the_full_apps(
    args: list[str], said: str, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", str(db), *args]
    full = _full_app(args, capsys)
    assert full[0] == 2 and said in full[2] and full[2].startswith("twitchlog: ")
    assert _export_path(args, capsys) == full
    assert not db.exists()  # nothing written


def test_i17_only_export_after_global_options_takes_its_app() -> None:
    assert _is_export(["export"])
    assert _is_export(["--db", "j.sqlite3", "--demo", "export", "--out", "x"])
    assert _is_export(["--db=j.sqlite3", "export"])
    assert not _is_export(["--version", "export"])
    assert not _is_export(["--help", "export"])
    assert not _is_export(["log", "export"])
    assert not _is_export([])


def test_i17_export_loads_no_other_command_module(cli: CliRunner, db: Path, tmp_path: Path) -> None:
    assert cli("log", "eyelid", "--note", "=1+1").code == 0
    out_dir = tmp_path / "out"
    probe = (
        "import json, sys\nfrom twitchlog.cli.main import run\n"
        f"code = run(['--db', {str(db)!r}, 'export', '--format', 'csv', '--out', "
        f"{str(out_dir)!r}])\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    said, result = done.stdout.strip().splitlines()
    code, modules = json.loads(result)
    assert code == 0 and said.startswith("Exported 1 episode, "), done
    loaded = sorted(set(modules) & set(OTHER_COMMANDS))
    assert loaded == [], loaded
    heavy = sorted(m for m in modules if m.split(".")[0] in ("sqlmodel", "sqlalchemy", "pydantic"))
    assert heavy == [], heavy
    # nor the JSON and import side, nor experiments for a journal without any, nor typer
    unused = sorted(m for m in modules if m in CSV_UNUSED or m.split(".")[0] == "typer")
    assert unused == [], unused
    # the export itself is the full app's: the note escaped for spreadsheets, files 0600
    episodes = (out_dir / "episodes.csv").read_text(encoding="utf-8")
    assert ",'=1+1," in episodes
    assert {p.stat().st_mode & 0o777 for p in out_dir.iterdir()} == {0o600}


def _typer_path(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = _dispatch(one_command_app("export", export), args)
    out = capsys.readouterr()
    return code, out.out, out.err


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize(
    "words",
    [
        ["--format", "csv", "--out", "out"],
        ["-o", "out"],
        ["--out=out.json"],
        ["--format=json", "--out", "out"],
        ["--format", "json"],  # the default name
        [],  # the default folder
    ],
)
def test_i17_quick_export_writes_and_says_what_the_typer_command_does(
    words: list[str],
    cli: CliRunner,
    db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-11-30T12:00:00+00:00")  # JSON's exported_at
    assert cli("log", "calf", "--side", "left", "--note", '-2, "quoted"').code == 0
    assert cli("day", "--sleep", "6.5", "--stress", "3").code == 0
    args = ["--db", str(db), "export", *words]
    assert _is_export(args)  # run() takes the quick path (the loads test shows it is used)
    results = {}
    for name, runner in (("quick", _export_path), ("typer", _typer_path)):
        here = tmp_path / name
        here.mkdir()
        monkeypatch.chdir(here)
        code, out, err = runner(args, capsys)
        written = [p for p in here.iterdir()]
        assert len(written) == 1, written
        files = _files(written[0]) if written[0].is_dir() else {"": written[0].read_bytes()}
        modes = {p.stat().st_mode & 0o777 for p in here.rglob("*") if p.is_file()}
        results[name] = (code, out, err, files, modes)
    assert results["quick"] == results["typer"]
    code, out, err, files, modes = results["quick"]
    assert code == 0 and out.startswith("Exported 1 episode, 1 day, ") and err == ""
    assert modes == {0o600} and files


def test_i17_quick_export_refuses_as_the_typer_command_does(
    cli: CliRunner,
    db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "none" / "journal.sqlite3"
    (tmp_path / "folder").mkdir()
    assert cli("log", "eyelid").code == 0
    assert cli("export", "--out", "taken.json").code == 0
    cases = [
        ["--db", str(db), "export", "--out", "taken.json"],  # exists, no --force
        ["--db", str(db), "export", "--format", "json", "--out", "folder"],
        ["--db", str(missing), "export", "--out", "x.json"],
    ]
    for args in cases:
        quick = _export_path(args, capsys)
        assert quick == _typer_path(args, capsys), args
        assert quick[0] == 2 and quick[2].startswith("twitchlog: ") and quick[1] == "", quick
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "folder", "taken.json"]
    assert cli("export", "--out", "taken.json", "--force").code == 0


@pytest.mark.parametrize(
    "words",
    [
        ["--help"],
        ["--format", "xml"],
        ["--format", "JSON"],
        ["--bogus"],
        ["-o=x"],
        ["-ox"],
        ["--out", "a", "--out", "b"],
        ["--force", "--force"],
        ["--out", "-x"],
        ["--out="],
        ["--out", "\x1b[31mred"],
        ["--", "x"],
        ["x"],
        ["--out"],
    ],
)
def test_i17_quick_export_leaves_every_other_form_to_typer(
    words: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert quick_export(["export", *words]) is None
    assert quick_export(["--demo", "export"]) is None
    assert quick_export(["--db", "a", "--db", "b", "export"]) is None
    assert list(tmp_path.iterdir()) == []  # nothing read, nothing written
