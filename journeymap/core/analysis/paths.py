"""The worst and best paths of a journey: exact, in time linear in the map's links.

Touchpoints are numbered 0…n-1 in left-to-right map order (stage, then lane, then slot).

**Forward links.** A path follows the journey forward: flow and alternative links, but not
return links, not links to an earlier stage, and, inside a group of cards that the remaining
links still tie into a loop (always cards of one stage), not the links that go back in map
order. What is left has no loop, by construction (Tarjan's strongly connected groups, one
pass), so every path is simple and a dynamic programme over it is exact.

**The worst path** is the forward path from an entry to an end with the lowest *mean* emotion
per card (null counts 0); the best path the one with the highest. Ties go to the path with fewer
cards, then to the one further left (compared card by card from the entry). The mean, found by
Dinkelbach's method (each round one linear pass with integer weights), does not favour long
paths the way a total does: a detour through more cards is taken only when it lowers the mean.
``mode="total"`` gives the lowest and highest totals over the same forward paths instead.

The left-most tie-break is local when the programme runs from the ends backwards: two paths
from a card that agree on (value, length) differ first at the card's successor, so choosing
the successor with the smallest number is exactly "further left".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Literal

Mode = Literal["stretch", "mean", "total"]

#: A stretch has at least this many touchpoints (a path of one card is just a card).
STRETCH_CARDS = 3


@dataclass(frozen=True)
class PathGraph:
    """A map's links over touchpoint numbers in map order, with what the path search needs."""

    successors: list[list[int]]  # each in map order
    emotion: list[int]  # null counts 0
    stage: list[int]  # stage index of each touchpoint
    returns: frozenset[tuple[int, int]]  # links of kind "return"
    entries: list[int]
    exits: list[int]

    @cached_property
    def forward(self) -> list[list[int]]:
        """:func:`forward_links`, computed once for the path search and the journey counts."""
        return forward_links(self)


@dataclass(frozen=True)
class PathResult:
    """Worst and best path as (touchpoint numbers, total emotion); never cut short."""

    worst: tuple[tuple[int, ...], int] | None
    best: tuple[tuple[int, ...], int] | None
    truncated: bool = False


def forward_links(g: PathGraph) -> list[list[int]]:
    """The links a path may follow (see the module text); the result has no loop."""
    n = len(g.successors)
    keep = [
        [t for t in ts if g.stage[t] >= g.stage[v] and (v, t) not in g.returns]
        for v, ts in enumerate(g.successors)
    ]
    group = strongly_connected(keep)
    return [
        [t for t in keep[v] if group[t] != group[v] or t > v] for v in range(n)
    ]


def strongly_connected(succ: Sequence[Sequence[int]]) -> list[int]:
    """The strongly connected group of each node (Tarjan's algorithm, without recursion)."""
    n = len(succ)
    index = [-1] * n
    low = [0] * n
    group = [-1] * n
    on_stack = [False] * n
    stack: list[int] = []
    counter = 0
    groups = 0
    for root in range(n):
        if index[root] >= 0:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        work = [(root, 0)]
        while work:
            v, i = work[-1]
            children = succ[v]
            if i < len(children):
                work[-1] = (v, i + 1)
                w = children[i]
                if index[w] < 0:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = True
                    work.append((w, 0))
                elif on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                if low[v] < low[parent]:
                    low[parent] = low[v]
            if low[v] == index[v]:
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    group[w] = groups
                    if w == v:
                        break
                groups += 1
    return group


def _reverse_topological(succ: list[list[int]], nodes: list[int]) -> list[int]:
    """``nodes`` (closed under ``succ``) so that every node comes after its successors."""
    indegree = dict.fromkeys(nodes, 0)
    for v in nodes:
        for t in succ[v]:
            indegree[t] += 1
    ready = [v for v in nodes if indegree[v] == 0]
    order: list[int] = []
    while ready:
        v = ready.pop()
        order.append(v)
        for t in succ[v]:
            indegree[t] -= 1
            if indegree[t] == 0:
                ready.append(t)
    order.reverse()
    return order


def _flood(adj: list[list[int]], starts: list[int]) -> list[bool]:
    """Which nodes ``starts`` reach along ``adj`` (the starts included)."""
    reached = [False] * len(adj)
    todo = list(dict.fromkeys(starts))
    for s in todo:
        reached[s] = True
    while todo:
        for t in adj[todo.pop()]:
            if not reached[t]:
                reached[t] = True
                todo.append(t)
    return reached


def _between(succ: list[list[int]], entries: list[int], exits: set[int]) -> list[int]:
    """Nodes some entry reaches along ``succ`` and from which some exit can be reached."""
    n = len(succ)
    reached = _flood(succ, entries)
    preds: list[list[int]] = [[] for _ in range(n)]
    for v in range(n):
        if reached[v]:
            for t in succ[v]:
                preds[t].append(v)
    useful = _flood(preds, [x for x in exits if reached[x]])
    return [v for v in range(n) if useful[v]]


