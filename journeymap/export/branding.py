"""The client's branding: accent colour and logo, checked before any drawing starts."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from journeymap.export.options import ExportError

MAX_LOGO_BYTES: Final = 10 * 1024 * 1024
MAX_LOGO_SIDE: Final = 8000
_PNG: Final = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True, slots=True)
class Logo:
    """A decoded logo, ready for ``canvas.drawImage``."""

    image: Any  # reportlab.lib.utils.ImageReader
    width: int
    height: int

    def fit(self, max_w: float, max_h: float) -> tuple[float, float]:
        """The largest (w, h) inside the box that keeps the aspect ratio."""
        scale = min(max_w / self.width, max_h / self.height)
        return self.width * scale, self.height * scale


def load_logo(path: str | Path) -> Logo:
    """Read and check a PNG or JPEG logo; ExportError with one sentence when it is unusable."""
    path = Path(path).expanduser()
    where = f'the logo "{path}"'
    try:
        if not path.exists():
            raise ExportError(f"{where} does not exist")
        if not path.is_file():
            raise ExportError(f"{where} is not a file")
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise ExportError(
                f"{where} is {size / 1024 / 1024:.1f} MB; use an image of at most "
                f"{MAX_LOGO_BYTES // 1024 // 1024} MB"
            )
        with path.open("rb") as stream:
            head = stream.read(64 * 1024)
    except ExportError:
        raise
    except OSError as err:
        raise ExportError(f"{where} cannot be read: {err.strerror or err}") from None
    kind, dims = _sniff(head)
    if kind is None:
        raise ExportError(f"{where} is not a PNG or JPEG image")
    if dims is not None:
        _check_dims(where, *dims)
    return _decode(path, where)


def _check_dims(where: str, width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise ExportError(f"{where} is damaged: it says it is {width} × {height} pixels")
    if width > MAX_LOGO_SIDE or height > MAX_LOGO_SIDE:
        raise ExportError(
            f"{where} is {width} × {height} pixels; use an image of at most "
            f"{MAX_LOGO_SIDE} pixels a side"
        )


def _sniff(head: bytes) -> tuple[str | None, tuple[int, int] | None]:
    """The format and the pixel size from the file's first bytes, without decoding it."""
    if head.startswith(_PNG):
        if len(head) >= 24 and head[12:16] == b"IHDR":
            width, height = struct.unpack(">II", head[16:24])
            return "png", (width, height)
        return "png", None
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg", _jpeg_size(head)
    return None, None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            i += 1 if marker == 0xFF else 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    return None


def _decode(path: Path, where: str) -> Logo:
    """Decode fully (so a truncated file fails here, not half-way through the PDF)."""
    try:
        from PIL import Image

        with Image.open(path) as opened:
            if opened.format not in ("PNG", "JPEG", "MPO"):
                raise ExportError(f"{where} is not a PNG or JPEG image")
            _check_dims(where, *opened.size)
            opened.load()
            image = opened.copy()
        if image.mode not in ("RGB", "RGBA", "L"):
            transparent = "transparency" in image.info or image.mode in ("LA", "PA")
            image = image.convert("RGBA" if transparent else "RGB")
    except ExportError:
        raise
    except ImportError:
        image = None
    except Exception:  # Pillow raises many types for damaged files
        raise ExportError(f"{where} is damaged or not a real PNG or JPEG image") from None
    from reportlab.lib.utils import ImageReader

    try:
        reader = ImageReader(image if image is not None else str(path))
        width, height = reader.getSize()
        if image is None:
            reader.getRGBData()
    except Exception:
        raise ExportError(f"{where} is damaged or not a real PNG or JPEG image") from None
    _check_dims(where, int(width), int(height))
    return Logo(reader, int(width), int(height))
