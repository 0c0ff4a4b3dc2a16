"""Errors the CLI raises itself (the domain and storage have their own)."""

from __future__ import annotations


class DataError(Exception):
    """Bad data in a file the person gave us (exit 65); the message is one sentence."""
