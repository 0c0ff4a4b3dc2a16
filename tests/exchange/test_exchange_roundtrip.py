"""Export, import into an empty journal, export again: the files must not change."""

from __future__ import annotations

import dataclasses
import json
import stat
from datetime import UTC, date, datetime
from pathlib import Path

from tests.exchange.exchange_samples import AWKWARD_TEXTS, NOW, awkward_journal
from twitchlog.demo import generate
from twitchlog.exchange import (
    TABLES,
    JournalData,
    export_csv,
    export_json,
    read_import,
    summarize,
)

FIXED = datetime(2026, 11, 29, 11, 0, tzinfo=UTC)


def _csv_bytes(folder: Path) -> dict[str, bytes]:
    return {t.file_name: (folder / t.file_name).read_bytes() for t in TABLES}


def _without_json_only(data: JournalData) -> JournalData:
    """What CSV keeps: no recorded_at, no drink counts."""
    return JournalData(
        episodes=tuple(dataclasses.replace(e, recorded_at=None) for e in data.episodes),
        days=tuple(dataclasses.replace(d, drinks={}) for d in data.days),
        medications=data.medications,
        health_notes=data.health_notes,
    )


def _same(a: JournalData, b: JournalData) -> None:
    for table in TABLES:
        assert sorted(table.values(a), key=table.sort_key) == sorted(
            table.values(b), key=table.sort_key
        ), table.key


def test_csv_round_trip_is_byte_identical_and_keeps_every_value(tmp_path: Path) -> None:
    original = awkward_journal()
    export_csv(tmp_path / "one", original)
    imported = read_import([tmp_path / "one"], "Europe/Berlin", NOW)
    export_csv(tmp_path / "two", imported)

    assert _csv_bytes(tmp_path / "one") == _csv_bytes(tmp_path / "two")
    _same(imported, original)  # drinks and recorded_at too (issue 12 item 12)


def test_json_round_trip_is_byte_identical_and_keeps_drinks_and_recorded_at(
    tmp_path: Path,
) -> None:
    original = awkward_journal()
    export_json(tmp_path / "one.json", original, exported_at=FIXED)
    imported = read_import([tmp_path / "one.json"], "Europe/Berlin", NOW)
    export_json(tmp_path / "two.json", imported, exported_at=FIXED)

    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()
    _same(imported, original)


def test_demo_journal_round_trips_through_both_formats(tmp_path: Path) -> None:
    demo = generate(120, end=date(2026, 11, 28))
    data = JournalData(demo.episodes, demo.days, demo.medications, demo.health_notes)
    export_csv(tmp_path / "csv", data)
    export_json(tmp_path / "all.json", data, exported_at=FIXED)
    from_csv = read_import([tmp_path / "csv"], "Europe/Berlin", NOW)
    from_json = read_import([tmp_path / "all.json"], "Europe/Berlin", NOW)
    export_csv(tmp_path / "csv2", from_csv)
    export_json(tmp_path / "all2.json", from_json, exported_at=FIXED)

    assert _csv_bytes(tmp_path / "csv") == _csv_bytes(tmp_path / "csv2")
    assert (tmp_path / "all.json").read_bytes() == (tmp_path / "all2.json").read_bytes()
    _same(from_json, data)


def test_exports_are_reproducible_whatever_the_input_order(tmp_path: Path) -> None:
    data = awkward_journal()
    shuffled = JournalData(*(tuple(reversed(t.values(data))) for t in TABLES))
    export_json(tmp_path / "a.json", data, exported_at=FIXED)
    export_json(tmp_path / "b.json", shuffled, exported_at=FIXED)
    export_csv(tmp_path / "a", data)
    export_csv(tmp_path / "b", shuffled)

    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert _csv_bytes(tmp_path / "a") == _csv_bytes(tmp_path / "b")


def test_exported_files_are_private(tmp_path: Path) -> None:
    written = export_csv(tmp_path / "export", awkward_journal())
    json_path = export_json(tmp_path / "export.json", awkward_journal())

    assert stat.S_IMODE((tmp_path / "export").stat().st_mode) == 0o700
    for path in [*written, json_path]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in (tmp_path / "export").iterdir()) == [
        "days.csv",
        "episodes.csv",
        "health_notes.csv",
        "medications.csv",
    ]