class _Programme:
    """The backward dynamic programme over the forward links.

    ``journey=True``: paths from an entry to an end. ``journey=False``: stretches, paths that
    start and end anywhere, of at least ``min_cards`` touchpoints (fewer when no forward path
    is that long).
    """

    def __init__(
        self, succ: list[list[int]], entries: list[int], exits: list[int], *, journey: bool,
        min_cards: int = 1,
    ) -> None:
        n = len(succ)
        if journey:
            self.ends = [False] * n
            for x in exits:
                self.ends[x] = True
            nodes = _between(succ, entries, set(exits))
            keep = set(nodes)
            self.succ = [[t for t in ts if t in keep] if v in keep else [] for v, ts in
                         enumerate(succ)]
            self.starts = sorted({e for e in entries if e in keep})
        else:
            self.ends = [True] * n
            nodes = list(range(n))
            self.succ = succ
            self.starts = nodes
        self.order = _reverse_topological(self.succ, nodes)
        longest = dict.fromkeys(nodes, 1)
        for v in self.order:
            for t in self.succ[v]:
                longest[v] = max(longest[v], longest[t] + 1)
        most = max((longest[v] for v in self.starts), default=1)
        self.min_cards = max(1, min(min_cards, most))

    def run(self, weight: Sequence[int]) -> tuple[int, tuple[int, ...]] | None:
        """The path with the smallest (sum of ``weight``, cards, left-most): value and cards.

        Row ``r`` holds, for each touchpoint, the best path from it that still needs at least
        ``r + 1`` cards (itself included); row 0 has no length left to reach.
        """
        if not self.starts:
            return None
        k = self.min_cards
        n = len(self.succ)
        big = 1 << 62
        value = [[big] * n for _ in range(k)]
        length = [[0] * n for _ in range(k)]
        nxt = [[-1] * n for _ in range(k)]
        ends, succ = self.ends, self.succ
        for v in self.order:  # successors first
            w = weight[v]
            children = succ[v]
            for r in range(k):
                if r == 0 and ends[v]:
                    best_value, best_length, best_next = 0, 0, -1
                else:
                    best_value, best_length, best_next = big, 0, -1
                below = r - 1 if r else 0
                row_value, row_length = value[below], length[below]
                for t in children:  # in map order: the first of equals is the left-most
                    tv = row_value[t]
                    if tv < best_value or (
                        tv == best_value and tv < big and row_length[t] < best_length
                    ):
                        best_value, best_length, best_next = tv, row_length[t], t
                if best_value < big:
                    value[r][v] = best_value + w
                    length[r][v] = best_length + 1
                    nxt[r][v] = best_next
        top = k - 1
        top_value, top_length = value[top], length[top]
        starts = [v for v in self.starts if top_value[v] < big]
        if not starts:
            return None
        start = min(starts, key=lambda v: (top_value[v], top_length[v], v))
        cards, r = [start], top
        while nxt[r][cards[-1]] >= 0:
            cards.append(nxt[r][cards[-1]])
            r = r - 1 if r else 0
        return top_value[start], tuple(cards)


def _lowest(prog: _Programme, emotion: Sequence[int], mode: Mode) -> tuple[int, ...] | None:
    """The cards of the path with the lowest mean (or total) of ``emotion``."""
    found = prog.run(emotion)
    if found is None or mode == "total":
        return None if found is None else found[1]
    cards = found[1]
    while True:  # Dinkelbach: λ = the mean of the best path so far, until none beats it
        mean = Fraction(sum(emotion[v] for v in cards), len(cards))
        p, q = mean.numerator, mean.denominator
        again = prog.run([q * w - p for w in emotion])
        assert again is not None  # the same programme found a path before
        value, better = again
        if value >= 0:
            # ``better`` has the lowest mean too, with the fewest cards, the left-most
            return better
        cards = better


def extreme_paths(g: PathGraph, mode: Mode = "stretch") -> PathResult:
    """The worst and best forward paths (see the module text)."""
    links = g.forward
    if mode == "stretch":
        prog = _Programme(links, g.entries, g.exits, journey=False, min_cards=STRETCH_CARDS)
    else:
        prog = _Programme(links, g.entries, g.exits, journey=True)
    worst = _lowest(prog, g.emotion, mode)
    best = _lowest(prog, [-w for w in g.emotion], mode)

    def with_total(cards: tuple[int, ...] | None) -> tuple[tuple[int, ...], int] | None:
        return None if cards is None else (cards, sum(g.emotion[v] for v in cards))

    return PathResult(with_total(worst), with_total(best))


def journeys_through(g: PathGraph) -> tuple[list[int], int]:
    """How many journeys (forward paths from an entry to an end) pass through each touchpoint
    with a card before and after it on the journey, and how many journeys there are.

    Exact counts in one pass each way over the forward links (Python integers do not
    overflow): the linear-time measure of "lying on many journeys".
    """
    n = len(g.successors)
    prog = _Programme(g.forward, g.entries, g.exits, journey=True)
    succ, order = prog.succ, prog.order  # order: successors first
    to_end = [0] * n  # paths from v to an end, v included
    after = [0] * n  # the same with at least one card after v
    for v in order:
        after[v] = sum(to_end[t] for t in succ[v])
        to_end[v] = after[v] + (1 if prog.ends[v] else 0)
    starts = set(prog.starts)
    from_entry = [0] * n  # paths from an entry to v, v included
    before = [0] * n  # the same with at least one card before v
    for v in reversed(order):  # predecessors first
        from_entry[v] = before[v] + (1 if v in starts else 0)
        for t in succ[v]:
            before[t] += from_entry[v]
    total = sum(to_end[e] for e in starts)
    return [before[v] * after[v] for v in range(n)], total
