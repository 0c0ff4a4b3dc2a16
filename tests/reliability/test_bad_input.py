"""Bad input: random options to every command, and random import files, never crash the app.

Hypothesis draws each command's options from values that have broken programs before (``nan``,
``inf``, ``1e999``, NUL, a BOM, quotes, markup, DST-gap and fold times, impossible dates,
10,000-character notes, random text) mixed with valid ones. Every run must end with exit code
0, 2, 65, 74 or 75, one-line errors and no traceback, and the journal's row count may change only
when the command succeeded. Import files are fuzzed the same way, and a file whose row k is bad
adds nothing at all. The journal lives on tmpfs when there is one (fsync is not under test
here), so each command costs milliseconds.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.conftest import SOAK, Figures, InProcessCli, scale

ALLOWED_CODES = {0, 2, 65, 74, 75}

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "4",
    "10",
    "11",
    "-0",
    "99999999999999999999",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e999",
    "-1e999",
    "1e-999",
    "2.5",
    "0x10",
    "1_000",
    "½",
    "٣",
    "\x00",
    "\ufeff",
    "\ufeff4",
    "[bold]x[/bold]",
    "[/]",
    "[red",
    "'",
    '"',
    '";--',
    "'; DROP TABLE x",
    "today",
    "yesterday",
    "-7",
    "+3",
    "2026-02-30",
    "2026-13-01",
    "2026-03-29 02:30",
    "2026-03-29T02:30",
    "2026-10-25 02:30",
    "2026-10-25T02:30:00+01:00",
    "10 min ago",
    "2099-01-01",
    "1900-01-01",
    "0001-01-01",
    "9999-12-31",
    "14:05",
    "25:61",
    "30s",
    "2m",
    "1h",
    "2 days",
    "-5s",
    "left",
    "right",
    "both",
    "none",
    "eyelid",
    "left eye",
    "L calf",
    "calf",
    "thumb",
    "twitch",
    "cramp",
    "spasm",
    "rest",
    "activity",
    "weakness",
    "pain",
    "pain,tingling",
    "coffee",
    "x" * 10_000,
    "é" * 10_001,
    "\n",
    "a\nb",
    "\r",
    "\t",
    "-",
    "🦵" * 50,
    "\u202e",
    "caf\udcff\udcfe",  # bytes that are not UTF-8 on a command line (surrogate-escaped)
    "\udcff",
    "\x1b[31mred\x1b[0m",  # terminal escape sequences and other control characters
    "\x1b]0;title\x07",
    "\x9b2J",
    "\x7f",
    "1899-12-31",
    "1900-01-01T00:00+14:00",
    "99999999999 h ago",
    "a4",
    "letter",
    "csv",
    "json",
]

VALUE = st.one_of(st.sampled_from(NASTY), st.text(max_size=40))


def flag(name: str) -> st.SearchStrategy[list[str]]:
    """An option without a value."""
    return st.just([name])


def opt(
    name: str, valid: tuple[str, ...] = (), values: st.SearchStrategy[str] = VALUE
) -> st.SearchStrategy[list[str]]:
    """An option with a value: one of ``valid`` about half the time, else a nasty one."""
    value = st.one_of(st.sampled_from(valid), values) if valid else values
    return value.map(lambda v: [name, v])


def command(
    prefix: list[str],
    *options: st.SearchStrategy[list[str]],
    required: tuple[st.SearchStrategy[list[str]], ...] = (),
) -> st.SearchStrategy[list[str]]:
    """``prefix``, the ``required`` parts and up to four of ``options``, in a random order."""
    chosen = (
        st.lists(st.sampled_from(range(len(options))), max_size=4, unique=True)
        if options
        else st.just([])
    )

    def build(indexes: list[int]) -> st.SearchStrategy[list[str]]:
        parts = [*required, *(options[i] for i in indexes)]
        return st.tuples(*parts).flatmap(
            lambda drawn: st.permutations(list(drawn)).map(
                lambda order: prefix + [item for part in order for item in part]
            )
        )

    return chosen.flatmap(build)


@pytest.fixture
def workspace(tmp_path: Path, cli: InProcessCli, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A seeded journal and scratch files, on tmpfs if possible; the working folder is there."""
    shm = Path("/dev/shm")
    root = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() else tmp_path / "ws"
    root.mkdir(exist_ok=True, mode=0o700)
    monkeypatch.chdir(root)
    db = root / "journal.sqlite3"
    monkeypatch.setenv("TWITCHLOG_DB", str(db))
    monkeypatch.setenv("TWITCHLOG_BUSY_TIMEOUT_MS", "1000")
    for args in (
        ("log", "calf", "--note", "seed one"),
        ("log", "left", "eyelid", "-i", "3"),
        ("day", "--stress", "2"),
        ("med", "add", "magnesium", "--supplement"),
        ("note", "test", "EMG", "--result", "normal"),
        ("backup", "--out", str(root / "good-backup.sqlite3")),
    ):
        assert cli(*args).code == 0, args
    (root / "garbage.bin").write_bytes(bytes(range(256)) * 4)
    (root / "exists.txt").write_text("already here\n")
    (root / "folder").mkdir()
    yield root
    shutil.rmtree(root, ignore_errors=True)


