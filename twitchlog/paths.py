"""Where twitchlog keeps its files (platformdirs), and making those places private.

The journal lives in the user data folder (0700) unless ``--db PATH`` or ``TWITCHLOG_DB``
names another file; the sample journal has its own file there, so ``--demo`` never touches
the person's journal.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from platformdirs import user_cache_path, user_config_path, user_data_path

from twitchlog.fileio import ensure_private_dir, ensure_private_dirs

APP = "twitchlog"


def data_dir() -> Path:
    """The user data folder (not created)."""
    return user_data_path(APP, appauthor=False)


def config_dir() -> Path:
    """The user config folder (not created)."""
    return user_config_path(APP, appauthor=False)


def cache_dir() -> Path:
    """The user cache folder (not created)."""
    return user_cache_path(APP, appauthor=False)


def matplotlib_dir() -> Path:
    """matplotlib's config and font cache while twitchlog runs (created 0700 on first use)."""
    return cache_dir() / "matplotlib"


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
    """Make the journal's folder exist (0700 if created); the default data folder is forced
    to 0700, a folder the person named is left as it is."""
    if journal.parent == data_dir():
        ensure_private_dir(journal.parent)
    else:
        ensure_private_dirs(journal.parent)
    return journal


@contextlib.contextmanager
def private_process() -> Iterator[None]:
    """While twitchlog runs: 077 added to the umask, so the files SQLite and matplotlib create
    are private whatever the person's umask, and matplotlib's font cache in twitchlog's own
    cache folder (unless ``MPLCONFIGDIR`` is set). Both are restored afterwards."""
    previous = os.umask(0o077)
    os.umask(previous | 0o077)
    set_here = "MPLCONFIGDIR" not in os.environ
    if set_here:
        os.environ["MPLCONFIGDIR"] = str(matplotlib_dir())
    try:
        yield
    finally:
        os.umask(previous)
        if set_here:
            os.environ.pop("MPLCONFIGDIR", None)
