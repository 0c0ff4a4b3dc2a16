"""Issue 16 "No peeking": while an experiment runs, the comparison of its factor is held back
in ``analyze`` (text and JSON); after the experiment ends it is back."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.cli.conftest import CliRunner
from tests.cli.test_experiment import INTERIM_ARGS, _at, schedule_diary

if TYPE_CHECKING:
    from twitchlog.report import ReportData

HELD = (
    "Caffeine: held back while your caffeine experiment runs (until 2027-02-23), so the "
    "comparison cannot sway it."
)


def caffeine_diary(db: Path, days: int) -> None:
    """Check in the schedule's first ``days`` days with caffeine logged: 0 or 50 mg on the low
    days and 250 to 350 mg on the others; 4 to 8 twitches on a high day, 1 to 3 on the others."""

    def day(i: int, arm: str) -> tuple[int, float]:
        high = arm != "test" if i % 5 else arm == "test"  # not only the schedule's arms
        mg = 250.0 + 50 * (i % 3) if high else 50.0 * (i % 2)
        return (4 + (i * 7) % 5 if high else 1 + i % 3), mg

    schedule_diary(db, days, day)


@pytest.fixture
def running(cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A 12-week caffeine experiment with an interim look (2026-12-02 to 2027-02-23) and 32
    days of caffeine and twitches logged."""
    _at(monkeypatch, "2026-12-01")
    assert cli(*INTERIM_ARGS, "--interim", "--yes").code == 0
    caffeine_diary(db, 32)
    return db


def test_a8_analyze_holds_back_the_factor_under_test(
    cli: CliRunner, running: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the experiment ran, ``analyze`` said "Caffeine: about 2.7 times as many
    twitches per extra 100 mg" and offered to start a second caffeine experiment."""
    _at(monkeypatch, "2027-01-05")
    text = cli("analyze")
    assert text.code == 0, text.err
    assert text.out.count(HELD) == 1, text.out
    lower = text.out.lower()
    assert "caffeine" not in lower.replace(HELD.lower(), ""), text.out
    assert "experiment start" not in text.out, text.out
    as_json = cli("analyze", "--json")
    assert as_json.code == 0, as_json.err
    data = json.loads(as_json.out)
    assert data["held_back"] == [HELD]
    assert all(f["factor"] != "caffeine_mg" for f in data["factors"])
    assert all(f["factor"] != "caffeine_mg" for f in (data["adjusted"] or {}).get("factors", []))


def test_a8_after_the_experiment_ends_the_finding_is_back(
    cli: CliRunner, running: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The day after the plan's last day nothing is held back."""
    _at(monkeypatch, "2027-02-24")
    text = cli("analyze")
    assert text.code == 0, text.err
    assert "held back" not in text.out
    assert "Caffeine:" in text.out or "caffeine" in text.out.lower(), text.out
    data = json.loads(cli("analyze", "--json").out)
    assert data["held_back"] == []
    (caffeine,) = [f for f in data["factors"] if f["factor"] == "caffeine_mg"]
    assert caffeine["verdict"] == "pattern", caffeine["reason"]


def test_a8_a_stopped_experiment_holds_nothing_back(
    cli: CliRunner, running: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``experiment stop`` ends it: the finding is shown again at once."""
    _at(monkeypatch, "2027-01-05")
    assert cli("experiment", "stop", "--yes").code == 0
    data = json.loads(cli("analyze", "--json").out)
    assert data["held_back"] == []
    assert any(f["factor"] == "caffeine_mg" for f in data["factors"])


def _report(db: Path, today: str) -> ReportData:
    from twitchlog.config import Settings
    from twitchlog.report import build_report
    from twitchlog.storage.journal import Journal

    journal = Journal.open(db, create=False)
    try:
        day = date.fromisoformat(today)
        return build_report(journal, date(2026, 12, 2), day, Settings(timezone="UTC"), made_on=day)
    finally:
        journal.dispose()


def test_a8_report_holds_back_the_factor_under_test(running: Path) -> None:
    """The report showed "Caffeine: about 2.7 times as many twitches per extra 100 mg" on
    page 1, its more/less figures in page 2's table, and caffeine as a factor panel."""
    from tests.report.conftest import pdf_text
    from twitchlog.report import render_pdf
    from twitchlog.report.summary import page_panels, panel_factors

    data = _report(running, "2027-01-05")
    assert data.others.count(HELD) == 1, data.others
    assert all(f.factor != "caffeine_mg" for f in data.factors)
    assert "caffeine_mg" not in panel_factors(data)
    panels = page_panels(data)
    assert "caffeine_mg" not in panels and len(panels) == 3
    text = " ".join(" ".join(pdf_text(render_pdf(data))).split())
    assert "held back while your caffeine experiment runs (until 2027-02-23)" in text, text
    assert "per extra 100 mg" not in text and "Caffeine:" not in text.replace(
        "Caffeine: held back", ""
    )
    after = _report(running, "2027-02-24")
    assert "held back" not in after.others
    assert any(f.factor == "caffeine_mg" for f in after.factors)


def test_a8_trends_holds_back_the_factor_under_test(running: Path) -> None:
    """The Trends screen's findings showed caffeine's comparison (and offered ``x``)."""
    from twitchlog.analysis import analyze
    from twitchlog.storage.journal import Journal
    from twitchlog.storage.slices import load_slice
    from twitchlog.tui.screens.trends import findings_text

    journal = Journal.open(running, create=False)
    try:
        during = load_slice(journal, date(2026, 12, 2), date(2027, 1, 5))
        after = load_slice(journal, date(2026, 12, 2), date(2027, 1, 2), today=date(2027, 2, 24))
    finally:
        journal.dispose()
    shown = findings_text(analyze(during)).plain
    assert shown.count(HELD) == 1, shown
    assert "caffeine" not in shown.lower().replace(HELD.lower(), ""), shown
    again = findings_text(analyze(after)).plain
    assert "held back" not in again and "caffeine" in again.lower(), again
