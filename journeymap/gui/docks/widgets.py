"""The field editors the inspector's forms are built from.

Text helpers that leave a widget alone when it already shows a value (so a refresh never
moves the cursor of the field being typed in), the title box, the emotion faces, the
colour swatches and the metrics table. Each editor reports user changes only; setting a
value from the document is silent.
"""

from __future__ import annotations

import math
from typing import Any

import msgspec
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QIcon,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QColorDialog,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from journeymap.core.appearance import EMOTION_NAMES, MUTED_INK, PRESETS
from journeymap.core.entities import MAX_ID
from journeymap.gui.canvas.painting import paint_face

ERROR_INK = "#c62828"


class _Invalid:
    """The value of a widget holding something the document must not get."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


def same(a: Any, b: Any) -> bool:
    """Equal as file data (records compare by their fields)."""
    try:
        return bool(msgspec.to_builtins(a) == msgspec.to_builtins(b))
    except TypeError:
        return bool(a == b)


# ---------------------------------------------------------------------- text helpers
def text_of(widget: QLineEdit | QPlainTextEdit) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()


def put_text(widget: QLineEdit | QPlainTextEdit, text: str, fresh: bool) -> None:
    """Show ``text``; a widget already showing it is left alone. Keeps the cursor unless fresh."""
    if text_of(widget) == text and not fresh:
        return
    if isinstance(widget, QPlainTextEdit):
        pos = widget.textCursor().position()
        widget.setPlainText(text)
        cursor = widget.textCursor()
        cursor.setPosition(0 if fresh else min(pos, len(text)))
        widget.setTextCursor(cursor)
    else:
        pos = widget.cursorPosition()
        widget.setText(text)
        widget.setCursorPosition(0 if fresh else min(pos, len(text)))


def lines_of(widget: QPlainTextEdit) -> list[str]:
    """One entry per non-empty line, trimmed."""
    return [line.strip() for line in widget.toPlainText().splitlines() if line.strip()]


def put_lines(widget: QPlainTextEdit, lines: list[str], fresh: bool) -> None:
    if lines_of(widget) == lines and not fresh:
        return
    put_text(widget, "\n".join(lines), fresh)


def text_box(lines: int, placeholder: str = "") -> QPlainTextEdit:
    """A wrapping plain-text editor about ``lines`` lines high."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    margin = int(box.document().documentMargin())
    frame = box.frameWidth()
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 2 * (margin + frame) + 2)
    return box


class TitleEdit(QPlainTextEdit):
    """Card text on two wrapped lines; Return moves on instead of breaking the line."""

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        margin = int(self.document().documentMargin()) + self.frameWidth()
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 2 * margin + 2)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: Any) -> None:  # noqa: N802 (Qt API)
        if source.hasText():
            self.insertPlainText(" ".join(source.text().split()))


class Choice(QComboBox):
    """A combo box that lets the wheel scroll the inspector unless it has focus."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt API)
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class Counter(QSpinBox):
    """A spin box that lets the wheel scroll the inspector unless it has focus."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt API)
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


def combo(items: list[tuple[str, Any]]) -> Choice:
    box = Choice()
    for text, data in items:
        box.addItem(text, data)
    return box


def put_combo(box: QComboBox, data: Any) -> None:
    for i in range(box.count()):
        if box.itemData(i) == data:
            box.setCurrentIndex(i)
            return
    box.setCurrentIndex(0)


