"""The layering of docs/architecture.md, machine-checked.

An AST pass checks which twitchlog layers each module imports; subprocesses check that the
domain loads only the standard library and that quick logging loads nothing heavy.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "twitchlog"

#: layer -> the twitchlog layers it may import.
ALLOWED: dict[str, set[str]] = {
    "domain": {"domain"},
    "fileio": set(),
    "paths": {"fileio"},
    "settings_file": {"domain"},
    "config": {"domain", "settings_file"},
    "crashlog": {"fileio", "paths"},
    "clock": {"domain"},
    "context": {"config", "clock", "domain", "paths", "storage"},
    "storage": {"storage", "domain", "fileio"},
    "exchange": {"exchange", "domain", "fileio"},
    "demo": {"demo", "domain"},
    "analysis": {"analysis", "domain"},
    "report": {"report", "analysis", "storage", "domain", "fileio", "config"},
    "tui": {
        "tui",
        "context",
        "report",
        "analysis",
        "storage",
        "domain",
        "fileio",
        "config",
        "paths",
        "crashlog",
        "demo",
        "clock",
    },
    "cli": {
        "cli",
        "context",
        "tui",
        "report",
        "analysis",
        "storage",
        "domain",
        "fileio",
        "config",
        "settings_file",
        "paths",
        "crashlog",
        "exchange",
        "demo",
        "clock",
    },
}


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _imported_layers(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "twitchlog" and len(parts) > 1:
                found.add(parts[1])
    return found


MODULES = [p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_lower_layers(path: Path) -> None:
    layer = _layer(path)
    assert layer in ALLOWED, f"{layer} is not a known layer: add it to docs/architecture.md"
    extra = _imported_layers(path) - ALLOWED[layer] - {"__version__"}
    assert not extra, f"{path.relative_to(PACKAGE)} ({layer}) imports {sorted(extra)}"


#: Inside ``tui/``: each part imports only its own tier or lower ones (app > screens > dialogs >
#: widgets > the shared modules: context, messages, workers, text, drafts). A screen that needs
#: the app posts a message instead (docs/architecture.md, "TUI structure").
TUI_TIERS: dict[str, int] = {"app": 4, "screens": 3, "dialogs": 2, "widgets": 1, "shared": 0}
#: Modules at the top of ``tui/`` that belong to the app tier; the other top modules are shared.
TUI_APP_MODULES = {"__init__", "app", "commands", "draft_offer"}
TUI = PACKAGE / "tui"


def _tui_part(parts: list[str]) -> str:
    """The tier name of ``twitchlog.tui.<parts>`` (a module path inside ``tui/``)."""
    if not parts or parts[0] in TUI_APP_MODULES:
        return "app"
    return parts[0] if parts[0] in TUI_TIERS else "shared"


def _tui_imports(source: str) -> set[tuple[str, ...]]:
    """Every ``twitchlog.tui...`` module imported anywhere in ``source`` (inside functions too)."""
    found: set[tuple[str, ...]] = set()
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[:2] == ["twitchlog", "tui"]:
                found.add(tuple(parts[2:]))
    return found


def _tui_upward_imports(path: Path, source: str) -> list[str]:
    """The imports in ``source`` (the module at ``path`` in ``tui/``) that reach a higher tier."""
    rel = path.relative_to(TUI).with_suffix("")
    own = TUI_TIERS[_tui_part(list(rel.parts))]
    return sorted(
        ".".join(("twitchlog", "tui", *target))
        for target in _tui_imports(source)
        if TUI_TIERS[_tui_part(list(target))] > own
    )


@pytest.mark.parametrize("path", sorted(TUI.rglob("*.py")), ids=lambda p: str(p.relative_to(TUI)))
def test_tui_parts_import_only_lower_tiers(path: Path) -> None:
    upward = _tui_upward_imports(path, path.read_text(encoding="utf-8"))
    assert not upward, f"tui/{path.relative_to(TUI)} imports {upward}: post a message instead"


def test_tui_tier_check_finds_a_screen_importing_the_app() -> None:
    """The check sees an import of the app hidden inside a screen's method."""
    source = "def action_edit(self):\n    from twitchlog.tui.app import TwitchlogApp\n"
    upward = _tui_upward_imports(TUI / "screens" / "history.py", source)
    assert upward == ["twitchlog.tui.app"]
    assert _tui_upward_imports(TUI / "widgets" / "drinks.py", "import twitchlog.tui.dialogs.day")


