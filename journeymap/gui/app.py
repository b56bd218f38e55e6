"""Start the editor: ``journeymap [FILE]``."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from journeymap import __version__
from journeymap.core.errors import JourneyMapError
from journeymap.core.fileformat import load
from journeymap.resources import resources_dir


def application() -> QApplication:
    """The QApplication, created once with the names QSettings and QStandardPaths use."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("JourneyMap")
    app.setApplicationName("JourneyMap")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("journeymap")
    # A null icon (file or SVG plugin missing) leaves the platform default.
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "journeymap.svg")))
    return app


def create_window(file: str | None = None):  # type: ignore[no-untyped-def]
    """The main window on FILE (or a new map); a bad FILE is reported and a new map opens."""
    from journeymap.gui.mainwindow import MainWindow

    window = MainWindow()
    if file is not None:
        path = Path(file)
        try:
            doc = load(path)
        except JourneyMapError as err:
            QMessageBox.warning(
                window, "Cannot open map", f"“{path.name}” cannot be opened.\n\n{err}"
            )
        else:
            window.set_session(doc, path)
            window.add_recent(path)
    return window


def run(file: str | None = None) -> int:
    from journeymap.gui.dialogs.recovery import offer_recovery

    app = application()
    window = create_window(file)
    screen = app.primaryScreen()
    if screen is not None:
        window.setGeometry(screen.availableGeometry())
    window.showMaximized()
    windows = [window]
    for i, restored in enumerate(offer_recovery(window)):
        target = window if i == 0 and file is None else create_window()
        target.set_session(restored.doc, restored.original_path, modified=True)
        target.autosaver.adopt(restored.copy)
        if target is not window:
            target.show()
            windows.append(target)
    return app.exec()


def main() -> int:
    """GUI entry point (``journeymap-editor [FILE]``): the editor, without a console."""
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    return run(args[0] if args else None)
