"""`journeymap export TO_BE OUT.pdf --compare AS_IS`: the marks on the map and What changes."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from journeymap.core.comparison import COLOURS
from tests.clirun import run_cli
from tests.versions_fixture import write_pair


def _rgb(hex_code: str) -> tuple[float, float, float]:
    return tuple(int(hex_code[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _strokes(page: pdfplumber.page.Page) -> set[tuple[float, ...]]:
    """The stroke colours of the page's shapes, rounded."""
    out = set()
    for obj in [*page.curves, *page.rects]:
        colour = obj.get("stroking_color")
        if isinstance(colour, (tuple, list)) and len(colour) == 3:
            out.add(tuple(round(float(v), 2) for v in colour))
    return out


def _export(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> Path:
    old, new = write_pair(tmp_path)
    out = tmp_path / f"map{len(extra)}.pdf"
    code, _, err = run_cli(capsys, "export", str(new), str(out), "--poster", *extra,
                           *(("--compare", str(old)) if not extra else ()))
    assert code == 0, err
    return out


def test_the_compared_map_carries_the_marks_legend_and_what_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _export(tmp_path, capsys)
    with pdfplumber.open(out) as pdf:
        texts = [p.extract_text() or "" for p in pdf.pages]
        map_page = pdf.pages[0]
        strokes = _strokes(map_page)
        words = {w["text"] for w in map_page.extract_words()}
    first = texts[0]
    assert "Guest checkout or" in first  # the ghost of the removed card, in its old cell
    assert {"new", "removed"} <= words
    assert "from Evaluate" in first and "+3 · description" in first
    for status in ("added", "removed", "changed", "moved"):
        wanted = tuple(round(v, 2) for v in _rgb(COLOURS[status]))
        assert wanted in strokes, status
    (changes,) = [t for t in texts if t.startswith("What changes")]
    assert "Mean emotion of the whole journey: +0.09 → +0.39 (+0.30)" in changes
    legend = texts[-1]
    assert "Compared with the as-is map" in legend
    assert "Added (1)" in legend and "Removed (1)" in legend and "Moved (1)" in legend
    assert "Changed (3)" in legend


def test_without_compare_the_map_has_none_of_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _export(tmp_path, capsys, "--force")
    with pdfplumber.open(out) as pdf:
        texts = [p.extract_text() or "" for p in pdf.pages]
        strokes = _strokes(pdf.pages[0])
    assert not any(t.startswith("What changes") for t in texts)
    assert "Guest checkout or" not in texts[0] and "Compared with" not in texts[-1]
    assert tuple(round(v, 2) for v in _rgb(COLOURS["moved"])) not in strokes


def test_compare_is_for_pdf_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = write_pair(tmp_path)
    code, _, err = run_cli(capsys, "export", str(new), str(tmp_path / "m.png"),
                           "--compare", str(old))
    assert code != 0 and "--compare" in err and "PDF" in err
    assert not (tmp_path / "m.png").exists()
