"""make_report and ``twitchlog report``: private files, PNG size, messages and exit codes."""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.report.conftest import END, START, pdf_text, seed
from twitchlog.cli.main import run
from twitchlog.config import Settings
from twitchlog.domain.errors import ValidationError
from twitchlog.report import default_period, make_report
from twitchlog.report.summary import summary_pixels
from twitchlog.storage.journal import Journal


@pytest.fixture
def umask_022() -> Iterator[None]:
    """Run with the common umask 022 (files would be 0644 unless made private)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


@pytest.mark.usefixtures("umask_022")
def test_files_are_private_and_png_has_its_size(journal_copy: Path, tmp_path: Path) -> None:
    """PDF and PNG are written 0600; the summary chart sits beside the PDF, 1600 x 900."""
    journal = Journal(journal_copy)
    out = tmp_path / "visit" / "visit.pdf"
    out.parent.mkdir()
    files = make_report(journal, START, END, Settings(), out, True, "letter", date(2026, 11, 29))
    journal.dispose()
    assert files.pdf == out and files.png == out.with_suffix(".png")
    assert files.pages == 2
    for path in (files.pdf, files.png):
        assert (path.stat().st_mode & 0o777) == 0o600
    assert _png_size(files.png.read_bytes()) == summary_pixels() == (1600, 900)
    assert sorted(p.name for p in out.parent.iterdir()) == ["visit.pdf", "visit.png"]


def test_bad_paper_and_reversed_period_are_refused(journal_copy: Path, tmp_path: Path) -> None:
    """make_report raises ValidationError before writing anything."""
    journal = Journal(journal_copy)
    out = tmp_path / "x.pdf"
    with pytest.raises(ValidationError, match="a4 or letter"):
        make_report(journal, START, END, Settings(), out, False, "a5")
    with pytest.raises(ValidationError, match="on or before"):
        make_report(journal, END, START, Settings(), out, False, "a4")
    journal.dispose()
    assert not out.exists()


def test_default_period() -> None:
    """The last 90 days, or from the first entry when the diary is younger."""
    today = date(2026, 11, 28)
    assert default_period(None, today) == (date(2026, 8, 31), today)
    assert default_period(date(2020, 1, 1), today) == (date(2026, 8, 31), today)
    assert default_period(date(2026, 11, 20), today) == (date(2026, 11, 20), today)


def _cli(db: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = run(["--db", str(db), "report", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today is the seeded journal's last day."""
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-11-28T18:00:00+00:00")


@pytest.mark.usefixtures("frozen_today", "umask_022")
def test_cli_writes_default_name_in_current_folder(
    journal_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``twitchlog report --png``: the last 90 days, files named after the end day, here."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, out, err = _cli(journal_copy, "--png", capsys=capsys)
    assert (code, err) == (0, "")
    pdf = here / "twitchlog-report-2026-11-28.pdf"
    png = here / "twitchlog-report-2026-11-28.png"
    assert str(pdf) in out and str(png) in out
    assert (pdf.stat().st_mode & 0o777) == (png.stat().st_mode & 0o777) == 0o600
    assert "(90 days)" in pdf_text(pdf.read_bytes())[0]


@pytest.mark.usefixtures("frozen_today")
def test_cli_period_starts_at_first_entry_when_shorter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 20-day diary gets a report from its first entry, not a 90-day one."""
    db = tmp_path / "young" / "journal.sqlite3"
    db.parent.mkdir()
    young = seed(db, days=20, extras=False).demo
    first = min(log.day for log in young.days)
    days = (young.end - first).days + 1
    assert 17 <= days <= 20
    out = tmp_path / "young.pdf"
    code, _, err = _cli(db, "--out", str(out), "--paper", "Letter", capsys=capsys)
    assert (code, err) == (0, "")
    assert f"({days} days)" in pdf_text(out.read_bytes())[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--paper", "a5"], "twitchlog: paper must be a4 or letter (got 'a5')\n"),
        (
            ["--from", "2026-11-01", "--to", "2026-10-01"],
            "twitchlog: from must be on or before to (got 2026-11-01 > 2026-10-01)\n",
        ),
    ],
)
@pytest.mark.usefixtures("frozen_today")
def test_cli_errors_exit_2_with_one_line(
    journal_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    """Bad options: exit code 2, one line on stderr, no file written."""
    monkeypatch.chdir(tmp_path)
    code, out, err = _cli(journal_copy, *args, capsys=capsys)
    assert (code, out, err) == (2, "", message)
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.usefixtures("frozen_today", "umask_022")
def test_cli_png_only_writes_just_the_summary_chart(
    journal_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--png-only``: the summary chart (0600, 1600 x 900) and no PDF."""
    out = tmp_path / "visit.pdf"
    code, text, err = _cli(journal_copy, "--png-only", "--out", str(out), capsys=capsys)
    assert (code, err) == (0, "")
    png = out.with_suffix(".png")
    assert not out.exists() and f"Summary chart written to {png}" in text
    assert "Report written" not in text
    assert (png.stat().st_mode & 0o777) == 0o600
    assert _png_size(png.read_bytes()) == (1600, 900)


@pytest.mark.usefixtures("frozen_today")
def test_cli_since_last_visit_starts_on_the_visit(
    journal_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--since-last-visit``: from the most recent visit in the health notes to today."""
    journal = Journal(journal_copy)
    try:
        from twitchlog.storage import repository as repo
        from twitchlog.storage.report_queries import last_visit

        visit = last_visit(journal, END)
        notes = repo.list_health_notes(journal)
    finally:
        journal.dispose()
    assert visit is not None
    assert visit == max(n.day for n in notes if n.kind.value == "visit")
    out = tmp_path / "since.pdf"
    code, _, err = _cli(journal_copy, "--since-last-visit", "--out", str(out), capsys=capsys)
    assert (code, err) == (0, "")
    days = (END - visit).days + 1
    assert f"({days} days)" in pdf_text(out.read_bytes())[0]


@pytest.mark.usefixtures("frozen_today")
def test_cli_since_last_visit_without_a_visit_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No visit recorded: exit 2, one line that says how to add one; nothing written."""
    db = tmp_path / "novisit" / "journal.sqlite3"
    db.parent.mkdir()
    seed(db, days=20, extras=False)
    out = tmp_path / "none.pdf"
    code, text, err = _cli(db, "--since-last-visit", "--out", str(out), capsys=capsys)
    assert (code, text) == (2, "")
    assert err.startswith("twitchlog: no visit in the health notes yet") and err.count("\n") == 1
    assert not out.exists()
