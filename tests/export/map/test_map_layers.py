"""The layered map (``--layers``) read back: the row headers, each stage's items under its
own column, on one page, a poster, tiles and after a cover; readable and never overlapping."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest

from journeymap import load
from journeymap.cli import main
from journeymap.core.entities import Lane, Stage, Touchpoint
from journeymap.core.model import JourneyMap
from journeymap.export import write_map_pdf
from journeymap.export.map.layers import MAX_ITEMS, ROWS
from journeymap.resources import resources_dir
from tests.export.conftest import BUNDLED_ONLY, hostile_map, options, squash
from tests.export.test_readback import _overlaps, _size
from tests.synthetic import make_map

HEADERS = [name for _, name, _ in ROWS]
STAGE_FILL = (0.215686, 0.278431, 0.309804)  # appearance.STAGE_HEADER
ECOMMERCE = resources_dir() / "examples" / "ecommerce-first-order.journeymap"

Word = dict[str, object]


def _f(word: Word, key: str) -> float:
    return float(word[key])  # type: ignore[arg-type]


def _stage_columns(page: pdfplumber.page.Page,
                   doc: JourneyMap) -> list[tuple[float, float, str]]:
    """The x ranges of the stage headers drawn on the page (arrow shapes), left to right,
    with the id of the stage whose name each one shows."""
    shapes = [c for c in page.curves if len(c["pts"]) == 7 and c.get("fill")
              and tuple(round(v, 4) for v in c.get("non_stroking_color") or ()) ==
              tuple(round(v, 4) for v in STAGE_FILL)]
    words = page.extract_words()
    out = []
    for c in sorted(shapes, key=lambda c: float(c["x0"])):
        inside = {str(w["text"]) for w in words if c["x0"] <= _f(w, "x0") <= c["x1"]
                  and c["top"] <= _f(w, "top") <= c["bottom"]}
        named = [s.id for s in doc.stages if squash(s.name).split()[0] in inside]
        assert len(named) == 1, (inside, named)
        out.append((float(c["x0"]) - 4, float(c["x1"]) + 4, named[0]))
    return out


def _find(words: list[Word], phrase: str) -> Iterator[tuple[float, float, float]]:
    """(x0, x1, top) of every place the first words of ``phrase`` are printed in a row."""
    wanted = squash(phrase).split()[:3]
    for word in words:
        if word["text"] != wanted[0]:
            continue
        run = [word]
        for nxt in wanted[1:]:
            after = [w for w in words if w["text"] == nxt and abs(_f(w, "top") - _f(run[-1], "top"))
                     < 1 and 0 <= _f(w, "x0") - _f(run[-1], "x1") < 8]
            if not after:
                break
            run.append(after[0])
        if len(run) == len(wanted):
            yield _f(run[0], "x0"), _f(run[-1], "x1"), _f(run[0], "top")


def _row_span(words: list[Word], name: str, following: str | None) -> tuple[float, float]:
    """The top and bottom (page y down) of a layer row: from its header (the leftmost of
    the words it starts with) to the next row's header."""

    def header_top(text: str, below: float = -1.0) -> float:
        first = squash(text).split()[0]
        found = [w for w in words if w["text"] == first and _f(w, "top") > below]
        return _f(min(found, key=lambda w: _f(w, "x0")), "top")

    top = header_top(name)
    if following is None:
        return top - 4, float("inf")
    return top - 4, header_top(following, top) - 4


def _assert_clean(page: pdfplumber.page.Page) -> None:
    small = [c["text"] for c in page.chars if _size(c) < 5.95]
    assert not small, "".join(small)[:80]
    outside = [c["text"] for c in page.chars if c["x0"] < -0.5 or c["x1"] > page.width + 0.5
               or c["top"] < -0.5 or c["bottom"] > page.height + 0.5]
    assert not outside, "".join(outside)[:80]
    assert not _overlaps(page.extract_words(), set()), page.page_number


def _items_under_their_stage(page: pdfplumber.page.Page, doc: JourneyMap, field: str,
                             row: str, following: str | None) -> int:
    """Every shown item of ``field`` (pain points, opportunities) of each stage the page
    shows is printed inside its stage's column and inside the row; returns how many."""
    words = page.extract_words()
    top, bottom = _row_span(words, row, following)
    found = 0
    for x0, x1, stage_id in _stage_columns(page, doc):
        texts: list[str] = []
        for tp in doc.touchpoints():
            if tp.stage == stage_id:
                texts += [t for t in getattr(tp, field) if t not in texts]
        shown = texts if len(texts) <= MAX_ITEMS else texts[: MAX_ITEMS - 1]
        for text in shown:
            places = [p for p in _find(words, text) if top <= p[2] <= bottom]
            assert places, (stage_id, text)
            assert all(x0 <= a and b <= x1 for a, b, _ in places), (stage_id, text, places)
            found += 1
        if len(texts) > MAX_ITEMS:
            more = f"and {len(texts) - len(shown)} more"
            assert any(x0 <= a and b <= x1 and top <= t <= bottom
                       for a, b, t in _find(words, more)), (stage_id, more)
    return found


