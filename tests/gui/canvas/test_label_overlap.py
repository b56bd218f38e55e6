"""Link labels on the canvas, read back from the items: no two overlap, none lies on a card,
at normal zoom and in projector mode (F11), and a font wider than the core measured for
still keeps every label's text inside its box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from journeymap.core.model import JourneyMap
from journeymap.gui.canvas import linklayer, painting
from journeymap.gui.mainwindow import MainWindow


def _labels(win: MainWindow) -> list[tuple[str, QRectF, QRectF]]:
    """(label text, painted rect, backing rect) of every placed label, scene coordinates; in
    projector mode the backing is the grown one the label is drawn on."""
    out = []
    for link in win.scene.links.values():
        drawn = link.label_drawn_rect()
        if not drawn.isNull():
            box = link.mapRectToScene(link.drawn_label())
            out.append((link._label_text, drawn, box))
    return out


def _assert_clear(win: MainWindow, where: str) -> None:
    labels = _labels(win)
    assert len(labels) >= 10, where
    cards = [card.scene_rect() for card in win.scene.cards.values()]
    for n, (text, drawn, box) in enumerate(labels):
        # the text stays on its backing: what the core measured is what is painted
        assert box.adjusted(-0.5, -0.5, 0.5, 0.5).contains(drawn), (where, text, drawn, box)
        for card in cards:
            assert not drawn.intersects(card), (where, f"label {text!r} on a card")
        for other, drawn_other, _ in labels[n + 1:]:
            assert not drawn.intersects(drawn_other), (where, f"{text!r} over {other!r}")


def _shown(qtbot: QtBot, doc: JourneyMap, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    win = MainWindow(doc)
    monkeypatch.setattr(win, "ask_save_changes", lambda: QMessageBox.StandardButton.Discard)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.view.setFocus()
    qtbot.waitUntil(lambda: win.view.hasFocus(), timeout=2000)
    return win


def _present(qtbot: QtBot, win: MainWindow) -> None:
    before = win.view.transform().m11()
    qtbot.keyClick(win.view, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: win.act_present.isChecked(), timeout=2000)
    win.setGeometry(0, 0, 1920, 1080)  # the projector's screen
    qtbot.waitUntil(lambda: win.view.transform().m11() != before, timeout=3000)
    assert win.scene.text_scale > 1.0  # projector text: titles and headers drawn larger


def test_labels_clear_of_each_other_and_of_cards_at_normal_and_projector_zoom(
    qtbot: QtBot, example_doc: JourneyMap, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = _shown(qtbot, example_doc, monkeypatch)
    # the canvas draws with the font the core measures with: the bundled one, registered
    assert all(n >= 0 for n in painting.bundled_fonts())
    assert QFontInfo(painting.font(10)).family() == painting.FONT_FAMILY
    _assert_clear(win, "normal")
    texts = sorted(text for text, _, _ in _labels(win))
    _present(qtbot, win)
    _assert_clear(win, "projector")
    # projector mode lays the cards out again for the screen: every label shown before still
    # finds a place (or more, with the wider gaps)
    shown = sorted(text for text, _, _ in _labels(win))
    assert set(texts) <= set(shown), set(texts) - set(shown)
    qtbot.keyClick(win.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not win.act_present.isChecked(), timeout=2000)
    assert win.scene.text_scale == 1.0


def test_a_wider_font_than_the_core_measured_stays_inside_the_boxes(
    qtbot: QtBot, example_doc: JourneyMap, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A machine without DejaVu Sans substitutes a wider font: the text is narrowed into the
    core's box instead of spilling over the next label."""
    plain = linklayer.font

    def wide(pixel_size: int, *args: object) -> QFont:
        f = QFont(plain(pixel_size, *args))  # type: ignore[arg-type]
        f.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 145)
        return f

    monkeypatch.setattr(linklayer, "font", wide)
    win = _shown(qtbot, example_doc, monkeypatch)
    squeezed = [link for link in win.scene.links.values()
                if not link._label_box.isNull() and link._label_squeeze() < 0.95]
    assert len(squeezed) >= 10  # the wide font really is wider than the boxes
    _assert_clear(win, "wide font")
    _present(qtbot, win)
    _assert_clear(win, "wide font, projector")
