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

    def execute(self, command: Command) -> bool:
        raise NotImplementedError

    def open_editor(
        self, rect: QRectF, text: str, on_finish: Finish, *, pixel_size: int = 12
    ) -> InlineEditor:
        raise NotImplementedError

    def rename_header(self, axis: str, item_id: str) -> None:
        record = self.doc.stage(item_id) if axis == "stage" else self.doc.lane(item_id)
        rect = self.headers[(axis, item_id)].rect_
        if axis == "lane":
            rect = QRectF(rect.x(), rect.y(), rect.width(), min(rect.height(), 64))

        def done(text: str, committed: bool, go_next: bool) -> None:
            self.editor = None
            if committed and text and text != record.name:
                self.execute(Edit(axis, item_id, {"name": text}, f"Rename {axis}"))  # type: ignore[arg-type]

        self.open_editor(rect, record.name, done, pixel_size=14)

    def header_dragged(self, header: HeaderItem, pos: QPointF) -> None:
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
            self.rename_header(axis, new_id)

    def remove_header(self, axis: str, item_id: str) -> None:
        pos = 0 if axis == "stage" else 1
        held = sum(len(tps) for cell, tps in self.doc.cells().items() if cell[pos] == item_id)
        if self.execute(RemoveStage(item_id) if axis == "stage" else RemoveLane(item_id)):
            more = f" with {held} touchpoint{'s' if held != 1 else ''}" if held else ""
            self.status.emit(f"Removed the {axis}{more}. Ctrl+Z brings it back.")
