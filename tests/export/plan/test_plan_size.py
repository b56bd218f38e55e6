"""The plan stays a deliverable for a large map: 60 stages, 50 lanes, 60 cards and 50
improvements with long texts fit in under 30 pages, landscape and portrait."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from journeymap.export import write_plan_pdf
from tests.synthetic import make_map

from ..conftest import BUNDLED_ONLY, options

LONG = ("Customers tell us in every interview that this step is slow, confusing and "
        "unpredictable, and the numbers agree: it is where most of them give up. ")


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_plan_of_a_large_map_with_long_texts_stays_under_30_pages(
    tmp_path: Path, orientation: str
) -> None:
    doc = make_map(60, stages=60, lanes=50, improvements=50, seed=5)
    for i, tp in enumerate(doc.touchpoints()):
        doc.update_touchpoint(tp.id, title=f"{tp.title} — {LONG[:90]}",
                              pain_points=[f"{n + 1}. {LONG}" for n in range(6)],
                              description=LONG * 3)
        if i % 3 == 0:
            doc.update_touchpoint(tp.id, moment_of_truth=True, emotion=-2)
    for imp in doc.improvements:
        doc.update_improvement(imp.id, title=f"{imp.title}: {LONG[:80]}", problem=LONG,
                               action=LONG, kpi=LONG[:100], owner="Customer experience team")
    out = tmp_path / "plan.pdf"
    report = write_plan_pdf(doc, out, options(orientation=orientation), fonts=BUNDLED_ONLY)
    pages = pypdf.PdfReader(str(out)).pages
    assert report.pages == len(pages) < 30, report.pages
    text = " ".join(p.extract_text() or "" for p in pages)
    assert "Action plan, continued" in text  # 50 long rows do not fit one page
    assert "Contents" in pages[1].extract_text()
