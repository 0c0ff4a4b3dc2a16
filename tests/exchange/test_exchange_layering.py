"""Exchange and demo import only the standard library, twitchlog.domain and twitchlog.fileio."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ALLOWED_OWN = ("twitchlog.domain", "twitchlog.fileio")


@pytest.mark.parametrize("package", ["exchange", "demo"])
def test_modules_import_only_the_standard_library_domain_and_fileio(package: str) -> None:
    for path in sorted((ROOT / "twitchlog" / package).glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                own = name.startswith((*ALLOWED_OWN, f"twitchlog.{package}"))
                assert own or (top != "twitchlog" and top in sys.stdlib_module_names), (
                    f"{path.name} imports {name}"
                )


def test_importing_them_loads_no_storage_ui_or_numpy() -> None:
    code = (
        "import sys, twitchlog.exchange, twitchlog.demo\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('sqlmodel', 'sqlalchemy', 'numpy', 'textual', 'typer', 'matplotlib')"
        " or m.startswith(('twitchlog.storage', 'twitchlog.tui', 'twitchlog.cli'))]\n"
        "print(bad)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )

    assert result.stdout.strip() == "[]"
