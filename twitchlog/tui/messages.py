"""Messages posted up to the app: what was saved (past-tense names), and what a screen asks for.

Screens never call the app: they post a request (:class:`EditEpisode`, :class:`CheckInDay`,
:class:`RepeatLast`) that bubbles up to the app, which opens the form ("attributes down,
messages up"), so screens do not import the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from datetime import date

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


class EditEpisode(Message):
    """A screen asks for the episode form on ``episode`` (History's ``enter``)."""

    def __init__(self, episode: Episode) -> None:
        super().__init__()
        self.episode = episode


class CheckInDay(Message):
    """A screen asks for the check-in form of ``day`` (None: today)."""

    def __init__(self, day: date | None) -> None:
        super().__init__()
        self.day = day


class RepeatLast(Message):
    """A screen asks for the episode form pre-filled with the last episode, now (Home's ``g``).

    ``last`` is the newest episode the screen has shown; ``loaded`` is False while the screen
    has not read the journal yet, and the app then reads the last episode itself.
    """

    def __init__(self, last: Episode | None, *, loaded: bool) -> None:
        super().__init__()
        self.last = last
        self.loaded = loaded


class PlanExperiment(Message):
    """Open the Experiment screen, with the start form for ``factor`` (a Trends finding's
    "test it")."""

    def __init__(self, factor: str) -> None:
        super().__init__()
        self.factor = factor
