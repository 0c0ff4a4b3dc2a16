"""Where twitchlog keeps its files (platformdirs), and making those places private.

The journal lives in the user data folder (0700) unless ``--db PATH`` or ``TWITCHLOG_DB``
names another file; the sample journal has its own file there, so ``--demo`` never touches
the person's journal.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path

from twitchlog.fileio import ensure_private_dir

APP = "twitchlog"


def data_dir() -> Path:
    """The user data folder (not created)."""
    return user_data_path(APP, appauthor=False)


def config_dir() -> Path:
    """The user config folder (not created)."""
    return user_config_path(APP, appauthor=False)


def config_file() -> Path:
    """The settings file, ``config.toml``."""
    return config_dir() / "config.toml"


def default_journal() -> Path:
    """The journal: ``TWITCHLOG_DB`` if set, else ``journal.sqlite3`` in the data folder."""
    env = os.environ.get("TWITCHLOG_DB", "").strip()
    return Path(env).expanduser() if env else data_dir() / "journal.sqlite3"


def demo_journal() -> Path:
    """The sample journal written by ``twitchlog demo``."""
    return data_dir() / "demo.sqlite3"


def log_dir() -> Path:
    """Where crash logs go (inside the private data folder)."""
    return data_dir() / "logs"


def prepare_journal_location(journal: Path) -> Path:
    """Make the journal's folder exist; the default data folder is forced to 0700."""
    if journal.parent == data_dir():
        ensure_private_dir(journal.parent)
    else:
        journal.parent.mkdir(parents=True, exist_ok=True)
    return journal
