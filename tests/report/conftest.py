"""Report test fixtures: a seeded 180-day demo journal with red flags and tests added.

The seeded journal, its report data and its PDF text are built once per session (seeding and
rendering take a second or two); tests that write files or run the CLI work on copies.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from twitchlog.config import Settings
from twitchlog.demo import DemoJournal, generate
from twitchlog.domain.models import (
    Episode,
    HealthNote,
    Kind,
    Medication,
    NoteKind,
    RedFlag,
    Symptom,
)
from twitchlog.domain.sites import Side
from twitchlog.report import ReportData, build_report, render_pdf
from twitchlog.storage import repository as repo
from twitchlog.storage.journal import Journal

END = date(2026, 11, 28)
START = END - timedelta(days=89)
MADE_ON = date(2026, 11, 29)
#: Red flags added to the demo journal: two weakness notes in the period, one weight-loss
#: note before it (the report covers the whole diary up to the end for red flags).
WEAKNESS_DAYS = (date(2026, 10, 3), date(2026, 11, 10))
WEIGHT_LOSS_DAY = date(2026, 7, 1)
MRI_DAY = date(2026, 10, 20)
#: An extra episode with weakness, on a day of its own within the period.
WEAK_EPISODE_DAY = date(2026, 10, 4)


@dataclass(frozen=True)
class Seeded:
    """The seeded journal file and every value that went into it."""

    path: Path
    demo: DemoJournal
    episodes: tuple[Episode, ...]
    notes: tuple[HealthNote, ...]
    medications: tuple[Medication, ...]


def pdf_text(pdf: bytes) -> list[str]:
    """Each page's text, whitespace (and no-break spaces) collapsed to single spaces."""
    reader = PdfReader(BytesIO(pdf))
    return [re.sub(r"\s+", " ", p.extract_text().replace("\u00a0", " ")) for p in reader.pages]


def _extra_episode() -> Episode:
    started = datetime(2026, 10, 4, 9, 30, tzinfo=UTC)
    return Episode(
        id="00000000-0000-4000-8000-00000000beef",
        started_at=started,
        timezone="Europe/Berlin",
        local_date=WEAK_EPISODE_DAY,
        site="hand",
        side=Side.RIGHT,
        kind=Kind.TWITCH,
        duration_s=30,
        symptoms=frozenset({Symptom.WEAKNESS}),
        recorded_at=started,
    )


def seed(path: Path, days: int = 180, extras: bool = True) -> Seeded:
    """Write the demo journal plus (with ``extras``) red flags, an MRI and a weakness episode."""
    demo = generate(days=days, seed=7, end=END)
    if not extras:
        journal = Journal.open(path)
        try:
            repo.import_entries(
                journal, episodes=demo.episodes, days=demo.days, factors=demo.factors
            )
        finally:
            journal.dispose()
        return Seeded(path, demo, demo.episodes, (), ())
    notes = (
        *demo.health_notes,
        *(
            HealthNote(f"flag-weak-{i}", d, NoteKind.FLAG, RedFlag.WEAKNESS.value, "keys")
            for i, d in enumerate(WEAKNESS_DAYS)
        ),
        HealthNote("flag-weight", WEIGHT_LOSS_DAY, NoteKind.FLAG, RedFlag.WEIGHT_LOSS.value),
        HealthNote("test-mri", MRI_DAY, NoteKind.TEST, "MRI", "lumbar spine, normal"),
    )
    meds = (
        *demo.medications,
        Medication("med-pred", "Prednisone", date(2026, 9, 20), "5 mg", date(2026, 9, 30)),
    )
    episodes = (*demo.episodes, _extra_episode())
    journal = Journal.open(path)
    try:
        repo.import_entries(
            journal,
            episodes=episodes,
            days=demo.days,
            medications=meds,
            health_notes=notes,
            factors=demo.factors,
        )
    finally:
        journal.dispose()
    return Seeded(path, demo, episodes, notes, meds)


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    """The seeded journal (read-only: copy it before writing)."""
    return seed(tmp_path_factory.mktemp("seeded") / "journal.sqlite3")


@pytest.fixture(scope="session")
def report_data(seeded: Seeded) -> ReportData:
    """The report data of the seeded journal for the last 90 days."""
    journal = Journal(seeded.path)
    try:
        return build_report(journal, START, END, Settings(name="Test Person"), made_on=MADE_ON)
    finally:
        journal.dispose()


@pytest.fixture(scope="session")
def report_pdf(report_data: ReportData) -> bytes:
    """The seeded report as A4 PDF bytes."""
    return render_pdf(report_data, "a4")


@pytest.fixture(scope="session")
def report_text(report_pdf: bytes) -> list[str]:
    """The seeded report's text, page by page."""
    return pdf_text(report_pdf)


@pytest.fixture
def journal_copy(seeded: Seeded, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the seeded journal file."""
    target = tmp_path / "copy" / "journal.sqlite3"
    target.parent.mkdir(mode=0o700)
    shutil.copy(seeded.path, target)
    yield target


#: Own places of the busiest report (name, sided): more rows than the map's column holds.
OWN_PLACES = (
    ("behind the knee", True),
    ("nape", False),
    ("the very long place name behind the ear", True),
    ("wrist crease", True),
    ("temple", True),
    ("inside of the cheek", False),
    ("ball of the foot", True),
)


def every_site_journal(path: Path, days: int, medicines: int = 24) -> Path:
    """A demo journal of ``days`` days plus one episode at every site on every side (and
    none) in its last 30 days, the same at :data:`OWN_PLACES`, and ``medicines`` courses of
    different medicines: the busiest report there can be.
    """
    from twitchlog.domain.own_sites import custom_site
    from twitchlog.domain.sites import SITES

    demo = generate(days=days, seed=11, end=END)
    own = [custom_site(name, sided=sided) for name, sided in OWN_PLACES]
    extra = []
    for i, (site, sided) in enumerate([(s, True) for s in SITES] + [(p.key, p.sided) for p in own]):
        for j, side in enumerate((Side.LEFT, Side.RIGHT, Side.BOTH, None) if sided else (None,)):
            started = datetime(2026, 11, 1, 8, tzinfo=UTC) + timedelta(days=i % 25, minutes=j)
            extra.append(
                Episode(
                    id=f"00000000-0000-4000-8000-{i:06d}{j:06d}",
                    started_at=started,
                    timezone="Europe/Berlin",
                    local_date=started.date(),
                    site=site,
                    side=side,
                    kind=Kind.TWITCH,
                    duration_s=10,
                    recorded_at=started,
                )
            )
    meds = tuple(
        Medication(
            f"med-{k}",
            f"Medicine number {k} with a long name",
            END - timedelta(days=20 * k + 15),
            "10 mg twice a day",
            END - timedelta(days=20 * k) if k % 3 else None,
        )
        for k in range(medicines)
    )
    journal = Journal.open(path)
    try:
        repo.import_entries(
            journal,
            episodes=(*demo.episodes, *extra),
            days=demo.days,
            medications=(*demo.medications, *meds),
            health_notes=demo.health_notes,
            factors=demo.factors,
            sites=own,
        )
    finally:
        journal.dispose()
    return path
