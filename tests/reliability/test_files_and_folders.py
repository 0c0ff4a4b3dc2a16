"""Files that are not ours, folders, permissions: twitchlog writes only where it should.

* Output options (``export -o``, ``report -o``, ``backup -o``) never write over the journal,
  its rollback journal, a backup or into the backup folder (not even with ``--force``), and
  replace any other existing file only with ``--force``.
* ``--db`` naming a folder, a FIFO, a symlink to another file, another program's SQLite
  database or a text file is refused in one line and the thing it names is left exactly as it
  was (mode and bytes).
* Under umask 000 every folder twitchlog creates is 0700 and every file 0600.
* A read-only journal (0400, or on a read-only medium) can be read, exported and backed up
  elsewhere; writing to it is refused in one line and its mode is never changed back.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.reliability.conftest import (
    CliResult,
    Figures,
    InProcessCli,
    assert_one_line_error,
    digest,
)
from twitchlog.storage.backup import backup_dir

FIXTURES = Path(__file__).parent.parent / "fixtures"
NOW = "2026-11-29T12:00:00+00:00"


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def _snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file under ``folder``: mode and SHA-256 (folders: mode only)."""
    out: dict[str, tuple[int, str]] = {}
    for p in sorted(folder.rglob("*")):
        st = os.lstat(p)
        kind = "dir" if stat.S_ISDIR(st.st_mode) else digest(p) if p.is_file() else "other"
        out[str(p.relative_to(folder))] = (stat.S_IMODE(st.st_mode), kind)
    return out


