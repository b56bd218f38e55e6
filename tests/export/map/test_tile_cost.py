"""What a tile page of a big map costs (issue 14, the speed target): each page finds its links
and cards through grids and draws them with the pens decided once per export, and what it
draws must be exactly what testing every link piece and every card would draw."""

from __future__ import annotations

import gc
from pathlib import Path

import pdfplumber
import pytest
from reportlab.pdfgen.pathobject import PDFPathObject

from journeymap.core import appearance, measured
from journeymap.core.entities import Lane, Link, Stage, Touchpoint
from journeymap.core.layout import Rect
from journeymap.core.model import JourneyMap
from journeymap.export import ExportError, ExportOptions, write_map_pdf, write_plan_pdf
from journeymap.export import document as export_document
from journeymap.export.document import EXPORT_GC_THRESHOLD, fewer_collections
from journeymap.export.fonts import find_fonts
from journeymap.export.map.draw import MapPainter, TitleBlock
from journeymap.export.map.linkindex import box_hits, hits
from journeymap.export.map.links import LinkPainter, _route_code
from journeymap.export.map.placement import place, print_layouts
from journeymap.export.text import TextKit
from tests.synthetic import make_map

from ..conftest import BUNDLED_ONLY, FIXED_DATE


@pytest.fixture(scope="module")
def tiled() -> tuple[MapPainter, list[Rect]]:
    """A 300-card map laid out for A4 tiles, its painter, and every region a tile draws."""
    doc = make_map(300, seed=3)
    area = (798.0, 533.0)
    lay, placement = place(print_layouts(doc), area, (area[0], area[1] - 22), "tile", "A4")
    lay.set_cuts((t.region.x for t in placement.tiles if t.col > 0),
                 (t.region.y for t in placement.tiles if t.row > 0))
    painter = MapPainter(TextKit(find_fonts(BUNDLED_ONLY)), doc, lay, "#1565c0",
                         TitleBlock("", "", "", None))
    style = lay.style
    regions = []
    for tile in placement.tiles:
        r = tile.region
        regions.append(r)
        regions.append(Rect(style.margin, r.y, style.lane_header_w, r.h))  # lane headers
        regions.append(Rect(r.x, style.margin + style.title_h, r.w,
                            style.phase_h + style.stage_header_h))  # stage headers
    regions.append(Rect(-1e4, -1e4, 3e4, 3e4))  # wider than the map
    regions.append(Rect(lay.bounds.right + 50, 0, 100, 100))  # beside it: nothing
    assert len(placement.tiles) >= 6
    return painter, regions


def test_each_page_draws_exactly_the_link_pieces_that_meet_it(
    tiled: tuple[MapPainter, list[Rect]],
) -> None:
    painter, regions = tiled
    links = painter.links()
    for region in regions:
        shown, visible = painter._visible(region)
        assert shown is not None
        every = {
            link.index: {i for i, box in enumerate(link.piece_boxes) if box_hits(box, region)}
            for link in links
        }
        every = {k: v for k, v in every.items() if v}
        assert shown == every
        ends = {link.index for link in links if box_hits(link.head_box, region)
                or (link.label_box is not None and box_hits(link.label_box, region))}
        assert [link.index for link in visible] == sorted(every.keys() | ends)
        # asked again for the labels of the same page: the same answer
        assert painter._visible(region)[1] == visible


def test_each_page_draws_exactly_its_cards_in_map_order(
    tiled: tuple[MapPainter, list[Rect]],
) -> None:
    painter, regions = tiled
    cards = painter.cards()
    for region in regions:
        expected = [card.id for card in cards if hits(card.rect, region, 10)]
        assert [card.id for card in painter._cards_in(region, 10)] == expected
    assert painter._cards_in(None, 10) == cards
    assert not painter._cards_in(regions[-1], 10)


def test_route_code_is_what_reportlab_writes(tiled: tuple[MapPainter, list[Rect]]) -> None:
    painter, _ = tiled
    for link in painter.links():
        n = len(link.pieces)
        cases = [[(0, n)], [(0, 1)], [(n - 1, n)]]
        if n >= 3:
            cases.append([(0, 1), (n - 1, n)])  # two runs with a gap: two sub-paths
        for runs in cases:
            path = PDFPathObject()
            for first, end in runs:
                LinkPainter._trace(path, link.pieces[first:end])
            assert " ".join(["n", *_route_code(link, runs)]) == path.getCode()


