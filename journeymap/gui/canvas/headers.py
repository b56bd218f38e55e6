"""Stage and lane header gestures: rename in place, insert, remove, drag to reorder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF
from PySide6.QtWidgets import QMenu

from journeymap.core.commands import (
    AddLane,
    AddStage,
    Edit,
    MoveLane,
    MoveStage,
    RemoveLane,
    RemoveStage,
)
from journeymap.core.entities import Lane, Stage
from journeymap.core.ids import unique_id
from journeymap.gui.canvas.backdrop import qrect
from journeymap.gui.canvas.items import HeaderItem

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import SignalInstance

    from journeymap.core.commands import Command
    from journeymap.core.layout import Layout
    from journeymap.core.model import JourneyMap
    from journeymap.gui.canvas.editors import Finish, InlineEditor
    from journeymap.gui.canvas.items import DropIndicatorItem


class HeaderGestures:
    """Mixed into the scene: what its header items report turns into commands here."""

    # provided by the scene
    doc: JourneyMap
    layout: Layout
    headers: dict[tuple[str, str], HeaderItem]
    indicator: DropIndicatorItem
    editor: InlineEditor | None
    focusChanged: SignalInstance
    status: SignalInstance
    selected_cards: Callable[[], list[str]]

    def execute(self, command: Command) -> bool:
        raise NotImplementedError

    def open_editor(
        self, rect: QRectF, text: str, on_finish: Finish, *, pixel_size: int = 12
    ) -> InlineEditor:
        raise NotImplementedError

    def rename_header(self, axis: str, item_id: str) -> None:
        """Rename a stage or lane in place; Tab confirms and goes on to the next header.

        A new name makes the old description (often a template's) wrong: it is cleared in the
        same undo step, and the status bar says so.
        """
        record = self.doc.stage(item_id) if axis == "stage" else self.doc.lane(item_id)
        self.touch_header(axis, item_id)
        rect = self.headers[(axis, item_id)].sceneBoundingRect().adjusted(1, 1, -1, -1)
        if axis == "lane":
            rect = QRectF(rect.x(), rect.y(), rect.width(), min(rect.height(), 64))

        def done(text: str, committed: bool, go_next: bool) -> None:
            self.editor = None
            if committed and text and text != record.name:
                fields: dict[str, object] = {"name": text}
                described = bool(record.description)
                if described:
                    fields["description"] = ""
                edit = Edit(axis, item_id, fields, f"Rename {axis}")  # type: ignore[arg-type]
                if self.execute(edit) and described:
                    self.status.emit(f"Renamed the {axis} and cleared its old description. "
                                         "Ctrl+Z brings it back.")
            if go_next:
                ids = self._axis_ids(axis)
                if item_id in ids and ids.index(item_id) + 1 < len(ids):
                    self.rename_header(axis, ids[ids.index(item_id) + 1])

        self.open_editor(rect, record.name, done, pixel_size=14)

    # ------------------------------------------------------------------ keyboard
    def current_headers(self) -> dict[str, str]:
        """The stage and lane last touched by the keyboard or a header gesture."""
        current: dict[str, str] | None = getattr(self, "_current_headers", None)
        if current is None:
            current = self._current_headers = {}
        return current

    def touch_header(self, axis: str, item_id: str) -> None:
        """Make a stage or lane the current one, until the card selection changes."""
        self.current_headers()[axis] = item_id
        self.current_headers()["selection"] = self._selection_key()

    def _selection_key(self) -> str:
        return "\n".join(self.selected_cards())

    def _axis_ids(self, axis: str) -> list[str]:
        return [x.id for x in (self.doc.stages if axis == "stage" else self.doc.lanes)]

    def current_header(self, axis: str) -> str | None:
        """The stage (or lane) the structure keys act on: the one last touched, else the
        selected card's, else the first."""
        ids = self._axis_ids(axis)
        chosen = self.current_headers().get(axis)
        if chosen in ids and self.current_headers().get("selection") == self._selection_key():
            return chosen
        cards = self.selected_cards()
        if cards and self.doc.has_touchpoint(cards[-1]):
            tp = self.doc.touchpoint(cards[-1])
            return tp.stage if axis == "stage" else tp.lane
        return ids[0] if ids else None

    def key_rename(self, axis: str) -> None:
        item_id = self.current_header(axis)
        if item_id is not None:
            self.rename_header(axis, item_id)

    def key_insert(self, axis: str, after: int) -> None:
        item_id = self.current_header(axis)
        if item_id is not None:
            self.insert_header(axis, item_id, after)

    def key_move(self, axis: str, delta: int) -> None:
        item_id = self.current_header(axis)
        if item_id is None:
            return
        ids = self._axis_ids(axis)
        index = ids.index(item_id) + delta
        if not 0 <= index < len(ids):
            where = ("first" if delta < 0 else "last")
            self.status.emit(f"The {axis} is already the {where} one.")
            return
        self.touch_header(axis, item_id)
        self.execute(MoveStage(item_id, index) if axis == "stage" else MoveLane(item_id, index))

    def key_remove(self, axis: str) -> None:
        item_id = self.current_header(axis)
        ids = self._axis_ids(axis)
        if item_id is None or len(ids) < 2:
            self.status.emit(f"A map keeps at least one {axis}.")
            return
        index = ids.index(item_id)
        self.remove_header(axis, item_id)
        ids = self._axis_ids(axis)
        if item_id not in ids:
            self.touch_header(axis, ids[min(index, len(ids) - 1)])

    # ------------------------------------------------------------------ sticky headers
    def stick_headers(self, visible: QRectF | None) -> None:
        """Keep the stage headers at the top and the lane headers at the left of ``visible``
        (scene coordinates) while the map scrolls under them; None puts them back."""
        for (axis, _), header in self.headers.items():
            rect = header.rect_
            if visible is None:
                offset = QPointF(0, 0)
            elif axis == "stage":
                offset = QPointF(0, max(0.0, visible.top() - rect.top()))
            else:
                offset = QPointF(max(0.0, visible.left() - rect.left()), 0)
            if header.pos() != offset:
                header.setPos(offset)
                header.setZValue(12 if offset != QPointF(0, 0) else 4)

    def header_dragged(self, header: HeaderItem, pos: QPointF) -> None:
        self.touch_header(header.axis, header.item_id)
        self.focusChanged.emit(header.axis, header.item_id)
        index = self._header_index(header.axis, pos)
        rects = self.layout.stage_headers if header.axis == "stage" else self.layout.lane_headers
        ids = [s.id for s in (self.doc.stages if header.axis == "stage" else self.doc.lanes)]
        if index < len(ids):
            r = qrect(rects[ids[index]])
        else:
            last = qrect(rects[ids[-1]])
            r = (
                QRectF(last.right(), last.top(), 0, last.height())
                if header.axis == "stage"
                else QRectF(last.left(), last.bottom(), last.width(), 0)
            )
        bar = (
            QRectF(r.left() - 3, r.top(), 6, r.height())
            if header.axis == "stage"
            else QRectF(r.left(), r.top() - 3, r.width(), 6)
        )
        self.indicator.show_at(bar)

    def _header_index(self, axis: str, pos: QPointF) -> int:
        if axis == "stage":
            centers = [qrect(self.layout.stage_headers[s.id]).center().x() for s in self.doc.stages]
            return sum(1 for c in centers if pos.x() > c)
        centers = [qrect(self.layout.lane_headers[lane.id]).center().y() for lane in self.doc.lanes]
        return sum(1 for c in centers if pos.y() > c)

    def header_released(self, header: HeaderItem, pos: QPointF, moved: bool) -> None:
        self.indicator.hide()
        self.touch_header(header.axis, header.item_id)
        self.focusChanged.emit(header.axis, header.item_id)
        if not moved:
            return
        axis, item_id = header.axis, header.item_id
        index = self._header_index(axis, pos)
        current = self.doc.stage_index(item_id) if axis == "stage" else self.doc.lane_index(item_id)
        if index > current:
            index -= 1
        if index != current:
            self.execute(MoveStage(item_id, index) if axis == "stage" else MoveLane(item_id, index))

    def header_context_menu(self, axis: str, item_id: str, screen_pos: QPoint) -> None:
        menu = QMenu()
        menu.addAction(f"Rename {axis}", lambda: self.rename_header(axis, item_id))
        menu.addSeparator()
        menu.addAction(f"Insert {axis} before", lambda: self.insert_header(axis, item_id, 0))
        menu.addAction(f"Insert {axis} after", lambda: self.insert_header(axis, item_id, 1))
        menu.addSeparator()
        remove = menu.addAction(f"Remove {axis}", lambda: self.remove_header(axis, item_id))
        count = len(self.doc.stages if axis == "stage" else self.doc.lanes)
        remove.setEnabled(count > 1)
        menu.exec(screen_pos)

    def insert_header(self, axis: str, item_id: str, after: int) -> None:
        if axis == "stage":
            index = self.doc.stage_index(item_id) + after
            new_id = unique_id("stage", lambda i: i in {s.id for s in self.doc.stages}, "stage")
            phase = self.doc.stage(item_id).phase
            ok = self.execute(AddStage(Stage(id=new_id, name="New stage", phase=phase), index))
        else:
            index = self.doc.lane_index(item_id) + after
            new_id = unique_id("lane", lambda i: i in {lane.id for lane in self.doc.lanes}, "lane")
            ok = self.execute(AddLane(Lane(id=new_id, name="New lane"), index))
        if ok:
            self.touch_header(axis, new_id)
            self.rename_header(axis, new_id)

    def remove_header(self, axis: str, item_id: str) -> None:
        pos = 0 if axis == "stage" else 1
        held = sum(len(tps) for cell, tps in self.doc.cells().items() if cell[pos] == item_id)
        if self.execute(RemoveStage(item_id) if axis == "stage" else RemoveLane(item_id)):
            more = f" with {held} touchpoint{'s' if held != 1 else ''}" if held else ""
            self.status.emit(f"Removed the {axis}{more}. Ctrl+Z brings it back.")
