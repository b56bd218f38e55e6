"""The Insights dock: the map's findings grouped by kind, and the worst/best path highlight.

The dock analyses the map again a moment after the last change (one restartable timer), on a
worker thread (see :mod:`journeymap.gui.docks.insights.runner`), never while a mouse button is down
on the canvas or a title is being typed there (it waits for the release), and not at all while
it is hidden, unless a path highlight needs the result.
Clicking a row (or Enter) selects the cards it names and scrolls them into view.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QFont
from PySide6.QtWidgets import (
    QDockWidget,
    QHeaderView,
    QMainWindow,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from journeymap.core.analysis.findings import Analysis
from journeymap.core.appearance import MUTED_INK
from journeymap.core.events import Event
from journeymap.gui.canvas.backdrop import qrect
from journeymap.gui.canvas.pathhighlight import (
    BEST_COLOUR,
    WORST_COLOUR,
    HighlightedPath,
    PathHighlighter,
    PathHighlightItem,
    highlight_icon,
)
from journeymap.gui.canvas.scene import MapScene
from journeymap.gui.canvas.view import MapView
from journeymap.gui.docks.insights import rows as insights_rows
from journeymap.gui.docks.insights.rows import Group, Row, Target
from journeymap.gui.docks.insights.runner import AnalysisRunner, analyse
from journeymap.gui.docks.insights.traffic_rows import traffic_groups
from journeymap.gui.session import Session

#: quiet time after the last change before the map is analysed again
DEBOUNCE_MS = 400
#: rows shown per group; the rest is summed up in one line
MAX_ROWS = 200
#: groups open until the user says otherwise
OPEN_BY_DEFAULT = frozenset(
    {
        "most_travelled_path",
        "where_customers_are_lost",
        "worst_path",
        "best_path",
        "moments_of_truth",
        "unaddressed_pain_points",
        "dead_ends",
        "unreachable",
    }
)

_TARGET = Qt.ItemDataRole.UserRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class InsightsDock(QDockWidget):
    """Lists the findings of :func:`journeymap.core.analysis.findings.analyze` for the open map."""

    def __init__(self, session: Session, view: MapView, parent: QWidget | None = None) -> None:
        super().__init__("Insights", parent)
        self.setObjectName("insights-dock")
        self.view = view
        self.session = session
        self.analysis: Analysis | None = None
        self._stale = True
        self._pressed = False
        self._on_screen = False  # a dock behind another tab stays isVisible(): track the signal
        self._unsubscribe = session.doc.subscribe(self._doc_event)
        self._highlighter = PathHighlighter()
        self._open: dict[str, bool] = {}  # by row key: groups and rows the user opened or closed
        self._unfilled: dict[str, Group] = {}  # closed groups whose rows are not made yet
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._timer_fired)
        self._generation = 0  # which analysis the list should show; older results are dropped
        self._runner = AnalysisRunner(self.busy, self)
        self._runner.finished.connect(self._analysed)
        self.act_worst = self._highlight_action("worst", WORST_COLOUR)
        self.act_best = self._highlight_action("best", BEST_COLOUR)
        self.tree = QTreeWidget()
        self.tree.setObjectName("insights-tree")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(2)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("−00.00") + 12)
        self.tree.setUniformRowHeights(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setIndentation(14)
        self._muted_ink = QColor(MUTED_INK)
        self._bold = QFont(self.tree.font())
        self._bold.setBold(True)
        self._italic = QFont(self.tree.font())
        self._italic.setItalic(True)
        self.tree.itemClicked.connect(self._row_chosen)
        self.tree.itemActivated.connect(self._row_chosen)
        self.tree.itemExpanded.connect(self._expanded)
        self.tree.itemCollapsed.connect(lambda item: self._remember_open(item, False))
        tools = QToolBar()
        tools.setIconSize(QSize(18, 18))
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tools.addAction(self.act_worst)
        tools.addAction(self.act_best)
        body = QWidget()
        box = QVBoxLayout(body)
        box.setContentsMargins(4, 2, 4, 4)
        box.setSpacing(2)
        box.addWidget(tools)
        box.addWidget(self.tree)
        self.setWidget(body)
        self.visibilityChanged.connect(self._visibility_changed)
        view.viewport().installEventFilter(self)

    def _highlight_action(self, name: str, hex_code: str) -> QAction:
        action = QAction(highlight_icon(hex_code), f"Highlight &{name} path", self)
        action.setCheckable(True)
        action.setIconText(f"{name.capitalize()} path")
        action.setStatusTip(f"Highlight the {name} path on the canvas (the map does not change)")
        action.toggled.connect(lambda on: self._highlight_toggled(name, on))
        return action

    # ------------------------------------------------------------------ session
    def set_session(self, session: Session) -> None:
        """Follow another open map (the view already shows its scene)."""
        self._unsubscribe()
        self.session = session
        self._unsubscribe = session.doc.subscribe(self._doc_event)
        self._highlighter.forget()  # its item went with the old scene
        self.analysis = None
        self._generation += 1
        self.tree.clear()
        self._unfilled.clear()
        self._changed()
        if self._wanted():
            self._timer.start(0)

    @property
    def scene(self) -> MapScene:
        return self.view.map_scene

    # ------------------------------------------------------------------ refresh timing
    def _doc_event(self, event: Event) -> None:
        self._changed()

    def _changed(self) -> None:
        self._stale = True
        if self._wanted():
            self._timer.start(DEBOUNCE_MS)

    def _wanted(self) -> bool:
        """Whether anything shows the analysis: the dock itself or a path highlight."""
        return self.on_screen or self.act_worst.isChecked() or self.act_best.isChecked()

    @property
    def on_screen(self) -> bool:
        """Whether the list can be seen (open, and its tab in front)."""
        return self._on_screen and self.isVisible()

    def busy(self) -> bool:
        """A gesture is under way on the canvas (a drag, a rubber band, typing a title)."""
        scene = self.scene
        return self._pressed or scene.editor is not None or scene.mouseGrabberItem() is not None

    def _timer_fired(self) -> None:
        if not self._stale or not self._wanted():
            return
        if self.busy():
            self._timer.start(DEBOUNCE_MS)  # look again; a release restarts it sooner
            return
        if self._runner.running:
            return  # when it ends, a change made meanwhile starts the next one
        self._stale = False
        self._generation += 1
        self._runner.start(self.session.doc, self._generation)

    def _analysed(self, generation: object, analysis: Analysis) -> None:
        if generation == self._generation:
            self._show(analysis)
        if self._stale and self._wanted():
            self._timer.start(DEBOUNCE_MS)

    def _visibility_changed(self, visible: bool) -> None:
        self._on_screen = visible
        if visible and self._stale:
            self._timer.start(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Track mouse buttons on the canvas, to keep the analysis out of a drag."""
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self._pressed = True
        elif kind == QEvent.Type.MouseButtonRelease:
            self._pressed = False
            if self._stale and self._wanted():
                self._timer.start(DEBOUNCE_MS)
        return False

    def refresh(self) -> None:
        """Analyse the map now, on this thread, and show the result."""
        self._timer.stop()
        self._stale = False
        self._generation += 1
        self._show(analyse(self.session.doc))

    def _show(self, analysis: Analysis) -> None:
        """Show ``analysis`` in the list and in any path highlight."""
        self.analysis = analysis
        self._populate(analysis)
        self._show_highlight()

    # ------------------------------------------------------------------ the list
    def _populate(self, analysis: Analysis) -> None:
        tree = self.tree
        current = tree.currentItem()
        keep = current.data(0, _TARGET).key if current is not None else None
        scroll = tree.verticalScrollBar().value()
        tree.setUpdatesEnabled(False)
        tree.blockSignals(True)
        try:
            tree.clear()
            self._unfilled.clear()
            if not self.session.doc.touchpoints():
                tree.addTopLevelItem(self._muted(insights_rows.EMPTY_MAP))
                tree.topLevelItem(0).setFirstColumnSpanned(True)
            else:
                doc = self.session.doc
                measured = traffic_groups(analysis, doc, MAX_ROWS)  # first: most urgent
                for group in measured + insights_rows.groups(analysis, doc, MAX_ROWS):
                    self._add_group(group)
            if keep is not None:
                found = self._find(keep)
                if found is not None:
                    tree.setCurrentItem(found)
            tree.verticalScrollBar().setValue(scroll)
        finally:
            tree.blockSignals(False)
            tree.setUpdatesEnabled(True)

    def _add_group(self, group: Group) -> None:
        """A group's header row; its rows now if it is open, else when it is first opened."""
        head = QTreeWidgetItem([group.title])
        head.setData(0, _TARGET, Target(f"group:{group.finding}"))
        head.setToolTip(0, group.definition)
        head.setFont(0, self._bold)
        self.tree.addTopLevelItem(head)
        head.setFirstColumnSpanned(True)
        if group.count == 0:
            head.setForeground(0, self._muted_ink)
        if self._open.get(f"group:{group.finding}", group.finding in OPEN_BY_DEFAULT):
            self._fill(head, group)
            head.setExpanded(True)
        else:  # its rows are made when it is first opened
            self._unfilled[group.finding] = group
            head.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)

    def _fill(self, head: QTreeWidgetItem, group: Group) -> None:
        """A group's rows, built before they join the tree (no change signal per field)."""
        muted: list[QTreeWidgetItem] = []
        if group.count == 0:
            muted.append(self._muted(insights_rows.NOTHING[group.finding]))
        rows = [self._row(row, group.definition) for row in group.rows]
        if group.more:
            muted.append(self._muted(f"… and {group.more} more"))
        if group.note:
            muted.append(self._muted(group.note))
        head.addChildren(rows + muted)
        for item in muted:
            item.setFirstColumnSpanned(True)
        for item, row in zip(rows, group.rows, strict=True):
            if row.children:
                item.setExpanded(self._open.get(row.target.key, False))

    def _row(self, row: Row, definition: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([row.text, row.value])
        item.setData(0, _TARGET, row.target)
        item.setTextAlignment(1, _RIGHT)
        item.setForeground(1, self._muted_ink)
        long_text = row.text if len(row.text) > 40 else ""
        tip = "\n".join(part for part in (long_text, row.tip) if part)
        item.setToolTip(0, f"{tip}\n\n{definition}" if tip else definition)
        item.addChildren([self._row(child, definition) for child in row.children])
        if row.more:
            item.addChild(self._muted(f"… and {row.more} more"))
        return item

    def _muted(self, text: str) -> QTreeWidgetItem:
        """A grey italic line that is not a finding (nothing found, a note, the rest)."""
        item = QTreeWidgetItem([text])
        item.setForeground(0, self._muted_ink)
        item.setFont(0, self._italic)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setToolTip(0, text)
        return item

    def _find(self, key: str) -> QTreeWidgetItem | None:
        items = QTreeWidgetItemIterator(self.tree)
        while items.value() is not None:
            item = items.value()
            if self._key(item) == key:
                return item
            items += 1
        return None

    @staticmethod
    def _key(item: QTreeWidgetItem) -> str | None:
        target = item.data(0, _TARGET)
        return target.key if isinstance(target, Target) else None

    def _expanded(self, item: QTreeWidgetItem) -> None:
        self._remember_open(item, True)
        key = self._key(item) or ""
        group = self._unfilled.pop(key.removeprefix("group:"), None)
        if group is not None and key.startswith("group:"):
            self._fill(item, group)

    def _remember_open(self, item: QTreeWidgetItem, is_open: bool) -> None:
        key = self._key(item)
        if key is not None:
            self._open[key] = is_open

    def group_item(self, finding: str) -> QTreeWidgetItem | None:
        """The header row of a finding's group (None before the first analysis)."""
        return self._find(f"group:{finding}")

    # ------------------------------------------------------------------ choosing a row
    def _row_chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        target = item.data(0, _TARGET)
        if not isinstance(target, Target):
            return
        if target.key.startswith("group:"):
            return
        self.reveal(target)

    def reveal(self, target: Target) -> None:
        """Select the target's cards and bring them (or its stage or lane) into view."""
        scene, view = self.scene, self.view
        ids = [t for t in target.touchpoints if t in scene.cards]
        scene.select_only(ids)
        area = QRectF()
        for t in ids:
            area |= scene.cards[t].scene_rect()
        if target.axis is not None:
            layout = scene.layout
            table = layout.stage_columns if target.axis == "stage" else layout.lane_rows
            header = layout.stage_headers if target.axis == "stage" else layout.lane_headers
            if target.axis_id in table:
                area = qrect(table[target.axis_id])
                if not self._fits(area):
                    area = qrect(header[target.axis_id])
        if area.isEmpty():
            return
        if self._fits(area):
            view.ensureVisible(area, 40, 40)
        elif ids:
            view.centerOn(scene.cards[ids[0]].scene_rect().center())
        else:
            view.centerOn(area.center())

    def _fits(self, area: QRectF) -> bool:
        shown = self.view.visible_scene_rect()
        return area.width() <= shown.width() - 80 and area.height() <= shown.height() - 80

    # ------------------------------------------------------------------ path highlight
    def _highlight_toggled(self, name: str, on: bool) -> None:
        if on and (self._stale or self.analysis is None):
            self.refresh()
        else:
            self._show_highlight()
        if on and self.analysis is not None:
            path = self.analysis.worst_path if name == "worst" else self.analysis.best_path
            if path is None:
                self._status(
                    f"No {name} path to highlight: no chain of links leads from an entry "
                    "to an exit."
                )

    def _show_highlight(self) -> None:
        paths: list[HighlightedPath] = []
        a = self.analysis
        if a is not None and self.act_worst.isChecked() and a.worst_path is not None:
            paths.append(HighlightedPath("worst", a.worst_path.touchpoints, WORST_COLOUR))
        if a is not None and self.act_best.isChecked() and a.best_path is not None:
            paths.append(HighlightedPath("best", a.best_path.touchpoints, BEST_COLOUR))
        self._highlighter.show(self.scene, paths)

    @property
    def highlight(self) -> PathHighlightItem | None:
        """The overlay painting the highlighted paths on the current canvas, if any."""
        return self._highlighter.item_on(self.scene)

    def _status(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)


__all__ = ["DEBOUNCE_MS", "MAX_ROWS", "InsightsDock"]
