"""File ▸ Compare with… (another map file) and Compare with revision… (the same file in git).

The current map is shown as the *to-be*, the other file as the *as-is*. The marks follow the
map while it is edited (recomputed after every layout); closing the comparison, or opening
another map, removes the marks and the Changes dock and leaves the canvas as it was.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QInputDialog, QMainWindow

from journeymap.core.comparison import Comparison, compare
from journeymap.core.errors import JourneyMapError
from journeymap.core.fileformat import load
from journeymap.core.model import JourneyMap
from journeymap.core.revisions import load_revision
from journeymap.gui import filedialogs
from journeymap.gui.canvas.backdrop import qrect
from journeymap.gui.canvas.compareoverlay import CompareOverlayItem
from journeymap.gui.canvas.pathhighlight import card_rects
from journeymap.gui.canvas.scene import MapScene
from journeymap.gui.docks.compare import CompareDock
from journeymap.gui.places import proposed_folder

if TYPE_CHECKING:
    from journeymap.core.comparison import ChangeRow
    from journeymap.gui.canvas.view import MapView
    from journeymap.gui.session import Session


class Host(Protocol):
    """What a comparison needs of its window (the main window is one)."""

    session: Session
    scene: MapScene
    view: MapView
    inspector: QDockWidget

    def show_error(self, title: str, text: str) -> None: ...

FILE_FILTER = "Journey maps (*.journeymap);;All files (*)"


class Comparer(QObject):
    """Owns one comparison of a window: the other map, the overlay and the Changes dock."""

    def __init__(self, window: QMainWindow) -> None:
        """``window`` is the main window: a QMainWindow that also has what :class:`Host`
        names (the map's session, scene and view)."""
        super().__init__(window)
        self.window = window
        self.other: JourneyMap | None = None
        self.other_name = ""
        self.comparison: Comparison | None = None
        self.overlay: CompareOverlayItem | None = None
        self._scene: MapScene | None = None
        self.dock = CompareDock(window)
        self.dock.setVisible(False)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.tabifyDockWidget(self.host.inspector, self.dock)
        self.dock.rowChosen.connect(self.reveal)
        self.dock.closeRequested.connect(self.close)
        self.compare_action = QAction("Compare &with…", window)
        self.compare_action.setStatusTip("Show how this map differs from another map file")
        self.compare_action.triggered.connect(self.choose)
        self.revision_action = QAction("Compare with &revision…", window)
        self.revision_action.setStatusTip("Show how this map differs from a git revision of it")
        self.revision_action.triggered.connect(self.choose_revision)
        self.close_action = QAction("Close c&omparison", window)
        self.close_action.setEnabled(False)
        self.close_action.triggered.connect(self.close)

    @property
    def host(self) -> Host:
        return cast(Host, self.window)

    @property
    def active(self) -> bool:
        return self.other is not None

    # ------------------------------------------------------------------ entering and leaving
    def choose(self) -> None:
        start = str(proposed_folder(self.host.session.path))
        name = filedialogs.open_file_name(
            self.window, "Compare with journey map", start, FILE_FILTER
        )
        if name:
            self.compare_with(Path(name))

    def compare_with(self, path: Path) -> bool:
        """Compare the current map with the map file at ``path``; False (and one sentence
        to the user) when it cannot be read. The current map is never touched."""
        try:
            other = load(path)
        except JourneyMapError as err:
            self.host.show_error(
                "Cannot compare", f"“{path.name}” cannot be compared: {_reason(err)}."
            )
            return False
        self.show_against(other, path.name)
        return True

    def choose_revision(self) -> None:
        """File ▸ Compare with revision…: the open file as git has it in a revision."""
        path = self.host.session.path
        if path is None:
            self.host.show_error("Cannot compare", "Save the map in a git repository first.")
            return
        text, ok = QInputDialog.getText(
            self.window, "Compare with revision",
            f"Git revision of {path.name} (HEAD, a branch, a commit):", text="HEAD",
        )
        if ok and text.strip():
            self.compare_with_revision(path, text.strip())

    def compare_with_revision(self, path: Path, revision: str) -> bool:
        """Compare the current map with ``path`` as it was in git ``revision``."""
        try:
            other = load_revision(path, revision)
        except JourneyMapError as err:
            self.host.show_error("Cannot compare", f"{_reason(err)}.")
            return False
        self.show_against(other, f"{path.name} at {revision}")
        return True

    def show_against(self, other: JourneyMap, name: str) -> None:
        """Show the current map's differences from ``other`` (called ``name``)."""
        self.close()
        self.other, self.other_name = other, name
        self.refresh()
        self.dock.show()
        self.dock.raise_()  # a tab beside the inspector: the whole height for the list
        self.close_action.setEnabled(True)

    def close(self) -> None:
        """Leave the comparison: the marks and the dock go; the map is as it was."""
        if self.overlay is not None and self._scene is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self._scene.relaidOut.disconnect(self.refresh)
            if self.overlay.scene() is self._scene:
                self._scene.removeItem(self.overlay)
        self.overlay = self._scene = None
        self.other = self.comparison = None
        self.other_name = ""
        self.dock.hide()
        self.close_action.setEnabled(False)

    def forget_scene(self) -> None:
        """The window shows another map: a comparison of the old one ends."""
        self.close()

    # ------------------------------------------------------------------ drawing
    def refresh(self) -> None:
        """Recompute the marks for the map as it is now."""
        if self.other is None:
            return
        scene = self.host.scene
        if self.overlay is None or self._scene is not scene:
            self.overlay = CompareOverlayItem()
            self._scene = scene
            scene.addItem(self.overlay)
            scene.relaidOut.connect(self.refresh)
        self.comparison = compare(self.other, self.host.session.doc, scene.layout)
        rects = card_rects(scene.cards, self.comparison.cards)
        self.overlay.show_comparison(self.comparison, rects)
        self.dock.show_comparison(self.comparison, self.other_name)

    def reveal(self, row: ChangeRow) -> None:
        """Select and centre the card a change row is about (or show where a ghost is)."""
        scene, view = self.host.scene, self.host.view
        if row.card is not None and row.card in scene.cards:
            scene.select_only([row.card])
            view.centerOn(scene.cards[row.card].scene_rect().center())
            return
        ghost = next((g for g in (self.comparison.ghosts if self.comparison else ())
                      if g.tp_id == row.ghost), None)
        if ghost is not None and ghost.rect is not None:
            scene.clearSelection()
            view.centerOn(qrect(ghost.rect).center())
            return
        self.window.statusBar().showMessage("That change has no card on this map.", 5000)


def _reason(err: JourneyMapError) -> str:
    """The error's first line, without its full stop (it goes inside a sentence)."""
    text = str(err).strip()
    return text.splitlines()[0].rstrip(".") if text else err.__class__.__name__


__all__ = ["Comparer"]
