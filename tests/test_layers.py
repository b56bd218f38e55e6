"""The layers: importing the core, export and interop never reaches for Qt."""

from __future__ import annotations

import subprocess
import sys

_BLOCK_AND_IMPORT = r"""
import importlib, importlib.abc, pkgutil, sys

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {BLOCKED}:
            raise ImportError(f"blocked import of {name}")
        return None

sys.meta_path.insert(0, Block())
import journeymap
for package in ("journeymap.core", "journeymap.export", "journeymap.interop"):
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        importlib.import_module(info.name)
importlib.import_module("journeymap.cli")
importlib.import_module("journeymap.resources")
print("ok")
"""


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_core_export_interop_import_without_qt() -> None:
    done = _run(_BLOCK_AND_IMPORT.replace("{BLOCKED}", "{'PySide6', 'shiboken6'}"))
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "ok"


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
