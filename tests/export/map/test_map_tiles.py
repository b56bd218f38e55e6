"""Tile pages of the map PDF read back: every link label readable, none over a card."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from journeymap.core import fileformat
from journeymap.export import ExportOptions, write_map_pdf

EXAMPLES = sorted(Path(__file__).parents[3].joinpath("resources", "examples").glob("*.journeymap"))
EDGE = (0.690196, 0.745098, 0.772549)  # "#b0bec5": the border of cards and label backings


def _close(a: object, b: tuple[float, ...]) -> bool:
    return isinstance(a, tuple) and len(a) == 3 and all(
        abs(float(x) - y) < 0.01 for x, y in zip(a, b, strict=True))


def _boxes(page: pdfplumber.page.Page) -> tuple[list[tuple[float, ...]], list[tuple[float, ...]]]:
    """The white, grey-edged rounded boxes of a page: (cards, label backings) by height."""
    found = [(o["x0"], o["top"], o["x1"], o["bottom"]) for o in page.curves + page.rects
             if o.get("fill") and _close(o.get("non_stroking_color"), (1.0, 1.0, 1.0))
             and _close(o.get("stroking_color"), EDGE)]
    if not found:
        return [], []
    tallest = max(b[3] - b[1] for b in found)
    cards = [b for b in found if b[3] - b[1] > tallest * 0.5]
    labels = [b for b in found if b[3] - b[1] <= tallest * 0.5]
    return cards, labels


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] - 0.2 and b[0] < a[2] - 0.2 and a[1] < b[3] - 0.2 and b[1] < a[3] - 0.2


@pytest.mark.parametrize("size", ["A4", "148x105mm"])
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_tile_pages_show_every_link_label_clear_of_the_cards(
    path: Path, size: str, tmp_path: Path
) -> None:
    doc = fileformat.load(path)
    out = tmp_path / "tiles.pdf"
    report = write_map_pdf(doc, out, ExportOptions(page_size=size, placement="tile"))
    assert report.placement == "tile" and report.tiles > 1
    labels = [" ".join(link.label.split()) for link in doc.links() if link.label.strip()]
    assert labels
    with pdfplumber.open(out) as pdf:
        tiles = pdf.pages[1:1 + report.tiles]  # the overview comes first
        map_text = " ".join(" ".join((p.extract_text() or "").split()) for p in tiles)
        rest = " ".join(" ".join((p.extract_text() or "").split())
                        for p in pdf.pages[1 + report.tiles:])
        backings = 0
        for page in tiles:
            cards, boxes = _boxes(page)
            # what lies wholly off the page is clipped away (the map goes on on another page)
            boxes = [b for b in boxes if _overlap(b, (0, 0, page.width, page.height))]
            backings += len(boxes)
            for box in boxes:
                assert not any(_overlap(box, card) for card in cards), (page.page_number, box)
                # a backing is not cut by the page's edge
                assert box[0] >= 0 and box[2] <= page.width and box[3] <= page.height, box
    on_map = [t for t in labels if t in map_text]
    # a label the map has no room for (or shows shortened) is printed in full in the notes
    assert all(t in map_text or f": {t}" in rest for t in labels), [
        t for t in labels if t not in map_text and f": {t}" not in rest]
    assert len(on_map) >= len(labels) * 0.6, (len(on_map), len(labels))
    assert backings >= len(on_map) * 0.8  # (a short label may also be a word of a card)


@pytest.mark.parametrize(("cards", "stages", "orientation"),
                         [(49, 7, "portrait"), (30, 5, "landscape")])
def test_a_channel_badge_cut_by_the_tile_edge_leaves_no_text_behind(
    tmp_path: Path, cards: int, stages: int, orientation: str
) -> None:
    """One lane cut between card rows: the cards just past the cut are drawn (clipped) at
    the tile's edge; their channel badges must not leave their text in the text layer,
    off the page or hidden under the repeated stage headers."""
    from tests.export.test_readback import _overlaps
    from tests.synthetic import make_map

    doc = make_map(cards, stages=stages, lanes=1, seed=0 if orientation == "portrait" else 4)
    out = tmp_path / "tiles.pdf"
    turn = "portrait" if orientation == "portrait" else "landscape"
    report = write_map_pdf(doc, out, ExportOptions(placement="tile", orientation=turn))
    assert report.tiles >= 2
    labels = {w for link in doc.links() for w in link.label.split()}
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages[1: 1 + report.tiles]:
            outside = [c["text"] for c in page.chars if c["top"] < -0.5
                       or c["bottom"] > page.height + 0.5 or c["x0"] < -0.5
                       or c["x1"] > page.width + 0.5]
            assert not outside, (page.page_number, "".join(outside))
            assert not _overlaps(page.extract_words(), labels), page.page_number


def test_the_overview_of_many_pages_lists_each_column_of_them(tmp_path: Path) -> None:
    from tests.synthetic import make_map

    doc = make_map(240, stages=60, lanes=3, seed=3)
    out = tmp_path / "sixty.pdf"
    report = write_map_pdf(doc, out, ExportOptions(placement="tile", layers=True))
    assert report.tiles > 16
    with pdfplumber.open(out) as pdf:
        first = pdf.pages[0]
        text = " ".join(first.extract_text().split())
    assert "What each column of pages shows" in text
    match = re.search(r"(\d+) across and (\d+) down", text)
    assert match is not None
    cols = int(match.group(1))
    assert cols * int(match.group(2)) == report.tiles
    column_pages = list(range(2, 2 + report.tiles, cols))  # the first column, top down
    if len(column_pages) == 1:
        head = f"Page {column_pages[0]}"
    elif len(column_pages) <= 3:
        head = "Pages " + ", ".join(map(str, column_pages))
    else:
        head = f"Pages {column_pages[0]}, {column_pages[1]} … {column_pages[-1]}"
    assert head in text, text[-600:]
    first_stage = " ".join(doc.stages[0].name.split())
    assert f"{head} {first_stage} –" in text
