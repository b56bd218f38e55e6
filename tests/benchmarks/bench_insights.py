"""The Insights dock's refresh on large maps: how long the UI thread stalls.

    .venv/bin/python tests/benchmarks/bench_insights.py [--sizes 200,2000] [--repeat N]
                                                        [--freeze both|off|on]

Runs offscreen (``QT_QPA_PLATFORM=offscreen`` unless already set), in one process, with
throw-away settings and recovery folders (the autosaver is detached, so it writes nothing
during the runs). A ``MainWindow`` shows ``make_map(n, seed=1)`` with the Insights dock open
and in front, after its first analysis has been shown. A repeating 2 ms timer stands for a
drag: the gaps between its ticks are the pauses a user would feel. Each run makes one edit
through the session (a card's title, alternating between two texts) and then runs Qt's event
loop (``QEventLoop.exec``, as the editor does) until the dock shows the new analysis and a
further 20 ms have passed.

- refresh (subject): the dock's own refresh after the edit (the debounce timer, the map
  serialised on the UI thread, analysed on the worker, the result picked up by polling and
  put in the list). Figure: the longest gap between ticks.
- baseline: the same edit followed at once by ``dock.refresh()`` (the analysis on the UI
  thread). Figure: its longest gap.

Target: the subject's longest gap ≤ 100 ms at 2,000 cards (and below). The ratio is the
median of the pair-by-pair ratios (subject and baseline run in turn).

No ``gc.collect()`` runs between the timed runs: the collector works as it would in the
editor, and ``gc.callbacks`` times every collection (on either thread). Rows marked ``info``
give the time from the edit to the updated list, how much of the longest gap was the
collector, and the generation-2 collections per run. ``--freeze both`` (the default) runs
everything again after ``gc.collect(); gc.freeze()`` with the window and map loaded (their
objects then no longer take part in collections); those rows are ``info``: the editor does not
freeze.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import _harness as h  # noqa: E402
from bench_gui import close_widget, offscreen_app  # noqa: E402
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402

from journeymap.core import fileformat  # noqa: E402
from journeymap.core.commands import Edit  # noqa: E402
from journeymap.gui.docks.insights.dock import DEBOUNCE_MS  # noqa: E402

TARGET_SIZE = 2_000
STALL_TARGET_MS = 100.0
TICK_MS = 2
#: how long the loop keeps running after the list was updated (its repaint, late pauses)
AFTER_MS = 20
TIMEOUT_MS = 60_000
DEFAULT_SIZES = "200,2000"
TITLES = ("Benchmark title, first text", "Benchmark title, second text")
MODES = {"off": ("as is",), "on": ("frozen",), "both": ("as is", "frozen")}


def _overlap(spans: list[tuple[int, int]], a: int, b: int) -> int:
    """Nanoseconds of ``spans`` that fall inside ``[a, b]``."""
    return sum(max(0, min(e, b) - max(s, a)) for s, e in spans)


# ---------------------------------------------------------------------- the collector
class GcLog:
    """Every collection while installed: (generation, start_ns, end_ns), from any thread.
    Collections hold the interpreter lock, so they never overlap."""

    def __init__(self) -> None:
        self.events: list[tuple[int, int, int]] = []
        self._start = 0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        now = time.perf_counter_ns()
        if phase == "start":
            self._start = now
        else:
            self.events.append((info["generation"], self._start, now))

    def __enter__(self) -> GcLog:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self)

    def spans(self, a: int, b: int, generation: int | None = None) -> list[tuple[int, int]]:
        return [
            (s, e) for g, s, e in self.events
            if e > a and s < b and (generation is None or g == generation)
        ]


# ---------------------------------------------------------------------- the probe
class Probe:
    """The 2 ms ticker, and hooks on the dock that note when its work happens."""

    def __init__(self, dock: Any) -> None:
        self.dock = dock
        self.ticks: list[int] = []
        self.shown_at: int | None = None
        self.spans: dict[str, list[tuple[int, int]]] = {"serialise": [], "list": []}
        self._loop: QEventLoop | None = None
        self._until: Callable[[], bool] = lambda: True
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        show, populate, start = dock._show, dock._populate, dock._runner.start

        def timed_show(analysis: object) -> None:
            show(analysis)
            self.shown_at = time.perf_counter_ns()

        def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
            def wrapper(*args: Any) -> Any:
                t0 = time.perf_counter_ns()
                try:
                    return fn(*args)
                finally:
                    self.spans[name].append((t0, time.perf_counter_ns()))
            return wrapper

        # instance attributes: the dock calls them as self._show(…) and self._runner.start(…)
        dock._show = timed_show
        dock._populate = timed("list", populate)
        dock._runner.start = timed("serialise", start)

    def _tick(self) -> None:
        self.ticks.append(time.perf_counter_ns())
        if self._loop is not None and self._until():
            self._loop.quit()

    def wait(self, until: Callable[[], bool], what: str) -> None:
        """Run Qt's event loop until ``until()`` holds (checked at every tick)."""
        if until():
            return
        loop = QEventLoop()
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(loop.quit)
        guard.start(TIMEOUT_MS)
        self._loop, self._until = loop, until
        try:
            loop.exec()
        finally:
            self._loop = None
            guard.stop()
        if not until():
            raise RuntimeError(f"timed out waiting for {what}")

    def idle(self, ticks: int = 5) -> int:
        """Let a few ticks pass; the index of the last one."""
        n = len(self.ticks) + ticks
        self.wait(lambda: len(self.ticks) >= n, "the ticker")
        return len(self.ticks) - 1


