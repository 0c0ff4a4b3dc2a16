"""Reading import files: CSV files recognised by their header, CSV folders, the JSON export.

Everything is decoded and validated before anything is returned, so the caller can write the
whole batch in one transaction or nothing at all.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.experiment_record import Experiment
from twitchlog.domain.factors import FactorDef
from twitchlog.domain.models import DayLog, Episode
from twitchlog.domain.own_sites import CustomSite
from twitchlog.domain.own_symptoms import CustomSymptom
from twitchlog.domain.times import zone
from twitchlog.exchange.csv_format import ParsedRecord, parse_csv
from twitchlog.exchange.errors import ImportFormatError
from twitchlog.exchange.factors import (
    FACTORS_FILE,
    is_factors_header,
    parse_factors_csv,
    resolve_names,
)
from twitchlog.exchange.json_format import parse_json
from twitchlog.exchange.places import SITES_FILE, is_sites_header, parse_sites_csv
from twitchlog.exchange.rows import ImportContext
from twitchlog.exchange.symptoms import SYMPTOMS_FILE, is_symptoms_header, parse_symptoms_csv
from twitchlog.exchange.tables import TABLES, ImportBatch, Table

#: Largest file accepted (20 dense years are about 20 MB as CSV, 50 MB as JSON).
MAX_IMPORT_BYTES: Final = 256 * 1024 * 1024


def _read_text(path: Path) -> str:
    source = path.name
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise ImportFormatError(
                f"the file is larger than {MAX_IMPORT_BYTES // 2**20} MB", file=source
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFormatError(
            f"cannot read the file ({exc.strerror or exc})", file=source
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(
            f"not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start})", file=source
        ) from None


def _is_json(path: Path, text: str) -> bool:
    return path.suffix.lower() == ".json" or text.lstrip().startswith(("{", "["))


def _csv_header(text: str) -> list[str]:
    return [c.strip().lower() for c in text.split("\n", 1)[0].strip().split(",")]


def _parse_file(
    path: Path,
    text: str,
    ctx: ImportContext,
    factors: list[FactorDef],
    sites: list[CustomSite],
    experiments: list[Experiment],
    symptoms: list[CustomSymptom],
) -> list[tuple[Table, list[ParsedRecord]]]:
    if _is_json(path, text):
        return parse_json(text, path.name, ctx, factors, sites, experiments, symptoms)
    header = _csv_header(text)
    if is_factors_header(header):
        factors.extend(parse_factors_csv(text, path.name))
        return []
    if is_sites_header(header) or is_symptoms_header(header):  # read first (see read_import)
        return []
    return [parse_csv(text, path.name, ctx)]


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        files = [t.file_name for t in TABLES] + [FACTORS_FILE, SITES_FILE, SYMPTOMS_FILE]
        found = [path / n for n in files if (path / n).is_file()]
        if not found:
            names = ", ".join(t.file_name for t in TABLES)
            raise ImportFormatError(f"the folder holds none of {names}", file=path.name)
        return found
    if not path.exists():
        raise ImportFormatError("no such file or folder", file=path.name)
    return [path]


def _csv_view(value: Any) -> Any:
    """A record without what only JSON keeps (recorded_at, drink counts)."""
    if isinstance(value, Episode):
        return replace(value, recorded_at=None)
    if isinstance(value, DayLog):
        return replace(value, drinks={})
    return value


class _Collector:
    """Gathers records from several files, dropping exact repeats and refusing clashes."""

    def __init__(self) -> None:
        self.by_table: dict[str, dict[str | date, ParsedRecord]] = {t.key: {} for t in TABLES}
        self.factors: dict[str, FactorDef] = {}
        self.sites: dict[str, CustomSite] = {}
        self.symptoms: dict[str, CustomSymptom] = {}
        self.experiments: dict[str, Experiment] = {}

    def add_experiments(self, experiments: Sequence[Experiment]) -> None:
        for exp in experiments:
            earlier = self.experiments.setdefault(exp.id, exp)
            if earlier != exp:
                raise ImportFormatError(
                    f"experiment id {exp.id[:40]!r} appears twice with different content",
                    field="experiments",
                )

    def add_factors(self, factors: Sequence[FactorDef]) -> None:
        for f in factors:
            earlier = self.factors.setdefault(f.key, f)
            if earlier != f:
                raise ImportFormatError(
                    f"factor id {f.key[:40]!r} appears twice with different definitions",
                    field="factors",
                )

    def add(self, table: Table, records: list[ParsedRecord]) -> None:
        seen = self.by_table[table.key]
        for record in records:
            key = table.identity(record.value)
            earlier = seen.get(key)
            if earlier is None:
                seen[key] = record
            elif _csv_view(earlier.value) == _csv_view(record.value):
                # The same record from CSV and JSON: keep the one with drinks / recorded_at.
                if _csv_view(earlier.value) == earlier.value:
                    seen[key] = record
            else:
                what = "date" if table.key == "days" else "id"
                raise ImportFormatError(
                    f"{what} {str(key)[:40]!r} appears twice with different content "
                    f"(also {earlier.where})",
                    file=record.source,
                    row=record.row,
                    field=what,
                    unit=record.unit,
                )

    def batch(self) -> ImportBatch:
        values: dict[str, tuple[Any, ...]] = {
            t.key: tuple(r.value for r in self.by_table[t.key].values()) for t in TABLES
        }
        factors = tuple(self.factors.values())
        values["days"] = tuple(resolve_names(values["days"], factors))
        return ImportBatch(
            **values,
            factors=factors,
            sites=tuple(self.sites.values()),
            experiments=tuple(self.experiments.values()),
            symptoms=tuple(self.symptoms.values()),
        )


def read_import(
    paths: Sequence[Path],
    tz_default: str,
    now: datetime,
    known_sites: Collection[str] = (),
    known_symptoms: Collection[str] = (),
) -> ImportBatch:
    """Read and validate every record in ``paths``; raise one :class:`ImportFormatError`.

    A path may be a CSV file (recognised by its header, columns in any order), a folder
    holding ``episodes.csv``, ``days.csv``, ``medications.csv`` and/or ``health_notes.csv``,
    or a JSON export. ``tz_default`` is the zone of episodes without one; ``now`` (aware)
    bounds start times and dates. Rows without an id get a uuid5 of their content, so
    importing the same file twice yields the same ids. The same record in two files is kept
    once (the JSON copy, with drinks and recorded_at, when both a CSV and a JSON export are
    given); two different records with one id (or two day logs for one date) are refused.
    An episode's site may be one of ``known_sites`` (the journal's own places) or a place in
    the import's ``sites.csv`` (read first) or JSON ``sites``; an episode's symptom one of
    ``known_symptoms`` (the journal's own) or one in ``symptoms.csv`` or JSON ``symptoms``.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    try:
        zone(tz_default)
    except ValidationError as exc:
        raise ImportFormatError(exc.message, field=exc.field) from None
    collector = _Collector()
    texts = [(file, _read_text(file)) for path in paths for file in _files(path)]
    for file, text in texts:  # own places first, so episodes in any file may use them
        if not _is_json(file, text) and is_sites_header(_csv_header(text)):
            for site in parse_sites_csv(text, file.name):
                collector.sites.setdefault(site.key, site)
        if not _is_json(file, text) and is_symptoms_header(_csv_header(text)):
            for symptom in parse_symptoms_csv(text, file.name):
                collector.symptoms.setdefault(symptom.key, symptom)
    ctx = ImportContext(
        tz_default,
        now,
        frozenset({*known_sites, *collector.sites}),
        frozenset({*known_symptoms, *collector.symptoms}),
    )
    for file, text in texts:
        factors: list[FactorDef] = []
        sites: list[CustomSite] = []
        experiments: list[Experiment] = []
        symptoms: list[CustomSymptom] = []
        for table, records in _parse_file(file, text, ctx, factors, sites, experiments, symptoms):
            collector.add(table, records)
        collector.add_factors(factors)
        collector.add_experiments(experiments)
        for site in sites:
            collector.sites.setdefault(site.key, site)
        for symptom in symptoms:
            collector.symptoms.setdefault(symptom.key, symptom)
    return collector.batch()
