"""twitchlog's speed, side by side with its floors, in one run.

Usage (from the repository root, in a virtual environment with twitchlog installed)::

    python tests/perf/bench.py            # the full benchmark (about 10 minutes on 2 cores)
    python tests/perf/bench.py --tiny     # a few days of data, 1 run each, no jrnl (CI)

What it measures, each as the median wall time of whole processes (``--runs``, at least 5,
after one warm-up run that is not counted; the cases of one round run one after another, so
a change in the machine's load hits subject and floor alike):

1. ``twitchlog log eyelid --side left`` on the 1-year journal against ``jrnl "left eyelid
   twitch"`` (jrnl 4.6, installed into this benchmark's own virtual environment under the
   results folder, configured with a private config and journal, ``encrypt: false``), and
   ``python -c pass`` as the floor;
2. the TUI's first paint of Home on the 20-year journal against a bare Textual app with a
   header, a table and a footer; its peak memory once Home's data is shown; how long History
   takes to show its first page;
3. ``twitchlog analyze`` on 1 and 20 years, and ``load_slice`` + ``analyze`` in-process; the
   20-year run also against its floor, ``PRAGMA quick_check`` of its file with plain ``sqlite3``
   (the check every start of a full command runs);
4. ``twitchlog report`` on the 20-year journal against a process that imports pyplot and
   saves one empty figure as PDF;
5. ``export`` and ``import --apply`` (JSON and CSV, the 1-year journal) against plain
   ``sqlite3`` scripts moving the same rows (``floors.py``), and each import also against a
   second floor: the same rows into a new file with twitchlog's own schema.

Benchmark journals are dense sample journals (``twitchlog --db PATH demo --days N --dense``:
every day checked in, every factor, up to 20 episodes a day), cached under the results folder
by the demo generator's source and today's date; each case works on its own copy. Every
process runs with a private HOME, XDG folders and ``TZ=Europe/Berlin``, so nobody's own
journal or configuration is read or written.

The table is printed and written as ``bench-<stamp>.md``/``.json`` and ``latest.md``/``.json``
in the results folder (``tests/perf/results/``, ignored by git).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
PROBES = HERE / "probes.py"
FLOORS = HERE / "floors.py"
DEFAULT_RESULTS = HERE / "results"
#: Exit status of a probe whose subject does not exist yet (see probes.py).
UNAVAILABLE = 3
JRNL_REQUIREMENT = "jrnl==4.6"
JRNL_FALLBACK = "jrnl>=4,<5"
TIMEZONE = "Europe/Berlin"
MIB = 1024.0
#: What every start of a full command runs on a journal of its size (``storage/opening.py``),
#: alone: the floor of ``analyze`` on 20 years.
QUICK_CHECK = (
    "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA quick_check').fetchall()"
)


# ------------------------------------------------------------------ running processes


@dataclass
class Sample:
    """One finished process: wall time, CPU time, peak memory, and what its probe reported."""

    wall_s: float
    maxrss_kib: int
    probe: dict[str, Any] = field(default_factory=dict)
    cpu_s: float = 0.0
    """User + system CPU seconds of the process (less sensitive to other load than wall)."""


class CaseFailed(RuntimeError):
    """A measured process exited with an error."""


class CaseUnavailable(RuntimeError):
    """The thing to measure does not exist (yet) in this checkout."""


def run_process(
    cmd: Sequence[str], env: dict[str, str], cwd: Path, probe_out: Path | None = None
) -> Sample:
    """Run ``cmd`` to its end; its wall time and peak RSS (``wait4``), and its probe JSON."""
    if probe_out is not None:
        probe_out.unlink(missing_ok=True)
    with tempfile.TemporaryFile() as err:
        child_env = dict(env, BENCH_T0=repr(time.time()))
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), env=child_env, cwd=cwd, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=err,
        )  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode == UNAVAILABLE and probe_out is not None:
            raise CaseUnavailable("not available in this checkout")
        if proc.returncode != 0:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-5:]
            raise CaseFailed(f"{' '.join(cmd[:4])} … exited {proc.returncode}: {' | '.join(tail)}")
    probe: dict[str, Any] = {}
    if probe_out is not None and probe_out.exists():
        probe = json.loads(probe_out.read_text(encoding="utf-8"))
    return Sample(wall, int(usage.ru_maxrss), probe, usage.ru_utime + usage.ru_stime)


@dataclass
class Case:
    """One command measured over the rounds."""

    key: str
    cmd: list[str]
    env: dict[str, str]
    cwd: Path
    probe_out: Path | None = None
    before: Callable[[], None] | None = None
    after: Callable[[], None] | None = None
    """Runs after each run, not timed (waits for work the command left running detached)."""
    samples: list[Sample] = field(default_factory=list)
    warmup: Sample | None = None
    skipped: str | None = None

    def run(self, counted: bool) -> None:
        """Run once (unless skipped); keep the sample if ``counted``, else as the warm-up."""
        if self.skipped is not None:
            return
        if self.before is not None:
            self.before()
        try:
            sample = run_process(self.cmd, self.env, self.cwd, self.probe_out)
        except CaseUnavailable as exc:
            self.skipped = str(exc)
            return
        except CaseFailed as exc:
            self.skipped = f"failed: {exc}"
            print(f"  ! {self.key}: {self.skipped}", file=sys.stderr)
            return
        finally:
            if self.after is not None:
                self.after()
        if counted:
            self.samples.append(sample)
        else:
            self.warmup = sample

    def median(self, metric: str = "wall_s") -> float | None:
        """Median of ``wall_s``, ``cpu_s``, ``maxrss_kib`` or a probe field over the samples."""
        values: list[float] = []
        for s in self.samples:
            if metric in ("wall_s", "cpu_s"):
                values.append(getattr(s, metric))
            elif metric == "maxrss_kib":
                values.append(float(s.maxrss_kib))
            elif metric in s.probe:
                values.append(float(s.probe[metric]))
        return statistics.median(values) if values else None


# ------------------------------------------------------------------ environment


def isolated_env(home: Path) -> dict[str, str]:
    """The environment of every measured process: a private home, fixed zone, no overrides."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TWITCHLOG_", "XDG_", "JRNL", "MPL", "PYTHON", "OPENBLAS_"))
        and k not in {"VIRTUAL_ENV"}
    }
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        TZ=TIMEZONE,
        MPLBACKEND="Agg",
        NO_COLOR="1",
    )
    return env


