"""Importing workshop spreadsheets: loose headers, feelings as words or emoji, messy Excel files."""

from __future__ import annotations

import datetime
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from journeymap.core.entities import Lane, Link, Stage, Touchpoint
from journeymap.core.model import JourneyMap
from journeymap.interop.common import InteropError
from journeymap.interop.sheets import read_csv, read_xlsx, write_csv, write_xlsx
from journeymap.interop.sheets.values import parse_emotion


def _csv(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "workshop.csv"
    path.write_bytes(text.encode(encoding))
    return path


def _workbook(tmp_path: Path, rows: list[list[object]], title: str = "Workshop") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    path = tmp_path / "workshop.xlsx"
    book.save(path)
    return path


def test_loose_headers_and_synonyms(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "JOURNEY  phase;What happens?;Swim-lane;Feeling (1-5);Via;Pains;Problems;Ideas;"
        "Responsible;Notes;Color;Dot votes;KPIs;MoT;Next\n"
        "Discover;Sees an ad;Customer;4;Instagram;Too generic;Loud;Target better;Marketing;"
        "First contact;green;3;ctr=1,2%;x;Visits site\n"
        'Discover;Visits site;Customer;2;web site;"Slow\n• Ugly";;;;;;;;;\n',
    )
    result = read_csv(path)
    ad, site = result.doc.touchpoints()
    assert [s.name for s in result.doc.stages] == ["Discover"]
    assert [lane.name for lane in result.doc.lanes] == ["Customer"]
    assert (ad.title, ad.emotion, site.emotion) == ("Sees an ad", 1, -1)
    assert (ad.channel, site.channel) == ("social_media", "website")
    assert ad.pain_points == ["Too generic", "Loud"]
    assert site.pain_points == ["Slow", "Ugly"]
    assert ad.opportunities == ["Target better"]
    assert (ad.owner, ad.description, ad.colour, ad.votes) == (
        "Marketing", "First contact", "#2e7d32", 3)
    assert ad.metrics == {"ctr": 0.012}
    assert ad.moment_of_truth and not site.moment_of_truth
    assert result.doc.has_link(ad.id, site.id)
    assert any("1–5 scores" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("value", "emotion"),
    [("very happy", 2), ("Happy", 1), ("good", 1), ("neutral", 0), ("ok", 0), ("meh", 0),
     ("sad", -1), ("unhappy", -1), ("frustrated", -1), ("angry", -2), ("very unhappy", -2),
     ("not happy", -1), ("😀", 2), ("😃", 2), ("🙂", 1), ("👍", 1), ("😐", 0), ("🙁", -1),
     ("☹️", -1), ("😞", -1), ("👎", -1), ("😡", -2), ("😠", -2), ("😀 great!", 2),
     ("+2", 2), ("−1", -1), (-2, -2), (1.0, 1), ("very positive", 2)],
)
def test_emotion_words_and_emoji(value: object, emotion: int) -> None:
    assert parse_emotion(value) == emotion


@pytest.mark.parametrize("value", ["purple-ish", "😀😡", 7, "3 stars"])
def test_emotion_that_cannot_be_read(value: object) -> None:
    with pytest.raises(ValueError):
        parse_emotion(value)


def test_bad_rows_are_reported_with_row_numbers_and_good_rows_kept(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "Stage,Title,Emotion,Channel,Colour,Votes\n"
        "A,One,happy,E-mail,#ABC,2\n"
        ",Two,furious-ish,Fax,mauve,-1\n"
        "A,,1,,,\n"
        "\n"
        "B,Three,😞,phone call,red,\n",
    )
    result = read_csv(path)
    assert [tp.title for tp in result.doc.touchpoints()] == ["One", "Two", "Three"]
    one, two, three = result.doc.touchpoints()
    assert (one.channel, one.colour, three.channel, three.colour) == (
        "email", "#aabbcc", "phone", "#c62828")
    assert result.doc.channel(two.channel).name == "Fax"
    assert result.warnings == [
        'row 3: no stage; placed in the stage "No stage"',
        'row 3: channel "Fax" is new; added to the map\'s channels',
        'row 3: emotion "furious-ish" is not an emotion (use −2…2, a 1–5 score, a word such '
        "as “happy” or an emoji); left empty",
        'row 3: colour "mauve" is not a colour (use #rrggbb or green, yellow, red, blue, '
        "purple, grey); grey is used",
        'row 3: votes "-1" is not a whole number of 0 or more; read as 0',
        "row 4: no title; the row is skipped",
    ]
    assert [s.name for s in result.doc.stages] == ["A", "No stage", "B"]


def test_no_stage_or_lane_column(tmp_path: Path) -> None:
    result = read_csv(_csv(tmp_path, "Touchpoint\nOne\nTwo\n"))
    assert [s.name for s in result.doc.stages] == ["Journey"]
    assert [lane.name for lane in result.doc.lanes] == ["Touchpoints"]
    assert [tp.slot for tp in result.doc.touchpoints()] == [0, 1]
    assert result.warnings == ['row 1: no stage column; every touchpoint is placed in one stage '
                               '"Journey"']


def test_stages_and_lanes_in_first_seen_order_refined_by_rows(tmp_path: Path) -> None:
    rows = "Phase,Actor,Task\n" + "\n".join(
        ["Buy,Staff,b1", "Pay,Customer,p1", "Pay,Staff,p2", "Leave,Bot,l1", "Leave,Customer,l2"]
    )
    doc = read_csv(_csv(tmp_path, rows)).doc
    assert [s.name for s in doc.stages] == ["Buy", "Pay", "Leave"]
    # first seen: Staff, Customer, Bot; but rows of one stage run down the lanes
    assert [lane.name for lane in doc.lanes] == ["Bot", "Customer", "Staff"]


def test_european_csv_in_windows_1252_with_a_title_line(tmp_path: Path) -> None:
    text = (
        "Café journey – workshop;;\r\n;;\r\n"
        "Stage;Title;Mood;Remarque;Budget\r\nAccueil;Entrée;0;à voir;12\r\n"
    )
    result = read_csv(_csv(tmp_path, text, encoding="cp1252"))
    assert result.doc.title == "Café journey – workshop"
    assert [tp.title for tp in result.doc.touchpoints()] == ["Entrée"]
    assert result.doc.stages[0].name == "Accueil"
    assert result.doc.touchpoints()[0].description == "à voir"  # French "Remarque(s)"
    assert result.warnings == [
        "line 1: the file is not UTF-8; it was read as Windows-1252 (check accented letters)",
        'row 3: column "Budget" is not recognised; ignored',
    ]


def test_tab_delimited_and_utf16(tmp_path: Path) -> None:
    text = "Stage\tTitle\tMood\nA\tOne, two\t🙂\n"
    path = tmp_path / "w.csv"
    path.write_bytes(text.encode("utf-16"))
    doc = read_csv(path).doc
    assert (doc.touchpoints()[0].title, doc.touchpoints()[0].emotion) == ("One, two", 1)


def test_ids_links_by_title_and_duplicates(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "Id,Title,Links to\n"
        'a,Start,"b [alternative] ""if; so""; End; nowhere; a"\n'
        "b,Middle,\n"
        "b,End,\n",
    )
    result = read_csv(path)
    doc = result.doc
    end = next(tp for tp in doc.touchpoints() if tp.title == "End")
    assert end.id == "end"
    assert doc.link("a", "b").kind == "alternative" and doc.link("a", "b").label == "if; so"
    assert doc.has_link("a", "end")
    duplicate = 'row 4: id "b" is already used in row 3; this touchpoint gets a new id'
    assert duplicate in result.warnings
    assert any("row 2: link to \"nowhere\"" in w for w in result.warnings)
    assert any("row 2: " in w and "itself" in w for w in result.warnings)


# ---------------------------------------------------------------------- Excel workshop files
def test_xlsx_title_above_merged_stages_empty_rows_and_dates(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Read me"
    notes.append(["This workbook holds the café workshop"])
    sheet = book.create_sheet("Board")
    sheet.append(["Café visit – workshop board"])
    sheet.append([])
    sheet.append(["Stage", "Lane", "Touchpoint", "Emotion", "Notes"])
    sheet.append(["Arrive", "Customer", "Opens the door", 1, datetime.datetime(2024, 3, 1)])
    sheet.append([None, "Customer", "Queues", -1, 12.5])
    sheet.append([])
    sheet.append([None, "Staff", 2024, 0, None])
    sheet.append(["Order", "Customer", "Pays", 2, None])
    sheet.merge_cells("A4:A7")
    book.save(tmp_path / "w.xlsx")
    result = read_xlsx(tmp_path / "w.xlsx")
    doc = result.doc
    assert doc.title == "Café visit – workshop board"
    cards = doc.touchpoints()
    assert [(tp.title, doc.stage(tp.stage).name) for tp in cards] == [
        ("Opens the door", "Arrive"), ("Queues", "Arrive"), ("2024", "Arrive"), ("Pays", "Order")]
    assert (cards[0].description, cards[1].description) == ("2024-03-01", "12.5")
    assert [lane.name for lane in doc.lanes] == ["Customer", "Staff"]
    assert result.warnings == []


def test_xlsx_formulas_with_and_without_saved_values(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path,
        [["Title", "Score", "Stage"], ["Sum", "=2+2", "A"], ["Open", "=1+0", "A"],
         ["=\"Computed\"", 1, "A"]],
    )
    patched = tmp_path / "patched.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>2+2</f><v />", b"<f>2+2</f><v>4</v>", 1)
            target.writestr(item, data)
    result = read_xlsx(patched)
    cards = result.doc.touchpoints()
    assert [(tp.title, tp.emotion) for tp in cards] == [("Sum", 1), ("Open", None)]
    assert result.warnings == [
        "sheet Workshop, row 3: cell B3 holds a formula without a saved value "
        "(save the file in Excel first); read as empty",
        "sheet Workshop, row 4: cell A4 holds a formula without a saved value "
        "(save the file in Excel first); read as empty",
        "sheet Workshop, row 1: the \"Score\" column holds 1–5 scores; they are read as "
        "emotions −2…2 (3 is neutral)",
        "sheet Workshop, row 4: no title; the row is skipped",
    ]


def test_xlsx_nothing_sound(tmp_path: Path) -> None:
    path = _workbook(tmp_path, [["Title", "Stage"], [None, "A"], ["  ", "B"]])
    with pytest.raises(InteropError) as caught:
        read_xlsx(path)
    assert caught.value.problems == [
        "sheet Workshop, row 2: no title; the row is skipped",
        "sheet Workshop, row 3: no title; the row is skipped",
    ]


def test_renamed_touchpoints_sheet_of_own_export_still_imports(tmp_path: Path) -> None:
    doc = JourneyMap("Renamed")
    doc.add_stage(Stage(id="s", name="S"))
    doc.add_lane(Lane(id="l", name="L"))
    doc.add_touchpoint(Touchpoint(id="a", title="A", stage="s", lane="l", slot=0))
    doc.add_touchpoint(Touchpoint(id="b", title="B", stage="s", lane="l", slot=1))
    doc.add_link(Link(source="a", target="b", label="then"))
    write_xlsx(doc, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    book["Touchpoints"].title = "Cards"
    book.save(tmp_path / "r.xlsx")
    back = read_xlsx(tmp_path / "r.xlsx").doc
    assert back.link("a", "b").label == "then" and back.title == "Renamed"


# ---------------------------------------------------------------------- 10,000 rows
def _big_map(count: int, links: bool = True) -> JourneyMap:
    doc = JourneyMap("Big")
    for s in range(8):
        doc.add_stage(Stage(id=f"s{s}", name=f"Stage {s}"))
    for lane in range(4):
        doc.add_lane(Lane(id=f"l{lane}", name=f"Lane {lane}"))
    for i in range(count):
        doc.add_touchpoint(
            Touchpoint(id=f"t{i}", title=f"Card {i}", stage=f"s{i % 8}", lane=f"l{i // 8 % 4}",
                       slot=i // 32, emotion=i % 5 - 2, description="Some words " * 5,
                       pain_points=["slow", "dear"], metrics={"csat": 4.2}, votes=i % 4)
        )
    for i in range(count - 1 if links else 0):
        doc.add_link(Link(source=f"t{i}", target=f"t{i + 1}"))
    return doc


@pytest.fixture(scope="module")
def big_map() -> JourneyMap:
    return _big_map(10_000)


def test_ten_thousand_rows_csv(tmp_path: Path, big_map: JourneyMap) -> None:
    start = time.perf_counter()
    write_csv(big_map, tmp_path / "big.csv")
    result = read_csv(tmp_path / "big.csv")
    elapsed = time.perf_counter() - start
    assert result.warnings == []
    assert result.doc.touchpoint_count == 10_000 and len(result.doc.links()) == 9_999
    assert elapsed < 10


def test_ten_thousand_rows_xlsx(tmp_path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Workshop")
    sheet.append(["Phase", "Swimlane", "Touchpoint", "Feeling", "Pains"])
    for i in range(10_000):
        sheet.append([f"Stage {i % 8}", f"Lane {i // 8 % 4}", f"Card {i}", i % 5 + 1, "slow"])
        if i == 5_000:
            sheet.append([])
    book.save(tmp_path / "big.xlsx")
    start = time.perf_counter()
    result = read_xlsx(tmp_path / "big.xlsx")
    elapsed = time.perf_counter() - start
    cards = result.doc.touchpoints()
    assert len(cards) == 10_000 and len(result.doc.stages) == 8 and len(result.doc.lanes) == 4
    assert (cards[-1].title, cards[-1].emotion, cards[-1].pain_points) == ("Card 9999", 2, ["slow"])
    assert [w for w in result.warnings if "1–5 scores" not in w] == []
    assert elapsed < 10


def test_phase_and_step_columns_are_stage_and_title(tmp_path: Path) -> None:
    path = tmp_path / "steps.csv"
    path.write_text("Phase,Step,Feeling\nDiscover,Sees an ad,happy\nBuy,Pays,sad\n",
                    encoding="utf-8")
    result = read_csv(path)
    cards = [(tp.stage, tp.title, tp.emotion) for tp in result.doc.touchpoints()]
    stages = {s.id: s.name for s in result.doc.stages}
    assert [(stages[s], t, e) for s, t, e in cards] == [
        ("Discover", "Sees an ad", 1), ("Buy", "Pays", -1)]
