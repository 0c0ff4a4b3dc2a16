"""Messages posted up to the app when something was saved (past-tense names)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from twitchlog.domain.models import Episode


class JournalChanged(Message, bubble=False):
    """The journal changed (this app or another process wrote to it): reload what is shown.

    Posted to the app, it is passed to every screen; it does not bubble back up.
    """


class EntrySaved(Message):
    """An entry was saved, deleted or restored; ``summary`` is a short sentence for a toast."""

    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary


class EpisodeSaved(EntrySaved):
    """An episode was added or changed; ``episode`` is it as stored."""

    def __init__(self, summary: str, episode: Episode) -> None:
        super().__init__(summary)
        self.episode = episode


class DaySaved(EntrySaved):
    """A day log was saved."""


class MedicationSaved(EntrySaved):
    """A medicine was added or stopped."""


class HealthNoteSaved(EntrySaved):
    """A test, visit or red-flag note was added."""
