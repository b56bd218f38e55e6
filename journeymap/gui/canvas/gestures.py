"""Card gestures: dragging cards (one undo step on release) and drawing a link from a card.

Mixed into the scene like the header gestures: the card items report what the mouse does,
this turns it into a live picture while the button is down and into one command on release.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from journeymap.core.commands import AddLink, Macro
from journeymap.core.entities import Link
from journeymap.gui.canvas.backdrop import qrect
from journeymap.gui.canvas.items import CardItem
from journeymap.gui.canvas.moves import group_moves

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QGraphicsItem

    from journeymap.core.commands import Command
    from journeymap.core.layout import Layout
    from journeymap.core.model import JourneyMap
    from journeymap.gui.canvas.items import DropIndicatorItem
    from journeymap.gui.canvas.linklayer import LinkItem


class CardGestures:
    """Mixed into the scene: card drags and link drawing, from press to release."""

    # provided by the scene
    doc: JourneyMap
    layout: Layout
    cards: dict[str, CardItem]
    links: dict[tuple[str, str], LinkItem]
    indicator: DropIndicatorItem
    status: SignalInstance
    _placing: bool
    selectedItems: Callable[[], list[QGraphicsItem]]
    addItem: Callable[[QGraphicsItem], None]
    removeItem: Callable[[QGraphicsItem], None]
    items: Callable[..., list[QGraphicsItem]]

    def execute(self, command: Command) -> bool:
        raise NotImplementedError

    def relayout(self, new_links: bool = True) -> None:
        raise NotImplementedError

    def _route(self, item: LinkItem) -> None:
        raise NotImplementedError

    def init_card_gestures(self) -> None:
        self._live_links: list[LinkItem] = []
        self.linking = False
        self._link_source: str | None = None
        self._link_preview: QGraphicsPathItem | None = None
        self._link_target: CardItem | None = None
        self._drag_start: dict[str, QPointF] = {}

    # ------------------------------------------------------------------ card drags
    def card_pressed(self, card: CardItem) -> None:
        self._drag_start = {
            i.touchpoint_id: i.pos() for i in self.selectedItems() if isinstance(i, CardItem)
        }
        self._drag_start.setdefault(card.touchpoint_id, card.pos())

    def card_moved(self, card: CardItem) -> None:
        """A card's picture moved (live drag): re-route only its links."""
        if self._placing:
            return
        graph = self.doc.graph
        tp_id = card.touchpoint_id
        if tp_id not in graph:
            return
        dragged = tp_id in self._drag_start
        for source, target in (*graph.in_edges(tp_id), *graph.out_edges(tp_id)):
            item = self.links.get((source, target))
            if item is not None:
                if dragged and not item.live:  # it moves with the card: out of the cached layer
                    item.set_live(True)
                    self._live_links.append(item)
                self._route(item)

    def _settle_links(self) -> None:
        """The links of a finished drag go back into the cached layer."""
        live, self._live_links = self._live_links, []
        for item in live:
            if item.scene() is self:
                item.set_live(False)
                self._route(item)  # the final route, once, on release

    def cards_dragged(self, card: CardItem) -> None:
        center = card.scene_rect().center()
        cell = self.layout.cell_at(center.x(), center.y())
        if cell is None:
            self.indicator.hide()
            return
        count = len(self.doc.cell(*cell))
        index = self.layout.insertion_index(*cell, center.x(), center.y(), count)
        self.indicator.show_at(qrect(self.layout.card_rect(*cell, index)))

    def cards_released(self, card: CardItem) -> None:
        try:
            self._drop_cards()
        finally:
            self._settle_links()

    def _drop_cards(self) -> None:
        self.indicator.hide()
        start, self._drag_start = self._drag_start, {}
        moved = [
            tp_id
            for tp_id, pos in start.items()
            if tp_id in self.cards and (self.cards[tp_id].pos() - pos).manhattanLength() > 3
        ]
        if not moved:
            return
        centres = {}
        for tp_id in moved:
            c = self.cards[tp_id].scene_rect().center()
            centres[tp_id] = (c.x(), c.y())
        commands = group_moves(self.doc, self.layout, centres)
        if commands:
            self.execute(
                Macro("Move touchpoints" if len(commands) > 1 else "Move touchpoint", commands)
            )
        self.relayout()

    # ------------------------------------------------------------------ links
    def begin_link(self, card: CardItem, pos: QPointF) -> None:
        self.linking = True
        self._link_source = card.touchpoint_id
        preview = QGraphicsPathItem()
        pen = QPen(QColor("#1565c0"), 2, Qt.PenStyle.DashLine)
        preview.setPen(pen)
        preview.setZValue(15)
        self.addItem(preview)
        self._link_preview = preview
        self.drag_link(pos)

    def drag_link(self, pos: QPointF) -> None:
        if self._link_preview is None or self._link_source is None:
            return
        start = self.cards[self._link_source].scene_rect()
        origin = QPointF(start.right(), start.center().y())
        path = QPainterPath(origin)
        path.cubicTo(origin + QPointF(60, 0), pos - QPointF(60, 0), pos)
        self._link_preview.setPath(path)
        target = self.card_at(pos)
        if target is not self._link_target:
            if self._link_target is not None:
                self._link_target.highlight = None
                self._link_target.update()
            self._link_target = (
                target if target is not None and target.touchpoint_id != self._link_source else None
            )
            if self._link_target is not None:
                self._link_target.highlight = QColor("#1565c0")
                self._link_target.update()

    def end_link(self, pos: QPointF) -> None:
        source = self._link_source
        target = self.card_at(pos)
        if self._link_target is not None:
            self._link_target.highlight = None
            self._link_target.update()
        if self._link_preview is not None:
            self.removeItem(self._link_preview)
        self._link_preview, self._link_target, self._link_source = None, None, None
        self.linking = False
        if source is not None and target is not None and target.touchpoint_id != source:
            self.link_cards(source, target.touchpoint_id)

    def link_cards(self, source: str, target: str) -> bool:
        if self.doc.has_link(source, target):
            self.status.emit("These touchpoints are already linked.")
            return False
        return self.execute(AddLink(Link(source=source, target=target)))

    def card_at(self, pos: QPointF) -> CardItem | None:
        for item in self.items(pos):
            if isinstance(item, CardItem):
                return item
        return None
