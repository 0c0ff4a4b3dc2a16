"""Issue 12, cosmetic: counts agree with their words ("1 episode", "1 standard drink")."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import CliRunner


def test_i8_one_of_a_thing_is_singular(cli: CliRunner, tmp_path: Path) -> None:
    assert cli("log", "calf").code == 0
    saved = cli("day", "--alcohol", "1")
    assert saved.code == 0 and "alcohol 1 standard drink" in saved.out, saved
    assert "1 standard drinks" not in saved.out
    r = cli("export", "--format", "json", "--out", str(tmp_path / "e.json"))
    assert "Exported 1 episode, 1 day, 0 medicines, 0 health notes" in r.out, r