def console_script(name: str) -> Path:
    """The console script ``name`` of the environment running this benchmark."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return beside
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"bench: cannot find the {name!r} command; install twitchlog first")
    return Path(found)


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {}
    for dist in ("twitchlog", "textual", "typer", "sqlmodel", "SQLAlchemy", "matplotlib", "numpy"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[dist] = metadata.version(dist)
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "packages": versions,
        "git": _git_head(),
    }


def _git_head() -> str:
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        out = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", "twitchlog"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return out.stdout.strip() + (" + uncommitted changes" if dirty.stdout.strip() else "")
    return "unknown"


# ------------------------------------------------------------------ journals


@dataclass(frozen=True)
class BenchJournal:
    """A generated dense sample journal."""

    days: int
    path: Path
    episodes: int
    seconds: float | None
    """Generation time, when it was measured (this run or the run that filled the cache)."""
    first_day: str
    cached: bool
    """True when this run reused a journal generated earlier."""


def _generator_key() -> str:
    """Changes when the demo generator or the schema changes, so the cache is rebuilt."""
    digest = hashlib.sha256()
    sources = sorted((REPO / "twitchlog" / "demo").glob("*.py"))
    sources.append(REPO / "twitchlog" / "storage" / "migrations.py")
    for src in sources:
        if src.exists():
            digest.update(src.read_bytes())
    return digest.hexdigest()[:10]


def dense_journal(days: int, cache: Path, env: dict[str, str], twitchlog: Path) -> BenchJournal:
    """The dense journal of ``days`` days ending today, generated once a day into ``cache``."""
    cache.mkdir(parents=True, exist_ok=True)
    stem = f"dense-{days}d-{date.today().isoformat()}-{_generator_key()}"
    path = cache / f"{stem}.sqlite3"
    meta = cache / f"{stem}.json"
    cached = path.exists() and meta.exists()
    if not cached:
        for old in cache.glob(f"dense-{days}d-*"):
            if old.is_file():
                old.unlink()
            else:
                shutil.rmtree(old, ignore_errors=True)
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            target = Path(tmp) / "journal.sqlite3"
            cmd = [str(twitchlog), "--db", str(target), "demo", "--days", str(days), "--dense"]
            started = time.perf_counter()
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
            seconds = time.perf_counter() - started
            if done.returncode != 0:
                raise SystemExit(f"bench: {' '.join(cmd)} failed: {done.stderr.strip()}")
            found = re.search(r"(\d+) episodes", done.stdout)
            episodes = int(found.group(1)) if found else -1
            target.replace(path)
        meta.write_text(json.dumps({"seconds": seconds, "episodes": episodes}), encoding="utf-8")
    info = json.loads(meta.read_text(encoding="utf-8"))
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        first = conn.execute("SELECT min(local_date) FROM episodes").fetchone()[0]
    return BenchJournal(days, path, int(info["episodes"]), info["seconds"], str(first), cached)


def copy_journal(journal: BenchJournal, work: Path, name: str) -> Path:
    """A private copy of ``journal`` for one case (its daily backups land beside it)."""
    folder = work / name
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "journal.sqlite3"
    shutil.copyfile(journal.path, target)
    target.chmod(0o600)
    return target


# ------------------------------------------------------------------ jrnl


def jrnl_command(results: Path, quiet: bool) -> Path | None:
    """jrnl 4.x in the benchmark's own virtual environment (created on first use)."""
    venv = results / "jrnl-venv"
    jrnl = venv / "bin" / "jrnl"
    if jrnl.exists():
        return jrnl
    print(f"  installing {JRNL_REQUIREMENT} into {venv} …", file=sys.stderr)
    try:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check"]
        if quiet:
            pip.append("--quiet")
        if subprocess.run([*pip, JRNL_REQUIREMENT], check=False).returncode != 0:
            subprocess.run([*pip, JRNL_FALLBACK], check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"  ! jrnl could not be installed: {exc}", file=sys.stderr)
        return None
    return jrnl if jrnl.exists() else None


