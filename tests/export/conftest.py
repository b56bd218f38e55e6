"""Shared helpers of the export tests: example maps, a hostile map, reading PDFs back."""

from __future__ import annotations

import datetime
from pathlib import Path

import pypdf
import pytest

from journeymap import load
from journeymap.core.entities import Improvement, Lane, Link, Persona, Stage, Touchpoint
from journeymap.core.model import JourneyMap
from journeymap.export import ExportOptions
from journeymap.export.fonts import FontSearch
from journeymap.resources import resources_dir

EXAMPLES = sorted((resources_dir() / "examples").glob("*.journeymap"))
FIXED_DATE = datetime.date(2027, 1, 15)

#: Strings that ReportLab's Paragraph markup would mangle, obey or choke on.
HOSTILE = (
    "S&P 500",
    "a<b",
    "<font size=40>x</font>",
    "&lt;",
    "</para>",
    "<b>not bold</b> & <i>not italic</i>",
    "&amp; &#169; &nbsp; &bogus;",
    "<br/> <para> <span style='x'>",
    "50% > 40% < 60%",
    "\"quoted\" 'single' `back`",
)

#: Only the fonts bundled with JourneyMap: the same results on every machine.
BUNDLED_ONLY = FontSearch(environment=False, system=(), fallbacks=(), fontconfig=False)
#: No TrueType font at all: Helvetica, Latin-1 only.
NO_FONTS = FontSearch(
    environment=False, bundled=False, system=(), fallbacks=(), fontconfig=False
)


def options(**changes: object) -> ExportOptions:
    """Export options with a fixed date (so outputs can be compared byte for byte)."""
    fields: dict[str, object] = {"date": FIXED_DATE}
    fields.update(changes)
    return ExportOptions(**fields)  # type: ignore[arg-type]


def pdf_pages(path: Path) -> list[str]:
    """The extracted text of every page."""
    return [page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages]


def squash(text: str) -> str:
    """All whitespace (line breaks of wrapped text included) as single spaces."""
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return squash(" ".join(pdf_pages(path)))


def contains(haystack: str, needle: str) -> bool:
    """``needle`` appears in the squashed text, allowing line breaks wherever it had spaces."""
    return squash(needle) in haystack


def outline_titles(path: Path) -> list[str]:
    reader = pypdf.PdfReader(str(path))
    titles: list[str] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))  # type: ignore[attr-defined]

    walk(reader.outline)  # type: ignore[arg-type]
    return titles


def hostile_map(texts: tuple[str, ...] = HOSTILE) -> JourneyMap:
    """A map with a hostile string in every text field the PDFs print."""
    first = texts[0]
    doc = JourneyMap(
        f"Title {first} {texts[1]}",
        description=" | ".join(texts),
        persona=Persona(name=f"Persona {texts[2]}", description=texts[3],
                        goals=list(texts[:2]), pains=list(texts[2:4])),
    )
    doc.add_stage(Stage(id="s1", name=f"Stage {texts[4]}", phase="before",
                        description=texts[5]))
    doc.add_stage(Stage(id="s2", name=f"Stage {texts[6]}", phase="after"))
    doc.add_lane(Lane(id="l1", name=f"Lane {texts[7]}", description=texts[8]))
    for i, text in enumerate(texts):
        doc.add_touchpoint(Touchpoint(
            id=f"t{i}", title=f"T{i} {text}", stage="s1" if i % 2 == 0 else "s2", lane="l1",
            slot=i, channel="website", emotion=-1, colour="#c62828",
            description=f"D{i} {text}", thoughts=f"H{i} {text}",
            pain_points=[f"P{i} {text}"], opportunities=[f"O{i} {text}"],
            owner=f"W{i} {text}", metrics={f"m{i}": 1.5},
        ))
    doc.add_link(Link(source="t0", target="t1", label=texts[9]))
    for i, text in enumerate(texts[:4]):
        doc.add_improvement(Improvement(
            id=f"i{i}", title=f"I{i} {text}", touchpoints=[f"t{i}"], problem=f"R{i} {text}",
            action=f"A{i} {text}", owner=f"E{i} {text}", kpi=f"K{i} {text}",
        ))
    return doc


@pytest.fixture(params=[p.stem for p in EXAMPLES])
def example(request: pytest.FixtureRequest) -> JourneyMap:
    return load(resources_dir() / "examples" / f"{request.param}.journeymap")


@pytest.fixture
def small_doc() -> JourneyMap:
    """Two stages, one lane, three cards: fits on one page."""
    doc = JourneyMap("Small map")
    doc.add_stage(Stage(id="a", name="Arrive", phase="before"))
    doc.add_stage(Stage(id="b", name="Order", phase="during"))
    doc.add_lane(Lane(id="c", name="Customer"))
    doc.add_touchpoint(Touchpoint(id="door", title="Opens the door", stage="a", lane="c",
                                  slot=0, emotion=1))
    doc.add_touchpoint(Touchpoint(id="queue", title="Waits in the queue", stage="a", lane="c",
                                  slot=1, emotion=-1, pain_points=["Slow queue"]))
    doc.add_touchpoint(Touchpoint(id="pay", title="Pays by card", stage="b", lane="c", slot=0,
                                  channel="store", moment_of_truth=True, votes=9))
    doc.add_link(Link(source="door", target="queue"))
    doc.add_link(Link(source="queue", target="pay", kind="alternative", label="orders"))
    doc.add_improvement(Improvement(id="i1", title="Second till at rush hour",
                                    touchpoints=["queue"], priority="high", impact=4, effort=2))
    return doc

