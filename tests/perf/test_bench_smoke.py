"""The benchmark keeps working: ``bench.py --tiny`` runs to its end and prints its table.

A smoke test only: it never asserts a timing (those depend on the machine and its load).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent / "bench.py"


@pytest.mark.slow
def test_tiny_benchmark_completes_and_prints_the_table(tmp_path: Path) -> None:
    """A few days of data, one run of every case, the table on stdout and in the files."""
    done = subprocess.run(
        [sys.executable, str(BENCH), "--tiny", "--results", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "Benchmark" in out and "Ratio" in out and "Result" in out
    for row in (
        "twitchlog log eyelid",
        "TUI: History",
        "twitchlog analyze",
        "twitchlog report",
        "first log of the day",
        "twitchlog status",
        "twitchlog export, JSON",
        "twitchlog import --apply, CSV",
    ):
        assert row in out, f"{row!r} missing from the table:\n{out}"
    latest = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    log_row = next(r for r in latest["rows"] if r["what"].startswith("twitchlog log"))
    assert log_row["value"] is not None and log_row["value"] > 0, "quick log was not measured"
    schema_rows = [r for r in latest["rows"] if "into twitchlog's schema" in r["what"]]
    assert len(schema_rows) == 2, "the imports' second floor (twitchlog's schema) is missing"
    assert all(r["value"] for r in schema_rows), f"the schema floor did not run: {schema_rows}"
    assert (tmp_path / "latest.md").read_text(encoding="utf-8").startswith("# twitchlog benchmark")