def jrnl_env(base: dict[str, str], work: Path) -> dict[str, str]:
    """A private jrnl home: config (plain text journal, no encryption) and journal file."""
    home = work / "jrnl-home"
    config = home / ".config" / "jrnl"
    config.mkdir(parents=True, exist_ok=True)
    journal = home / "journal.txt"
    (config / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: true\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {json.dumps(str(journal))}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\nversion: v4.6\n",
        encoding="utf-8",
    )
    return dict(
        base,
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
    )


# ------------------------------------------------------------------ the table


@dataclass
class Row:
    """One line of the result table."""

    what: str
    value: float | None
    unit: str
    baseline: str = ""
    baseline_value: float | None = None
    target: str = ""
    limit: float | None = None
    """The largest value (ratio, seconds or MiB) that meets the target."""
    by_ratio: bool = False
    note: str = ""
    cpu: float | None = None
    """CPU seconds (user + system) of the subject, shown in brackets."""
    baseline_cpu: float | None = None

    @property
    def ratio(self) -> float | None:
        """value / baseline, when both exist."""
        if self.value is None or not self.baseline_value:
            return None
        return self.value / self.baseline_value

    @property
    def result(self) -> str:
        """met / missed by … / pending / info."""
        measured = self.ratio if self.by_ratio else self.value
        if self.note and measured is None:
            return self.note
        if self.limit is None:
            return "info" if self.value is not None else "not measured"
        if measured is None:
            return "pending"
        if measured <= self.limit:
            return "met"
        return f"missed ({measured / self.limit:.1f}× the limit)"

    def cells(self) -> list[str]:
        """The row as table cells."""
        return [
            self.what,
            _fmt(self.value, self.unit, self.cpu),
            self.baseline,
            _fmt(self.baseline_value, self.unit, self.baseline_cpu) if self.baseline else "",
            f"{self.ratio:.2f}" if self.ratio is not None else "",
            self.target,
            self.result,
        ]

    def as_json(self) -> dict[str, Any]:
        """The row as a JSON object."""
        return {
            "what": self.what,
            "value": self.value,
            "unit": self.unit,
            "baseline": self.baseline or None,
            "baseline_value": self.baseline_value,
            "ratio": self.ratio,
            "cpu_s": self.cpu,
            "baseline_cpu_s": self.baseline_cpu,
            "target": self.target or None,
            "result": self.result,
        }


def _fmt(value: float | None, unit: str, cpu: float | None = None) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value:.3f} s" + (f" (CPU {cpu:.3f})" if cpu is not None else "")
    return f"{value:.0f} {unit}"


HEADER = ["Benchmark", "Median", "Compared with", "Its median", "Ratio", "Target", "Result"]


