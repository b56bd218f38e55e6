"""The layers: importing the core, export and interop never reaches for Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

_BLOCK_AND_IMPORT = r"""
import importlib, importlib.abc, pkgutil, sys

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {BLOCKED}:
            raise ImportError(f"blocked import of {name}")
        return None

sys.meta_path.insert(0, Block())
import journeymap
for package in ("journeymap.core", "journeymap.export", "journeymap.interop", "journeymap.cli",
                "journeymap.measure"):
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        importlib.import_module(info.name)
importlib.import_module("journeymap.resources")
print("ok")
"""


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_core_export_interop_import_without_qt() -> None:
    done = _run(_BLOCK_AND_IMPORT.replace("{BLOCKED}", "{'PySide6', 'shiboken6'}"))
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "ok"


def test_core_export_interop_import_without_duckdb() -> None:
    code = _BLOCK_AND_IMPORT.replace("{BLOCKED}", "{'PySide6', 'shiboken6', 'duckdb'}")
    code = code.replace(',\n                "journeymap.measure"', "")
    done = _run(code)
    assert done.returncode == 0, done.stderr[-3000:]


def test_core_and_interop_import_without_reportlab() -> None:
    code = _BLOCK_AND_IMPORT.replace("{BLOCKED}", "{'PySide6', 'shiboken6', 'reportlab'}")
    code = code.replace('"journeymap.export", ', "")
    done = _run(code)
    assert done.returncode == 0, done.stderr[-3000:]


def test_import_journeymap_is_lazy() -> None:
    code = (
        "import sys, journeymap\n"
        "heavy = [m for m in ('PySide6', 'reportlab', 'networkx', 'msgspec') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
        "from journeymap import JourneyMap, load, save\n"
        "print(JourneyMap.__name__, 'networkx' in sys.modules)\n"
    )
    done = _run(code)
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()
    assert first == "", f"import journeymap pulled in {first}"
    assert second == "JourneyMap True"


# --------------------------------------------------------------------------- the house
PACKAGE = Path(__file__).resolve().parents[1] / "journeymap"

#: (importer prefix, forbidden import prefixes): arrows point down, never sideways.
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("journeymap.core", ("journeymap.gui", "journeymap.export", "journeymap.interop",
                         "journeymap.measure", "journeymap.cli")),
    ("journeymap.export", ("journeymap.gui", "journeymap.interop", "journeymap.cli")),
    ("journeymap.interop", ("journeymap.gui", "journeymap.export", "journeymap.cli",
                            "journeymap.measure")),
    ("journeymap.measure", ("journeymap.gui", "journeymap.export", "journeymap.cli",
                            "journeymap.interop")),
    # the router reads a layout through a protocol: no arrow back up to the layout
    ("journeymap.core.routing", ("journeymap.core.layout", "journeymap.core.analysis")),
    ("journeymap.core.analysis", ("journeymap.core.routing",)),
    ("journeymap.export.map", ("journeymap.export.plan",)),
    ("journeymap.export.plan", ("journeymap.export.map",)),
    ("journeymap.export.deliver", ("journeymap.export.map", "journeymap.export.plan")),
    ("journeymap.interop.mermaid", ("journeymap.interop.sheets", "journeymap.interop.graph")),
    ("journeymap.interop.sheets", ("journeymap.interop.mermaid", "journeymap.interop.graph")),
    ("journeymap.gui.canvas", ("journeymap.gui.docks", "journeymap.gui.dialogs",
                               "journeymap.gui.mainwindow", "journeymap.gui.actions",
                               "journeymap.gui.exchange")),
    ("journeymap.gui.dialogs", ("journeymap.gui.canvas", "journeymap.gui.docks",
                                "journeymap.gui.mainwindow")),
    ("journeymap.gui.docks", ("journeymap.gui.dialogs", "journeymap.gui.mainwindow",
                              "journeymap.gui.actions", "journeymap.gui.exchange")),
    ("journeymap.gui.docks.inspector", ("journeymap.gui.docks.insights",
                                        "journeymap.gui.docks.improvements",
                                        "journeymap.gui.docks.palette")),
    ("journeymap.gui.docks.insights", ("journeymap.gui.docks.inspector",
                                       "journeymap.gui.docks.improvements",
                                       "journeymap.gui.docks.palette")),
    ("journeymap.gui.docks.improvements", ("journeymap.gui.docks.inspector",
                                           "journeymap.gui.docks.insights",
                                           "journeymap.gui.docks.palette")),
    ("journeymap.gui.docks.palette", ("journeymap.gui.docks.inspector",
                                      "journeymap.gui.docks.insights",
                                      "journeymap.gui.docks.improvements")),
)


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_imports_point_down_and_never_sideways() -> None:
    wrong = []
    for module, path in sorted(_modules().items()):
        for imported in sorted(_imports(path)):
            for importer, forbidden in RULES:
                if _under(module, importer) and any(_under(imported, f) for f in forbidden):
                    wrong.append(f"{module} imports {imported}")
    assert not wrong, "\n".join(wrong)


def test_every_sub_package_says_what_lives_there() -> None:
    for init in PACKAGE.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{init.relative_to(PACKAGE.parent)} has no docstring"


def test_no_module_past_600_lines() -> None:
    long = {str(p.relative_to(PACKAGE.parent)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert not long, long
