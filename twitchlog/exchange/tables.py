"""The four record tables: their files, columns, sort order, and the values they hold."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from twitchlog.domain.factors import FactorDef
from twitchlog.domain.models import DayLog, Episode, HealthNote, Medication
from twitchlog.domain.own_sites import CustomSite
from twitchlog.domain.own_symptoms import CustomSymptom
from twitchlog.exchange import rows

if TYPE_CHECKING:  # not imported for a CSV export, which has no experiments to write
    from twitchlog.domain.experiment_record import Experiment


@dataclass(frozen=True, slots=True)
class JournalData:
    """Domain values to export, or the values an import read (``ImportBatch``).

    Each tuple holds one kind of record; exports sort them, so the order here does not matter.
    """

    episodes: tuple[Episode, ...] = ()
    days: tuple[DayLog, ...] = ()
    medications: tuple[Medication, ...] = ()
    health_notes: tuple[HealthNote, ...] = ()
    #: The person's own factor definitions (``factors.csv``, the JSON ``factors``); not one
    #: of ``TABLES``, so a journal without them exports as before.
    factors: tuple[FactorDef, ...] = ()
    #: The person's own places (``sites.csv``, the JSON ``sites``); not one of ``TABLES``.
    sites: tuple[CustomSite, ...] = ()
    #: Self-experiments with their schedules (the JSON ``experiments`` only); not one of
    #: ``TABLES``.
    experiments: tuple[Experiment, ...] = ()
    #: The person's own symptoms (``symptoms.csv``, the JSON ``symptoms``); not one of
    #: ``TABLES``.
    symptoms: tuple[CustomSymptom, ...] = ()

    def counts(self) -> dict[str, int]:
        """How many records of each table (``episodes``, ``days``...)."""
        return {t.key: len(t.values(self)) for t in TABLES}


#: What ``read_import`` returns.
ImportBatch = JournalData


@dataclass(frozen=True, slots=True)
class Table:
    """One record table: its key in JSON and in :class:`JournalData`, its CSV file and columns."""

    key: str
    file_name: str
    columns: tuple[str, ...]
    #: Columns a CSV file must have to be recognised as this table.
    required: frozenset[str]
    to_row: Callable[[Any], dict[str, str]]
    from_row: Callable[[Mapping[str, str], rows.ImportContext], Any]
    sort_key: Callable[[Any], tuple[Any, ...]]
    #: The identity of a record: its id, or for a day log its date.
    identity: Callable[[Any], str | date]
    unit_words: tuple[str, str] = field(default=("record", "records"))

    def values(self, data: JournalData) -> Sequence[Any]:
        """This table's records in ``data``."""
        result: Sequence[Any] = getattr(data, self.key)
        return result

    def sorted_values(self, data: JournalData) -> list[Any]:
        """This table's records in export order."""
        return sorted(self.values(data), key=self.sort_key)


def _episode_key(e: Episode) -> tuple[Any, ...]:
    return (e.started_at, e.id)


def _day_key(d: DayLog) -> tuple[Any, ...]:
    return (d.day,)


def _medication_key(m: Medication) -> tuple[Any, ...]:
    return (m.start, m.name, m.id)


def _note_key(n: HealthNote) -> tuple[Any, ...]:
    return (n.day, n.id)


EPISODES: Final = Table(
    key="episodes",
    file_name="episodes.csv",
    columns=rows.EPISODE_COLUMNS,
    required=frozenset({"started_at", "site"}),
    to_row=rows.episode_row,
    from_row=rows.episode_from_row,
    sort_key=_episode_key,
    identity=lambda e: e.id,
    unit_words=("episode", "episodes"),
)
DAYS: Final = Table(
    key="days",
    file_name="days.csv",
    columns=rows.DAY_COLUMNS,
    required=frozenset({"date", "checked_in"}),
    to_row=rows.day_row,
    from_row=rows.day_from_row,
    sort_key=_day_key,
    identity=lambda d: d.day,
    unit_words=("day log", "day logs"),
)
MEDICATIONS: Final = Table(
    key="medications",
    file_name="medications.csv",
    columns=rows.MEDICATION_COLUMNS,
    required=frozenset({"name", "start"}),
    to_row=rows.medication_row,
    from_row=rows.medication_from_row,
    sort_key=_medication_key,
    identity=lambda m: m.id,
    unit_words=("medication", "medications"),
)
HEALTH_NOTES: Final = Table(
    key="health_notes",
    file_name="health_notes.csv",
    columns=rows.HEALTH_NOTE_COLUMNS,
    required=frozenset({"date", "kind", "topic"}),
    to_row=rows.health_note_row,
    from_row=rows.health_note_from_row,
    sort_key=_note_key,
    identity=lambda n: n.id,
    unit_words=("health note", "health notes"),
)

#: All tables, in the order of the JSON export and of a CSV folder.
TABLES: Final = (EPISODES, DAYS, MEDICATIONS, HEALTH_NOTES)


def recognise(header: Sequence[str]) -> Table | None:
    """The table whose required columns a CSV header holds (most specific first)."""
    names = set(header)
    for table in (EPISODES, HEALTH_NOTES, MEDICATIONS, DAYS):
        if table.required <= names:
            return table
    return None
