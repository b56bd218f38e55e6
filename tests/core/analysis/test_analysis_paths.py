"""Worst and best paths and loops: known answers, an exhaustive cross-check, and speed."""

from __future__ import annotations

import random
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from test_analysis import build

from journeymap.core.analysis.findings import JourneyPath, analyze
from journeymap.core.fileformat import load
from journeymap.core.model import JourneyMap


def _ids(path: JourneyPath | None) -> list[str] | None:
    return None if path is None else list(path.touchpoints)


def _check_stretch(doc: JourneyMap, path: JourneyPath | None) -> None:
    """A reported path is a simple chain of forward links with its total."""
    assert path is not None
    ids = list(path.touchpoints)
    assert len(set(ids)) == len(ids)
    assert all(doc.has_link(a, b) and doc.link(a, b).kind != "return"
               for a, b in zip(ids, ids[1:], strict=False))
    assert path.total_emotion == sum(doc.touchpoint(t).emotion or 0 for t in ids)


# ---------------------------------------------------------------------- known answers
def test_the_worst_stretch_is_the_lowest_mean_of_three_cards_not_the_longest() -> None:
    # a long entry-to-exit path with the lowest total, and a short dip with the lowest mean
    doc = build([("a", 0, 0, 2), ("b", 1, 0, -1), ("c", 1, 1, -2), ("d", 2, 0, -1),
                 ("e", 2, 1, 2)],
                [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")])
    result = analyze(doc)
    assert result.worst_path == JourneyPath(("b", "c", "d"), -4)
    assert result.best_path == JourneyPath(("a", "b", "c", "d", "e"), 0)
    assert result.worst_path.to_dict() == {"touchpoints": ["b", "c", "d"],
                                           "total_emotion": -4, "mean_emotion": -1.333}
    assert not result.paths_truncated


def test_a_longer_stretch_is_taken_only_when_it_lowers_the_mean() -> None:
    # b c d and c d e have a mean of −5/3, b c d e one of −7/4, a b c d e only −7/5
    doc = build([("a", 0, 0, 0), ("b", 0, 1, -2), ("c", 1, 0, -1), ("d", 1, 1, -2),
                 ("e", 2, 0, -2)],
                [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")])
    assert analyze(doc).worst_path == JourneyPath(("b", "c", "d", "e"), -7)


def test_a_tie_goes_to_the_stretch_with_fewer_touchpoints_then_further_left() -> None:
    doc = build([("a", 0, 0, -1), ("b", 1, 0, -1), ("c", 1, 1, -1), ("d", 2, 0, -1)],
                [("a", "b"), ("b", "c"), ("c", "d")])
    assert analyze(doc).worst_path == JourneyPath(("a", "b", "c"), -3)


@pytest.mark.parametrize(("upper", "lower"), [("b", "c"), ("c", "b")])
def test_then_to_the_path_further_left_in_map_order(upper: str, lower: str) -> None:
    doc = build([("a", 0, 0, 0), (upper, 1, 0, 1), (lower, 1, 1, 1), ("e", 2, 0, 0)],
                [("a", "c"), ("a", "b"), ("b", "e"), ("c", "e")])
    result = analyze(doc)
    assert _ids(result.worst_path) == ["a", upper, "e"]
    assert _ids(result.best_path) == ["a", upper, "e"]


def test_null_emotion_counts_zero() -> None:
    doc = build([("a", 0, 0, None), ("b", 1, 0, None), ("c", 1, 1, -1), ("d", 2, 0, None)],
                [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")])
    result = analyze(doc)
    assert result.worst_path == JourneyPath(("a", "c", "d"), -1)
    assert result.best_path == JourneyPath(("a", "b", "d"), 0)


def test_return_links_are_not_followed() -> None:
    # b → r is a return link: without it r → c → b is a forward stretch
    doc = build(
        [("a", 0, 0, 1), ("r", 0, 1, -2), ("b", 1, 0, 0), ("c", 1, 1, -1), ("e", 2, 0, 1)],
        [("a", "b"), ("b", "r", "return"), ("r", "c"), ("c", "b"), ("c", "e"), ("b", "e")],
    )
    result = analyze(doc)
    assert result.loops == [["r", "c", "b"]]
    assert result.worst_path == JourneyPath(("r", "c", "b"), -3)
    assert result.best_path == JourneyPath(("a", "b", "e"), 2)
    _check_stretch(doc, result.worst_path)


def test_a_map_without_a_stretch_of_three_gives_the_longest_there_is() -> None:
    doc = build([("a", 0, 0, 1), ("b", 1, 0, -1), ("e", 2, 0, 2)], [("a", "b")])
    result = analyze(doc)
    assert result.worst_path == JourneyPath(("a", "b"), 0)
    assert result.best_path == JourneyPath(("a", "b"), 0)


def test_a_lone_card_is_a_path_of_one() -> None:
    result = analyze(build([("only", 0, 0, -1)], stages=1, lanes=1))
    assert result.entries == result.exits == ["only"]
    assert result.worst_path == result.best_path == JourneyPath(("only",), -1)


def test_no_path_on_a_map_without_touchpoints() -> None:
    result = analyze(build([]))
    assert result.worst_path is None and result.best_path is None
    assert result.to_dict()["worst_path"] is None
    assert result.touchpoint_ids("worst_path") == []


def test_total_mode_ranks_entry_to_exit_journeys_by_their_sum() -> None:
    doc = build([("a", 0, 0, 2), ("b", 1, 0, -1), ("c", 1, 1, -2), ("d", 2, 0, -1),
                 ("e", 2, 1, 2)],
                [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("a", "e")])
    result = analyze(doc, path_mode="total")
    assert result.worst_path == JourneyPath(("a", "b", "c", "d", "e"), 0)
    assert result.best_path == JourneyPath(("a", "e"), 4)


def test_the_e_commerce_examples_worst_path_is_its_delivery_dip() -> None:
    root = Path(__file__).resolve().parents[3] / "resources" / "examples"
    result = analyze(load(root / "ecommerce-first-order.journeymap"))
    assert result.worst_path is not None and result.best_path is not None
    assert len(result.worst_path.touchpoints) == 3 and result.worst_path.total_emotion == -4
    assert "delivery-delayed" in result.worst_path.touchpoints
    assert "unboxing" not in result.worst_path.touchpoints
    assert "unboxing" in result.best_path.touchpoints


# ---------------------------------------------------------------------- exhaustive cross-check
def _random_map(rng: random.Random, n: int, density: float) -> JourneyMap:
    cards = [(f"t{i}", rng.randrange(3), rng.randrange(2), rng.choice((-2, -1, 0, 1, 2, None)))
             for i in range(n)]
    links = [(f"t{i}", f"t{j}", rng.choice(("flow", "flow", "alternative", "return")))
             for i in range(n) for j in range(n) if i != j and rng.random() < density]
    return build(cards, links)


def _forward_dag(doc: JourneyMap) -> tuple[nx.DiGraph, dict[str, int]]:
    """The forward links, built independently of the code under test with NetworkX."""
    stage = {s.id: i for i, s in enumerate(doc.stages)}
    lane = {ln.id: i for i, ln in enumerate(doc.lanes)}
    tps = sorted(doc.touchpoints(), key=lambda t: (stage[t.stage], lane[t.lane], t.slot))
    rank = {t.id: i for i, t in enumerate(tps)}
    keep = nx.DiGraph()
    keep.add_nodes_from(rank)
    keep.add_edges_from(
        (a, b) for a, b, link in doc.graph.edges(data="link")
        if link.kind != "return"
        and stage[doc.touchpoint(b).stage] >= stage[doc.touchpoint(a).stage]
    )
    group = {v: i for i, comp in enumerate(nx.strongly_connected_components(keep)) for v in comp}
    dag = nx.DiGraph()
    dag.add_nodes_from(rank)
    dag.add_edges_from((a, b) for a, b in keep.edges if group[a] != group[b] or rank[b] > rank[a])
    assert nx.is_directed_acyclic_graph(dag)
    return dag, rank


def _by_brute_force(doc: JourneyMap) -> tuple[Any, Any]:
    """Worst and best (ids, total) over every forward stretch, by the documented order:
    mean, then fewer touchpoints, then left to right."""
    dag, rank = _forward_dag(doc)
    paths: list[list[str]] = [[v] for v in dag]
    for a in dag:
        for b in dag:
            if a != b:
                paths.extend(nx.all_simple_paths(dag, a, b))
    if not paths:
        return None, None
    need = min(3, max(len(p) for p in paths))
    paths = [p for p in paths if len(p) >= need]
    total = {tuple(p): sum(doc.touchpoint(t).emotion or 0 for t in p) for p in paths}
    mean = {p: Fraction(total[p], len(p)) for p in total}
    worst = min(total, key=lambda p: (mean[p], len(p), [rank[t] for t in p]))
    best = min(total, key=lambda p: (-mean[p], len(p), [rank[t] for t in p]))
    return (list(worst), total[worst]), (list(best), total[best])


def _got(path: JourneyPath | None) -> Any:
    return None if path is None else (_ids(path), path.total_emotion)


@pytest.mark.parametrize("seed", range(60))
def test_paths_match_an_exhaustive_search(seed: int) -> None:
    rng = random.Random(seed)
    doc = _random_map(rng, rng.randint(4, 9), rng.choice((0.15, 0.25, 0.35)))
    result = analyze(doc)
    worst, best = _by_brute_force(doc)
    assert not result.paths_truncated
    assert _got(result.worst_path) == worst
    assert _got(result.best_path) == best


@pytest.mark.parametrize("seed", range(30))
def test_total_mode_matches_an_exhaustive_search_over_journeys(seed: int) -> None:
    rng = random.Random(1000 + seed)
    doc = _random_map(rng, rng.randint(4, 9), rng.choice((0.15, 0.25, 0.35)))
    result = analyze(doc, path_mode="total")
    dag, rank = _forward_dag(doc)
    paths = [[e] if e == x else p for e in result.entries for x in result.path_ends
             for p in ([[e]] if e == x else nx.all_simple_paths(dag, e, x))]
    if not paths:
        assert result.worst_path is None and result.best_path is None
        return
    total = {tuple(p): sum(doc.touchpoint(t).emotion or 0 for t in p) for p in paths}
    worst = min(total, key=lambda p: (total[p], len(p), [rank[t] for t in p]))
    best = min(total, key=lambda p: (-total[p], len(p), [rank[t] for t in p]))
    assert _got(result.worst_path) == (list(worst), total[worst])
    assert _got(result.best_path) == (list(best), total[best])


# ---------------------------------------------------------------------- loops
def test_loops_are_listed_in_circle_order_from_their_left_most_card() -> None:
    doc = build([("a", 0, 0), ("b", 1, 0), ("c", 1, 1), ("d", 2, 0), ("e", 2, 1)],
                [("b", "c"), ("c", "a"), ("a", "b"), ("d", "e"), ("e", "d"), ("b", "d")])
    result = analyze(doc)
    assert result.loops == [["a", "b", "c"], ["d", "e"]]
    assert [loop.closing_links for loop in result.loop_groups] == [(("c", "a"),), (("e", "d"),)]
    assert all(loop.circle for loop in result.loop_groups)
    assert not result.loops_truncated
    assert result.touchpoint_ids("loops") == ["a", "b", "c", "d", "e"]


def test_many_circles_through_the_same_cards_are_one_loop() -> None:
    cards = [(f"t{i}", i % 3, 0) for i in range(6)]
    links = [(f"t{i}", f"t{j}") for i in range(6) for j in range(6) if i != j]  # 409 circles
    result = analyze(build(cards, links))
    assert len(result.loop_groups) == 1
    loop = result.loop_groups[0]
    assert sorted(loop.touchpoints) == [f"t{i}" for i in range(6)] and not loop.circle
    assert loop.links == 30 and len(loop.closing_links) == 15
    assert not result.loops_truncated


def test_a_long_loop_is_listed_whole_whatever_the_old_bounds_say() -> None:
    cards = [(f"t{i:02d}", i % 3, i % 2) for i in range(40)]
    links = [(f"t{i:02d}", f"t{(i + 1) % 40:02d}") for i in range(40)]
    doc = build(cards, links)
    for result in (analyze(doc), analyze(doc, max_loops=0, max_loop_length=3)):
        assert len(result.loops) == 1 and len(result.loops[0]) == 40
        assert result.loop_groups[0].circle and not result.loops_truncated


def test_no_loops_in_an_acyclic_map() -> None:
    doc = build([("a", 0, 0), ("b", 1, 0)], [("a", "b")])
    result = analyze(doc)
    assert result.loops == [] and not result.loops_truncated


# ---------------------------------------------------------------------- speed
def test_a_dense_300_card_map_is_exact_and_quick() -> None:
    rng = random.Random(300)
    cards = [(f"t{i:03d}", i % 10, (i // 10) % 3, rng.choice((-2, -1, 0, 1, 2, None)))
             for i in range(300)]
    ids = [c[0] for c in cards]
    links = {(a, b) for a in ids for b in rng.sample(ids, 12) if a != b}
    doc = build(cards, sorted(links), stages=10, lanes=3)
    started = time.perf_counter()
    result = analyze(doc)
    elapsed = time.perf_counter() - started
    assert elapsed < 5.0
    assert result.loops and not result.loops_truncated
    groups = [set(g) for g in nx.strongly_connected_components(doc.graph) if len(g) > 1]
    assert sorted(map(sorted, groups)) == sorted(sorted(loop) for loop in result.loops)
    assert not result.paths_truncated
    _check_stretch(doc, result.worst_path)
    _check_stretch(doc, result.best_path)
    assert result.worst_path is not None and result.best_path is not None
    assert result.worst_path.mean_emotion < result.best_path.mean_emotion
    assert len(result.moments_of_truth) == 10


def test_a_loopy_2000_card_map_is_analysed_exactly() -> None:
    from synthetic import make_loopy_map

    doc = make_loopy_map(2000, seed=1)
    result = analyze(doc)
    assert result.loops and not result.paths_truncated and not result.loops_truncated
    groups = [set(g) for g in nx.strongly_connected_components(doc.graph) if len(g) > 1]
    assert sorted(map(sorted, groups)) == sorted(sorted(loop) for loop in result.loops)
    _check_stretch(doc, result.worst_path)
    _check_stretch(doc, result.best_path)
