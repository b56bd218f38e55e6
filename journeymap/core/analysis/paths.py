"""The worst and best paths of a journey: bounded, exact where it can be, honest where not.

Touchpoints are numbered 0…n-1 in left-to-right map order (stage, then lane, then slot), so
comparing two paths "left to right" is comparing their number sequences. A path's key is
``(total emotion, touchpoint count, number sequence)``; the worst path has the smallest key,
the best path the smallest key under negated emotions. That order keeps optimal substructure
(extending two paths by the same touchpoint keeps their order), so a dynamic programme over a
topological order is exact on an acyclic graph. With cycles, a depth-first branch-and-bound
search over simple paths is exact when it ends within its budget (links weighed); otherwise
the best of what it found and of the same dynamic programme on the graph with its back links
removed is reported, and the result is marked truncated.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

Key = tuple[int, int, tuple[int, ...]]

#: Strongly connected groups up to this size remember the arrivals they have seen; in larger
#: ones the sets of passed touchpoints rarely repeat, and remembering them costs more than it
#: saves.
MEMO_GROUP = 24


@dataclass(frozen=True)
class PathGraph:
    """A map's links over touchpoint numbers in map order, with what the path search needs."""

    successors: list[list[int]]  # each in map order
    emotion: list[int]  # null counts 0
    stage: list[int]  # stage index of each touchpoint
    returns: frozenset[tuple[int, int]]  # links of kind "return"
    entries: list[int]
    exits: list[int]


@dataclass(frozen=True)
class PathResult:
    """Worst and best path as (touchpoint numbers, total emotion), and whether it was cut short."""

    worst: tuple[tuple[int, ...], int] | None
    best: tuple[tuple[int, ...], int] | None
    truncated: bool


def extreme_paths(g: PathGraph, budget: int) -> PathResult:
    """The lowest- and highest-emotion simple paths from an entry to an exit."""
    useful = _useful(g)
    if not useful:
        return PathResult(None, None, False)
    succ = [[t for t in g.successors[v] if t in useful] if v in useful else [] for v in
            range(len(g.successors))]
    order = _topological(succ, useful)
    negated = [-w for w in g.emotion]
    entries = [e for e in g.entries if e in useful]
    if order is not None:
        worst = _dag_best(succ, order, g.emotion, entries, g.exits)
        best = _dag_best(succ, order, negated, entries, g.exits)
        return PathResult(_plain(worst), _plain(best, negate=True), False)
    dag = _without_back_links(g, succ, useful)
    dag_order = _topological(dag, useful)
    assert dag_order is not None
    worst = _dag_best(dag, dag_order, g.emotion, entries, g.exits)
    best = _dag_best(dag, dag_order, negated, entries, g.exits)
    hops = _hops_to_exit(succ, g.exits, useful)
    groups = _Groups(succ, useful, frozenset(g.exits))
    search = _Search(succ, g.emotion, entries, groups, hops, budget - budget // 2)
    worst, complete_worst = search.run(worst)
    search = _Search(succ, negated, entries, groups, hops, budget // 2 + search.left)
    best, complete_best = search.run(_better(best, worst, negated))
    worst = _better(worst, best, g.emotion)
    return PathResult(
        _plain(worst), _plain(best, negate=True), not (complete_worst and complete_best)
    )


def _better(incumbent: Key | None, other: Key | None, weight: list[int]) -> Key | None:
    """The smaller key of ``incumbent`` and the path of ``other`` re-weighed by ``weight``."""
    if other is None:
        return incumbent
    seq = other[2]
    rekeyed = (sum(weight[v] for v in seq), len(seq), seq)
    return rekeyed if incumbent is None or rekeyed < incumbent else incumbent


def _plain(key: Key | None, negate: bool = False) -> tuple[tuple[int, ...], int] | None:
    if key is None:
        return None
    return key[2], -key[0] if negate else key[0]


def _useful(g: PathGraph) -> set[int]:
    """Touchpoints some entry reaches and from which some exit is reachable."""
    reached = set(g.entries)
    queue = deque(g.entries)
    while queue:
        for t in g.successors[queue.popleft()]:
            if t not in reached:
                reached.add(t)
                queue.append(t)
    preds: dict[int, list[int]] = {}
    for v in reached:
        for t in g.successors[v]:
            preds.setdefault(t, []).append(v)
    useful = {x for x in g.exits if x in reached}
    queue = deque(useful)
    while queue:
        for p in preds.get(queue.popleft(), ()):
            if p not in useful:
                useful.add(p)
                queue.append(p)
    return useful


def _topological(succ: list[list[int]], nodes: set[int]) -> list[int] | None:
    """Kahn's order of ``nodes`` (smallest number first among the ready), or None on a cycle."""
    indegree = dict.fromkeys(nodes, 0)
    for v in nodes:
        for t in succ[v]:
            indegree[t] += 1
    ready = sorted((v for v, d in indegree.items() if d == 0), reverse=True)
    order: list[int] = []
    while ready:
        v = ready.pop()
        order.append(v)
        for t in succ[v]:
            indegree[t] -= 1
            if indegree[t] == 0:
                ready.append(t)
    return order if len(order) == len(nodes) else None


def _dag_best(
    succ: list[list[int]], order: list[int], weight: list[int], entries: list[int],
    exits: list[int],
) -> Key | None:
    """Smallest key over entry-to-exit paths of an acyclic graph, by one pass in ``order``."""
    best: dict[int, Key] = {e: (weight[e], 1, (e,)) for e in entries}
    for v in order:
        key = best.get(v)
        if key is None:
            continue
        total, length, seq = key
        for t in succ[v]:
            new_total = total + weight[t]
            old = best.get(t)
            if old is not None and (old[0], old[1]) < (new_total, length + 1):
                continue
            candidate = (new_total, length + 1, (*seq, t))
            if old is None or candidate < old:
                best[t] = candidate
    found = [best[x] for x in exits if x in best]
    return min(found) if found else None


def _without_back_links(g: PathGraph, succ: list[list[int]], nodes: set[int]) -> list[list[int]]:
    """``succ`` made acyclic: return links, then links to an earlier stage, then the back
    links of a left-to-right depth-first search are left out."""
    dag = [
        [t for t in ts if (v, t) not in g.returns and g.stage[t] >= g.stage[v]]
        for v, ts in enumerate(succ)
    ]
    state = dict.fromkeys(nodes, 0)  # 0 new, 1 on the stack, 2 done
    for root in sorted(nodes):
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, iter(list(dag[root])))]
        while stack:
            v, it = stack[-1]
            for t in it:
                if state[t] == 1:
                    dag[v].remove(t)
                elif state[t] == 0:
                    state[t] = 1
                    stack.append((t, iter(list(dag[t]))))
                    break
            else:
                state[v] = 2
                stack.pop()
    return dag


