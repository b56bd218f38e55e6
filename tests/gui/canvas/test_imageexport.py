"""PNG and SVG pictures of a map: sizes, resolution, limits, and the same picture as the canvas."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from journeymap.core import appearance
from journeymap.core.commands import Edit
from journeymap.core.model import JourneyMap
from journeymap.gui.canvas.imageexport import (
    DEFAULT_DPI,
    MAX_PIXELS,
    MAX_SIDE,
    image_size,
    render_png,
    write_png,
    write_svg,
)
from journeymap.gui.canvas.scene import MapScene
from journeymap.gui.session import Session
from journeymap.interop.common import InteropError

SVG = "{http://www.w3.org/2000/svg}"


def _differing(a: QImage, b: QImage, step: int = 3) -> float:
    """The share of sampled pixels whose colours differ clearly."""
    assert a.size() == b.size()
    differ = total = 0
    for y in range(0, a.height(), step):
        for x in range(0, a.width(), step):
            p, q = a.pixelColor(x, y), b.pixelColor(x, y)
            total += 1
            if max(abs(p.red() - q.red()), abs(p.green() - q.green()),
                   abs(p.blue() - q.blue())) > 60:
                differ += 1
    return differ / total


def test_png_default_is_twice_the_canvas_with_its_resolution_recorded(
    example_doc: JourneyMap, tmp_path: Path
) -> None:
    out = tmp_path / "map.png"
    size = write_png(example_doc, out)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (size.width, size.height)
    assert size.dpi == DEFAULT_DPI
    assert round(image.dotsPerMeterX() * 0.0254) == DEFAULT_DPI
    assert image.text("Title") == example_doc.title
    assert image.pixelColor(2, 2) == QColor(appearance.BACKGROUND)  # the canvas background
    half, _ = render_png(example_doc, dpi=96)
    assert abs(half.width() * 2 - image.width()) <= 2


def test_png_width_option(example_doc: JourneyMap, tmp_path: Path) -> None:
    size = write_png(example_doc, tmp_path / "w.png", width=800)
    image = QImage(str(tmp_path / "w.png"))
    assert image.width() == 800 == size.width
    assert size.dpi < DEFAULT_DPI


def test_png_is_the_canvas(example_doc: JourneyMap, qapp: object) -> None:
    """The export shows what the editor's own scene paints, card for card."""
    image, size = render_png(example_doc, dpi=96)
    scene = MapScene(Session(example_doc))
    try:
        canvas = QImage(image.size(), QImage.Format.Format_ARGB32_Premultiplied)
        canvas.fill(QColor(appearance.BACKGROUND))
        painter = QPainter(canvas)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing
                               | QPainter.RenderHint.TextAntialiasing)
        bounds = scene.layout.bounds
        # the export adds a margin round the map and any link that bulges out of it
        exported = QRectF(0, 0, size.width, size.height)
        source = QRectF(exported)
        source.moveCenter(QRectF(bounds.x, bounds.y, bounds.w, bounds.h).center())
        scene.render(painter, exported, source, Qt.AspectRatioMode.IgnoreAspectRatio)
        painter.end()
    finally:
        scene.detach()
    assert _differing(image, canvas) < 0.005  # a shift of 3 pixels makes it about 0.04


def test_png_changes_with_the_map(example_doc: JourneyMap) -> None:
    before, _ = render_png(example_doc, dpi=48)
    again, _ = render_png(example_doc, dpi=48)
    assert before == again  # the same map gives the same pixels
    tp = example_doc.touchpoints()[0]
    Edit("touchpoint", tp.id, {"colour": "#6a1b9a", "title": "Changed"}).do(example_doc)
    after, _ = render_png(example_doc, dpi=48)
    assert before.size() == after.size() and before != after


def test_limits_refuse_explicit_sizes_and_shrink_the_default() -> None:
    huge = QRectF(0, 0, 40_000, 3_000)
    with pytest.raises(InteropError, match="pixels a side"):
        image_size(huge, dpi=96)
    fitted = image_size(huge)
    assert fitted.width <= MAX_SIDE and fitted.width * fitted.height <= MAX_PIXELS * 1.001
    with pytest.raises(InteropError, match="megapixels"):
        image_size(QRectF(0, 0, 20_000, 20_000), dpi=96)
    with pytest.raises(InteropError, match="DPI"):
        image_size(QRectF(0, 0, 100, 100), dpi=5000)
    with pytest.raises(InteropError, match="width"):
        image_size(QRectF(0, 0, 100, 100), width=5)
    assert image_size(QRectF(0, 0, 1000, 500), width=500).height == 250


def test_svg_has_the_map_as_vectors_with_its_title(
    example_doc: JourneyMap, tmp_path: Path
) -> None:
    out = tmp_path / "map.svg"
    write_svg(example_doc, out)
    root = ET.parse(out).getroot()
    box = [float(v) for v in root.attrib["viewBox"].split()]
    png, size = render_png(example_doc, dpi=96)
    assert abs(box[2] - size.width) <= 1 and abs(box[3] - size.height) <= 1
    assert root.findtext(f"{SVG}title") == example_doc.title
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert example_doc.touchpoints()[0].title.split()[0] in texts
    assert not list(root.iter(f"{SVG}image"))  # nothing rasterised
    renderer = QSvgRenderer(str(out))
    assert renderer.isValid()
    drawn = QImage(png.size(), QImage.Format.Format_ARGB32_Premultiplied)
    drawn.fill(Qt.GlobalColor.white)
    painter = QPainter(drawn)
    renderer.render(painter, QRectF(0, 0, png.width(), png.height()))
    painter.end()
    assert _differing(png, drawn) < 0.05


def test_svg_of_text_with_control_characters_is_valid_xml(
    example_doc: JourneyMap, tmp_path: Path
) -> None:
    tp = example_doc.touchpoints()[0]
    Edit("touchpoint", tp.id, {"title": "Bell\x07 & <b>tag</b> ]]>"}).do(example_doc)
    Edit("map", None, {"title": "Map\x01 & co"}).do(example_doc)
    write_svg(example_doc, tmp_path / "h.svg")
    root = ET.parse(tmp_path / "h.svg").getroot()
    assert root.findtext(f"{SVG}title") == "Map & co"


def test_unwritable_targets_are_one_sentence(example_doc: JourneyMap, tmp_path: Path) -> None:
    with pytest.raises(InteropError, match="does not exist"):
        write_png(example_doc, tmp_path / "no" / "map.png")
    with pytest.raises(InteropError, match="folder"):
        write_svg(example_doc, tmp_path)
    assert list(tmp_path.iterdir()) == []
