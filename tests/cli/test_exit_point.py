"""One exit point: only ``cli/main.py`` decides an exit code; everything else raises a typed
error (as jrnl's single exit point)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from twitchlog.cli.errors import Declined
from twitchlog.cli.format import confirm_or_stop

PACKAGE = Path(__file__).parent.parent.parent / "twitchlog"
EXIT_POINT = PACKAGE / "cli" / "main.py"


def _exits(source: str) -> list[str]:
    """Calls that end the process or pick a code: ``sys.exit``, ``SystemExit``, ``os._exit``,
    and ``typer.Exit`` with a code (a bare ``typer.Exit()`` is click's end of ``--version``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = ast.unparse(node.func)
        if name in {"sys.exit", "SystemExit", "os._exit", "exit", "quit"} or (
            name in {"typer.Exit", "Exit"} and (node.args or node.keywords)
        ):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(PACKAGE.rglob("*.py")) if p != EXIT_POINT],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_only_main_picks_an_exit_code(path: Path) -> None:
    assert _exits(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_an_exit_code_picked_in_a_command() -> None:
    assert _exits("def check():\n    raise typer.Exit(65)\n") == ["line 2: typer.Exit(65)"]
    assert _exits("def run_tui():\n    raise SystemExit(1) from None\n")
    assert _exits("def version():\n    raise typer.Exit()\n") == []


def test_no_to_a_question_is_a_typed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A "no" raises Declined with what was kept; ``cli/main`` prints it and exits 0."""
    import typer

    monkeypatch.setattr(typer, "confirm", lambda *a, **k: False)
    with pytest.raises(Declined) as declined:
        confirm_or_stop(False, "Delete it?", "Nothing deleted.")
    assert str(declined.value) == "Nothing deleted."
    confirm_or_stop(True, "Delete it?", "Nothing deleted.")  # --yes: no question, no error
