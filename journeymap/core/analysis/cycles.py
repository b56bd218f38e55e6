"""The loops of a map, exactly and in linear time: its strongly connected groups of cards.

Listing every simple cycle is exponential on a tangled map (and any bound on that search makes
the answer incomplete). Instead each group of two or more cards in which links lead from every
card to every other and back is one loop, listed once with all its cards and the links that
close it: the links inside the group that go back in map order. Every circle of the group uses
at least one of them, and taking them all away leaves the group without any circle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from journeymap.core.analysis.paths import strongly_connected


@dataclass(frozen=True)
class LoopGroup:
    """One loop over touchpoint numbers (numbers are map order)."""

    #: the cards in the order of the circle from the left-most one when the group is a single
    #: circle, else in map order
    nodes: tuple[int, ...]
    #: the links inside the group that go back in map order, sorted
    closing: tuple[tuple[int, int], ...]
    #: how many links join cards of the group
    links: int

    @property
    def circle(self) -> bool:
        """True when the group is one circle (each card has one link on inside the group)."""
        return self.links == len(self.nodes)


def loop_groups(succ: Sequence[Sequence[int]]) -> list[LoopGroup]:
    """Every loop of the graph ``succ`` (node → successors), ordered by its left-most node."""
    group = strongly_connected(succ)
    members: dict[int, list[int]] = {}
    for v, g in enumerate(group):
        members.setdefault(g, []).append(v)
    out = []
    for nodes in members.values():
        if len(nodes) < 2:
            continue  # a card alone is no loop: the format has no self-links
        g = group[nodes[0]]
        inside = [(v, t) for v in nodes for t in succ[v] if group[t] == g]
        closing = tuple(sorted((v, t) for v, t in inside if t < v))
        order = tuple(nodes)
        if len(inside) == len(nodes):
            nxt = dict(inside)
            walk = [nodes[0]]
            while len(walk) < len(nodes):
                walk.append(nxt[walk[-1]])
            order = tuple(walk)
        out.append(LoopGroup(order, closing, len(inside)))
    out.sort(key=lambda loop: min(loop.nodes))
    return out
