"""D17: the sample journal: `--demo` always means the complete sample in the data folder,
`demo --db X` builds one at X and says to open it with `--db X`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import run_process
from twitchlog.cli.main import run


def test_d17_demo_option_on_a_fresh_install_shows_the_sample(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["--demo", "list", "--limit", "1"]) == 0
    assert "No episodes" not in capsys.readouterr().out


def test_d17_an_empty_or_half_written_sample_is_rebuilt(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from twitchlog.paths import demo_journal
    from twitchlog.storage.journal import Journal

    target = demo_journal()
    target.parent.mkdir(parents=True)
    Journal.open(target).dispose()  # what `--demo list` or a killed `demo` used to leave
    assert run(["--demo", "list", "--limit", "1"]) == 0
    assert "No episodes" not in capsys.readouterr().out


def test_d17_demo_build_leaves_no_sample_until_complete(monkeypatch: pytest.MonkeyPatch) -> None:
    """A `demo` killed part-way leaves the previous sample (or none), never a partial one."""
    import twitchlog.storage.repository as repo
    from twitchlog.paths import demo_journal

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(repo, "import_entries", killed)
    assert run(["demo", "--days", "30"]) == 130
    assert not demo_journal().exists()


def test_d17_demo_with_db_tells_the_command_that_opens_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "sample.sqlite3"
    assert run(["--db", str(target), "demo", "--days", "30"]) == 0
    out = capsys.readouterr().out
    assert f"Open it with: twitchlog --db {target}" in out
    assert "--demo" not in out
    assert run(["--db", str(target), "list", "--limit", "1"]) == 0
    assert "No episodes" not in capsys.readouterr().out


def test_d17_demo_and_db_together_are_refused(tmp_path: Path) -> None:
    r = run_process("--demo", "--db", str(tmp_path / "x.sqlite3"), "list")
    assert r.code == 2, r
    assert "--demo" in r.err and "--db" in r.err
    assert not (tmp_path / "x.sqlite3").exists()