def _hops_to_exit(succ: list[list[int]], exits: Sequence[int], nodes: set[int]) -> dict[int, int]:
    """Fewest links from each touchpoint to an exit (a lower bound on any remaining path)."""
    preds: dict[int, list[int]] = {}
    for v in nodes:
        for t in succ[v]:
            preds.setdefault(t, []).append(v)
    hops = {x: 0 for x in exits if x in nodes}
    queue = deque(hops)
    while queue:
        v = queue.popleft()
        for p in preds.get(v, ()):
            if p not in hops:
                hops[p] = hops[v] + 1
                queue.append(p)
    return hops


def _strongly_connected(succ: list[list[int]], nodes: set[int]) -> list[list[int]]:
    """Tarjan's strongly connected groups of ``nodes``, each sorted; a group comes after every
    group it leads to (reverse topological order)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    groups: list[list[int]] = []
    for root in sorted(nodes):
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(succ[root]))]
        while work:
            v, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(succ[w])))
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[v])
                if low[v] == index[v]:
                    group: list[int] = []
                    while not group or group[-1] != v:
                        group.append(stack.pop())
                        on_stack.discard(group[-1])
                    groups.append(sorted(group))
    return groups


class _Groups:
    """The strongly connected groups of the useful touchpoints, last group first."""

    def __init__(self, succ: list[list[int]], nodes: set[int], exits: frozenset[int]) -> None:
        self.reverse_order = _strongly_connected(succ, nodes)
        self.of = {v: c for c, group in enumerate(self.reverse_order) for v in group}
        self.succ = succ
        self.exits = exits

    def floor(self, weight: list[int]) -> dict[int, int]:
        """A lower bound on the total emotion of any simple path from a touchpoint to an exit.

        Within a group every negative emotion may be collected once; between groups the bound
        follows the cheapest way out (or stops, in a group holding an exit).
        """
        floor: dict[int, int] = {}
        of, succ = self.of, self.succ
        for group in self.reverse_order:
            c = of[group[0]]
            negative = sum(min(0, weight[v]) for v in group)
            out = [floor[t] for v in group for t in succ[v] if of[t] != c]
            if not out or any(v in self.exits for v in group):
                out.append(0)
            rest = min(out)
            for v in group:
                floor[v] = weight[v] + negative - min(0, weight[v]) + rest
        return floor


class _Search:
    """Depth-first branch and bound over simple paths, the most promising child first.

    Children are tried by emotion floor, then hop count, then map order, so the first path
    found is usually the answer. A branch is cut when its floor and hop count cannot beat the
    incumbent's key, or, on a tie, when its touchpoints so far already come later in map order
    than the incumbent's. What may follow a touchpoint depends only on which touchpoints of its
    strongly connected group the path has already passed (earlier groups cannot be reached
    again), so an arrival no better than an earlier one with the same passed set is cut too.
    Each link the search weighs spends one unit of ``budget``.
    """

    def __init__(
        self, succ: list[list[int]], weight: list[int], entries: list[int], groups: _Groups,
        hops: dict[int, int], budget: int,
    ) -> None:
        floor = groups.floor(weight)
        n = len(succ)
        self.floor = [floor.get(v, 0) for v in range(n)]
        self.hops = [hops.get(v, 0) for v in range(n)]
        self.group = [groups.of.get(v, -1) for v in range(n)]
        counts: dict[int, int] = {}
        self.bit = [0] * n
        sizes: dict[int, int] = {}
        for c in groups.of.values():
            sizes[c] = sizes.get(c, 0) + 1
        for v in sorted(groups.of):
            c = groups.of[v]
            if sizes[c] <= MEMO_GROUP:
                self.bit[v] = 1 << counts.get(c, 0)
                counts[c] = counts.get(c, 0) + 1
        rank = [(self.floor[v], self.hops[v], v) for v in range(n)]
        self.succ = [sorted(ts, key=rank.__getitem__) for ts in succ]
        self.weight = weight
        self.entries = sorted(entries, key=rank.__getitem__)
        self.exits = [v in groups.exits for v in range(n)]
        self.left = max(0, budget)

    def run(self, best: Key | None) -> tuple[Key | None, bool]:
        """Improve ``best`` (an incumbent or None); also say whether the search was complete."""
        weight, succ, is_exit, floor, hops = (
            self.weight, self.succ, self.exits, self.floor, self.hops
        )
        group, bit = self.group, self.bit
        big = 1 << 62
        best_total, best_length, best_seq = best if best else (big, big, ())
        arrived: dict[tuple[int, int], tuple[int, int, _Chain]] = {}
        path: list[int] = []
        chain: list[_Chain] = [None]  # the path as linked (touchpoint, rest) pairs, for memos
        masks = [0]  # touchpoints of the last touchpoint's group on the path, as bits
        totals = [0]
        on_path = [False] * len(succ)
        stack: list[Iterator[int]] = [iter(self.entries)]
        left = self.left
        while stack:
            depth = len(path)
            here = totals[-1]
            last_group = group[path[-1]] if path else -1
            for t in stack[-1]:
                left -= 1
                if left < 0:
                    self.left = 0
                    return (None if best_total == big else
                            (best_total, best_length, best_seq)), False
                if on_path[t]:
                    continue
                bound = here + floor[t]
                if bound >= best_total and (
                    bound > best_total
                    or depth + 1 + hops[t] > best_length
                    or (depth + 1 + hops[t] == best_length
                        and (*path, t) > best_seq[: depth + 1])
                ):
                    # children come by (floor, hops, number): every later one is cut too
                    _drain(stack[-1])
                    continue
                total = here + weight[t]
                mask = (masks[-1] if group[t] == last_group else 0) | bit[t]
                link = (t, chain[-1])
                if mask:
                    state = (t, mask)
                    earlier = arrived.get(state)
                    if earlier is not None and (
                        (earlier[0], earlier[1]) < (total, depth + 1)
                        or ((earlier[0], earlier[1]) == (total, depth + 1)
                            and _unroll(earlier[2]) <= (*path, t))
                    ):
                        continue
                    arrived[state] = (total, depth + 1, link)
                if is_exit[t]:
                    candidate = (total, depth + 1, (*path, t))
                    if candidate < (best_total, best_length, best_seq):
                        best_total, best_length, best_seq = candidate
                    if not succ[t]:
                        continue
                path.append(t)
                totals.append(total)
                on_path[t] = True
                masks.append(mask)
                chain.append(link)
                stack.append(iter(succ[t]))
                break
            else:
                stack.pop()
                if path:
                    on_path[path.pop()] = False
                    totals.pop()
                    masks.pop()
                    chain.pop()
        self.left = left
        return (None if best_total == big else (best_total, best_length, best_seq)), True


_Chain = tuple[int, Any] | None


def _drain(children: Iterator[int]) -> None:
    """Use up an iterator without looking at what is left."""
    deque(children, maxlen=0)


def _unroll(link: _Chain) -> tuple[int, ...]:
    """The touchpoints of a linked path, entry first."""
    out: list[int] = []
    while link is not None:
        out.append(link[0])
        link = link[1]
    return tuple(reversed(out))