# ---------------------------------------------------------------------- emotion
def face_pixmap(emotion: int | None, size: int, active: bool) -> QPixmap:
    """A round face: colour and mouth curve by emotion; None is a dashed empty circle."""
    ratio = 2.0
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setOpacity(1.0 if active else 0.38)
    r = QRectF(1.5, 1.5, size - 3, size - 3)
    if emotion is None:
        pen = QPen(QColor(MUTED_INK), 1.4, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawEllipse(r)
        p.drawLine(QPointF(size * 0.3, size * 0.7), QPointF(size * 0.7, size * 0.3))
        p.end()
        return pixmap
    paint_face(p, r.center(), r.width() / 2, emotion)
    p.end()
    return pixmap


class EmotionPicker(QWidget):
    """Five toggle faces (−2 … 2) and a "no emotion" button; exactly one is on."""

    changed = Signal()
    ICON = 22

    def __init__(self) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.group = QButtonGroup(self)
        self.buttons: dict[int | None, QToolButton] = {}
        for emotion in (-2, -1, 0, 1, 2, None):
            button = QToolButton()
            button.setCheckable(True)
            button.setAutoRaise(True)
            icon = QIcon()
            for state, active in ((QIcon.State.Off, False), (QIcon.State.On, True)):
                icon.addPixmap(face_pixmap(emotion, self.ICON, active), QIcon.Mode.Normal, state)
            button.setIcon(icon)
            button.setIconSize(QSize(self.ICON, self.ICON))
            name = "no emotion" if emotion is None else EMOTION_NAMES[emotion]
            button.setToolTip(name)
            button.setAccessibleName(name)
            button.clicked.connect(lambda _checked=False, e=emotion: self._pick(e))
            self.group.addButton(button)
            self.buttons[emotion] = button
            if emotion is None:
                layout.addSpacing(6)
            layout.addWidget(button)
        layout.addStretch(1)
        self._value: int | None = None
        self.buttons[None].setChecked(True)

    def value(self) -> int | None:
        return self._value

    def set_value(self, emotion: int | None, fresh: bool = False) -> None:
        self._value = emotion
        self.buttons[emotion if emotion in self.buttons else None].setChecked(True)

    def _pick(self, emotion: int | None) -> None:
        if emotion != self._value:
            self._value = emotion
            self.changed.emit()


# ---------------------------------------------------------------------- colour
def swatch_pixmap(colour: str, size: int, checked: bool) -> QPixmap:
    """A rounded colour square; the checked one carries a tick."""
    ratio = 2.0
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor(colour).darker(130), 1))
    p.setBrush(QColor(colour))
    p.drawRoundedRect(QRectF(1.5, 1.5, size - 3, size - 3), 4, 4)
    if checked:
        light = QColor(colour).lightnessF() > 0.7
        pen = QPen(QColor("#263238" if light else "white"), max(1.6, size * 0.11))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        tick = QPainterPath(QPointF(size * 0.28, size * 0.52))
        tick.lineTo(QPointF(size * 0.44, size * 0.68))
        tick.lineTo(QPointF(size * 0.73, size * 0.34))
        p.drawPath(tick)
    p.end()
    return pixmap


def swatch_icon(colour: str, size: int) -> QIcon:
    icon = QIcon()
    icon.addPixmap(swatch_pixmap(colour, size, False), QIcon.Mode.Normal, QIcon.State.Off)
    icon.addPixmap(swatch_pixmap(colour, size, True), QIcon.Mode.Normal, QIcon.State.On)
    return icon


class ColourPicker(QWidget):
    """The six preset swatches (tooltips give their meaning) and a "Custom…" colour."""

    changed = Signal()
    ICON = 20

    def __init__(self) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.group = QButtonGroup(self)
        self.presets: dict[str, QToolButton] = {}
        for hex_, name, meaning in PRESETS:
            button = QToolButton()
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setIcon(swatch_icon(hex_, self.ICON))
            button.setIconSize(QSize(self.ICON, self.ICON))
            button.setToolTip(f"{name.capitalize()} – {meaning}")
            button.setAccessibleName(name)
            button.clicked.connect(lambda _checked=False, c=hex_: self._pick(c))
            self.group.addButton(button)
            self.presets[hex_] = button
            layout.addWidget(button)
        self.custom = QToolButton()
        self.custom.setCheckable(True)
        self.custom.setAutoRaise(True)
        self.custom.setText("Custom…")
        self.custom.setToolTip("Choose any colour")
        self.custom.setIconSize(QSize(self.ICON - 4, self.ICON - 4))
        self.custom.clicked.connect(self._choose)
        self.group.addButton(self.custom)
        layout.addSpacing(4)
        layout.addWidget(self.custom)
        layout.addStretch(1)
        self._value = PRESETS[-1][0]
        self.set_value(self._value)

    def value(self) -> str:
        return self._value

    def set_value(self, colour: str, fresh: bool = False) -> None:
        self._value = colour
        button = self.presets.get(colour.lower())
        if button is not None:
            button.setChecked(True)
            self.custom.setIcon(QIcon())
            self.custom.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        else:
            self.custom.setChecked(True)
            self.custom.setIcon(swatch_icon(colour, self.ICON - 4))
            self.custom.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.custom.setToolTip(f"Custom colour {colour}" if button is None else "Choose any colour")

    def ask_colour(self, initial: QColor) -> QColor:
        """Ask the user for a colour (an invalid QColor when cancelled)."""
        return QColorDialog.getColor(initial, self, "Card colour")

    def _choose(self) -> None:
        chosen = self.ask_colour(QColor(self._value))
        if chosen.isValid():
            self._pick(chosen.name(QColor.NameFormat.HexRgb).lower())
        self.set_value(self._value)  # a cancelled dialog leaves the check where it was

    def _pick(self, colour: str) -> None:
        if colour.lower() != self._value.lower():
            self.set_value(colour)
            self.changed.emit()


