"""The CSV folder format: four RFC 4180 files, spreadsheet-safe, read back by their header."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any, Final

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.models import DayLog, Episode
from twitchlog.domain.times import zone
from twitchlog.exchange.cells import escape_formula, format_number, format_yes_no, unescape_formula
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
    changed_at_text,
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
    if table is EPISODES:
        writer.writerows(episode_cells(table.sorted_values(data)))
        return out.getvalue()
    for value in table.sorted_values(data):
        row = table.to_row(value) | csv_extra_cells(value)
        if own:
            row |= custom_cells(value, data.factors)
        writer.writerow([escape_formula(row[c]) for c in columns])
    return out.getvalue()


def episode_cells(episodes: Iterable[Episode]) -> Iterator[list[str]]:
    """The rows of ``episodes.csv``: what ``episode_row``, ``csv_extra_cells`` and
    ``escape_formula`` on every cell give (a test compares them), in ``csv_columns(EPISODES)``
    order, without a dict per episode. Only cells that can start with a formula character
    are escaped: a date, an instant, a yes/no or an enum's value never does. A 1-year export
    has 7,000 episodes, so this loop was a quarter of the command (docs/performance.md)."""
    zones: dict[str, tzinfo] = {}
    esc = escape_formula
    for e in episodes:
        tz = zones.get(e.timezone)
        if tz is None:
            tz = zones[e.timezone] = zone(e.timezone)  # an unknown zone: its ValidationError
        yield [
            esc(e.id),
            e.started_at.astimezone(tz).isoformat(),
            esc(e.timezone),
            e.local_date.isoformat(),
            esc(format_number(e.duration_s)),
            esc(e.site),
            e.side.value if e.side else "",
            e.kind.value,
            esc(format_number(e.intensity)),
            e.context.value if e.context else "",
            format_yes_no(e.visible),
            esc(";".join(sorted(e.symptoms))),
            esc(e.note),
            changed_at_text(e.updated_at),
            e.recorded_at.astimezone(UTC).isoformat() if e.recorded_at else "",
        ]


#: The journal's episode columns that :func:`stored_episode_cells` turns into
#: ``episodes.csv``, in this order: they have the CSV columns' names.
STORED_EPISODE_COLUMNS: Final = csv_columns(EPISODES)


def stored_episode_cells(rows: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
    """The rows of ``episodes.csv`` straight from the journal's episode columns
    (:data:`STORED_EPISODE_COLUMNS`, oldest first, as ``storage/bulk.py`` reads them), byte
    for byte what :func:`episode_cells` writes for the same episodes read as domain values (a
    test compares them).

    The columns have the shapes the journal's CHECK constraints hold, which the integrity
    check verifies before an export is written: instants ``YYYY-MM-DDTHH:MM:SSZ`` in UTC,
    days ``YYYY-MM-DD``, ``visible`` 0, 1 or NULL, durations and intensities whole numbers
    from 1 (written as they are), ``side``, ``kind`` and ``context`` one of their words,
    symptoms ``;``-joined keys. Every instant and day is still parsed, so a value those
    shapes let through but the calendar does not (``2026-02-30``) fails as reading it into a
    domain value does. Without an ``Episode`` per row and three ``isoformat`` calls, the
    1-year export's 7,000 episodes take half the time (docs/performance.md).
    """
    zones: dict[str, tzinfo] = {}
    symptom_cells: dict[str, str] = {}
    esc = escape_formula
    instant = datetime.fromisoformat
    day = date.fromisoformat
    for (
        id_,
        started_at,
        timezone,
        local_date,
        duration_s,
        site,
        side,
        kind,
        intensity,
        context,
        visible,
        symptoms,
        note,
        updated_at,
        recorded_at,
    ) in rows:
        tz = zones.get(timezone)
        if tz is None:
            tz = zones[timezone] = zone(timezone)  # an unknown zone: its ValidationError
        cell = symptom_cells.get(symptoms)
        if cell is None:  # a journal repeats a few combinations
            keys = {s for s in symptoms.split(";") if s}
            cell = symptom_cells[symptoms] = esc(";".join(sorted(keys)))
        day(local_date)
        instant(recorded_at)
        if updated_at:
            instant(updated_at)
        yield [
            esc(id_),
            instant(started_at).astimezone(tz).isoformat(),
            esc(timezone),
            local_date,
            duration_s,
            esc(site),
            side or "",
            kind,
            intensity,
            context or "",
            "" if visible is None else ("yes" if visible else "no"),
            cell,
            esc(note or ""),
            updated_at[:19] + "+00:00" if updated_at else "",
            recorded_at[:19] + "+00:00",
        ]


def export_csv(
    folder: Path, data: JournalData, *, stored_episodes: Iterable[Sequence[Any]] | None = None
) -> list[Path]:
    """Write the four CSV files into ``folder`` (created 0700 if missing, an existing folder
    is left as it is; files 0600, atomically).

    With ``stored_episodes`` (the journal's :data:`STORED_EPISODE_COLUMNS`, oldest first),
    ``episodes.csv`` is written from them instead of ``data.episodes``.
    Returns the paths written, in the order of ``TABLES``.
    """
    ensure_private_dirs(folder)
    written = []
    for table in TABLES:
        path = folder / table.file_name
        if table is EPISODES and stored_episodes is not None:
            out = io.StringIO(newline="")
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(STORED_EPISODE_COLUMNS)
            writer.writerows(stored_episode_cells(stored_episodes))
            text = out.getvalue()
        else:
            text = table_csv(table, data)
        atomic_write_text(path, text)
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
        # only a cell that starts with ' can be escaped: the others are kept without a call
        row = {
            n: unescape_formula(c) if c[:1] == "'" else c for n, c in zip(names, cells, strict=True)
        }
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