def markdown(rows: list[Row]) -> str:
    """The rows as a markdown table."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r.cells()) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def plain(rows: list[Row]) -> str:
    """The rows as an aligned text table for the terminal."""
    table = [HEADER, *(r.cells() for r in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER))]
    out = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in table]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ the benchmark


@dataclass
class Plan:
    """Sizes and repetitions of one benchmark run."""

    small_days: int
    large_days: int
    runs: int
    warmup: bool
    jrnl: bool
    in_process_runs: int
    skip: frozenset[str] = frozenset()
    """Cases not run at all (``--tiny`` leaves out the slow extras)."""

    @property
    def small(self) -> str:
        """How the small journal is called in the table."""
        return "1 y" if self.small_days == 365 else f"{self.small_days} d"

    @property
    def large(self) -> str:
        """How the large journal is called in the table."""
        return "20 y" if self.large_days == 7300 else f"{self.large_days} d"


def build_cases(
    plan: Plan, results: Path, work: Path, env: dict[str, str]
) -> tuple[dict[str, Case], dict[str, BenchJournal]]:
    """Generate (or reuse) the journals and describe every measured command."""
    twitchlog = console_script("twitchlog")
    py = sys.executable
    journals = {
        "small": dense_journal(plan.small_days, results / "journals", env, twitchlog),
        "large": dense_journal(plan.large_days, results / "journals", env, twitchlog),
    }
    small, large = journals["small"], journals["large"]
    cases: dict[str, Case] = {}

    def add(key: str, cmd: list[str], **kw: Any) -> None:
        cases[key] = Case(key, cmd, kw.pop("env", env), kw.pop("cwd", work), **kw)

    add("pass", [py, "-c", "pass"])
    log_db = copy_journal(small, work, "log")
    add("log", [str(twitchlog), "--db", str(log_db), "log", "eyelid", "--side", "left"])
    jrnl = jrnl_command(results, quiet=True) if plan.jrnl else None
    if jrnl is not None:
        add("jrnl", [str(jrnl), "left eyelid twitch"], env=jrnl_env(env, work))
    else:
        cases["jrnl"] = Case("jrnl", [], env, work, skipped="not run (--tiny or not installable)")

    def probe(key: str, *args: str) -> None:
        out = work / f"{key}.probe.json"
        add(key, [py, str(PROBES), *args, "--out", str(out)], probe_out=out)

    probe("tui-bare", "tui-bare")
    probe("tui-paint", "tui", "--db", str(copy_journal(large, work, "tui-paint")))
    probe("tui-data", "tui", "--db", str(copy_journal(large, work, "tui-data")), "--until", "data")
    probe(
        "tui-history",
        "tui", "--db", str(copy_journal(large, work, "tui-history")), "--until", "history",
    )  # fmt: skip
    probe("tui-history-bare", "tui-history-bare")
    for size, journal in journals.items():
        db = copy_journal(journal, work, f"analyze-{size}")
        add(f"analyze-{size}", [str(twitchlog), "--db", str(db), "analyze"])
        if size == "large":  # the check every start runs: the floor of the large run
            add("analyze-floor-large", [py, "-c", QUICK_CHECK, str(db)])
        runs = str(plan.in_process_runs)
        probe(f"inproc-{size}", "analysis", "--db", str(db), "--runs", runs)

    _first_log_cases(add, large, work, twitchlog)
    _status_cases(add, small, work, twitchlog, py)
    _exchange_cases(add, small, work, twitchlog, py, env)

    floor_pdf = work / "floor.pdf"
    add(
        "mpl-floor",
        [py, "-c", "import sys, matplotlib.pyplot as plt; plt.figure().savefig(sys.argv[1])",
         str(floor_pdf)],
        before=lambda: floor_pdf.unlink(missing_ok=True),
    )  # fmt: skip
    report_db = copy_journal(large, work, "report")
    for key, extra in (("report", []), ("report-all", ["--from", large.first_day])):
        pdf = work / f"{key}.pdf"
        cmd = [str(twitchlog), "--db", str(report_db), "report", *extra, "--out", str(pdf)]

        def remove(pdf: Path = pdf) -> None:
            pdf.unlink(missing_ok=True)

        add(key, cmd, before=remove)
        if not _has_command(twitchlog, "report", env):
            cases[key].skipped = "pending: no `twitchlog report` command yet"
    return cases, journals


def _first_log_cases(
    add: Callable[..., None], large: BenchJournal, work: Path, twitchlog: Path
) -> None:
    """An ordinary quick log of the 20-year journal, and the first log of a day on it: before
    each run today's daily backup and check note are removed, so every run is the day's first;
    after each run the detached check and backup it started are waited for (not timed), so
    they never load the machine under another case."""
    log = ["log", "eyelid", "--side", "left"]
    add("log-large", [str(twitchlog), "--db", str(copy_journal(large, work, "log-large")), *log])
    db = copy_journal(large, work, "log-first")
    folder = db.with_name(f"{db.stem}-backups")

    def make_first() -> None:  # no daily backup, no note of a check: the day's first log
        for old in (*folder.glob("daily-*"), *folder.glob(".daily-failed-*"), folder / ".checked"):
            old.unlink(missing_ok=True)

    def wait_for_housekeeping() -> None:  # the detached child's last step writes the note
        deadline = time.monotonic() + 300
        while not (folder / ".checked").exists() and time.monotonic() < deadline:
            time.sleep(0.05)

    add("log-first", [str(twitchlog), "--db", str(db), *log], before=make_first,
        after=wait_for_housekeeping)  # fmt: skip


def _status_cases(
    add: Callable[..., None], small: BenchJournal, work: Path, twitchlog: Path, py: str
) -> None:
    """``twitchlog status`` (the prompt line) against starting Python and importing sqlite3."""
    add("status", [str(twitchlog), "--db", str(copy_journal(small, work, "status")), "status"])
    add("sqlite-floor", [py, "-c", "import sqlite3"])


def _exchange_cases(
    add: Callable[..., None],
    journal: BenchJournal,
    work: Path,
    twitchlog: Path,
    py: str,
    env: dict[str, str],
) -> None:
    """``export`` and ``import --apply`` (JSON and CSV) against plain sqlite3 scripts moving
    the same rows (``floors.py``). The import sources are this journal's own exports. Each
    import has a second floor: the same rows into a journal with twitchlog's own schema (an
    empty journal made by its migrations once, before the runs, is the template)."""
    db = copy_journal(journal, work, "exchange")
    template = work / "import-schema-template.sqlite3"
    subprocess.run([py, str(FLOORS), "schema", str(template)], env=env, check=True)
    src_json, src_csv = work / "exchange-src.json", work / "exchange-src-csv"
    for fmt, out in (("json", src_json), ("csv", src_csv)):
        cmd = [str(twitchlog), "--db", str(db), "export", "--format", fmt, "-o", str(out)]
        subprocess.run(cmd, env=env, capture_output=True, check=True)

    def fresh(path: Path, folder: bool = False) -> Callable[[], None]:
        def clear() -> None:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
            if folder:
                path.mkdir()

        return clear

    for fmt, src in (("json", src_json), ("csv", src_csv)):
        out = work / f"export.{fmt}"
        add(f"export-{fmt}", [str(twitchlog), "--db", str(db), "export", "--format", fmt,
            "-o", str(out)], before=fresh(out))  # fmt: skip
        floor_out = work / f"export-floor.{fmt}"
        add(f"export-{fmt}-floor", [py, str(FLOORS), f"export-{fmt}", str(db), str(floor_out)],
            before=fresh(floor_out))  # fmt: skip
        target = work / f"import-{fmt}"
        add(f"import-{fmt}", [str(twitchlog), "--db", str(target / "journal.sqlite3"), "import",
            str(src), "--apply"], before=fresh(target, folder=True))  # fmt: skip
        floor_db = work / f"import-floor-{fmt}.sqlite3"
        add(f"import-{fmt}-floor", [py, str(FLOORS), f"import-{fmt}", str(src), str(floor_db)],
            before=fresh(floor_db))  # fmt: skip
        schema_db = work / f"import-floor-schema-{fmt}.sqlite3"
        add(f"import-{fmt}-floor-schema", [py, str(FLOORS), f"import-{fmt}-schema", str(src),
            str(schema_db), str(template)], before=fresh(schema_db))  # fmt: skip


def _has_command(twitchlog: Path, name: str, env: dict[str, str]) -> bool:
    done = subprocess.run(
        [str(twitchlog), name, "--help"], env=env, capture_output=True, check=False
    )
    return done.returncode == 0


def _issue17_rows(
    med: Callable[..., float | None],
    cpu: Callable[[str], float | None],
    note: Callable[..., str],
    s: str,
    big: str,
) -> list[Row]:
    """The first log of the day, ``status``, and the exchange rows against their floors."""
    rows = [
        Row(
            f"first log of the day ({big}): commit, then check + backup detached",
            med("log-first"),
            "s",
            f"an ordinary log ({big})",
            med("log-large"),
            "≤ 1.2× ordinary",
            1.2,
            by_ratio=True,
            note=note("log-first", "log-large"),
            cpu=cpu("log-first"),
            baseline_cpu=cpu("log-large"),
        ),
        Row(
            f"twitchlog status ({s})",
            med("status"),
            "s",
            'python3 -c "import sqlite3"',
            med("sqlite-floor"),
            "≤ 2× floor",
            2.0,
            by_ratio=True,
            note=note("status", "sqlite-floor"),
            cpu=cpu("status"),
            baseline_cpu=cpu("sqlite-floor"),
        ),
    ]
    for fmt in ("json", "csv"):
        for verb, what in (("export", "export"), ("import", "import --apply")):
            key = f"{verb}-{fmt}"
            rows.append(
                Row(
                    f"twitchlog {what}, {fmt.upper()} ({s})",
                    med(key),
                    "s",
                    f"plain sqlite3 script, same rows ({fmt.upper()})",
                    med(f"{key}-floor"),
                    "≤ 3× floor",
                    3.0,
                    by_ratio=True,
                    note=note(key, f"{key}-floor"),
                    cpu=cpu(key),
                    baseline_cpu=cpu(f"{key}-floor"),
                )
            )
            if verb == "import":
                rows += _import_schema_rows(med, cpu, note, key, fmt.upper(), s)
    return rows


def _import_schema_rows(
    med: Callable[..., float | None],
    cpu: Callable[[str], float | None],
    note: Callable[..., str],
    key: str,
    fmt: str,
    s: str,
) -> list[Row]:
    """The import's ratio in two parts: the schema (the same rows into a journal with
    twitchlog's constraints, triggers and indexes, against the plain floor) and what
    twitchlog does on top of that (its import against that second floor)."""
    schema = f"{key}-floor-schema"
    return [
        Row(
            f"  sqlite3 script, same rows into twitchlog's schema ({fmt})",
            med(schema),
            "s",
            f"plain sqlite3 script, same rows ({fmt})",
            med(f"{key}-floor"),
            note=note(schema, f"{key}-floor"),
            cpu=cpu(schema),
            baseline_cpu=cpu(f"{key}-floor"),
        ),
        Row(
            f"  twitchlog import --apply, {fmt} ({s}), over the schema floor",
            med(key),
            "s",
            f"sqlite3 script, same rows into twitchlog's schema ({fmt})",
            med(schema),
            note=note(key, schema),
            cpu=cpu(key),
            baseline_cpu=cpu(schema),
        ),
    ]


def rows_from(cases: dict[str, Case], journals: dict[str, BenchJournal], plan: Plan) -> list[Row]:
    """The result table."""
    c = cases
    s, big = plan.small, plan.large

    def med(key: str, metric: str = "wall_s", scale: float = 1.0) -> float | None:
        value = c[key].median(metric) if key in c else None
        return value / scale if value is not None else None

    def cpu(key: str) -> float | None:
        return med(key, "cpu_s")

    def note(*keys: str) -> str:
        for key in keys:
            if key in c and c[key].skipped:
                return c[key].skipped or ""
        return ""

    rows = [
        Row(
            f"twitchlog log eyelid --side left ({s})",
            med("log"),
            "s",
            'jrnl "left eyelid twitch"',
            med("jrnl"),
            "≤ 0.75× jrnl",
            0.75,
            by_ratio=True,
            note=note("log", "jrnl"),
            cpu=cpu("log"),
            baseline_cpu=cpu("jrnl"),
        ),
        Row("python -c pass (floor)", med("pass"), "s", target="floor", cpu=cpu("pass")),
        Row(
            f"TUI: first paint of Home ({big})",
            med("tui-paint"),
            "s",
            "bare Textual app (header, table, footer)",
            med("tui-bare"),
            "≤ 1.6× bare",
            1.6,
            by_ratio=True,
            note=note("tui-paint", "tui-bare"),
            cpu=cpu("tui-paint"),
            baseline_cpu=cpu("tui-bare"),
        ),
        Row(
            "bare Textual app: first paint, from process start",
            med("tui-bare", "paint_s"),
            "s",
            note=note("tui-bare"),
        ),
        Row(
            f"TUI: first paint of Home, from process start ({big})",
            med("tui-paint", "paint_s"),
            "s",
            "bare Textual app, same",
            med("tui-bare", "paint_s"),
            note=note("tui-paint", "tui-bare"),
        ),
        Row(
            f"TUI: Home data shown, from process start ({big})",
            med("tui-data", "data_s"),
            "s",
            note=note("tui-data"),
        ),
        Row(
            f"TUI: peak memory, Home data loaded ({big})",
            med("tui-data", "maxrss_kib", MIB),
            "MiB",
            target="≤ 150 MiB",
            limit=150.0,
            note=note("tui-data"),
        ),
        Row(
            f"TUI: History, key h → first page shown ({big})",
            med("tui-history", "history_s"),
            "s",
            target="≤ 0.12 s",
            limit=0.12,
            note=note("tui-history"),
            cpu=med("tui-history", "history_cpu_s"),
        ),
        Row(
            f"TUI: History, key h → both tables drawn ({big})",
            med("tui-history", "history_all_s"),
            "s",
            note=note("tui-history"),
        ),
        Row(
            "bare Textual app: key h → a screen with two such tables, built in advance (floor)",
            med("tui-history-bare", "history_s"),
            "s",
            note=note("tui-history-bare"),
            cpu=med("tui-history-bare", "history_cpu_s"),
        ),
        Row(
            f"twitchlog analyze ({s})",
            med("analyze-small"),
            "s",
            note=note("analyze-small"),
            cpu=cpu("analyze-small"),
        ),
        Row(
            f"twitchlog analyze ({big})",
            med("analyze-large"),
            "s",
            target="≤ 1.5 s",
            limit=1.5,
            note=note("analyze-large"),
            cpu=cpu("analyze-large"),
        ),
        Row(
            f"twitchlog analyze, {big} vs {s}",
            med("analyze-large"),
            "s",
            f"twitchlog analyze ({s})",
            med("analyze-small"),
            "≤ 1.3×",
            1.3,
            by_ratio=True,
            note=note("analyze-large", "analyze-small"),
        ),
        Row(
            f"  floor of the {big} run: python + sqlite3 quick_check of its file",
            med("analyze-floor-large"),
            "s",
            f"twitchlog analyze ({s})",
            med("analyze-small"),
            note=note("analyze-floor-large", "analyze-small"),
            cpu=cpu("analyze-floor-large"),
        ),
        Row(
            f"  twitchlog analyze ({big}) over its check floor",
            med("analyze-large"),
            "s",
            "python + sqlite3 quick_check of its file",
            med("analyze-floor-large"),
            note=note("analyze-large", "analyze-floor-large"),
        ),
    ]
    rows += _issue17_rows(med, cpu, note, s, big)
    for size, label in (("small", s), ("large", big)):
        key = f"inproc-{size}"
        rows += [
            Row(f"in-process load_slice + analyze ({label})", med(key, "total_s"), "s",
                note=note(key)),
            Row(f"  of which load_slice ({label})", med(key, "load_slice_s"), "s",
                note=note(key)),
            Row(f"  opening the journal: checks ({label})", med(key, "open_s"), "s",
                note=note(key)),
        ]  # fmt: skip
    rows += [
        Row(
            f"twitchlog report, default period ({big})",
            med("report"),
            "s",
            "pyplot import + empty PDF",
            med("mpl-floor"),
            "≤ 2.5× floor",
            2.5,
            by_ratio=True,
            note=note("report", "mpl-floor"),
            cpu=cpu("report"),
            baseline_cpu=cpu("mpl-floor"),
        ),
        Row(
            f"twitchlog report --from first day ({big})",
            med("report-all"),
            "s",
            "pyplot import + empty PDF",
            med("mpl-floor"),
            note=note("report-all"),
            cpu=cpu("report-all"),
            baseline_cpu=cpu("mpl-floor"),
        ),
    ]
    for key, what in (
        ("log", f"first log of the day: daily backup + checks ({s})"),
        ("tui-paint", f"TUI: first start of the day, process start to exit ({big})"),
        ("analyze-large", f"first analyze of the day: daily backup + checks ({big})"),
    ):
        warm = c[key].warmup if key in c else None
        if warm is not None:
            rows.append(Row(what, warm.wall_s, "s", cpu=warm.cpu_s))
            if "paint_s" in warm.probe:
                rows.append(
                    Row(f"TUI: first start of the day, first paint from process start ({big})",
                        float(warm.probe["paint_s"]), "s")
                )  # fmt: skip
    for journal in journals.values():
        if journal.seconds is not None:
            cached = ", cached from an earlier run" if journal.cached else ""
            rows.append(
                Row(f"demo --days {journal.days} --dense ({journal.episodes:,} episodes{cached})",
                    journal.seconds, "s")
            )  # fmt: skip
    return rows


def run_benchmark(plan: Plan, results: Path, only: set[str] | None) -> dict[str, Any]:
    """Prepare everything, run the rounds, and return the report (rows, machine, raw data)."""
    results.mkdir(parents=True, exist_ok=True)
    work = results / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    home = results / "home"
    home.mkdir(exist_ok=True)
    env = isolated_env(home)
    load_before = os.getloadavg()
    started = datetime.now(UTC)
    measured_on = machine()  # before the rounds: the commit that was measured
    cases, journals = build_cases(plan, results, work, env)
    for key in plan.skip:
        if key in cases:
            cases[key].skipped = "not run (--tiny)"
    if only:
        for key, case in cases.items():
            if not any(key.startswith(o) for o in only) and case.skipped is None:
                case.skipped = "not selected (--only)"
    rounds = plan.runs + (1 if plan.warmup else 0)
    for i in range(rounds):
        counted = not plan.warmup or i > 0
        print(f"round {i + 1}/{rounds}{'' if counted else ' (warm-up)'}", file=sys.stderr)
        for case in cases.values():
            case.run(counted)
    rows = rows_from(cases, journals, plan)
    return {
        "date": started.isoformat(timespec="seconds"),
        "seconds": (datetime.now(UTC) - started).total_seconds(),
        "machine": measured_on,
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "plan": {**plan.__dict__, "skip": sorted(plan.skip)},
        "rows": [r.as_json() for r in rows],
        "table_md": markdown(rows),
        "table_text": plain(rows),
        "raw": {
            k: {
                "cmd": case.cmd,
                "skipped": case.skipped,
                "samples": [s.__dict__ for s in case.samples],
                "warmup": case.warmup.__dict__ if case.warmup else None,
            }
            for k, case in cases.items()
        },
    }


def write_outputs(report: dict[str, Any], results: Path) -> list[Path]:
    """``bench-<stamp>.{md,json}`` and ``latest.{md,json}`` in ``results``."""
    m = report["machine"]
    load = report["load_average"]
    md = (
        f"# twitchlog benchmark, {report['date']}\n\n"
        f"{m['nproc']} cores, {m['cpu']}; Python {m['python']}, SQLite {m['sqlite']}; "
        f"twitchlog {m['git']}; load average before/after "
        f"{load['before'][0]:.1f}/{load['after'][0]:.1f}; "
        f"medians of {report['plan']['runs']} runs\n\n{report['table_md']}"
    )
    stamp = report["date"].replace(":", "").replace("-", "")[:15]
    written = []
    for name in (f"bench-{stamp}", "latest"):
        (results / f"{name}.md").write_text(md, encoding="utf-8")
        (results / f"{name}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
        written += [results / f"{name}.md", results / f"{name}.json"]
    return written


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run the benchmark, print and write the table."""
    parser = argparse.ArgumentParser(
        description="twitchlog's speed side by side with its floors (see the module docstring)."
    )
    parser.add_argument(
        "--tiny", action="store_true", help="a few days of data, 1 run each, no jrnl (for CI)"
    )
    parser.add_argument("--runs", type=int, default=5, help="counted runs per case (default 5)")
    parser.add_argument(
        "--results", type=Path, default=DEFAULT_RESULTS, help="folder for journals and tables"
    )
    parser.add_argument(
        "--only", action="append", help="run only cases whose key starts with this (repeatable)"
    )
    args = parser.parse_args(argv)
    if args.tiny:
        plan = Plan(
            7, 14, runs=1, warmup=False, jrnl=False, in_process_runs=1,
            skip=frozenset({"tui-paint", "tui-data", "inproc-large", "report-all"}),
        )  # fmt: skip
    else:
        if args.runs < 5:
            print("bench: medians need at least 5 runs; using 5", file=sys.stderr)
        plan = Plan(365, 7300, runs=max(5, args.runs), warmup=True, jrnl=True, in_process_runs=5)
    report = run_benchmark(plan, args.results.resolve(), set(args.only) if args.only else None)
    written = write_outputs(report, args.results.resolve())
    print(report["table_text"])
    print("written: " + ", ".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
