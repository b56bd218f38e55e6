"""A key that changes no geometry (emotion, colour, mark) keeps the links' routes: routing
and label placement are what made one key take a quarter second at 2,000 cards (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from journeymap.core import routing
from journeymap.gui.mainwindow import MainWindow


def test_emotion_colour_and_mark_keys_do_not_route_again(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = routing.route_all

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(routing, "route_all", counted)
    doc = window.session.doc
    tp = next(t for t in doc.touchpoints() if any(t.id in pair for pair in window.scene.links))
    window.scene.select_only([tp.id])
    routes = dict(window.scene.layout.routes)
    mark, colour, stage = tp.moment_of_truth, tp.colour, tp.stage
    for key in (Qt.Key.Key_5, Qt.Key.Key_C, Qt.Key.Key_M, Qt.Key.Key_1):
        qtbot.keyClick(window.view, key)
    card = doc.touchpoint(tp.id)
    assert (card.emotion, card.moment_of_truth) == (-2, not mark) and card.colour != colour
    assert calls == []
    points = dict(window.scene.layout.emotion_points)  # the emotion curve follows the key
    assert points[tp.id].y == window.scene.layout.emotion_y(-2)
    assert window.scene.layout.routes == routes
    assert window.scene.cards[tp.id].isSelected()
    # a move changes the geometry: the links are routed again, and follow the card
    qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert doc.touchpoint(tp.id).stage != stage
    assert window.scene.layout.routes != routes
    assert calls
