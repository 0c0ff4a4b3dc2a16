"""Shared helpers of the reliability suite: quick or soak mode, figures, journals, subprocesses.

``TWITCHLOG_SOAK=1`` switches every test to its long version. Each test records its figures
(rounds, rows, examples, timings) with the ``figures`` fixture; they are printed at the end of
the run and, when ``TWITCHLOG_FIGURES=path.json`` is set, written there for
docs/reliability.md to cite.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

#: True when the long versions run (``TWITCHLOG_SOAK=1``).
SOAK = os.environ.get("TWITCHLOG_SOAK", "") == "1"

_FIGURES: dict[str, dict[str, Any]] = {}


def scale(quick: int, soak: int) -> int:
    """The quick figure in CI, the soak figure under ``TWITCHLOG_SOAK=1``."""
    return soak if SOAK else quick


class Figures:
    """The figures one test records (merged into the session's table under its name)."""

    def __init__(self, name: str) -> None:
        self._entry = _FIGURES.setdefault(name, {})
        self._start = time.perf_counter()

    def __setitem__(self, key: str, value: Any) -> None:
        self._entry[key] = value

    def __getitem__(self, key: str) -> Any:
        return self._entry[key]

    def add(self, key: str, amount: int = 1) -> None:
        """Add ``amount`` to a counter."""
        self._entry[key] = int(self._entry.get(key, 0)) + amount

    def finish(self) -> None:
        """Record the test's wall time."""
        self._entry["seconds"] = round(time.perf_counter() - self._start, 2)


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Iterator[Figures]:
    """Record figures for this test; its wall time is added when it ends."""
    fig = Figures(request.node.name)
    yield fig
    fig.finish()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the figures, and write them to ``TWITCHLOG_FIGURES`` if set."""
    if not _FIGURES:
        return
    terminalreporter.section(f"reliability figures ({'soak' if SOAK else 'quick'})")
    for name, entry in sorted(_FIGURES.items()):
        terminalreporter.write_line(f"{name}: {json.dumps(entry, sort_keys=True)}")
    target = os.environ.get("TWITCHLOG_FIGURES", "").strip()
    if target:
        payload = {
            "mode": "soak" if SOAK else "quick",
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "figures": dict(sorted(_FIGURES.items())),
        }
        Path(target).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def integrity(path: Path) -> str:
    """``PRAGMA integrity_check`` of a file (opened read-write so a hot journal rolls back)."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()
    return "\n".join(str(r[0]) for r in rows)


def cli_process(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run the real ``twitchlog`` entry point in a new process."""
    return subprocess.run(
        [sys.executable, "-c", "from twitchlog.cli.main import main; main()", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


def spawn_script(
    script: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """Start ``python -c script args`` with piped stdin and line-buffered output."""
    return subprocess.Popen(
        [sys.executable, "-u", "-c", script, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def wait_for_line(proc: subprocess.Popen[str], expected: str, timeout: float = 60) -> list[str]:
    """Read ``proc``'s stdout until a line equal to ``expected``; return the lines before it."""
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            err = proc.stderr.read() if proc.stderr else ""
            raise AssertionError(f"process ended before {expected!r}: {err[-800:]}")
        if line.rstrip("\n") == expected:
            return lines
        lines.append(line.rstrip("\n"))
    raise AssertionError(f"no {expected!r} within {timeout} s")


class CliResult:
    """Exit code and output of one in-process command."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code = code
        self.out = out
        self.err = err

    def __repr__(self) -> str:
        return f"CliResult({self.code}, out={self.out[-300:]!r}, err={self.err[-300:]!r})"


class InProcessCli:
    """Runs ``twitchlog ARGS`` in this process (``twitchlog.cli.main.run``), capturing output."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self._capsys = capsys

    def __call__(self, *args: str) -> CliResult:
        from twitchlog.cli.main import run

        self._capsys.readouterr()
        code = run(list(args))
        captured = self._capsys.readouterr()
        return CliResult(code, captured.out, captured.err)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> InProcessCli:
    """The in-process command runner.

    typer rebuilds its click command tree on every call (~60 ms, 85 % of an in-process run);
    it is built once per test instead, so the commands and the exit-code mapping stay exactly
    as they are and hypothesis can try ten times more inputs.
    """
    import typer.main

    # Keyed by id, holding the app too: a collected app's id could be reused by the next one
    # (``log``/``import``/``export`` build a fresh one-command app per call).
    built: dict[int, tuple[typer.Typer, Any]] = {}
    real_get_command = typer.main.get_command

    def cached_get_command(app: typer.Typer) -> Any:
        if id(app) not in built:
            built[id(app)] = (app, real_get_command(app))
        return built[id(app)][1]

    monkeypatch.setattr(typer.main, "get_command", cached_get_command)
    return InProcessCli(capsys)


def assert_one_line_error(result: CliResult) -> None:
    """A failure is one line on stderr, starting ``twitchlog:``, never a traceback."""
    assert "Traceback" not in result.err and "Traceback" not in result.out, result
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("twitchlog: "), result


@pytest.fixture(scope="session")
def _matplotlib_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mplconfig")


@pytest.fixture(autouse=True)
def shared_matplotlib_cache(_matplotlib_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One matplotlib font cache for the suite (each test has its own home, which would make
    matplotlib rebuild it, seconds each time, in every test that draws a report)."""
    monkeypatch.setenv("MPLCONFIGDIR", str(_matplotlib_cache))


MountFn = Callable[..., Path]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[MountFn]:
    """``mount(folder, size="1m", readonly=False)``: a small tmpfs over ``folder``; unmounted
    when the test ends. Skips the test where mounting is impossible (not root, no mount)."""
    mounted: list[Path] = []

    def mount(folder: Path, size: str = "1m", readonly: bool = False) -> Path:
        if os.geteuid() != 0:
            pytest.skip("mounting a small tmpfs needs root")
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        options = f"size={size},mode=0700" + (",ro" if readonly else "")
        try:
            done = subprocess.run(
                ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                capture_output=True,
                text=True,
                check=False,
            )
        except FileNotFoundError:
            pytest.skip("no mount command on this machine")
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()[:200]}")
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def fill(folder: Path) -> Path:
    """Fill the file system holding ``folder`` to the last byte; return the filler file."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for chunk in (1 << 16, 1 << 12, 1 << 9, 1):
            while True:
                try:
                    os.write(fd, b"\0" * chunk)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC, exc
                    break
    finally:
        os.close(fd)
    return filler
