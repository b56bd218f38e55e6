"""PySide6 6.12.0 on Python < 3.12 corrupts the reference count of None on void Qt calls.

The loop runs in a child process so that the interpreter abort it causes shows up as a
failed test instead of killing the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
NOISE = 50  # references to None the child may drop for reasons of its own

_CHILD = r"""
import sys
from PySide6.QtCore import QObject, QPointF
from PySide6.QtWidgets import QApplication, QGraphicsRectItem
app = QApplication.instance() or QApplication([])
item = QGraphicsRectItem(0, 0, 10, 10)
obj = QObject()
before = sys.getrefcount(None)
for i in range(10_000):
    item.setPos(QPointF(i, i))      # returns nothing
    obj.setObjectName("x")          # returns nothing
after = sys.getrefcount(None)
print(before, after)
"""


def test_void_qt_calls_keep_the_refcount_of_none() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", _CHILD], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, f"Qt child process died: {done.stderr[-2000:]}"
    before, after = (int(n) for n in done.stdout.split())
    # Immortal None (3.12+) reports a huge constant. On 3.11 the broken PySide6 loses one
    # reference per void call (20,000 here); the interpreter itself may free an object or two
    # that held None meanwhile, so a drop of a handful is noise, not the bug.
    assert after >= before - NOISE, f"refcount of None dropped from {before} to {after}"


def _pyside_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    return [r for r in reqs if r.name.lower() == "pyside6-essentials"]


def test_pins_make_pyside6_6_12_0_impossible_below_python_3_12() -> None:
    for python in ("3.11", "3.11.7", "3.10"):
        env = default_environment() | {"python_version": python, "python_full_version": python}
        active = [r for r in _pyside_requirements() if r.marker is None or r.marker.evaluate(env)]
        assert active, f"no PySide6 requirement applies on Python {python}"
        for req in active:
            assert not req.specifier.contains(Version("6.12.0"), prereleases=True), (
                f"Python {python} could install PySide6 6.12.0 via {req}"
            )
            assert req.specifier.contains(Version("6.11.3")), f"{req} rules out a working PySide6"


def test_installed_pyside6_is_not_the_broken_combination() -> None:
    from importlib.metadata import version

    installed = Version(version("PySide6-Essentials"))
    assert not (sys.version_info < (3, 12) and installed >= Version("6.12.0")), (
        f"PySide6 {installed} on Python {sys.version.split()[0]} aborts the interpreter"
    )
