"""The touchpoint graph for graph tools: GraphML (Gephi, yEd, Cytoscape) and node-link JSON.

Every attribute is a scalar, because GraphML has no lists, maps or null:

* lists (pain points, opportunities) are joined with ``" | "``, which a one-line table cell
  (Gephi's Data Laboratory) shows readably; their counts are attributes of their own;
* each metric is a float attribute ``metric_<name>``, present only on the cards that have it;
  the name is made a valid XML NMTOKEN (what strict GraphML validators demand of
  ``attr.name``): characters other than letters, digits, ``.``, ``-`` and ``_`` become ``_``
  ("NPS (Q3)" → ``metric_NPS_Q3``), and the GraphML key keeps the original name in its
  ``<desc>``;
* an emotion of null leaves the ``emotion`` key out for that node;
* ``label``, ``x``, ``y``, ``r``, ``g``, ``b`` are the names Gephi reads as the node's label,
  position (the card's centre on the canvas, y pointing up) and colour.

Text is cleaned of the characters XML 1.0 cannot hold (control characters, unpaired
surrogates, U+FFFE/U+FFFF); both files are written from the same cleaned graph.
"""

from __future__ import annotations

import html
import inspect
import json
import os
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import networkx as nx

from journeymap.core.errors import FileAccessError
from journeymap.core.layout import compute
from journeymap.core.model import JourneyMap
from journeymap.core.storage import write_atomic
from journeymap.interop.common import InteropError

__all__ = [
    "LIST_SEPARATOR",
    "NODE_LINK_EDGES_KEY",
    "clean_text",
    "dumps_graphml",
    "dumps_node_link",
    "graph_for_export",
    "write_graphml",
    "write_node_link",
]

#: How list fields (pain points, opportunities) are joined into one text attribute.
LIST_SEPARATOR = " | "
#: The key of the edge list in node-link JSON. NetworkX 3.4 renamed its default from "links"
#: to "edges"; we always write "links" (what d3.js and older NetworkX read by default).
NODE_LINK_EDGES_KEY = "links"

