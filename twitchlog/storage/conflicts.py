"""What the repository reports when a record changed elsewhere: the typed error a form catches,
and the import's verdict on each record the file and the journal both hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from twitchlog.domain.models import DayLog, Episode
from twitchlog.storage.errors import JournalError


class ChangedElsewhere(JournalError):
    """The record was saved elsewhere since it was loaded, and that save changed some of the
    same fields to other values. Nothing was written.

    ``current`` is the record as stored now; ``fields`` the colliding field names. The person
    chooses: save again with ``loaded=current`` (theirs wins), or drop those fields.
    """

    def __init__(self, current: DayLog | Episode, fields: tuple[str, ...]) -> None:
        what = "day" if isinstance(current, DayLog) else "episode"
        super().__init__(
            f"this {what} was changed elsewhere since you opened it ({', '.join(fields)})"
        )
        self.current = current
        self.fields = fields


class Outcome(StrEnum):
    """What ``import --apply`` does with a record the journal already holds differently."""

    REPLACES = "replaces"
    """The file's copy was changed later: it replaces the journal's."""
    KEEPS = "keeps"
    """The journal's copy was changed later, at the same time, or the file's age is unknown:
    the journal's is kept as it is."""
    FILLS_IN = "fills in"
    """A day log without a change marker: only values the journal lacks are added."""


#: How an import names a record of each table.
_TABLE_WORDS = {
    "episodes": "episode",
    "days": "day log",
    "medications": "medication",
    "health_notes": "health note",
}


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "unknown"


@dataclass(frozen=True, slots=True)
class ImportMatch:
    """A record in both the file and the journal, with different content."""

    table: str
    """``episodes``, ``days``, ``medications`` or ``health_notes``."""
    key: str
    """The record's id, or for a day log its date."""
    differing: tuple[str, ...]
    """The fields whose values differ."""
    outcome: Outcome
    journal_changed: datetime | None
    file_changed: datetime | None
    filled: tuple[str, ...] = ()
    """For :attr:`Outcome.FILLS_IN`: the fields the journal gains."""

    @property
    def is_conflict(self) -> bool:
        """True when the journal keeps values that differ from the file's."""
        return self.outcome is not Outcome.REPLACES and bool(self.differing)

    def line(self, applied: bool = False) -> str:
        """One plain line for the person (no record content beyond field names): what
        ``--apply`` will do, or with ``applied`` what it did."""
        key = self.key[:8] if self.table != "days" else self.key
        name = f"{_TABLE_WORDS[self.table]} {key}"
        fields = ", ".join(self.differing)
        filled = ", ".join(self.filled)
        if self.outcome is Outcome.REPLACES:
            verb = "replaced" if applied else "--apply replaces"
            return (
                f"{name}: newer in the file ({_when(self.file_changed)}) than in the journal "
                f"({_when(self.journal_changed)}); {verb} {fields}"
            )
        if not self.is_conflict:
            verb = "filled in" if applied else "--apply fills in"
            return f"{name}: the file has no change marker; {verb} {filled}"
        if self.table in ("medications", "health_notes"):
            why = f"{_TABLE_WORDS[self.table]}s carry no change marker"
        elif self.file_changed is None:
            why = "the file has no change marker (an export from before markers)"
        elif self.file_changed == self.journal_changed:
            why = f"both changed at {_when(self.file_changed)}"
        else:
            why = (
                f"the journal's copy is newer ({_when(self.journal_changed)}) than the file's "
                f"({_when(self.file_changed)})"
            )
        action = "kept the journal's" if applied else "--apply keeps the journal's"
        if self.outcome is Outcome.FILLS_IN:
            action += f" values and {'filled' if applied else 'fills'} in {filled}"
        return f"conflict: {name} differs in {fields}; {why}: {action}"
