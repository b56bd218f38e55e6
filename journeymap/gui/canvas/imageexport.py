"""PNG and SVG pictures of a map, drawn by the canvas's own scene so they look exactly like it.

A fresh :class:`MapScene` is built for the document (no selection, hover, filter or editor),
item caches are switched off so every stroke and letter is drawn at the output's resolution
(and stays vector in SVG), and the scene renders the map with a margin around it.
Scene units are pixels at 100 % zoom, i.e. 96 DPI.
"""

from __future__ import annotations

import math
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QGraphicsItem

from journeymap.core import appearance
from journeymap.core.errors import FileAccessError
from journeymap.core.model import JourneyMap
from journeymap.core.storage import write_atomic
from journeymap.gui.canvas.backdrop import qrect
from journeymap.gui.canvas.scene import MapScene
from journeymap.gui.session import Session
from journeymap.interop.common import InteropError

__all__ = [
    "DEFAULT_DPI",
    "MAX_PIXELS",
    "MAX_SIDE",
    "ImageSize",
    "ensure_app",
    "image_size",
    "render_png",
    "render_svg",
    "write_png",
    "write_svg",
]

SCENE_DPI = 96.0
#: Without --dpi or --width: twice the canvas at 100 %, crisp on slides and high-DPI screens.
DEFAULT_DPI = 192
MIN_DPI, MAX_DPI = 24, 1200
#: QImage and PNG viewers cope with this many pixels a side; the memory cap is 4 bytes a pixel.
MAX_SIDE = 32_000
MAX_PIXELS = 150_000_000
MARGIN = 24.0

_NOT_XML = re.compile(r"[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_app: QApplication | None = None


def ensure_app(*, headless: bool = False) -> QGuiApplication:
    """The running Qt application, or a new one. Without a display (no ``DISPLAY`` or
    ``WAYLAND_DISPLAY`` on Linux), or when ``headless``, Qt's offscreen platform is used."""
    global _app
    existing = QApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    native = sys.platform.startswith(("win", "darwin"))  # no display server needed there
    has_display = native or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if (headless and not native) or not has_display:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _app = QApplication(sys.argv[:1] or ["journeymap"])
    return _app


@dataclass(frozen=True)
class ImageSize:
    """The pixel size of a PNG and the resolution recorded in it."""

    width: int
    height: int
    dpi: float

    @property
    def scale(self) -> float:
        return self.dpi / SCENE_DPI


def _export_scene(doc: JourneyMap) -> tuple[MapScene, QRectF]:
    """A scene showing ``doc`` as the canvas does, and the area to draw (map plus margin)."""
    ensure_app()
    scene = MapScene(Session(doc))
    scene.clearSelection()
    scene.clearFocus()
    scene.indicator.hide()
    area = qrect(scene.layout.bounds)
    for item in scene.items():
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        if item in (scene.backdrop, scene.link_layer, scene.indicator):
            continue
        area |= item.sceneBoundingRect()
    # no further than the canvas scrolls (a long link may bulge far out of the map)
    return scene, area.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN) & scene.sceneRect()


def _release(scene: MapScene) -> None:
    scene.detach()


def image_size(
    source: QRectF, *, dpi: float | None = None, width: int | None = None
) -> ImageSize:
    """The PNG size for ``source`` (scene units) at ``dpi`` or ``width``; the default DPI is
    lowered to fit the limits, an explicit one is refused with a sentence when it does not."""
    if dpi is not None and width is not None:
        raise InteropError("give the resolution (DPI) or the width, not both")
    if dpi is not None and not MIN_DPI <= dpi <= MAX_DPI:
        raise InteropError(f"the resolution must be {MIN_DPI} to {MAX_DPI} DPI, not {dpi:g}")
    if width is not None and not 16 <= width <= MAX_SIDE:
        raise InteropError(f"the width must be 16 to {MAX_SIDE:,} pixels, not {width:,}")
    if width is not None:
        chosen = width / source.width() * SCENE_DPI
    else:
        chosen = float(dpi if dpi is not None else DEFAULT_DPI)
    fit = min(
        MAX_SIDE / source.width() * SCENE_DPI,
        MAX_SIDE / source.height() * SCENE_DPI,
        math.sqrt(MAX_PIXELS / (source.width() * source.height())) * SCENE_DPI,
    )
    if chosen > fit:
        if dpi is None and width is None:
            chosen = fit
        else:
            w, h = _pixels(source, chosen)
            raise InteropError(
                f"the image would be {w:,} × {h:,} pixels, more than the {MAX_SIDE:,} pixels a "
                f"side and {MAX_PIXELS // 1_000_000} megapixels an image can have: the most for "
                f"this map is {math.floor(fit)} DPI or "
                f"{math.floor(source.width() * fit / SCENE_DPI):,} pixels wide"
            )
    w, h = _pixels(source, chosen)
    return ImageSize(w, h, chosen)


