"""The improvement plan PDF, read back."""

from __future__ import annotations

import datetime
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from journeymap.core.entities import Improvement, Lane, Stage, Touchpoint
from journeymap.core.model import JourneyMap
from journeymap.export import write_plan_pdf
from journeymap.export.figures import (
    improvement_order,
    quadrant,
    touchpoint_numbers,
    unaddressed_pain_points,
)

from ..conftest import (
    HOSTILE,
    contains,
    hostile_map,
    options,
    outline_titles,
    pdf_pages,
    pdf_text,
    squash,
)


def test_every_improvement_and_field_is_in_the_text(example: JourneyMap, tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    report = write_plan_pdf(example, out, options(client="Nordlys"))
    assert report.pages >= 5
    text = pdf_text(out)
    numbers = touchpoint_numbers(example)
    for imp in example.improvements:
        for field in (imp.title, imp.problem, imp.action, imp.owner, imp.kpi):
            assert contains(text, field), field
        if imp.due:
            assert imp.due.isoformat() in text
        for tp_id in imp.touchpoints:
            assert contains(text, f"#{numbers[tp_id]}")
    for section in ("Executive summary", "Touchpoints by stage", "Mean emotion per stage",
                    "Moments of truth", "Worst-rated touchpoints", "Action plan",
                    "Impact vs effort", "QUICK WINS", "BIG BETS", "FILL-INS", "MONEY PITS",
                    "Pain points without an improvement"):
        assert section in text, section
    assert "Prepared for Nordlys" in text
    titles = outline_titles(out)
    for wanted in ("Cover", "Summary", "Action plan", "Impact vs effort",
                   "Pain points without an improvement"):
        assert wanted in titles


def test_action_plan_order_priority_then_impact_per_effort(tmp_path: Path) -> None:
    doc = _plan_map([
        ("low-big", "low", 5, 1),
        ("crit-slow", "critical", 2, 5),
        ("high-ratio2", "high", 4, 2),
        ("high-ratio4", "high", 4, 1),
        ("crit-fast", "critical", 3, 1),
    ])
    order = [imp.id for imp in improvement_order(doc)]
    assert order == ["crit-fast", "crit-slow", "high-ratio4", "high-ratio2", "low-big"]
    out = tmp_path / "plan.pdf"
    write_plan_pdf(doc, out, options())
    text = pdf_text(out)
    start = text.index("Action plan Sorted by priority")
    positions = [text.index(f"Title {i}", start) for i in order]
    assert positions == sorted(positions)


def test_header_repeats_on_every_page_of_a_long_action_plan(tmp_path: Path) -> None:
    rows = [(f"imp{i:03d}", "medium", 1 + i % 5, 1 + (i * 3) % 5) for i in range(90)]
    doc = _plan_map(rows)
    out = tmp_path / "plan.pdf"
    write_plan_pdf(doc, out, options())
    pages = pdf_pages(out)
    table_pages = [p for p in pages if "Title imp" in p and "Problem" in p]
    assert len(table_pages) >= 3
    for page in table_pages:
        assert "Improvement" in page and "Priority" in page and "KPI" in page


def test_long_cells_are_cut_so_rows_stay_short(tmp_path: Path) -> None:
    doc = _plan_map([("long", "high", 5, 1)])
    problem = ("A very long problem statement that keeps going. " * 100)[:4990] + " FIN"
    doc.update_improvement("long", problem=problem)
    out = tmp_path / "plan.pdf"
    write_plan_pdf(doc, out, options(orientation="portrait"))
    text = pdf_text(out)
    # the action plan shows the start of the text with an ellipsis, not 5,000 characters
    assert contains(text, problem[:150]) and "FIN" not in text
    assert 1 <= text.count("keeps going") <= 5
    assert len([p for p in pdf_pages(out) if "keeps going" in p]) == 1


def test_quadrants_and_open_pain_points(tmp_path: Path) -> None:
    doc = _plan_map([("q", "high", 5, 1), ("b", "high", 4, 4), ("f", "low", 1, 1),
                     ("m", "low", 2, 5)])
    assert [quadrant(imp) for imp in doc.improvements] == [
        "Quick win", "Big bet", "Fill-in", "Money pit"]
    open_ = unaddressed_pain_points(doc)
    assert [pain for pairs in open_.values() for _, pain in pairs] == ["Nobody answers"]
    out = tmp_path / "plan.pdf"
    write_plan_pdf(doc, out, options())
    text = pdf_text(out)
    assert "Quick win · impact 5, effort 1" in text
    assert "Money pit · impact 2, effort 5" in text
    assert "Nobody answers" in text


def test_hostile_strings_print_literally(tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    write_plan_pdf(hostile_map(), out, options(client="S&P <i>Co</i>", author="</para>"))
    text = pdf_text(out)
    solid = "".join(text.split())  # words longer than a narrow column are cut there
    for i, hostile in enumerate(HOSTILE[:4]):
        for prefix in ("I", "R", "A", "E", "K"):
            assert "".join(f"{prefix}{i} {hostile}".split()) in solid, (prefix, hostile)
    assert "Prepared for S&P <i>Co</i>" in text


def test_cover_has_the_logo_and_no_page_number(small_doc: JourneyMap, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (300, 120), (21, 101, 192, 255)).save(logo)
    out = tmp_path / "plan.pdf"
    report = write_plan_pdf(small_doc, out, options(logo=logo, footer="Confidential"))
    reader = pypdf.PdfReader(str(out))
    xobjects = reader.pages[0]["/Resources"].get("/XObject", {})
    assert any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())
    pages = pdf_pages(out)
    assert "Page 1 of" not in pages[0] and "Confidential" in pages[0]
    assert f"Page 2 of {report.pages}" in squash(pages[1])


def test_empty_plan(tmp_path: Path) -> None:
    doc = JourneyMap("No plan yet")
    doc.add_stage(Stage(id="s", name="Stage"))
    doc.add_lane(Lane(id="l", name="Lane"))
    out = tmp_path / "plan.pdf"
    write_plan_pdf(doc, out, options())
    text = pdf_text(out)
    assert "The map has no improvements yet." in text
    assert "No touchpoint is marked as a moment of truth." in text


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_plan_in_portrait(small_doc: JourneyMap, tmp_path: Path, size: str) -> None:
    out = tmp_path / "plan.pdf"
    write_plan_pdf(small_doc, out, options(page_size=size, orientation="portrait"))
    box = pypdf.PdfReader(str(out)).pages[0].mediabox
    assert float(box.height) > float(box.width)
    assert "Second till at rush hour" in pdf_text(out)


def _plan_map(rows: list[tuple[str, str, int, int]]) -> JourneyMap:
    doc = JourneyMap("Plan")
    doc.add_stage(Stage(id="s", name="Stage"))
    doc.add_lane(Lane(id="l", name="Lane"))
    doc.add_touchpoint(Touchpoint(id="t", title="Card", stage="s", lane="l", slot=0,
                                  pain_points=["Too slow"]))
    doc.add_touchpoint(Touchpoint(id="u", title="Other card", stage="s", lane="l", slot=1,
                                  pain_points=["Nobody answers"]))
    for name, priority, impact, effort in rows:
        doc.add_improvement(Improvement(
            id=name, title=f"Title {name}", touchpoints=["t"], priority=priority,  # type: ignore[arg-type]
            impact=impact, effort=effort, problem=f"Problem of {name}",
            due=datetime.date(2027, 3, 31),
        ))
    return doc


@pytest.mark.parametrize("done", [1, 2])
def test_roadmap_counts_the_done_improvements_in_a_sentence(tmp_path: Path, done: int) -> None:
    doc = JourneyMap("Roadmap")
    doc.add_stage(Stage(id="s", name="Stage"))
    doc.add_lane(Lane(id="l", name="Lane"))
    for i in range(3):
        doc.add_improvement(Improvement(id=f"i{i}", title=f"Improvement {i}",
                                        status="done" if i < done else "idea"))
    out = tmp_path / "plan.pdf"
    write_plan_pdf(doc, out, options())
    text = pdf_text(out)
    said = ("The done improvement is in the action plan." if done == 1
            else f"The {done} done improvements are in the action plan.")
    assert contains(text, said), text[:400]


def test_roadmap_follows_the_action_plan_on_its_page_when_it_fits(
    example: JourneyMap, tmp_path: Path
) -> None:
    out = tmp_path / "plan.pdf"
    write_plan_pdf(example, out, options())
    pages = [squash(t) for t in pdf_pages(out)]
    actions = next(i for i, t in enumerate(pages) if "Sorted by priority" in t)
    roadmap = next(i for i, t in enumerate(pages) if "now, next and later" in t
                   or "by the quarter they are due in" in t)
    assert roadmap in (actions, actions + 1)
    # five improvements: the whole roadmap shares the action plan's page
    if len(example.improvements) <= 6:
        assert roadmap == actions
    assert "Impact vs effort" not in pages[roadmap]  # the matrix keeps a page of its own
