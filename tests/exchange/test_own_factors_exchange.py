"""Issue 14: own factors in CSV (factors.csv + factor:NAME columns) and JSON, losslessly."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from twitchlog.domain.factors import FactorKind, custom_factor
from twitchlog.domain.models import DayLog
from twitchlog.exchange import JournalData, export_csv, export_json_text, read_import
from twitchlog.exchange.errors import ImportFormatError

NOW = datetime(2026, 11, 29, 11, 0, tzinfo=UTC)
ANX = custom_factor("id-anx", "Anxiety", FactorKind.SCALE, created_on=date(2026, 1, 1))
COLD = custom_factor("id-cold", "had a cold", FactorKind.TAG, created_on=date(2026, 1, 1))
FOOD = custom_factor(
    "id-food",
    "magnesium food",
    FactorKind.NUMBER,
    unit="servings",
    low=-1,
    high=10,
    created_on=date(2026, 1, 1),
    retired_on=date(2026, 6, 1),
)


def _data() -> JournalData:
    return JournalData(
        days=(
            DayLog(day=date(2026, 3, 1), checked_in=True, custom={"id-anx": 6.0, "id-cold": 1.0}),
            DayLog(day=date(2026, 3, 2), stress=2, custom={"id-cold": 0.0, "id-food": 2.5}),
            DayLog(day=date(2026, 3, 3), checked_in=True, tags_complete=True),
            DayLog(day=date(2026, 3, 4), sleep_h=7.0),
        ),
        factors=(ANX, COLD, FOOD),
    )


def _same(a: JournalData, b: JournalData) -> None:
    assert sorted(a.factors, key=lambda f: f.key) == sorted(b.factors, key=lambda f: f.key)
    strip = [(d.day, d.checked_in, d.stress, d.sleep_h, d.custom, d.tags_complete) for d in a.days]
    back = [(d.day, d.checked_in, d.stress, d.sleep_h, d.custom, d.tags_complete) for d in b.days]
    assert sorted(strip) == sorted(back)


def test_csv_round_trip_keeps_definitions_values_and_tags_complete(tmp_path: Path) -> None:
    written = export_csv(tmp_path / "out", _data())
    assert [p.name for p in written][-1] == "factors.csv"
    header = (tmp_path / "out" / "days.csv").read_bytes().decode().split("\r\n")[0]
    assert header.endswith("tags_complete,factor:Anxiety,factor:had a cold,factor:magnesium food")
    rows = (tmp_path / "out" / "days.csv").read_bytes().decode().split("\r\n")
    assert rows[1].endswith(",no,6,yes,") and rows[2].endswith(",no,,no,2.5")
    back = read_import([tmp_path / "out"], "UTC", NOW)
    _same(_data(), back)
    again = export_csv(tmp_path / "again", back)
    for first, second in zip(written, again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_json_round_trip_is_byte_identical(tmp_path: Path) -> None:
    text = export_json_text(_data(), exported_at=NOW)
    assert '"factors": {"id-anx": 6, "id-cold": 1}' in text and '"tags_complete": true' in text
    path = tmp_path / "all.json"
    path.write_text(text)
    back = read_import([path], "UTC", NOW)
    _same(_data(), back)
    assert export_json_text(back, exported_at=NOW) == text


def test_a_journal_without_own_factors_exports_as_before(tmp_path: Path) -> None:
    data = JournalData(days=(DayLog(day=date(2026, 3, 1), stress=2),))
    written = export_csv(tmp_path / "out", data)
    assert "factors.csv" not in [p.name for p in written]
    assert "factor" not in (tmp_path / "out" / "days.csv").read_text()
    assert '"factors"' not in export_json_text(data, exported_at=NOW)


def test_a_bad_definition_is_refused_with_its_row(tmp_path: Path) -> None:
    (tmp_path / "factors.csv").write_text("name,kind,min,max\r\nanxiety,scale,0,7\r\n")
    with pytest.raises(ImportFormatError, match=r"factors.csv row 2.*scale must be 0-10 or 1-5"):
        read_import([tmp_path / "factors.csv"], "UTC", NOW)


def test_days_csv_values_find_their_factor_by_name_in_the_same_import(tmp_path: Path) -> None:
    (tmp_path / "factors.csv").write_text("name,kind,max\r\nCold,tag,\r\n")
    (tmp_path / "days.csv").write_text("date,checked_in,factor:cold\r\n2026-03-01,yes,yes\r\n")
    batch = read_import([tmp_path / "days.csv", tmp_path / "factors.csv"], "UTC", NOW)
    (cold,) = batch.factors
    assert batch.days[0].custom == {cold.key: 1.0}
