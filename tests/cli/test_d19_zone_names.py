"""D19: zone names zoneinfo accepts are used; an unusable zone is named in one warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner, run_process
from tests.cli.second_attack import NOW


@pytest.mark.parametrize(
    ("tz", "key"),
    [
        ("EST5EDT", "EST5EDT"),
        ("Japan", "Japan"),
        ("CET", "CET"),
        (":Asia/Tokyo", "Asia/Tokyo"),
        ("/usr/share/zoneinfo/America/New_York", "America/New_York"),
        (":/usr/share/zoneinfo/Australia/Sydney", "Australia/Sydney"),
    ],
)
def test_d19_zone_names_zoneinfo_accepts_are_used(
    tz: str, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from twitchlog.config import machine_zone

    if tz.lstrip(":").startswith("/") and not Path(tz.lstrip(":")).exists():
        pytest.skip("no system zoneinfo folder")
    monkeypatch.setenv("TZ", tz)
    assert machine_zone() == (key, "")


def test_d19_a_late_entry_lands_on_the_local_day(cli: CliRunner, db: Path) -> None:
    env = {"TZ": "Japan", "TWITCHLOG_NOW": "2026-11-29T15:30:00+00:00"}  # 00:30 in Tokyo
    r = run_process("--db", str(db), "log", "calf", env=env)
    assert r.code == 0, r
    assert "Mon 30 Nov 2026" in r.out, r.out
    assert r.err == ""


def test_d19_an_unusable_zone_is_named_in_one_warning(cli: CliRunner, db: Path) -> None:
    env = {"TZ": "CET-1CEST,M3.5.0,M10.5.0/3", "TWITCHLOG_NOW": NOW}
    r = run_process("--db", str(db), "log", "calf", env=env)
    assert r.code == 0, r
    lines = r.err.splitlines()
    assert len(lines) == 1 and "CET-1CEST" in lines[0] and "using" in lines[0], r.err


@pytest.mark.parametrize("tz", ["localtime", "posixrules", "Factory", ":localtime"])
def test_d19_zone_files_that_name_no_place_are_not_stored(
    tz: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by the attack after the fixes: ``TZ=localtime`` was stored as the entries' zone,
    which means another zone on another machine."""
    from twitchlog.config import machine_zone

    monkeypatch.setenv("TZ", tz)
    key, warning = machine_zone()
    assert key not in {"localtime", "posixrules", "Factory"}
    assert tz.lstrip(":") in warning
