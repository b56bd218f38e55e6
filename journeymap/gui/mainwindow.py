"""The main window: one open map, its canvas, docks, menus and file handling."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from journeymap import __version__
from journeymap.core.errors import FileAccessError, JourneyMapError, NewerVersionError
from journeymap.core.fileformat import load, save
from journeymap.core.layout import Style
from journeymap.core.model import JourneyMap
from journeymap.core.outputs import OutputRefused, check_new_map
from journeymap.core.routing import LABEL_SIZE
from journeymap.gui import actions, filedialogs
from journeymap.gui.autosave import Autosaver
from journeymap.gui.canvas.items import CardItem
from journeymap.gui.canvas.projector import ROOM_LABEL_PX, ROOM_TITLE_PX, room_style, text_scale
from journeymap.gui.canvas.scene import MapScene
from journeymap.gui.canvas.view import MapView
from journeymap.gui.compare import Comparer
from journeymap.gui.docks.palette import PaletteDock
from journeymap.gui.filterbar import FilterBar
from journeymap.gui.keymap import CARD_MENU_GROUPS, ShortcutsDialog, install_canvas_keys
from journeymap.gui.places import proposed_folder, proposed_map_path
from journeymap.gui.session import Session
from journeymap.gui.shortcuts import fixed_text_proxy, unique_keys
from journeymap.resources import templates

FILE_FILTER = "Journey maps (*.journeymap);;All files (*)"
PROJECTOR_MAX_ZOOM = 1.6
MAX_RECENT = 10


class MainWindow(QMainWindow):
    """One map per window."""

    def __init__(self, doc: JourneyMap | None = None, path: Path | None = None) -> None:
        super().__init__()
        self.settings = QSettings()
        self.undo_group = QUndoGroup(self)
        self.session = Session(doc if doc is not None else new_document(), path, self)
        self.scene = MapScene(self.session)
        self.view = MapView(self.scene)
        self.setCentralWidget(self.view)
        self.palette = PaletteDock(self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.palette)
        from journeymap.gui.docks.inspector import InspectorDock

        self.inspector = InspectorDock(self.session, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector)
        from journeymap.gui.docks.insights.dock import InsightsDock

        self.insights = InsightsDock(self.session, self.view, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.insights)
        self.tabifyDockWidget(self.inspector, self.insights)
        from journeymap.gui.docks.improvements.dock import ImprovementsDock

        self.improvements = ImprovementsDock(self.session, lambda: self.scene, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.improvements)
        self.tabifyDockWidget(self.inspector, self.improvements)
        self.inspector.raise_()
        self.resizeDocks([self.palette, self.inspector], [200, 360], Qt.Orientation.Horizontal)
        self.setAcceptDrops(True)
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        self._presenting = False
        self._shown_before: dict[QWidget, bool] = {}
        self._normal_geometry: QRect | None = None
        self.comparer = Comparer(self)
        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        self.canvas_actions = install_canvas_keys(self.view, lambda: self.scene, self.notify)
        for action in self.canvas_actions:
            if action.shortcut().toString() in CARD_MENU_GROUPS:
                self.card_menu.addSeparator()
            self.card_menu.addAction(action)
        self.view.typedText.connect(lambda text: actions.start_typing(self.scene, text))
        self.view.escapePressed.connect(self.escape)
        self.view.filesDropped.connect(self.open_dropped)
        self.view.zoomChanged.connect(lambda z: self.status_label.setText(f"{z:.0%}"))
        self.view.zoomChanged.connect(self._room_text_scale)
        self.autosaver = Autosaver(self.session, parent=self)
        self.autosaver.failed.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self._attach(self.session)
        self.resize(1440, 900)
        QTimer.singleShot(0, self.view, self.view.first_view)

    # ------------------------------------------------------------------ session wiring
    def _attach(self, session: Session) -> None:
        session.stack.cleanChanged.connect(self._update_title)
        session.modifiedChanged.connect(self._update_title)
        session.pathChanged.connect(self._update_title)
        session.refused.connect(lambda text: self.statusBar().showMessage(text, 6000))
        session.doc.subscribe(self._doc_event)
        self.scene.focusChanged.connect(self.inspector.show_item)
        self.scene.cardMenuRequested.connect(
            lambda tp_id, pos: actions.card_menu(
                self.scene, tp_id, pos, self.improvements.new_from_pain_point
            )
        )
        self.scene.status.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.undo_action_target(session)
        self.palette.set_channels(session.doc.palette)
        self._update_title()

    def _doc_event(self, event: object) -> None:
        kind = getattr(event, "kind", None)
        if kind == "map":
            self._update_title()
            self.palette.set_channels(self.session.doc.palette)

    def set_session(self, doc: JourneyMap, path: Path | None, *, modified: bool = False) -> None:
        """Show another document in this window (the caller has dealt with unsaved changes)."""
        old_scene = self.scene
        self.comparer.forget_scene()
        old_scene.detach()
        self.autosaver.discard()
        self.session.deleteLater()
        self.session = Session(doc, path, self)
        self.scene = MapScene(self.session)
        self.view.set_map_scene(self.scene)
        old_scene.deleteLater()
        self.inspector.set_session(self.session)
        self.insights.set_session(self.session)
        self.improvements.set_session(self.session)
        self._attach(self.session)
        self.inspector.show_item(None, None)
        if modified:
            self.session.mark_modified()
        self.autosaver.set_session(self.session)
        self.apply_filter()
        if self._presenting:  # another map opened in projector mode: laid out for the room too
            self._room_layout()
        QTimer.singleShot(0, self.view, self.view.fit if self._presenting else self.view.first_view)

    def undo_action_target(self, session: Session) -> None:
        self.undo_group.addStack(session.stack)
        self.undo_group.setActiveStack(session.stack)

    def _update_title(self, *_: object) -> None:
        s = self.session
        name = str(s.path) if s.path is not None else "not saved yet"
        self.setWindowTitle(f"{s.doc.title} — {name}[*] — JourneyMap")
        self.setWindowModified(s.modified)

    # ------------------------------------------------------------------ actions and menus
    def _action(
        self, text: str, slot, shortcut: QKeySequence | str | None = None, tip: str = ""
    ) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _=False: slot())
        return action

    def _make_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.act_new = self._action("&New", self.new_map, K.New)
        self.act_open = self._action("&Open…", self.open_dialog, K.Open)
        self.act_save = self._action("&Save", self.save, K.Save)
        self.act_save_as = self._action("Save &As…", self.save_as, K.SaveAs)
        self.act_close = self._action("&Close", self.close_map, K.Close)
        self.act_quit = self._action("&Quit", self.close, K.Quit)
        self.act_undo = self.undo_group.createUndoAction(self, "&Undo")
        self.act_undo.setShortcuts(unique_keys(K.Undo))
        self.act_redo = self.undo_group.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts(unique_keys(K.Redo, "Ctrl+Shift+Z", "Ctrl+Y"))
        # the toolbar shows these two with a fixed text (the menu's "Undo Set emotion"
        # would make the buttons after them jump sideways at every edit)
        self.tool_undo = fixed_text_proxy(self.act_undo, "Undo", self)
        self.tool_redo = fixed_text_proxy(self.act_redo, "Redo", self)
        self.act_select_all = self._action("Select &all cards", self.select_all, K.SelectAll)
        self.act_zoom_in = self._action("Zoom &in", lambda: self.view.zoom_by(1.25), "Ctrl+=")
        self.act_zoom_in.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.act_zoom_out = self._action("Zoom &out", lambda: self.view.zoom_by(0.8), "Ctrl+-")
        self.act_fit = self._action("&Fit map", self.view.fit, "Ctrl+0")
        self.act_actual = self._action("Actual si&ze", lambda: self.view.set_zoom(1.0), "Ctrl+1")
        self.act_present = self._action("&Presentation mode", self.toggle_presentation, "F11")
        self.act_present.setCheckable(True)
        self.act_filter = self._action(
            "&Filter cards…", lambda: self.filter_text.setFocus(), "Ctrl+F"
        )
        self.act_shortcuts = self._action(
            "&Keyboard shortcuts", lambda: ShortcutsDialog(self).exec()
        )
        self.act_about = self._action("&About JourneyMap", self.about)
        # on the window too, so that their keys work while the menus are hidden (projector)
        for action in (
            self.act_undo,
            self.act_redo,
            self.act_select_all,
            self.act_zoom_in,
            self.act_zoom_out,
            self.act_fit,
            self.act_actual,
            self.act_present,
        ):
            self.addAction(action)

    def import_measurements(self) -> None:
        """Data ▸ Import measurements…: survey and event data onto the map, one undo step."""
        from journeymap.gui.dialogs.measure import import_measurements

        step = import_measurements(self, self.session.doc)
        if step is not None and step.commands:
            self.session.execute(step)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.act_new)
        templates_menu = file_menu.addMenu("New from &template")
        for name in templates():
            templates_menu.addAction(
                name.replace("-", " ").capitalize(), lambda n=name: self.new_map(n)
            )
        file_menu.addAction(self.act_open)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        from journeymap.gui.exchange import Exchange

        self.exchange = Exchange(self)
        file_menu.addAction(self.exchange.import_action)
        file_menu.addAction(self.exchange.paste_action)
        file_menu.addSeparator()
        file_menu.addAction(self.act_save)
        file_menu.addAction(self.act_save_as)
        export_menu = file_menu.addMenu("&Export")
        export_menu.addAction("&Map PDF…", lambda: self.export_pdf("map"))
        export_menu.addAction("Improvement &plan PDF…", lambda: self.export_pdf("plan"))
        self.exchange.add_export_actions(export_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.comparer.compare_action)
        file_menu.addAction(self.comparer.revision_action)
        file_menu.addAction(self.comparer.close_action)
        file_menu.addSeparator()
        file_menu.addAction(self.act_close)
        file_menu.addAction(self.act_quit)
        edit = bar.addMenu("&Edit")
        edit.addAction(self.act_undo)
        edit.addAction(self.act_redo)
        edit.addSeparator()
        edit.addAction(self.act_select_all)
        edit.addAction(self.act_filter)
        self.card_menu = bar.addMenu("&Card")
        view = bar.addMenu("&View")
        for action in (self.act_zoom_in, self.act_zoom_out, self.act_fit, self.act_actual):
            view.addAction(action)
        view.addSeparator()
        view.addAction(self.act_present)
        view.addAction(self.palette.toggleViewAction())
        view.addAction(self.inspector.toggleViewAction())
        view.addAction(self.improvements.toggleViewAction())
        view.addAction(self.insights.toggleViewAction())
        view.addAction(self.comparer.dock.toggleViewAction())
        view.addSeparator()
        view.addAction(self.insights.act_worst)
        view.addAction(self.insights.act_best)
        data = bar.addMenu("&Data")
        data.addAction("Import &measurements…", self.import_measurements)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_shortcuts)
        help_menu.addAction(self.act_about)

    def _make_toolbar(self) -> None:
        tools = self.addToolBar("Main")
        tools.setObjectName("main-toolbar")
        tools.setMovable(False)
        for action in (
            self.act_new,
            self.act_open,
            self.act_save,
            None,
            self.tool_undo,
            self.tool_redo,
            None,
            self.act_zoom_out,
            self.act_fit,
            self.act_zoom_in,
            None,
        ):
            if action is None:
                tools.addSeparator()
            else:
                tools.addAction(action)
        self.toolbar = tools
        self.filters = FilterBar(tools, self)
        self.filter_text = self.filters.text
        self.filter_channel = self.filters.channel
        self.filter_emotion = self.filters.emotion
        self.filter_colour = self.filters.colour
        self.filters.changed.connect(self.apply_filter)
        self.filters.escaped.connect(self.view.setFocus)
        self._fill_channel_filter()

    def _fill_channel_filter(self) -> None:
        self.filters.set_channels(self.session.doc.palette)

    def apply_filter(self, *_: object) -> None:
        self.scene.apply_filter(self.filters.matcher())
        self._update_filter_badge()

    def filtering(self) -> bool:
        return self.filters.active()

    def clear_filter(self) -> None:
        self.filters.clear()

    def escape(self) -> None:
        """Esc on the canvas: leave projector mode, else clear the filter."""
        if self._presenting:
            self.toggle_presentation()
        elif self.filtering():
            self.clear_filter()
            self.notify("Filter cleared")

    def notify(self, text: str) -> None:
        """Say on the canvas and in the status bar what a key just did."""
        self.view.toast.show_message(text)
        self.statusBar().showMessage(text, 6000)

    def select_all(self) -> None:
        for item in self.scene.cards.values():
            item.setSelected(True)

    # ------------------------------------------------------------------ files
    def maybe_save(self) -> bool:
        """Ask what to do with unsaved changes; False means the user cancelled."""
        if not self.session.modified:
            return True
        answer = self.ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def ask_save_changes(self) -> QMessageBox.StandardButton:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"Save the changes to “{self.session.doc.title}”?")
        box.setInformativeText("Your changes will be lost if you don't save them.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        return QMessageBox.StandardButton(box.exec())

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    def export_pdf(self, kind: str) -> None:
        """File ▸ Export; ReportLab is imported on first use, not at start-up."""
        from journeymap.gui.dialogs.export import export_pdf

        export_pdf(self, "plan" if kind == "plan" else "map")

    def new_map(self, template: str = "blank") -> None:
        if not self.maybe_save():
            return
        self.set_session(new_document(template), None)

    def open_dialog(self) -> None:
        start = str(proposed_folder(self.session.path))
        name = filedialogs.open_file_name(self, "Open journey map", start, FILE_FILTER)
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> bool:
        """Open a map file; a bad file leaves the current map untouched."""
        try:
            doc = load(path)
        except JourneyMapError as err:
            where = f"“{path.name}” cannot be opened."
            self.show_error("Cannot open map", f"{where}\n\n{err}")
            return False
        if not self.maybe_save():
            return False
        self.set_session(doc, path)
        self.add_recent(path)
        return True

    def open_dropped(self, names: list[str]) -> None:
        maps = [Path(n) for n in names if n.endswith(".journeymap")]
        if not maps:
            shown = ", ".join(Path(n).name for n in names[:3]) or "that"
            self.show_error(
                "Not a journey map", f"JourneyMap opens .journeymap files; {shown} is not one."
            )
            return
        self.open_path(maps[0])

    def save(self) -> bool:
        if self.session.path is None:
            return self.save_as()
        return self.save_to(self.session.path)

    def save_as(self) -> bool:
        start = str(proposed_map_path(self.session.doc.title, self.session.path))
        name = filedialogs.save_file_name(self, "Save journey map", start, FILE_FILTER)
        if not name:
            return False
        path = Path(name)
        if path.suffix != ".journeymap":
            path = path.with_name(path.name + ".journeymap")
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        try:
            # refused before anything opens it: a FIFO, a device, a folder, /proc …
            check_new_map(path, force=True)
            save(self.session.doc, path)
        except (FileAccessError, NewerVersionError) as err:
            said = str(err)
            if isinstance(err, OutputRefused):  # "cannot write "x": …" → "cannot save "x": …"
                said = "cannot save" + said.split(" write", 1)[-1]
            answer = QMessageBox.warning(
                self,
                "Cannot save",
                f"{said}\n\nYour map is still open and safe. Save it somewhere else?",
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Save:
                return self.save_as()
            return False
        self.session.set_path(path)
        self.session.mark_saved()
        self.add_recent(path)
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def close_map(self) -> None:
        if self.maybe_save():
            self.set_session(new_document(), None)

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def add_recent(self, path: Path) -> None:
        entry = str(path.resolve())
        recent = [entry] + [p for p in self.recent_files() if p != entry]
        self.settings.setValue("recent", recent[:MAX_RECENT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        if not files:
            self.recent_menu.addAction("(none)").setEnabled(False)
        for name in files:
            self.recent_menu.addAction(name, lambda n=name: self.open_path(Path(n)))

    # ------------------------------------------------------------------ window
    def toggle_presentation(self) -> None:
        """F11: projector mode. Full screen, only the map, fitted on both axes, its text
        enlarged for the back of the room; Esc or F11 leaves it."""
        self._presenting = not self._presenting
        presenting = self._presenting
        self.act_present.setChecked(presenting)
        for widget in (
            self.palette,
            self.inspector,
            self.insights,
            self.improvements,
            self.toolbar,
            self.menuBar(),
            self.statusBar(),
        ):
            if presenting:
                self._shown_before[widget] = widget.isVisible()
                widget.setVisible(False)
            else:
                widget.setVisible(self._shown_before.pop(widget, True))
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            if presenting
            else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        self.view.setHorizontalScrollBarPolicy(policy)
        self.view.setVerticalScrollBarPolicy(policy)
        self.view.fit_max_zoom = PROJECTOR_MAX_ZOOM if presenting else 1.0
        self.view.keep_fitted = presenting
        if presenting:
            self._normal_geometry = self.geometry()
            self.showFullScreen()
            # without a window manager (a kiosk, a bare X server) full screen is only a wish
            self.setGeometry(self.screen().geometry())
            self._room_layout()
        else:
            self.scene.set_text_scale(1.0)
            self.scene.set_style(Style())
            self.showNormal()
            if self._normal_geometry is not None:
                self.setGeometry(self._normal_geometry)
        self.view.setFocus()
        self.view.fit()
        self._update_filter_badge()

    def _room_layout(self) -> None:
        """The cards laid out for the back of the room on this screen (canvas/projector.py)."""
        screen = self.screen().geometry()
        self.scene.set_style(room_style(self.session.doc, screen.width(), screen.height()).style)

    def _room_text_scale(self, zoom: float) -> None:
        """In projector mode card titles are ROOM_TITLE_PX and link labels ROOM_LABEL_PX high
        on screen (as far as MAX_TEXT_SCALE allows)."""
        if not self._presenting:
            return
        self.scene.set_text_scale(round(text_scale(zoom, ROOM_TITLE_PX, CardItem.TITLE_PX), 2),
                                  round(text_scale(zoom, ROOM_LABEL_PX, LABEL_SIZE), 2))

    def _update_filter_badge(self) -> None:
        """A visible badge while a filter dims cards and its bar is hidden."""
        if self._presenting and self.filtering():
            self.view.badge.show_text(f"Filter: {self.filters.describe()} — Esc clears it")
        else:
            self.view.badge.hide()

    def about(self) -> None:
        QMessageBox.about(
            self, "About JourneyMap", f"JourneyMap {__version__}\nCustomer journey maps, offline."
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self.open_dropped([u.toLocalFile() for u in event.mimeData().urls()])

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.maybe_save():
            self.autosaver.discard()
            event.accept()
        else:
            event.ignore()


def new_document(template: str = "blank") -> JourneyMap:
    """A fresh map from a bundled template (a minimal one if the template is unreadable)."""
    from journeymap.core.entities import Lane, Stage

    path = templates().get(template)
    if path is not None:
        try:
            return load(path)
        except JourneyMapError:
            pass
    doc = JourneyMap("Untitled journey")
    doc.add_stage(Stage(id="awareness", name="Awareness", phase="before"))
    doc.add_lane(Lane(id="customer", name="Customer actions"))
    return doc


__all__ = ["MainWindow", "new_document"]
