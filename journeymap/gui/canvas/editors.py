"""In-place text editing on the canvas (card titles, new cards, header names)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPainter, QPen, QTextCursor, QTextOption
from PySide6.QtWidgets import QGraphicsTextItem, QStyleOptionGraphicsItem, QWidget

from journeymap.gui.canvas.painting import colour, font

#: on_finish(text, committed, go_next)
Finish = Callable[[str, bool, bool], None]


class InlineEditor(QGraphicsTextItem):
    """A text box over a card or header. Enter confirms, Esc cancels, Tab confirms and
    asks for the next one, clicking elsewhere confirms."""

    def __init__(self, rect: QRectF, text: str, on_finish: Finish, *, pixel_size: int = 12) -> None:
        super().__init__()
        self.box = QRectF(0, 0, rect.width(), rect.height())
        self.on_finish = on_finish
        self._done = False
        self.setPos(rect.topLeft())
        self.setZValue(20)
        self.setFont(font(pixel_size))
        self.setTextWidth(rect.width() - 8)
        self.document().setDocumentMargin(6)
        option = self.document().defaultTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
        self.setPlainText(text)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)
        cursor = self.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        self.setTextCursor(cursor)

    def cursor_to_end(self) -> None:
        """Typing goes on after the text (instead of replacing it)."""
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.setTextCursor(cursor)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self.box.united(super().boundingRect())

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(colour("#1565c0"), 2))
        painter.setBrush(colour("#ffffff"))
        painter.drawRoundedRect(self.boundingRect().adjusted(1, 1, -1, -1), 6, 6)
        super().paint(painter, option, widget)

    def text(self) -> str:
        return " ".join(self.toPlainText().split())

    def finish(self, committed: bool, go_next: bool = False) -> None:
        if self._done:
            return
        self._done = True
        text = self.text()
        scene = self.scene()
        if scene is not None:
            scene.removeItem(self)
        self.on_finish(text, committed, go_next)

    def sceneEvent(self, event: QEvent) -> bool:  # noqa: N802
        # QGraphicsTextItem hands Tab straight to its text control (inserting a tab);
        # here Tab means "confirm and start the next card".
        is_tab = (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        )
        if is_tab:
            assert isinstance(event, QKeyEvent)
            self.finish(True, go_next=event.key() == Qt.Key.Key_Tab)
            event.accept()
            return True
        return super().sceneEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if (
            key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.finish(True)
        elif key == Qt.Key.Key_Escape:
            self.finish(False)
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.finish(True, go_next=True)
        else:
            super().keyPressEvent(event)
        event.accept()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        if event.reason() not in (
            Qt.FocusReason.PopupFocusReason,
            Qt.FocusReason.ActiveWindowFocusReason,
        ):
            self.finish(True)
