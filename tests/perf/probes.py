"""Measurements that must run inside a fresh process, started by ``bench.py``.

Each probe writes one JSON object to the file named by ``--out``. Times "since start" are
measured from ``BENCH_T0`` (the wall-clock instant the parent spawned this process, set by
``bench.py``), so they include the interpreter's own start and every import.

Probes:

``tui-bare``
    A bare Textual app (a header, a table, a footer), headless, exits after the first paint.
``tui-history-bare``
    The floor of History's key: a bare Textual app switching to a screen with two tables
    like History's, built in advance; records key ``h`` → that screen's first frame.
``tui``
    The real ``twitchlog --db PATH`` start (the CLI, ``run_tui``, ``create_app``) with the app
    run headless; ``--until paint`` exits after the first paint of Home, ``--until data`` after
    Home's data is painted (and records the peak memory), ``--until history`` then waits until
    the app has built History in the background (``history_ready``), presses ``h`` and records
    how long History takes to paint its first page.

A paint is a frame Textual writes to the (headless) terminal: ``App._display`` is patched to
note the time and the screen of each one (see :func:`watch_paints`).
``analysis``
    ``load_slice`` + ``analyze`` in-process after all imports (median of ``--runs``), plus the
    time to open the journal (integrity check) and to load the slice alone.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

#: Exit status of a probe whose subject does not exist yet (the benchmark marks it skipped).
UNAVAILABLE = 3
#: Terminal size of every headless app.
SIZE = (120, 40)
#: Longest wait for a screen or its data, in seconds.
PATIENCE_S = 120.0


def since_start() -> float:
    """Seconds since the parent started this process (``BENCH_T0``), else since import."""
    t0 = float(os.environ.get("BENCH_T0", "0") or 0) or _IMPORTED
    return time.time() - t0


_IMPORTED = time.time()


def peak_rss_kib() -> int:
    """This process's peak resident set size so far, in KiB (Linux reports KiB)."""
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def write(out: Path, record: dict[str, Any]) -> None:
    """Write ``record`` as JSON to ``out``."""
    out.write_text(json.dumps(record, indent=2), encoding="utf-8")


async def _wait_for(check: Callable[[], bool]) -> None:
    """Yield to the app in 1 ms steps until ``check()`` is true; TimeoutError after PATIENCE_S.

    Not ``Pilot.pause()``: without a delay it waits until the process is idle (CPU time stops
    advancing), so a worker busy in the background (the TUI's deferred integrity check) would
    be counted as part of the paint.
    """
    deadline = time.perf_counter() + PATIENCE_S
    while not check():
        if time.perf_counter() > deadline:
            raise TimeoutError("the screen was not painted in time")
        await asyncio.sleep(0.001)


def watch_paints(app_class: Any) -> list[tuple[float, str]]:
    """Record ``(seconds since start, screen class name)`` each time a frame is written.

    Patches ``app_class._display``, which Textual calls with each compositor update it writes
    to the terminal (also headless); updates held back inside a batch are not paints.
    """
    paints: list[tuple[float, str]] = []
    original = app_class._display

    def display(self: Any, screen: Any, renderable: Any) -> None:
        original(self, screen, renderable)
        if renderable is not None and not self._batch_count:
            paints.append((since_start(), type(screen).__name__))

    app_class._display = display
    return paints


def _painted_after(paints: list[tuple[float, str]], screen: str, count: int) -> bool:
    """Whether ``screen`` was painted after the first ``count`` paints."""
    return any(name == screen for _, name in paints[count:])


def _first_paint(paints: list[tuple[float, str]], screen: str, count: int = 0) -> float:
    return next(t for t, name in paints[count:] if name == screen)


