"""D12: whatever twitchlog accepts, its own export imports again."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from twitchlog.cli.main import run


@pytest.mark.parametrize(
    ("at", "code"),
    [
        ("1900-01-01T00:00+14:00", 2),  # 1899 in UTC: refused at the door
        ("1899-12-31T23:30-10:00", 2),  # 1899 as written, 1900 in UTC
        ("1900-01-01T00:10+00:00", 0),  # Europe/Berlin then ran on local mean time, +00:53:28
        ("1900-01-02T00:00+14:00", 0),
        ("1900-01-01T12:00", 0),
    ],
)
def test_d12_what_log_accepts_its_own_export_imports(
    at: str, code: int, cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    r = cli("log", "calf", "--at", at)
    assert r.code == code, r
    if code:
        return
    out = tmp_path / "x.json"
    assert cli("export", "--format", "json", "--out", str(out)).code == 0
    fresh = tmp_path / "fresh.sqlite3"
    assert run(["--db", str(fresh), "import", str(out), "--apply"]) == 0
    csv_out = tmp_path / "csv"
    assert cli("export", "--out", str(csv_out)).code == 0
    fresh2 = tmp_path / "fresh2.sqlite3"
    assert run(["--db", str(fresh2), "import", str(csv_out), "--apply"]) == 0
