"""A11: attacks on own places and symptoms (rename, delete) that found defects."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import CliRunner


def test_a11_a_place_named_with_a_side_at_its_end_is_refused(cli: CliRunner) -> None:
    # "nape right" on the midline could never be logged: the log line reads "right" as the
    # side of a place "nape", which is not known, while the error listed "nape right"
    assert cli("site", "add", "nape", "--midline").code == 0
    assert cli("log", "nape").code == 0
    renamed = cli("site", "rename", "nape", "nape right")
    assert renamed.code == 2 and "must not end with a side" in renamed.err, renamed
    added = cli("site", "add", "temple l")
    assert added.code == 2 and "must not end with a side" in added.err, added
    assert cli("site", "list").out.splitlines() == ["nape (midline, no side)"]
    assert cli("log", "nape").code == 0  # still the place it was


def test_a11_an_imported_place_named_with_a_side_at_its_end_is_refused(
    cli: CliRunner, tmp_path: Path, db: Path
) -> None:
    # the rule lives with the name itself: a sites.csv holding "nape right" is refused too
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "sites.csv").write_text("site,sided\r\nnape right,no\r\n")
    r = cli("import", str(folder), "--apply")
    assert r.code == 65 and "must not end with a side" in r.err, r
    assert "sites.csv" in r.err and len(r.err.strip().splitlines()) == 1, r
    assert not db.exists()
