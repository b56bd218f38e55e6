"""Branding: logos are checked and decoded safely; accents are colours; one sentence each."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from journeymap.core.model import JourneyMap
from journeymap.export import ExportError, parse_accent, write_map_pdf
from journeymap.export.branding import MAX_LOGO_BYTES, load_logo

from .conftest import options, pdf_text


def _sentence(err: pytest.ExceptionInfo[ExportError]) -> str:
    message = str(err.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def _png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)))


def test_good_png_and_jpeg(tmp_path: Path) -> None:
    png, jpeg = tmp_path / "a.png", tmp_path / "b.jpg"
    Image.new("RGBA", (200, 80), (200, 0, 0, 128)).save(png)
    Image.new("RGB", (120, 120), "navy").save(jpeg, "JPEG")
    assert (load_logo(png).width, load_logo(png).height) == (200, 80)
    assert load_logo(jpeg).fit(60, 30) == (30, 30)
    cmyk = tmp_path / "c.jpg"
    Image.new("CMYK", (50, 50)).save(cmyk, "JPEG")
    assert load_logo(cmyk).width == 50


@pytest.mark.parametrize(
    ("make", "phrase"),
    [
        (lambda p: None, "does not exist"),
        (lambda p: p.write_text("hello, I am text"), "not a PNG or JPEG"),
        (lambda p: p.write_bytes(b"GIF89a" + b"\x00" * 50), "not a PNG or JPEG"),
        (lambda p: p.write_bytes(_png_header(9000, 10) + b"\x00" * 100), "9000 × 10 pixels"),
        (lambda p: p.write_bytes(_png_header(0, 10)), "damaged"),
        (lambda p: p.write_bytes(_png_header(100, 100) + b"garbage" * 10), "damaged"),
    ],
    ids=["missing", "text", "gif", "too-many-pixels", "zero-size", "truncated"],
)
def test_bad_logos_are_one_sentence(tmp_path: Path, make: object, phrase: str) -> None:
    logo = tmp_path / "logo.png"
    make(logo)  # type: ignore[operator]
    with pytest.raises(ExportError) as caught:
        load_logo(logo)
    message = _sentence(caught)
    assert phrase in message and str(logo) in message


def test_truncated_jpeg(tmp_path: Path) -> None:
    good = tmp_path / "good.jpg"
    Image.new("RGB", (300, 300), "orange").save(good, "JPEG")
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(good.read_bytes()[:200])
    with pytest.raises(ExportError) as caught:
        load_logo(bad)
    assert "damaged" in _sentence(caught)


def test_logo_file_too_big(tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    with big.open("wb") as stream:
        stream.write(_png_header(100, 100))
        stream.truncate(MAX_LOGO_BYTES + 1)
    with pytest.raises(ExportError) as caught:
        load_logo(big)
    assert "at most 10 MB" in _sentence(caught)


def test_folder_as_logo(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as caught:
        load_logo(tmp_path)
    assert "not a file" in _sentence(caught)


def test_accent_colours() -> None:
    assert parse_accent(" #00AA11 ") == "#00aa11"
    for bad in ("red", "#12345", "#1234567", "00aa11", "#gg0000", ""):
        with pytest.raises(ExportError) as caught:
            parse_accent(bad)
        assert "#RRGGBB" in _sentence(caught)


def test_branding_shows_in_the_map(small_doc: object, tmp_path: Path) -> None:
    logo = tmp_path / "logo.jpg"
    Image.new("RGB", (400, 100), "teal").save(logo, "JPEG")
    out = tmp_path / "map.pdf"
    write_map_pdf(small_doc, out, options(logo=logo, client="Brightwater",  # type: ignore[arg-type]
                                          author="Chloé", footer="Confidential",
                                          accent="#00695c"))
    text = pdf_text(out)
    assert "Prepared for Brightwater" in text and "Chloé" in text and "Confidential" in text
    reader = pypdf.PdfReader(str(out))
    page = reader.pages[0]
    images = [x.get_object() for x in page["/Resources"].get("/XObject", {}).values()]
    assert any(x["/Subtype"] == "/Image" for x in images)
    assert b"0 .411765 .360784" in page.get_contents().get_data()  # the accent #00695c


# ---------------------------------------------------------------- page sizes, accent, footer
def test_page_sizes_up_to_a0_and_custom_sizes() -> None:
    from journeymap.export.options import page_points, page_size_name

    assert page_size_name("a0") == "A0" and page_size_name("arch-d") == "ARCH D"
    assert page_size_name("ARCH E") == "ARCH E"
    assert [round(v) for v in page_points("A0")] == [2384, 3370]
    assert [round(v) for v in page_points("ARCH D")] == [1728, 2592]
    assert page_size_name("600 x 900") == "600x900mm"
    assert [round(v) for v in page_points(page_size_name("24x36in"))] == [1728, 2592]
    assert [round(v) for v in page_points(page_size_name("60x90cm"))] == [1701, 2551]
    for bad in ("A9", "10x900mm", "600x900ft", "x"):
        with pytest.raises(ExportError, match="page size"):
            page_size_name(bad)


def test_custom_page_size_prints_that_size(tmp_path: Path) -> None:
    import pypdf

    from journeymap.export import write_plan_pdf


    out = tmp_path / "plan.pdf"
    write_plan_pdf(JourneyMap("Sized"), out, options(page_size="300x200mm"))
    box = pypdf.PdfReader(str(out)).pages[0].mediabox
    assert round(float(box.width)) == 850 and round(float(box.height)) == 567


def test_light_accent_is_darkened_to_readable_contrast(tmp_path: Path) -> None:
    from journeymap.export import write_plan_pdf
    from journeymap.export.options import contrast, readable_accent


    assert readable_accent("#1565c0") == "#1565c0"  # the default is readable as it is
    for light in ("#ffffff", "#ffee00", "#80deea"):
        dark = readable_accent(light)
        assert 4.5 <= contrast(dark, "#ffffff") < 4.8
    report = write_plan_pdf(JourneyMap("Yellow"), tmp_path / "p.pdf", options(accent="#ffee00"))
    assert any("#ffee00" in w and "darkened" in w for w in report.warnings)


def test_long_footer_wraps_to_two_lines_on_every_page(tmp_path: Path) -> None:
    import pdfplumber

    from journeymap.export import write_plan_pdf


    notice = ("Confidential and proprietary: prepared for the board of Acme Corp under the "
              "master services agreement of 2026; not to be copied, shared or quoted without "
              "the written consent of both parties.")
    out = tmp_path / "footer.pdf"
    write_plan_pdf(JourneyMap("Footer"), out, options(footer=notice))
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages:
            bottom = page.crop((0, page.height - 45, page.width, page.height))
            text = " ".join(bottom.extract_text().split())
            assert "Confidential and proprietary" in text and "both parties." in text
            lines = {round(c["top"]) for c in bottom.chars if c["text"] in "Cb"}
            assert len(lines) == 2