def probe_tui_bare(out: Path) -> int:
    """Start a bare Textual app (header, table, footer), headless; exit after the first paint."""
    from textual.app import App, ComposeResult
    from textual.pilot import Pilot
    from textual.widgets import DataTable, Footer, Header

    class BareApp(App[None]):
        """The floor: the same kind of widgets Home shows, and nothing else."""

        def compose(self) -> ComposeResult:
            """A header, a table with a few columns, a footer."""
            yield Header()
            table: DataTable[str] = DataTable()
            table.add_columns("When", "Site", "Side", "Kind")
            yield table
            yield Footer()

    record: dict[str, Any] = {}
    paints = watch_paints(BareApp)

    async def pilot(p: Pilot[object]) -> None:
        await _wait_for(lambda: bool(paints))
        record["paint_s"] = paints[0][0]
        p.app.exit()

    BareApp().run(headless=True, size=SIZE, auto_pilot=pilot)
    record["maxrss_kib"] = peak_rss_kib()
    write(out, record)
    return 0


def probe_tui_history_bare(out: Path) -> int:
    """The floor of History's key: a bare Textual app whose second screen (a header, two
    titled tables with History's columns and a first page of 100 rows each, a footer) is
    mounted off the stack and filled in advance, as twitchlog builds History; ``h`` pushes it.
    Records the key → first frame of that screen, wall and CPU (the process's)."""
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.binding import BindingType
    from textual.pilot import Pilot
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header, Static

    from twitchlog.tui.screens.history import DAY_COLUMNS, EPISODE_COLUMNS

    def filled(columns: tuple[tuple[str, int | None], ...], id: str) -> DataTable[Text]:
        table: DataTable[Text] = DataTable(id=id, cursor_type="row", zebra_stripes=True)
        for label, width in columns:
            table.add_column(label, width=width or 30)
        for n in range(100):
            table.add_row(*(Text(f"{label[:4]} {n}") for label, _ in columns), key=str(n))
        return table

    class Tables(Screen[None]):
        """Two tables like History's, nothing else."""

        DEFAULT_CSS = "#episodes { height: 2fr; } #days { height: 1fr; }"

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Episodes")
            yield filled(EPISODE_COLUMNS, "episodes")
            yield Static("Days")
            yield filled(DAY_COLUMNS, "days")
            yield Footer()

    class BareApp(App[None]):
        """A bare first screen; ``h`` shows the tables built in advance."""

        BINDINGS: ClassVar[list[BindingType]] = [("h", "tables", "Tables")]

        def compose(self) -> ComposeResult:
            yield Header()
            yield Footer()

        def on_mount(self) -> None:
            self.tables = Tables()
            self._get_screen(self.tables)  # mounted off the stack, as twitchlog's History

        def action_tables(self) -> None:
            self.push_screen(self.tables)

    record: dict[str, Any] = {}
    paints = watch_paints(BareApp)

    async def pilot(p: Pilot[object]) -> None:
        app: Any = p.app
        await _wait_for(lambda: bool(paints))
        await asyncio.sleep(0.5)  # a person reading the first screen for a moment
        shown = len(paints)
        started = since_start()
        cpu_started = time.process_time()
        app.simulate_key("h")
        await _wait_for(lambda: _painted_after(paints, "Tables", shown))
        record["history_s"] = _first_paint(paints, "Tables", shown) - started
        record["history_cpu_s"] = time.process_time() - cpu_started
        app.exit()

    BareApp().run(headless=True, size=SIZE, auto_pilot=pilot)
    write(out, record)
    return 0