# ---------------------------------------------------------------------- metrics
def parse_number(text: str) -> int | float | None:
    """An integer or a finite decimal number, or None."""
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def show_number(number: int | float) -> str:
    """Shortest text that reads back as the same number."""
    return repr(number) if isinstance(number, float) else str(number)


class MetricsEditor(QWidget):
    """A name/value table; rows whose value is not a number are marked and never stored."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Metric", "Value"])
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, 90)
        header.setHighlightSections(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.itemChanged.connect(self._edited)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        self.add_button = QToolButton()
        self.add_button.setText("+ Add")
        self.add_button.setToolTip("Add a metric")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QToolButton()
        self.remove_button.setText("− Remove")
        self.remove_button.setToolTip("Remove the selected metric")
        self.remove_button.clicked.connect(self.remove_row)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self._notes: dict[int, tuple[str, bool]] = {}
        self._fit_height()

    # the field value
    def value(self) -> Any:
        """The metrics of the complete rows in row order, or INVALID while a row is wrong."""
        values, notes = self._analyse()
        return INVALID if any(error for _, error in notes.values()) else values

    def set_value(self, metrics: dict[str, int | float], fresh: bool = False) -> None:
        if not fresh and same(self.value(), metrics):
            return
        self.table.blockSignals(True)
        try:
            self.table.setRowCount(0)
            for name, number in metrics.items():
                self._append(name, show_number(number))
        finally:
            self.table.blockSignals(False)
        self._fit_height()
        self._mark()

    # rows
    def _fit_height(self) -> None:
        """Tall enough for the rows (at least two, at most eight, then it scrolls)."""
        rows = min(max(self.table.rowCount(), 2), 8)
        header = self.table.horizontalHeader().sizeHint().height()
        row = self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(header + rows * row + 2 * self.table.frameWidth())

    def add_row(self) -> None:
        self.table.blockSignals(True)
        try:
            self._append("", "")
        finally:
            self.table.blockSignals(False)
        self._fit_height()
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))  # type: ignore[arg-type]

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.removeRow(row)
        self._fit_height()
        self._edited()

    def _append(self, name: str, value: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        item = QTableWidgetItem(value)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, 1, item)

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _analyse(self) -> tuple[dict[str, int | float], dict[int, tuple[str, bool]]]:
        """Values of the complete, valid rows and a note per other row: (message, is error)."""
        values: dict[str, int | float] = {}
        notes: dict[int, tuple[str, bool]] = {}
        for row in range(self.table.rowCount()):
            name, text = self._cell(row, 0), self._cell(row, 1)
            if not name and not text:
                continue
            if not name:
                notes[row] = ("needs a name before it is saved", False)
                continue
            if len(name) > MAX_ID:
                notes[row] = (f"the name is longer than {MAX_ID} characters; not saved", True)
                continue
            if name in values:
                notes[row] = (f"“{name}” is used twice; not saved", True)
                continue
            if not text:
                notes[row] = (f"“{name}” needs a value before it is saved", False)
                continue
            number = parse_number(text)
            if number is None:
                notes[row] = (f"“{text}” is not a number (e.g. 4.2 or 31); not saved", True)
                continue
            values[name] = number
        return values, notes

    def _edited(self, _item: QTableWidgetItem | None = None) -> None:
        self._mark()
        self.changed.emit()

    def _mark(self) -> None:
        """Colour the rows that are not saved and say why under the table."""
        _, notes = self._analyse()
        self._notes = notes
        self.table.blockSignals(True)
        try:
            for row in range(self.table.rowCount()):
                note = notes.get(row)
                for column in range(2):
                    item = self.table.item(row, column)
                    if item is None:
                        continue
                    item.setToolTip(note[0] if note else "")
                    if note:
                        item.setForeground(QColor(ERROR_INK if note[1] else MUTED_INK))
                        item.setBackground(QColor("#ffebee" if note[1] else "#f5f5f5"))
                    else:
                        item.setData(Qt.ItemDataRole.ForegroundRole, None)
                        item.setData(Qt.ItemDataRole.BackgroundRole, None)
        finally:
            self.table.blockSignals(False)
        if not notes:
            self.message.hide()
            self.message.clear()
            return
        error = any(is_error for _, is_error in notes.values())
        text = "\n".join(f"Row {row + 1}: {msg}" for row, (msg, _) in sorted(notes.items()))
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_INK if error else MUTED_INK};")
        self.message.show()

    def note(self, row: int) -> str:
        """The message shown for ``row`` ("" when the row is saved)."""
        return self._notes.get(row, ("", False))[0]
