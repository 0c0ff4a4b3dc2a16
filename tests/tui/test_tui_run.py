"""``run_tui``: a journal that cannot be opened gives one line and a non-zero exit."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import SETTINGS
from twitchlog.tui import run_tui


def test_damaged_journal_prints_one_line_and_exits(
    journal_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file that is not a journal: no traceback, one line on stderr, exit status 65."""
    journal_path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(SystemExit) as exited:
        run_tui(journal_path, SETTINGS)
    assert exited.value.code not in (0, None)
    err = capsys.readouterr().err
    assert err.startswith("twitchlog: ")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
