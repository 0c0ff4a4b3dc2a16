"""Shared fixtures: every test runs with its own home, so the user's journal is never touched."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from twitchlog.storage.journal import Journal


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point data and config folders at a temporary home; fix zone and busy timeout."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("TWITCHLOG_DB", raising=False)
    monkeypatch.delenv("TWITCHLOG_NOW", raising=False)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    return home


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    """A path for a new journal file in a private temporary folder."""
    folder = tmp_path / "j"
    folder.mkdir(mode=0o700)
    return folder / "journal.sqlite3"


@pytest.fixture
def journal(journal_path: Path) -> Iterator[Journal]:
    """A new, migrated journal."""
    j = Journal.open(journal_path)
    yield j
    j.dispose()


# --- the reliability figures under pytest-xdist ------------------------------------------------
# Each worker records figures in its own tests.reliability.conftest; the controller (which
# collects nothing, so has not loaded that conftest as a plugin) merges them as workers finish
# and prints or writes them once, as a serial run does.


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a worker: hand the figures it recorded to the controller."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        from tests.reliability import conftest as reliability

        workeroutput["twitchlog_figures"] = json.dumps(reliability._FIGURES)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object | None) -> None:
    """In the controller: merge a finished worker's figures."""
    data = getattr(node, "workeroutput", {}).get("twitchlog_figures")
    if data:
        from tests.reliability import conftest as reliability

        reliability._FIGURES.update(json.loads(data))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """In the controller of a parallel run: the figures section of a serial run."""
    config = terminalreporter.config
    if hasattr(config, "workerinput") or not config.pluginmanager.hasplugin("dsession"):
        return  # serial run or worker: tests/reliability/conftest.py prints them itself
    from tests.reliability import conftest as reliability

    if not config.pluginmanager.is_registered(reliability):  # else its own hook prints
        reliability.pytest_terminal_summary(terminalreporter)
