"""Loops as strongly connected groups, against NetworkX on random graphs."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from journeymap.core.analysis.cycles import loop_groups


def _graph(seed: int) -> list[list[int]]:
    rng = random.Random(seed)
    n = rng.randint(2, 14)
    return [sorted({rng.randrange(n) for _ in range(rng.randint(0, 3))} - {v}) for v in range(n)]


@pytest.mark.parametrize("seed", range(150))
def test_every_loop_once_with_the_links_that_close_it(seed: int) -> None:
    succ = _graph(seed)
    graph = nx.DiGraph((v, t) for v in range(len(succ)) for t in succ[v])
    graph.add_nodes_from(range(len(succ)))
    want = sorted(sorted(g) for g in nx.strongly_connected_components(graph) if len(g) > 1)
    found = loop_groups(succ)
    assert sorted(sorted(loop.nodes) for loop in found) == want
    assert [min(loop.nodes) for loop in found] == sorted(min(loop.nodes) for loop in found)
    group_of = {v: i for i, loop in enumerate(found) for v in loop.nodes}
    closing = {link for loop in found for link in loop.closing}
    for loop in found:
        inside = [(v, t) for v in loop.nodes for t in succ[v] if t in loop.nodes]
        assert loop.links == len(inside)
        assert all(t < v for v, t in loop.closing) and set(loop.closing) <= set(inside)
        # without its closing links the group holds no circle any more
        rest = nx.DiGraph([e for e in inside if e not in loop.closing])
        assert nx.is_directed_acyclic_graph(rest)
        if loop.circle:  # listed in circle order from the left-most card
            assert loop.nodes[0] == min(loop.nodes)
            ring = list(loop.nodes)
            assert all(b in succ[a] for a, b in zip(ring, [*ring[1:], ring[0]], strict=True))
    for cycle in nx.simple_cycles(graph):  # every circle lies in one loop and uses a closer
        assert len({group_of[v] for v in cycle}) == 1
        assert any((a, b) in closing for a, b in zip(cycle, [*cycle[1:], cycle[0]], strict=True))


def test_a_figure_of_eight_is_one_loop_not_a_circle() -> None:
    succ = [[1], [2, 3], [0], [1]]  # 0 → 1 → 2 → 0 and 1 → 3 → 1
    [loop] = loop_groups(succ)
    assert loop.nodes == (0, 1, 2, 3) and not loop.circle
    assert loop.closing == ((2, 0), (3, 1)) and loop.links == 5


def test_it_is_linear_on_a_long_chain_of_small_loops() -> None:
    n = 200_000  # pairs i ↔ i+1 for even i, joined in a chain: 100,000 loops
    succ = [[i + 1] if i % 2 == 0 else ([i - 1, i + 1] if i + 1 < n else [i - 1])
            for i in range(n)]
    found = loop_groups(succ)
    assert len(found) == n // 2 and all(loop.circle for loop in found)
