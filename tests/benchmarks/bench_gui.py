"""The editor's canvas on large maps: opening, dragging a card, repainting, the whole map.

    .venv/bin/python tests/benchmarks/bench_gui.py [--sizes 20,200,2000] [--repeat N]

Runs offscreen (``QT_QPA_PLATFORM=offscreen`` unless already set), in one process, with
throw-away settings and recovery folders. Targets at 2,000 touchpoints (smaller maps must
meet them too; larger ones are shown, not judged):

- open: ``fileformat.load(path)`` to a shown ``MainWindow`` whose canvas has painted its
  first view ≤ 1.5 s. Baseline: a bare ``QGraphicsScene`` with as many plain rectangles,
  simple text items and lines, painted in a ``QGraphicsView`` of the same size and zoom.
- drag: one mouse move of a card drag (``sendEvent`` of the move to the viewport, then
  events processed until the viewport has repainted), at 1:1 centred on the card, median
  ≤ 8 ms and ≤ 2× the same on the smallest map. No relayout may happen during the drag.
- repaint: ``viewport().repaint()`` at 1:1 at a few scroll positions, median ≤ 16 ms.
- fit: ``view.fit()`` from 1:1 plus the repaint, ≤ 150 ms.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import _harness as h  # noqa: E402
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QSettings, QStandardPaths, Qt  # noqa: E402
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPen  # noqa: E402
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView, QWidget  # noqa: E402

from journeymap.core import fileformat, layout  # noqa: E402
from journeymap.core.model import JourneyMap  # noqa: E402

TARGET_SIZE = 2_000
OPEN_TARGET_S = 1.5
DRAG_TARGET_MS = 8.0
DRAG_GROWTH = 2.0
REPAINT_TARGET_MS = 16.0
FIT_TARGET_MS = 150.0
DEFAULT_SIZES = "20,200,2000"
#: where the repaint benchmark centres the view, as fractions of the map's width and height
SPOTS = ((0.15, 0.1), (0.5, 0.5), (0.85, 0.3), (0.3, 0.8), (0.7, 0.95))


def offscreen_app(folder: Path) -> QApplication:
    """The QApplication, with settings and the recovery folder under ``folder``."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    QStandardPaths.setTestModeEnabled(True)
    app.setOrganizationName("JourneyMapBench")
    app.setApplicationName("JourneyMapBench")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder / "settings"))
    from journeymap.gui import autosave

    autosave.default_recovery_dir = lambda: folder / "recovery"  # type: ignore[assignment]
    return app


