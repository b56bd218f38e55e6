"""Run by test_projector.py in a process of its own, on an offscreen screen of a given size:
opens the e-commerce example, presses F11 and prints what shows on screen as JSON."""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFontMetricsF
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from journeymap.core.fileformat import load
from journeymap.core.routing import LABEL_SIZE
from journeymap.gui.mainwindow import MainWindow
from journeymap.resources import example


def shown(win: MainWindow) -> dict[str, object]:
    view, scene = win.view, win.scene
    zoom = view.transform().m11()
    cards = list(scene.cards.values())
    labels = [link for link in scene.links.values() if not link.label_box().isNull()]
    header = next(h for h in scene.headers.values() if h.axis == "stage")
    return {
        "zoom": zoom,
        "fitted": view.is_fitted(),
        "bars": view.horizontalScrollBar().isVisible() or view.verticalScrollBar().isVisible(),
        "window": [win.width(), win.height()],
        # the title font's pixel size as drawn, times the view's zoom: pixels on the screen
        "title_px": [c._title_font().pixelSize() * zoom for c in cards],
        "cap_px": [QFontMetricsF(c._title_font()).capHeight() * zoom for c in cards],
        "lines": [len(c._lines) for c in cards],
        # lines a title may take on the card (a short one takes fewer)
        "room_lines": [min(4, int((c.h - 34) // (c.LINE_H * c.text_scale))) for c in cards],
        "label_px": [LABEL_SIZE * link.label_scale * zoom for link in labels],
        "labels_clear": all(
            not a.drawn_label().intersects(b.drawn_label())
            for i, a in enumerate(labels) for b in labels[i + 1:]
        ) and all(
            not link.drawn_label().intersects(card.scene_rect())
            for link in labels for card in cards
        ),
        "card_w": cards[0].w,
        "header_scale": header.text_scale,
        "title": win.session.doc.title,
    }


def main() -> int:
    app = QApplication(sys.argv)
    win = MainWindow(load(example("ecommerce-first-order")))
    win.show()
    QTest.qWaitForWindowExposed(win)
    win.activateWindow()
    win.view.setFocus()
    QTest.keyClick(win.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # fit map
    QTest.qWait(100)
    before = shown(win)
    QTest.keyClick(win.view, Qt.Key.Key_F11)
    QTest.qWait(300)
    present = shown(win)
    # another map file dropped on the window in projector mode: laid out for the room as well
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(example("service-business")))])
    at = QPointF(win.width() / 2, win.height() / 2)
    actions = Qt.DropAction.CopyAction
    for event in (QDragEnterEvent(at.toPoint(), actions, mime, Qt.MouseButton.LeftButton,
                                  Qt.KeyboardModifier.NoModifier),
                  QDropEvent(at, actions, mime, Qt.MouseButton.LeftButton,
                             Qt.KeyboardModifier.NoModifier)):
        QApplication.sendEvent(win, event)
    QTest.qWait(300)
    reopened = shown(win)
    QTest.keyClick(win.view, Qt.Key.Key_Escape)
    QTest.qWait(300)
    after = shown(win)
    print(json.dumps({"before": before, "present": present, "reopened": reopened,
                      "after": after}))
    win.close()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