def probe_tui(db: Path, out: Path, until: str) -> int:
    """Run the real ``twitchlog --db DB`` start headless; see the module docstring."""
    try:
        from textual.pilot import Pilot
        from textual.widgets import DataTable

        from twitchlog.tui import app as tui_app
    except ImportError:
        return UNAVAILABLE
    app_class: Any = getattr(tui_app, "TwitchlogApp", None)
    if app_class is None or not hasattr(tui_app, "create_app"):
        return UNAVAILABLE
    record: dict[str, Any] = {}

    def row_count(app: Any, selector: str) -> int:
        try:
            return int(app.screen.query_one(selector, DataTable).row_count)
        except Exception:  # not mounted yet, or another screen is on top
            return 0

    paints = watch_paints(app_class)

    async def pilot(p: Pilot[object]) -> None:
        app: Any = p.app
        await _wait_for(lambda: _painted_after(paints, "HomeScreen", 0))
        record["paint_s"] = _first_paint(paints, "HomeScreen")
        if until == "paint":
            app.exit()
            return
        await _wait_for(lambda: getattr(app.screen, "view", None) is not None)
        shown = len(paints)
        await _wait_for(lambda: _painted_after(paints, "HomeScreen", shown))
        record["data_s"] = _first_paint(paints, "HomeScreen", shown)
        record["maxrss_data_kib"] = peak_rss_kib()
        if until == "history":
            # The app builds History in the background after Home's data (issue 17), so `h`
            # only switches screens: press it once that is done, as a person reading Home
            # would (an app without it has nothing to wait for).
            await _wait_for(lambda: bool(getattr(app, "history_ready", True)))
            record["history_ready_s"] = since_start()
            started = since_start()
            cpu_started = time.process_time()
            app.simulate_key("h")
            await _wait_for(lambda: row_count(app, "#episodes") > 0 and row_count(app, "#days") > 0)
            filled = len(paints)
            await _wait_for(lambda: _painted_after(paints, "HistoryScreen", filled))
            record["history_s"] = _first_paint(paints, "HistoryScreen", filled) - started
            record["history_cpu_s"] = time.process_time() - cpu_started
            record["history_rows"] = row_count(app, "#episodes")
            # The days table may follow on the next refresh (drawn after the episodes' page).
            await _wait_for(lambda: bool(app.screen.query_one("#days").visible))
            drawn = len(paints)
            await _wait_for(lambda: _painted_after(paints, "HistoryScreen", drawn))
            record["history_all_s"] = _first_paint(paints, "HistoryScreen", drawn) - started
        app.exit()

    original_run = app_class.run

    def headless_run(self: Any, *args: Any, **kwargs: Any) -> Any:
        return original_run(self, headless=True, size=SIZE, auto_pilot=pilot)

    app_class.run = headless_run
    from twitchlog.cli.main import run as cli_run

    code = cli_run(["--db", str(db)])
    record["exit_code"] = code
    record["maxrss_kib"] = peak_rss_kib()
    write(out, record)
    return int(code)


def probe_analysis(db: Path, out: Path, runs: int) -> int:
    """Time ``load_slice`` and ``analyze`` in-process, after every import."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(var, "1")  # as the CLI does (twitchlog/cli/main.py)
    started = time.perf_counter()
    import numpy  # noqa: F401  (imported here so that no import lands in the timed part)
    import scipy.special  # noqa: F401

    from twitchlog.analysis import analyze
    from twitchlog.storage import repository as repo
    from twitchlog.storage.journal import Journal

    imported = time.perf_counter()
    journal = Journal.open(db)
    opened = time.perf_counter()
    bounds = repo.journal_bounds(journal)
    assert bounds is not None, "the benchmark journal is empty"
    loads: list[float] = []
    fits: list[float] = []
    for _ in range(runs):
        t0 = time.perf_counter()
        data = repo.load_slice(journal, bounds[0], bounds[1])
        t1 = time.perf_counter()
        analyze(data)
        t2 = time.perf_counter()
        loads.append(t1 - t0)
        fits.append(t2 - t1)
    journal.dispose()
    write(
        out,
        {
            "import_s": imported - started,
            "open_s": opened - imported,
            "load_slice_s": statistics.median(loads),
            "analyze_s": statistics.median(fits),
            "total_s": statistics.median(a + b for a, b in zip(loads, fits, strict=True)),
            "runs": runs,
            "days": (bounds[1] - bounds[0]).days + 1,
        },
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the probe's arguments and run it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("probe", choices=["tui-bare", "tui-history-bare", "tui", "analysis"])
    parser.add_argument("--out", type=Path, required=True, help="JSON file to write")
    parser.add_argument("--db", type=Path, help="journal file")
    parser.add_argument("--until", choices=["paint", "data", "history"], default="paint")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if args.probe == "tui-bare":
        return probe_tui_bare(args.out)
    if args.probe == "tui-history-bare":
        return probe_tui_history_bare(args.out)
    if args.db is None:
        parser.error("--db is required")
    if args.probe == "tui":
        return probe_tui(args.db, args.out, args.until)
    return probe_analysis(args.db, args.out, args.runs)


if __name__ == "__main__":
    sys.exit(main())
