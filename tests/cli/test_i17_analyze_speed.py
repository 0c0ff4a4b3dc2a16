"""Issue 17: ``twitchlog analyze`` reads no place or hour-of-day counts for its text, which shows
neither (on 20 years they were half of the reading); its JSON still has both."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from twitchlog.storage import repository as repo
from twitchlog.storage.errors import DamagedValue
from twitchlog.storage.journal import Journal
from twitchlog.storage.records import day_from_record


@pytest.fixture
def logged(cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three days: an eyelid at 09:00 and at 21:30, a calf at 09:10, one check-in."""
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-12-01T20:00:00+00:00")
    for site, at in [("eyelid", "2026-11-29 09:00"), ("calf", "yesterday 09:10")]:
        assert cli("log", site, "--at", at).code == 0, at
    assert cli("log", "eyelid", "--at", "21:30").code == 0
    assert cli("day", "--check-in", "--caffeine", "200").code == 0
    return db


def test_i17_analyze_slice_without_counts_keeps_everything_else(logged: Path) -> None:
    journal = Journal.open(logged)
    try:
        full = repo.load_slice(journal, date(2026, 11, 28), date(2026, 12, 1))
        lean = repo.load_slice(
            journal, date(2026, 11, 28), date(2026, 12, 1), places_and_hours=False
        )
    finally:
        journal.dispose()
    assert full.site_counts == {"eyelid": 2, "calf": 1} and sum(full.hour_counts) == 3
    assert lean.site_counts == {} and lean.hour_counts == ()  # not counted, not zero
    assert (lean.days, lean.episode_days, lean.medications) == (
        full.days,
        full.episode_days,
        full.medications,
    )
    assert (lean.start, lean.end, lean.custom_factors) == (
        full.start,
        full.end,
        full.custom_factors,
    )


def test_i17_analyze_json_still_counts_places_and_hours(cli: CliRunner, logged: Path) -> None:
    r = cli("analyze", "--json")
    assert r.code == 0, r
    summary = json.loads(r.out)["summary"]
    assert sum(summary["hour_counts"]) == 3 and len(summary["hour_counts"]) == 24
    assert {s["site"]: s["episodes"] for s in summary["sites"]} == {"eyelid": 2, "calf": 1}
    text = cli("analyze")
    assert text.code == 0 and "Period 2026-11-29 to 2026-12-01" in text.out, text


def test_i17_day_logs_share_no_drinks_and_damage_is_said_every_time(logged: Path) -> None:
    """The drink texts are decoded once per text: each day still gets its own counts, and a
    damaged text is refused on every read, not only the first."""
    conn = sqlite3.connect(logged)
    with conn:
        conn.execute("UPDATE day_logs SET drinks = '{\"coffee\": 2}'")
        conn.execute(
            "INSERT INTO day_logs (day, drinks, updated_at) "
            "VALUES ('2026-11-20', '{\"coffee\": 2}', '2026-11-20T10:00:00Z')"
        )
    conn.close()
    journal = Journal.open(logged)
    try:
        days = repo.load_slice(journal, date(2026, 11, 1), date(2026, 12, 1)).days
        assert [d.drinks for d in days] == [{"coffee": 2}, {"coffee": 2}]
        days[0].drinks["coffee"] = 5  # a value's own dict; the next read is not changed
        again = repo.load_slice(journal, date(2026, 11, 1), date(2026, 12, 1)).days
        assert [d.drinks for d in again] == [{"coffee": 2}, {"coffee": 2}]
    finally:
        journal.dispose()
    record = {**_day_record(logged), "drinks": "[1, 2]"}  # damaged (the triggers refuse it)
    for _ in range(2):
        with pytest.raises(DamagedValue, match="the drinks of 2026-11-20 are not valid"):
            day_from_record(record)


def _day_record(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        row = conn.execute("SELECT * FROM day_logs WHERE day = '2026-11-20'").fetchone()
    finally:
        conn.close()
    return dict(row)
