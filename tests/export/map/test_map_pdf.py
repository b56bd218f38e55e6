"""The map PDF, read back: content, safety, pages, placement, metadata, determinism."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from journeymap.core.entities import Lane, Stage, Touchpoint
from journeymap.core.model import JourneyMap
from journeymap.export import ExportError, ExportOptions, write_map_pdf
from journeymap.export.figures import format_number, touchpoint_numbers
from journeymap.export.options import PAGE_SIZES

from ..conftest import (
    BUNDLED_ONLY,
    HOSTILE,
    contains,
    hostile_map,
    options,
    outline_titles,
    pdf_pages,
    pdf_text,
    squash,
)


def test_every_touchpoint_and_annotation_is_in_the_text(
    example: JourneyMap, tmp_path: Path
) -> None:
    out = tmp_path / "map.pdf"
    report = write_map_pdf(example, out, options())
    assert report.pages == len(pypdf.PdfReader(str(out)).pages)
    text = pdf_text(out)
    numbers = touchpoint_numbers(example)
    for tp in example.touchpoints():
        assert contains(text, tp.title), tp.title
        for field in (tp.description, tp.thoughts, tp.owner, *tp.pain_points, *tp.opportunities):
            assert contains(text, field), field
        for key, value in tp.metrics.items():
            assert contains(text, f"{key.replace('_', ' ')} {format_number(value)}")
        stage, lane = example.stage(tp.stage), example.lane(tp.lane)
        assert contains(text, f"{stage.name} › {lane.name}")
    assert sorted(numbers.values()) == list(range(1, example.touchpoint_count + 1))
    for imp in example.improvements:
        if imp.touchpoints:
            assert contains(text, imp.title)
    for stage in example.stages:
        assert contains(text, stage.name)


def test_hostile_strings_print_literally(tmp_path: Path) -> None:
    doc = hostile_map()
    out = tmp_path / "hostile.pdf"
    write_map_pdf(doc, out, options(client="<b>Client</b> & Co", author="a<b", footer="</para>"))
    text = pdf_text(out)
    for hostile in HOSTILE:
        for prefix in ("T", "D", "H", "P", "O", "W"):
            i = HOSTILE.index(hostile)
            assert contains(text, f"{prefix}{i} {hostile}"), (prefix, hostile)
    assert contains(text, "<b>Client</b> & Co")
    assert contains(text, "</para>")
    assert contains(text, f"Lane {HOSTILE[7]}")


def test_same_input_same_bytes(small_doc: JourneyMap, tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_map_pdf(small_doc, a, options(client="Acme"))
    write_map_pdf(small_doc, b, options(client="Acme"))
    assert a.read_bytes() == b.read_bytes()
    write_map_pdf(small_doc, b, options(client="Other"))
    assert a.read_bytes() != b.read_bytes()


@pytest.mark.parametrize("size", list(PAGE_SIZES))
@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_page_sizes_and_orientation(
    small_doc: JourneyMap, tmp_path: Path, size: str, orientation: str
) -> None:
    out = tmp_path / "map.pdf"
    write_map_pdf(small_doc, out, options(page_size=size.lower(), orientation=orientation))
    w, h = PAGE_SIZES[size]
    want = (max(w, h), min(w, h)) if orientation == "landscape" else (min(w, h), max(w, h))
    for page in pypdf.PdfReader(str(out)).pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (round(want[0]),
                                                                       round(want[1]))


def test_landscape_is_the_default(small_doc: JourneyMap, tmp_path: Path) -> None:
    out = tmp_path / "map.pdf"
    write_map_pdf(small_doc, out)
    box = pypdf.PdfReader(str(out)).pages[0].mediabox
    assert float(box.width) > float(box.height)


def test_small_map_fits_on_one_page(small_doc: JourneyMap, tmp_path: Path) -> None:
    out = tmp_path / "map.pdf"
    report = write_map_pdf(small_doc, out, options())
    assert report.placement == "fit" and report.tiles == 0
    assert 0.5 <= report.scale <= 1.0
    pages = pdf_pages(out)
    assert "Annotations" in pages[1]  # the map is page 1 alone
    assert "Overview" not in squash(" ".join(pages))


def test_large_map_is_tiled_with_an_overview(example: JourneyMap, tmp_path: Path) -> None:
    out = tmp_path / "map.pdf"
    report = write_map_pdf(example, out, options())
    assert report.placement == "tile" and report.tiles >= 2
    assert report.scale >= 2 / 3  # the smallest text stays at 6 pt or more
    pages = pdf_pages(out)
    first = squash(pages[0])
    assert example.title.split()[0] in first and "How the map is printed" in first
    for n in range(1, report.tiles + 1):
        assert f"Page {n + 1} ·" in squash(pages[n])
    assert "Annotations" in pages[report.tiles + 1]


def test_fit_refused_when_text_would_be_unreadable(example: JourneyMap, tmp_path: Path) -> None:
    out = tmp_path / "map.pdf"
    with pytest.raises(ExportError, match="readable"):
        write_map_pdf(example, out, options(placement="fit"))
    assert not out.exists()


def test_fit_and_tile_page_counts(small_doc: JourneyMap, tmp_path: Path) -> None:
    fit = write_map_pdf(small_doc, tmp_path / "fit.pdf", options(placement="fit"))
    tiled = write_map_pdf(small_doc, tmp_path / "tile.pdf", options(placement="tile"))
    # the small map needs one tile: printed as the one page it fits on
    assert tiled.placement == "fit" and tiled.pages == fit.pages
    big = _wide_map(14)
    auto = write_map_pdf(big, tmp_path / "big.pdf", options(page_size="A3"))
    assert auto.placement == "tile"
    assert auto.pages == auto.tiles + 1 + (auto.pages - auto.tiles - 1)
    fit_pages = write_map_pdf(big, tmp_path / "big-tab.pdf",
                              options(page_size="A3", placement="tile")).pages
    assert fit_pages == auto.pages


def _wide_map(stages: int) -> JourneyMap:
    doc = JourneyMap("Wide")
    doc.add_lane(Lane(id="l", name="Lane"))
    for s in range(stages):
        doc.add_stage(Stage(id=f"s{s}", name=f"Stage {s}"))
        for k in range(3):
            doc.add_touchpoint(Touchpoint(id=f"t{s}-{k}", title=f"Card {s}.{k}", stage=f"s{s}",
                                          lane="l", slot=k))
    return doc


def test_metadata_outline_and_embedded_fonts(example: JourneyMap, tmp_path: Path) -> None:
    out = tmp_path / "map.pdf"
    write_map_pdf(example, out, options(author="Ada Lovelace", client="Nordlys"))
    reader = pypdf.PdfReader(str(out))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == " ".join(example.title.split())
    assert meta.author == "Ada Lovelace"
    assert meta.subject and "journey map" in meta.subject.lower()
    keywords = str(meta.get("/Keywords", ""))
    assert "Nordlys" in keywords and example.stages[0].name in keywords
    titles = outline_titles(out)
    for wanted in ("Map", "Overview", "Annotations", "Legend"):
        assert wanted in titles
    assert example.stages[0].name in titles
    pages = pdf_pages(out)
    for item in reader.outline:
        if isinstance(item, list):
            continue
        number = reader.get_destination_page_number(item)
        if item.title == "Legend":
            assert number == len(pages) - 1 and "Legend" in pages[number].splitlines()
        if item.title == "Annotations":
            assert "Annotations" in pages[number].splitlines()
            assert all("Annotations" not in p.splitlines() for p in pages[:number])
        if item.title == "Map":
            assert number == 0
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None:
                    fonts.add("/FontFile2" in descriptor.get_object())
    assert fonts == {True}


def test_page_n_of_m_footer(small_doc: JourneyMap, tmp_path: Path) -> None:
    out = tmp_path / "map.pdf"
    report = write_map_pdf(small_doc, out, options(footer="Confidential"))
    pages = pdf_pages(out)
    for n, text in enumerate(pages, start=1):
        assert f"Page {n} of {report.pages}" in text
        assert "Confidential" in text


def test_long_note_and_long_word_split_across_pages(tmp_path: Path) -> None:
    doc = JourneyMap("Notes")
    doc.add_stage(Stage(id="s", name="Stage"))
    doc.add_lane(Lane(id="l", name="Lane"))
    sentence = "The customer reads the small print again and again. "
    note = (sentence * 100)[:4990] + " THE-END"
    word = "Supercalifragilistic" * 15
    doc.add_touchpoint(Touchpoint(id="t", title=f"Long {word}", stage="s", lane="l", slot=0,
                                  description=note, thoughts=note))
    out = tmp_path / "notes.pdf"
    write_map_pdf(doc, out, options(page_size="A4", orientation="portrait"))
    pages = pdf_pages(out)
    holding = [i for i, text in enumerate(pages) if "small print" in text]
    assert len(holding) >= 2, "a 5,000-character note should run over more than one page"
    text = squash(" ".join(pages)).replace(" ", "")
    assert note.replace(" ", "") in text
    assert word in text
    _assert_text_inside_pages(out)


def _assert_text_inside_pages(path: Path) -> None:
    """No text starts outside its page (a sign of clipped, overflowing lines)."""
    for page in pypdf.PdfReader(str(path)).pages:
        width = float(page.mediabox.width)
        xs: list[float] = []

        def visit(
            text: str, cm: list[float], tm: list[float], *_: object, xs: list[float] = xs
        ) -> None:
            if text.strip():
                xs.append(cm[0] * tm[4] + cm[2] * tm[5] + cm[4])

        page.extract_text(visitor_text=visit)
        assert xs and max(xs) < width and min(xs) >= 0


def test_progress_reports_up_to_done(example: JourneyMap, tmp_path: Path) -> None:
    seen: list[tuple[float, str]] = []
    write_map_pdf(example, tmp_path / "map.pdf", options(),
                  progress=lambda f, what: seen.append((f, what)))
    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert len(seen) >= 5


def test_unwritable_target_is_one_sentence(small_doc: JourneyMap, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write_map_pdf(small_doc, tmp_path / "missing" / "map.pdf")
    with pytest.raises(ExportError, match="is a folder"):
        write_map_pdf(small_doc, tmp_path)


def test_no_temporary_files_left_and_existing_file_replaced(
    small_doc: JourneyMap, tmp_path: Path
) -> None:
    out = tmp_path / "map.pdf"
    out.write_text("old")
    write_map_pdf(small_doc, out, options())
    assert out.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.pdf"]


def test_empty_map(tmp_path: Path) -> None:
    doc = JourneyMap("Nothing yet")
    doc.add_stage(Stage(id="s", name="Only stage"))
    doc.add_lane(Lane(id="l", name="Only lane"))
    out = tmp_path / "empty.pdf"
    report = write_map_pdf(doc, out, options())
    assert report.placement == "fit"
    assert "This map has no touchpoints yet." in pdf_text(out)


def test_number_badges_link_to_the_notes(small_doc: JourneyMap, tmp_path: Path) -> None:
    out = tmp_path / "map.pdf"
    write_map_pdf(small_doc, out, options())
    reader = pypdf.PdfReader(str(out))
    annots = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    assert len(annots) == small_doc.touchpoint_count
    pages = [p.indirect_reference for p in reader.pages]
    for annot in annots:
        dest = annot["/Dest"]
        target = dest[0] if isinstance(dest, list) else reader.named_destinations[dest].page
        assert pages.index(target) >= 1  # a notes page, after the map


def test_bundled_fonts_give_the_same_pdf_everywhere(small_doc: JourneyMap, tmp_path: Path) -> None:
    out = tmp_path / "bundled.pdf"
    report = write_map_pdf(small_doc, out, options(), fonts=BUNDLED_ONLY)
    assert report.warnings == []
    data = out.read_bytes()
    assert re.search(rb"/BaseFont /[A-Z]{6}\+DejaVuSans", data) or b"DejaVuSans" in data


def test_options_are_checked_before_anything_is_written(
    small_doc: JourneyMap, tmp_path: Path
) -> None:
    out = tmp_path / "map.pdf"
    with pytest.raises(ExportError, match="accent colour"):
        write_map_pdf(small_doc, out, ExportOptions(accent="blue"))
    with pytest.raises(ExportError, match="page size"):
        write_map_pdf(small_doc, out, ExportOptions(page_size="B5"))
    assert not out.exists()


def test_file_is_dated_on_the_export_date(example: JourneyMap, tmp_path: Path) -> None:
    import datetime

    out = tmp_path / "dated.pdf"
    write_map_pdf(example, out, options(date=datetime.date(2027, 3, 14)))
    meta = pypdf.PdfReader(str(out)).metadata
    assert meta is not None and meta.creation_date is not None
    assert meta.creation_date.date() == datetime.date(2027, 3, 14)
