"""Drafts: a form being typed is kept in a small private JSON file, so a killed TUI loses nothing.

One draft at a time (``tui-draft.json`` in the data folder), tied to the journal it was typed
for. It is written atomically (0600) and deleted when the form is saved or cancelled.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

from twitchlog.fileio import atomic_write_text, ensure_private_dir


@dataclass(frozen=True)
class Draft:
    """An unsaved form: which form (``episode`` or ``day``), for what, and the typed values."""

    form: str
    values: dict[str, str]
    target: str = ""
    """The id of the episode being edited, or the ISO day of a check-in; empty for a new one."""


class DraftStore:
    """Reads and writes the draft file for one journal."""

    def __init__(self, path: Path, journal_path: Path) -> None:
        self.path = path
        self.journal_key = str(journal_path)

    def save(self, draft: Draft) -> None:
        """Write ``draft`` (atomic, private); errors are ignored: a draft is a convenience."""
        payload = {
            "journal": self.journal_key,
            "form": draft.form,
            "target": draft.target,
            "values": draft.values,
        }
        with contextlib.suppress(OSError):
            ensure_private_dir(self.path.parent)
            atomic_write_text(self.path, json.dumps(payload, ensure_ascii=False))

    def load(self) -> Draft | None:
        """The draft left for this journal, or None (a damaged file counts as none)."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(raw, dict) or raw.get("journal") != self.journal_key:
            return None
        values = raw.get("values")
        if not isinstance(values, dict) or raw.get("form") not in ("episode", "day"):
            return None
        return Draft(
            form=str(raw["form"]),
            values={str(k): str(v) for k, v in values.items()},
            target=str(raw.get("target", "")),
        )

    def clear(self) -> None:
        """Delete the draft file if there is one."""
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)