_UNPAIRED_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NOT_XML = re.compile(r"[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BOOLEAN_KEY = re.compile(r'<key id="([^"]+)" for="[^"]+" attr\.name="[^"]*" attr\.type="boolean"')


def clean_text(text: str) -> str:
    """``text`` as XML 1.0 can hold it: unpaired surrogates become U+FFFD, control characters
    other than tab and line breaks are dropped."""
    return _NOT_XML.sub("", _UNPAIRED_SURROGATE.sub("\ufffd", text))


def graph_for_export(doc: JourneyMap) -> nx.DiGraph:
    """A copy of the touchpoint graph with scalar attributes only (see the module notes)."""
    graph = nx.DiGraph(title=clean_text(doc.title), description=clean_text(doc.description))
    stages = {s.id: s for s in doc.stages}
    lanes = {lane.id: lane for lane in doc.lanes}
    channels = {c.id: c for c in doc.palette}
    cards = compute(doc).cards
    metric_names = metric_attributes(doc)
    names: dict[str, str] = {}
    for tp in doc.touchpoints():
        node = _unique(clean_text(tp.id), names.values())
        names[tp.id] = node
        stage, lane = stages[tp.stage], lanes[tp.lane]
        attrs: dict[str, Any] = {
            "label": tp.title,
            "title": tp.title,
            "stage": tp.stage,
            "stage_name": stage.name,
            "stage_index": doc.stage_index(tp.stage),
            "lane": tp.lane,
            "lane_name": lane.name,
            "lane_index": doc.lane_index(tp.lane),
            "slot": tp.slot,
            "channel": tp.channel or "",
            "channel_name": channels[tp.channel].name if tp.channel in channels else "",
            "colour": tp.colour,
            "description": tp.description,
            "thoughts": tp.thoughts,
            "pain_points": LIST_SEPARATOR.join(tp.pain_points),
            "pain_point_count": len(tp.pain_points),
            "opportunities": LIST_SEPARATOR.join(tp.opportunities),
            "opportunity_count": len(tp.opportunities),
            "owner": tp.owner,
            "moment_of_truth": tp.moment_of_truth,
            "votes": tp.votes,
        }
        if tp.emotion is not None:
            attrs["emotion"] = tp.emotion
        if tp.evidence is not None:
            attrs["evidence"] = tp.evidence
        for name, value in tp.metrics.items():
            attrs[metric_names[name]] = float(value)
        rect = cards.get(tp.id)
        if rect is not None:
            centre = rect.center
            attrs["x"], attrs["y"] = float(centre.x), -float(centre.y)
        red, green, blue = (int(tp.colour[i : i + 2], 16) for i in (1, 3, 5))
        attrs.update(r=red, g=green, b=blue)
        graph.add_node(
            node, **{k: clean_text(v) if isinstance(v, str) else v for k, v in attrs.items()}
        )
    for link in doc.links():
        measured = {f"metric_{clean_text(k)}": float(v) for k, v in link.metrics.items()}
        graph.add_edge(
            names[link.source],
            names[link.target],
            label=clean_text(link.label),
            kind=link.kind,
            **measured,
        )
    return graph


def _nmtoken(text: str) -> str:
    """``text`` with every character an XML name may not hold turned into ``_``."""
    kept = "".join(
        c if (c.isascii() and (c.isalnum() or c in "._-")) or (not c.isascii() and c.isalpha())
        else "_"
        for c in clean_text(text)
    )
    return re.sub(r"_+", "_", kept).strip("_")


def metric_attributes(doc: JourneyMap) -> dict[str, str]:
    """Metric name → its attribute name ``metric_<NMTOKEN>``, unique across the map."""
    found: dict[str, str] = {}
    taken: set[str] = set()
    for tp in doc.touchpoints():
        for name in tp.metrics:
            if name in found:
                continue
            base = f"metric_{_nmtoken(name)}".rstrip("_")
            attr, n = base, 2
            while attr in taken:
                attr, n = f"{base}_{n}", n + 1
            found[name] = attr
            taken.add(attr)
    return found


def _unique(name: str, taken: Any) -> str:
    """``name``, or ``name~2``, ``name~3`` … when cleaning made two ids equal."""
    used = set(taken)
    if name and name not in used:
        return name
    n = 2
    while f"{name}~{n}" in used:
        n += 1
    return f"{name}~{n}"


def dumps_graphml(doc: JourneyMap) -> bytes:
    """The map's touchpoint graph as GraphML (UTF-8)."""
    text = "\n".join(nx.generate_graphml(graph_for_export(doc), encoding="utf-8")) + "\n"
    booleans = set(_BOOLEAN_KEY.findall(text))
    if booleans:  # NetworkX writes Python's True/False; the GraphML schema says true/false
        text = re.sub(
            r'<data key="([^"]+)">(True|False)</data>',
            lambda m: f'<data key="{m[1]}">{m[2].lower()}</data>' if m[1] in booleans else m[0],
            text,
        )
    described = {attr: name for name, attr in metric_attributes(doc).items()}
    if described:  # keep the metric's own name beside its NMTOKEN attribute name
        text = re.sub(
            r'<key id="([^"]+)" for="node" attr\.name="([^"]+)" attr\.type="([^"]+)" ?/>',
            lambda m: (
                f'<key id="{m[1]}" for="node" attr.name="{m[2]}" attr.type="{m[3]}">'
                f"<desc>{xml_escape(clean_text(described[html.unescape(m[2])]))}</desc></key>"
                if html.unescape(m[2]) in described else m[0]
            ),
            text,
        )
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text).encode("utf-8")


def dumps_node_link(doc: JourneyMap) -> str:
    """The map's touchpoint graph as node-link JSON, edges under ``"links"``."""
    graph = graph_for_export(doc)
    if "edges" in inspect.signature(nx.node_link_data).parameters:
        data = nx.node_link_data(graph, edges=NODE_LINK_EDGES_KEY)
    else:  # NetworkX before 3.4 names the keyword "link"
        data = nx.node_link_data(graph, link=NODE_LINK_EDGES_KEY)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_graphml(doc: JourneyMap, path: str | os.PathLike[str]) -> None:
    """Write the touchpoint graph as GraphML, atomically."""
    _write(Path(path), dumps_graphml(doc))


def write_node_link(doc: JourneyMap, path: str | os.PathLike[str]) -> None:
    """Write the touchpoint graph as node-link JSON (UTF-8), atomically."""
    _write(Path(path), dumps_node_link(doc).encode("utf-8"))


def _write(path: Path, data: bytes) -> None:
    if path.is_dir():
        raise InteropError(f'cannot write "{path}": it is a folder')
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InteropError(f'cannot write "{path}": the folder "{folder}" does not exist')
    try:
        write_atomic(path, data, backup=False)
    except FileAccessError as err:
        raise InteropError(str(err).replace("cannot save", "cannot write", 1)) from None
