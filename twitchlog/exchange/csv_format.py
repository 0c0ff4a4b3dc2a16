"""The CSV folder format: four RFC 4180 files, spreadsheet-safe, read back by their header."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.models import DayLog
from twitchlog.exchange.cells import escape_formula, unescape_formula
from twitchlog.exchange.errors import ImportFormatError
from twitchlog.exchange.factors import (
    FACTORS_FILE,
    custom_cells,
    custom_columns,
    factors_csv,
    is_custom_column,
    read_custom_cells,
)
from twitchlog.exchange.places import SITES_FILE, sites_csv
from twitchlog.exchange.rows import (
    CSV_EXTRA,
    ImportContext,
    csv_extra_cells,
    episode_from_csv_row,
    with_csv_extra,
)
from twitchlog.exchange.symptoms import SYMPTOMS_FILE, symptoms_csv
from twitchlog.exchange.tables import DAYS, EPISODES, TABLES, JournalData, Table, recognise
from twitchlog.fileio import atomic_write_text, ensure_private_dirs


def csv_columns(table: Table) -> tuple[str, ...]:
    """The columns of ``table``'s CSV file: the shared ones, then the CSV-only ones (a day's
    drink counts, an episode's recorded time), so CSV keeps everything JSON keeps."""
    return (*table.columns, *CSV_EXTRA.get(table.key, ()))


def table_csv(table: Table, data: JournalData) -> str:
    """One table as CSV text: header, then one row per record in export order, CRLF endings.

    ``days.csv`` gains ``tags_complete`` and one ``factor:NAME`` column per own factor when
    the journal has any (``exchange/factors.py``).
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    own = custom_columns(data.factors, data.days) if table is DAYS else ()
    columns = (*csv_columns(table), *own)
    writer.writerow(columns)
    for value in table.sorted_values(data):
        row = table.to_row(value) | csv_extra_cells(value)
        if own:
            row |= custom_cells(value, data.factors)
        writer.writerow([escape_formula(row[c]) for c in columns])
    return out.getvalue()


def export_csv(folder: Path, data: JournalData) -> list[Path]:
    """Write the four CSV files into ``folder`` (created 0700 if missing, an existing folder
    is left as it is; files 0600, atomically).

    Returns the paths written, in the order of ``TABLES``.
    """
    ensure_private_dirs(folder)
    written = []
    for table in TABLES:
        path = folder / table.file_name
        atomic_write_text(path, table_csv(table, data))
        written.append(path)
    if data.factors:  # only a journal with own factors has this fifth file
        path = folder / FACTORS_FILE
        atomic_write_text(path, factors_csv(data.factors))
        written.append(path)
    if data.sites:  # and only one with own places has sites.csv
        path = folder / SITES_FILE
        atomic_write_text(path, sites_csv(data.sites))
        written.append(path)
    if data.symptoms:  # and only one with own symptoms has symptoms.csv
        path = folder / SYMPTOMS_FILE
        atomic_write_text(path, symptoms_csv(data.symptoms))
        written.append(path)
    return written


@dataclass(frozen=True, slots=True)
class ParsedRecord:
    """A decoded value and where it came from (for duplicate messages)."""

    value: Any
    source: str
    row: int
    unit: str = "row"

    @property
    def where(self) -> str:
        """``episodes.csv row 3`` or ``export.json episodes item 3``."""
        return f"{self.source} {self.unit} {self.row}"


def _records(text: str, source: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    row_number = 0
    try:
        for cells in reader:
            row_number += 1
            if cells:
                yield row_number, cells
    except csv.Error as exc:
        raise ImportFormatError(f"not valid CSV ({exc})", file=source, row=row_number + 1) from None


def _header(cells: list[str], source: str) -> tuple[Table, list[str]]:
    names = [c.strip().lower() for c in cells]
    table = recognise(names)
    if table is None:
        raise ImportFormatError(
            "header not recognised; expected the columns of episodes.csv, days.csv, "
            "medications.csv or health_notes.csv (see docs/data-format.md)",
            file=source,
            row=1,
        )
    unknown = [
        n
        for n in names
        if n not in csv_columns(table) and not (table is DAYS and is_custom_column(n))
    ]
    if unknown:
        raise ImportFormatError(
            f"unknown column {unknown[0][:40]!r} in {table.file_name}; "
            f"allowed: {', '.join(csv_columns(table))}",
            file=source,
            row=1,
            field=unknown[0][:40],
        )
    seen: set[str] = set()
    for n in names:
        if n in seen:
            raise ImportFormatError(f"column {n!r} appears twice", file=source, row=1, field=n)
        seen.add(n)
    return table, names


def parse_csv(text: str, source: str, ctx: ImportContext) -> tuple[Table, list[ParsedRecord]]:
    """Recognise a CSV text by its header and decode every row; the first bad row raises."""
    records = _records(text, source)
    first = next(records, None)
    if first is None:
        raise ImportFormatError("the file is empty (no header row)", file=source)
    table, names = _header(first[1], source)
    parsed = []
    for number, cells in records:
        if len(cells) != len(names):
            raise ImportFormatError(
                f"has {len(cells)} cells, the header has {len(names)}", file=source, row=number
            )
        row = {n: unescape_formula(c) for n, c in zip(names, cells, strict=True)}
        try:
            value: object
            if table is EPISODES:
                value = episode_from_csv_row(row, ctx)
            else:
                value = with_csv_extra(table.from_row(row, ctx), row)
            if isinstance(value, DayLog):
                custom, complete = read_custom_cells(row)
                value = replace(value, custom=custom, tags_complete=complete)
        except ValidationError as exc:
            raise ImportFormatError(exc.message, file=source, row=number, field=exc.field) from None
        parsed.append(ParsedRecord(value, source, number))
    return table, parsed
