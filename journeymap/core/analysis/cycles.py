"""Short loops of a map: every simple cycle of at most a given length, quickly.

Touchpoints are numbered in map order. Each loop is found once, from its left-most (lowest
numbered) touchpoint ``s``: a breadth-first ball of the cards ``s`` reaches within the length,
then the distance back to ``s`` from each of them, then a depth-first search that only steps
onto a card from which ``s`` can still be reached in time. The pruning keeps the work close to
the number of loops found, where a plain length-bounded search explores every short path.
"""

from __future__ import annotations

from collections.abc import Sequence

from journeymap.core.analysis.paths import strongly_connected


def short_cycles(
    succ: Sequence[Sequence[int]], max_length: int, limit: int
) -> list[list[int]]:
    """Simple cycles of at most ``max_length`` nodes, each starting at its lowest node, at most
    ``limit + 1`` of them (so the caller can tell that more than ``limit`` exist)."""
    n = len(succ)
    group = strongly_connected(succ)
    preds: list[list[int]] = [[] for _ in range(n)]
    for v, ts in enumerate(succ):
        for t in ts:
            preds[t].append(v)
    found: list[list[int]] = []
    for s in range(n):
        g = group[s]
        if not any(p > s and group[p] == g for p in preds[s]):
            continue
        depth = {s: 0}  # links from s, through higher-numbered cards of its group
        frontier = [s]
        for d in range(1, max_length):
            ahead = []
            for u in frontier:
                for w in succ[u]:
                    if w > s and w not in depth and group[w] == g:
                        depth[w] = d
                        ahead.append(w)
            frontier = ahead
        back = {s: 0}  # links back to s, for cards on a loop of at most max_length
        frontier = [s]
        for d in range(1, max_length):
            ahead = []
            for u in frontier:
                for p in preds[u]:
                    if p in depth and p not in back and depth[p] + d <= max_length:
                        back[p] = d
                        ahead.append(p)
            frontier = ahead
        path = [s]
        on_path = {s}
        work = [iter(succ[s])]
        while work:
            for w in work[-1]:
                if w == s:
                    found.append(list(path))
                    if len(found) > limit:
                        return found
                elif w in back and w not in on_path and len(path) + back[w] <= max_length:
                    path.append(w)
                    on_path.add(w)
                    work.append(iter(succ[w]))
                    break
            else:
                work.pop()
                on_path.discard(path.pop())
    return found