def test_poster_of_the_example_prints_the_layers_under_each_stage(tmp_path: Path) -> None:
    out = tmp_path / "layered.pdf"
    assert main(["export", str(ECOMMERCE), str(out), "--poster", "--layers"]) == 0
    doc = load(ECOMMERCE)
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        text = squash(page.extract_text())
        for header in HEADERS:
            assert header in text
        assert [c[2] for c in _stage_columns(page, doc)] == [s.id for s in doc.stages]
        found = _items_under_their_stage(page, doc, "pain_points", "Pain points",
                                         "Opportunities")
        found += _items_under_their_stage(page, doc, "opportunities", "Opportunities", None)
        assert found >= 2 * len(doc.stages) * 3
        # Doing lists the cards' titles, Thinking their thoughts (once, in quotes)
        first = next(tp for tp in doc.touchpoints() if tp.thoughts)
        assert squash(first.thoughts)[:30] in text
        assert "““" not in text and "””" not in text
        _assert_clean(page)
    # the annotations keep the full texts the cells cut
    with pdfplumber.open(out) as pdf:
        notes = " ".join(squash(p.extract_text()) for p in pdf.pages[1:])
    assert all(squash(p) in notes for tp in doc.touchpoints() for p in tp.pain_points)


def test_without_the_option_the_map_has_no_layers(tmp_path: Path) -> None:
    out = tmp_path / "plain.pdf"
    assert main(["export", str(ECOMMERCE), str(out), "--poster"]) == 0
    with pdfplumber.open(out) as pdf:
        text = squash(pdf.pages[0].extract_text())
    assert "Opportunities" not in text and "what the customer does" not in text


def test_tiles_show_the_layers_of_their_own_stages(tmp_path: Path) -> None:
    doc = load(ECOMMERCE)
    out = tmp_path / "tiles.pdf"
    report = write_map_pdf(doc, out, options(placement="tile", layers=True))
    assert report.placement == "tile" and report.tiles >= 2
    pains_seen = 0
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages[1: 1 + report.tiles]:
            _assert_clean(page)
            text = squash(page.extract_text())
            if "Pain points" not in text:
                continue
            shown = [c[2] for c in _stage_columns(page, doc)]
            assert shown
            pains_seen += _items_under_their_stage(page, doc, "pain_points", "Pain points",
                                                   "Opportunities")
            # a pain point of a stage this page does not show is not in its text layer
            others = [p for tp in doc.touchpoints() if tp.stage not in shown
                      for p in tp.pain_points]
            assert not any(squash(p) in text for p in others)
    assert pains_seen >= len(doc.stages) * 3


def test_cover_then_layered_map(tmp_path: Path) -> None:
    out = tmp_path / "deliverable.pdf"
    report = write_map_pdf(load(ECOMMERCE), out, options(placement="poster", layers=True,
                                                         cover=True))
    with pdfplumber.open(out) as pdf:
        texts = [squash(p.extract_text()) for p in pdf.pages]
    assert "CUSTOMER JOURNEY MAP" in texts[0]
    mapped = [t for t in texts if "what the customer does" in t]
    assert len(mapped) == 1 and all(h in mapped[0] for h in HEADERS)
    assert report.placement == "fit"


def _scripts_map() -> JourneyMap:
    doc = JourneyMap("نصوص")
    doc.add_stage(Stage(id="a", name="مرحلة الشراء"))
    doc.add_stage(Stage(id="b", name="구매 단계"))
    doc.add_lane(Lane(id="l", name="고객"))
    doc.add_touchpoint(Touchpoint(id="t1", title="يتصل بخدمة العملاء", stage="a", lane="l",
                                  slot=0, emotion=-2, thoughts="لماذا يستغرق هذا وقتا طويلا",
                                  pain_points=["انتظار طويل"], opportunities=["رد آلي سريع"]))
    doc.add_touchpoint(Touchpoint(id="t2", title="고객 지원 센터에 전화", stage="b", lane="l",
                                  slot=0, emotion=1, thoughts="생각보다 빠르다",
                                  pain_points=["대기 시간이 길다"], opportunities=["콜백 예약"]))
    return doc


