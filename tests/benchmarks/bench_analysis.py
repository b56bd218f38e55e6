"""``analysis.analyze`` (journey insights) on large maps.

    .venv/bin/python tests/benchmarks/bench_analysis.py [--sizes 200,2000,10000] [--repeat N]

Target: ≤ 300 ms at 2,000 touchpoints for the full analysis, in one process. The yardstick
column is ``DiGraph.copy()`` of the map's graph, one plain pass over every touchpoint and link.
Rows marked ``info`` time two parts of the analysis on the same map (betweenness and the loop
search); the note says whether the path and loop searches were exact or truncated.
"""

from __future__ import annotations

import sys
import time

import _harness as h

from journeymap.core import analysis
from journeymap.core.analysis import findings as analysis_findings

TARGET_MS = 300.0
TARGET_SIZE = 2_000


def _baseline(doc: object) -> object:
    """A copy of the map's graph: one plain pass over every touchpoint and link."""
    return doc.graph.copy()  # type: ignore[attr-defined]


def run(sizes: list[int], repeat: int | None) -> list[h.Row]:
    make_map = h.synthetic().make_map
    rows: list[h.Row] = []
    for size in sizes:
        doc = make_map(size, seed=1)
        n = repeat or h.default_repeat(size, 20, 5)
        a, b, ratio = h.paired(lambda doc=doc: analysis.analyze(doc), lambda doc=doc:
                               _baseline(doc), n)
        result = analysis.analyze(doc)
        row = h.Row("analyze", size, "vs graph copy", a, b, ratio)
        if size == TARGET_SIZE:
            row.target = f"≤ {TARGET_MS:g} ms"
            row.ok = row.median <= TARGET_MS * 1e6
        row.note = (f"paths {'truncated' if result.paths_truncated else 'exact'}, "
                    f"loops {'truncated' if result.loops_truncated else 'all'}")
        rows.append(row)
        tps = sorted(doc.touchpoints(), key=lambda tp: (doc.stage_index(tp.stage),
                                                         doc.lane_index(tp.lane), tp.slot))
        rank = {tp.id: i for i, tp in enumerate(tps)}
        parts = {
            "loops": lambda doc=doc, rank=rank: analysis_findings._loops(doc.graph, rank, 50, 10),
        }
        for what, fn in parts.items():
            info = h.Row("analyze", size, what, h.repeated(fn, n))
            info.target = "info"
            rows.append(info)
        print(f"  analyze: {size:,} done", file=sys.stderr, flush=True)
    return rows


def main() -> int:
    args = h.parser(__doc__.splitlines()[0]).parse_args()
    started = time.perf_counter()
    rows = run(h.sizes_of(args.sizes), args.repeat)
    return h.finish("analysis", rows, args, started)


if __name__ == "__main__":
    raise SystemExit(main())
