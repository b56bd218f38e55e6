"""GraphML and node-link JSON of the touchpoint graph: read back by NetworkX, hostile text."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from journeymap.core.entities import Lane, Link, Stage, Touchpoint
from journeymap.core.fileformat import load
from journeymap.core.model import JourneyMap
from journeymap.interop.common import InteropError
from journeymap.interop.graph import (
    LIST_SEPARATOR,
    clean_text,
    dumps_graphml,
    graph_for_export,
    write_graphml,
    write_node_link,
)
from journeymap.resources import example


@pytest.fixture
def doc() -> JourneyMap:
    return load(example("service-business"))


def hostile_doc() -> JourneyMap:
    doc = JourneyMap("Bell\x07 & <map> “ünïcode” 日本 🚀")
    doc.add_stage(Stage(id="s", name="Stage\x00one"))
    doc.add_lane(Lane(id="l", name="Lane & <b>"))
    doc.add_touchpoint(
        Touchpoint(
            id="a", title="Form\x0bfeed\x1f & <tag> ]]> 日本語", stage="s", lane="l",
            slot=0, pain_points=["one\x01", "two | three"], metrics={"nps": 31, "csat\x02": 4.5},
            moment_of_truth=True, votes=3, emotion=-2, colour="#C62828",
        )
    )
    doc.add_touchpoint(Touchpoint(id="b", title="Tab\tand\nnewline", stage="s", lane="l", slot=1))
    doc.add_link(Link(source="a", target="b", label="go\x08 → on", kind="return"))
    return doc


def _scalar(value: object) -> bool:
    return isinstance(value, str | int | float | bool)


def test_graph_attributes_are_scalars(doc: JourneyMap) -> None:
    graph = graph_for_export(doc)
    assert set(graph.nodes) == {tp.id for tp in doc.touchpoints()}
    assert set(graph.edges) == set(doc.graph.edges)
    for _, attrs in graph.nodes(data=True):
        assert all(_scalar(v) for v in attrs.values()), attrs
    tp = next(tp for tp in doc.touchpoints() if len(tp.pain_points) > 1 and tp.metrics)
    node = graph.nodes[tp.id]
    assert node["pain_points"] == LIST_SEPARATOR.join(tp.pain_points)
    assert node["pain_point_count"] == len(tp.pain_points)
    assert node["stage_name"] == doc.stage(tp.stage).name
    for name, value in tp.metrics.items():
        assert node[f"metric_{name}"] == pytest.approx(value)
    no_emotion = [tp.id for tp in doc.touchpoints() if tp.emotion is None]
    assert all("emotion" not in graph.nodes[n] for n in no_emotion)
    link = doc.links()[0]
    assert graph.edges[link.source, link.target] == {"label": link.label, "kind": link.kind}
    assert graph.graph["title"] == doc.title


def test_graphml_reads_back_with_networkx(doc: JourneyMap, tmp_path: Path) -> None:
    out = tmp_path / "map.graphml"
    write_graphml(doc, out)
    back = nx.read_graphml(out)
    expected = graph_for_export(doc)
    assert back.is_directed()
    assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
    assert {(u, v): d for u, v, d in back.edges(data=True)} == {
        (u, v): d for u, v, d in expected.edges(data=True)
    }
    assert back.graph["title"] == doc.title
    text = out.read_text(encoding="utf-8")
    assert ">True<" not in text and ">true<" in text  # the schema's spelling of booleans


def test_node_link_reads_back_with_networkx(doc: JourneyMap, tmp_path: Path) -> None:
    out = tmp_path / "map.json"
    write_node_link(doc, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "links" in data and "edges" not in data
    back = nx.node_link_graph(data, edges="links")
    expected = graph_for_export(doc)
    assert back.is_directed() and not back.is_multigraph()
    assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
    assert set(back.edges) == set(expected.edges)
    assert back.graph["title"] == doc.title


def test_hostile_text_gives_valid_xml_and_json(tmp_path: Path) -> None:
    doc = hostile_doc()
    ET.fromstring(dumps_graphml(doc))  # raises on characters XML 1.0 forbids
    write_graphml(doc, tmp_path / "h.graphml")
    back = nx.read_graphml(tmp_path / "h.graphml")
    a = back.nodes["a"]
    assert a["title"] == "Formfeed & <tag> ]]> 日本語"
    assert a["pain_points"] == "one | two | three"
    assert a["metric_csat"] == 4.5 and a["metric_nps"] == 31.0
    assert a["emotion"] == -2 and a["moment_of_truth"] is True and a["votes"] == 3
    assert (a["r"], a["g"], a["b"]) == (0xC6, 0x28, 0x28)
    assert back.nodes["b"]["title"] == "Tab\tand\nnewline"
    assert back.edges["a", "b"]["label"] == "go → on"
    assert back.graph["title"] == "Bell & <map> “ünïcode” 日本 🚀"
    write_node_link(doc, tmp_path / "h.json")
    raw = (tmp_path / "h.json").read_bytes()
    assert "日本語".encode() in raw  # not \\u-escaped
    data = json.loads(raw)
    assert data["nodes"][0]["title"] == a["title"]


def test_clean_text_keeps_what_xml_allows() -> None:
    assert clean_text("a\ud800b\x00c\ufffed") == "a\ufffdbcd"
    assert clean_text("tab\tline\nreturn\r 😀 日本") == "tab\tline\nreturn\r 😀 日本"


def test_ids_that_clean_to_the_same_text_stay_apart() -> None:
    doc = JourneyMap("Ids")
    doc.add_stage(Stage(id="s", name="S"))
    doc.add_lane(Lane(id="l", name="L"))
    for slot, tp_id in enumerate(["x\x01", "x\x02", "x"]):
        doc.add_touchpoint(Touchpoint(id=tp_id, title=tp_id, stage="s", lane="l", slot=slot))
    doc.add_link(Link(source="x\x01", target="x"))
    graph = graph_for_export(doc)
    assert graph.number_of_nodes() == 3 and graph.number_of_edges() == 1


def test_unwritable_target_is_one_sentence(doc: JourneyMap, tmp_path: Path) -> None:
    with pytest.raises(InteropError, match="does not exist"):
        write_graphml(doc, tmp_path / "missing" / "map.graphml")
    with pytest.raises(InteropError, match="it is a folder"):
        write_node_link(doc, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_metric_attribute_names_are_nmtokens_with_the_name_kept(tmp_path: Path) -> None:
    doc = JourneyMap("Metrics")
    doc.add_stage(Stage(id="s", name="S"))
    doc.add_lane(Lane(id="l", name="L"))
    doc.add_touchpoint(Touchpoint(id="a", title="A", stage="s", lane="l", slot=0,
                                  metrics={"NPS (Q3)": 31, "NPS Q3": 2, "Zufriedenheit ä": 1.5}))
    write_graphml(doc, tmp_path / "m.graphml")
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = ET.parse(tmp_path / "m.graphml").getroot().findall("g:key", ns)
    names = {k.get("attr.name"): k.findtext("g:desc", namespaces=ns) for k in keys}
    nmtoken = re.compile(r"[\w.\-:]+")
    assert all(nmtoken.fullmatch(name or "") for name in names)
    assert names["metric_NPS_Q3"] == "NPS (Q3)"
    assert names["metric_NPS_Q3_2"] == "NPS Q3"
    assert names["metric_Zufriedenheit_ä"] == "Zufriedenheit ä"
    node = nx.read_graphml(tmp_path / "m.graphml").nodes["a"]
    assert node["metric_NPS_Q3"] == 31.0 and node["metric_Zufriedenheit_ä"] == 1.5
