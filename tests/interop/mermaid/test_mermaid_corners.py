"""Mermaid as people write it: colons in names, 0–10 scores, fences of other tools, HTML pages,
plain and Markdown export, actors as lanes."""

from __future__ import annotations

from pathlib import Path

import pytest
from clirun import run_cli as run

from journeymap.core.fileformat import load
from journeymap.interop.mermaid import dumps_markdown, dumps_mermaid, parse_mermaid, read_mermaid
from journeymap.resources import example

JOURNEY = "journey\n  section A\n    Go: 4: Me\n    Stop: 2: Me, You\n"


def test_colon_in_a_section_name_is_kept_and_exported_as_an_entity() -> None:
    result = parse_mermaid("journey\n  section Step 1: Context\n    Reads: 3: Me\n")
    assert [s.name for s in result.doc.stages] == ["Step 1: Context"]
    assert [tp.title for tp in result.doc.touchpoints()] == ["Reads"]
    assert len(result.warnings) == 1 and result.warnings[0].startswith("line 2: ")
    text = dumps_mermaid(result.doc)
    assert "section Step 1#58; Context" in text
    assert [s.name for s in parse_mermaid(text).doc.stages] == ["Step 1: Context"]


def test_time_colons_stay_in_the_task_name() -> None:
    result = parse_mermaid(
        "journey\n  section Tag\n    Push um 08:00, Erinnerung: 5: Handy\n"
        "    Termin 14:30:15 bestätigt: 2: Praxis\n"
    )
    cards = [(tp.title, tp.emotion, tp.owner) for tp in result.doc.touchpoints()]
    assert cards == [("Push um 08:00, Erinnerung", 2, "Handy"),
                     ("Termin 14:30:15 bestätigt", -1, "Praxis")]
    assert [w[:7] for w in result.warnings] == ["line 3:", "line 4:"]


def test_a_0_to_10_scale_is_rescaled_with_one_warning() -> None:
    tasks = "".join(f"    T{n}: {n}: Me\n" for n in range(11))
    result = parse_mermaid("journey\n  section Survey\n" + tasks)
    assert [tp.emotion for tp in result.doc.touchpoints()] == [
        -2, -2, -1, -1, 0, 0, 0, 1, 1, 2, 2]
    assert len(result.warnings) == 1
    assert "0–10 scale" in result.warnings[0] and result.warnings[0].startswith("line 9: ")


def test_scores_far_outside_still_warn_per_task() -> None:
    result = parse_mermaid("journey\n  section S\n    A: 4: Me\n    B: 50: Me\n    C: 60: Me\n")
    assert [tp.emotion for tp in result.doc.touchpoints()] == [1, 2, 2]
    assert len(result.warnings) == 2 and all("outside 1…5" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("quarto.qmd", "Intro\n\n```{mermaid}\n" + JOURNEY + "```\n"),
        ("azure.md", "# Wiki\n\n::: mermaid\n" + JOURNEY + ":::\n"),
        ("list.md", "1. Steps:\n\n     ```mermaid\n"
         + "".join("     " + line + "\n" for line in JOURNEY.splitlines()) + "     ```\n"),
        ("page.html", '<html><body><h1>J</h1>\n<pre class="mermaid">\n'
         + JOURNEY.replace("Me, You", "Me &amp; co, You") + "</pre></body></html>\n"),
        ("div.htm", '<div class="diagram mermaid">' + JOURNEY + "</div>"),
    ],
)
def test_blocks_of_other_tools_and_html_pages(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    result = read_mermaid(path)
    assert [tp.title for tp in result.doc.touchpoints()] == ["Go", "Stop"]
    assert result.warnings == []
    if name == "page.html":
        assert result.doc.touchpoints()[1].owner == "Me & co, You"


def test_plain_and_markdown_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = str(example("service-business"))
    doc = load(source)
    plain = dumps_mermaid(doc, plain=True)
    assert "%%" not in plain and plain.startswith("journey\n")
    assert len(plain) < len(dumps_mermaid(doc)) / 3
    back = parse_mermaid(plain).doc
    assert [tp.title for tp in back.touchpoints()] == [
        tp.title for s in doc.stages for tp in sorted(
            (t for t in doc.touchpoints() if t.stage == s.id),
            key=lambda t: ([lane.id for lane in doc.lanes].index(t.lane), t.slot))]
    assert dumps_markdown(doc).startswith("```mermaid\njourney\n")
    md = tmp_path / "README.md"
    code, _, err = run(capsys, "export", source, str(md))
    assert code == 0, err
    assert md.read_text("utf-8").endswith("```\n")
    assert read_mermaid(md).doc.touchpoint_count == doc.touchpoint_count
    assert run(capsys, "export", source, str(tmp_path / "p.mmd"), "--plain")[0] == 0
    assert "%%" not in (tmp_path / "p.mmd").read_text("utf-8")
    code, _, err = run(capsys, "export", source, str(tmp_path / "p.csv"), "--plain")
    assert code == 1 and "--plain applies to .mmd and .md only" in err


def test_actors_as_lanes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "j.mmd"
    source.write_text(
        "journey\n  section Visit\n    Books: 4: Patient\n    Confirms: 3: Desk\n"
        "  section Treat\n    Examines: 4: Doctor, Nurse\n    Waits: 2: Patient\n", "utf-8")
    code, _, err = run(capsys, "import", str(source), str(tmp_path / "j"), "--actors-as-lanes")
    assert code == 0, err
    doc = load(tmp_path / "j.journeymap")
    assert [lane.name for lane in doc.lanes] == ["Patient", "Desk", "Doctor"]
    lanes = {lane.id: lane.name for lane in doc.lanes}
    assert [(tp.title, lanes[tp.lane]) for tp in doc.touchpoints()] == [
        ("Books", "Patient"), ("Confirms", "Desk"), ("Examines", "Doctor"), ("Waits", "Patient")]
    assert doc.touchpoints()[2].owner == "Doctor, Nurse"
    assert "1 task names several actors" in err
    plain = parse_mermaid(source.read_text("utf-8")).doc
    assert [lane.name for lane in plain.lanes] == ["Customer"]
