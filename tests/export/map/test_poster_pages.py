"""A poster prints the map alone at poster size: the cover, summary, contents, notes and
legend stay on the readable page size asked for (A4 by default, Letter when asked)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdf
import pytest

from journeymap import load
from journeymap.export import write_map_pdf
from journeymap.export.options import page_points
from journeymap.resources import resources_dir
from tests.export.conftest import options, squash

ECOMMERCE = resources_dir() / "examples" / "ecommerce-first-order.journeymap"


def _sizes(path: Path) -> list[tuple[int, int]]:
    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
            for p in pypdf.PdfReader(str(path)).pages]


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_poster_with_cover_keeps_the_text_pages_readable(tmp_path: Path,
                                                         page_size: str) -> None:
    out = tmp_path / "poster.pdf"
    report = write_map_pdf(load(ECOMMERCE), out, options(
        placement="poster", cover=True, page_size=page_size, client="Nordlys",
        footer="Confidential"))
    sizes = _sizes(out)
    texts = [squash(p.extract_text()) for p in pypdf.PdfReader(str(out)).pages]
    w, h = page_points(page_size)
    document = (round(max(w, h)), round(min(w, h)))  # landscape, as asked
    poster_pages = [i for i, s in enumerate(sizes) if s != document]
    assert len(poster_pages) == 1  # the map alone on the poster
    (index,) = poster_pages
    assert "CUSTOMER JOURNEY MAP" in texts[0] and sizes[0] == document
    assert any("Executive summary" in t for t in texts[1:index])
    assert "Annotations" in " ".join(texts[index + 1:])
    poster = sizes[index]
    name = report.page_size.split()[0]
    pw, ph = page_points(name)
    assert sorted(poster) == sorted((round(pw), round(ph)))
    assert poster[0] * poster[1] > document[0] * document[1]
    # the map page's footer spans the poster: its page number sits at the poster's edge
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[index]
        number = [w for w in page.extract_words() if w["text"] == str(len(sizes))]
        assert number and max(float(w["x1"]) for w in number) > poster[0] - 40
        assert all(c["x1"] <= page.width + 0.5 for c in page.chars)
        for other in (pdf.pages[0], pdf.pages[-1]):
            assert all(c["x1"] <= other.width + 0.5 for c in other.chars)


def test_poster_without_cover_prints_the_notes_on_the_asked_page(tmp_path: Path) -> None:
    out = tmp_path / "poster.pdf"
    report = write_map_pdf(load(ECOMMERCE), out, options(placement="poster"))
    sizes = _sizes(out)
    assert report.page_size == "A3" and sizes[0] == (1191, 842)
    assert set(sizes[1:]) == {(842, 595)}
