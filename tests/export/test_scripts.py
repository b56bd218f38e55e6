"""Scripts in the PDFs, read back: Arabic joined, emoji from the bundled Noto Emoji, Korean
from the fallback font that ./dev installs (fonts-nanum), and one sentence naming the
characters no font could draw and where they are."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from journeymap.cli import main
from journeymap.core.entities import Lane, Stage, Touchpoint
from journeymap.core.fileformat import save
from journeymap.core.model import JourneyMap
from journeymap.export import write_map_pdf
from journeymap.export.fonts import FontSearch, find_fonts
from journeymap.export.text import TextKit, shape, visual

from .conftest import BUNDLED_ONLY, options

ARABIC = "يتصل بخدمة العملاء"
KOREAN = "고객 지원 센터에 전화"
EMOJI = "🚚✅😀❤📦"
NOT_IN_DEJAVU = "🚚✅📦"  # DejaVu Sans, the main font, has 😀 and ❤ itself
NO_FONT = "\U000f08d0"  # a private-use character: no font has it
NEEDED = {
    "fonts-nanum": Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf"),
}


def _doc() -> JourneyMap:
    doc = JourneyMap("Scripts")
    doc.add_stage(Stage(id="s", name="مرحلة الشراء"))
    doc.add_lane(Lane(id="l", name="고객"))
    for slot, title in enumerate((KOREAN, f"Parcel arrives {EMOJI}", ARABIC,
                                  f"Unknown {NO_FONT}")):
        doc.add_touchpoint(Touchpoint(id=f"t{slot}", title=title, stage="s", lane="l",
                                      slot=slot))
    return doc


def _text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "".join(c["text"] for c in pdf.pages[0].chars)


def _faces(path: Path, chars: str) -> set[str]:
    """The fonts (without subset tags) that draw any of ``chars`` in the PDF."""
    with pdfplumber.open(path) as pdf:
        return {str(c["fontname"]).split("+")[-1] for p in pdf.pages for c in p.chars
                if c["text"] in chars}


def _embedded(path: Path) -> dict[str, bool]:
    """Every font of every page → whether its program is embedded."""
    found: dict[str, bool] = {}
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for leaf in [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]:
                descriptor = leaf.get("/FontDescriptor")
                name = str(leaf["/BaseFont"]).split("+")[-1]
                found[name] = descriptor is not None and any(
                    k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def test_arabic_is_joined_before_it_is_drawn() -> None:
    shaped = shape(ARABIC)
    # joined forms (Arabic Presentation Forms-B) that fold back to the same letters
    assert all("\ufe70" <= c <= "\ufeff" for c in shaped if not c.isspace())
    # the same letters (a lam-alef ligature folds back in either order)
    assert sorted(unicodedata.normalize("NFKC", shaped)) == sorted(ARABIC)
    assert shape("plain text") == "plain text"
    line = visual(ARABIC)
    assert sorted(unicodedata.normalize("NFKC", line)) == sorted(ARABIC)
    assert line.split()[0] == shape(ARABIC.split()[-1])[::-1]  # right to left


def test_arabic_prints_joined_and_reads_back_as_its_letters(tmp_path: Path) -> None:
    fonts = find_fonts(BUNDLED_ONLY)
    kit = TextKit(fonts)
    drawn = "".join(piece for _, piece in kit.runs(visual(ARABIC)))
    assert drawn == visual(ARABIC) and not kit.missing  # the bundled font has the forms
    assert all("\ufe70" <= c <= "\ufeff" for c in drawn if not c.isspace())
    out = tmp_path / "map.pdf"
    report = write_map_pdf(_doc(), out, options(placement="fit"), fonts=BUNDLED_ONLY)
    printed = _text(out)
    # the joined glyphs are extracted (and found by search) as the letters they stand for
    for word in ARABIC.split():
        assert word[::-1] in printed, word
    assert not any("U+FE" in w for w in report.warnings)


def test_emoji_print_from_the_bundled_noto_emoji_without_any_system_font(
        tmp_path: Path) -> None:
    out = tmp_path / "map.pdf"
    report = write_map_pdf(_doc(), out, options(placement="fit"), fonts=BUNDLED_ONLY)
    printed = _text(out)
    assert all(c in printed for c in EMOJI)
    assert _faces(out, NOT_IN_DEJAVU) == {"NotoEmoji-Regular"}
    embedded = _embedded(out)
    assert embedded.get("NotoEmoji-Regular") is True and all(embedded.values()), embedded
    # only Korean (no bundled font has it) and the private-use character lack a glyph
    glyphs = [w for w in report.warnings if "no glyph" in w]
    lacking = len(set(KOREAN.replace(" ", ""))) + 1
    assert len(glyphs) == 1 and glyphs[0].startswith(f"{lacking} characters "), glyphs
    assert not any(f"U+{ord(c):04X}" in glyphs[0] for c in EMOJI)


def test_korean_and_emoji_print_from_the_installed_fallback_fonts(tmp_path: Path) -> None:
    missing = [name for name, path in NEEDED.items() if not path.is_file()]
    assert not missing, (f"Debian packages {missing} are not installed: ./dev test installs "
                         "them (as root); without them Korean and emoji print as boxes")
    out = tmp_path / "map.pdf"
    search = FontSearch(environment=False, fontconfig=False)
    report = write_map_pdf(_doc(), out, options(placement="fit"), fonts=search)
    printed = _text(out)
    assert all(c in printed for c in KOREAN.replace(" ", ""))
    assert all(c in printed for c in EMOJI)
    # the bundled emoji font comes before the system's fallbacks (Symbola, where installed)
    assert _faces(out, NOT_IN_DEJAVU) == {"NotoEmoji-Regular"}
    assert _faces(out, KOREAN.replace(" ", "")) <= {"NanumGothic", "NanumGothicBold"}
    # only the private-use character is reported, with where it is
    glyphs = [w for w in report.warnings if "no glyph" in w]
    assert len(glyphs) == 1 and "U+F08D0" in glyphs[0] and "touchpoint 4" in glyphs[0]
    assert not any(f"U+{ord(c):04X}" in glyphs[0] for c in KOREAN + EMOJI if c != " ")


def test_cli_names_the_characters_no_font_can_draw(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "scripts.journeymap"
    save(_doc(), src, backup=False)
    assert main(["export", str(src), str(tmp_path / "map.pdf"), "--fit"]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    said = [line for line in err if "no glyph" in line]
    assert len(said) == 1, err
    assert "U+F08D0" in said[0] and "in touchpoint 4" in said[0]
    assert said[0].count(".") <= 1  # one sentence


def test_bold_korean_prints_in_the_bold_nanum_face(tmp_path: Path) -> None:
    bold_font = NEEDED["fonts-nanum"].with_name("NanumGothicBold.ttf")
    assert bold_font.is_file(), ("Debian package fonts-nanum is not installed: ./dev test "
                                 "installs it (as root); without it Korean bold prints regular")
    fonts = find_fonts(FontSearch(environment=False, fontconfig=False))
    assert fonts.font_for("고", bold=True) != fonts.font_for("고")
    out = tmp_path / "map.pdf"
    write_map_pdf(_doc(), out, options(placement="fit"),
                  fonts=FontSearch(environment=False, fontconfig=False))
    with pdfplumber.open(out) as pdf:
        chars = [c for p in pdf.pages for c in p.chars if "\uac00" <= c["text"] <= "\ud7a3"]
    faces = {str(c["fontname"]).split("+")[-1] for c in chars}
    # card titles and lane headers are bold, the annotations' text regular
    assert faces == {"NanumGothicBold", "NanumGothic"}, faces
    bold_text = "".join(c["text"] for c in chars if str(c["fontname"]).endswith("Bold"))
    assert KOREAN.replace(" ", "") in bold_text


def test_a_space_after_an_emoji_is_as_wide_as_the_main_fonts(tmp_path: Path) -> None:
    fonts = find_fonts(BUNDLED_ONLY)
    kit = TextKit(fonts)
    # Noto Emoji's own space is 1.27 em: the space goes to the main font instead
    assert kit.runs("📦 Parcel 🚚") == [("JM-NotoEmoji-Regular", "📦"),
                                       (fonts.regular, " Parcel "),
                                       ("JM-NotoEmoji-Regular", "🚚")]
    assert kit.runs("📦📦 x", bold=True)[1] == (fonts.bold, " x")
    assert kit.width("📦 x", 10) == pytest.approx(kit.width("📦", 10) + kit.width(" x", 10))
    doc = JourneyMap("Gap")
    doc.add_stage(Stage(id="s", name="Stage"))
    doc.add_lane(Lane(id="l", name="Lane"))
    doc.add_touchpoint(Touchpoint(id="t", title="📦 Parcel", stage="s", lane="l",
                                  slot=0))
    out = tmp_path / "gap.pdf"
    write_map_pdf(doc, out, options(placement="fit"), fonts=BUNDLED_ONLY)
    with pdfplumber.open(out) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"] != " "]
    gaps = [(nxt["x0"] - box["x1"]) / box["size"]
            for box, nxt in zip(chars, chars[1:], strict=False)
            if box["text"] == "📦" and nxt["text"] == "P"]
    assert gaps and all(0.2 < gap < 0.6 for gap in gaps), gaps  # one space, not 1.27 em