def _pens_map() -> JourneyMap:
    """Four cards in a row; links drawn with four different pens, then the plain one."""
    doc = JourneyMap("Pens")
    for s in ("a", "b"):
        doc.add_stage(Stage(id=s, name=s.upper(), phase="before"))
    doc.add_lane(Lane(id="l", name="Lane"))
    for i in range(4):
        doc.add_touchpoint(Touchpoint(id=f"t{i}", title=f"Card {i}", stage="ab"[i // 2],
                                      lane="l", slot=i % 2))
    doc.add_link(Link(source="t0", target="t1", metrics={"share": 0.5}))
    doc.add_link(Link(source="t1", target="t2"))
    doc.add_link(Link(source="t2", target="t3", metrics={"deviation": 1}))
    doc.add_link(Link(source="t3", target="t0", kind="return"))
    return doc


def _close(colour: object, hex_code: str) -> bool:
    want = [int(hex_code[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return isinstance(colour, tuple) and len(colour) == 3 and all(
        abs(float(a) - b) < 0.01 for a, b in zip(colour, want, strict=True))


def test_every_link_is_stroked_with_its_own_pen(tmp_path: Path) -> None:
    """Pens are set only when they change: the link after a wide or purple one must still
    get the plain pen back (read from the PDF: colour, width and dashes of each route)."""
    doc = _pens_map()
    out = tmp_path / "pens.pdf"
    report = write_map_pdf(doc, out, ExportOptions(date=FIXED_DATE, placement="fit"),
                           fonts=BUNDLED_ONLY)
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        cards = [o for o in page.curves if o.get("fill")
                 and _close(o.get("non_stroking_color"), "#ffffff")
                 and _close(o.get("stroking_color"), "#b0bec5")]
        assert len(cards) == 4
        below_cards = max(o["bottom"] for o in cards) + 30  # the lane, not the legend row
        strokes = [(o["stroking_color"], float(o["linewidth"]) / report.scale,
                    bool((o.get("dash") or ((), 0))[0]))
                   for o in page.curves + page.lines
                   if o.get("stroke") and not o.get("fill") and o["bottom"] < below_cards
                   and (_close(o["stroking_color"], appearance.LINK_COLOUR)
                        or _close(o["stroking_color"], measured.DEVIATION_COLOUR))]

    def pen(hex_code: str, width: float, dashed: bool = False) -> tuple[str, float, bool]:
        return (hex_code, round(width, 2), dashed)

    found = sorted(pen(appearance.LINK_COLOUR if _close(c, appearance.LINK_COLOUR)
                       else measured.DEVIATION_COLOUR, w, d) for c, w, d in strokes)
    assert found == sorted([
        pen(appearance.LINK_COLOUR, measured.link_width({"share": 0.5}, 1.6)),
        pen(appearance.LINK_COLOUR, 1.6),  # the plain link after the wide one
        pen(measured.DEVIATION_COLOUR, 1.6),
        pen(appearance.LINK_COLOUR, 1.6, dashed=True),  # the return after the purple one
    ])


def test_fewer_collections_while_exporting_and_the_thresholds_come_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = _pens_map()
    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []
    real_build = export_document.build

    def spy(*args: object, **kwargs: object) -> int:
        seen.append(gc.get_threshold())
        return real_build(*args, **kwargs)  # type: ignore[arg-type]

    import journeymap.export.map.pdf as map_pdf
    import journeymap.export.plan.pdf as plan_pdf

    monkeypatch.setattr(map_pdf, "build", spy)
    monkeypatch.setattr(plan_pdf, "build", spy)
    options = ExportOptions(date=FIXED_DATE)
    write_map_pdf(doc, tmp_path / "m.pdf", options, fonts=BUNDLED_ONLY)
    write_plan_pdf(doc, tmp_path / "p.pdf", options, fonts=BUNDLED_ONLY)
    assert [t[0] for t in seen] == [max(before[0], EXPORT_GC_THRESHOLD)] * 2
    assert gc.get_threshold() == before
    with pytest.raises(ExportError):  # a refused export restores them too
        write_map_pdf(doc, tmp_path / "missing" / "m.pdf", options, fonts=BUNDLED_ONLY)
    assert gc.get_threshold() == before


def test_fewer_collections_nests_and_leaves_collection_off_alone() -> None:
    before = gc.get_threshold()
    try:
        with fewer_collections():
            with fewer_collections():
                assert gc.get_threshold()[0] == max(before[0], EXPORT_GC_THRESHOLD)
            assert gc.get_threshold()[0] == max(before[0], EXPORT_GC_THRESHOLD)
        assert gc.get_threshold() == before
        gc.set_threshold(0)
        with fewer_collections():
            assert gc.get_threshold()[0] == 0
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)


def test_a_text_repeated_on_every_tile_is_fitted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stage descriptions, lane names and titles are wrapped and elided on every tile: the
    second time at the same size and width measures nothing, and gives the same lines."""
    from journeymap.export import text as text_module

    kit = TextKit(find_fonts(BUNDLED_ONLY))
    measured_chars: list[int] = []
    real = text_module.stringWidth

    def counting(text: str, font: str, size: float, *args: object) -> float:
        measured_chars.append(len(text))
        return float(real(text, font, size, *args))

    monkeypatch.setattr(text_module, "stringWidth", counting)
    note = "Zoë compares three shops – prices, delivery and the returns policy – on her phone"
    first = kit.wrap(note, 10, 120, max_lines=2)
    short = kit.elide(note, 9, 150, bold=True)
    assert len(first) == 2 and first[-1].endswith("…") and short.endswith("…")
    assert measured_chars
    measured_chars.clear()
    again = kit.wrap(note, 10, 120, max_lines=2)
    assert again == first and kit.elide(note, 9, 150, bold=True) == short
    assert not measured_chars
    again.append("changed by a caller")
    assert kit.wrap(note, 10, 120, max_lines=2) == first
    wider = kit.wrap(note, 10, 240, max_lines=2)  # another width: fitted anew
    assert wider != first and all(kit.width(line, 10) <= 240 for line in wider)


def test_export_warnings_still_name_the_caller(tmp_path: Path) -> None:
    """The collector guard around the writers adds a frame: a warning must still point at
    the line that called the writer, not into contextlib."""
    doc = _pens_map()
    doc.update_touchpoint("t0", title="Card \U000f08d0")  # a character no font draws
    options = ExportOptions(date=FIXED_DATE)
    for write in (write_map_pdf, write_plan_pdf):
        with pytest.warns(Warning) as caught:
            write(doc, tmp_path / f"{write.__name__}.pdf", options, fonts=BUNDLED_ONLY)
        assert caught and all(w.filename == __file__ for w in caught), [
            w.filename for w in caught]
