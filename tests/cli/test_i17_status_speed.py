"""Issue 17: ``twitchlog status`` runs on every shell prompt, so it finds the journal, the
settings and today without the domain package, pathlib, dataclasses, typing or platformdirs
(``cli/prompt.quick_line``). What it prints and how it fails stay those of the full way
(``cli/context.resolve_env``), which it falls back to for anything unusual."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from twitchlog import settings_file
from twitchlog.cli.context import resolve_env
from twitchlog.cli.main import run
from twitchlog.cli.prompt import _places, quick_line, status_line
from twitchlog.domain.times import MAX_YEAR, MIN_YEAR
from twitchlog.domain.validation import MAX_NAME_CHARS
from twitchlog.paths import config_file, default_journal

#: Modules the prompt line must not load (each costs it a noticeable share of its time).
SLOW = ("twitchlog.domain", "pathlib", "dataclasses", "typing", "platformdirs", "typer", "tomllib")


def _write_config(text: str) -> Path:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_i17_status_loads_no_domain_pathlib_or_platformdirs(cli: CliRunner, db: Path) -> None:
    assert cli("log", "eyelid").code == 0
    probe = (
        "import json, sys\nfrom twitchlog.cli.main import run\n"
        f"code = run(['--db', {str(db)!r}, 'status'])\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    line, result = out.stdout.strip().splitlines()
    code, modules = json.loads(result)
    assert code == 0 and line == "1 twitch today · not checked in", out
    slow = sorted(m for m in modules if m.split(".")[0] in SLOW or m.startswith(SLOW))
    assert slow == [], slow


def test_i17_status_quick_limits_equal_the_domains() -> None:
    assert settings_file.NAME_CHARS == MAX_NAME_CHARS
    assert settings_file.YEARS == (MIN_YEAR, MAX_YEAR)


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"XDG_CONFIG_HOME": "relative/config", "XDG_DATA_HOME": ""},  # not absolute: ignored
        {"XDG_CONFIG_HOME": "", "XDG_DATA_HOME": "", "HOME_SUFFIX": "/"},
        {"TWITCHLOG_DB": "~/journals/mine.sqlite3"},
        {"TWITCHLOG_DB": "  rel/j.sqlite3 "},
    ],
)
def test_i17_status_finds_the_places_platformdirs_gives(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = str(tmp_path / "home") + env.pop("HOME_SUFFIX", "")
    monkeypatch.setenv("HOME", home)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert _places(None) == (str(default_journal()), str(config_file()))
    assert _places("~/x.sqlite3") == (str(tmp_path / "home" / "x.sqlite3"), str(config_file()))


@pytest.mark.parametrize(
    ("name", "code", "said"),
    [
        ("./j.sqlite3", 0, "twitchlog: no journal yet\n"),
        ("a//j.sqlite3", 0, "twitchlog: no journal yet\n"),
        ("a/../j.sqlite3", 0, "twitchlog: no journal yet\n"),
        ("~nosuchuser/j", 2, "twitchlog: path ~nosuchuser/j names an unknown home folder\n"),
    ],
)
def test_i17_status_leaves_odd_paths_to_the_full_way(
    name: str,
    code: int,
    said: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Names pathlib would rewrite are not guessed at; the full way answers as before."""
    assert _places(name) is None
    monkeypatch.chdir(tmp_path)
    assert run(["--db", name, "status"]) == code
    out, err = capsys.readouterr()
    assert (out if code == 0 else err) == said, (out, err)


def test_i17_status_quick_line_equals_the_full_way(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Around midnight with a day-start hour and an unknown key: the same line, the same
    warning, from the quick way and from resolve_env."""
    _write_config('day_start_hour = 4\ntimezone = "Asia/Kolkata"\ncolour = "red"\n')
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-12-01T20:00:00+00:00")  # 01:30 in Kolkata
    assert cli("log", "calf").code == 0
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-12-01T22:00:00+00:00")  # 03:30: still Dec 1
    env = resolve_env(db, False)
    quick = quick_line(str(db))
    assert quick == (status_line(env), [*env.settings.key_warnings]), quick
    assert quick[0] == "1 twitch today · not checked in"
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-12-01T22:31:00+00:00")  # 04:01: Dec 2
    assert quick_line(str(db)) == (status_line(resolve_env(db, False)), quick[1])
    assert cli("status").out == "0 twitches today · not checked in\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "A\\u0007B"\n', "must not contain control characters"),
        (f'name = "{"x" * (MAX_NAME_CHARS + 1)}"\n', f"at most {MAX_NAME_CHARS}"),
        ('onset = "1800-01-01"\n', "1900-2999"),
        ('timezone = "Mars/Olympus"\n', "IANA name such as Europe/Berlin"),
    ],
)
def test_i17_status_refuses_bad_settings_as_before(text: str, message: str, cli: CliRunner) -> None:
    """Settings the quick checks do not pass go to the domain's checks and their words."""
    path = _write_config(text)
    r = cli("status")
    assert r.code == 2 and message in r.err and str(path) in r.err, r
    assert r.err.count("\n") == 1 and r.out == "", r


def test_i17_status_takes_a_name_with_a_tab(cli: CliRunner) -> None:
    """Not printable, but allowed (the domain's check decides, as before)."""
    _write_config('name = "A.\\tPerson"\n')
    r = cli("status")
    assert r.code == 0 and r.out == "twitchlog: no journal yet\n" and r.err == "", r


def test_i17_status_with_a_bad_clock_is_a_usage_error(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWITCHLOG_NOW", "yesterday")
    r = cli("status")
    assert r.code == 2 and "TWITCHLOG_NOW must be an ISO instant" in r.err, r