def test_arabic_and_korean_layers(tmp_path: Path) -> None:
    out = tmp_path / "scripts.pdf"
    write_map_pdf(_scripts_map(), out, options(placement="poster", layers=True))
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        printed = "".join(c["text"] for c in page.chars)
        _assert_clean(page)
    assert all(c in printed for c in "대기시간이길다콜백예약")
    for word in ("انتظار", "طويل"):  # joined, drawn right to left, read back as letters
        assert word[::-1] in printed, word


@pytest.mark.parametrize("placement", ["tile", "auto"])
def test_sixty_stages(tmp_path: Path, placement: str) -> None:
    doc = make_map(240, stages=60, lanes=3, seed=3)
    out = tmp_path / "sixty.pdf"
    report = write_map_pdf(doc, out, options(placement=placement, layers=True),
                           fonts=BUNDLED_ONLY)
    assert report.placement == "tile" and report.tiles > 2
    with pdfplumber.open(out) as pdf:
        tiles = pdf.pages[1: 1 + report.tiles]
        columns = 0  # stage columns printed on the pages that carry the layer rows
        for page in tiles:
            _assert_clean(page)
            text = squash(page.extract_text())
            if all(h in text for h in ("Pain points", "Opportunities")):
                columns += len([c for c in page.curves if len(c["pts"]) == 7
                                and tuple(round(v, 4) for v in c.get("non_stroking_color")
                                          or ()) == tuple(round(v, 4) for v in STAGE_FILL)])
        assert columns == 60  # every stage once, under its own stage header


def test_the_legend_page_explains_the_layers(tmp_path: Path) -> None:
    out = tmp_path / "layered.pdf"
    write_map_pdf(load(ECOMMERCE), out, options(placement="poster", layers=True))
    with pdfplumber.open(out) as pdf:
        last = squash(pdf.pages[-1].extract_text())
    assert "Layers under the map" in last
    assert "Pain points — the pain points of the stage's cards" in last
    assert "hold every text in full" in last
    plain = tmp_path / "plain.pdf"
    write_map_pdf(load(ECOMMERCE), plain, options(placement="poster"))
    with pdfplumber.open(plain) as pdf:
        assert "Layers under the map" not in squash(pdf.pages[-1].extract_text())


def test_markup_in_the_layers_prints_literally(tmp_path: Path) -> None:
    doc = hostile_map()
    out = tmp_path / "hostile.pdf"
    write_map_pdf(doc, out, options(placement="poster", layers=True), fonts=BUNDLED_ONLY)
    with pdfplumber.open(out) as pdf:
        text = squash(pdf.pages[0].extract_text())
    for tp in doc.touchpoints():  # five a stage: every one is shown
        for item in (*tp.pain_points, *tp.opportunities):
            assert squash(item) in text, item


def test_the_feeling_curve_breaks_at_a_stage_without_rated_cards(tmp_path: Path) -> None:
    doc = JourneyMap("Gaps")
    for sid, name in (("a", "Alpha"), ("b", "Bravo"), ("c", "Charlie"), ("d", "Delta")):
        doc.add_stage(Stage(id=sid, name=name))
    doc.add_lane(Lane(id="l", name="Customer"))
    for slot, (sid, emotion) in enumerate((("a", 2), ("b", 1), ("c", None), ("d", -2))):
        doc.add_touchpoint(Touchpoint(id=f"t{slot}", title=f"Card {slot}", stage=sid,
                                      lane="l", slot=0, emotion=emotion))
    out = tmp_path / "gaps.pdf"
    write_map_pdf(doc, out, options(placement="poster", layers=True), fonts=BUNDLED_ONLY)
    curve_ink = (0.270588, 0.352941, 0.392157)  # #455a64
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        top, bottom = _row_span(words, "Feeling", "Pain points")
        columns = {sid: (x0, x1) for x0, x1, sid in _stage_columns(page, doc)}
        note = [w for w in words if w["text"] == "recorded" and top <= _f(w, "top") <= bottom]
        assert len(note) == 1 and columns["c"][0] <= _f(note[0], "x0") <= columns["c"][1]
        curves = [c for c in page.curves if top <= float(c["top"]) and float(c["bottom"]) <= bottom
                  and tuple(round(v, 4) for v in c.get("stroking_color") or ()) ==
                  tuple(round(v, 4) for v in curve_ink)]
    assert curves  # from A to B
    middle = (columns["c"][0] + columns["c"][1]) / 2
    assert all(not float(c["x0"]) < middle < float(c["x1"]) for c in curves)
    assert any(float(c["x0"]) < columns["a"][1] and float(c["x1"]) > columns["b"][0]
               for c in curves)
