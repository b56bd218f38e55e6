"""GUI test setup: offscreen, and never touching the real user's settings or data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QStandardPaths  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from journeymap.core.fileformat import load  # noqa: E402
from journeymap.core.model import JourneyMap  # noqa: E402
from journeymap.gui.mainwindow import MainWindow  # noqa: E402
from journeymap.resources import example  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_user_folders(
    qapp: QApplication, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    QStandardPaths.setTestModeEnabled(True)
    qapp.setOrganizationName("JourneyMapTests")
    qapp.setApplicationName("JourneyMapTests")
    settings_dir = tmp_path_factory.mktemp("settings")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(settings_dir))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    recovery = tmp_path_factory.mktemp("recovery")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("journeymap.gui.autosave.default_recovery_dir", lambda: recovery)
        yield


@pytest.fixture
def example_doc() -> JourneyMap:
    return load(example("ecommerce-first-order"))


@pytest.fixture
def example_path(tmp_path: Path) -> Path:
    target = tmp_path / "map.journeymap"
    target.write_bytes(example("service-business").read_bytes())
    return target


@pytest.fixture
def window(qtbot: QtBot, example_doc: JourneyMap, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """The example in a shown main window, the canvas focused: what the keyboard tests drive."""
    win = MainWindow(example_doc)
    monkeypatch.setattr(win, "ask_save_changes", lambda: QMessageBox.StandardButton.Discard)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.view.setFocus()
    qtbot.waitUntil(lambda: win.view.hasFocus(), timeout=2000)
    return win
