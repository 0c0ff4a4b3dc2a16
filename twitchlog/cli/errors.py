"""Errors the CLI raises itself (the domain and storage have their own)."""

from __future__ import annotations


class DataError(Exception):
    """Bad data in a file the person gave us (exit 65); the message is one sentence."""


class Declined(Exception):
    """The person answered "no" to a question: nothing changed (exit 0, not a failure); the
    message says what was kept, e.g. "Nothing deleted."."""


class FoundDamaged(Exception):
    """``check`` found the journal damaged and has printed what it found and how to recover
    (exit 65); nothing more is said."""