@pytest.fixture
def journal_with_backups(
    tmp_path: Path, cli: InProcessCli, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A journal with an entry, its daily backup and a manual backup."""
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    db = tmp_path / "j" / "journal.sqlite3"
    db.parent.mkdir(mode=0o700)  # a named folder is never created (issue 12 item 15)
    assert cli("--db", str(db), "log", "calf", "--note", "first").code == 0
    assert cli("--db", str(db), "list").code == 0  # the day's first full start: daily backup
    assert cli("--db", str(db), "backup").code == 0
    assert len(list(backup_dir(db).glob("*.sqlite3"))) == 2
    return db


# --- D3: output options never overwrite the journal or its backups ---------------------------


def _protected_targets(db: Path, tmp_path: Path) -> dict[str, Path]:
    folder = backup_dir(db)
    targets = {
        "journal": db,
        "rollback journal": db.with_name(db.name + "-journal"),
        "backup folder": folder,
        "new file in the backup folder": folder / "new-output.pdf",
    }
    for p in sorted(folder.glob("*.sqlite3")):
        targets[f"backup {p.name}"] = p
    link = tmp_path / "link-to-journal.json"
    link.symlink_to(db)
    targets["symlink to the journal"] = link
    hard = tmp_path / "hard-link-to-journal.json"
    os.link(db, hard)
    targets["hard link to the journal"] = hard
    return targets


OUTPUT_OPTIONS: dict[str, tuple[str, ...]] = {
    "export json": ("export", "--format", "json", "-o"),
    "export csv": ("export", "--format", "csv", "-o"),
    "report": ("report", "-o"),
    "report png": ("report", "--png", "-o"),
    "backup": ("backup", "-o"),
}


def test_d3_output_options_never_write_over_the_journal_or_its_backups(
    journal_with_backups: Path, tmp_path: Path, cli: InProcessCli, figures: Figures
) -> None:
    db = journal_with_backups
    targets = _protected_targets(db, tmp_path)
    before = _snapshot(db.parent)
    tried = 0
    for option, args in OUTPUT_OPTIONS.items():
        for what, target in targets.items():
            for force in ((), ("--force",)):
                r = cli("--db", str(db), *args, str(target), *force)
                tried += 1
                assert r.code == 2, (option, what, force, r)
                assert_one_line_error(r)
                assert _snapshot(db.parent) == before, (option, what, force)
                assert not db.with_name(db.name + "-journal").exists(), (option, what)
    figures["refused_writes"] = tried
    figures["journal_or_backup_changed"] = 0


def test_d3_an_existing_file_is_replaced_only_with_force(
    journal_with_backups: Path, tmp_path: Path, cli: InProcessCli, figures: Figures
) -> None:
    db = journal_with_backups
    replaced = 0
    for option, args in OUTPUT_OPTIONS.items():
        name = option.replace(" ", "-")
        if option == "export csv":
            folder = tmp_path / name
            folder.mkdir()
            target = folder
            existing = folder / "episodes.csv"
        else:
            target = existing = tmp_path / f"{name}.out"
        existing.write_text("someone else's file\n")
        r = cli("--db", str(db), *args, str(target))
        assert r.code == 2, (option, r)
        assert_one_line_error(r)
        assert "--force" in r.err, (option, r)
        assert existing.read_text() == "someone else's file\n", option
        r = cli("--db", str(db), *args, str(target), "--force")
        assert r.code == 0, (option, r)
        assert existing.read_bytes() != b"someone else's file\n", option
        assert _mode(existing) == 0o600, option
        replaced += 1
    figures["replaced_with_force"] = replaced


# --- D9: --db naming a folder, a FIFO, a symlink to another file ------------------------------

DB_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("list",),
    ("log", "calf"),
    ("day", "--stress", "2"),
    ("backup",),
    ("export", "--format", "json", "-o", "OUT"),
    ("check",),
    ("restore", "BACKUP", "--yes"),
)


@pytest.fixture
def good_backup(tmp_path: Path, cli: InProcessCli) -> Path:
    """A verified backup of a real journal, for ``restore``."""
    db = tmp_path / "real" / "journal.sqlite3"
    db.parent.mkdir(mode=0o700, exist_ok=True)
    assert cli("--db", str(db), "log", "calf").code == 0
    out = tmp_path / "real" / "good-backup.sqlite3"
    assert cli("--db", str(db), "backup", "-o", str(out)).code == 0
    return out


def _refused_untouched(cli: InProcessCli, target: Path, out: Path, backup: Path) -> list[CliResult]:
    st = os.lstat(target)
    before = (stat.S_IMODE(st.st_mode), digest(target) if target.is_file() else None)
    results = []
    for command in DB_COMMANDS:
        names = {"OUT": str(out), "BACKUP": str(backup)}
        args = tuple(names.get(a, a) for a in command)
        r = cli("--db", str(target), *args)
        assert r.code == 65, (target, args, r)
        assert_one_line_error(r)
        assert "not a twitchlog journal" in r.err, (target, args, r)
        st = os.lstat(target)
        after = (stat.S_IMODE(st.st_mode), digest(target) if target.is_file() else None)
        assert after == before, (target, args)
        assert not out.exists()
        assert not list(target.parent.glob(f"{target.name}.replaced-*")), (target, args)
        results.append(r)
    return results


def test_d9_db_naming_a_folder_fifo_or_link_touches_nothing(
    tmp_path: Path, cli: InProcessCli, good_backup: Path, figures: Figures
) -> None:
    folder = tmp_path / "Documents"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    (folder / "letter.txt").write_text("dear doctor\n")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo, 0o644)
    os.chmod(fifo, 0o644)
    other = tmp_path / "bashrc"
    other.write_text("export PATH=$PATH\n")
    os.chmod(other, 0o644)
    link = tmp_path / "link.sqlite3"
    link.symlink_to(other)
    link_to_folder = tmp_path / "folder-link.sqlite3"
    link_to_folder.symlink_to(folder)
    out = tmp_path / "out.json"
    refused = 0
    for target in (folder, fifo, link, link_to_folder):
        refused += len(_refused_untouched(cli, target, out, good_backup))
    assert _mode(other) == 0o644 and _mode(folder) == 0o755 and _mode(fifo) == 0o644
    dangling = tmp_path / "dangling.sqlite3"
    dangling.symlink_to(tmp_path / "nowhere" / "journal.sqlite3")
    r = cli("--db", str(dangling), "log", "calf")
    assert r.code == 65, r
    assert_one_line_error(r)
    assert not (tmp_path / "nowhere").exists()
    figures["refusals"] = refused + 1
    figures["modes_or_bytes_changed"] = 0


def test_d9_a_symlink_to_a_journal_still_works(tmp_path: Path, cli: InProcessCli) -> None:
    real = tmp_path / "real" / "journal.sqlite3"
    real.parent.mkdir(mode=0o700)
    assert cli("--db", str(real), "log", "calf").code == 0
    link = tmp_path / "link.sqlite3"
    link.symlink_to(real)
    assert cli("--db", str(link), "log", "eyelid").code == 0
    r = cli("--db", str(link), "list")
    assert r.code == 0 and "calf" in r.out and "eyelid" in r.out, r
    assert link.is_symlink()


# --- D10: another program's SQLite database ---------------------------------------------------


def _foreign_databases(folder: Path) -> dict[str, Path]:
    made: dict[str, Path] = {}

    def make(name: str, *statements: str) -> None:
        path = folder / name
        conn = sqlite3.connect(path)
        for s in statements:
            conn.execute(s)
        conn.commit()
        conn.close()
        made[name] = path

    make("places.sqlite", "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    make(
        "versioned.sqlite",
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)",
        "PRAGMA user_version = 2",
    )
    make(
        "other-app-id.sqlite",
        "CREATE TABLE episodes (id TEXT)",
        "PRAGMA application_id = 252006674",  # Fossil's id
        "PRAGMA user_version = 2",
    )
    make("empty-tables-v1.sqlite", "CREATE TABLE t (x)", "PRAGMA user_version = 1")
    text = folder / "notes.txt"
    text.write_text("a text file, not a database\n" * 40)
    made["notes.txt"] = text
    return made


def test_d10_another_programs_database_is_refused_byte_for_byte(
    tmp_path: Path, cli: InProcessCli, good_backup: Path, figures: Figures
) -> None:
    out = tmp_path / "out.json"
    refused = 0
    for name, path in _foreign_databases(tmp_path).items():
        os.chmod(path, 0o644)
        before = digest(path)
        results = _refused_untouched(cli, path, out, good_backup)
        assert digest(path) == before, name
        assert _mode(path) == 0o644, name
        assert all("damaged" not in r.err for r in results), name
        assert not backup_dir(path).exists(), name
        refused += len(results)
    figures["refusals"] = refused


def test_d10_journals_carry_the_application_id(tmp_path: Path, cli: InProcessCli) -> None:
    from twitchlog.storage.identity import APPLICATION_ID

    def app_id(path: Path) -> int:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return int(conn.execute("PRAGMA application_id").fetchone()[0])
        finally:
            conn.close()

    new = tmp_path / "new" / "journal.sqlite3"
    new.parent.mkdir(mode=0o700)
    assert cli("--db", str(new), "log", "calf").code == 0
    assert app_id(new) == APPLICATION_ID
    for fixture in sorted(FIXTURES.glob("journal-v*.sqlite3")):
        old = tmp_path / fixture.stem / "journal.sqlite3"
        old.parent.mkdir()
        shutil.copy(fixture, old)
        assert app_id(old) == 0
        r = cli("--db", str(old), "list", "--limit", "0")
        assert r.code == 0, (fixture.name, r)
        assert app_id(old) == APPLICATION_ID, fixture.name


# --- D14: umask 000 ---------------------------------------------------------------------------

UMASK_SESSION = r"""
import json, os, sys
from twitchlog.cli.main import run
out = sys.argv[1]
commands = [
    ["log", "calf", "--note", "private"],
    ["day", "--stress", "3"],
    ["backup"],
    ["backup", "-o", f"{out}/by-hand.sqlite3"],
    ["export", "--format", "csv", "-o", f"{out}/csv"],
    ["export", "--format", "json", "-o", f"{out}/export.json"],
    ["report", "-o", f"{out}/report.pdf", "--png"],
    ["demo", "--days", "7"],
    ["restore", f"{out}/by-hand.sqlite3", "--yes"],
    ["--db", f"{out}/other.sqlite3", "log", "calf"],
]
codes = [run(c) for c in commands]
from twitchlog.storage import repository
def boom(*a, **k):
    raise RuntimeError("forced")
repository.list_episodes = boom
codes.append(run(["list"]))
print(json.dumps(codes), flush=True)
"""


def test_d14_under_umask_000_every_created_folder_and_file_is_private(
    tmp_path: Path, figures: Figures
) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    out = tmp_path / "out"
    out.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "MPLCONFIGDIR"))}
    env |= {"HOME": str(home), "TWITCHLOG_NOW": NOW}
    proc = subprocess.run(
        [sys.executable, "-c", UMASK_SESSION, str(out)],
        capture_output=True,
        text=True,
        env=env,
        umask=0,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    codes = json.loads(proc.stdout.strip().splitlines()[-1])
    assert codes == [0] * (len(codes) - 1) + [70], proc.stderr[-2000:]
    created = [p for root in (home, out) for p in root.rglob("*")]
    wrong = []
    for p in created:
        mode = _mode(p)
        expected = 0o700 if p.is_dir() else 0o600
        if not p.is_symlink() and mode != expected:
            wrong.append(f"{p.relative_to(tmp_path)} {oct(mode)}")
    assert wrong == [], wrong
    names = {p.name for p in created}
    assert {"journal.sqlite3", "demo.sqlite3", "by-hand.sqlite3", "report.png"} <= names
    assert any(".replaced-" in n for n in names), "restore kept no copy of the old journal"
    assert any(n.startswith("crash-") for n in names)
    assert any(n.startswith("fontlist") for n in names), "matplotlib's cache is not in home"
    figures["created_files_and_folders"] = len(created)
    figures["not_private"] = len(wrong)


# --- D15: read-only journals ------------------------------------------------------------------


def _as_nobody(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env |= {"HOME": str(home), "TWITCHLOG_NOW": NOW}
    return subprocess.run(
        [
            "setpriv",
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            sys.executable,
            "-c",
            "from twitchlog.cli.main import main; main()",
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.fixture
def nobody_home() -> Iterator[Path]:
    """A folder owned by ``nobody`` (the tests run as root, whom permissions do not stop)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run the CLI as another user")
    home = Path(tempfile.mkdtemp(prefix="twitchlog-nobody-"))
    os.chmod(home, 0o755)
    shutil.chown(home, "nobody", "nogroup")
    try:
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)


