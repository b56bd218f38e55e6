"""Font search order, fallbacks per character, and the no-TrueType case."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from journeymap.export import ExportError
from journeymap.export.fonts import ENV_FONT, FontSearch, _bold_beside, _truetype_path, find_fonts
from journeymap.resources import resources_dir

from .conftest import BUNDLED_ONLY, NO_FONTS

BUNDLED = resources_dir() / "fonts" / "DejaVuSans.ttf"


def test_bundled_font_is_there_and_has_a_bold_face() -> None:
    assert BUNDLED.is_file()
    assert (resources_dir() / "fonts" / "DejaVuSans-Bold.ttf").is_file()
    fonts = find_fonts(BUNDLED_ONLY)
    assert fonts.truetype
    assert fonts.regular != fonts.bold
    assert fonts.font_for("é") == fonts.regular
    assert fonts.font_for("Ж", bold=True) == fonts.bold


def test_explicit_font_comes_first(tmp_path: Path) -> None:
    mine = tmp_path / "MyFont.ttf"
    shutil.copy(BUNDLED, mine)
    fonts = find_fonts(FontSearch(explicit=mine, environment=False, fontconfig=False))
    assert fonts.regular.startswith("JM-MyFont")
    assert fonts.bold == fonts.regular  # no bold file beside it


def test_environment_font_before_the_bundled_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "EnvFont.ttf"
    shutil.copy(BUNDLED, mine)
    monkeypatch.setenv(ENV_FONT, str(mine))
    fonts = find_fonts(FontSearch(fontconfig=False))
    assert fonts.regular.startswith("JM-EnvFont")


def test_bad_environment_font_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_FONT, "/no/such/font.ttf")
    fonts = find_fonts(FontSearch(system=(), fallbacks=(), fontconfig=False))
    assert fonts.truetype
    assert any(ENV_FONT in w and "ignored" in w for w in fonts.warnings)


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"OTTO\x00\x09\x00\x80" + b"\x00" * 200, "cannot be used"),
        (b"this is not a font", "cannot be used"),
    ],
)
def test_unusable_chosen_font_is_one_sentence(tmp_path: Path, content: bytes, why: str) -> None:
    bad = tmp_path / "Bad.otf"
    bad.write_bytes(content)
    with pytest.raises(ExportError) as caught:
        find_fonts(FontSearch(explicit=bad, environment=False, fontconfig=False))
    message = str(caught.value)
    assert why in message and str(bad) in message and "\n" not in message


def test_missing_chosen_font(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no such file"):
        find_fonts(FontSearch(explicit=tmp_path / "none.ttf", environment=False))


def test_no_truetype_font_at_all_falls_back_to_helvetica() -> None:
    fonts = find_fonts(NO_FONTS)
    assert not fonts.truetype
    assert fonts.regular == "Helvetica" and fonts.bold == "Helvetica-Bold"
    assert fonts.font_for("é") == "Helvetica"
    assert fonts.font_for("Ж") is None
    assert fonts.placeholder == "?"
    assert len(fonts.warnings) == 1 and "Latin-1" in fonts.warnings[0]


def test_fallback_fonts_fill_in_missing_glyphs(tmp_path: Path) -> None:
    # a "fallback" that is a copy of the main font can never be used: same glyphs
    copy = tmp_path / "Other.ttf"
    shutil.copy(BUNDLED, copy)
    fonts = find_fonts(FontSearch(environment=False, system=(), fallbacks=(str(copy),),
                                  fontconfig=False))
    assert fonts.font_for("\u4e2d") is None
    # every system fallback that has the glyph is used, whichever the machine has
    wide = find_fonts(FontSearch(environment=False, system=(), fontconfig=True))
    found = wide.font_for("\u4e2d")
    assert found is None or found not in (wide.regular, wide.bold)


def test_bold_face_found_beside_the_regular_one(tmp_path: Path) -> None:
    regular = tmp_path / "Brand-Regular.ttf"
    bold = tmp_path / "Brand-Bold.ttf"
    regular.write_bytes(b"x")
    bold.write_bytes(b"x")
    assert _bold_beside(regular) == bold
    lone = tmp_path / "Solo.ttf"
    lone.write_bytes(b"x")
    assert _bold_beside(lone) is None


def test_fontconfig_lines_that_reportlab_can_read() -> None:
    assert _truetype_path("/f/a.ttf") == (Path("/f/a.ttf"), 0)
    assert _truetype_path("/f/b.ttc:2") == (Path("/f/b.ttc"), 2)
    assert _truetype_path("/f/c.otf") is None
    assert _truetype_path("/f/d.pcf.gz") is None


def test_bundled_emoji_font_is_ofl_and_fills_the_main_fonts_emoji_gaps() -> None:
    fonts_dir = resources_dir() / "fonts"
    emoji = fonts_dir / "NotoEmoji-Regular.ttf"
    assert emoji.is_file() and emoji.stat().st_size < 3_000_000
    licence = (fonts_dir / "LICENSE-NotoEmoji.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Copyright 2013 Google LLC" in licence
    fonts = find_fonts(BUNDLED_ONLY)
    assert fonts.font_for("🚚") == fonts.font_for("✅") == "JM-NotoEmoji-Regular"
    assert fonts.font_for("🚚", bold=True) == "JM-NotoEmoji-Regular"  # no bold face beside
    assert fonts.font_for("A") == fonts.regular  # the main font keeps what it has
    assert fonts.font_for("고") is None  # an emoji font, not a catch-all
    # without the bundled fonts, the system's DejaVu Sans alone has no truck
    alone = find_fonts(FontSearch(environment=False, bundled=False, system=(str(BUNDLED),),
                                  fallbacks=(), fontconfig=False))
    assert alone.truetype and alone.font_for("🚚") is None
