"""The text-safety helper: escaping, cleaning, wrapping, bidi order, literal printing."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from journeymap.export.fonts import find_fonts
from journeymap.export.text import TextKit, clean, escape, visual

from .conftest import BUNDLED_ONLY, HOSTILE, squash


@pytest.fixture(scope="module")
def kit() -> TextKit:
    return TextKit(find_fonts(BUNDLED_ONLY))


def test_escape_makes_markup_characters_entities() -> None:
    assert escape("S&P <b>") == "S&amp;P &lt;b&gt;"
    assert escape("&lt;") == "&amp;lt;"
    assert escape("plain") == "plain"


def test_clean_drops_control_and_invisible_characters_and_normalises() -> None:
    assert clean("a\x00b\x07c\u200bd\ufeffe") == "abcde"
    assert clean("e\u0301") == "é"  # NFC
    assert clean("one\ttwo   three") == "one two three"
    assert clean("line one\r\nline  two\n") == "line one\nline two"
    assert clean("line one\nline two", single_line=True) == "line one line two"
    assert clean("👍\ufe0f") == "👍"  # variation selector dropped


def test_markup_escapes_every_hostile_string(kit: TextKit) -> None:
    for text in HOSTILE:
        markup = kit.markup(text)
        assert "<" not in markup.replace("<br/>", "").replace('<font face="', "")
        Paragraph(markup, ParagraphStyle("x", fontName=kit.fonts.regular))  # parses


def test_hostile_strings_print_literally(kit: TextKit, tmp_path: Path) -> None:
    out = tmp_path / "hostile.pdf"
    style = ParagraphStyle("x", fontName=kit.fonts.regular, fontSize=10, leading=13)
    SimpleDocTemplate(str(out), invariant=1).build([kit.para(t, style) for t in HOSTILE])
    text = squash(" ".join(p.extract_text() for p in pypdf.PdfReader(str(out)).pages))
    for hostile in HOSTILE:
        assert squash(hostile) in text, hostile


def test_img_tag_never_opens_a_file(kit: TextKit, tmp_path: Path) -> None:
    from PIL import Image

    picture = tmp_path / "secret.png"
    Image.new("RGB", (40, 40), "red").save(picture)
    title = f'<img src="{picture}" width="40" height="40"/>'
    out = tmp_path / "img.pdf"
    style = ParagraphStyle("x", fontName=kit.fonts.regular)
    SimpleDocTemplate(str(out), invariant=1).build([kit.para(title, style)])
    reader = pypdf.PdfReader(str(out))
    page = reader.pages[0]
    xobjects = page["/Resources"].get("/XObject", {})
    assert not xobjects, "an image was embedded"
    assert squash(title) in squash(page.extract_text())


def test_wrap_cuts_long_words_and_elides(kit: TextKit) -> None:
    word = "x" * 300
    lines = kit.wrap(f"start {word} end", 10, 100)
    assert all(kit.width(line, 10) <= 100 for line in lines)
    assert "".join(lines).replace(" ", "") == f"start{word}end"
    short = kit.wrap("one two three four five six seven eight nine ten", 12, 60, max_lines=2)
    assert len(short) == 2 and short[-1].endswith("…")
    assert all(kit.width(line, 12) <= 60 for line in short)


def test_wrap_breaks_cjk_between_characters(kit: TextKit) -> None:
    lines = kit.wrap("中" * 40, 10, 55)
    assert len(lines) > 1 and "".join(lines) == "中" * 40


def test_visual_order_of_right_to_left_text() -> None:
    assert visual("abc") == "abc"
    assert visual("שלום") == "םולש"
    assert visual("abc שלום def") == "abc םולש def"
    # numbers stay left to right inside right-to-left text; brackets are mirrored
    assert visual("שלום 123") == "123 םולש"
    assert visual("(שלום)") == "(םולש)"


def test_missing_glyphs_become_placeholders_with_one_warning(kit: TextKit) -> None:
    fresh = TextKit(kit.fonts)
    # private use (no font has it), CJK (not in the bundled fonts); 🦄 from Noto Emoji
    runs = fresh.runs("a\U000f08d0b\U000f08d0c\u4e2d\U0001f984")
    joined = "".join(piece for _, piece in runs)
    mark = fresh.fonts.placeholder
    assert joined == f"a{mark}b{mark}c{mark}\U0001f984"
    warnings = fresh.warnings()
    assert len(warnings) == 1
    assert "U+F08D0" in warnings[0] and "U+4E2D" in warnings[0]
    assert "U+1F984" not in warnings[0]
