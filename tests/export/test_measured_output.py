"""A measured map in print and pictures: chips, drop-off badges and legend in the map PDF,
sources and traffic findings in the plan, chips and wide links in the PNG (read back)."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import pytest
from PIL import Image

from journeymap import load
from journeymap.core.model import JourneyMap
from journeymap.export import write_map_pdf, write_plan_pdf
from journeymap.measure import command, measure
from journeymap.resources import example

from .conftest import contains, options, pdf_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from eventlogs import write_events_csv, write_survey_csv  # noqa: E402


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> JourneyMap:
    folder = tmp_path_factory.mktemp("measured")
    doc = load(example("ecommerce-first-order"))
    write_events_csv(folder / "events.csv", doc, events_wanted=4_000, seed=5)
    write_survey_csv(folder / "survey.csv", doc, 400, seed=5)
    m = measure(doc, [folder / "events.csv", folder / "survey.csv"])
    command(doc, m, add_deviations=True).do(doc)
    return doc


def test_map_pdf_shows_chips_badges_and_their_legend(measured: JourneyMap,
                                                     tmp_path: Path) -> None:
    out = tmp_path / "map.pdf"
    write_map_pdf(measured, out, options())
    text = pdf_text(out)
    payment = measured.touchpoint("payment").metrics
    sign = "+" if payment["nps"] > 0 else "−" if payment["nps"] < 0 else ""
    assert f"NPS {sign}{abs(round(payment['nps']))}" in text
    assert f"CSAT {round(payment['csat'])}%" in text
    assert f"↓{payment['drop_off'] * 100:.0f}%" in text
    for entry in ("NPS / CSAT measured", "customers lost here", "Observed in data",
                  "width = share of traffic", "deviation seen in data"):
        assert contains(text, entry), entry


def test_plan_summary_names_sources_dates_and_findings(measured: JourneyMap,
                                                       tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    write_plan_pdf(measured, out, options())
    text = pdf_text(out)
    assert "Measured data" in text and "Measured touchpoints" in text
    for src in measured.sources:
        assert src.name in text and src.imported.isoformat() in text
        assert contains(text, src.note)
    assert "Most-travelled path" in text and "Where customers are lost:" in text
    assert datetime.date.today().isoformat() in text


def _count(image: Image.Image, hex_code: str, tolerance: int = 24) -> int:
    want = tuple(int(hex_code[i:i + 2], 16) for i in (1, 3, 5))
    return sum(n for n, px in image.getcolors(maxcolors=1 << 24) or []
               if sum(abs(a - b) for a, b in zip(px, want, strict=True)) <= tolerance)


def test_png_draws_badges_chips_and_wide_busy_links(measured: JourneyMap,
                                                    tmp_path: Path) -> None:
    from journeymap.core import appearance
    from journeymap.core.measured import DEVIATION_COLOUR, DROP_OFF_FILL
    from journeymap.gui.canvas.imageexport import write_png

    plain = load(example("ecommerce-first-order"))
    write_png(plain, tmp_path / "plain.png")
    write_png(measured, tmp_path / "measured.png")
    before = Image.open(tmp_path / "plain.png").convert("RGB")
    after = Image.open(tmp_path / "measured.png").convert("RGB")
    badges = sum(1 for tp in measured.touchpoints() if tp.metrics.get("drop_off", 0) >= 0.005)
    assert badges > 10
    assert _count(before, DROP_OFF_FILL) == 0
    assert _count(after, DROP_OFF_FILL) > badges * 150  # each badge is about 40 × 14 px at 2×
    assert _count(before, DEVIATION_COLOUR) == 0 < _count(after, DEVIATION_COLOUR)
    assert _count(after, appearance.LINK_COLOUR, 8) > 2 * _count(before, appearance.LINK_COLOUR, 8)
