"""The PDF as a doctor reads it: the text on page 1 (pypdf), reproducibility, paper sizes."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.report.conftest import (
    END,
    MRI_DAY,
    START,
    WEAK_EPISODE_DAY,
    WEAKNESS_DAYS,
    WEIGHT_LOSS_DAY,
    Seeded,
)
from tests.report.conftest import pdf_text as text_of
from twitchlog.config import Settings
from twitchlog.domain.models import DayLog
from twitchlog.report import ReportData, build_report, render_pdf, render_png
from twitchlog.report.words import day_text, place_text
from twitchlog.storage import repository as repo
from twitchlog.storage.journal import Journal


def plain(d: date) -> str:
    """A date as pypdf extracts it (no-break spaces become spaces)."""
    return day_text(d).replace("\u00a0", " ")


def test_page_one_answers_with_the_right_numbers(report_text: list[str], seeded: Seeded) -> None:
    """Episode count, check-ins, top place with first day, red flags, medicines, tests."""
    page = report_text[0]
    eps = [e for e in seeded.episodes if START <= e.local_date <= END]
    checked = {d.day for d in seeded.demo.days if d.checked_in and START <= d.day <= END}
    logged = checked | {e.local_date for e in eps}
    assert f"checked in on {len(checked)} of 90 days" in page
    assert f"{len(eps)} episodes on {len(logged)} logged days" in page
    (site, side), n = Counter((e.site, e.side) for e in eps).most_common(1)[0]
    assert f"most often {place_text(site, side)} ({n}, {round(100 * n / len(eps))} %)" in page
    assert "Test Person" in page
    assert f"New in this period: right hand from {plain(WEAK_EPISODE_DAY)}." in page
    assert f"Period {plain(START)} to {plain(END)} (90 days)" in page


def test_page_one_answers_every_red_flag(report_text: list[str]) -> None:
    """Recorded flags with their dates; every other flag says "none recorded"."""
    page = report_text[0]
    weak = ", ".join(plain(d) for d in WEAKNESS_DAYS)
    assert f"Real weakness (dropping things, buttons, tripping, stairs): recorded on {weak}" in page
    assert f"Unexplained weight loss: recorded on {plain(WEIGHT_LOSS_DAY)}" in page
    for label in (
        "Visible muscle wasting",
        "Change in speech or swallowing",
        "Breathlessness",
        "Twitching that became constant or spread across the face",
    ):
        assert f"{label}: none recorded" in page


def test_page_one_lists_medicines_tests_and_patterns(
    report_text: list[str], report_data: ReportData
) -> None:
    """Medicines with doses and dates, tests with dates, one line per pattern with its size
    and range, one line for every other factor; the method is on page 2.
    """
    page = report_text[0]
    assert f"Prednisone (medicine), 5 mg: from {plain(date(2026, 9, 20))}" in page
    assert "Magnesium citrate (supplement), 400 mg daily" in page
    assert f"{plain(MRI_DAY)}, test – MRI: lumbar spine, normal" in page
    patterns = [f for f in report_data.factors if f.verdict == "pattern"]
    assert patterns, "the seeded demo has patterns"
    for f in patterns:
        assert f"{f.label[:1].upper()}{f.label[1:]}: about" in page
        assert "plausible range" in page
    rest = len(report_data.factors) - len(patterns)
    assert f"{rest} other factors checked:" in page and "details on page 2" in page
    assert "Screen time:" not in page  # a "can't tell yet" factor has no line of its own
    assert "quasi-Poisson" in report_text[1] and "Benjamini-Hochberg" in report_text[1]
    assert "This is a diary kept by the person, not a diagnosis" in page


def test_demo_report_is_two_pages_without_repeats(report_text: list[str]) -> None:
    """Page 1 ends with the disclaimer; page 2 holds the charts and the tables, and repeats
    none of page 1's sentences (no "findings in full", no red flags, no answers).
    """
    assert len(report_text) == 2
    assert "the clinician decides" in report_text[0]
    assert "Details: the period day by day" in report_text[1]
    assert "Findings per factor" in report_text[1]
    for repeated in ("Findings in full", "Red flags", "First recorded episode", "None of them"):
        assert repeated not in report_text[1]


def test_two_renders_are_byte_identical(report_data: ReportData, report_pdf: bytes) -> None:
    """The same data gives the same bytes (fixed dates, fonts and ids)."""
    assert render_pdf(report_data, "a4") == report_pdf


def test_creation_date_is_made_on_or_source_date_epoch(
    report_data: ReportData, report_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CreationDate is the "made on" day, or SOURCE_DATE_EPOCH when set."""
    meta = PdfReader(BytesIO(report_pdf)).metadata
    assert meta is not None and str(meta["/CreationDate"]).startswith("D:20261129000000")
    assert str(meta["/Creator"]) == "twitchlog"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    again = PdfReader(BytesIO(render_pdf(report_data, "a4"))).metadata
    assert again is not None and str(again["/CreationDate"]).startswith("D:20231114221320")


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_paper_sizes(report_data: ReportData, paper: str, size: tuple[int, int]) -> None:
    """A4 and Letter pages have their sizes, and page 1 still holds every answer."""
    reader = PdfReader(BytesIO(render_pdf(report_data, paper)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size
    page = text_of(render_pdf(report_data, paper))[0]
    assert "Breathlessness: none recorded" in page and "the clinician decides" in page


def test_empty_journal_gives_one_clean_page(journal: Journal) -> None:
    """Nothing in the period: one page that says so, with every red flag still answered."""
    data = build_report(journal, START, END, Settings())
    assert data.empty
    pages = text_of(render_pdf(data, "a4"))
    assert len(pages) == 1
    assert "Nothing recorded in this period" in pages[0]
    assert "Breathlessness: not recorded in this diary" in pages[0]
    assert "Onset" in pages[0] and "No episode recorded yet" in pages[0]


def test_three_days_say_not_enough_data(journal: Journal) -> None:
    """Three checked-in days: every factor is "not enough data", nothing is a finding."""
    days = [
        DayLog(day=END - timedelta(days=i), checked_in=True, caffeine_mg=100.0 * i, stress=i)
        for i in range(3)
    ]
    repo.import_entries(journal, days=days)
    data = build_report(journal, END - timedelta(days=2), END, Settings())
    assert not data.empty
    assert {f.verdict for f in data.factors} == {"not enough data"}
    page = text_of(render_pdf(data, "a4"))[0]
    n = len(data.factors)
    assert f"{n} factors checked: {n} not enough data; details on page 2." in page
    assert "7-day mean" not in " ".join(text_of(render_pdf(data, "a4")))
    assert "0 episodes on 3 logged days" in page
    assert "Twitch-free days: 3 of 3" in page


def test_render_writes_nothing(report_data: ReportData, tmp_path: Path) -> None:
    """Rendering returns bytes only; the files are make_report's job."""
    before = set(tmp_path.iterdir())
    assert render_pdf(report_data, "letter").startswith(b"%PDF")
    assert set(tmp_path.iterdir()) == before


def test_user_text_is_drawn_as_written_or_marked_unknown(journal: Journal) -> None:
    """Markup and dollar signs stay literal; glyphs the font lacks show as U+FFFD; no crash."""
    from twitchlog.domain.models import HealthNote, Medication, NoteKind

    repo.import_entries(
        journal,
        days=[DayLog(day=END, checked_in=True)],
        medications=[Medication("m1", "Vit $D$ [bold]x[/]", END, "1 漢 IU")],
        health_notes=[HealthNote("n1", END, NoteKind.TEST, "EMG\nleft arm", "łódź $5 and $6")],
    )
    data = build_report(journal, END, END, Settings(name="Zoë 漢"))
    page = text_of(render_pdf(data, "a4"))[0]
    assert "Vit $D$ [bold]x[/] (supplement)" not in page  # a medicine, not a supplement
    assert "Vit $D$ [bold]x[/] (medicine), 1 \ufffd IU" in page
    assert "EMG left arm: łódź $5 and $6" in page
    assert "Zoë \ufffd" in page
    assert render_png(data, "a4").startswith(b"\x89PNG")  # the medicine band's label too


def test_summary_title_shows_a_missing_glyph_as_unknown(report_data: ReportData) -> None:
    """The summary PNG's title drew the person's name "Zoë 漢" with a glyph DejaVu lacks
    (matplotlib warned "Glyph missing" and drew an empty box): it shows U+FFFD, as the PDF."""
    from dataclasses import replace

    from twitchlog.report.summary import title_lines

    header = replace(report_data.header, name="Zoë 漢")
    title, _ = title_lines(replace(report_data, header=header))
    assert title.startswith("Zoë \ufffd: muscle twitch diary")


def test_empty_period_after_entries_says_none_recorded(seeded: Seeded) -> None:
    """A period with nothing in it, in a diary that has entries before: one page, and the
    red flags say "none recorded" (the diary exists), not "not recorded in this diary".
    """
    journal = Journal(seeded.path)
    try:
        later = END + timedelta(days=30)
        data = build_report(journal, END + timedelta(days=1), later, Settings())
    finally:
        journal.dispose()
    assert data.empty
    pages = text_of(render_pdf(data, "a4"))
    assert len(pages) == 1
    assert "Breathlessness: none recorded" in pages[0]
    assert "not recorded in this diary" not in pages[0]
