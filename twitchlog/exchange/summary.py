"""The dry-run summary of an import: what it holds and how much of it is new."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Set
from dataclasses import dataclass
from datetime import date

from twitchlog.exchange.tables import TABLES, ImportBatch


@dataclass(frozen=True, slots=True)
class TableSummary:
    """Records of one table in a batch: ``new`` ones are not in the journal yet."""

    key: str
    label: str
    total: int
    new: int

    @property
    def present(self) -> int:
        """Records whose id (or date, for day logs) the journal already has."""
        return self.total - self.new


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """Per-table counts and the episodes per kind (twitch, cramp, spasm)."""

    tables: tuple[TableSummary, ...]
    episode_kinds: dict[str, int]

    def lines(self, differing: Mapping[str, int] | None = None) -> list[str]:
        """One plain line per table for a dry run; ``differing`` counts, per table, the records
        the journal holds with other content (those are not "already in the journal").

        For example ``episodes: 120 (100 new, 18 already in the journal, 2 different)``.
        """
        out = []
        for t in self.tables:
            other = (differing or {}).get(t.key, 0)
            parts = [f"{t.new} new", f"{t.present - other} already in the journal"]
            if other:
                parts.append(f"{other} different from the journal's")
            out.append(f"{t.label}: {t.total} ({', '.join(parts)})")
        if self.episode_kinds:
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.episode_kinds.items()))
            out.append(f"episode kinds: {kinds}")
        return out


def summarize(
    batch: ImportBatch,
    existing_ids: Set[str] = frozenset(),
    existing_days: Set[date] = frozenset(),
) -> ImportSummary:
    """Count a batch against what the journal holds: ``existing_ids`` are the ids of episodes,
    medications and health notes already stored, ``existing_days`` the dates with a day log.
    """
    tables = []
    for table in TABLES:
        values = table.values(batch)
        known: Set[str] | Set[date] = existing_days if table.key == "days" else existing_ids
        new = sum(1 for v in values if table.identity(v) not in known)
        tables.append(TableSummary(table.key, table.unit_words[1], len(values), new))
    kinds = Counter(e.kind.value for e in batch.episodes)
    return ImportSummary(tuple(tables), dict(kinds))