Runner = Callable[..., tuple[int, str, str]]


def _check_read_only(
    db: Path, out: Path, runner: Runner, figures: Figures, *, mode: int | None
) -> None:
    """Reading, exporting and backing up elsewhere work; every write is refused in one line."""
    before = digest(db)
    for args in (("list",), ("export", "--format", "json", "-o", str(out / "e.json"))):
        code, stdout, stderr = runner("--db", str(db), *args)
        assert code == 0, (args, stderr)
        if args == ("list",):
            assert "calf" in stdout
    code, stdout, stderr = runner("--db", str(db), "backup", "-o", str(out / "b.sqlite3"))
    assert code == 0, stderr
    writes: tuple[tuple[str, ...], ...] = (
        ("log", "eyelid"),
        ("day", "--stress", "2"),
        ("med", "add", "zinc"),
    )
    for write in writes:
        code, stdout, stderr = runner("--db", str(db), *write)
        assert code == 74, (write, code, stderr)
        lines = stderr.splitlines()
        assert len(lines) == 1 and "read-only" in lines[0], (write, stderr)
        assert "Traceback" not in stderr
    assert digest(db) == before
    if mode is not None:
        assert _mode(db) == mode
    assert json.loads((out / "e.json").read_text())["episodes"]
    figures.add("read_only_journals")


