"""Worst and best paths and loops: known answers, an exhaustive cross-check, and bounds."""

from __future__ import annotations

import random
import time
from typing import Any

import networkx as nx
import pytest
from test_analysis import build

from journeymap.core.analysis.findings import Analysis, JourneyPath, analyze
from journeymap.core.model import JourneyMap


def _ids(path: JourneyPath | None) -> list[str] | None:
    return None if path is None else list(path.touchpoints)


def _check_path(doc: JourneyMap, result: Analysis, path: JourneyPath | None) -> None:
    """A reported path is a simple chain of links from an entry to an exit with its total."""
    assert path is not None
    ids = list(path.touchpoints)
    assert ids[0] in result.entries and ids[-1] in result.path_ends
    assert len(set(ids)) == len(ids)
    assert all(doc.has_link(a, b) for a, b in zip(ids, ids[1:], strict=False))
    assert path.total_emotion == sum(doc.touchpoint(t).emotion or 0 for t in ids)


# ---------------------------------------------------------------------- known answers
def test_worst_and_best_path_on_an_acyclic_map() -> None:
    doc = build([("a", 0, 0, 1), ("b", 1, 0, 2), ("c", 1, 1, -1), ("d", 2, 0, 0)],
                [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")])
    result = analyze(doc)
    assert result.worst_path == JourneyPath(("a", "c", "d"), 0)
    assert result.best_path == JourneyPath(("a", "b", "d"), 3)
    assert not result.paths_truncated


def test_a_tie_goes_to_the_path_with_fewer_touchpoints() -> None:
    doc = build([("a", 0, 0, 0), ("x", 1, 0, 1), ("y", 1, 1, -1), ("e", 2, 0, 0)],
                [("a", "x"), ("x", "y"), ("y", "e"), ("a", "e")])
    result = analyze(doc)
    assert _ids(result.worst_path) == ["a", "e"]
    assert _ids(result.best_path) == ["a", "e"]


@pytest.mark.parametrize(("upper", "lower"), [("b", "c"), ("c", "b")])
def test_then_to_the_path_further_left_in_map_order(upper: str, lower: str) -> None:
    doc = build([("a", 0, 0, 0), (upper, 1, 0, 1), (lower, 1, 1, 1), ("e", 2, 0, 0)],
                [("a", "c"), ("a", "b"), ("b", "e"), ("c", "e")])
    result = analyze(doc)
    assert _ids(result.worst_path) == ["a", upper, "e"]
    assert _ids(result.best_path) == ["a", upper, "e"]


def test_a_tie_between_entries_goes_to_the_one_further_left() -> None:
    doc = build([("top", 0, 0, 1), ("bottom", 0, 1, 1), ("early", 1, 0, 0), ("e", 2, 0, 0)],
                [("bottom", "e"), ("top", "e"), ("early", "e")])
    result = analyze(doc)
    assert result.entries == ["top", "bottom"]
    assert _ids(result.worst_path) == ["top", "e"]
    assert result.unreachable == ["early"]


def test_null_emotion_counts_zero() -> None:
    doc = build([("a", 0, 0, None), ("b", 1, 0, None), ("c", 1, 1, -1), ("d", 2, 0, None)],
                [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")])
    result = analyze(doc)
    assert result.worst_path == JourneyPath(("a", "c", "d"), -1)
    assert result.best_path == JourneyPath(("a", "b", "d"), 0)
    assert result.best_path.to_dict() == {"touchpoints": ["a", "b", "d"], "total_emotion": 0}


def test_the_worst_path_may_run_through_a_cycle() -> None:
    # b → r is a return link to stage 0; b, r and c form a cycle
    doc = build(
        [("a", 0, 0, 1), ("r", 0, 1, -2), ("b", 1, 0, 0), ("c", 1, 1, -1), ("e", 2, 0, 1)],
        [("a", "b"), ("b", "r", "return"), ("r", "c"), ("c", "b"), ("c", "e"), ("b", "e")],
    )
    result = analyze(doc)
    assert result.loops == [["r", "c", "b"]]
    assert result.worst_path == JourneyPath(("a", "b", "r", "c", "e"), -1)
    assert result.best_path == JourneyPath(("a", "b", "e"), 2)
    assert not result.paths_truncated


def test_a_lone_card_is_a_path_of_one() -> None:
    result = analyze(build([("only", 0, 0, -1)], stages=1, lanes=1))
    assert result.entries == result.exits == ["only"]
    assert result.worst_path == result.best_path == JourneyPath(("only",), -1)


def test_no_path_when_no_exit_can_be_reached() -> None:
    doc = build([("a", 0, 0, 1), ("b", 1, 0), ("e", 2, 0)], [("a", "b")])
    result = analyze(doc)
    assert result.worst_path is None and result.best_path is None
    assert result.to_dict()["worst_path"] is None
    assert result.touchpoint_ids("worst_path") == []


# ---------------------------------------------------------------------- exhaustive cross-check
def _random_map(rng: random.Random, n: int, density: float) -> JourneyMap:
    cards = [(f"t{i}", rng.randrange(3), rng.randrange(2), rng.choice((-2, -1, 0, 1, 2, None)))
             for i in range(n)]
    links = [(f"t{i}", f"t{j}", rng.choice(("flow", "flow", "return")))
             for i in range(n) for j in range(n) if i != j and rng.random() < density]
    return build(cards, links)


def _by_brute_force(doc: JourneyMap, result: Analysis) -> tuple[Any, Any]:
    """Worst and best (ids, total) over every simple entry-to-exit path, by the documented
    order: total, then fewer touchpoints, then left to right."""
    stage = {s.id: i for i, s in enumerate(doc.stages)}
    lane = {ln.id: i for i, ln in enumerate(doc.lanes)}
    tps = sorted(doc.touchpoints(), key=lambda t: (stage[t.stage], lane[t.lane], t.slot))
    rank = {t.id: i for i, t in enumerate(tps)}
    paths = []
    for entry in result.entries:
        for exit_ in result.path_ends:
            if entry == exit_:
                paths.append([entry])
            else:
                paths.extend(nx.all_simple_paths(doc.graph, entry, exit_))
    if not paths:
        return None, None
    total = {tuple(p): sum(doc.touchpoint(t).emotion or 0 for t in p) for p in paths}
    worst = min(total, key=lambda p: (total[p], len(p), [rank[t] for t in p]))
    best = min(total, key=lambda p: (-total[p], len(p), [rank[t] for t in p]))
    return (list(worst), total[worst]), (list(best), total[best])


@pytest.mark.parametrize("seed", range(60))
def test_paths_match_an_exhaustive_search(seed: int) -> None:
    rng = random.Random(seed)
    doc = _random_map(rng, rng.randint(4, 9), rng.choice((0.15, 0.25, 0.35)))
    result = analyze(doc)
    worst, best = _by_brute_force(doc, result)
    assert not result.paths_truncated
    got_worst = None if result.worst_path is None else (_ids(result.worst_path),
                                                        result.worst_path.total_emotion)
    got_best = None if result.best_path is None else (_ids(result.best_path),
                                                      result.best_path.total_emotion)
    assert got_worst == worst
    assert got_best == best


def test_a_tiny_budget_truncates_honestly_and_still_gives_real_paths() -> None:
    rng = random.Random(7)
    doc = _random_map(rng, 9, 0.45)
    full = analyze(doc)
    assert not full.paths_truncated and full.worst_path is not None
    cut = analyze(doc, path_budget=3)
    assert cut.paths_truncated
    for path in (cut.worst_path, cut.best_path):
        _check_path(doc, cut, path)
    assert cut.worst_path is not None and cut.best_path is not None
    assert cut.worst_path.total_emotion >= full.worst_path.total_emotion
    assert full.best_path is not None
    assert cut.best_path.total_emotion <= full.best_path.total_emotion


# ---------------------------------------------------------------------- loops
def test_loops_are_listed_in_cycle_order_from_their_left_most_card() -> None:
    doc = build([("a", 0, 0), ("b", 1, 0), ("c", 1, 1), ("d", 2, 0), ("e", 2, 1)],
                [("b", "c"), ("c", "a"), ("a", "b"), ("d", "e"), ("e", "d"), ("b", "d")])
    result = analyze(doc)
    assert result.loops == [["d", "e"], ["a", "b", "c"]]
    assert not result.loops_truncated
    assert result.touchpoint_ids("loops") == ["d", "e", "a", "b", "c"]


def test_more_loops_than_the_limit_are_truncated() -> None:
    cards = [(f"t{i}", i % 3, 0) for i in range(6)]
    links = [("t0", "t1"), ("t1", "t0"), ("t2", "t3"), ("t3", "t2"), ("t4", "t5"), ("t5", "t4")]
    doc = build(cards, links)
    assert len(analyze(doc).loops) == 3 and not analyze(doc).loops_truncated
    result = analyze(doc, max_loops=2)
    assert len(result.loops) == 2 and result.loops_truncated
    assert analyze(doc, max_loops=0).loops == [] and analyze(doc, max_loops=0).loops_truncated


def test_a_loop_longer_than_the_bound_makes_the_search_truncated() -> None:
    cards = [(f"t{i:02d}", i % 3, i % 2) for i in range(12)]
    links = [(f"t{i:02d}", f"t{(i + 1) % 12:02d}") for i in range(12)]
    doc = build(cards, links)
    short = analyze(doc, max_loop_length=10)
    assert short.loops == [] and short.loops_truncated
    full = analyze(doc, max_loop_length=12)
    assert len(full.loops) == 1 and len(full.loops[0]) == 12 and not full.loops_truncated


def test_no_loops_in_an_acyclic_map() -> None:
    doc = build([("a", 0, 0), ("b", 1, 0)], [("a", "b")])
    result = analyze(doc)
    assert result.loops == [] and not result.loops_truncated


# ---------------------------------------------------------------------- bounds
def test_a_dense_300_card_map_finishes_quickly_and_says_it_was_truncated() -> None:
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
    assert len(result.loops) == 50 and result.loops_truncated
    for loop in result.loops:
        assert 2 <= len(loop) <= 10 and len(set(loop)) == len(loop)
        assert all(doc.has_link(a, b) for a, b in zip(loop, [*loop[1:], loop[0]], strict=True))
    assert result.paths_truncated
    _check_path(doc, result, result.worst_path)
    _check_path(doc, result, result.best_path)
    assert result.worst_path is not None and result.best_path is not None
    assert result.worst_path.total_emotion < result.best_path.total_emotion
    assert len(result.moments_of_truth) == 10
