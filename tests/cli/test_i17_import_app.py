"""Issue 17: ``twitchlog import`` runs an app that knows only ``import`` (``cli/root.py``
``one_command_app``, chosen in ``cli/main.py``), as ``export`` does: typer does not turn the
other 46 commands' signatures into click parameters. What a person sees stays the full
app's: the help, every refused option and its exit code, every message."""

from __future__ import annotations

from pathlib import Path

import pytest

from twitchlog.cli.app import app
from twitchlog.cli.main import _dispatch, _is_import, run


def _said(code: int, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    "args", [["import", "--help"], ["import", "-h"], ["--db", "x.sqlite3", "import", "--help"]]
)
def test_i17_import_help_is_the_full_apps(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    full = _said(_dispatch(app, args), capsys)
    assert full[0] == 0 and "Usage: twitchlog import [OPTIONS] PATH..." in full[1]
    assert _is_import(args)
    assert _said(run(args), capsys) == full


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["import"], "Missing argument 'PATH...'"),
        (["import", "x.json", "--bogus"], "No such option: --bogus"),
        (["import", "x.json", "--apply=no"], "Option '--apply' does not take a value"),
    ],
)
def test_i17_import_refusals_are_the_full_apps(
    args: list[str], said: str, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", str(db), *args]
    capsys.readouterr()
    full = _said(_dispatch(app, args), capsys)
    assert full[0] == 2 and said in full[2] and full[2].startswith("twitchlog: "), full
    assert _said(run(args), capsys) == full
    assert not db.exists()  # nothing written


def test_i17_only_import_after_global_options_takes_its_app() -> None:
    assert _is_import(["import", "a.json"])
    assert _is_import(["--db", "j.sqlite3", "--demo", "import", "a.json", "--apply"])
    assert _is_import(["--db=j.sqlite3", "import"])
    assert not _is_import(["--version", "import"])
    assert not _is_import(["--help", "import"])
    assert not _is_import(["export", "import"])
    assert not _is_import([])
