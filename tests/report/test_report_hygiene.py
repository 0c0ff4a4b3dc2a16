"""matplotlib stays out of the data step and out of every import; PNG bytes are reproducible."""

from __future__ import annotations

import json
import struct
import subprocess
import sys

from twitchlog.report import ReportData, render_png
from twitchlog.report.charts import missing_runs
from twitchlog.report.summary import summary_pixels


def _loaded_after(statement: str, packages: tuple[str, ...] = ("matplotlib",)) -> list[str]:
    """The modules of ``packages`` loaded after running ``statement`` in a fresh process."""
    code = (
        f"import json, sys; {statement}; "
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {packages!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return list(json.loads(out.stdout))


def test_importing_the_report_package_loads_no_matplotlib() -> None:
    """The CLI and TUI can import twitchlog.report without paying for matplotlib."""
    assert _loaded_after("import twitchlog.report, twitchlog.cli.cmd_report") == []


def test_i17_building_the_data_loads_no_matplotlib_scipy_or_sqlalchemy() -> None:
    """The data step is plain Python: building a report needs no plotting, its analysis no
    scipy, and its reads go through ``sqlite3`` (importing scipy.special, or SQLAlchemy and
    SQLModel, each cost a good part of the matplotlib floor). The period's bounds
    (``slices.journal_bounds``) come from the same reads."""
    statement = (
        "import tempfile, pathlib, datetime; "
        "from twitchlog.storage.journal import Journal; "
        "from twitchlog.config import Settings; "
        "from twitchlog.report import build_report; "
        "p = pathlib.Path(tempfile.mkdtemp()) / 'j.sqlite3'; "
        "d = datetime.date(2026, 1, 31); "
        "j = Journal.open(p); "
        "from twitchlog.storage.slices import journal_bounds; "
        "assert journal_bounds(j) is None; "
        "build_report(j, d - datetime.timedelta(days=30), d, Settings(), d)"
    )
    heavy = ("matplotlib", "scipy", "sqlalchemy", "sqlmodel", "pydantic")
    assert _loaded_after(statement, heavy) == []


def test_png_bytes_are_reproducible_and_sized(report_data: ReportData) -> None:
    """Two renders of the summary chart are the same bytes, 1600 x 900 (any paper)."""
    png = render_png(report_data, "a4")
    assert png == render_png(report_data, "letter")
    assert struct.unpack(">II", png[16:24]) == summary_pixels() == (1600, 900)


def test_missing_runs_group_consecutive_days() -> None:
    """Not-logged days become one hatched band per run of consecutive days."""
    assert missing_runs([None, None, 1, 0, None, 2, None]) == [(0, 1), (4, 4), (6, 6)]
    assert missing_runs([1, 2]) == []
