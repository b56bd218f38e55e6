"""Every map that ``load`` accepts exports to every format (issue 11, item 3).

Maps are drawn at the edges of what the format allows: integers at ±2**53, the largest and
smallest doubles, ``votes`` and ``slot`` at their cap, long texts. The data formats run on
every example; the PDF, PNG and SVG (slow) on a few of them. Each output is read back.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import openpyxl
import pypdf
from conftest import SMALL_MAP
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.core.entities import MAX_COUNT, MAX_EXACT_INT, MAX_TEXT
from journeymap.core.fileformat import loads
from journeymap.core.model import JourneyMap
from journeymap.export import ExportOptions, write_map_pdf, write_plan_pdf
from journeymap.interop.graph import write_graphml, write_node_link
from journeymap.interop.mermaid import read_mermaid, write_mermaid
from journeymap.interop.sheets import write_csv, write_xlsx

EDGE_NUMBERS = st.sampled_from([
    MAX_EXACT_INT, -MAX_EXACT_INT, 0, -0.0, 1.7976931348623157e308, -1.7976931348623157e308,
    5e-324, 2.2250738585072014e-308, 0.1, 1e15 + 0.3, 123456789012345678.0,
])
COUNTS = st.sampled_from([0, 1, 999, 1000, MAX_COUNT - 1, MAX_COUNT])
TEXTS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["x" * MAX_TEXT, ("word " * 4000)[:MAX_TEXT], "=1+1", "-2", "@SUM(A1)"]),
)


@st.composite
def edge_maps(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(SMALL_MAP)
    data["title"] = draw(TEXTS)
    for tp in data["touchpoints"]:
        tp["metrics"] = draw(st.dictionaries(st.sampled_from(["nps", "csat", "cases", "x y"]),
                                             EDGE_NUMBERS, max_size=3))
        tp["votes"] = draw(COUNTS)
        tp["description"] = draw(TEXTS)
    slots = draw(st.lists(COUNTS, min_size=len(data["touchpoints"]),
                          max_size=len(data["touchpoints"]), unique=True))
    for tp, slot in zip(data["touchpoints"], slots, strict=True):
        tp["slot"] = slot
    return data


def accepted(data: dict[str, Any]) -> JourneyMap:
    doc = loads(json.dumps(data, ensure_ascii=False))
    assert doc.touchpoint_count == len(data["touchpoints"])
    return doc


def data_exports(doc: JourneyMap, folder: Path) -> None:
    write_csv(doc, folder / "m.csv")
    rows = list(csv.reader(io.StringIO((folder / "m.csv").read_text("utf-8-sig"))))
    assert len(rows) == 1 + doc.touchpoint_count
    write_xlsx(doc, folder / "m.xlsx")
    book = openpyxl.load_workbook(folder / "m.xlsx", read_only=True)
    assert sum(1 for _ in book["Touchpoints"].iter_rows()) == 1 + doc.touchpoint_count
    book.close()
    write_mermaid(doc, folder / "m.mmd")
    assert read_mermaid(folder / "m.mmd").doc.touchpoint_count == doc.touchpoint_count
    write_graphml(doc, folder / "m.graphml")
    assert nx.read_graphml(folder / "m.graphml").number_of_nodes() == doc.touchpoint_count
    write_node_link(doc, folder / "m.json")
    assert len(json.loads((folder / "m.json").read_text("utf-8"))["nodes"]) == (
        doc.touchpoint_count
    )


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(edge_maps())
def test_every_accepted_map_exports_to_every_data_format(
    tmp_path_factory: Any, data: dict[str, Any]
) -> None:
    data_exports(accepted(data), tmp_path_factory.mktemp("out"))


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(edge_maps())
def test_every_accepted_map_exports_to_pdf_png_and_svg(
    tmp_path_factory: Any, qapp: Any, data: dict[str, Any]
) -> None:
    from journeymap.gui.canvas.imageexport import write_png, write_svg

    doc = accepted(data)
    folder = tmp_path_factory.mktemp("out")
    write_map_pdf(doc, folder / "m.pdf", ExportOptions(placement="tile"))
    assert len(pypdf.PdfReader(folder / "m.pdf").pages) >= 1
    write_plan_pdf(doc, folder / "p.pdf", ExportOptions())
    assert len(pypdf.PdfReader(folder / "p.pdf").pages) >= 1
    size = write_png(doc, folder / "m.png", dpi=48)
    assert size.width > 0 and (folder / "m.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    write_svg(doc, folder / "m.svg")
    assert ET.parse(folder / "m.svg").getroot().tag.endswith("svg")
