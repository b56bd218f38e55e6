"""The map PDF as a client deliverable (--cover): cover with the persona panel, executive
summary, then the map with page numbers that follow; wide logos at a readable size; stage
descriptions wrapped; tables split over pages say "continued"."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdf
import pytest
from PIL import Image

from journeymap import load
from journeymap.cli import main
from journeymap.export import write_map_pdf, write_plan_pdf
from journeymap.export.deliver.cover import logo_box
from tests.synthetic import make_map

from .conftest import BUNDLED_ONLY, EXAMPLES, options, squash

ECOMMERCE = next(e for e in EXAMPLES if e.stem == "ecommerce-first-order")


def _texts(path: Path) -> list[str]:
    return [squash(p.extract_text() or "") for p in pypdf.PdfReader(str(path)).pages]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_cover_and_summary_come_before_the_map(tmp_path: Path, example: Path) -> None:
    doc = load(example)
    out = tmp_path / "map.pdf"
    report = write_map_pdf(doc, out, options(cover=True, client="Acme Corp", author="Jo Bloggs",
                                             placement="tile"), fonts=BUNDLED_ONLY)
    pages = _texts(out)
    assert report.pages == len(pages)
    assert report.pages > 8  # so a contents page follows the cover
    cover, contents, summary, overview = pages[:4]
    assert "CUSTOMER JOURNEY MAP" in cover and squash(doc.title) in cover
    assert "Prepared for Acme Corp" in cover and "Jo Bloggs" in cover
    persona = doc.persona
    assert persona is not None
    assert f"Persona: {squash(persona.name)}" in cover and "Goals" in cover and "Pains" in cover
    assert all(squash(goal) in cover for goal in persona.goals)
    assert "Page 1 of" not in cover  # the cover has no page number
    assert "Executive summary" in summary and "The three worst moments" in summary
    # the contents, the overview and every tile speak of the pages the map is printed on
    first, last = 5, 4 + report.tiles
    assert contents.index("Contents") < contents.index("Summary 3") < contents.index("Map 4")
    assert f"Page {first}: " in contents and "Legend" in contents
    assert f"({first}–{last})" in overview
    for number in range(first, last + 1):
        assert f"Page {number} ·" in pages[number - 1], number
    with pdfplumber.open(out) as pdf:
        for number, page in enumerate(pdf.pages[:4], start=1):
            small = [c["text"] for c in page.chars if c["size"] < 5.95]
            assert not small, number
            outside = [c["text"] for c in page.chars if c["x0"] < 0 or c["x1"] > page.width
                       or c["top"] < 0 or c["bottom"] > page.height]
            assert not outside, number


def test_without_cover_the_map_comes_first(tmp_path: Path) -> None:
    out = tmp_path / "map.pdf"
    write_map_pdf(load(ECOMMERCE), out, options(placement="tile"), fonts=BUNDLED_ONLY)
    assert "CUSTOMER JOURNEY MAP" not in _texts(out)[0]


def test_cover_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "map.pdf"
    assert main(["export", str(ECOMMERCE), str(out), "--cover", "--client", "Acme"]) == 0
    pages = _texts(out)
    assert "CUSTOMER JOURNEY MAP" in pages[0] and "Executive summary" in pages[2]


def test_a_short_map_with_cover_has_no_contents_page(tmp_path: Path, small_doc: object) -> None:
    out = tmp_path / "map.pdf"
    report = write_map_pdf(small_doc, out, options(cover=True),  # type: ignore[arg-type]
                           fonts=BUNDLED_ONLY)
    pages = _texts(out)
    assert report.pages == len(pages) <= 8
    assert not any("Contents" in t for t in pages) and "Executive summary" in pages[1]


def test_long_plan_has_a_contents_page_with_true_page_numbers(tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    report = write_plan_pdf(load(ECOMMERCE), out, options(), fonts=BUNDLED_ONLY)
    pages = _texts(out)
    assert report.pages == len(pages) > 8
    assert "Contents" in pages[1] and f"Page 2 of {len(pages)}" in pages[1]
    for title, probe in (("Action plan", "Sorted by priority"), ("Roadmap", "now, next"),
                         ("Findings", "dead ends")):
        listed = int(pages[1].split(f"{title} ")[1].split()[0])
        assert probe in pages[listed - 1], (title, listed)
    reader = pypdf.PdfReader(str(out))
    links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    assert len(links) >= 7  # each line of the contents is a link


def test_plan_cover_carries_the_persona_panel(tmp_path: Path) -> None:
    doc = load(ECOMMERCE)
    out = tmp_path / "plan.pdf"
    write_plan_pdf(doc, out, options(), fonts=BUNDLED_ONLY)
    cover = _texts(out)[0]
    assert doc.persona is not None
    assert "IMPROVEMENT PLAN" in cover and "Goals" in cover
    assert all(squash(pain) in cover for pain in doc.persona.pains)


@pytest.mark.parametrize(("size", "min_h"), [((3000, 100), 10.0), ((100, 3000), 80.0),
                                             ((400, 100), 40.0)])
def test_logo_keeps_its_aspect_and_a_readable_size(tmp_path: Path, size: tuple[int, int],
                                                   min_h: float) -> None:
    w, h = logo_box(*size)
    assert w / h == pytest.approx(size[0] / size[1], rel=1e-6)
    assert w <= 320 and h <= 90 and h >= min(min_h, 90)
    logo = tmp_path / "logo.png"
    Image.new("RGB", size, "teal").save(logo)
    out = tmp_path / "plan.pdf"
    write_plan_pdf(load(ECOMMERCE), out, options(logo=logo), fonts=BUNDLED_ONLY)
    with pdfplumber.open(out) as pdf:
        image = pdf.pages[0].images[0]
        assert float(image["width"]) == pytest.approx(w, abs=0.5)
        assert float(image["height"]) == pytest.approx(h, abs=0.5)
        assert float(image["x1"]) <= pdf.pages[0].width


def test_stage_descriptions_wrap_instead_of_being_cut(tmp_path: Path) -> None:
    doc = load(ECOMMERCE)
    stage = doc.stages[0]
    text = "She notices the brand and checks whether it is trustworthy enough"
    doc.update_stage(stage.id, description=text)
    out = tmp_path / "map.pdf"
    write_map_pdf(doc, out, options(placement="tile"), fonts=BUNDLED_ONLY)
    tile = _texts(out)[1]
    assert squash(text) in tile


def test_tables_split_over_pages_say_continued(tmp_path: Path) -> None:
    doc = make_map(60, stages=60, lanes=50, improvements=50, seed=3)
    out = tmp_path / "plan.pdf"
    report = write_plan_pdf(doc, out, options(), fonts=BUNDLED_ONLY)
    pages = _texts(out)
    start = next(i for i, t in enumerate(pages) if "Action plan Sorted by priority" in t)
    # the 50 improvements take more than a page: every later page of the table says so
    following = [t for t in pages[start + 1:] if "Action plan, continued" in t]
    assert following, pages[start + 1][:200]
    assert report.pages < 30