def _modules_after(code: str) -> list[str]:
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def test_domain_imports_only_the_standard_library() -> None:
    baseline = set(_modules_after(""))
    loaded = set(
        _modules_after(
            "import twitchlog.domain, twitchlog.domain.times, twitchlog.domain.validation"
        )
    )
    foreign = {
        m.split(".")[0]
        for m in loaded - baseline
        if m.split(".")[0] not in sys.stdlib_module_names
        and m.split(".")[0] != "twitchlog"
        and not m.startswith("_sysconfigdata")  # loaded by the standard library's sysconfig
    }
    assert not foreign, foreign


HEAVY = ("textual", "matplotlib", "numpy", "scipy", "sqlmodel", "sqlalchemy", "pydantic", "rich")


def test_quick_logging_loads_nothing_heavy(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    code = (
        "from twitchlog.cli.main import run\n"
        f"assert run(['--db', {str(db)!r}, 'log', 'eyelid']) == 0\n"  # creates and migrates
        f"assert run(['--db', {str(db)!r}, 'log', 'calf', '--side', 'left', '-i', '3']) == 0\n"
    )
    loaded = _modules_after(code)
    heavy = sorted({m.split(".")[0] for m in loaded} & set(HEAVY))
    assert heavy == [], heavy


def test_analysis_package_import_is_light() -> None:
    loaded = _modules_after("import twitchlog.analysis")
    assert not {m.split(".")[0] for m in loaded} & {"numpy", "scipy", "matplotlib"}


def test_status_loads_nothing_heavy(tmp_path: Path) -> None:
    """``twitchlog status`` runs on every shell prompt: standard-library sqlite3 only."""
    db = tmp_path / "j.sqlite3"
    code = (
        "from twitchlog.cli.main import run\n"
        f"assert run(['--db', {str(db)!r}, 'log', 'eyelid']) == 0\n"
        f"assert run(['--db', {str(db)!r}, 'status']) == 0\n"
    )
    loaded = _modules_after(code)
    heavy = sorted({m.split(".")[0] for m in loaded} & set(HEAVY))
    assert heavy == [], heavy


def test_tui_home_paints_without_sqlmodel(tmp_path: Path) -> None:
    """The TUI's start (the app module, Home, opening the journal, Home's data) imports neither
    SQLModel nor SQLAlchemy: importing them took half of the start (docs/performance.md)."""
    db = tmp_path / "j.sqlite3"
    code = (
        "from datetime import date\n"
        "from twitchlog.cli.main import run\n"
        f"assert run(['--db', {str(db)!r}, 'log', 'eyelid']) == 0\n"
        "import twitchlog.tui, twitchlog.tui.app, twitchlog.tui.screens.home\n"
        "from twitchlog.storage.journal import Journal\n"
        "from twitchlog.storage.views import health_notes_until, home_view\n"
        f"journal = Journal.open(Path({str(db)!r}))\n"
        "view = home_view(journal, date.today())\n"
        "assert view.last is not None and not view.empty\n"
        "health_notes_until(journal, date.today())\n"
        "journal.dispose()\n"
    )
    loaded = _modules_after("from pathlib import Path\n" + code)
    heavy = sorted({m.split(".")[0] for m in loaded} & {"sqlmodel", "sqlalchemy", "pydantic"})
    assert heavy == [], heavy
    # Nor, in a journal without experiments, the experiment modules: Home's worker held the
    # GIL importing them (~30 ms) while the first frame was drawn.
    experiment = {"twitchlog.domain.experiment", "twitchlog.domain.experiment_record"}
    assert sorted(experiment & set(loaded)) == []


def test_analyze_reads_without_sqlmodel(tmp_path: Path) -> None:
    """``twitchlog analyze`` reads through ``sqlite3`` alone: importing SQLModel and SQLAlchemy
    was about 1 s of a 1.7 s run on a year's journal (docs/performance.md). The journal has a
    day log, an episode and a running experiment, made by an earlier process."""
    db = tmp_path / "j.sqlite3"
    setup = [
        ["--db", str(db), "log", "eyelid"],
        ["--db", str(db), "day", "--caffeine", "200", "--check-in"],
        ["--db", str(db), "experiment", "start", "caffeine", "--low", "at most 100 mg",
         "--usual", "as usual", "--yes"],
    ]  # fmt: skip
    code = "from twitchlog.cli.main import run\n" + "".join(
        f"assert run({args!r}) == 0\n" for args in setup
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    loaded = _modules_after(
        "import contextlib, io\nfrom twitchlog.cli.main import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert run(['--db', {str(db)!r}, 'analyze']) == 0\n"
        f"    assert run(['--db', {str(db)!r}, 'analyze', '--json']) == 0\n"
    )
    heavy = sorted({m.split(".")[0] for m in loaded} & {"sqlmodel", "sqlalchemy", "pydantic"})
    assert heavy == [], heavy
