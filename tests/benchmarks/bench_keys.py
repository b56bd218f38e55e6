"""Keyboard edits on large maps: one key to a repainted card, ten keys, the Insights stall.

    .venv/bin/python tests/benchmarks/bench_keys.py [--sizes 200,2000] [--repeat N]

Runs offscreen (``QT_QPA_PLATFORM=offscreen`` unless already set), in one process, with
throw-away settings and recovery folders (the autosaver is detached). A ``MainWindow`` shows
``make_map(n, seed=1)`` with its docks as they open by default; one card is selected and the
canvas has focus.

- key: ``QTest.keyClick`` of an emotion key (``4`` and ``2`` in turn, so every key changes
  the card) on the canvas, then events processed until the viewport has repainted and a
  further round paints nothing. Baseline: ``QTest.keyClick`` of a letter on an empty
  ``QLineEdit`` in its own window, then events processed until it has repainted.
- ten keys: ten such keys in a row (``1`` … ``5``, ``M``, ``C``, ``1`` … ``3``: emotion,
  moment of truth, colour), then repainted. Baseline: ten letters into the ``QLineEdit``.
- insights stall: the longest gap between the ticks of a 2 ms timer while the Insights dock
  refreshes after an edit (``bench_insights.py``'s probe). Baseline: the same edit followed
  by ``dock.refresh()`` on the UI thread.

Targets (issue 13), at 2,000 cards and below: key ≤ 30 ms, ten keys ≤ 0.5 s, insights stall
≤ 50 ms. Subject and baseline run in turn; the ratio is the median of the pair-by-pair ratios.
The script asserts after every timed key that the card really changed.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import _harness as h  # noqa: E402
from bench_gui import PaintWatch, close_widget, offscreen_app  # noqa: E402
from bench_insights import Bench, GcLog, Probe, Runs  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox  # noqa: E402

from journeymap.core import fileformat  # noqa: E402

TARGET_SIZE = 2_000
KEY_TARGET_MS = 30.0
TEN_TARGET_MS = 500.0
STALL_TARGET_MS = 50.0
DEFAULT_SIZES = "200,2000"
TEN = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5,
       Qt.Key.Key_M, Qt.Key.Key_C, Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3]


def open_window(path: Path) -> Any:
    from journeymap.gui.mainwindow import MainWindow

    win = MainWindow(fileformat.load(path), path)
    win.autosaver.set_session(None)  # no recovery copies written during the runs
    # never a modal question on close, whatever the runs changed
    win.ask_save_changes = lambda: QMessageBox.StandardButton.Discard
    win.show()
    win.activateWindow()
    win.view.setFocus()
    return win


class LineBaseline:
    """An empty QLineEdit in its own window: the cheapest key-to-pixels path in Qt."""

    def __init__(self) -> None:
        self.edit = QLineEdit()
        self.edit.resize(400, 40)
        self.edit.show()
        self.watch = PaintWatch(self.edit)
        self.watch.settle(need_paint=False)

    def keys(self, count: int) -> None:
        self.edit.clear()
        self.watch.settle(need_paint=False)

    def press(self, count: int) -> None:
        for _ in range(count):
            QTest.keyClick(self.edit, Qt.Key.Key_A)
        self.watch.settle()
        if len(self.edit.text()) != count:
            raise RuntimeError("the baseline's keys did not arrive")


class Keys:
    def __init__(self, win: Any, watch: PaintWatch) -> None:
        self.win, self.watch = win, watch
        self.card = next(iter(win.session.doc.touchpoints())).id
        win.scene.select_only([self.card])
        win.view.ensureVisible(win.scene.cards[self.card], 20, 20)
        watch.settle(need_paint=False)
        self.turn = 0

    def one(self) -> None:
        self.turn += 1
        key, emotion = ((Qt.Key.Key_4, 1), (Qt.Key.Key_2, -1))[self.turn % 2]
        QTest.keyClick(self.win.view, key)
        self.watch.settle()
        if self.win.session.doc.touchpoint(self.card).emotion != emotion:
            raise RuntimeError("the emotion key did not change the card")

    def ten(self) -> None:
        doc = self.win.session.doc
        before = doc.touchpoint(self.card)
        mot, colour = before.moment_of_truth, before.colour
        for key in TEN:
            QTest.keyClick(self.win.view, key)
        self.watch.settle()
        tp = doc.touchpoint(self.card)
        if tp.emotion != 0 or tp.moment_of_truth == mot or tp.colour == colour:
            raise RuntimeError("the ten keys were not all applied")


def timed_pairs(subject: Any, baseline: Any, repeat: int) -> tuple[list[int], list[int], float]:
    for _ in range(2):
        subject()
        baseline()
    a: list[int] = []
    b: list[int] = []
    for _ in range(repeat):
        a.append(h.time_once(subject))
        b.append(h.time_once(baseline))
    return a, b, statistics.median(x / y for x, y in zip(a, b, strict=True))


def judge(row: h.Row, size: int, limit_ms: float) -> h.Row:
    row.target = f"≤ {limit_ms:g} ms"
    if size <= TARGET_SIZE:
        row.ok = row.median <= limit_ms * 1e6
    return row


def run(sizes: list[int], repeat: int | None, folder: Path) -> list[h.Row]:
    offscreen_app(folder)
    make_map = h.synthetic().make_map
    rows: list[h.Row] = []
    line = LineBaseline()
    for size in sorted(sizes):
        path = folder / f"bench-{size}.journeymap"
        fileformat.save(make_map(size, seed=1), path, backup=False)
        win = open_window(path)
        watch = PaintWatch(win.view.viewport())
        watch.settle()
        keys = Keys(win, watch)
        n = repeat or h.default_repeat(size, 21, 11)

        def base_one(line: LineBaseline = line) -> None:
            line.keys(1)
            line.press(1)

        def base_ten(line: LineBaseline = line) -> None:
            line.keys(10)
            line.press(10)

        a, b, ratio = timed_pairs(keys.one, base_one, n)
        rows.append(judge(h.Row("key", size, "emotion key → card repainted", a, b, ratio),
                          size, KEY_TARGET_MS))
        a, b, ratio = timed_pairs(keys.ten, base_ten, max(5, n // 2))
        rows.append(judge(h.Row("ten keys", size, "ten keys → applied and repainted", a, b,
                                ratio), size, TEN_TARGET_MS))
        print(f"  keys: {size:,} done", file=sys.stderr, flush=True)
        # the Insights dock: open, in front, its first analysis shown
        dock = win.insights
        dock.show()
        dock.raise_()
        probe = Probe(dock)
        probe.timer.start()
        probe.wait(lambda dock=dock: dock.analysis is not None and not dock._runner.running,
                   "the first analysis")
        bench = Bench(win, probe, GcLog())
        runs = Runs()
        with bench.gclog:
            for _ in range(2):
                bench.run("refresh", None)
                bench.run("baseline", None)
            for _ in range(max(5, n // 2)):
                bench.run("refresh", runs)
                bench.run("baseline", runs)
        probe.timer.stop()
        subject, base = runs.gap["refresh"], runs.gap["baseline"]
        ratio = statistics.median(x / y for x, y in zip(subject, base, strict=True))
        row = h.Row("insights", size, "longest UI gap while the dock refreshes", subject,
                    base, ratio)
        row.note = f"gc in that gap {h.fmt_ns(statistics.median(runs.gc_in_gap['refresh']))}"
        rows.append(judge(row, size, STALL_TARGET_MS))
        print(f"  insights: {size:,} done", file=sys.stderr, flush=True)
        win.session.mark_saved()
        close_widget(win)
        del win, watch, keys, dock, probe, bench
        gc.collect()
    close_widget(line.edit)
    QApplication.processEvents()
    return rows


def main() -> int:
    p = h.parser(__doc__.splitlines()[0])
    p.set_defaults(sizes=DEFAULT_SIZES)
    args = p.parse_args()
    started = time.perf_counter()
    with h.folder(args.dir) as folder:
        rows = run(h.sizes_of(args.sizes), args.repeat, folder)
    return h.finish("Keyboard edits (offscreen)", rows, args, started)


if __name__ == "__main__":
    raise SystemExit(main())
