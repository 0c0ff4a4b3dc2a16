"""Issue 12, new: ``twitchlog about`` says in plain words what is common, what a doctor asks,
and names every red flag as a reason to see a doctor soon; it needs no journal."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import CliRunner
from twitchlog.domain.about import about_text
from twitchlog.domain.models import RED_FLAG_LABELS


def test_i10_about_names_every_red_flag_and_needs_no_journal(cli: CliRunner, db: Path) -> None:
    r = cli("about")
    assert r.code == 0 and r.err == ""
    assert "harmless" in r.out and "What a doctor will ask" in r.out
    assert "See a doctor soon" in r.out
    for label in RED_FLAG_LABELS.values():
        assert label[1:] in r.out
    assert "diagnos" in r.out  # it says it does not diagnose
    assert not db.exists()


def test_i10_about_text_fits_a_narrow_terminal() -> None:
    assert max(len(line) for line in about_text(60).splitlines()) <= 60
