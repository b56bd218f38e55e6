"""Journey insights on small hand-made maps with known answers (paths and loops: see
test_analysis_paths.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

from journeymap.core.analysis.findings import DEFINITIONS, FINDINGS, Analysis, analyze
from journeymap.core.analysis.scores import score
from journeymap.core.entities import Channel, Improvement, Lane, Link, Stage, Touchpoint
from journeymap.core.model import JourneyMap

DOCS = Path(__file__).resolve().parents[3] / "docs" / "insights.md"

Card = tuple[Any, ...]


def build(
    cards: Iterable[Card],
    links: Iterable[Sequence[str]] = (),
    *,
    stages: int = 3,
    lanes: int = 2,
    improvements: Sequence[Sequence[str]] = (),
    channels: Sequence[Channel] | None = None,
) -> JourneyMap:
    """A map with stages s0…, lanes l0…; a card is (id, stage, lane[, emotion[, fields]]).

    Cards of one cell take slots 0, 1, … in the order given; a link is (source, target[, kind]).
    """
    doc = JourneyMap("Analysis test map", channels=channels)
    for i in range(stages):
        doc.add_stage(Stage(id=f"s{i}", name=f"Stage {i}"))
    for i in range(lanes):
        doc.add_lane(Lane(id=f"l{i}", name=f"Lane {i}"))
    slots: dict[tuple[int, int], int] = {}
    for card in cards:
        tp_id, stage, lane = card[0], card[1], card[2]
        emotion = card[3] if len(card) > 3 else None
        fields: dict[str, Any] = dict(card[4]) if len(card) > 4 else {}
        slot = slots.get((stage, lane), 0)
        slots[(stage, lane)] = slot + 1
        title = fields.pop("title", f"Card {tp_id}")
        doc.add_touchpoint(Touchpoint(id=tp_id, title=title, stage=f"s{stage}", lane=f"l{lane}",
                                      slot=slot, emotion=emotion, **fields))
    for link in links:
        kind = link[2] if len(link) > 2 else "flow"
        doc.add_link(Link(source=link[0], target=link[1], kind=kind))  # type: ignore[arg-type]
    for i, ids in enumerate(improvements):
        doc.add_improvement(Improvement(id=f"i{i}", title=f"Fix {i}", touchpoints=list(ids)))
    return doc


# ---------------------------------------------------------------------- definitions
def test_every_finding_has_one_plain_sentence() -> None:
    assert tuple(DEFINITIONS) == FINDINGS
    for name, text in DEFINITIONS.items():
        assert text.endswith("."), name
        assert not re.search(r"[.!?]\s", text[:-1]), f"{name}: more than one sentence"


def test_each_definition_appears_word_for_word_in_the_docs() -> None:
    docs = " ".join(DOCS.read_text(encoding="utf-8").split())
    for name, text in DEFINITIONS.items():
        assert text in docs, name


# ---------------------------------------------------------------------- entries and exits
def test_several_entries_in_the_first_stage_with_touchpoints() -> None:
    doc = build(
        [("b", 1, 0), ("a", 1, 1), ("c", 1, 0), ("d", 2, 0)],
        [("b", "d"), ("a", "d"), ("b", "c")],
        stages=3,
    )
    result = analyze(doc)
    assert result.entries == ["b", "a"]  # s0 is empty; c has an incoming link
    assert result.exits == ["d"]


def test_all_of_the_first_stage_are_entries_when_each_has_an_incoming_link() -> None:
    doc = build([("a", 0, 0), ("b", 0, 1), ("c", 1, 0)],
                [("a", "b"), ("b", "a"), ("a", "c"), ("c", "a", "return")])
    result = analyze(doc)
    assert result.entries == ["a", "b"]
    assert result.unreachable == []


def test_exits_are_the_last_stages_cards_without_outgoing_links() -> None:
    doc = build([("a", 0, 0), ("x", 1, 0), ("y", 1, 1), ("z", 1, 0)],
                [("a", "x"), ("x", "y"), ("a", "z")], stages=3)
    assert analyze(doc).exits == ["z", "y"]


def test_no_exits_when_each_of_the_last_stage_has_an_outgoing_link() -> None:
    doc = build([("a", 0, 0), ("x", 1, 0), ("y", 1, 1)],
                [("a", "x"), ("x", "y"), ("y", "a", "return")], stages=2)
    result = analyze(doc)
    assert result.exits == []
    assert result.path_ends == ["x", "y"]
    assert result.worst_path is not None
    assert result.worst_path.touchpoints[-1] in ("x", "y")


# ---------------------------------------------------------------------- reach
def test_unreachable_and_dead_ends() -> None:
    doc = build(
        [("a", 0, 0), ("b", 1, 0), ("orphan", 1, 1), ("stuck", 1, 0), ("c", 2, 0), ("d", 2, 1)],
        [("a", "b"), ("b", "c"), ("a", "stuck"), ("orphan", "c")],
    )
    result = analyze(doc)
    assert result.entries == ["a"]
    assert result.unreachable == ["orphan", "d"]
    assert result.dead_ends == ["stuck"]  # c and d are in the last stage
    assert result.exits == ["c", "d"]


# ---------------------------------------------------------------------- moments of truth
def test_moments_of_truth_follow_the_documented_score() -> None:
    doc = build(
        [
            ("a", 0, 0, 1),
            ("hub", 1, 0, -2, {"pain_points": ["slow", "rude", "lost", "cold"]}),
            ("flag", 1, 1, 2, {"moment_of_truth": True}),
            ("calm", 2, 0, 0),
            ("end", 2, 1, None),
        ],
        [("a", "hub"), ("hub", "calm"), ("hub", "end")],
    )
    result = analyze(doc)
    assert [m.id for m in result.moments_of_truth] == ["hub", "flag"]
    hub, flag = result.moments_of_truth
    # hub: highest betweenness (B = 1), N = 1, three pain points count (capped), not flagged
    assert hub.score == pytest.approx(0.35 + 0.25 + 0.20) == score(1.0, -2, 4, False)
    assert hub.pain_points == 4 and not hub.flagged and hub.emotion == -2
    assert hub.betweenness > 0
    assert flag.score == pytest.approx(0.20) and flag.flagged and flag.betweenness == 0
    assert list(hub.to_dict())[0] == "id"


def test_at_most_ten_moments_of_truth_highest_first_ties_in_map_order() -> None:
    cards = [(f"t{i:02d}", i % 3, 0, -1 if i % 2 else -2) for i in range(14)]
    result = analyze(build(cards))
    ids = [m.id for m in result.moments_of_truth]
    assert len(ids) == 10
    scores = [m.score for m in result.moments_of_truth]
    assert scores == sorted(scores, reverse=True)
    # the seven −2 cards first (map order: stage, then slot), then −1 cards
    assert ids[:7] == ["t00", "t06", "t12", "t04", "t10", "t02", "t08"]


def test_no_moments_of_truth_when_nothing_scores() -> None:
    doc = build([("a", 0, 0, 2), ("b", 1, 0, 0)], [("a", "b")])
    assert analyze(doc).moments_of_truth == []


# ---------------------------------------------------------------------- channels
def test_channel_switches_need_two_different_channels() -> None:
    doc = build(
        [
            ("web", 0, 0, 1, {"channel": "website"}),
            ("call", 1, 0, -1, {"channel": "phone"}),
            ("web2", 1, 1, 0, {"channel": "website"}),
            ("none", 2, 0),
            ("call2", 2, 1, None, {"channel": "phone"}),
        ],
        [("web", "call"), ("web", "web2"), ("web2", "call2"), ("call", "none"),
         ("call", "web2")],
    )
    result = analyze(doc)
    pairs = [(s.source, s.target, s.from_channel, s.to_channel) for s in result.channel_switches]
    assert pairs == [
        ("web", "call", "website", "phone"),
        ("call", "web2", "phone", "website"),
        ("web2", "call2", "website", "phone"),
    ]
    assert result.channel_switch_counts == {("website", "phone"): 2, ("phone", "website"): 1}
    data = result.to_dict()["channel_switches"]
    assert data["links"][0] == {"source": "web", "target": "call", "from": "website",
                                "to": "phone"}
    assert data["counts"] == [{"from": "website", "to": "phone", "count": 2},
                              {"from": "phone", "to": "website", "count": 1}]
    assert result.touchpoint_ids("channel_switches") == ["web", "call", "web2", "call2"]


# ---------------------------------------------------------------------- emotion
def test_emotion_by_stage_channel_and_owner() -> None:
    doc = build(
        [
            ("a", 0, 0, 2, {"channel": "email", "owner": "marketing"}),
            ("b", 0, 1, -1, {"channel": "website", "owner": "Sales"}),
            ("c", 0, 0, None, {"channel": "email", "owner": " Marketing "}),
            ("d", 2, 0, -2, {"owner": "ops"}),
        ],
        stages=3,
    )
    result = analyze(doc)
    by_stage = {s.key: s for s in result.emotion_by_stage}
    assert [s.key for s in result.emotion_by_stage] == ["s0", "s1", "s2"]
    assert (by_stage["s0"].mean, by_stage["s0"].min, by_stage["s0"].count,
            by_stage["s0"].touchpoints) == (0.5, -1, 2, 3)
    assert (by_stage["s1"].mean, by_stage["s1"].min, by_stage["s1"].count) == (None, None, 0)
    assert by_stage["s1"].name == "Stage 1"
    # palette order: website before email; channels nobody uses are left out
    assert [(s.key, s.name, s.mean, s.count, s.touchpoints) for s in result.emotion_by_channel] \
        == [("website", "Website", -1.0, 1, 1), ("email", "Email", 2.0, 1, 2)]
    assert [s.key for s in result.emotion_by_owner] == ["Marketing", "marketing", "ops", "Sales"]
    data = result.to_dict()
    assert data["emotion_by_stage"]["s0"] == {"name": "Stage 0", "mean": 0.5, "min": -1,
                                              "count": 2, "touchpoints": 3}
    assert list(data["emotion_by_owner"]) == ["Marketing", "marketing", "ops", "Sales"]


def test_empty_stages_and_lanes() -> None:
    doc = build([("a", 0, 0), ("b", 2, 0)], stages=4, lanes=3)
    result = analyze(doc)
    assert result.empty_stages == ["s1", "s3"]
    assert result.empty_lanes == ["l1", "l2"]
    assert result.touchpoint_ids("empty_stages") == []


def test_unaddressed_pain_points() -> None:
    doc = build(
        [("a", 0, 0, -1, {"pain_points": ["Slow site"]}),
         ("b", 1, 0, -2, {"pain_points": ["Hidden fees", "No reply"]}),
         ("c", 2, 0, 0, {"pain_points": ["   "]}),
         ("d", 2, 1, 1)],
        improvements=[["a"], []],
    )
    result = analyze(doc)
    assert [(u.id, u.title, u.pain_points) for u in result.unaddressed_pain_points] == [
        ("b", "Card b", ("Hidden fees", "No reply"))
    ]
    assert result.to_dict()["unaddressed_pain_points"] == [
        {"id": "b", "title": "Card b", "pain_points": ["Hidden fees", "No reply"]}
    ]


# ---------------------------------------------------------------------- the whole result
def _sample() -> Analysis:
    doc = build(
        [("a", 0, 0, 1, {"channel": "website", "owner": "web team"}),
         ("b", 1, 0, -2, {"channel": "phone", "pain_points": ["Waits"]}),
         ("c", 1, 1, None), ("d", 2, 0, 2)],
        [("a", "b"), ("b", "c"), ("c", "b", "return"), ("b", "d")],
    )
    return analyze(doc)


def test_to_dict_has_exactly_the_findings_and_is_json() -> None:
    data = _sample().to_dict()
    assert tuple(data) == FINDINGS
    assert json.loads(json.dumps(data)) == data
    # the stretches of three: a (+1), b (−2), then c (no emotion) or d (+2)
    assert data["worst_path"] == {"touchpoints": ["a", "b", "c"], "total_emotion": -1,
                                  "mean_emotion": -0.333}
    assert data["best_path"] == {"touchpoints": ["a", "b", "d"], "total_emotion": 1,
                                 "mean_emotion": 0.333}
    assert [loop["touchpoints"] for loop in data["loops"]] == [["b", "c"]]
    assert isinstance(data["moments_of_truth"][0], dict)
    assert list(data["moments_of_truth"][0])[0] == "id"


def test_touchpoint_ids_of_every_finding() -> None:
    result = _sample()
    assert result.touchpoint_ids("entries") == ["a"]
    assert result.touchpoint_ids("loops") == ["b", "c"]
    assert result.touchpoint_ids("best_path") == ["a", "b", "d"]
    assert result.touchpoint_ids("moments_of_truth")[0] == "b"
    assert result.touchpoint_ids("unaddressed_pain_points") == ["b"]
    assert result.touchpoint_ids("emotion_by_stage") == []
    for name in FINDINGS:
        assert isinstance(result.touchpoint_ids(name), list)
    with pytest.raises(ValueError, match='unknown finding "nope"'):
        result.touchpoint_ids("nope")


def test_a_map_without_touchpoints() -> None:
    result = analyze(build([], stages=2, lanes=1))
    data = result.to_dict()
    assert tuple(data) == FINDINGS
    assert data["entries"] == [] and data["worst_path"] is None and data["loops"] == []
    assert data["empty_stages"] == ["s0", "s1"] and data["empty_lanes"] == ["l0"]
    assert list(data["emotion_by_stage"]) == ["s0", "s1"]


def test_a_map_with_its_own_channel_palette() -> None:
    palette = [Channel(id="kiosk", name="Kiosk", kind="physical"),
               Channel(id="app", name="App", kind="digital")]
    doc = build([("a", 0, 0, 1, {"channel": "app"}), ("b", 1, 0, -1, {"channel": "kiosk"})],
                [("a", "b")], channels=palette)
    result = analyze(doc)
    assert [s.key for s in result.emotion_by_channel] == ["kiosk", "app"]
    assert result.channel_switch_counts == {("app", "kiosk"): 1}


# ---------------------------------------------------------------------- journeys through
def test_journeys_through_count_every_forward_path_by_brute_force() -> None:
    import random

    import networkx as nx

    from journeymap.core.analysis.paths import PathGraph, forward_links, journeys_through

    for seed in range(20):
        rng = random.Random(seed)
        n = rng.randint(3, 12)
        stage = sorted(rng.randrange(4) for _ in range(n))
        succ = [sorted({rng.randrange(n) for _ in range(3)} - {v}) for v in range(n)]
        entries = [v for v in range(n) if stage[v] == stage[0]][:2]
        exits = [v for v in range(n) if stage[v] == stage[-1]]
        g = PathGraph(succ, [0] * n, stage, frozenset(), entries, exits)
        dag = nx.DiGraph((v, t) for v, ts in enumerate(forward_links(g)) for t in ts)
        dag.add_nodes_from(range(n))
        paths = [[e] if e == x else p for e in entries for x in exits
                 for p in ([[e]] if e == x else nx.all_simple_paths(dag, e, x))]
        through, total = journeys_through(g)
        assert total == len(paths)
        assert through == [sum(1 for p in paths if v in p[1:-1]) for v in range(n)]


def test_moments_of_truth_on_a_big_map_are_the_same_on_every_run() -> None:
    from synthetic import make_map

    doc = make_map(700, seed=4)
    first = analyze(doc).moments_of_truth
    assert first == analyze(doc).moments_of_truth
    assert len(first) == 10 and all(m.score > 0 for m in first)
    data = json.loads(json.dumps(analyze(doc).to_dict()))
    assert data["moments_of_truth"][0]["id"] == first[0].id
