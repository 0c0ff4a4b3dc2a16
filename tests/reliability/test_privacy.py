"""Privacy: only private files, no network, and no note text in logs, errors or temp files.

A whole session (log, day, medicine, note, backup, CSV and JSON export, PDF and PNG report,
analyze) runs in a child process under umask 022 and under 002, with an audit hook counting
``socket.*`` events; a headless TUI session runs under the same hook. Then commands are made to
fail on purpose and every file they could have touched is searched for a sentinel note.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.reliability.conftest import Figures, InProcessCli

SENTINEL = "SENTINEL-7f3a-private-note"

SESSION = r"""
import json, os, sys
events = []
sys.addaudithook(lambda event, args: events.append(event) if event.startswith("socket.") else None)
from twitchlog.cli.main import run
out = sys.argv[1]
commands = [
    ["log", "calf", "--note", "private"],
    ["log", "left", "eyelid", "-i", "4", "--at", "2026-11-20 10:00"],
    ["day", "--coffee", "2", "--stress", "3", "--note", "private day"],
    ["day", "--date", "2026-11-20", "--check-in", "--sleep", "7"],
    ["med", "add", "magnesium", "--supplement", "--start", "2026-11-01"],
    ["note", "test", "EMG", "--result", "normal"],
    ["list"],
    ["backup"],
    ["backup", "--out", f"{out}/by-hand.sqlite3"],
    ["export", "--format", "csv", "--out", f"{out}/export-csv"],
    ["export", "--format", "json", "--out", f"{out}/export.json"],
    ["report", "--out", f"{out}/report.pdf", "--png", "--from", "2026-11-01"],
    ["analyze", "--json"],
]
codes = [run(c) for c in commands]
print(json.dumps({"codes": codes, "socket_events": events}), file=sys.__stdout__, flush=True)
"""

TUI_SESSION = r"""
import asyncio, json, sys
events = []

def hook(event, args):
    if event.startswith("socket."):
        family = args[1] if event == "socket.__new__" else None
        events.append([event, family] if family is not None else [event])

sys.addaudithook(hook)
from pathlib import Path
from twitchlog.config import Settings
from twitchlog.storage.journal import Journal
from twitchlog.tui.app import create_app