def test_csv_files_have_the_documented_headers_and_canonical_cells(tmp_path: Path) -> None:
    export_csv(tmp_path, awkward_journal())
    episodes = (tmp_path / "episodes.csv").read_bytes().decode().split("\r\n")
    days = (tmp_path / "days.csv").read_bytes().decode().split("\r\n")
    by_id = {line.split(",")[0]: line for line in episodes}

    assert episodes[0] == (
        "id,started_at,timezone,local_date,duration_s,site,side,kind,intensity,context,"
        "visible,symptoms,note,updated_at,recorded_at"
    )
    assert (
        episodes[1]
        == "ep-001,2026-03-29T01:59:59+01:00,Europe/Berlin,2026-03-29,,eyelid,,twitch,,,,,,,"
    )
    assert by_id["ep-002"].startswith("ep-002,2026-03-29T03:00:00+02:00,")
    assert by_id["ep-003"].startswith("ep-003,2026-10-25T02:30:00+02:00,")
    assert by_id["ep-004"].startswith("ep-004,2026-10-25T02:30:00+01:00,")
    assert by_id["ep-005"].startswith("ep-005,2026-05-01T09:00:00+05:45,Asia/Kathmandu,")
    assert by_id["ep-006"] == (
        "ep-006,2026-05-01T23:15:07.123456-04:00,America/New_York,2026-05-01,86400,calf,both,"
        "cramp,10,after_exercise,no,fatigue;numbness;pain;stiffness;tingling;weakness,,,"
        "2026-05-02T09:00:00+00:00"
    )
    assert days[0] == (
        "date,checked_in,caffeine_mg,sleep_h,sleep_quality,stress,cigarettes,exercise_min,"
        "alcohol_drinks,water_l,screen_h,note,updated_at,drinks"
    )
    assert "2026-07-01,no,,,,,,,,,,,," in days
    assert (
        "2026-07-02,yes,0,6.25,1,0,0,0,0.5,0.30000000000000004,24,'-3 mg? =SUM,,cola=1;espresso=2"
        in days
    )
    assert "2026-07-03,yes,2000,1e-05,,,,,,,,,," in days


def test_formula_cells_are_quoted_for_spreadsheets_and_restored_on_import(
    tmp_path: Path,
) -> None:
    export_csv(tmp_path, awkward_journal())
    text = (tmp_path / "episodes.csv").read_bytes().decode()
    meds = (tmp_path / "medications.csv").read_bytes().decode()

    assert ",'+1 cmd,,\r\n" in text  # the note, then empty updated_at, recorded_at
    assert ",'-2 minus,,\r\n" in text  # the note, then empty updated_at, recorded_at
    assert ",'@SUM(A1),,\r\n" in text  # the note, then empty updated_at, recorded_at
    assert ',"\'=HYPERLINK(""http://x"")",,\r\n' in text
    assert ",'''two quotes,,\r\n" in text  # the note, then empty updated_at, recorded_at
    assert "'@inhaler" in meds and "'=cmd" in meds
    imported = read_import([tmp_path], "Europe/Berlin", NOW)
    notes = {e.note for e in imported.episodes}
    assert set(AWKWARD_TEXTS) <= notes


def test_reimporting_a_file_without_ids_adds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "started_at,site,note\n2026-05-01 08:00,eyelid,morning\n2026-05-01 09:00,calf,\n",
        encoding="utf-8",
    )
    first = read_import([path], "Europe/Berlin", NOW)
    second = read_import([path], "Europe/Berlin", NOW)
    ids = {e.id for e in first.episodes}

    assert [e.id for e in first.episodes] == [e.id for e in second.episodes]
    assert len(ids) == 2
    again = summarize(second, existing_ids=ids)
    assert (again.tables[0].total, again.tables[0].new, again.tables[0].present) == (2, 0, 2)


def test_json_export_has_fixed_keys_and_one_record_per_line(tmp_path: Path) -> None:
    data = awkward_journal()
    text = export_json(tmp_path / "a.json", data, exported_at=FIXED).read_text(encoding="utf-8")
    lines = text.split("\n")
    document = json.loads(text)

    assert lines[:4] == [
        "{",
        '  "format": "twitchlog/1",',
        '  "exported_at": "2026-11-29T11:00:00+00:00",',
        '  "episodes": [',
    ]
    assert list(document) == [
        "format",
        "exported_at",
        "episodes",
        "days",
        "medications",
        "health_notes",
    ]
    records = [json.loads(line.strip().rstrip(",")) for line in lines if line.startswith("    {")]
    assert len(records) == sum(data.counts().values())
    ep6 = next(r for r in records if r.get("id") == "ep-006")
    assert ep6["recorded_at"] == "2026-05-02T09:00:00+00:00"
    assert ep6["symptoms"] == sorted(ep6["symptoms"])
    assert ep6["duration_s"] == 86_400 and ep6["visible"] is False
    assert {"date": "2026-07-02", "drinks": {"cola": 1, "espresso": 2}}.items() <= next(
        r for r in records if r.get("date") == "2026-07-02"
    ).items()
    assert text.endswith("}\n")
