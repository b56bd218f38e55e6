"""Workbooks that would exhaust the machine: refused with one sentence, or read within bounds."""

from __future__ import annotations

import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from journeymap.interop.common import InteropError
from journeymap.interop.sheets import read_xlsx, xlsxlimits

SHEET = "xl/worksheets/sheet1.xml"


def _table(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Journey"
    for row in (["Stage", "Title"], ["Discover", "Sees an ad"], [None, "Searches"],
                [None, "Visits the shop"]):
        sheet.append(row)
    book.save(path)
    return path


def _rewrite(path: Path, change: dict[str, bytes | None], compress: int = zipfile.ZIP_DEFLATED,
             patch: object = None) -> Path:
    """Rewrite some parts of the zip (``change[name](old)`` → new bytes)."""
    with zipfile.ZipFile(path) as old:
        parts = {name: old.read(name) for name in old.namelist()}
    for name, edit in change.items():
        parts[name] = edit(parts[name]) if callable(edit) else edit  # type: ignore[assignment]
    with zipfile.ZipFile(path, "w", compress) as new:
        for name, data in parts.items():
            new.writestr(name, data)  # type: ignore[arg-type]
    return path


def _inject(before: bytes, extra: bytes, at: bytes = b"</sheetData>") -> object:
    return lambda xml: xml.replace(at, extra + at if before == b"in" else at + extra, 1)


def _bounded(call: object) -> tuple[float, int]:
    """Seconds and peak traced bytes of ``call()``."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        call()  # type: ignore[operator]
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return elapsed, peak


def test_a_merged_range_over_the_whole_sheet_is_clamped_to_the_data(tmp_path: Path) -> None:
    path = _rewrite(_table(tmp_path / "m.xlsx"), {SHEET: _inject(
        b"after", b'<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>')})
    assert path.stat().st_size < 8_000
    result: list[object] = []
    elapsed, peak = _bounded(lambda: result.append(read_xlsx(path)))
    doc = result[0].doc  # type: ignore[attr-defined]
    assert [(doc.stage(tp.stage).name, tp.title) for tp in doc.touchpoints()] == [
        ("Discover", "Sees an ad"), ("Discover", "Searches"), ("Discover", "Visits the shop")]
    assert elapsed < 5 and peak < 50 * 2**20


def test_a_declared_dimension_of_the_whole_sheet_is_not_trusted(tmp_path: Path) -> None:
    path = _rewrite(_table(tmp_path / "d.xlsx"), {SHEET: lambda xml: xml.replace(
        b'<dimension ref="A1:B4" />', b'<dimension ref="A1:XFD1048576" />')})
    result: list[object] = []
    elapsed, peak = _bounded(lambda: result.append(read_xlsx(path)))
    assert len(result[0].doc.touchpoints()) == 3  # type: ignore[attr-defined]
    assert elapsed < 5 and peak < 50 * 2**20


def test_a_single_cell_at_the_last_row_and_column(tmp_path: Path) -> None:
    path = _rewrite(_table(tmp_path / "c.xlsx"), {SHEET: _inject(
        b"in", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')})
    result: list[object] = []
    elapsed, peak = _bounded(lambda: result.append(read_xlsx(path)))
    assert [tp.title for tp in result[0].doc.touchpoints()] == [  # type: ignore[attr-defined]
        "Sees an ad", "Searches", "Visits the shop"]
    assert elapsed < 5 and peak < 50 * 2**20


def test_rows_as_wide_as_the_sheet_meet_the_cell_cap(tmp_path: Path) -> None:
    rows = b"".join(b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (n, n)
                    for n in range(10, 200))
    path = _rewrite(_table(tmp_path / "w.xlsx"), {SHEET: _inject(b"in", rows)})
    with pytest.raises(InteropError) as caught:
        read_xlsx(path)
    assert str(caught.value) == (
        '"w.xlsx": sheet Journey takes the workbook past 2,000,000 cells, the most an import reads')


def test_the_cell_cap_counts_merged_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsxlimits, "MAX_CELLS", 9)  # 8 cells in the rows, 2 merged copies
    path = _rewrite(_table(tmp_path / "m.xlsx"), {SHEET: _inject(
        b"after", b'<mergeCells count="1"><mergeCell ref="A2:A4"/></mergeCells>')})
    with pytest.raises(InteropError, match="past 9 cells, the most an import reads"):
        read_xlsx(path)
    monkeypatch.setattr(xlsxlimits, "MAX_CELLS", 10)
    assert len(read_xlsx(path).doc.touchpoints()) == 3


def test_a_part_compressed_far_beyond_any_sheet_is_refused(tmp_path: Path) -> None:
    path = _rewrite(_table(tmp_path / "z.xlsx"), {SHEET: _inject(b"in", b" " * 4_000_000)})
    with pytest.raises(InteropError) as caught:
        _bounded(lambda: read_xlsx(path))
    message = str(caught.value)
    assert message.startswith(f'"z.xlsx": {SHEET} is compressed ')
    assert message.endswith("to 1, more than the 200 to 1 a workbook part may be")


def _declare_size(path: Path, name: str, size: int) -> Path:
    """Patch the central directory so that ``name`` declares ``size`` uncompressed bytes."""
    data = bytearray(path.read_bytes())
    start = -1
    offset = 0
    while (offset := data.find(b"PK\x01\x02", offset)) != -1:
        length = struct.unpack_from("<H", data, offset + 28)[0]
        if data[offset + 46: offset + 46 + length] == name.encode():
            struct.pack_into("<I", data, offset + 24, size)
            start = offset
            break
        offset += 4
    assert start != -1
    path.write_bytes(bytes(data))
    return path


def test_a_declared_four_gigabyte_sheet_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = _declare_size(_table(tmp_path / "b.xlsx"), SHEET, 0xF000_0000)
    caught: list[InteropError] = []

    def refuse() -> None:
        with pytest.raises(InteropError) as raised:
            read_xlsx(path)
        caught.append(raised.value)

    elapsed, peak = _bounded(refuse)
    assert str(caught[0]) == (
        f'"b.xlsx": {SHEET} unpacks to 3,840 MB, more than the 256 MB one part of a '
        "workbook may hold")
    assert elapsed < 2 and peak < 20 * 2**20


def test_a_part_holding_more_than_it_declares_is_not_read_past_it(tmp_path: Path) -> None:
    path = _declare_size(_table(tmp_path / "l.xlsx"), SHEET, 100)
    with pytest.raises(InteropError) as caught:
        read_xlsx(path)
    assert str(caught.value) == (
        f'"l.xlsx" is not a readable Excel workbook (Bad CRC-32 for file \'{SHEET}\')')


def test_too_many_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsxlimits, "MAX_PARTS", 5)
    path = _table(tmp_path / "p.xlsx")
    with pytest.raises(InteropError) as caught:
        read_xlsx(path)
    assert str(caught.value) == '"p.xlsx" holds 9 parts, more than the 5 a workbook may hold'


def test_all_parts_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsxlimits, "MAX_TOTAL_BYTES", 2**20)
    path = _rewrite(_table(tmp_path / "t.xlsx"), {SHEET: _inject(b"in", b" " * 2_000_000)},
                    compress=zipfile.ZIP_STORED)
    with pytest.raises(InteropError) as caught:
        read_xlsx(path)
    assert str(caught.value) == '"t.xlsx" unpacks to 2 MB, more than the 1 MB a workbook may hold'


def test_billion_laughs_in_shared_strings_is_refused_fast(tmp_path: Path) -> None:
    """Nested entities in sharedStrings.xml: refused by the XML parser's amplification limit,
    in one sentence that says so, long before the 10**9 'lol's exist."""
    path = _table(tmp_path / "laughs.xlsx")
    ents = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10))
    sst = (f'<?xml version="1.0"?><!DOCTYPE sst [{ents}]><sst xmlns="http://schemas.'
           'openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
           '&lol9;</t></si></sst>').encode()
    rel = (b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rId99" />')
    override = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')

    def cell_from_strings(sheet: bytes) -> bytes:
        start = sheet.index(b'<c r="B2"')
        end = sheet.index(b"</c>", start) + 4
        return sheet[:start] + b'<c r="B2" t="s"><v>0</v></c>' + sheet[end:]

    _rewrite(path, {
        SHEET: cell_from_strings,  # type: ignore[dict-item]
        "xl/_rels/workbook.xml.rels": lambda b: b.replace(b"</Relationships>",  # type: ignore[dict-item]
                                                          rel + b"</Relationships>"),
        "[Content_Types].xml": lambda b: b.replace(b"</Types>",  # type: ignore[dict-item]
                                                   override + b"</Types>"),
        "xl/sharedStrings.xml": sst,
    })
    started = time.perf_counter()
    with pytest.raises(InteropError) as err:
        read_xlsx(path)
    assert time.perf_counter() - started < 20
    message = str(err.value)
    assert "laughs.xlsx" in message and "amplification" in message
    assert "\n" not in message and "index out of range" not in message