async def main():
    journal = Journal.open(Path(sys.argv[1]))
    app = create_app(journal, Settings(timezone="Europe/Berlin"), watch=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        for keys in ("h", "escape", "m", "escape", "t", "escape", "e"):
            await pilot.press(*keys.split())
            await pilot.pause(0.3)
        await pilot.press(*"calf", "ctrl+s")
        await pilot.pause(0.5)
asyncio.run(main())
print(json.dumps({"socket_events": events}), flush=True)
"""


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*")]


@pytest.mark.parametrize("umask", [0o022, 0o002], ids=["umask022", "umask002"])
def test_a_whole_session_leaves_only_private_files_and_opens_no_socket(
    umask: int, tmp_path: Path, figures: Figures
) -> None:
    out = tmp_path / "targets"
    out.mkdir()
    env = {**os.environ, "TWITCHLOG_NOW": "2026-11-29T12:00:00+00:00"}
    proc = subprocess.run(
        [sys.executable, "-c", SESSION, str(out)],
        capture_output=True,
        text=True,
        env=env,
        umask=umask,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["codes"] == [0] * len(result["codes"]), proc.stderr
    assert result["socket_events"] == []
    data = Path(env["XDG_DATA_HOME"]) / "twitchlog"
    checked = 0
    for root in (data, out):
        for p in _files(root):
            mode = stat.S_IMODE(p.stat().st_mode)
            assert mode & 0o077 == 0, f"{p} is {oct(mode)} under umask {oct(umask)}"
            checked += 1
    names = {p.name for p in _files(out)}
    assert {"by-hand.sqlite3", "episodes.csv", "export.json", "report.pdf"} <= names
    assert any(n.endswith(".png") for n in names)
    assert any(p.name == "journal.sqlite3" for p in _files(data))
    figures["commands"] = len(result["codes"])
    figures["files_and_folders_checked"] = checked
    figures["not_private"] = 0
    figures["socket_events"] = len(result["socket_events"])


def test_a_headless_tui_session_opens_no_socket(tmp_path: Path, figures: Figures) -> None:
    db = tmp_path / "journal.sqlite3"
    proc = subprocess.run(
        [sys.executable, "-c", TUI_SESSION, str(db)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    # asyncio's event loop wakes itself through a local socketpair (AF_UNIX): not network.
    local = [e for e in result["socket_events"] if e == ["socket.__new__", int(socket.AF_UNIX)]]
    network = [e for e in result["socket_events"] if e not in local]
    assert network == [], network
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT site FROM episodes").fetchall() == [("calf",)]
    conn.close()
    figures["network_socket_events"] = 0
    figures["local_socketpair_events_of_asyncio"] = len(local)


def _leaks(roots: list[Path], skip: set[Path]) -> list[str]:
    found = []
    for root in roots:
        for p in _files(root):
            mine = p.is_file() and p not in skip and p.suffix != ".sqlite3"
            if mine and SENTINEL.encode() in p.read_bytes():
                found.append(str(p))
    return found


def test_a_note_never_leaks_into_logs_errors_or_temp_files(
    cli: InProcessCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, figures: Figures
) -> None:
    from twitchlog.storage import bulk, repository

    tmp = tmp_path / "tmpdir"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    db = tmp_path / "data" / "journal.sqlite3"
    db.parent.mkdir(mode=0o700)
    outputs: list[str] = []

    def run(*args: str, code: int) -> None:
        r = cli("--db", str(db), *args)
        assert r.code == code, (args, r)
        assert "Traceback" not in r.out + r.err
        outputs.append(r.err)  # stderr is never the place for a note
        if code:
            outputs.append(r.out)

    run("log", "calf", "--note", SENTINEL, code=0)
    run("day", "--stress", "2", "--note", SENTINEL, code=0)
    run("note", "visit", "GP", "--result", SENTINEL, code=0)
    # Refused input that carries the note.
    run("log", "calf", "--note", SENTINEL, "--intensity", "99", code=2)
    run("log", "calf", "--note", SENTINEL + "x" * 10_000, code=2)
    run("day", "--note", SENTINEL, "--stress", "nan", code=2)
    run("med", "add", SENTINEL, "--start", "2099-01-01", code=2)
    # Unexpected failures with the note in the exception message: exit 70, a crash log.
    crashes = 0
    for module, name, args in (
        (repository, "list_episodes", ("list",)),
        (repository, "merge_day_log", ("day", "--stress", "1", "--note", SENTINEL)),
        (repository, "add_health_note", ("note", "test", "EMG", "--result", SENTINEL)),
        # export reads through the driver (storage/bulk.py)
        (bulk, "read_episodes", ("export", "--format", "json", "--out", str(tmp_path / "x.json"))),
    ):

        def boom(*_a: object, **_k: object) -> None:
            raise RuntimeError(f"failed while holding {SENTINEL}")

        with monkeypatch.context() as m:
            m.setattr(module, name, boom)
            run(*args, code=70)
            crashes += 1
    logs = list((Path.home() / "data" / "twitchlog" / "logs").glob("crash-*.log"))
    assert logs, "no crash log was written"
    # A stored note whose bytes were damaged: SQLite's own message would quote it.
    # (The first byte of every stored copy becomes 0xFF: no longer UTF-8, still a valid page.)
    db.write_bytes(db.read_bytes().replace(SENTINEL.encode(), b"\xff" + SENTINEL[1:].encode()))
    run("list", code=65)
    assert not any(SENTINEL[1:] in text for text in outputs)
    data = Path(os.environ["XDG_DATA_HOME"])
    leaks = _leaks([data, tmp, db.parent, tmp_path / "x.json"], skip=set())
    assert leaks == [], leaks
    scanned = sum(1 for root in (data, tmp, db.parent) for p in _files(root) if p.is_file())
    figures["refused_or_failed_commands"] = 4 + crashes + 1
    figures["forced_crashes_exit_70"] = crashes
    figures["crash_logs_scanned"] = len(logs)
    figures["files_scanned"] = scanned
    figures["sentinel_found"] = 0
