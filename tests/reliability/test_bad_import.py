"""Bad import files through ``twitchlog import --apply``: random bytes, BOMs, NULs, ``nan``,
``inf``, ``1e999``, quotes, DST-gap times and 10,000-character notes. The command ends with
exit 0, 2 or 65 and one line, never a traceback, and adds rows only when it succeeds; a file
whose row k is bad adds nothing at all, whatever k is.

(tests/exchange fuzzes the parser alone; this runs the whole command against a real journal.)
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.conftest import SOAK, Figures, InProcessCli, scale
from twitchlog.exchange.rows import EPISODE_COLUMNS

CELLS = [
    "",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e999",
    "-1e999",
    "1e-999",
    "0",
    "-1",
    "4",
    "4.0",
    "4e0",
    "11",
    "\x00",
    "\ufeff",
    '"',
    "'",
    '""',
    "'=SUM(A1)",
    "=SUM(A1)",
    "a,b",
    "a\nb",
    "\r\n",
    "[bold]x",
    "calf",
    "eyelid",
    "left",
    "twitch",
    "rest",
    "yes",
    "no",
    "pain;tingling",
    "2026-03-29T02:30:00",
    "2026-03-29T02:30:00+01:00",
    "2026-10-25T02:30:00",
    "2026-11-01T10:00:00Z",
    "2026-11-01",
    "2026-02-30",
    "2099-01-01",
    "Europe/Berlin",
    "Mars/Olympus",
    "x" * 10_000,
    "x" * 10_001,
    "ü" * 10_000,
    "🦵",
]
CELL = st.one_of(st.sampled_from(CELLS), st.text(max_size=20))
DAY_COLUMNS = ["date", "checked_in", "caffeine_mg", "sleep_h", "stress", "note"]
FUZZ = settings(
    max_examples=scale(100, 2000),
    deadline=None,
    database=None,
    derandomize=not SOAK,
    suppress_health_check=list(HealthCheck),
)


def rows(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return sum(
            int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in ("episodes", "day_logs", "medications", "health_notes")
        )
    finally:
        conn.close()


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    columns = draw(st.sampled_from([EPISODE_COLUMNS, DAY_COLUMNS]))
    header = draw(st.permutations(columns).map(lambda c: c[: max(2, len(c) - 3)]))
    required = ["started_at", "site"] if columns is EPISODE_COLUMNS else ["date", "checked_in"]
    header = list(dict.fromkeys([*required, *header]))
    body = draw(st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)), max_size=4))
    out = io.StringIO()
    csv.writer(out, lineterminator=draw(st.sampled_from(["\r\n", "\n"]))).writerows([header, *body])
    bom = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    return bom + out.getvalue().encode("utf-8", "surrogatepass")


@st.composite
def json_files(draw: st.DrawFn) -> bytes:
    value = st.one_of(
        st.sampled_from(CELLS),
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.just(10**400),
    )
    episode = st.dictionaries(st.sampled_from([*EPISODE_COLUMNS, "recorded_at", "x"]), value)
    doc = {
        "format": draw(st.sampled_from(["twitchlog/1", "twitchlog/2", "", None])),
        "episodes": draw(st.lists(episode, max_size=3)),
        "days": draw(st.lists(st.dictionaries(st.sampled_from(DAY_COLUMNS), value), max_size=2)),
    }
    text = json.dumps(doc, allow_nan=True, ensure_ascii=draw(st.booleans()))
    return draw(st.sampled_from([b"", b"\xef\xbb\xbf"])) + text.encode()


FILES = st.one_of(
    st.binary(max_size=300),
    csv_files(),
    json_files(),
    csv_files().map(lambda b: b.replace(b",", b"\x00", 1)),
)


@pytest.fixture
def db(tmp_path: Path, cli: InProcessCli, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("TWITCHLOG_DB", str(path))
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-11-29T12:00:00+00:00")
    assert cli("log", "calf", "--note", "already here").code == 0
    return path


@pytest.mark.parametrize("suffix", [".csv", ".json", ".txt"])
def test_random_import_files_change_rows_only_on_success(
    suffix: str, db: Path, tmp_path: Path, cli: InProcessCli, figures: Figures
) -> None:
    codes: dict[int, int] = {}
    target = tmp_path / f"import{suffix}"

    @FUZZ
    @given(content=FILES)
    def run_one(content: bytes) -> None:
        target.write_bytes(content)
        before = rows(db)
        r = cli("import", str(target), "--apply")
        codes[r.code] = codes.get(r.code, 0) + 1
        assert r.code in (0, 2, 65), r
        assert "Traceback" not in r.out + r.err, r
        if r.code:
            assert len(r.err.splitlines()) == 1, r
            assert rows(db) == before, r

    run_one()
    figures["files_tried"] = sum(codes.values())
    figures["exit_codes"] = {str(k): v for k, v in sorted(codes.items())}


def _episode_row(n: int, note: str = "ok") -> list[str]:
    return [f"2026-11-{1 + n % 28:02d}T10:{n % 60:02d}:00Z", "calf", note, "4"]


BAD_CELLS = {
    "nan intensity": ("intensity", "nan"),
    "inf intensity": ("intensity", "inf"),
    "1e999 intensity": ("intensity", "1e999"),
    "NUL in a note": ("note", "a\x00b"),
    "10,001-character note": ("note", "x" * 10_001),
    "DST-gap time": ("started_at", "2026-03-29T02:30:00"),
    "future time": ("started_at", "2099-01-01T10:00:00Z"),
    "unknown site": ("site", "nose"),
}


@pytest.mark.parametrize("bad", sorted(BAD_CELLS))
def test_a_bad_row_k_adds_nothing(
    bad: str, db: Path, tmp_path: Path, cli: InProcessCli, figures: Figures
) -> None:
    column, value = BAD_CELLS[bad]
    header = ["started_at", "site", "note", "intensity"]
    tried = 0
    for k in (1, 2, 7, 40):
        body = [_episode_row(n, note=f"row {n} " + "ü" * 100) for n in range(50)]
        body[k - 1][header.index(column)] = value
        out = io.StringIO()
        csv.writer(out).writerows([header, *body])
        source = tmp_path / f"bad-{k}.csv"
        source.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode())
        before = rows(db)
        r = cli("import", str(source), "--apply")
        assert r.code == 65, (bad, k, r)
        assert f"row {k + 1}" in r.err or f"line {k + 1}" in r.err, (bad, k, r.err)  # header = 1
        assert rows(db) == before, (bad, k)
        tried += 1
    good = tmp_path / "good.csv"
    out = io.StringIO()
    csv.writer(out).writerows([header, *(_episode_row(n) for n in range(50))])
    good.write_text(out.getvalue())
    assert cli("import", str(good), "--apply").code == 0
    assert rows(db) == 1 + 50
    figures["bad_positions_tried"] = tried
    figures["rows_added_by_a_failing_import"] = 0


def test_bug_huge_json_integer_was_a_crash(db: Path, tmp_path: Path, cli: InProcessCli) -> None:
    """Regression (found by the soak run, fixed in the domain by a9147a9): a JSON integer
    beyond float range raised OverflowError (exit 70) instead of a one-line error (exit 65)."""
    source = tmp_path / "huge.json"
    source.write_text(
        '{"format": "twitchlog/1", "episodes": [], "days": [{"date": "2026-11-01", '
        '"checked_in": true, "caffeine_mg": 1' + "0" * 400 + "}]}"
    )
    r = cli("import", str(source), "--apply")
    assert r.code == 65, r
