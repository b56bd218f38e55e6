"""The cached picture of the links shows what painting every link directly would show."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QGraphicsItem
from pytestqt.qtbot import QtBot

from journeymap.core import appearance
from journeymap.core.commands import MoveTouchpoint
from journeymap.core.model import JourneyMap
from journeymap.gui.canvas.curves import PiecewiseCurve, pieces_for
from journeymap.gui.canvas.scene import MapScene
from journeymap.gui.canvas.view import MapView
from journeymap.gui.session import Session


def _bezier(c: tuple[tuple[float, float], ...], t: float) -> tuple[float, float]:
    u = 1 - t
    w = (u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t)
    x = sum(k * p[0] for k, p in zip(w, c, strict=True))
    return x, sum(k * p[1] for k, p in zip(w, c, strict=True))


def test_pieces_are_the_curve_and_culling_keeps_what_is_near() -> None:
    c = ((0.0, 0.0), (300.0, 0.0), (700.0, 6000.0), (1000.0, 6000.0))
    n = pieces_for(c, 1.0)
    assert n > 10 and pieces_for(c, 0.05) < n / 10
    curve = PiecewiseCurve.cubic(c, n)
    for k, piece in enumerate(curve.pieces):
        for s in (0.0, 0.3, 1.0):
            x, y = _bezier(piece, s)
            ex, ey = _bezier(c, (k + s) / n)
            assert math.isclose(x, ex, abs_tol=1e-6) and math.isclose(y, ey, abs_tol=1e-6)
    assert curve.pieces[0][0] == c[0] and curve.pieces[-1][3] == c[3]
    assert curve.path(QRectF(5000, 0, 100, 100), 4) is None
    assert curve.path(QRectF(-10, -10, 2000, 7000), 4) is curve.whole()
    middle = curve.path(QRectF(0, 2900, 1000, 200), 4)
    assert middle is not None and 0 < middle.elementCount() < curve.whole().elementCount()
    # a dashed stroke starts at the first point, so the part drawn must start there too
    dashed = curve.path(QRectF(0, 2900, 1000, 200), 4, from_start=True)
    assert dashed is not None and dashed.elementAt(0).x == 0 and dashed.elementAt(0).y == 0


@pytest.fixture
def solid_links(monkeypatch: pytest.MonkeyPatch) -> None:
    # Qt phases a dash pattern by where the painter's device is, so only solid lines compare
    # pixel for pixel between a cached and a direct picture.
    monkeypatch.setattr(appearance, "LINK_DASHES", dict.fromkeys(appearance.LINK_DASHES, ()))


def _grab(view: MapView) -> QImage:
    return view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)


def _assert_cache_is_current(view: MapView, scene: MapScene, step: str) -> None:
    QApplication.processEvents()
    shown = _grab(view)
    scene.link_layer.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    direct = _grab(view)
    scene.link_layer.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    view.viewport().repaint()
    # compositing the cached picture rounds a channel by a unit or two here and there
    pairs = zip(bytes(shown.constBits()), bytes(direct.constBits()), strict=True)
    worst = max(abs(x - y) for x, y in pairs)
    assert worst <= 3, f"{step}: a channel differs by {worst}"


def _mouse(view: MapView, kind: QEvent.Type, pos: QPoint, held: bool) -> None:
    left = Qt.MouseButton.LeftButton
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else left
    event = QMouseEvent(
        kind,
        QPointF(pos),
        QPointF(view.viewport().mapToGlobal(pos)),
        button,
        left if held else Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view.viewport(), event)
    QApplication.processEvents()


@pytest.mark.usefixtures("solid_links")
def test_cached_links_match_direct_painting(qtbot: QtBot, example_doc: JourneyMap) -> None:
    session = Session(example_doc)
    scene = MapScene(session)
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_zoom(1.0)
    doc = example_doc
    busiest = max((tp.id for tp in doc.touchpoints()), key=doc.graph.degree)
    card = scene.cards[busiest]
    view.centerOn(card)
    _assert_cache_is_current(view, scene, "1:1")

    start = view.mapFromScene(card.scenePos() + QPointF(card.w * 0.4, card.h / 2))
    _mouse(view, QEvent.Type.MouseButtonPress, start, True)
    for i in range(1, 12):
        _mouse(view, QEvent.Type.MouseMove, start + QPoint(6 * i, 9 * i), True)
    assert any(link.live for link in scene.links.values())
    _assert_cache_is_current(view, scene, "mid-drag")  # the moving links paint themselves
    _mouse(view, QEvent.Type.MouseButtonRelease, start + QPoint(66, 99), False)
    assert not any(link.live for link in scene.links.values())
    _assert_cache_is_current(view, scene, "dropped")

    other = next(tp for tp in doc.touchpoints() if tp.id != busiest)
    assert session.execute(MoveTouchpoint(busiest, other.stage, other.lane, 0))
    _assert_cache_is_current(view, scene, "moved")
    session.stack.undo()
    _assert_cache_is_current(view, scene, "undone")

    link = next(iter(scene.links.values()))
    link.setSelected(True)
    _assert_cache_is_current(view, scene, "link selected")
    scene.clearSelection()
    scene.apply_filter(lambda tp: tp.id == busiest)
    _assert_cache_is_current(view, scene, "filtered")
    scene.apply_filter(None)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 97)
    _assert_cache_is_current(view, scene, "scrolled")
    assert session.execute(MoveTouchpoint(busiest, other.stage, other.lane, 0))
    session.stack.undo()
    view.fit()
    _assert_cache_is_current(view, scene, "fitted")


def test_no_line_runs_over_another_links_label(qtbot: QtBot, example_doc: JourneyMap) -> None:
    """Every route is painted before every label: where another link's line crosses a
    label's backing, the backing's blank padding stays white."""
    from journeymap.core.routing import polyline

    scene = MapScene(Session(example_doc))
    view = MapView(scene)
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    qtbot.waitExposed(view)
    view.set_zoom(1.0)
    crossings = []
    for item in scene.links.values():
        r = item.route.label_rect if item.route is not None else None
        if r is None:
            continue
        x = r.x + 2.0  # inside the backing, left of the text (the padding is 5)
        for other in scene.links.values():
            if other is item or other.route is None:
                continue
            pts = polyline(other.route)
            for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
                if ay == by and r.y + 4 < ay < r.bottom - 4 and min(ax, bx) < x < max(ax, bx):
                    crossings.append((item, QPointF(x, ay)))
    assert len(crossings) >= 2, "the example has lines crossing labels"
    for item, point in crossings:
        view.centerOn(point)
        QApplication.processEvents()
        image = _grab(view)
        pos = view.mapFromScene(point)
        pixel = image.pixelColor(pos.x(), pos.y())
        assert min(pixel.red(), pixel.green(), pixel.blue()) >= 235, (item.label, pixel.name())
