"""Journey insights in the PDFs: the worst path and ranked moments on the map, the plan's
Findings section, their options on the command line, and the analysis shared by both."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from journeymap.cli import main
from journeymap.core.analysis.findings import analyze
from journeymap.core.entities import Improvement, Lane, Link, Stage, Touchpoint
from journeymap.core.fileformat import save
from journeymap.core.model import JourneyMap
from journeymap.export import insights, write_map_pdf, write_plan_pdf
from journeymap.export.figures import touchpoint_numbers
from journeymap.export.insights import analysis_for

from ..conftest import HOSTILE, contains, hostile_map, options, pdf_pages, pdf_text, squash

PATH_INK = b".717647 .109804 .109804 RG"  # the worst path's stroke colour (#b71c1c)


@pytest.fixture
def findings_doc() -> JourneyMap:
    """Arrive → Wait → Leave, with a dead end, an unreachable card, a loop and an open pain."""
    doc = JourneyMap("Counter visit")
    for sid, name in (("s1", "Arrive"), ("s2", "Wait"), ("s3", "Leave")):
        doc.add_stage(Stage(id=sid, name=name))
    doc.add_lane(Lane(id="c", name="Customer"))
    cards = [
        ("arrive", "Walks in", "s1", 0, 1, [], False),
        ("wait", "Waits at the counter", "s2", 0, -2, ["Long wait"], True),
        ("form", "Fills in the loop form", "s2", 1, 0, [], False),
        ("desk", "Dead end desk", "s2", 2, -1, ["Nobody there"], False),
        ("kiosk", "Orphan kiosk", "s2", 3, 0, [], False),
        ("leave", "Leaves with a parcel", "s3", 0, 0, [], False),
    ]
    for tp_id, title, stage, slot, emotion, pains, flag in cards:
        doc.add_touchpoint(Touchpoint(id=tp_id, title=title, stage=stage, lane="c", slot=slot,
                                      emotion=emotion, pain_points=pains,
                                      moment_of_truth=flag))
    for source, target, kind in (("arrive", "wait", "flow"), ("wait", "leave", "flow"),
                                 ("wait", "form", "flow"), ("form", "wait", "return"),
                                 ("arrive", "desk", "alternative"), ("kiosk", "leave", "flow")):
        doc.add_link(Link(source=source, target=target, kind=kind))
    doc.add_improvement(Improvement(id="i1", title="Staff the desk", touchpoints=["desk"]))
    return doc


def findings_pages(path: Path) -> str:
    """The text of the Findings section and of the open pain points after it (the end)."""
    text = pdf_text(path)
    return text[text.index("Findings What the map"):]


def test_plan_lists_every_finding_with_map_numbers(findings_doc: JourneyMap,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    write_plan_pdf(findings_doc, out, options())
    text = findings_pages(out)
    n = touchpoint_numbers(findings_doc)
    assert contains(text, "Dead ends (1) Dead ends are touchpoints")
    assert contains(text, f"{n['desk']} Dead end desk")
    assert contains(text, "Unreachable touchpoints (1)")
    assert contains(text, f"{n['kiosk']} Orphan kiosk")
    loop = (f"#{n['wait']} Waits at the counter → #{n['form']} Fills in the loop form → "
            f"#{n['wait']}")
    assert contains(text, loop)
    assert contains(text, "Pain points without an improvement")
    assert contains(text, "— Long wait")
    assert "Nobody there" not in text  # the desk has an improvement
    # arrive → wait → form and → leave tie at −1/3; the form comes first in map order
    worst = (f"3 touchpoints, mean emotion −0.33 (total −1): #{n['arrive']} Walks in → "
             f"#{n['wait']} Waits at the counter → #{n['form']} Fills in the loop form")
    assert contains(text, worst)
    assert "The worst path is the stretch of at least three" in text  # the definition
    assert "Ranked moments of truth" in text
    assert "marked as a moment of truth" in text
    titles = [str(o.title) for o in pypdf.PdfReader(str(out)).outline
              if not isinstance(o, list)]
    assert titles.index("Findings") == titles.index("Critical touchpoints") + 1
    assert titles.index("Action plan") == titles.index("Summary") + 1


def test_findings_can_be_left_out(findings_doc: JourneyMap, tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    write_plan_pdf(findings_doc, out, options(findings=False))
    text = pdf_text(out)
    assert "Findings" not in text and "Dead ends" not in text
    assert "Dead end desk" in text  # the action plan still names it


def test_worst_path_on_the_map_legend_notes_and_ink(findings_doc: JourneyMap,
                                                    tmp_path: Path) -> None:
    on, off = tmp_path / "on.pdf", tmp_path / "off.pdf"
    write_map_pdf(findings_doc, on, options(highlight_worst_path=True, placement="fit"))
    write_map_pdf(findings_doc, off, options(placement="fit"))
    on_text, off_text = pdf_text(on), pdf_text(off)
    assert "Worst path (mean emotion −0.3)" in on_text
    assert "Worst path" not in off_text
    assert contains(on_text, "On the worst path (step 2 of 3)")
    assert on.read_bytes() != off.read_bytes()
    first_page = pypdf.PdfReader(str(on)).pages[0].get_contents()
    assert first_page is not None and PATH_INK in first_page.get_data()
    off_page = pypdf.PdfReader(str(off)).pages[0].get_contents()
    assert off_page is not None and PATH_INK not in off_page.get_data()


def test_worst_path_is_drawn_on_tiles(findings_doc: JourneyMap, tmp_path: Path) -> None:
    out = tmp_path / "tiles.pdf"
    report = write_map_pdf(findings_doc, out, options(highlight_worst_path=True,
                                                      placement="tile", page_size="A4",
                                                      orientation="portrait"))
    reader = pypdf.PdfReader(str(out))
    inked = []
    for page in reader.pages[: 1 + report.tiles]:
        contents = page.get_contents()
        inked.append(contents is not None and PATH_INK in contents.get_data())
    assert any(inked)


def test_ranked_moments_are_numbered_alike_in_notes_and_plan(findings_doc: JourneyMap,
                                                            tmp_path: Path) -> None:
    found = analyze(findings_doc).moments_of_truth
    assert found
    map_pdf, plan_pdf = tmp_path / "map.pdf", tmp_path / "plan.pdf"
    write_map_pdf(findings_doc, map_pdf, options())
    write_plan_pdf(findings_doc, plan_pdf, options())
    map_text, plan_text = pdf_text(map_pdf), findings_pages(plan_pdf)
    assert "Ranked moment of truth" in map_text  # the legend entry
    n = touchpoint_numbers(findings_doc)
    for rank, moment in enumerate(found, start=1):
        entry = map_text.index(moment.title, map_text.index("Annotations"))
        assert f"ranked {rank} of {len(found)}" in map_text[entry:entry + 160]
        assert contains(plan_text, f"{rank} #{n[moment.id]} {moment.title}")
    plain = tmp_path / "plain.pdf"
    write_map_pdf(findings_doc, plain, options(mark_moments_of_truth=False))
    assert "Ranked moment of truth" not in pdf_text(plain)


def test_options_reach_the_command_line(findings_doc: JourneyMap, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "visit.journeymap"
    save(findings_doc, source)
    out = tmp_path / "map.pdf"
    assert main(["export", str(source), str(out), "--worst-path", "--no-moments"]) == 0
    text = pdf_text(out)
    assert "Worst path (mean emotion −0.3)" in text and "Ranked moment of truth" not in text
    plan = tmp_path / "plan.pdf"
    assert main(["plan", str(source), str(plan), "--no-findings"]) == 0
    assert "Dead ends (1)" not in pdf_text(plan)
    assert main(["plan", str(source), str(plan), "--force"]) == 0
    assert "Dead ends (1)" in pdf_text(plan)
    capsys.readouterr()


def test_hostile_text_in_findings_prints_literally(tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    write_plan_pdf(hostile_map(), out, options())
    text = findings_pages(out)
    for i in range(2, len(HOSTILE)):  # dead ends, unreachable or unaddressed: all listed
        assert contains(text, f"T{i} {HOSTILE[i]}"), HOSTILE[i]


def test_maps_without_findings_still_export(tmp_path: Path) -> None:
    empty = JourneyMap("Nothing yet")
    empty.add_stage(Stage(id="s", name="Only stage"))
    empty.add_lane(Lane(id="l", name="Only lane"))
    plan, map_pdf = tmp_path / "plan.pdf", tmp_path / "map.pdf"
    write_plan_pdf(empty, plan, options())
    write_map_pdf(empty, map_pdf, options(highlight_worst_path=True))
    text = findings_pages(plan)
    for name in ("Worst path", "Dead ends", "Unreachable touchpoints", "Loops",
                 ):
        assert f"{name}: none found" in text, name
    assert "Worst path (mean" not in pdf_text(map_pdf)


def test_long_findings_split_with_repeated_headers(tmp_path: Path) -> None:
    doc = JourneyMap("Many orphans")
    doc.add_stage(Stage(id="a", name="Start"))
    doc.add_stage(Stage(id="b", name="Later"))
    doc.add_lane(Lane(id="l", name="Lane"))
    doc.add_touchpoint(Touchpoint(id="t0", title="Start here", stage="a", lane="l", slot=0))
    for i in range(1, 90):
        doc.add_touchpoint(Touchpoint(id=f"t{i}", title=f"Orphan {i}", stage="b", lane="l",
                                      slot=i))
    out = tmp_path / "plan.pdf"
    write_plan_pdf(doc, out, options())
    pages = [squash(p) for p in pdf_pages(out)]
    headed = [p for p in pages if "No. Touchpoint Stage › lane Emotion" in p]
    assert len(headed) >= 2
    assert all(contains(" ".join(pages), f"{i + 1} Orphan {i}") for i in range(1, 90))


def test_one_analysis_serves_the_map_and_the_plan(findings_doc: JourneyMap, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = insights.analyze

    def counting(doc: JourneyMap, **kwargs: int) -> object:
        calls.append(1)
        return real(doc, **kwargs)

    monkeypatch.setattr(insights, "analyze", counting)
    write_map_pdf(findings_doc, tmp_path / "m.pdf", options(highlight_worst_path=True))
    write_plan_pdf(findings_doc, tmp_path / "p.pdf", options())
    assert len(calls) == 1
    findings_doc.update_touchpoint("desk", title="Staffed desk")
    assert analysis_for(findings_doc).dead_ends == ["desk"]
    assert len(calls) == 2
    write_plan_pdf(findings_doc, tmp_path / "p.pdf", options())
    assert len(calls) == 2 and "Staffed desk" in findings_pages(tmp_path / "p.pdf")
    write_map_pdf(findings_doc, tmp_path / "m.pdf",
                  options(highlight_worst_path=False, mark_moments_of_truth=False))
    assert len(calls) == 2


def test_plan_lists_a_tangled_loop_by_its_cards_and_closing_links(findings_doc: JourneyMap,
                                                                   tmp_path: Path) -> None:
    """wait ⇄ form plus leave → wait: one loop of three cards that is no single circle."""
    findings_doc.add_link(Link(source="leave", target="wait", kind="return"))
    out = tmp_path / "plan.pdf"
    write_plan_pdf(findings_doc, out, options())
    text = findings_pages(out)
    n = touchpoint_numbers(findings_doc)
    cards = ", ".join(f"#{m}" for m in sorted((n["wait"], n["form"], n["leave"])))
    assert contains(text, "Loops (1)")
    assert contains(text, f"3 touchpoints tied by 4 links: {cards}")
    closing = sorted([(n["form"], n["wait"]), (n["leave"], n["wait"])])
    assert contains(text, "closed by 2 links going back: "
                    + ", ".join(f"#{a} → #{b}" for a, b in closing))
    assert "truncated" not in text and "Not every loop" not in text