class PaintWatch(QObject):
    """Counts the paint events of a widget and the area they cover."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.widget = widget
        self.count = 0
        self.area = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.count += 1
            region = event.region()  # type: ignore[attr-defined]
            self.area += sum(r.width() * r.height() for r in region)
        return False

    def settle(self, need_paint: bool = True, limit: int = 200) -> None:
        """Process events until the widget has painted (if ``need_paint``) and a further
        round of events paints nothing more."""
        app = QApplication.instance()
        start = self.count
        for _ in range(limit):
            before = self.count
            app.processEvents()
            if self.count == before and (self.count > start or not need_paint):
                return
        raise RuntimeError("the view did not settle")


def close_widget(widget: QWidget) -> None:
    widget.close()
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


# ---------------------------------------------------------------------- open
def open_window(path: Path):  # type: ignore[no-untyped-def]
    """Load ``path`` and show it in a MainWindow until its canvas has painted; return the
    window, its paint watch and the times of load, construction and show-to-painted."""
    from journeymap.gui.mainwindow import MainWindow

    t0 = time.perf_counter_ns()
    doc = fileformat.load(path)
    t1 = time.perf_counter_ns()
    win = MainWindow(doc, path)
    t2 = time.perf_counter_ns()
    watch = PaintWatch(win.view.viewport())
    win.show()
    watch.settle()
    t3 = time.perf_counter_ns()
    return win, watch, (t1 - t0, t2 - t1, t3 - t2)


Plan = tuple[list[tuple[float, float, float, float, str]], list[tuple[float, float, float, float]]]


def baseline_plan(doc: JourneyMap) -> Plan:
    """Cards (x, y, w, h, title) and links (x1, y1, x2, y2) of the map, for the bare scene."""
    lay = layout.compute(doc)
    cards = [(r.x, r.y, r.w, r.h, doc.touchpoint(tp_id).title) for tp_id, r in lay.cards.items()]
    lines = []
    for link in doc.links():
        a, b = lay.cards[link.source], lay.cards[link.target]
        lines.append((a.x + a.w, a.y + a.h / 2, b.x, b.y + b.h / 2))
    return cards, lines


def open_baseline(plan, view_state) -> QGraphicsView:  # type: ignore[no-untyped-def]
    """The bare scene: plain rectangles, simple text and lines, painted in a plain view of
    the size and zoom the editor opened with."""
    cards, lines = plan
    size, zoom, centre = view_state
    scene = QGraphicsScene()
    pen, brush = QPen(QColor("#b0bec5")), QBrush(QColor("#ffffff"))
    for x, y, w, hgt, title in cards:
        scene.addRect(x, y, w, hgt, pen, brush)
        scene.addSimpleText(title).setPos(x + 14, y + 8)
    link_pen = QPen(QColor("#78909c"), 1.6)
    for x1, y1, x2, y2 in lines:
        scene.addLine(x1, y1, x2, y2, link_pen)
    view = QGraphicsView(scene)
    view._scene_ref = scene  # type: ignore[attr-defined]  # the view does not own its scene
    view.resize(size)
    view.scale(zoom, zoom)
    view.centerOn(centre)
    watch = PaintWatch(view.viewport())
    view.show()
    watch.settle()
    return view


def bench_open(size: int, path: Path, doc: JourneyMap, repeat: int) -> list[h.Row]:
    win, _, _ = open_window(path)  # warm-up; also gives the size and zoom of the first view
    view = win.view
    vp = view.viewport()
    frame = view.size() - vp.size()
    state = (vp.size() + frame, view.zoom(), view.mapToScene(vp.rect().center()))
    close_widget(win)
    plan = baseline_plan(doc)
    close_widget(open_baseline(plan, state))
    total: list[int] = []
    phases: list[tuple[int, int, int]] = []
    base: list[int] = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter_ns()
        win, _, times = open_window(path)
        total.append(time.perf_counter_ns() - t0)
        phases.append(times)
        close_widget(win)
        del win
        gc.collect()
        t0 = time.perf_counter_ns()
        bare = open_baseline(plan, state)
        base.append(time.perf_counter_ns() - t0)
        close_widget(bare)
        del bare
    ratio = statistics.median(a / b for a, b in zip(total, base, strict=True))
    row = h.Row("open", size, "load → painted window", total, base, ratio)
    row.note = f"first view at {state[1]:.0%}"
    judge(row, size, OPEN_TARGET_S * 1e9, f"≤ {OPEN_TARGET_S:g} s")
    rows = [row]
    for i, what in enumerate(("fileformat.load", "MainWindow()", "show → painted")):
        rows.append(h.Row("open", size, f"  {what}", [p[i] for p in phases], note="info"))
    return rows


def judge(row: h.Row, size: int, limit_ns: float, target: str) -> None:
    row.target = target
    if size <= TARGET_SIZE:
        row.ok = row.median <= limit_ns


# ---------------------------------------------------------------------- drag
def _mouse(kind: QEvent.Type, pos: QPoint, view: QGraphicsView, held: bool) -> QMouseEvent:
    local = QPointF(pos)
    glob = QPointF(view.viewport().mapToGlobal(pos))
    left = Qt.MouseButton.LeftButton
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else left
    buttons = left if held else Qt.MouseButton.NoButton
    return QMouseEvent(kind, local, glob, button, buttons, Qt.KeyboardModifier.NoModifier)


def _busiest_card(win) -> str:  # type: ignore[no-untyped-def]
    """A card near the middle of the map with the most links (ties: the first)."""
    graph = win.scene.doc.graph
    ids = [tp.id for tp in win.scene.doc.touchpoints()]
    middle = ids[len(ids) // 3 : max(len(ids) // 3 + 1, 2 * len(ids) // 3)]
    return max(middle, key=graph.degree)


def bench_drag(size: int, win, watch: PaintWatch, moves: int) -> tuple[h.Row, dict[str, float]]:  # type: ignore[no-untyped-def]
    view, scene = win.view, win.scene
    card = scene.cards[_busiest_card(win)]
    view.set_zoom(1.0)
    grip = card.scenePos() + QPointF(card.w * 0.4, card.h * 0.5)
    view.centerOn(grip)
    watch.settle(need_paint=False)
    calls = {"relayout": 0, "route": 0}
    relayout, route = scene.relayout, scene._route

    def counted_relayout(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["relayout"] += 1
        return relayout(*args, **kwargs)

    def counted_route(item):  # type: ignore[no-untyped-def]
        calls["route"] += 1
        return route(item)

    scene.relayout, scene._route = counted_relayout, counted_route
    viewport = view.viewport()
    start = view.mapFromScene(grip)
    QApplication.sendEvent(viewport, _mouse(QEvent.Type.MouseButtonPress, start, view, True))
    watch.settle(need_paint=False)
    # a zig-zag of 4-pixel steps, up to 64 pixels either side: the card stays in view
    path = [
        start + QPoint(4 * (abs((i % 64) - 32) - 16), 2 * ((i // 8) % 5 - 2))
        for i in range(moves + 20)
    ]
    samples: list[int] = []
    areas: list[int] = []
    first = 0
    try:
        for i, pos in enumerate(path):
            event = _mouse(QEvent.Type.MouseMove, pos, view, True)
            area = watch.area
            if i == 20:
                calls["route"] = 0
            if i % 50 == 0:
                gc.collect()
            t0 = time.perf_counter_ns()
            QApplication.sendEvent(viewport, event)
            watch.settle()
            t = time.perf_counter_ns() - t0
            if i == 0:
                first = t
            elif i >= 20:  # the first 20 moves warm up
                samples.append(t)
                areas.append(watch.area - area)
    finally:
        QApplication.sendEvent(viewport, _mouse(QEvent.Type.MouseMove, start, view, True))
        QApplication.sendEvent(viewport, _mouse(QEvent.Type.MouseButtonRelease, start, view, False))
        watch.settle(need_paint=False)
        scene.relayout, scene._route = relayout, route
    vp_area = viewport.width() * viewport.height()
    row = h.Row("drag", size, "one mouse move + repaint", samples)
    info = {
        "relayouts": calls["relayout"],
        "routes_per_move": calls["route"] / len(samples),
        "painted_share": statistics.median(areas) / vp_area,
        "links": scene.doc.graph.degree(card.touchpoint_id),
        "first_move_ns": first,
    }
    row.extra = info
    return row, info


# ---------------------------------------------------------------------- repaint and fit
def bench_repaint(size: int, win, watch: PaintWatch, repeat: int) -> list[h.Row]:  # type: ignore[no-untyped-def]
    view = win.view
    bounds = win.scene.layout.bounds
    view.set_zoom(1.0)
    warm: list[int] = []
    cold: list[int] = []
    for fx, fy in SPOTS:
        view.centerOn(QPointF(bounds.x + fx * bounds.w, bounds.y + fy * bounds.h))
        gc.collect()
        cold.append(h.time_once(view.viewport().repaint))  # newly exposed cards, first paint
        watch.settle(need_paint=False)
        warm += h.repeated(view.viewport().repaint, repeat, warmup=1)
    row = h.Row("repaint", size, f"at 1:1, {len(SPOTS)} places", warm)
    judge(row, size, REPAINT_TARGET_MS * 1e6, f"≤ {REPAINT_TARGET_MS:g} ms")
    return [row, h.Row("repaint", size, "  after scrolling there (first paint)", cold, note="info")]


def bench_fit(size: int, win, watch: PaintWatch, repeat: int) -> list[h.Row]:  # type: ignore[no-untyped-def]
    view = win.view
    bounds = win.scene.layout.bounds
    centre = QPointF(bounds.x + bounds.w / 2, bounds.y + bounds.h / 2)

    def at_one_to_one() -> None:
        view.set_zoom(1.0)
        view.centerOn(centre)
        view.viewport().repaint()
        watch.settle(need_paint=False)

    def fit() -> None:
        view.fit()
        view.viewport().repaint()

    samples: list[int] = []
    first = 0
    for i in range(repeat + 1):
        at_one_to_one()
        gc.collect()
        t = h.time_once(fit)
        if i:
            samples.append(t)
        else:
            first = t
    watch.settle(need_paint=False)
    again = h.repeated(view.viewport().repaint, repeat, warmup=1)
    row = h.Row("fit", size, "fit() from 1:1 + repaint", samples, note=f"zoom {view.zoom():.0%}")
    judge(row, size, FIT_TARGET_MS * 1e6, f"≤ {FIT_TARGET_MS:g} ms")
    return [
        row,
        h.Row("fit", size, "  the first time (caches made at this zoom)", [first], note="info"),
        h.Row("fit", size, "  repaint when fitted", again, note="info"),
    ]


# ---------------------------------------------------------------------- main
def run(sizes: list[int], repeat: int | None, folder: Path) -> list[h.Row]:
    offscreen_app(folder)
    make_map = h.synthetic().make_map
    rows: list[h.Row] = []
    drags: dict[int, h.Row] = {}
    for size in sorted(sizes):
        doc = make_map(size, seed=1)
        path = folder / f"bench-{size}.journeymap"
        fileformat.save(doc, path, backup=False)
        rows += bench_open(size, path, doc, repeat or h.default_repeat(size, 7, 3))
        print(f"  open: {size:,} done", file=sys.stderr, flush=True)
        win, watch, _ = open_window(path)
        row, info = bench_drag(size, win, watch, repeat or 200)
        drags[size] = row
        rows.append(row)
        rows.append(h.Row("drag", size, "  the first move", [info["first_move_ns"]], note="info"))
        rows += bench_repaint(size, win, watch, repeat or 5)
        rows += bench_fit(size, win, watch, repeat or 5)
        close_widget(win)
        del win
        row.note = (
            f"{info['links']} links; {info['routes_per_move']:.1f} re-routed a move; "
            f"{info['relayouts']} relayouts; {info['painted_share']:.0%} of view painted"
        )
        print(f"  drag, repaint, fit: {size:,} done", file=sys.stderr, flush=True)
    smallest = min(drags)
    for size, row in drags.items():
        row.target = f"≤ {DRAG_TARGET_MS:g} ms"
        if size != smallest:
            row.target += f", ≤ {DRAG_GROWTH:g}× {smallest:,}"
        if size != smallest:
            row.baseline_ns = drags[smallest].samples_ns
            row.ratio = row.median / drags[smallest].median
        if size <= TARGET_SIZE:
            row.ok = (
                row.median <= DRAG_TARGET_MS * 1e6
                and (row.ratio is None or row.ratio <= DRAG_GROWTH)
                and row.extra["relayouts"] == 0
            )
    return rows


def main() -> int:
    p = h.parser(__doc__.splitlines()[0])
    p.set_defaults(sizes=DEFAULT_SIZES)
    args = p.parse_args()
    started = time.perf_counter()
    with h.folder(args.dir) as folder:
        rows = run(h.sizes_of(args.sizes), args.repeat, folder)
    return h.finish("canvas (offscreen)", rows, args, started)

if __name__ == "__main__":
    raise SystemExit(main())