# ---------------------------------------------------------------------- one run
class Runs:
    """The samples of one mode at one size."""

    def __init__(self) -> None:
        self.gap: dict[str, list[int]] = {"refresh": [], "baseline": []}
        self.gc_in_gap: dict[str, list[int]] = {"refresh": [], "baseline": []}
        self.updated: list[int] = []
        self.gen2: list[int] = []  # generation-2 time per subject run
        self.gen2_count = 0
        self.serialise_in_gap: list[int] = []
        self.list_in_gap: list[int] = []
        self.list_time: list[int] = []
        self.serialise_time: list[int] = []


class Bench:
    def __init__(self, win: Any, probe: Probe, gclog: GcLog) -> None:
        self.win, self.probe, self.gclog = win, probe, gclog
        self.dock = win.insights
        self.card = next(iter(win.session.doc.touchpoints())).id
        self.edits = 0

    def edit(self) -> None:
        self.edits += 1
        title = TITLES[self.edits % 2]
        if not self.win.session.execute(Edit("touchpoint", self.card, {"title": title})):
            raise RuntimeError("the edit was refused")

    def run(self, kind: str, into: Runs | None) -> None:
        probe, dock = self.probe, self.dock
        first = probe.idle()
        probe.shown_at = None
        for spans in probe.spans.values():
            spans.clear()
        t0 = time.perf_counter_ns()
        self.edit()
        if kind == "baseline":
            dock.refresh()
        after = AFTER_MS * 1_000_000
        probe.wait(
            lambda: probe.shown_at is not None and probe.ticks[-1] >= probe.shown_at + after,
            "the dock to show the new analysis",
        )
        assert probe.shown_at is not None and not dock._stale
        if into is None:
            return
        ticks = probe.ticks[first:]
        gap, a, b = max((y - x, x, y) for x, y in zip(ticks, ticks[1:], strict=False))
        into.gap[kind].append(gap)
        into.gc_in_gap[kind].append(_overlap(self.gclog.spans(a, b), a, b))
        if kind == "refresh":
            end = ticks[-1]
            into.updated.append(probe.shown_at - t0)
            gen2 = self.gclog.spans(ticks[0], end, generation=2)
            into.gen2.append(_overlap(gen2, ticks[0], end))
            into.gen2_count += len(gen2)
            into.serialise_in_gap.append(_overlap(probe.spans["serialise"], a, b))
            into.list_in_gap.append(_overlap(probe.spans["list"], a, b))
            into.list_time.append(sum(e - s for s, e in probe.spans["list"]))
            into.serialise_time.append(sum(e - s for s, e in probe.spans["serialise"]))


