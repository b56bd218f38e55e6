"""The short-loop search against NetworkX's length-bounded simple cycles."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from journeymap.core.analysis.cycles import short_cycles


def _rotated(cycle: list[int]) -> tuple[int, ...]:
    start = cycle.index(min(cycle))
    return tuple(cycle[start:] + cycle[:start])


@pytest.mark.parametrize("seed", range(100))
def test_every_short_cycle_once_from_its_lowest_node(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 12)
    succ = [sorted({rng.randrange(n) for _ in range(rng.randint(0, 3))} - {v})
            for v in range(n)]
    graph = nx.DiGraph((v, t) for v in range(n) for t in succ[v])
    graph.add_nodes_from(range(n))
    for length in (0, 2, 3, 5, 10):
        want = sorted(_rotated(c) for c in nx.simple_cycles(graph, length_bound=length)) \
            if length else []
        got = [tuple(c) for c in short_cycles(succ, length, 10**9)]
        assert sorted(got) == want
        assert len(set(got)) == len(got)


def test_it_stops_one_past_the_limit() -> None:
    succ = [[1, 2, 3], [0], [0], [0]]  # three loops through card 0
    assert len(short_cycles(succ, 10, 1)) == 2
    assert len(short_cycles(succ, 10, 5)) == 3