def row_count(db: Path) -> int:
    """All entries in the journal (0 when there is no journal)."""
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return sum(
            int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in ("episodes", "day_logs", "medications", "health_notes")
        )
    except sqlite3.DatabaseError:
        return -1
    finally:
        conn.close()


def _ids(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        ids = [
            r[0]
            for t in ("episodes", "medications", "health_notes")
            for r in conn.execute(f"SELECT id FROM {t}")
        ]
    finally:
        conn.close()
    return [i[:8] for i in ids] + [i[:4] for i in ids] + ids


def strategies(root: Path) -> dict[str, st.SearchStrategy[list[str]]]:
    """Each command with its options (and positional arguments) drawn at random."""
    ident = st.one_of(st.sampled_from(_ids(root / "journal.sqlite3")), VALUE)
    paths = st.sampled_from(
        [
            str(root / n)
            for n in (
                "out.json",
                "out",
                "exists.txt",
                "folder",
                "new/deeper/x",
                "garbage.bin",
                "good-backup.sqlite3",
                "missing.sqlite3",
            )
        ]
        + ["", "."]
    )
    # A path cannot hold NUL on a real command line (execve refuses it), so none is drawn.
    path_or_value = st.one_of(paths, VALUE.filter(lambda v: "\x00" not in v))
    episode_opts = [
        opt("--side", ("left", "right", "both")),
        opt("--for", ("30s", "2m", "1h")),
        opt("--intensity", ("1", "5", "10")),
        opt("--kind", ("twitch", "cramp", "spasm")),
        opt("--at", ("14:05", "10 min ago", "2026-03-29 02:30", "2026-10-25 02:30")),
        opt("--context", ("rest", "activity", "after_exercise")),
        flag("--visible"),
        flag("--felt"),
        opt("--symptom", ("pain", "weakness,tingling")),
        opt("--note", ("fine", "x" * 10_000, "[bold]", "ünï 🦵")),
    ]
    sites = st.sampled_from([["calf"], ["left", "eyelid"], ["R", "thumb"]])
    one_id = (ident.map(lambda v: [v]),)
    one_value = (VALUE.map(lambda v: [v]),)
    yes = (flag("--yes"),)  # always: the confirmation prompt is tested in tests/cli
    return {
        "log": command(
            ["log"],
            *episode_opts,
            required=(st.one_of(sites, st.lists(VALUE, min_size=1, max_size=3)),),
        ),
        "day": command(
            ["day"],
            opt("--date", ("today", "yesterday", "-3", "2026-03-29")),
            opt("--caffeine", ("0", "200", "1999.5")),
            opt("--coffee", ("0", "2")),
            opt("--espresso", ("1",)),
            opt("--tea", ("3",)),
            opt("--cola", ("1",)),
            opt("--energy", ("1",)),
            opt("--sleep", ("0", "7.5", "24")),
            opt("--sleep-quality", ("1", "5")),
            opt("--stress", ("0", "10")),
            opt("--cigarettes", ("0", "20")),
            opt("--exercise", ("0", "45")),
            opt("--alcohol", ("0", "1.5")),
            opt("--water", ("2",)),
            opt("--screen", ("6",)),
            flag("--no-twitches"),
            flag("--check-in"),
            opt("--note", ("ok", "x" * 10_000)),
        ),
        "list": command(
            ["list"],
            opt("--from", ("-7", "2026-01-01")),
            opt("--to", ("today",)),
            opt("--site", ("calf", "left eye")),
            opt("--limit", ("0", "5")),
            flag("--days"),
        ),
        "edit": command(["edit"], opt("--site", ("calf",)), *episode_opts, required=one_id),
        "delete": command(["delete"], required=(*one_id, *yes)),
        "med": st.one_of(
            command(
                ["med", "add"],
                opt("--dose", ("400 mg",)),
                opt("--start", ("-30", "2026-01-01")),
                opt("--stop", ("today", "-1")),
                flag("--supplement"),
                opt("--note"),
                required=one_value,
            ),
            command(["med", "stop"], opt("--date", ("today",)), required=one_id),
            st.just(["med", "list"]),
            command(["med", "delete"], required=(*one_id, *yes)),
        ),
        "note": st.one_of(
            command(
                ["note"],
                opt("--result"),
                opt("--date", ("today", "-2")),
                required=(st.sampled_from([["test"], ["visit"]]), *one_value),
            ),
            command(["note", "flag"], opt("--note"), opt("--date"), required=one_value),
            st.just(["note", "list"]),
            command(["note", "delete"], required=(*one_id, *yes)),
        ),
        "export": command(
            ["export"], opt("--format", ("csv", "json")), opt("--out", values=path_or_value)
        ),
        "import": command(
            ["import"], flag("--apply"), required=(st.lists(path_or_value, min_size=1, max_size=2),)
        ),
        "backup": command(["backup"], opt("--out", values=path_or_value)),
        "restore": command(["restore"], required=(path_or_value.map(lambda v: [v]), *yes)),
        "analyze": command(
            ["analyze"], opt("--from", ("-30",)), opt("--to", ("today",)), flag("--json")
        ),
        "report": command(
            ["report"],
            opt("--from", ("-30",)),
            opt("--to", ("today",)),
            opt("--out", values=path_or_value),
            flag("--png"),
            opt("--paper", ("a4", "letter")),
        ),
    }


#: Examples per command: modest in CI, large under TWITCHLOG_SOAK (the PDF report is slow).
EXAMPLES = {
    name: scale(100, 1000)
    for name in (
        "log",
        "day",
        "list",
        "edit",
        "delete",
        "med",
        "note",
        "export",
        "import",
        "backup",
        "restore",
    )
}
EXAMPLES |= {"analyze": scale(30, 300), "report": scale(6, 100)}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_random_options_never_crash_and_change_rows_only_on_success(
    name: str, workspace: Path, cli: InProcessCli, figures: Figures
) -> None:
    db = workspace / "journal.sqlite3"
    codes: dict[int, int] = {}

    @settings(
        max_examples=EXAMPLES[name],
        deadline=None,
        database=None,
        derandomize=not SOAK,
        suppress_health_check=list(HealthCheck),
    )
    @given(argv=strategies(workspace)[name])
    def run_one(argv: list[str]) -> None:
        before = row_count(db)
        r = cli(*argv)
        codes[r.code] = codes.get(r.code, 0) + 1
        # A path the person named that the OS refuses (too long, not a folder) is exit 2.
        assert r.code in ALLOWED_CODES, (argv, r)
        assert "Traceback" not in r.out + r.err, (argv, r)
        if r.code != 0:
            assert len(r.err.splitlines()) == 1 and r.err.startswith("twitchlog: "), (argv, r)
            assert row_count(db) == before, (argv, r)
        assert not list((Path.home() / "data" / "twitchlog" / "logs").glob("crash-*")), argv

    run_one()
    figures["examples"] = sum(codes.values())
    figures["exit_codes"] = {str(k): v for k, v in sorted(codes.items())}


def test_bug_year_one_time_was_a_crash(workspace: Path, cli: InProcessCli) -> None:
    """Regression (found by this suite, fixed in the domain by a9147a9): a local time in year 1
    overflowed when converted to UTC (OverflowError, exit 70)."""
    r = cli("log", "calf", "--at", "0001-01-01")
    assert r.code == 2, r


@pytest.mark.parametrize(
    "args",
    [
        ("backup", "--out", "~nosuchuser-tl/x.sqlite3"),
        ("export", "--format", "json", "--out", "~nosuchuser-tl/x.json"),
        ("import", "~nosuchuser-tl/x.csv"),
        ("restore", "~nosuchuser-tl/x.sqlite3", "--yes"),
        ("report", "--out", "~nosuchuser-tl/r.pdf"),
        ("--db", "~nosuchuser-tl/j.sqlite3", "list"),
    ],
    ids=lambda a: a[0],
)
def test_bug_unknown_home_in_a_path_was_a_crash(
    args: tuple[str, ...], workspace: Path, cli: InProcessCli
) -> None:
    """Regression (found by the soak run): ``~someone`` for an unknown user made pathlib raise
    RuntimeError, exit 70 with a crash log; it is a usage error."""
    r = cli(*args)
    assert r.code == 2, r
    assert "unknown home folder" in r.err


def test_bug_huge_list_limit_was_a_crash(workspace: Path, cli: InProcessCli) -> None:
    """Regression (found by the soak run): ``list --limit 99999999999999999999`` overflowed
    SQLite's integer (OverflowError, exit 70)."""
    r = cli("list", "--limit", "99999999999999999999")
    assert r.code == 2 and "limit must be" in r.err, r
    assert cli("list", "--limit", "1000000000").code == 0
