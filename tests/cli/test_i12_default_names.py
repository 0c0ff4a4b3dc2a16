"""Issue 12: a default output name never needs --force; a name the person gave still does."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from twitchlog.storage.targets import first_free


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_first_free_counts_up_from_two(tmp_path: Path) -> None:
    base = tmp_path / "r.pdf"
    assert first_free(base) == base
    base.write_text("x")
    assert first_free(base) == tmp_path / "r-2.pdf"
    (tmp_path / "r-2.pdf").write_text("x")
    assert first_free(base) == tmp_path / "r-3.pdf"
    folder = tmp_path / "twitchlog-export-2026-12-01"
    folder.mkdir()
    assert first_free(folder) == tmp_path / "twitchlog-export-2026-12-01-2"


def test_i12_export_twice_to_the_default_name(cli: CliRunner, here: Path) -> None:
    assert cli("log", "calf").code == 0
    for fmt, pattern in (("csv", "twitchlog-export-*[0-9]"), ("json", "twitchlog-export-*.json")):
        one = cli("export", "--format", fmt)
        two = cli("export", "--format", fmt)
        assert one.code == 0 and two.code == 0, (one, two)
        names = sorted((p.name for p in here.glob(pattern)), key=len)
        assert len(names) == 2, names
        first, second = names
        assert second == first.replace(".json", "") + "-2" + (".json" if fmt == "json" else "")
        assert second in two.out


def test_i12_export_to_a_named_existing_file_still_needs_force(cli: CliRunner, here: Path) -> None:
    assert cli("log", "calf").code == 0
    target = here / "mine.json"
    target.write_text("keep me")
    r = cli("export", "--format", "json", "--out", str(target))
    assert r.code == 2 and "--force" in r.err, r
    assert target.read_text() == "keep me"
    assert cli("export", "--format", "json", "--out", str(target), "--force").code == 0


def test_i12_report_twice_to_the_default_name(cli: CliRunner, here: Path) -> None:
    assert cli("log", "calf").code == 0
    one = cli("report", "--png")
    two = cli("report", "--png")
    assert one.code == 0 and two.code == 0, (one, two)
    pdfs = sorted((p.name for p in here.glob("*.pdf")), key=len)
    assert len(pdfs) == 2 and pdfs[1].endswith("-2.pdf"), pdfs
    assert (here / pdfs[1]).with_suffix(".png").exists()
    assert pdfs[1] in two.out
    named = cli("report", "--out", str(here / pdfs[0]))
    assert named.code == 2 and "--force" in named.err, named


def test_export_to_a_json_name_writes_json_without_format(cli: CliRunner, here: Path) -> None:
    """`export --out mine.json` made a CSV folder called mine.json; the name says json."""
    import json

    assert cli("log", "calf").code == 0
    r = cli("export", "--out", "mine.JSON")
    assert r.code == 0, r
    written = here / "mine.JSON"
    assert written.is_file()
    assert len(json.loads(written.read_text())["episodes"]) == 1
    folder = cli("export", "--out", "plain")
    assert folder.code == 0 and (here / "plain" / "episodes.csv").is_file()
