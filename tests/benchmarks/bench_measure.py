"""``journeymap measure`` on big event logs, whole process, against DuckDB's bare COUNT(*).

    .venv/bin/python tests/benchmarks/bench_measure.py [--events 1000000] [--repeat 3]
        [--parquet-events 10000000] [--cards 200]

Targets: 1,000,000 events (CSV) onto a 200-card map ≤ 5 s whole process and peak memory
≤ 500 MB; 10,000,000 events (Parquet) ≤ 30 s. Each run is a fresh ``python -m journeymap
measure MAP LOG -o OUT`` (start-up, load, aggregation, preview and the atomic save); the
baseline is a fresh ``python -c`` that runs ``SELECT COUNT(*)`` over the same file with DuckDB.
Runs alternate (subject, baseline, subject …); figures are medians.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
sys.path.insert(0, str(TESTS))

from eventlogs import write_events_csv  # noqa: E402
from synthetic import make_map  # noqa: E402

from journeymap.core.fileformat import save  # noqa: E402

_PEAK = "import resource, sys; print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
_MEASURE = (
    "import sys, runpy; sys.argv = ['journeymap'] + sys.argv[1:]\n"
    "try:\n    runpy.run_module('journeymap', run_name='__main__')\n"
    "except SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n"
    f"{_PEAK}\nsys.exit(code)\n"
)
_COUNT = (
    "import sys, duckdb\n"
    "f = sys.argv[1]\n"
    "fn = 'read_parquet' if f.endswith('.parquet') else 'read_csv'\n"
    "print(duckdb.sql(f\"SELECT COUNT(*) FROM {fn}('{f}')\").fetchall()[0][0])\n"
    f"{_PEAK}\n"
)


def _run(args: list[str]) -> tuple[float, int]:
    """Seconds and peak resident memory (MB) of one fresh process."""
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    peak = next(int(line.split()[1]) for line in done.stdout.splitlines()
                if line.startswith("PEAK"))
    return seconds, peak // 1024


def bench(label: str, map_path: Path, log: Path, out: Path, repeat: int, target: float,
          memory_target: int | None) -> bool:
    subject, baseline, peaks = [], [], []
    for _ in range(repeat):
        s, peak = _run(["-c", _MEASURE, "measure", str(map_path), str(log), "-o", str(out),
                        "--force"])
        b, _ = _run(["-c", _COUNT, str(log)])
        subject.append(s)
        baseline.append(b)
        peaks.append(peak)
    med, base = statistics.median(subject), statistics.median(baseline)
    ratios = statistics.median(s / b for s, b in zip(subject, baseline, strict=True))
    ok = med <= target and (memory_target is None or max(peaks) <= memory_target)
    print(f"{label:<34} median {med:6.2f} s (min {min(subject):.2f}, max {max(subject):.2f})"
          f"  peak {max(peaks)} MB  | COUNT(*) {base:5.2f} s  ratio {ratios:4.1f}×  "
          f"target ≤ {target:g} s" + (f", ≤ {memory_target} MB" if memory_target else "")
          + f"  {'PASS' if ok else 'FAIL'}")
    return ok


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--parquet-events", type=int, default=10_000_000)
    p.add_argument("--cards", type=int, default=200)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--dir", help="where the generated files go (default: a temp folder)")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="journeymap-bench-measure-") as tmp:
        folder = Path(args.dir or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        doc = make_map(args.cards, seed=1)
        map_path = folder / f"map-{args.cards}.journeymap"
        save(doc, map_path, backup=False)
        log = folder / f"events-{args.cards}-{args.events}.csv"
        t0 = time.perf_counter()
        if log.exists() and args.dir:  # made by an earlier run into the same folder
            with log.open("rb") as handle:
                rows = sum(1 for _ in handle) - 1
        else:
            rows = write_events_csv(log, doc, events_wanted=args.events, seed=1)
        print(f"{rows:,} events ({log.stat().st_size / 1e6:.0f} MB CSV) ready in "
              f"{time.perf_counter() - t0:.0f} s")
        ok = bench(f"{rows:,} events CSV, {args.cards} cards", map_path, log,
                   folder / "out.journeymap", args.repeat, 5.0, 500)
        if args.parquet_events:
            import duckdb

            copies = max(1, round(args.parquet_events / rows))
            pq = folder / f"events-{args.cards}-{rows * copies}.parquet"
            duckdb.sql(
                f"COPY (SELECT case_id || '-' || CAST(r AS VARCHAR) AS case_id, activity, "
                f"CAST(timestamp AS TIMESTAMP) + r * INTERVAL 1 DAY AS timestamp, channel "
                f"FROM read_csv('{log}'), range({copies}) AS t(r)) TO '{pq}' (FORMAT parquet)"
            )
            ok &= bench(f"{rows * copies:,} events Parquet, {args.cards} cards", map_path, pq,
                        folder / "out.journeymap", args.repeat, 30.0, None)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