def _pixels(source: QRectF, dpi: float) -> tuple[int, int]:
    scale = dpi / SCENE_DPI
    return max(1, round(source.width() * scale)), max(1, round(source.height() * scale))


def _hints() -> QPainter.RenderHint:
    return (
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )


def render_png(
    doc: JourneyMap, *, dpi: float | None = None, width: int | None = None
) -> tuple[QImage, ImageSize]:
    """The map as an image; see :func:`image_size` for ``dpi`` and ``width``."""
    scene, source = _export_scene(doc)
    try:
        size = image_size(source, dpi=dpi, width=width)
        image = QImage(QSize(size.width, size.height), QImage.Format.Format_ARGB32_Premultiplied)
        if image.isNull():
            raise InteropError(
                f"there is not enough memory for a {size.width:,} × {size.height:,} pixel image"
            )
        image.fill(QColor(appearance.BACKGROUND))
        per_metre = round(size.dpi / 0.0254)
        image.setDotsPerMeterX(per_metre)
        image.setDotsPerMeterY(per_metre)
        image.setText("Title", doc.title)
        image.setText("Software", "JourneyMap")
        painter = QPainter(image)
        painter.setRenderHints(_hints())
        target = QRectF(0, 0, size.width, size.height)
        scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
        painter.end()
    finally:
        _release(scene)
    return image, size


def render_svg(doc: JourneyMap) -> bytes:
    """The map as an SVG document (1 user unit = 1 pixel at 100 % zoom)."""
    scene, source = _export_scene(doc)
    try:
        w, h = math.ceil(source.width()), math.ceil(source.height())
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setResolution(round(SCENE_DPI))
        generator.setSize(QSize(w, h))
        generator.setViewBox(QRectF(0, 0, w, h))
        generator.setTitle(_NOT_XML.sub("", doc.title))
        generator.setDescription("A customer journey map made with JourneyMap")
        painter = QPainter(generator)
        painter.setRenderHints(_hints())
        scene.render(painter, QRectF(0, 0, w, h), source, Qt.AspectRatioMode.IgnoreAspectRatio)
        painter.end()
        data = bytes(buffer.data().data())
        buffer.close()
    finally:
        _release(scene)
    # card text may hold control characters, which XML 1.0 forbids
    return _NOT_XML.sub("", data.decode("utf-8", errors="replace")).encode("utf-8")


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # the stubs say bytes
        raise InteropError("the image could not be encoded as PNG")
    data = bytes(buffer.data().data())
    buffer.close()
    return data


def write_png(
    doc: JourneyMap,
    path: str | os.PathLike[str],
    *,
    dpi: float | None = None,
    width: int | None = None,
) -> ImageSize:
    """Write the map as a PNG, atomically; returns its size."""
    target = _checked_target(Path(path))
    image, size = render_png(doc, dpi=dpi, width=width)
    _write(target, png_bytes(image))
    return size


def write_svg(doc: JourneyMap, path: str | os.PathLike[str]) -> None:
    """Write the map as an SVG, atomically."""
    target = _checked_target(Path(path))
    _write(target, render_svg(doc))


def _checked_target(path: Path) -> Path:
    """Refuse a target that cannot be written before the picture is drawn."""
    if path.is_dir():
        raise InteropError(f'cannot write "{path}": it is a folder')
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InteropError(f'cannot write "{path}": the folder "{folder}" does not exist')
    if not os.access(folder, os.W_OK):
        raise InteropError(f'cannot write "{path}": permission denied')
    return path


def _write(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data, backup=False)
    except FileAccessError as err:
        raise InteropError(str(err).replace("cannot save", "cannot write", 1)) from None
