"""Mermaid journey diagrams: import what Mermaid draws, export what Mermaid accepts, round-trip.

The documentation and parser examples are copied verbatim from the Mermaid project
(mermaid-js/mermaid: docs/syntax/userJourney.md and
packages/mermaid/src/diagrams/user-journey/parser/journey.spec.ts).
"""

from __future__ import annotations

import contextlib
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.core import fileformat
from journeymap.core.entities import Improvement, Lane, Link, Stage, Touchpoint
from journeymap.core.model import JourneyMap
from journeymap.interop.common import ImportResult, InteropError
from journeymap.interop.mermaid import dumps_mermaid, parse_mermaid, read_mermaid, write_mermaid
from journeymap.interop.mermaid.write import task_line
from journeymap.resources import resources_dir

try:  # tests/ on sys.path (no tests/__init__.py) or the repository root on it
    from synthetic import make_map
except ImportError:  # pragma: no cover - depends on how pytest imports this folder
    from tests.synthetic import make_map

EXAMPLES = sorted(resources_dir().glob("examples/*.journeymap"))

#: Mermaid documentation, user journey example (docs/syntax/userJourney.md), verbatim.
DOCS_EXAMPLE = """journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""

#: Mermaid's parser tests (journey.spec.ts, "should handle a task definition"), verbatim.
SPEC_TASKS = (
    "journey\n"
    "title Adding journey diagram functionality to mermaid\n"
    "section Documentation\n"
    "A task: 5: Alice, Bob, Charlie\n"
    "B task: 3:Bob, Charlie\n"
    "C task: 5\n"
    "D task: 5: Charlie, Alice\n"
    "E task: 5:\n"
    "section Another section\n"
    "P task: 5:\n"
    "Q task: 5:\n"
    "R task: 5:"
)

#: journey.spec.ts, "should handle an accessibility multiline description (accDescr)".
SPEC_ACC_DESCR = (
    "journey\n"
    """accDescr {
        A user journey for
        family shopping
      }"""
    "title Adding journey diagram functionality to mermaid\n"
    "accTitle: Adding acc journey diagram functionality to mermaid\n"
    "section Order from website"
)


def cards(result: ImportResult) -> list[tuple[str, int | None, str]]:
    return [(tp.title, tp.emotion, tp.owner) for tp in result.doc.touchpoints()]


def stage_names(result: ImportResult) -> list[str]:
    return [stage.name for stage in result.doc.stages]


def stage_of(result: ImportResult, title: str) -> str:
    tp = next(tp for tp in result.doc.touchpoints() if tp.title == title)
    return result.doc.stage(tp.stage).name


def round_trip(doc: JourneyMap) -> ImportResult:
    result = parse_mermaid(dumps_mermaid(doc))
    assert fileformat.dumps(result.doc) == fileformat.dumps(doc)
    assert result.warnings == []
    return result


# ---------------------------------------------------------------------- Mermaid's examples
def test_documentation_example() -> None:
    result = parse_mermaid(DOCS_EXAMPLE)
    doc = result.doc
    assert result.warnings == []
    assert doc.title == "My working day"
    assert stage_names(result) == ["Go to work", "Go home"]
    assert [lane.name for lane in doc.lanes] == ["Customer"]
    assert cards(result) == [
        ("Make tea", 2, "Me"),
        ("Go upstairs", 0, "Me"),
        ("Do work", -2, "Me, Cat"),
        ("Go downstairs", 2, "Me"),
        ("Sit down", 2, "Me"),
    ]
    assert [tp.slot for tp in doc.touchpoints()] == [0, 1, 2, 0, 1]
    ids = [tp.id for tp in doc.touchpoints()]
    assert [(link.source, link.target) for link in doc.links()] == list(
        zip(ids, ids[1:], strict=False)
    )


def test_parser_spec_tasks() -> None:
    result = parse_mermaid(SPEC_TASKS)
    assert result.warnings == []
    assert result.doc.title == "Adding journey diagram functionality to mermaid"
    assert stage_names(result) == ["Documentation", "Another section"]
    assert cards(result)[:5] == [
        ("A task", 2, "Alice, Bob, Charlie"),
        ("B task", 0, "Bob, Charlie"),
        ("C task", 2, ""),
        ("D task", 2, "Charlie, Alice"),
        ("E task", 2, ""),
    ]
    assert [stage_of(result, t) for t in ("P task", "Q task", "R task")] == ["Another section"] * 3


def test_parser_spec_accessibility() -> None:
    result = parse_mermaid(SPEC_ACC_DESCR)
    assert result.doc.title == "Adding journey diagram functionality to mermaid"
    assert result.doc.description == (
        "Adding acc journey diagram functionality to mermaid\n\nA user journey for\nfamily shopping"
    )
    assert stage_names(result) == ["Order from website"]


def test_parser_spec_line_breaks_in_section() -> None:
    text = (
        "journey\ntitle Adding gantt diagram functionality to mermaid\n"
        "section Line1<br>Line2<br/>Line3</br />Line4<br\t/>Line5"
    )
    assert stage_names(parse_mermaid(text)) == ["Line1\nLine2\nLine3</br />Line4\nLine5"]


# ---------------------------------------------------------------------- real-world variants
def test_windows_line_ends_tabs_comments_and_case() -> None:
    text = (
        "%% a journey from a wiki page\r\n"
        "JOURNEY\r\n"
        "\tTitle   Checkout  # the title ends at a hash\r\n"
        "\t%% comment mid-file\r\n"
        "\tSection Browse\r\n"
        "\t\tFind shoes : 4 : Ana  # trailing comment\r\n"
        "\r\n"
        "\t# another comment\r\n"
        "\t\tPay:2:Ana,Bank\r\n"
    )
    result = parse_mermaid(text)
    assert result.warnings == []
    assert result.doc.title == "Checkout"
    assert cards(result) == [("Find shoes", 1, "Ana"), ("Pay", -1, "Ana, Bank")]


def test_front_matter_directive_and_tasks_before_any_section() -> None:
    text = (
        "---\n"
        'title: "Onboarding: week one"\n'
        "config:\n  theme: forest\n"
        "---\n"
        "%%{init: {'theme': 'base',\n  'themeVariables': {'primaryColor': '#ffcc00'}}}%%\n"
        "journey\n"
        "  Sign up: 5:\n"
        "  section Sign up\n"
        "    Confirm email: 2: Me\n"
    )
    result = parse_mermaid(text)
    assert result.warnings == []
    assert result.doc.title == "Onboarding: week one"
    assert stage_names(result) == ["Journey", "Sign up"]
    assert cards(result) == [("Sign up", 2, ""), ("Confirm email", -1, "Me")]


def test_title_statement_wins_over_front_matter() -> None:
    text = "---\ntitle: From front matter\n---\njourney\ntitle From the diagram\n"
    assert parse_mermaid(text).doc.title == "From the diagram"


@pytest.mark.parametrize(
    ("yaml", "title"),
    [
        ("title: 'It''s here'", "It's here"),
        ("title: Plain # comment", "Plain"),
        ("title: |\n  Two\n  lines", "Two\nlines"),
        ("title: >\n  Folded\n  text", "Folded text"),
        ("title: Long\n  continued", "Long continued"),
        ("config:\n  title: nested, not the diagram's", "Imported journey"),
    ],
)
def test_front_matter_title_forms(yaml: str, title: str) -> None:
    assert parse_mermaid(f"---\n{yaml}\n---\njourney\nsection A\n").doc.title == title


def test_semicolons_separate_statements() -> None:
    result = parse_mermaid(
        "journey\ntitle T\nsection A; Make tea: 5: Me; Drink: 4; section B; Wash: 1"
    )
    assert stage_names(result) == ["A", "B"]
    assert cards(result) == [("Make tea", 2, "Me"), ("Drink", 1, ""), ("Wash", -2, "")]


def test_same_section_name_twice_stays_two_stages() -> None:
    result = parse_mermaid(
        "journey\nsection Wait\n a: 2\nsection Pay\n b: 4\nsection Wait\n c: 1\n"
    )
    assert stage_names(result) == ["Wait", "Pay", "Wait"]
    assert len({stage.id for stage in result.doc.stages}) == 3
    assert stage_of(result, "c") == "Wait"


@pytest.mark.parametrize(
    ("score", "emotion", "warned"),
    [
        ("1", -2, False),
        ("2.5", 0, False),
        ("4.49", 1, False),
        ("3.5", 1, False),
        ("0", -2, True),
        ("-1", -2, True),
        ("7", 1, True),  # above 5 and within 0…10: read as a 0–10 survey scale
        ("1e9", 2, True),
        ("high", None, True),
        ("", None, True),
    ],
)
def test_scores(score: str, emotion: int | None, warned: bool) -> None:
    result = parse_mermaid(f"journey\nsection S\n  Step: {score}: Me\n")
    assert cards(result) == [("Step", emotion, "Me")]
    assert bool(result.warnings) is warned
    assert all(w.startswith("line 3: ") for w in result.warnings)


def test_unicode_entities_and_line_breaks() -> None:
    text = (
        "journey\ntitle Café #quot;Ünïcødé#quot; 🎉\nsection 日本 #58; 東京\n"
        "  Pay #35;1#59; done<br/>now: 4: Zoë<br>Li, #9829;\n"
    )
    result = parse_mermaid(text)
    assert result.doc.title == 'Café "Ünïcødé" 🎉'
    assert stage_names(result) == ["日本 : 東京"]
    assert cards(result) == [("Pay #1; done\nnow", 1, "Zoë\nLi, ♥")]


def test_markdown_takes_the_first_journey_block(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(
        "# Research notes\n\n```mermaid\nflowchart LR\n  A --> B\n```\n\n"
        "```mermaid\njourney\n  title Visit\n  section Shop\n    Enter: 4: Me\n```\n\n"
        "~~~mermaid\njourney\n  section Other\n    Leave: 2\n~~~\n",
        encoding="utf-8",
    )
    result = read_mermaid(path)
    assert result.doc.title == "Visit"
    assert cards(result) == [("Enter", 1, "Me")]
    assert len(result.warnings) == 1 and result.warnings[0].startswith("line 9: ")
    assert "line 16" in result.warnings[0]


# ---------------------------------------------------------------------- export
def test_export_is_what_mermaid_reads() -> None:
    doc = JourneyMap("Trip: day #1; 100%")
    doc.add_stage(Stage(id="s", name="Plan: before"))
    doc.add_stage(Stage(id="empty", name="Nothing here yet"))
    doc.add_lane(Lane(id="c", name="Customer"))
    doc.add_touchpoint(
        Touchpoint(
            id="a",
            title="Journey planning",
            stage="s",
            lane="c",
            slot=0,
            emotion=-2,
            owner="Me, Cat",
        )
    )
    doc.add_touchpoint(Touchpoint(id="b", title="Read\nreviews", stage="s", lane="c", slot=1))
    text = dumps_mermaid(doc)
    visible = [line.strip() for line in text.splitlines() if not line.strip().startswith("%%")]
    assert visible == [
        "journey",
        "title Trip#58; day #35;1#59; 100#37;",
        "section Plan#58; before",
        "#74;ourney planning: 1: Me, Cat",
        "Read<br>reviews: 3",
        "section Nothing here yet",
    ]
    result = round_trip(doc)
    assert result.doc.touchpoint("b").emotion is None


def test_export_carries_everything_else_in_comment_lines() -> None:
    doc = fileformat.load(EXAMPLES[0])
    text = dumps_mermaid(doc)
    comments = [line.strip() for line in text.splitlines() if line.strip().startswith("%%")]
    kinds = [m.group(1) for c in comments if (m := re.match(r"%% journeymap (\w+) ", c))]
    assert kinds.count("touchpoint") == doc.touchpoint_count
    assert kinds.count("link") == len(doc.links())
    assert kinds.count("improvement") == len(doc.improvements)
    assert kinds.count("lane") == len(doc.lanes) and kinds.count("stage") == len(doc.stages)
    assert not any("%%" in c[2:] and not c.startswith("%% Exported") for c in comments)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_round_trip_to_identical_bytes(path: Path) -> None:
    round_trip(fileformat.load(path))


def test_large_map_round_trips() -> None:
    round_trip(make_map(400, seed=5, lanes=4))


texts = st.text(st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["", " ", "Journey on", "title x", "a:b#c;d%%{e}", "<br>", "#35;", "line\nbreak", "Me, Cat"]
)


@st.composite
def maps(draw: st.DrawFn) -> JourneyMap:
    doc = JourneyMap(draw(texts), description=draw(texts))
    n_stages, n_lanes = draw(st.integers(1, 3)), draw(st.integers(1, 2))
    for i in range(n_stages):
        doc.add_stage(
            Stage(id=f"s{i}", name=draw(texts), phase=draw(st.sampled_from([None, "after"])))
        )
    for i in range(n_lanes):
        doc.add_lane(Lane(id=f"l{i}", name=draw(texts)))
    slots = draw(
        st.lists(
            st.tuples(st.integers(0, n_stages - 1), st.integers(0, n_lanes - 1), st.integers(0, 5)),
            unique=True,
            max_size=7,
        )
    )
    for i, (s, lane, slot) in enumerate(slots):
        doc.add_touchpoint(
            Touchpoint(
                id=f"t{i}",
                title=draw(texts),
                stage=f"s{s}",
                lane=f"l{lane}",
                slot=slot,
                emotion=draw(st.none() | st.integers(-2, 2)),
                owner=draw(texts),
                channel=draw(st.sampled_from([None, "email"])),
            )
        )
    ids = [tp.id for tp in doc.touchpoints()]
    if len(ids) > 1:
        for a, b in draw(
            st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=4)
        ):
            if a != b and not doc.has_link(b, a):
                doc.add_link(Link(source=b, target=a, label=draw(texts)))
        doc.add_improvement(Improvement(id="i", title=draw(texts), touchpoints=ids[:2]))
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_any_map_round_trips(doc: JourneyMap) -> None:
    round_trip(doc)


# ---------------------------------------------------------------------- edited exports
def exported() -> tuple[JourneyMap, str]:
    doc = fileformat.load(EXAMPLES[0])
    return doc, dumps_mermaid(doc)


def first_task(doc: JourneyMap) -> tuple[Touchpoint, str]:
    """The first card of the first stage, as the export shows it, and its task line."""
    stage = doc.stages[0].id
    tp = min(
        (tp for tp in doc.touchpoints() if tp.stage == stage),
        key=lambda tp: (doc.lane_index(tp.lane), tp.slot),
    )
    return tp, task_line(tp)


def test_visible_edits_win_and_metadata_fills_the_rest() -> None:
    doc, text = exported()
    tp, line = first_task(doc)
    edited = text.replace(line, "Renamed step: 1: New owner", 1)
    result = parse_mermaid(edited)
    assert result.warnings == []
    new = result.doc.touchpoint(tp.id)
    assert (new.title, new.emotion, new.owner) == ("Renamed step", -2, "New owner")
    assert (new.channel, new.colour, new.description) == (tp.channel, tp.colour, tp.description)
    assert result.doc.links() == doc.links()


def test_added_task_without_metadata_joins_the_chain() -> None:
    doc, text = exported()
    section = f"    section {doc.stages[0].name}\n"
    assert section in text
    edited = text.replace(section, section + "        Brand new step: 4: Me\n", 1)
    result = parse_mermaid(edited)
    assert result.warnings == []
    assert result.doc.touchpoint_count == doc.touchpoint_count + 1
    new = next(tp for tp in result.doc.touchpoints() if tp.title == "Brand new step")
    assert (new.emotion, new.owner, new.stage) == (1, "Me", doc.stages[0].id)
    assert result.doc.links_of(new.id)


def test_deleted_task_leaves_metadata_that_is_ignored_with_warnings() -> None:
    doc, text = exported()
    tp, line = first_task(doc)
    lines = text.splitlines()
    index = next(i for i, text_line in enumerate(lines) if text_line.strip() == line)
    del lines[index]
    result = parse_mermaid("\n".join(lines))
    assert not result.doc.has_touchpoint(tp.id)
    assert result.doc.touchpoint_count == doc.touchpoint_count - 1
    assert any(w.startswith(f"line {index + 1}: ") and "metadata" in w for w in result.warnings)
    assert all(re.match(r"lines? \d+", w) for w in result.warnings)


def test_copied_task_with_its_metadata_gets_a_new_id() -> None:
    doc, text = exported()
    lines = text.splitlines()
    i = next(i for i, line in enumerate(lines) if "%% journeymap touchpoint" in line)
    lines[i + 1 : i + 1] = lines[i - 1 : i + 1]
    result = parse_mermaid("\n".join(lines))
    assert result.doc.touchpoint_count == doc.touchpoint_count + 1
    assert any("is used twice" in w for w in result.warnings)


@pytest.mark.parametrize(
    "damage",
    [
        '{"id": 1}',
        "{not json",
        '{"id":"x","title":"t","stage":"s","lane":"nowhere","slot":0}',
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]",
    ],
)
def test_damaged_metadata_is_a_warning(damage: str) -> None:
    doc, text = exported()
    damaged = re.sub(r"(%% journeymap touchpoint ).*", lambda m: m.group(1) + damage, text, count=1)
    result = parse_mermaid(damaged)
    assert result.doc.touchpoint_count == doc.touchpoint_count
    assert result.warnings


# ---------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\n", "empty"),
        ("flowchart LR\n  A --> B\n", '"flowchart" diagram'),
        ("sequenceDiagram\n  A->>B: hi\n", '"sequenceDiagram" diagram'),
        ("\x00\x01\x02binary\xff junk", 'must begin with the word "journey"'),
        ("%% only a comment\n%%{init: {}}%%\n", "no diagram"),
        ("journey\n  this is not\n  a diagram\n", "nothing in the journey diagram"),
        ('```mermaid\npie\n  "a": 1\n```\n', "mermaid blocks"),
    ],
)
def test_nothing_sound_is_an_error_with_places(text: str, message: str) -> None:
    with pytest.raises(InteropError) as caught:
        parse_mermaid(text)
    assert message in str(caught.value)
    assert caught.value.problems
    assert all(re.match(r"line \d+: ", p) for p in caught.value.problems)


def test_damaged_diagram_imports_what_it_can() -> None:
    text = (
        "Some notes pasted above\n"
        "journey\n"
        "  section Shop\n"
        "    Browse: 4: Me\n"
        "    Stray line without a colon\n"
        "    Checkout: 5: Me: extra\n"
        "    %%{init: unclosed\n"
        "    accDescr { never closed\n"
        "    Pay: 2\n"
        "journey\n"
    )
    result = parse_mermaid(text)
    assert cards(result) == [("Browse", 1, "Me"), ("Checkout", 2, "Me"), ("Pay", -1, "")]
    places = [int(re.match(r"lines? (\d+)", w).group(1)) for w in result.warnings]  # type: ignore[union-attr]
    assert places == sorted(places) and {1, 5, 6, 7, 8, 10} <= set(places)


def test_long_lines_and_many_tasks_are_quick() -> None:
    start = time.perf_counter()
    long_name = "x" * 50_000
    result = parse_mermaid(f"journey\nsection S\n  {long_name}: 4: Me\n" + "  Same: 3\n" * 3000)
    assert len(result.doc.touchpoints()[0].title) == 20_000
    assert any("cut to the first 20,000" in w for w in result.warnings)
    assert result.doc.touchpoint_count == 3001
    assert result.doc.touchpoints()[-1].id == "same-3000"
    assert time.perf_counter() - start < 5


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(), st.sampled_from(["", "journey\n", "journey\nsection A\n", "```mermaid\njourney\n"])
)
def test_arbitrary_text_never_raises_anything_but_interop_error(text: str, prefix: str) -> None:
    try:
        result = parse_mermaid(prefix + text)
    except InteropError as err:
        assert str(err)
        return
    data = fileformat.dumps(result.doc)
    assert fileformat.dumps(fileformat.loads(data)) == data
    assert all(re.match(r"lines? \d+", w) for w in result.warnings)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "journey",
                "section A",
                "title T",
                "a: 5: Me",
                ":",
                ";",
                "#",
                "%%",
                "%% journeymap touchpoint {}",
                '%% journeymap link {"source":"a","target":"b"}',
                "accDescr {",
                "}",
                "---",
                "b: x",
            ]
        ),
        max_size=12,
    )
)
def test_statement_soup_never_crashes(lines: list[str]) -> None:
    with contextlib.suppress(InteropError):
        parse_mermaid("\n".join(lines))


# ---------------------------------------------------------------------- files
def test_write_and_read_a_file(tmp_path: Path) -> None:
    doc = fileformat.load(EXAMPLES[1])
    path = tmp_path / "map.mmd"
    write_mermaid(doc, path)
    assert path.read_bytes() == dumps_mermaid(doc).encode("utf-8")
    assert fileformat.dumps(read_mermaid(path).doc) == fileformat.dumps(doc)


def test_reads_bom_and_utf16(tmp_path: Path) -> None:
    bom = tmp_path / "bom.mmd"
    bom.write_bytes(b"\xef\xbb\xbf" + DOCS_EXAMPLE.encode("utf-8"))
    assert read_mermaid(bom).doc.title == "My working day"
    wide = tmp_path / "wide.mmd"
    wide.write_text(DOCS_EXAMPLE, encoding="utf-16")
    assert read_mermaid(wide).doc.title == "My working day"


def test_bad_utf8_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin1.mmd"
    path.write_bytes("journey\nsection Café\n  Pay: 3\n".encode("latin-1"))
    result = read_mermaid(path)
    assert result.warnings[0].startswith("line 2: ")
    assert stage_names(result) == ["Caf\ufffd"]


def test_unreadable_file_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(InteropError, match="cannot read"):
        read_mermaid(tmp_path / "missing.mmd")
    with pytest.raises(InteropError, match="cannot read"):
        read_mermaid(tmp_path)


def test_half_surrogate_pairs_become_replacement_characters() -> None:
    result = parse_mermaid("journey\ntitle T\ud800\nsection S\udfff\n  Pay\ud83d: 3\n")
    assert result.doc.title == "T\ufffd"
    assert stage_names(result) == ["S\ufffd"]
    assert cards(result) == [("Pay\ufffd", 0, "")]


def test_one_very_long_line_costs_memory_in_proportion(tmp_path: Path) -> None:
    import tracemalloc

    name = "x" * 3_000_000 + "#58;" + "y" * 10
    path = tmp_path / "long.mmd"
    path.write_text(f"journey\n    title T\n    section S\n      {name}: 3: Me\n")
    tracemalloc.start()
    try:
        result = read_mermaid(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    (card,) = result.doc.touchpoints()
    assert card.title == "x" * 20_000 and card.owner == "Me" and card.emotion == 0
    assert result.warnings == [
        "line 4: the task name is 3,000,011 characters long; cut to the first 20,000"]
    assert peak < 25 * len(name)  # was 120 bytes a character: 3.5 GB for a 30 MB line
