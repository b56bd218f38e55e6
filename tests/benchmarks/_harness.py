"""Shared plumbing of the benchmark scripts: options, timing, the result table, JSON output.

Not a test module: pytest does not collect this folder. Times come from
``time.perf_counter_ns``; every figure is a median over repeats after warm-up runs,
with min and max beside it so a noisy machine shows.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gc
import importlib
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

DEFAULT_SIZES = (200, 2_000, 10_000)
TESTS_DIR = Path(__file__).resolve().parents[1]


def synthetic() -> ModuleType:
    """The ``tests/synthetic.py`` module (the scripts run from any working directory)."""
    if str(TESTS_DIR) not in sys.path:
        sys.path.insert(0, str(TESTS_DIR))
    return importlib.import_module("synthetic")


# ---------------------------------------------------------------------- options
def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument(
        "--sizes", default=",".join(str(s) for s in DEFAULT_SIZES),
        help="comma-separated touchpoint counts (default: %(default)s)",
    )
    p.add_argument(
        "--repeat", type=int, default=None, metavar="N",
        help="timed runs per figure (default: chosen per benchmark and size)",
    )
    p.add_argument("--json", metavar="OUT", help="also write the results as JSON to OUT")
    p.add_argument("--dir", metavar="DIR", help="folder for the map files (default: a temp folder)")
    return p


def sizes_of(text: str) -> list[int]:
    sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if not sizes or any(s < 1 for s in sizes):
        raise SystemExit("--sizes needs positive touchpoint counts, e.g. 200,2000,10000")
    return sizes


@contextlib.contextmanager
def folder(path: str | None) -> Iterator[Path]:
    """The folder for map files: the one the user named, or a temporary one removed after."""
    if path is not None:
        Path(path).mkdir(parents=True, exist_ok=True)
        yield Path(path)
        return
    with tempfile.TemporaryDirectory(prefix="journeymap-bench-") as tmp:
        yield Path(tmp)


# ---------------------------------------------------------------------- results
@dataclass
class Row:
    """One line of the table: a figure, its spread, its yardstick and its verdict."""

    bench: str
    size: int
    what: str
    samples_ns: list[int]
    baseline_ns: list[int] | None = None
    ratio: float | None = None
    target: str = ""
    ok: bool | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ns)

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["median_ns"] = self.median
        out["min_ns"] = min(self.samples_ns)
        out["max_ns"] = max(self.samples_ns)
        if self.baseline_ns:
            out["baseline_median_ns"] = statistics.median(self.baseline_ns)
        return out


def fmt_ns(ns: float) -> str:
    if ns < 1_000:
        return f"{ns:.0f} ns"
    if ns < 1_000_000:
        return f"{ns / 1_000:.1f} µs"
    if ns < 1_000_000_000:
        return f"{ns / 1_000_000:.2f} ms"
    return f"{ns / 1_000_000_000:.2f} s"


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("PASS" if ok else "FAIL")


def print_table(title: str, rows: Sequence[Row]) -> None:
    header = ["benchmark", "size", "median", "min", "max", "baseline", "ratio", "target", "result"]
    lines = [header]
    for r in rows:
        lines.append([
            f"{r.bench}: {r.what}" if r.what else r.bench,
            f"{r.size:,}",
            fmt_ns(r.median),
            fmt_ns(min(r.samples_ns)),
            fmt_ns(max(r.samples_ns)),
            fmt_ns(statistics.median(r.baseline_ns)) if r.baseline_ns else "",
            f"{r.ratio:.2f}×" if r.ratio is not None else "",
            r.target,
            verdict(r.ok) + (f" ({r.note})" if r.note else ""),
        ])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    print(f"\n== {title}")
    for n, line in enumerate(lines):
        cells = [
            c.ljust(w) if i in (0, 7, 8) else c.rjust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    sys.stdout.flush()


def write_json(path: str, rows: Sequence[Row], args: argparse.Namespace, started: float) -> None:
    meta = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "argv": sys.argv[1:],
        "sizes": args.sizes,
        "repeat": args.repeat,
        "seconds": round(time.perf_counter() - started, 1),
    }
    document = {"meta": meta, "results": [r.as_json() for r in rows]}
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    Path(path).write_text(text, encoding="utf-8")
    print(f"\nresults written to {path}")


def finish(title: str, rows: Sequence[Row], args: argparse.Namespace, started: float) -> int:
    """Print the table, write the JSON if asked, and return the exit status."""
    print_table(title, rows)
    if args.json:
        write_json(args.json, rows, args, started)
    return summary(rows)


def summary(rows: Sequence[Row]) -> int:
    """Print the count of checks passed; the exit status is 1 when any target failed."""
    judged = [r for r in rows if r.ok is not None]
    failed = [r for r in judged if not r.ok]
    print(f"\n{len(judged) - len(failed)} of {len(judged)} targets met", end="")
    names = [" ".join(f"{r.bench} {r.what} @ {r.size:,}".split()) for r in failed]
    print(": FAIL " + "; ".join(names) if names else "")
    return 1 if failed else 0


# ---------------------------------------------------------------------- timing
Clock = Callable[[], int]


def time_once(fn: Callable[[], object], clock: Clock = time.perf_counter_ns) -> int:
    t0 = clock()
    fn()
    return clock() - t0


def paired(
    subject: Callable[[], object], baseline: Callable[[], object], repeat: int, warmup: int = 2,
    clock: Clock = time.perf_counter_ns,
) -> tuple[list[int], list[int], float]:
    """Run subject and baseline in turn (A B A B …); return both samples and the median of
    the pair-by-pair ratios, which stays fair when the machine's speed drifts. ``clock``
    may be ``time.process_time_ns`` (CPU time of this process: steadier on a shared
    machine, but blind to waiting for the disk)."""
    for _ in range(warmup):
        subject()
        baseline()
    a: list[int] = []
    b: list[int] = []
    for _ in range(repeat):
        gc.collect()
        a.append(time_once(subject, clock))
        gc.collect()
        b.append(time_once(baseline, clock))
    ratio = statistics.median(x / y for x, y in zip(a, b, strict=True))
    return a, b, ratio


def repeated(fn: Callable[[], object], repeat: int, warmup: int = 2,
             clock: Clock = time.perf_counter_ns) -> list[int]:
    for _ in range(warmup):
        fn()
    out: list[int] = []
    for _ in range(repeat):
        gc.collect()
        out.append(time_once(fn, clock))
    return out


def default_repeat(size: int, small: int, large: int) -> int:
    """``small`` runs for small maps, down to ``large`` runs for 10,000 cards and more."""
    if size <= 500:
        return small
    if size >= 10_000:
        return large
    return (small + large) // 2
