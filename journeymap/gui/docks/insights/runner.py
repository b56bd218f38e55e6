"""Runs the map analysis on a worker thread so the canvas keeps answering meanwhile.

The worker never touches the live document: the UI thread serialises it (about 15 ms for
2,000 cards) and the worker parses that copy and analyses it. NetworkX is pure Python, so the
worker shares the interpreter with the UI thread; the UI still gets a turn every few
milliseconds instead of waiting for the whole analysis (tests/benchmarks/bench_insights.py,
2,000 cards: longest UI pause about 27 ms instead of about 90 ms on the UI thread). The
result is picked up on the UI thread by a short polling timer, so no Qt object crosses
threads.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal

from journeymap.core.analysis.findings import Analysis, analyze
from journeymap.core.fileformat import dumps, loads
from journeymap.core.model import JourneyMap

POLL_MS = 25

_executor: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journeymap-analysis")
    return _executor


def analyse(doc: JourneyMap) -> Analysis:
    """The analysis of ``doc`` (on the calling thread)."""
    return analyze(doc)


def _analyse_copy(data: bytes) -> Analysis:
    return analyse(loads(data))


class AnalysisRunner(QObject):
    """One analysis at a time on the worker; ``finished(token, analysis)`` on the UI thread."""

    finished = Signal(object, object)

    def __init__(self, hold: Callable[[], bool], parent: QObject | None = None) -> None:
        """``hold()`` true keeps a finished result back (e.g. while a drag is under way)."""
        super().__init__(parent)
        self._hold = hold
        self._future: Future[Analysis] | None = None
        self._token: object = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check)

    @property
    def running(self) -> bool:
        return self._future is not None

    def start(self, doc: JourneyMap, token: object) -> bool:
        """Analyse a copy of ``doc``; False (and nothing started) while one is still running."""
        if self._future is not None:
            return False
        self._token = token
        self._future = _pool().submit(_analyse_copy, dumps(doc))
        self._poll.start()
        return True

    def _check(self) -> None:
        future = self._future
        if future is None or not future.done() or self._hold():
            return
        self._poll.stop()
        self._future = None
        self.finished.emit(self._token, future.result())


__all__ = ["AnalysisRunner", "analyse"]
