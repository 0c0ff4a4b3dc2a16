"""The in-process ``cli`` fixture cached typer's click command by ``id(app)``. ``log``,
``import`` and ``export`` build a fresh one-command app on every call; once one was garbage
collected, the next could get the same id and be handed the cached command of another:
"No such command 'import'." (a failure seen once in CI, depending on test order). The cache
now holds every app it has built a command for, so no id can be reused while it lives."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.conftest import InProcessCli


def test_a14_one_command_apps_never_share_a_cached_command(
    tmp_path: Path, cli: InProcessCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from twitchlog.cli import root

    made: list[weakref.ref[Any]] = []
    real = root.one_command_app

    def recorded(name: str, command: Any) -> Any:
        app = real(name, command)
        made.append(weakref.ref(app))
        return app

    monkeypatch.setattr(root, "one_command_app", recorded)
    monkeypatch.setenv("TWITCHLOG_DB", str(tmp_path / "journal.sqlite3"))
    missing = tmp_path / "missing.json"
    for _ in range(5):
        assert cli("log", "calf").code == 0
        r = cli("import", str(missing))
        assert "No such command" not in r.err and r.code != 0, r
    gc.collect()
    assert len(made) == 10 and all(ref() is not None for ref in made)  # ids stay unique
