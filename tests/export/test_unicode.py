"""Text in any script comes out of the PDFs as real text, or as a placeholder and one warning."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from journeymap.core.entities import Improvement, Lane, Stage, Touchpoint
from journeymap.core.model import JourneyMap
from journeymap.export import ExportWarning, write_map_pdf, write_plan_pdf
from journeymap.export.fonts import FontSearch, find_fonts

from .conftest import BUNDLED_ONLY, NO_FONTS, contains, options, pdf_text

SAMPLES = {
    "accents": "Zoë Ångström façade naïve crème brûlée",
    "greek": "Ελληνικά κείμενο",
    "cyrillic": "Кириллица и текст",
    "cjk": "中文标题 日本語のテキスト",
    "hebrew": "שלום עולם",
    "arabic": "مرحبا بالعالم",
    "emoji": "Great 😀 done",
}


def unicode_map() -> JourneyMap:
    doc = JourneyMap("Unicode ✓ Ελληνικά")
    doc.add_stage(Stage(id="s", name="Étape Ω"))
    doc.add_lane(Lane(id="l", name="Линия"))
    for i, (key, text) in enumerate(SAMPLES.items()):
        doc.add_touchpoint(Touchpoint(id=key, title=text, stage="s", lane="l", slot=i,
                                      description=f"{key}: {text}", pain_points=[text]))
    doc.add_improvement(Improvement(id="i", title=SAMPLES["cjk"], touchpoints=["cjk"],
                                    problem=SAMPLES["hebrew"], action=SAMPLES["greek"]))
    return doc


def _covered(search: FontSearch | None, text: str) -> bool:
    fonts = find_fonts(search)
    return all(c == " " or fonts.font_for(c) is not None for c in text)


@pytest.mark.parametrize("search", [None, BUNDLED_ONLY], ids=["system", "bundled"])
@pytest.mark.parametrize("writer", [write_map_pdf, write_plan_pdf], ids=["map", "plan"])
def test_every_script_is_text_or_one_warning(
    tmp_path: Path, search: FontSearch | None, writer: object
) -> None:
    doc = unicode_map()
    out = tmp_path / "unicode.pdf"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = writer(doc, out, options(), fonts=search)  # type: ignore[operator]
    text = pdf_text(out)
    missing = [key for key, sample in SAMPLES.items() if not _covered(search, sample)]
    for key, sample in SAMPLES.items():
        if writer is write_plan_pdf and key not in ("cjk", "hebrew", "greek"):
            continue
        if key not in missing:
            assert contains(text, sample), f"{key} did not come back as text"
    glyph_warnings = [w for w in report.warnings if "no glyph" in w]  # type: ignore[attr-defined]
    issued = [w for w in caught if issubclass(w.category, ExportWarning)]
    if missing and (writer is write_map_pdf or set(missing) & {"cjk", "hebrew", "greek"}):
        assert len(glyph_warnings) == 1
        assert len([w for w in issued if "no glyph" in str(w.message)]) == 1
        assert "\ufffd" in text
    else:
        assert glyph_warnings == []


def test_bundled_font_covers_european_scripts_hebrew_arabic_and_some_emoji() -> None:
    for key in ("accents", "greek", "cyrillic", "hebrew", "arabic", "emoji"):
        assert _covered(BUNDLED_ONLY, SAMPLES[key]), key
    assert not _covered(BUNDLED_ONLY, SAMPLES["cjk"])


def test_cjk_without_a_cjk_font_is_a_placeholder_and_one_warning(tmp_path: Path) -> None:
    out = tmp_path / "cjk.pdf"
    with pytest.warns(ExportWarning, match="no glyph"):
        report = write_map_pdf(unicode_map(), out, options(), fonts=BUNDLED_ONLY)
    glyph = [w for w in report.warnings if "no glyph" in w]
    assert len(glyph) == 1 and "U+4E2D" in glyph[0]
    text = pdf_text(out)
    assert "\ufffd" in text
    assert contains(text, SAMPLES["greek"]) and contains(text, SAMPLES["hebrew"])


def test_right_to_left_text_comes_back_in_reading_order(tmp_path: Path) -> None:
    out = tmp_path / "rtl.pdf"
    with pytest.warns(ExportWarning):
        write_map_pdf(unicode_map(), out, options(), fonts=BUNDLED_ONLY)
    text = pdf_text(out)
    assert "hebrew: שלום עולם" in text
    assert "arabic: مرحبا بالعالم" in text


def test_without_any_truetype_font_latin1_survives(tmp_path: Path) -> None:
    out = tmp_path / "helvetica.pdf"
    with pytest.warns(ExportWarning) as record:
        report = write_map_pdf(unicode_map(), out, options(), fonts=NO_FONTS)
    assert len(record) == 2  # no TrueType font; the characters it cannot print
    assert any("Helvetica" in w for w in report.warnings)
    assert len([w for w in report.warnings if "no glyph" in w]) == 1
    text = pdf_text(out)
    assert contains(text, SAMPLES["accents"])
    assert "?" in text
