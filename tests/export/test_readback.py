"""Every PDF of every example read back with pdfplumber: sizes, positions, overlaps, fonts.

The PDFs are written once per module (map as tiles, map as a poster, the plan) and shared.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdf
import pytest

from journeymap import load
from journeymap.export import write_map_pdf, write_plan_pdf
from journeymap.export.document import ExportReport
from tests.export.conftest import EXAMPLES, options, squash

KINDS = ("tiles", "poster", "plan")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Path,
                                                                                     ExportReport]]:
    folder = tmp_path_factory.mktemp("readback")
    out: dict[tuple[str, str], tuple[Path, ExportReport]] = {}
    for example in EXAMPLES:
        doc = load(example)
        for kind in KINDS:
            path = folder / f"{example.stem}-{kind}.pdf"
            if kind == "plan":
                report = write_plan_pdf(doc, path, options())
            else:
                report = write_map_pdf(doc, path, options(
                    placement="tile" if kind == "tiles" else "poster"))
            out[(example.stem, kind)] = path, report
    return out


def _size(char: dict[str, object]) -> float:
    """The printed size of a character; for turned text the box across its baseline (a
    little more than the size, so the check is on the lenient side only there)."""
    if char["upright"]:
        return float(char["size"])  # type: ignore[arg-type]
    return float(char["x1"]) - float(char["x0"])  # type: ignore[arg-type]


def _overlaps(words: list[dict[str, object]], skip: set[str]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap by more than half a line (sweep over x)."""
    ws = sorted(words, key=lambda w: float(w["x0"]))  # type: ignore[arg-type]
    found = []
    for i, a in enumerate(ws):
        for b in ws[i + 1:]:
            if float(b["x0"]) >= float(a["x1"]) - 0.5:  # type: ignore[arg-type]
                break
            if a["text"] in skip or b["text"] in skip:
                continue
            ix = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])  # type: ignore[type-var,operator]
            iy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])  # type: ignore[type-var,operator]
            line = min(a["bottom"] - a["top"], b["bottom"] - b["top"])  # type: ignore[operator]
            if ix > 0.5 and iy > 0.5 * line:
                found.append((str(a["text"]), str(b["text"])))
    return found


def _link_label_words(stem: str) -> set[str]:
    """Words of link labels: where labels go is decided by core.routing, whose label
    placement has its own property tests (labels clear of cards and headers)."""
    doc = load(next(e for e in EXAMPLES if e.stem == stem))
    words: set[str] = set()
    for link in doc.links():
        words.update(link.label.split())
    return words


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
def test_text_is_readable_inside_its_page_and_never_overlaps(
    written: dict[tuple[str, str], tuple[Path, ExportReport]], example: str, kind: str
) -> None:
    path, _ = written[(example, kind)]
    skip = _link_label_words(example) if kind != "plan" else set()
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            small = [c["text"] for c in page.chars if _size(c) < 5.95]
            assert not small, (number, "".join(small)[:80])
            outside = [c["text"] for c in page.chars
                       if c["x0"] < -0.5 or c["x1"] > page.width + 0.5
                       or c["top"] < -0.5 or c["bottom"] > page.height + 0.5]
            assert not outside, (number, "".join(outside)[:80])
            words = page.extract_words(extra_attrs=["fontname", "size"])
            assert not _overlaps(words, skip), number


@pytest.mark.parametrize("kind", KINDS)
def test_page_mode_outlines_and_only_embedded_fonts(
    written: dict[tuple[str, str], tuple[Path, ExportReport]], kind: str
) -> None:
    for example in EXAMPLES:
        path, _ = written[(example.stem, kind)]
        reader = pypdf.PdfReader(str(path))
        assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
        for page in reader.pages:
            for font in page["/Resources"].get("/Font", {}).values():
                font = font.get_object()
                for descendant in font.get("/DescendantFonts", [font]):
                    descriptor = descendant.get_object().get("/FontDescriptor")
                    assert descriptor is not None, font.get("/BaseFont")
                    assert "/FontFile2" in descriptor.get_object(), font.get("/BaseFont")


def test_every_tile_page_names_its_stages_and_lanes(
    written: dict[tuple[str, str], tuple[Path, ExportReport]],
) -> None:
    for example in EXAMPLES:
        path, report = written[(example.stem, "tiles")]
        assert report.placement == "tile" and report.tiles >= 2
        doc = load(example)
        reader = pypdf.PdfReader(str(path))
        first = squash(reader.pages[0].extract_text())
        assert squash(doc.title) in first  # the title block is on page 1
        for page in reader.pages[1: 1 + report.tiles]:
            text = squash(page.extract_text())
            stages = [s for s in doc.stages if squash(s.name) in text]
            assert stages, text[:200]
            lanes = [lane for lane in doc.lanes if squash(lane.name) in text]
            assert lanes or "Emotion" in text, text[:200]


def test_the_ecommerce_map_prints_on_one_a3_page(
    written: dict[tuple[str, str], tuple[Path, ExportReport]],
) -> None:
    path, report = written[("ecommerce-first-order", "poster")]
    doc = load(next(e for e in EXAMPLES if e.stem == "ecommerce-first-order"))
    assert doc.touchpoint_count == 27
    assert report.placement == "fit" and report.page_size == "A3"
    assert report.scale >= 8 / 12  # card titles at 8 pt or more
    reader = pypdf.PdfReader(str(path))
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 1191 and round(float(box.height)) == 842
    first = squash(reader.pages[0].extract_text())
    assert squash(doc.title) in first
    assert all(squash(tp.title) in first for tp in doc.touchpoints())