def test_d15_a_0400_journal_is_read_not_written_and_stays_0400(
    nobody_home: Path, figures: Figures
) -> None:
    db = nobody_home / "j" / "journal.sqlite3"
    db.parent.mkdir(mode=0o700)
    shutil.chown(db.parent, "nobody", "nogroup")
    r = _as_nobody("--db", str(db), "log", "calf", home=nobody_home)
    assert r.returncode == 0, r.stderr
    os.chmod(db, 0o400)
    out = nobody_home / "out"
    out.mkdir()
    shutil.chown(out, "nobody", "nogroup")

    def run(*args: str) -> tuple[int, str, str]:
        p = _as_nobody(*args, home=nobody_home)
        return p.returncode, p.stdout, p.stderr

    _check_read_only(db, out, run, figures, mode=0o400)


@contextlib.contextmanager
def _read_only_mount(folder: Path) -> Iterator[None]:
    """``folder`` as a small tmpfs; made read-only by :func:`_remount_read_only`."""
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()[:80]})")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True, check=False)


def test_d15_a_journal_on_a_read_only_medium_is_read_not_written(
    tmp_path: Path, cli: InProcessCli, figures: Figures, monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a read-only file system needs root")
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    medium = tmp_path / "medium"
    with _read_only_mount(medium):
        db = medium / "journal.sqlite3"
        assert cli("--db", str(db), "log", "calf").code == 0
        subprocess.run(["mount", "-o", "remount,ro", str(medium)], check=True)
        out = tmp_path / "out"
        out.mkdir()

        def run(*args: str) -> tuple[int, str, str]:
            r = cli(*args)
            return r.code, r.out, r.err

        _check_read_only(db, out, run, figures, mode=None)
