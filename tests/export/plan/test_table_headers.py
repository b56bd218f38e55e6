"""The plan's table headers read back whole: they wrap between words, never cut or elided."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from journeymap import load
from journeymap.export import write_plan_pdf
from journeymap.export.deliver.rowtable import SIZE, header_widths
from journeymap.export.fonts import find_fonts
from journeymap.export.text import TextKit

from ..conftest import BUNDLED_ONLY, EXAMPLES, options

#: Every word of the headers of the summary, action plan, roadmap and critical tables.
HEADER_WORDS = {"Stage", "Phase", "Touchpoints", "Pain", "points", "Mean", "emotion",
                "Improvement", "Impact", "effort", "Owner,", "due", "Problem", "Action",
                "Owner", "Priority", "Effort", "Status", "Due", "KPI", "Touchpoint"}


@pytest.mark.parametrize("portrait", [False, True])
@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
def test_header_words_print_whole(tmp_path: Path, example: str, portrait: bool) -> None:
    doc = load(next(e for e in EXAMPLES if e.stem == example))
    path = tmp_path / "plan.pdf"
    write_plan_pdf(doc, path, options(orientation="portrait" if portrait else "landscape"),
                   fonts=BUNDLED_ONLY)
    found: set[str] = set()
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            # the header rows: white bold text at the table's header size
            words = page.extract_words(extra_attrs=["size", "non_stroking_color"])
            heads = [w["text"] for w in words
                     if abs(float(w["size"]) - SIZE) < 0.05
                     and tuple(w["non_stroking_color"] or ()) in ((1, 1, 1), (1.0, 1.0, 1.0))]
            cut = [w for w in heads if "…" in w or (w not in HEADER_WORDS and any(
                h.startswith(w) or h.endswith(w) for h in HEADER_WORDS))]
            assert not cut, (example, portrait, number, cut)
            found.update(heads)
    assert {"Touchpoints", "points", "emotion", "effort", "Improvement"} <= found


def test_header_widths_widen_a_narrow_column_from_the_others() -> None:
    kit = TextKit(find_fonts(BUNDLED_ONLY))
    widths = [100.0, 20.0, 100.0]
    out = header_widths(kit, ["Stage", "Touchpoints", "Notes"], widths)
    assert sum(out) == pytest.approx(sum(widths))
    assert out[1] >= kit.width("Touchpoints", SIZE, True) + 8
    assert out[0] < 100 and out[2] < 100
