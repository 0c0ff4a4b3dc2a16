"""Errors the storage layer raises; the front ends turn them into one-line messages."""

from __future__ import annotations

from pathlib import Path


class JournalError(Exception):
    """Base of every storage error; ``str()`` is a sentence fit for the person."""


class JournalBusy(JournalError):
    """Another process held the write lock for longer than the busy timeout."""

    def __init__(self) -> None:
        super().__init__("journal is busy, try again")


class JournalCorrupt(JournalError):
    """The database file failed its integrity check; nothing will be written to it."""

    def __init__(self, path: Path, detail: str, backup: Path | None) -> None:
        hint = (
            f"; newest good backup: {backup} (twitchlog check says what restoring it would "
            f"lose; restore with: twitchlog restore {backup})"
            if backup is not None
            else "; no backup found"
        )
        super().__init__(f"journal {path} is damaged ({detail}), refusing to write{hint}")
        self.path = path
        self.detail = detail
        self.backup = backup


class JournalTooNew(JournalError):
    """The database was written by a newer twitchlog; it is left untouched."""

    def __init__(self, path: Path, found: int, known: int) -> None:
        super().__init__(
            f"journal {path} has schema version {found}, newer than this twitchlog knows "
            f"({known}); please update twitchlog"
        )


class NotFound(JournalError):
    """No entry has the given id."""


class NoJournal(NotFound):
    """A command that only reads was pointed at a place that has no journal (exit 2): it never
    creates one, so a mistyped ``--db`` leaves no empty journal behind."""

    def __init__(self, path: Path) -> None:
        missing = "" if path.parent.is_dir() else f" (the folder {path.parent} does not exist)"
        super().__init__(
            f"there is no journal at {path}{missing} yet; start one by logging a twitch "
            "(twitchlog log eyelid) or open the app (twitchlog), or check the path"
        )
        self.path = path


class BackupInvalid(JournalError):
    """A file offered as a backup is not a readable, intact twitchlog journal."""


class DamagedValue(JournalError):
    """A stored value cannot be read back as what its column holds: the file is damaged.

    Raised by the row conversions (``records``); ``Journal`` says it as JournalCorrupt.
    """


class NotAJournal(JournalError):
    """The path names something that is not a twitchlog journal; it is left untouched."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(f"{path} is not a twitchlog journal ({what}); nothing was changed")
        self.path = path


class JournalUnwritable(JournalError):
    """The disk is full, or the place cannot be written (read-only, no permission).

    ``place`` is the file or folder that could not be written; nothing was written there.
    """

    def __init__(self, place: Path, reason: str) -> None:
        super().__init__(f"cannot write to {place}: {reason}; nothing was written")
        self.place = place
        self.reason = reason
