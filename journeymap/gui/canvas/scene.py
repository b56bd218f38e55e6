"""The canvas scene: mirrors the document through its events and turns gestures into commands.

The scene keeps the only item ↔ entity maps. It repaints what events name, and lays the
map out again once per command (the session batches the events of one command).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsScene

from journeymap.core import appearance, measured
from journeymap.core.commands import (
    AddTouchpoint,
    Command,
    Edit,
    RemoveTouchpoints,
)
from journeymap.core.entities import Touchpoint
from journeymap.core.events import Added, Changed, Event, Moved, Removed
from journeymap.core.ids import unique_id
from journeymap.core.layout import Layout, Style, compute
from journeymap.core.layout import Rect as CoreRect
from journeymap.core.routing import provisional
from journeymap.gui.canvas.backdrop import qrect, snapshot
from journeymap.gui.canvas.editors import InlineEditor
from journeymap.gui.canvas.gestures import CardGestures
from journeymap.gui.canvas.headers import HeaderGestures
from journeymap.gui.canvas.items import (
    BackdropItem,
    CardData,
    CardItem,
    DropIndicatorItem,
    EmotionCurveItem,
    HeaderItem,
)
from journeymap.gui.canvas.linklayer import LinkItem, LinkLayer
from journeymap.gui.canvas.projector import fit_label, fit_labels
from journeymap.gui.session import Session

LANE_TEXT_MAX_SCALE = 1.2


def _core_rect(r: QRectF) -> CoreRect:
    return CoreRect(r.x(), r.y(), r.width(), r.height())


class MapScene(CardGestures, HeaderGestures, QGraphicsScene):
    """The map as QGraphicsItems."""

    #: (kind, key) of what the inspector should show; kind None = the map
    focusChanged = Signal(object, object)
    status = Signal(str)
    #: (touchpoint id, screen position): a card's context menu is wanted there
    cardMenuRequested = Signal(str, QPoint)
    #: the map was laid out again (cards may have new places)
    relaidOut = Signal()

    def __init__(self, session: Session, style: Style | None = None) -> None:
        super().__init__()
        self.session = session
        self.doc = session.doc
        self.style_ = style or Style()
        self.layout: Layout = compute(self.doc, self.style_)
        self.cards: dict[str, CardItem] = {}
        self.links: dict[tuple[str, str], LinkItem] = {}
        self.headers: dict[tuple[str, str], HeaderItem] = {}
        self.backdrop = BackdropItem()
        self.curve = EmotionCurveItem()
        self.indicator = DropIndicatorItem()
        self.link_layer = LinkLayer()  # paints the links that are not moving, from a cache
        self.addItem(self.backdrop)
        self.addItem(self.curve)
        self.addItem(self.link_layer)
        self.addItem(self.indicator)
        self._selected_links: set[LinkItem] = set()
        self.init_card_gestures()
        self.editor: InlineEditor | None = None
        self.last_mouse = QPointF()
        self.selection_order: list[str] = []
        self._in_batch = False
        self._dirty = False
        self._dirty_links = False
        self._dirty_curve = False
        self._placing = False
        self.filter_active = False
        self.text_scale = 1.0
        self.label_scale = 1.0
        self.setBackgroundBrush(QColor(appearance.BACKGROUND))
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self._unsubscribe = self.doc.subscribe(self._on_event)
        session.batchStarted.connect(self._begin_batch)
        session.batchFinished.connect(self._end_batch)
        self.selectionChanged.connect(self._selection_changed)
        self.rebuild()

    def detach(self) -> None:
        """Stop listening to the document (the scene is being thrown away)."""
        self._unsubscribe()
        self.session.batchStarted.disconnect(self._begin_batch)
        self.session.batchFinished.disconnect(self._end_batch)

    # ------------------------------------------------------------------ building
    def rebuild(self) -> None:
        for link in self.links.values():
            link.leaving()
        for item in [*self.cards.values(), *self.links.values(), *self.headers.values()]:
            self.removeItem(item)
        self.cards.clear()
        self.links.clear()
        self.headers.clear()
        for stage in self.doc.stages:
            self._add_header("stage", stage.id)
        for lane in self.doc.lanes:
            self._add_header("lane", lane.id)
        for tp in self.doc.touchpoints():
            self._add_card(tp.id)
        self.relayout(new_links=False)
        for link in self.doc.links():
            self._add_link(link.source, link.target)

    def _add_card(self, tp_id: str) -> None:
        item = CardItem(tp_id, self.style_.card_w, self.style_.card_h)
        item.text_scale = self.text_scale
        item.set_data(self._card_data(tp_id))
        self.cards[tp_id] = item
        self.addItem(item)

    def _card_data(self, tp_id: str) -> CardData:
        tp = self.doc.touchpoint(tp_id)
        badge, badge_colour = "", "#90a4ae"
        if tp.channel is not None:
            channel = self.doc.channel(tp.channel)
            badge = appearance.channel_badge(channel.id, channel.name)
            badge_colour = appearance.CHANNEL_KIND_COLOURS.get(channel.kind, badge_colour)
        return CardData(
            title=tp.title or "(untitled)",
            colour=tp.colour,
            emotion=tp.emotion,
            badge=badge,
            badge_colour=badge_colour,
            votes=tp.votes,
            moment_of_truth=tp.moment_of_truth,
            chips=measured.score_chips(tp.metrics),
            drop=measured.drop_off_chip(tp.metrics),
            evidence=measured.evidence_of(tp.evidence),
        )

    def _add_link(self, source: str, target: str) -> None:
        link = self.doc.link(source, target)
        item = LinkItem(source, target)
        item.set_link(link.kind, link.label)
        item.set_metrics(link.metrics)
        self.links[(source, target)] = item
        self.addItem(item)
        item.placed()
        self._route(item)

    def _route(self, item: LinkItem) -> None:
        """The link's route from the layout; a cheap provisional one while it moves."""
        key = (item.source, item.target)
        route = None if item.live else self.layout.routes.get(key)
        if route is None:
            a, b = self.cards.get(item.source), self.cards.get(item.target)
            if a is None or b is None:
                return
            route = provisional(*key, _core_rect(a.scene_rect()), _core_rect(b.scene_rect()),
                                " ".join(item.label.split()))
        item.set_route(route)
        if self.label_scale > 1.0 and not item.live:
            fit_label(self, item, self.label_scale)

    def _reroute(self) -> None:
        """The links changed (added, removed, relabelled): route them all again."""
        self.layout.set_links(self.doc)
        for item in self.links.values():
            self._route(item)

    def _add_header(self, axis: str, item_id: str) -> None:
        header = HeaderItem(axis, item_id)
        header.text_scale = (
            self.text_scale if axis == "stage" else min(self.text_scale, LANE_TEXT_MAX_SCALE)
        )
        self.headers[(axis, item_id)] = header
        self._header_text(header)
        self.addItem(header)

    def _header_text(self, header: HeaderItem) -> None:
        part = (self.doc.stage if header.axis == "stage" else self.doc.lane)(header.item_id)
        header.set_text(part.name, part.description)

    def relayout(self, new_links: bool = True) -> None:
        """Lay the whole map out again and move every item (routes kept if nothing moved)."""
        old = self.layout
        self.layout = layout = compute(self.doc, self.style_)
        if new_links and layout.keep_routes_of(old):
            new_links = any(i.live for i in self.links.values())
        self._placing = True
        try:
            for tp_id, item in self.cards.items():
                rect = layout.cards.get(tp_id)
                if rect is not None and (item.x() != rect.x or item.y() != rect.y):
                    item.setPos(rect.x, rect.y)
        finally:
            self._placing = False
        if new_links:
            for item in self.links.values():
                self._route(item)
        for (axis, item_id), header in self.headers.items():
            rects = layout.stage_headers if axis == "stage" else layout.lane_headers
            header.set_rect(qrect(rects[item_id]))
        self.backdrop.set_snapshot(snapshot(self.doc, layout))
        self._refresh_curve()
        bounds = qrect(layout.bounds)
        self.setSceneRect(bounds.adjusted(-400, -300, 400, 300))
        self.link_layer.set_bounds(self.sceneRect())
        if self.label_scale > 1.0:
            self._fit_labels()
        self.relaidOut.emit()

    def _refresh_curve(self) -> None:
        points = [(QPointF(p.x, p.y), self.doc.touchpoint(tp_id).emotion or 0)
                  for tp_id, p in self.layout.emotion_points]
        self.curve.set_points(points, qrect(self.layout.emotion_band).adjusted(-12, -12, 12, 12))

    # ------------------------------------------------------------------ events
    def _begin_batch(self) -> None:
        self._in_batch = True

    def _end_batch(self) -> None:
        self._in_batch = False
        curve, self._dirty_curve = self._dirty_curve, False
        if self._dirty:
            self._dirty = self._dirty_links = False
            self.relayout()
        else:
            if self._dirty_links:
                self._dirty_links = False
                self._reroute()
            if curve:
                self._emotions_changed()
        self._selection_changed()

    def _on_event(self, event: Event) -> None:
        kind, key = event.kind, event.key
        if kind == "touchpoint":
            assert isinstance(key, str)
            if isinstance(event, Added):
                self._add_card(key)
            elif isinstance(event, Removed):
                item = self.cards.pop(key, None)
                if item is not None:
                    self.removeItem(item)
            elif isinstance(event, Changed):
                self.cards[key].set_data(self._card_data(key))
                if not event.fields & {"emotion", "metrics", "evidence"}:
                    return  # the curve and the legend stay as they are
                if event.fields <= {"emotion", "colour", "moment_of_truth", "votes"}:
                    self._emotions_changed()  # the curve moves; no card or link does
                    return
            self._touch()
        elif kind == "link":
            assert isinstance(key, tuple)
            if isinstance(event, Added):
                self._add_link(*key)
            elif isinstance(event, Removed):
                link_item = self.links.pop(key, None)
                if link_item is not None:
                    link_item.leaving()
                    self.removeItem(link_item)
            elif isinstance(event, Changed):
                link = self.doc.link(*key)
                self.links[key].set_link(link.kind, link.label)
                if "metrics" in event.fields:
                    self.links[key].set_metrics(link.metrics)
                    self._touch()  # the legend may gain or lose its traffic entries
                if "label" not in event.fields:
                    return
            if self._in_batch:
                self._dirty_links = True
            else:
                self._reroute()
        elif kind in ("stage", "lane"):
            assert isinstance(key, str)
            if isinstance(event, Added):
                self._add_header(kind, key)
            elif isinstance(event, Removed):
                header = self.headers.pop((kind, key), None)
                if header is not None:
                    self.removeItem(header)
            elif isinstance(event, Changed):
                self._header_text(self.headers[(kind, key)])
                if "phase" not in event.fields:
                    return
            self._touch()
        elif kind == "map":
            self._touch()
        elif kind == "improvement" and isinstance(event, Moved):
            return

    def _emotions_changed(self) -> None:
        if self._in_batch:
            self._dirty_curve = True
            return
        self.layout.set_emotions(self.doc)
        self._refresh_curve()
        self.relaidOut.emit()

    def _touch(self) -> None:
        if self._in_batch:
            self._dirty = True
        else:
            self.relayout()

    # ------------------------------------------------------------------ selection
    def _selection_changed(self) -> None:
        items = self.selectedItems()
        selected = [i.touchpoint_id for i in items if isinstance(i, CardItem)]
        links = {i for i in items if isinstance(i, LinkItem)}
        for link in links ^ self._selected_links:  # their colour changed: paint them again
            if link.scene() is self:
                link.refresh()
        self._selected_links = links
        order = [i for i in self.selection_order if i in selected]
        order += [i for i in selected if i not in order]
        self.selection_order = order
        if len(items) == 1 and isinstance(items[0], CardItem):
            self.focusChanged.emit("touchpoint", items[0].touchpoint_id)
        elif len(items) == 1 and isinstance(items[0], LinkItem):
            self.focusChanged.emit("link", (items[0].source, items[0].target))
        elif not items:
            self.focusChanged.emit(None, None)

    def selected_cards(self) -> list[str]:
        """Selected touchpoint ids, in the order they were selected."""
        return list(self.selection_order)

    def select_only(self, ids: list[str]) -> None:
        self.clearSelection()
        for tp_id in ids:
            item = self.cards.get(tp_id)
            if item is not None:
                item.setSelected(True)
        if ids and ids[0] in self.cards:
            for view in self.views():
                view.ensureVisible(self.cards[ids[0]], 40, 40)

    def execute(self, command: Command) -> bool:
        return self.session.execute(command)

    # ------------------------------------------------------------------ in-place editing
    def open_editor(
        self, rect: QRectF, text: str, on_finish, *, pixel_size: int = 12
    ) -> InlineEditor:  # type: ignore[no-untyped-def]
        if self.editor is not None and self.editor.scene() is self:
            self.editor.finish(True)
        editor = InlineEditor(rect, text, on_finish, pixel_size=pixel_size)
        self.editor = editor
        self.addItem(editor)
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        for view in self.views():
            view.ensureVisible(rect, 60, 60)
        return editor

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002
        """Tab in a title editor confirms it and opens the next card (Shift+Tab just confirms)."""
        if self.editor is not None and self.editor.scene() is self:
            self.editor.finish(True, go_next=next)
            return True
        return super().focusNextPrevChild(next)

    def edit_title(self, tp_id: str) -> None:
        tp = self.doc.touchpoint(tp_id)
        rect = self.cards[tp_id].scene_rect()

        def done(text: str, committed: bool, go_next: bool) -> None:
            self.editor = None
            if committed and text and text != tp.title:
                self.execute(Edit("touchpoint", tp_id, {"title": text}, "Edit title"))
            if go_next:
                self.new_card_in(tp.stage, tp.lane, self.position_of(tp_id) + 1)

        self.open_editor(rect, tp.title, done)

    def position_of(self, tp_id: str) -> int:
        tp = self.doc.touchpoint(tp_id)
        return [t.id for t in self.doc.cell(tp.stage, tp.lane)].index(tp_id)

    def new_card_in(
        self,
        stage: str,
        lane: str,
        index: int,
        text: str = "",
        channel: str | None = None,
        *,
        select_text: bool = True,
    ) -> InlineEditor:
        """Open a card editor (empty, or with ``text``) where the new card will go; Enter
        creates the card, with an id made from the title typed (not from ``text``)."""
        count = len(self.doc.cell(stage, lane))
        index = max(0, min(index, count))
        rect = qrect(self.layout.card_rect(stage, lane, index))

        def done(title: str, committed: bool, go_next: bool) -> None:
            self.editor = None
            if not committed or not title:
                return
            tp_id = unique_id(title, self.doc.has_touchpoint)
            tp = Touchpoint(
                id=tp_id, title=title, stage=stage, lane=lane, slot=index, channel=channel
            )
            if self.execute(AddTouchpoint(tp, index)):
                self.select_only([tp_id])
                if go_next:
                    self.new_card_in(stage, lane, index + 1)

        editor = self.open_editor(rect, text, done)
        if not select_text:
            editor.cursor_to_end()
        return editor

    def edit_link_label(self, source: str, target: str) -> None:
        item = self.links.get((source, target))
        if item is None or item.route is None:
            return
        mid = item.route.midpoint()
        rect = QRectF(mid.x - 90, mid.y - 16, 180, 32)
        old = self.doc.link(source, target).label

        def done(text: str, committed: bool, go_next: bool) -> None:
            self.editor = None
            if committed and text != old:
                self.execute(Edit("link", (source, target), {"label": text}, "Edit link label"))

        self.open_editor(rect, old, done, pixel_size=11)

    # ------------------------------------------------------------------ context menu of a card
    def card_context_menu(self, card: CardItem, screen_pos: QPoint) -> None:
        """Select the card (unless it is part of the selection) and ask for its menu."""
        if not card.isSelected():
            self.select_only([card.touchpoint_id])
        self.cardMenuRequested.emit(card.touchpoint_id, screen_pos)

    # ------------------------------------------------------------------ projector text
    def _fit_labels(self) -> None:
        """Every link label as large as ``label_scale`` and the room around it allow."""
        fit_labels(self, [link for link in self.links.values() if not link.live],
                   self.label_scale)

    def set_style(self, style: Style) -> None:
        """Lay the map out with other sizes (projector mode: larger cards, fewer per row)."""
        if style == self.style_:
            return
        self.style_ = style
        for card in self.cards.values():
            card.set_size(style.card_w, style.card_h)
        self.relayout()

    def set_text_scale(self, scale: float, label_scale: float = 1.0) -> None:
        """Draw card titles and header names ``scale`` times larger, and link labels up to
        ``label_scale`` times (projector mode)."""
        if label_scale != self.label_scale:
            self.label_scale = label_scale
            self._fit_labels()
        self.text_scale = scale
        for card in self.cards.values():
            card.set_text_scale(scale)
        for header in self.headers.values():
            # lane headers are narrow: their names grow less, so words are not broken
            wanted = scale if header.axis == "stage" else min(scale, LANE_TEXT_MAX_SCALE)
            if header.text_scale != wanted:
                header.text_scale = wanted
                header.update()

    # ------------------------------------------------------------------ filtering
    def apply_filter(self, matches) -> None:  # type: ignore[no-untyped-def]
        """Dim every card for which ``matches(touchpoint)`` is false (None: show all)."""
        self.filter_active = matches is not None
        shown: set[str] = set()
        for tp_id, item in self.cards.items():
            visible = matches is None or matches(self.doc.touchpoint(tp_id))
            item.set_dimmed(not visible)
            if visible:
                shown.add(tp_id)
        for (s, t), link in self.links.items():
            link.set_dimmed(matches is not None and not (s in shown and t in shown))

    def remove_touchpoints(self, ids: list[str]) -> bool:
        return self.execute(RemoveTouchpoints(ids))
