"""``analysis.analyze`` (journey insights) on large maps.

    .venv/bin/python tests/benchmarks/bench_analysis.py [--sizes 200,2000,10000] [--repeat N]

Target: ≤ 100 ms at 2,000 touchpoints for the full analysis, on the plain synthetic map and on
``make_loopy_map`` (about one extra loop-closing link per four cards), in one process, never
truncated. The yardstick column is ``DiGraph.copy()`` of the map's graph, one plain pass over
every touchpoint and link. Rows marked ``info`` time parts of the analysis on the same map (the
worst and best path, the journey counts behind the moments of truth, the loop listing).
"""

from __future__ import annotations

import sys
import time

import _harness as h

from journeymap.core import analysis
from journeymap.core.analysis import cycles as analysis_cycles
from journeymap.core.analysis import findings as analysis_findings
from journeymap.core.analysis import paths as analysis_paths

TARGET_MS = 100.0
TARGET_SIZE = 2_000


def _baseline(doc: object) -> object:
    """A copy of the map's graph: one plain pass over every touchpoint and link."""
    return doc.graph.copy()  # type: ignore[attr-defined]


def _path_graph(doc: object) -> analysis_paths.PathGraph:
    """The path programmes' input, built the way ``analyze`` builds it."""
    result = analysis.analyze(doc)  # type: ignore[arg-type]
    tps = sorted(doc.touchpoints(), key=lambda tp: (doc.stage_index(tp.stage),  # type: ignore[attr-defined]
                                                     doc.lane_index(tp.lane), tp.slot))  # type: ignore[attr-defined]
    rank = {tp.id: i for i, tp in enumerate(tps)}
    stage_at = {s.id: i for i, s in enumerate(doc.stages)}  # type: ignore[attr-defined]
    succ = [sorted(rank[t] for t in doc.graph.successors(tp.id)) for tp in tps]  # type: ignore[attr-defined]
    return analysis_findings._path_graph(result, doc, tps, rank, succ, stage_at)  # type: ignore[arg-type]


def run(sizes: list[int], repeat: int | None) -> list[h.Row]:
    syn = h.synthetic()
    rows: list[h.Row] = []
    for size in sizes:
        for kind, make in (("plain", syn.make_map), ("loopy", syn.make_loopy_map)):
            doc = make(size, seed=1)
            n = repeat or h.default_repeat(size, 20, 5)
            a, b, ratio = h.paired(lambda doc=doc: analysis.analyze(doc), lambda doc=doc:
                                   _baseline(doc), n)
            result = analysis.analyze(doc)
            row = h.Row("analyze", size, f"{kind} map vs graph copy", a, b, ratio)
            if size == TARGET_SIZE:
                row.target = f"≤ {TARGET_MS:g} ms"
                row.ok = (row.median <= TARGET_MS * 1e6 and not result.paths_truncated
                          and not result.loops_truncated)
            row.note = (f"{doc.graph.number_of_edges()} links, paths "
                        f"{'truncated' if result.paths_truncated else 'exact'}, "
                        f"{len(result.loop_groups)} loops, "
                        f"{'truncated' if result.loops_truncated else 'all listed'}")
            rows.append(row)
            g = _path_graph(doc)
            parts = {
                "paths": lambda g=g: analysis_paths.extreme_paths(g),
                "journeys": lambda g=g: analysis_paths.journeys_through(g),
                "loops": lambda g=g: analysis_cycles.loop_groups(g.successors),
            }
            for what, fn in parts.items():
                info = h.Row("analyze", size, f"{kind} map: {what}", h.repeated(fn, n))
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
