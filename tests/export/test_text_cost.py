"""What fitting one text may cost (issue 11, item 5): linear-time elide, wrap and cut.

ReportLab's ``stringWidth`` is counted in characters measured. A 20,000-character text may be
measured O(n log n) times over, never O(n²) (which was 415 s for a 20,000-character title).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from journeymap.core.entities import MAX_TEXT, Lane, Stage, Touchpoint
from journeymap.core.model import JourneyMap
from journeymap.export import ExportOptions, write_map_pdf, write_plan_pdf
from journeymap.export import text as text_module
from journeymap.export.fonts import find_fonts
from journeymap.export.text import ELLIPSIS, TextKit

from .conftest import BUNDLED_ONLY

N = MAX_TEXT


class Budget:
    """Counts the characters given to stringWidth; fails the test the moment it is spent."""

    def __init__(self, limit: int) -> None:
        self.limit, self.spent = limit, 0

    def __call__(self, text: str, font: str, size: float, *args: object) -> float:
        self.spent += len(text)
        if self.spent > self.limit:
            raise AssertionError(f"measured over {self.limit:,} characters")
        return float(REAL(text, font, size, *args))


REAL = text_module.stringWidth


@pytest.fixture
def budget(monkeypatch: pytest.MonkeyPatch) -> Iterator[Budget]:
    spent = Budget(int(40 * N * math.log2(N)))
    monkeypatch.setattr(text_module, "stringWidth", spent)
    yield spent


@pytest.fixture(scope="module")
def kit() -> TextKit:
    return TextKit(find_fonts(BUNDLED_ONLY))


def test_elide_a_long_word_is_n_log_n(kit: TextKit, budget: Budget) -> None:
    word = "x" * N
    out = kit.elide(word, 10, 200)
    assert out.endswith(ELLIPSIS) and kit.width(out, 10) <= 200
    assert kit.width(out[:-1] + "x" + ELLIPSIS, 10) > 200, "the longest prefix that fits"
    assert budget.spent < 40 * N


def test_wrap_a_long_word_with_and_without_max_lines(kit: TextKit, budget: Budget) -> None:
    lines = kit.wrap("y" * N, 9, 300)
    assert "".join(lines) == "y" * N
    assert all(kit.width(line, 9) <= 300 for line in lines)
    assert all(kit.width(line + "y", 9) > 300 for line in lines[:-1])
    two = kit.wrap("z" * N, 9, 300, max_lines=2)
    assert len(two) == 2 and two[1].endswith(ELLIPSIS)


def test_long_fields_are_not_kept_in_the_width_cache(kit: TextKit) -> None:
    kit.width("q" * N, 10)
    assert all(len(key[0]) <= 256 for key in kit._widths)


def test_a_20000_character_title_and_footer_export_within_the_budget(
    tmp_path: Path, budget: Budget
) -> None:
    doc = JourneyMap("t" * N)
    doc.add_stage(Stage(id="s", name="Stage " * 50))
    doc.add_lane(Lane(id="l", name="Lane"))
    doc.add_touchpoint(Touchpoint(id="a", title="w" * N, stage="s", lane="l", slot=0,
                                  description="d" * N))
    options = ExportOptions(footer="f" * N, client="c" * 2000, author="a" * 2000)
    write_map_pdf(doc, tmp_path / "m.pdf", options)
    write_plan_pdf(doc, tmp_path / "p.pdf", options)
    for name in ("m.pdf", "p.pdf"):
        pages = [page.extract_text() for page in pypdf.PdfReader(tmp_path / name).pages]
        assert all("fffff" in page for page in pages)
        assert any("ttttt" in page for page in pages)
