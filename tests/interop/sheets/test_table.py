"""CSV and Excel export and import back: round trips, the formula guard, broken files."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import msgspec
import openpyxl
import pytest

from journeymap.core import fileformat
from journeymap.core.entities import Channel, Lane, Link, Stage, Touchpoint
from journeymap.core.model import JourneyMap
from journeymap.interop.common import InteropError
from journeymap.interop.sheets import read_csv, read_xlsx, write_csv, write_xlsx

EXAMPLES = sorted((Path(__file__).parents[3] / "resources" / "examples").glob("*.journeymap"))


def _csv_view(doc: JourneyMap) -> dict[str, object]:
    """Everything the one CSV table carries: used stages and lanes, cards, links."""
    used_stages = {tp.stage for tp in doc.touchpoints()}
    used_lanes = {tp.lane for tp in doc.touchpoints()}
    return {
        "stages": [(s.id, s.name) for s in doc.stages if s.id in used_stages],
        "lanes": [(lane.id, lane.name) for lane in doc.lanes if lane.id in used_lanes],
        "touchpoints": {tp.id: msgspec.structs.asdict(tp) for tp in doc.touchpoints()},
        "links": sorted((k.source, k.target, k.kind, k.label) for k in doc.links()),
    }


def _tricky_map() -> JourneyMap:
    """Cards whose text a spreadsheet would run as a formula, in file order unlike the grid."""
    doc = JourneyMap("Tricky – ünïcode")
    doc.add_stage(Stage(id="s1", name="First"))
    doc.add_stage(Stage(id="s2", name="Second", phase="after"))
    doc.add_lane(Lane(id="l1", name="Customer"))
    titles = ["=HYPERLINK(\"http://x\",\"y\")", "-2 days", "+1 more", "@sum", "'quoted",
              "'=still text", "Plain, with comma", 'Says "hi"']
    for i, title in enumerate(titles):
        doc.add_touchpoint(
            Touchpoint(
                id=f"t{i}", title=title, stage="s2" if i == 0 else "s1", lane="l1",
                slot=i, emotion=-2 if i % 2 else None, pain_points=["-5 stars", "=1+1"],
                metrics={"nps": -31, "rate": 0.034, "whole": 2.0},
                description="line one\nline two", owner="=team",
            )
        )
    doc.add_link(Link(source="t1", target="t2", kind="return", label='said "no"; left'))
    doc.add_link(Link(source="t1", target="t0"))
    return doc


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_xlsx_round_trip_gives_the_same_bytes(example: Path, tmp_path: Path) -> None:
    doc = fileformat.load(example)
    out = tmp_path / "map.xlsx"
    write_xlsx(doc, out)
    result = read_xlsx(out)
    assert result.warnings == []
    assert fileformat.dumps(result.doc) == fileformat.dumps(doc)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_csv_round_trip_keeps_the_table(example: Path, tmp_path: Path) -> None:
    doc = fileformat.load(example)
    out = tmp_path / "map.csv"
    write_csv(doc, out)
    result = read_csv(out)
    assert result.warnings == []
    assert _csv_view(result.doc) == _csv_view(doc)
    assert result.doc.title == "map"


def test_csv_keeps_stage_order_when_file_order_differs(tmp_path: Path) -> None:
    doc = _tricky_map()
    assert doc.touchpoints()[0].stage == "s2"  # the first card in the file sits in stage 2
    write_csv(doc, tmp_path / "t.csv")
    back = read_csv(tmp_path / "t.csv").doc
    assert [s.id for s in back.stages] == ["s1", "s2"]
    assert _csv_view(back) == _csv_view(doc)


def test_csv_is_excel_friendly_and_formula_safe(tmp_path: Path) -> None:
    write_csv(_tricky_map(), tmp_path / "t.csv")
    data = (tmp_path / "t.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data and data.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header = rows[0]
    for row in rows[1:]:
        for name, cell in zip(header, row, strict=True):
            if name in ("Emotion", "Slot", "Votes"):
                continue  # numbers: a spreadsheet reads "-2" as minus two, not a formula
            assert not cell.startswith(("=", "+", "-", "@")), (name, cell)
    titles = {row[header.index("Title")] for row in rows[1:]}
    assert "'-2 days" in titles and "''=still text" in titles and "'quoted" not in titles
    assert {row[header.index("Emotion")] for row in rows[1:]} == {"", "-2"}


def test_xlsx_stores_formula_like_text_as_text(tmp_path: Path) -> None:
    doc = _tricky_map()
    write_xlsx(doc, tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["Touchpoints"]
    header = [c.value for c in sheet[1]]
    title = sheet.cell(2, header.index("Title") + 1)
    assert title.value == doc.touchpoint("t0").title
    assert title.data_type == "s"
    assert fileformat.dumps(read_xlsx(tmp_path / "t.xlsx").doc) == fileformat.dumps(doc)


def test_xlsx_layout(tmp_path: Path) -> None:
    doc = fileformat.load(EXAMPLES[0])
    write_xlsx(doc, tmp_path / "m.xlsx")
    book = openpyxl.load_workbook(tmp_path / "m.xlsx")
    assert book.sheetnames == ["Touchpoints", "Stages", "Lanes", "Links", "Improvements", "Map"]
    sheet = book["Touchpoints"]
    assert sheet.freeze_panes == "A2"
    assert all(c.font.bold for c in sheet[1])
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Stage", "Lane", "Slot", "Title"] and "Links to" in header
    assert sheet.max_row == doc.touchpoint_count + 1
    assert sheet.column_dimensions["D"].width >= 30
    description = sheet.cell(2, header.index("Description") + 1)
    assert description.alignment.wrap_text
    assert book["Links"].max_row == len(doc.links()) + 1
    assert book["Improvements"].max_row == len(doc.improvements) + 1


def test_xlsx_round_trip_of_own_palette_and_empty_stage(tmp_path: Path) -> None:
    doc = JourneyMap("Palette", channels=[Channel(id="kiosk", name="Kiosk", kind="physical"),
                                          Channel(id="web", name="kiosk", kind="digital")])
    doc.add_stage(Stage(id="a", name="A", description="  spaced  "))
    doc.add_stage(Stage(id="empty", name="Nobody here"))
    doc.add_lane(Lane(id="l", name="L"))
    doc.add_touchpoint(Touchpoint(id="x", title="X", stage="a", lane="l", slot=3, channel="web"))
    write_xlsx(doc, tmp_path / "p.xlsx")
    assert fileformat.dumps(read_xlsx(tmp_path / "p.xlsx").doc) == fileformat.dumps(doc)


def test_empty_map_round_trips_through_xlsx_but_not_csv(tmp_path: Path) -> None:
    doc = JourneyMap("Empty")
    doc.add_stage(Stage(id="s", name="S"))
    doc.add_lane(Lane(id="l", name="L"))
    write_xlsx(doc, tmp_path / "e.xlsx")
    assert fileformat.dumps(read_xlsx(tmp_path / "e.xlsx").doc) == fileformat.dumps(doc)
    write_csv(doc, tmp_path / "e.csv")
    with pytest.raises(InteropError, match="no touchpoints"):
        read_csv(tmp_path / "e.csv")


def test_export_replaces_the_file_atomically(tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    out.write_text("old")
    write_csv(_tricky_map(), out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbfStage")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.csv"]


# ---------------------------------------------------------------------- broken files
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf \r\n\r\n", "empty"),
        (b"PK\x03\x04rest", "zip"),
        (b"just,some\nnumbers,1\n", "header"),
    ],
)
def test_broken_csv_gives_one_sentence(tmp_path: Path, data: bytes, message: str) -> None:
    (tmp_path / "b.csv").write_bytes(data)
    with pytest.raises(InteropError, match=message):
        read_csv(tmp_path / "b.csv")


def test_csv_with_no_sound_row_lists_every_problem(tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_text("Title,Stage\n,A\n ,B\n")
    with pytest.raises(InteropError) as caught:
        read_csv(tmp_path / "b.csv")
    assert caught.value.problems == [
        "row 2: no title; the row is skipped",
        "row 3: no title; the row is skipped",
    ]


def test_csv_nul_bytes_ragged_rows_and_open_quote(tmp_path: Path) -> None:
    data = b'Title,Stage\nA\x00pple,S1,extra\nB\n"C,S2\nD,S2\n'
    (tmp_path / "r.csv").write_bytes(data)
    result = read_csv(tmp_path / "r.csv")
    titles = [tp.title for tp in result.doc.touchpoints()]
    assert titles == ["Apple", "B", "C,S2\nD,S2"]
    joined = "\n".join(result.warnings)
    assert "line 2: the file holds NUL characters" in joined
    assert "row 2: cells beyond the last titled column are ignored" in joined
    assert "row 3: no stage" in joined
    assert "row 4: a quoted cell is never closed" in joined


def test_csv_very_long_field(tmp_path: Path) -> None:
    long = "x" * 300_000
    (tmp_path / "l.csv").write_text(f'Title,Description\nLong,"{long}"\n')
    result = read_csv(tmp_path / "l.csv")
    assert len(result.doc.touchpoints()[0].description) == 20_000
    assert any("longer than 20,000 characters" in w for w in result.warnings)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InteropError, match="cannot read"):
        read_csv(tmp_path / "none.csv")
    with pytest.raises(InteropError, match="cannot read"):
        read_xlsx(tmp_path / "none.xlsx")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Title,Stage\nA,B\n", "not an Excel .xlsx workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "password-protected or an old .xls"),
        (b"PK\x03\x04" + bytes(100), "not a readable Excel workbook"),
    ],
)
def test_broken_xlsx_gives_one_sentence(tmp_path: Path, data: bytes, message: str) -> None:
    (tmp_path / "b.xlsx").write_bytes(data)
    with pytest.raises(InteropError, match=message):
        read_xlsx(tmp_path / "b.xlsx")


def test_zip_that_is_no_workbook(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "z.xlsx", "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InteropError, match="not a readable Excel workbook"):
        read_xlsx(tmp_path / "z.xlsx")


def test_workbook_without_touchpoint_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Quarter", "Revenue"])
    book.active.append(["Q1", 10])
    book.save(tmp_path / "w.xlsx")
    with pytest.raises(InteropError, match="no sheet has a header naming a title column"):
        read_xlsx(tmp_path / "w.xlsx")


def test_csv_quote_left_open_and_closed_by_a_later_stray_quote(tmp_path: Path) -> None:
    (tmp_path / "q.csv").write_text('Title,Stage,Votes\nA,"unterminated,1\nB,ok,2\nC,"x""y,3\n')
    result = read_csv(tmp_path / "q.csv")
    assert [tp.title for tp in result.doc.touchpoints()] == ["A"]
    assert result.warnings[0] == (
        'row 2 (line 2): a quoted cell runs over 3 lines and holds "B,ok,2", which looks like '
        "a row of its own; a closing quote may be missing"
    )


def test_csv_quote_open_at_the_end_is_said_once_with_its_lines(tmp_path: Path) -> None:
    (tmp_path / "e.csv").write_text('Title,Stage\nA,S1\nB,"S2\nC,S3\nD,S4\n')
    result = read_csv(tmp_path / "e.csv")
    assert [tp.title for tp in result.doc.touchpoints()] == ["A", "B"]
    quotes = [w for w in result.warnings if "quote" in w]
    assert quotes == [
        "row 3: a quoted cell is never closed; the rest of the file (lines 3–5) was read into it"
    ]


def test_csv_multi_line_cells_without_stray_rows_give_no_warning(tmp_path: Path) -> None:
    (tmp_path / "m.csv").write_text(
        'Title,Stage,Pain points\nA,S1,"Long wait\nTransferred twice"\n'
        'B,S1,"Street 1, Berlin\nGermany, EU"\nC,S1,"say ""hi"""\n'
    )
    result = read_csv(tmp_path / "m.csv")
    assert [tp.title for tp in result.doc.touchpoints()] == ["A", "B", "C"]
    assert not [w for w in result.warnings if "quote" in w]
