"""The domain: what twitchlog records, and the rules it obeys. Standard library only."""

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.models import (
    CAFFEINE_MG_PER_DRINK,
    FACTOR_FIELDS,
    RED_FLAG_LABELS,
    Context,
    DayLog,
    Episode,
    EpisodeDayStats,
    HealthNote,
    JournalSlice,
    Kind,
    Medication,
    MedKind,
    NoteKind,
    RedFlag,
    Symptom,
    new_id,
)
from twitchlog.domain.sites import SITES, Side, parse_side, parse_site, site_label

__all__ = [
    "CAFFEINE_MG_PER_DRINK",
    "FACTOR_FIELDS",
    "RED_FLAG_LABELS",
    "SITES",
    "Context",
    "DayLog",
    "Episode",
    "EpisodeDayStats",
    "HealthNote",
    "JournalSlice",
    "Kind",
    "MedKind",
    "Medication",
    "NoteKind",
    "RedFlag",
    "Side",
    "Symptom",
    "ValidationError",
    "new_id",
    "parse_side",
    "parse_site",
    "site_label",
]
