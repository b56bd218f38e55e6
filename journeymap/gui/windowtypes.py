"""What dialogs and menu handlers use of the main window, so they need not import it (the
window imports them)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QStatusBar

from journeymap.core.model import JourneyMap
from journeymap.gui.autosave import Autosaver
from journeymap.gui.canvas.scene import MapScene
from journeymap.gui.session import Session


class MapWindow(Protocol):
    """The main window as its helpers see it (it is also their parent widget)."""

    session: Session
    scene: MapScene
    autosaver: Autosaver

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt API)

    def show_error(self, title: str, text: str) -> None: ...

    def maybe_save(self) -> bool: ...

    def set_session(
        self, doc: JourneyMap, path: Path | None, *, modified: bool = False
    ) -> None: ...