def rows_of(size: int, mode: str, r: Runs, repeat: int, frozen: int) -> list[h.Row]:
    label = "gc as is" if mode == "as is" else "after gc.freeze()"
    subject, base = r.gap["refresh"], r.gap["baseline"]
    ratio = statistics.median(x / y for x, y in zip(subject, base, strict=True))
    row = h.Row("refresh", size, f"longest UI gap, {label}", subject, base, ratio)
    row.target = f"≤ {STALL_TARGET_MS:g} ms" if mode == "as is" else "info"
    if mode == "as is" and size <= TARGET_SIZE:
        row.ok = row.median <= STALL_TARGET_MS * 1e6
    row.note = (
        f"of it: serialise {h.fmt_ns(statistics.median(r.serialise_in_gap))}, "
        f"list {h.fmt_ns(statistics.median(r.list_in_gap))}, "
        f"gc {h.fmt_ns(statistics.median(r.gc_in_gap['refresh']))} (medians)"
    )
    if frozen:
        row.note += f"; {frozen:,} objects frozen"
    row.extra = {
        "mode": mode,
        "gc_in_gap_ns": r.gc_in_gap["refresh"],
        "baseline_gc_in_gap_ns": r.gc_in_gap["baseline"],
        "serialise_in_gap_ns": r.serialise_in_gap,
        "list_in_gap_ns": r.list_in_gap,
        "gen2_ns": r.gen2,
        "gen2_collections": r.gen2_count,
        "frozen_objects": frozen,
    }
    rows = [
        row,
        h.Row("refresh", size, "  edit → list updated", r.updated, target="info",
              note=f"{DEBOUNCE_MS} ms of it the debounce"),
        h.Row("refresh", size, "  gc inside the longest gap", r.gc_in_gap["refresh"],
              target="info"),
        h.Row("refresh", size, "  gen-2 collections during a refresh", r.gen2, target="info",
              note=f"{r.gen2_count} in {repeat} runs"),
        h.Row("refresh", size, "  serialising the map (UI thread)", r.serialise_time,
              target="info"),
        h.Row("refresh", size, "  putting the result in the list", r.list_time, target="info"),
        h.Row("baseline", size, f"  refresh() on the UI thread, {label}", base, target="info"),
        h.Row("baseline", size, "  gc inside its longest gap", r.gc_in_gap["baseline"],
              target="info"),
    ]
    return rows


# ---------------------------------------------------------------------- main
def open_window(path: Path) -> Any:
    from journeymap.gui.mainwindow import MainWindow

    win = MainWindow(fileformat.load(path), path)
    win.autosaver.set_session(None)  # no recovery copies written during the runs
    win.show()
    win.insights.show()
    win.insights.raise_()
    return win


def run(sizes: list[int], repeat: int | None, folder: Path, freeze: str) -> list[h.Row]:
    offscreen_app(folder)
    make_map = h.synthetic().make_map
    rows: list[h.Row] = []
    for size in sorted(sizes):
        path = folder / f"bench-{size}.journeymap"
        fileformat.save(make_map(size, seed=1), path, backup=False)
        win = open_window(path)
        dock = win.insights
        probe = Probe(dock)
        probe.timer.start()
        probe.wait(lambda dock=dock: dock.analysis is not None and not dock._runner.running,
                   "the first analysis")
        if not dock.on_screen:
            raise RuntimeError("the Insights dock is not on screen")
        bench = Bench(win, probe, GcLog())
        n = repeat or h.default_repeat(size, 9, 5)
        with bench.gclog:
            for mode in MODES[freeze]:
                if mode == "frozen":
                    gc.collect()
                    gc.freeze()
                frozen = gc.get_freeze_count()
                try:
                    for _ in range(2):  # warm-up
                        bench.run("refresh", None)
                        bench.run("baseline", None)
                    runs = Runs()
                    for _ in range(n):
                        bench.run("refresh", runs)
                        bench.run("baseline", runs)
                finally:
                    gc.unfreeze()
                rows += rows_of(size, mode, runs, n, frozen)
                print(f"  refresh: {size:,} {mode} done", file=sys.stderr, flush=True)
        probe.timer.stop()
        win.session.mark_saved()  # no question about unsaved changes on close
        close_widget(win)
        del win, dock, probe, bench
        gc.collect()
    return rows


def main() -> int:
    p = h.parser(__doc__.splitlines()[0])
    p.set_defaults(sizes=DEFAULT_SIZES)
    p.add_argument(
        "--freeze", choices=sorted(MODES), default="both",
        help="runs with gc as is (off), after gc.freeze() (on), or both (default)",
    )
    args = p.parse_args()
    started = time.perf_counter()
    with h.folder(args.dir) as folder:
        rows = run(h.sizes_of(args.sizes), args.repeat, folder, args.freeze)
    return h.finish("Insights dock refresh (offscreen)", rows, args, started)

if __name__ == "__main__":
    raise SystemExit(main())
