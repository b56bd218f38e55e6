"""Semantic diff and three-way merge of two big maps, against loading their files.

    .venv/bin/python tests/benchmarks/bench_versions.py [--sizes 200,2000,10000] [--repeat N]

Targets at 2,000 cards: ``diff.compute`` of two loaded maps ≤ 100 ms, ``merge`` of three
≤ 200 ms (in-process, maps already loaded); each is also shown as a ratio to
``fileformat.load`` of the two (or three) files, measured alternately in the same run.
``comparison.compare`` (what the editor's compare view recomputes after each edit) is shown
against ``layout.compute`` of the same map, which every edit already pays.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import _harness as h

from journeymap.core import comparison, diff, fileformat, layout
from journeymap.core.entities import Touchpoint
from journeymap.core.merge import merge
from journeymap.core.model import JourneyMap

DIFF_MS = 100
MERGE_MS = 200


def edited(doc: JourneyMap, cards: list[str], seed: int) -> JourneyMap:
    """A copy with a realistic session of edits on ``cards``: re-rated, re-owned, moved,
    a few removed and a few added."""
    rnd = random.Random(seed)
    copy = fileformat.loads(fileformat.dumps(doc))
    chosen = rnd.sample(cards, max(4, len(cards) // 10))
    stages = [s.id for s in copy.stages]
    for n, tp_id in enumerate(chosen):
        tp = copy.touchpoint(tp_id)
        if n % 4 == 0:
            copy.update_touchpoint(tp_id, emotion=rnd.choice([-2, -1, 0, 1, 2]), owner="New")
        elif n % 4 == 1:
            stage = rnd.choice(stages)
            slot = max((t.slot for t in copy.cell(stage, tp.lane)), default=-1) + 1
            copy.place_touchpoints({tp_id: (stage, tp.lane, slot)})
        elif n % 4 == 2:
            for link in copy.links_of(tp_id):
                copy.remove_link(link.source, link.target)
            for imp in copy.improvements:
                if tp_id in imp.touchpoints:
                    copy.update_improvement(
                        imp.id, touchpoints=[t for t in imp.touchpoints if t != tp_id])
            copy.remove_touchpoint(tp_id)
        else:
            slot = max((t.slot for t in copy.cell(tp.stage, tp.lane)), default=-1) + 1
            copy.add_touchpoint(Touchpoint(id=f"new-{seed}-{n}", title=f"New {n}",
                                           stage=tp.stage, lane=tp.lane, slot=slot, emotion=1))
    return copy


def run(sizes: list[int], repeat: int | None, folder: Path) -> list[h.Row]:
    rows: list[h.Row] = []
    for size in sizes:
        base = h.synthetic().make_map(size, seed=1)
        ids = [t.id for t in base.touchpoints()]
        ours, theirs = edited(base, ids[0::2], 2), edited(base, ids[1::2], 3)
        paths = []
        for name, doc in (("base", base), ("ours", ours), ("theirs", theirs)):
            path = folder / f"{name}-{size}.journeymap"
            fileformat.save(doc, path, backup=False)
            paths.append(path)
        n = repeat or h.default_repeat(size, 30, 8)
        changes = diff.compute(base, ours)
        a, b, ratio = h.paired(lambda b=base, o=ours: diff.compute(b, o),
                               lambda ps=paths: [fileformat.load(p) for p in ps[:2]], n)
        ok = None if size != 2_000 else statistics_median(a) <= DIFF_MS * 1e6
        rows.append(h.Row("diff", size, "diff.compute vs load of the 2 files", a, b, ratio,
                          f"≤ {DIFF_MS} ms at 2,000", ok, note=f"{len(changes.changes)} changes"))
        result = merge(base, ours, theirs)
        a, b, ratio = h.paired(lambda b=base, o=ours, t=theirs: merge(b, o, t),
                               lambda ps=paths: [fileformat.load(p) for p in ps], n)
        ok = None if size != 2_000 else statistics_median(a) <= MERGE_MS * 1e6
        rows.append(h.Row("merge", size, "merge vs load of the 3 files", a, b, ratio,
                          f"≤ {MERGE_MS} ms at 2,000", ok,
                          note=f"{len(result.conflicts)} conflicts"))
        lay = layout.compute(ours)
        marks = comparison.compare(base, ours, lay)
        a, b, ratio = h.paired(lambda b=base, o=ours, la=lay: comparison.compare(b, o, la),
                               lambda o=ours: layout.compute(o), n)
        rows.append(h.Row("compare", size, "comparison.compare vs layout.compute (per edit)",
                          a, b, ratio, "", None, note=f"{len(marks.rows)} rows"))
        print(f"  versions: {size:,} done", file=sys.stderr, flush=True)
    return rows


def statistics_median(samples: list[int]) -> float:
    import statistics

    return statistics.median(samples)


def main() -> int:
    args = h.parser(__doc__.splitlines()[0]).parse_args()
    started = time.perf_counter()
    with h.folder(args.dir) as folder:
        rows = run(h.sizes_of(args.sizes), args.repeat, folder)
    return h.finish("diff / merge", rows, args, started)


if __name__ == "__main__":
    raise SystemExit(main())
