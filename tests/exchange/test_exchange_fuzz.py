"""Property tests: any input gives values or one ImportFormatError; valid values round-trip."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.exchange.exchange_samples import NOW
from twitchlog.domain import SITES, Context, DayLog, Episode, Kind, Side, Symptom
from twitchlog.domain.models import FACTOR_FIELDS
from twitchlog.domain.times import local_day, zone
from twitchlog.domain.validation import RANGES, validate_day, validate_episode
from twitchlog.exchange import (
    TABLES,
    ImportBatch,
    ImportFormatError,
    JournalData,
    export_json_text,
    read_import,
    table_csv,
)

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FIXED = datetime(2026, 11, 29, 11, 0, tzinfo=UTC)
CSV_NAMES = [t.file_name for t in TABLES]
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC")

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    max_size=60,
)
#: Cells that are close to valid, plus junk: numbers, dates, words, formulas, huge values.
CELL = st.one_of(
    TEXT,
    st.sampled_from(
        [
            "",
            "nan",
            "inf",
            "-inf",
            "1e999",
            "-0",
            "1_000",
            "yes",
            "no",
            "left",
            "cramp",
            "2026-03-29 02:30",
            "2026-10-25 02:30",
            "2026-05-01T08:00:00+02:00",
            "eyelid",
            "pain;fatigue",
            "'=1+1",
            "=cmd",
            "9" * 120,
            "\x00",
            "Europe/Berlin",
            "2026-05-01",
        ]
    ),
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def _read(name: str, data: bytes) -> ImportBatch | None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            return read_import([path], "Europe/Berlin", NOW)
        except ImportFormatError as exc:
            assert "\n" not in str(exc) and len(str(exc)) <= 300
            return None


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


@FUZZ
@given(st.binary(max_size=400), st.sampled_from(["x.csv", "x.json", "episodes.csv"]))
def test_random_bytes_never_raise_anything_else(data: bytes, name: str) -> None:
    _read(name, data)


@FUZZ
@given(st.sampled_from(TABLES), st.data())
def test_random_cells_give_valid_values_or_one_import_error(
    table: object, data: st.DataObject
) -> None:
    columns = list(table.columns)  # type: ignore[attr-defined]
    rows = data.draw(
        st.lists(st.lists(CELL, min_size=len(columns), max_size=len(columns)), max_size=3)
    )
    batch = _read("f.csv", _csv(columns, rows))
    if batch is not None:
        for episode in batch.episodes:
            validate_episode(episode, NOW)
        for day in batch.days:
            validate_day(day)


@FUZZ
@given(st.text(max_size=300))
def test_random_text_under_a_valid_header_never_raises_anything_else(body: str) -> None:
    header = "id,started_at,timezone,local_date,duration_s,site,side,kind,intensity,note\n"
    _read("e.csv", (header + body).encode("utf-8", "surrogatepass"))


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


@FUZZ
@given(st.sampled_from(TABLES), st.data())
def test_random_json_records_give_valid_values_or_one_import_error(
    table: object, data: st.DataObject
) -> None:
    columns = list(table.columns)  # type: ignore[attr-defined]
    record = data.draw(st.fixed_dictionaries({}, optional={c: JSON_VALUE for c in columns}))
    document = {"format": "twitchlog/1", table.key: [record]}  # type: ignore[attr-defined]
    _read("f.json", json.dumps(document, allow_nan=True).encode())


# Valid values round-trip ------------------------------------------------------------------

#: Text a note may hold: anything but lone surrogates and control characters other than
#: newline and tab.
NOTE = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=["Cs", "Cc"]), st.sampled_from("\n\t")),
    max_size=300,
)


@st.composite
def episodes(draw: st.DrawFn) -> Episode:
    tz = draw(st.sampled_from(ZONES))
    started = draw(
        st.datetimes(
            min_value=datetime(1990, 1, 1), max_value=datetime(2026, 11, 28), timezones=st.just(UTC)
        )
    )
    return Episode(
        id=draw(st.uuids()).hex,
        started_at=started,
        timezone=tz,
        local_date=local_day(started, zone(tz)) - timedelta(days=draw(st.integers(0, 1))),
        site=draw(st.sampled_from(SITES)),
        side=draw(st.none() | st.sampled_from(Side)),
        kind=draw(st.sampled_from(Kind)),
        duration_s=draw(st.none() | st.integers(1, 86_400)),
        intensity=draw(st.none() | st.integers(1, 10)),
        context=draw(st.none() | st.sampled_from(Context)),
        visible=draw(st.none() | st.booleans()),
        symptoms=frozenset(draw(st.sets(st.sampled_from(Symptom)))),
        note=draw(NOTE),
    )


@st.composite
def day_logs(draw: st.DrawFn, day: date) -> DayLog:
    factors: dict[str, float | None] = {}
    for name in FACTOR_FIELDS:
        low, high, _, whole = RANGES[name]
        number = (
            st.integers(int(low), int(high))
            if whole
            else st.floats(low, high, allow_nan=False, allow_infinity=False)
        )
        factors[name] = draw(st.none() | number)
    return DayLog(day=day, checked_in=draw(st.booleans()), note=draw(NOTE), **factors)  # type: ignore[arg-type]


@st.composite
def journals(draw: st.DrawFn) -> JournalData:
    eps = draw(st.lists(episodes(), max_size=5, unique_by=lambda e: e.id))
    first = draw(st.dates(date(2000, 1, 1), date(2026, 11, 1)))
    days = [draw(day_logs(first + timedelta(days=i))) for i in range(draw(st.integers(0, 4)))]
    return JournalData(tuple(eps), tuple(days))


def _write_export(root: Path, data: JournalData) -> dict[str, bytes]:
    """The export's files as bytes (written plainly: fsync per example would be slow)."""
    files = {t.file_name: table_csv(t, data).encode() for t in TABLES}
    files["all.json"] = export_json_text(data, exported_at=FIXED).encode()
    root.mkdir()
    for name, content in files.items():
        (root / name).write_bytes(content)
    return files


@settings(max_examples=100, deadline=None)
@given(journals())
def test_valid_journals_round_trip_byte_identically(data: JournalData) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        first = _write_export(root / "a", data)
        from_csv = read_import([root / "a" / n for n in CSV_NAMES], "Europe/Berlin", NOW)
        from_json = read_import([root / "a" / "all.json"], "Europe/Berlin", NOW)
        again_csv = _write_export(root / "b", from_csv)
        again_json = _write_export(root / "c", from_json)

        assert [again_csv[n] for n in CSV_NAMES] == [first[n] for n in CSV_NAMES]
        assert again_json == first
        assert sorted(from_json.episodes, key=lambda e: e.id) == sorted(
            data.episodes, key=lambda e: e.id
        )
        assert sorted(from_json.days, key=lambda d: d.day) == list(data.days)
