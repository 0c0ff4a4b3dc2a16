"""A11: ``status`` on a journal name that is a link to nothing."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize("fast", [True, False], ids=["prompt-path", "full-path"])
def test_a11_status_names_a_link_to_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fast: bool,
) -> None:
    """A dangling link was "no journal yet" (log into it, it says), while ``log`` refuses it
    (exit 65, "a link to a file that does not exist"): the line says what is wrong."""
    from twitchlog.cli import prompt
    from twitchlog.cli.main import run

    link = tmp_path / "journal.sqlite3"
    link.symlink_to(tmp_path / "moved-away.sqlite3")
    if not fast:
        monkeypatch.setattr(prompt, "quick_line", lambda db: None)
    assert run(["--db", str(link), "status"]) == 0
    out, err = capsys.readouterr()
    assert out == "twitchlog: the journal named is a link to nothing\n" and err == "", out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.sqlite3"]
