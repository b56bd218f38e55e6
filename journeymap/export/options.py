"""What a PDF export is asked to do: page, placement, branding, fonts; checked in one place."""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final, Literal

from reportlab.lib import pagesizes
from reportlab.lib.units import inch, mm

Orientation = Literal["landscape", "portrait"]
Placement = Literal["auto", "fit", "tile", "poster"]

#: Page sizes by the name users type (case-insensitive), as (width, height) in points, portrait,
#: smallest first (the poster placement takes the first one the map fits on).
PAGE_SIZES: Final[dict[str, tuple[float, float]]] = {
    "A4": pagesizes.A4,
    "Letter": pagesizes.LETTER,
    "A3": pagesizes.A3,
    "Tabloid": pagesizes.TABLOID,
    "A2": pagesizes.A2,
    "ARCH D": (24 * inch, 36 * inch),
    "A1": pagesizes.A1,
    "ARCH E": (36 * inch, 48 * inch),
    "A0": pagesizes.A0,
}
#: A custom page: ``WIDTHxHEIGHT`` in mm (the default unit), cm or in, e.g. ``600x900mm``.
_CUSTOM = re.compile(
    r"\s*(\d+(?:\.\d+)?)\s*[x×*]\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|inch|inches|\")?\s*",
    re.IGNORECASE,
)
_UNITS: Final = {"mm": mm, "cm": 10 * mm, "in": inch, "inch": inch, "inches": inch, '"': inch}
#: Custom pages between 10 cm and the 200 inches a PDF page may measure.
_MIN_SIDE, _MAX_SIDE = 100 * mm, 200 * inch

DEFAULT_ACCENT: Final = "#1565c0"
_HEX = re.compile(r"#[0-9a-fA-F]{6}")

#: ``progress(fraction, what)``: 0 ≤ fraction ≤ 1, what is a short phrase for a status line.
Progress = Callable[[float, str], None]


class ExportError(Exception):
    """An export that cannot be done; the message is one sentence for the user."""


class ExportWarning(UserWarning):
    """Something the export worked around (a missing glyph, a font it could not use)."""


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Everything the export dialog and the command line can choose; the defaults look good.

    ``placement``: ``"fit"`` scales the map to one page (refused when the text would be
    smaller than readable), ``"tile"`` prints it across pages with overlap marks and an
    overview, ``"auto"`` fits when readable and tiles otherwise, ``"poster"`` prints the map
    on one page of the smallest standard size on which card titles reach 8 pt.
    ``date`` is printed in the title block and on the cover; None means the
    ``SOURCE_DATE_EPOCH`` environment variable when set (reproducible builds), else today.

    Journey insights (see ``core.analysis``): ``highlight_worst_path`` draws the path of
    lowest mean emotion over the map (off by default: it dominates the picture, so it is
    asked for when the discussion is about that path); ``mark_moments_of_truth`` gives the
    top-ranked moments of truth a numbered badge on the map and in the annotations (on by
    default: a deliverable wants them); ``findings`` adds the Findings section to the plan.
    ``cover``: the map PDF opens with a cover page (with the persona panel) and the
    executive summary, as a client deliverable. ``layers``: the layered map, with rows
    under the cards per stage: doing, thinking, feeling, pain points, opportunities.
    """

    page_size: str = "A4"
    orientation: Orientation = "landscape"
    placement: Placement = "auto"
    logo: Path | None = None
    client: str = ""
    author: str = ""
    accent: str = DEFAULT_ACCENT
    footer: str = ""
    font: Path | None = None
    date: datetime.date | None = None
    highlight_worst_path: bool = False
    mark_moments_of_truth: bool = True
    findings: bool = True
    cover: bool = False
    layers: bool = False


def _squeeze(text: str) -> str:
    return re.sub(r"[\s_-]+", "", text).lower()


def page_size_name(text: str) -> str:
    """The canonical page size for what a user typed: ``a3`` → ``A3``, ``arch-d`` →
    ``ARCH D``, ``24x36in`` → ``24x36in``, ``600 x 900`` → ``600x900mm``."""
    for name in PAGE_SIZES:
        if _squeeze(name) == _squeeze(text):
            return name
    match = _CUSTOM.fullmatch(text)
    if match is None:
        raise ExportError(
            f'unknown page size "{text}"; choose one of {", ".join(PAGE_SIZES)}, '
            "or give WIDTHxHEIGHT in mm or in (e.g. 600x900mm)"
        )
    unit = (match.group(3) or "mm").lower()
    unit = "in" if unit in ("inch", "inches", '"') else unit
    w, h = float(match.group(1)), float(match.group(2))
    for side in (w, h):
        if not _MIN_SIDE <= side * _UNITS[unit] <= _MAX_SIDE:
            raise ExportError(
                f'the page size "{text}" is out of range; each side must be between '
                "100 mm and 200 in (5,080 mm)"
            )
    return f"{w:g}x{h:g}{unit}"


def page_points(name: str) -> tuple[float, float]:
    """(width, height) in points of a canonical page size (see :func:`page_size_name`)."""
    if name in PAGE_SIZES:
        return PAGE_SIZES[name]
    match = _CUSTOM.fullmatch(name)
    assert match is not None, name
    unit = _UNITS[(match.group(3) or "mm").lower()]
    return float(match.group(1)) * unit, float(match.group(2)) * unit


def page_dimensions(options: ExportOptions) -> tuple[float, float]:
    """(width, height) of the pages in points, turned for the orientation."""
    w, h = page_points(page_size_name(options.page_size))
    short, long_ = min(w, h), max(w, h)
    return (long_, short) if options.orientation == "landscape" else (short, long_)


def relative_luminance(hex_code: str) -> float:
    """The WCAG relative luminance of ``#rrggbb``."""
    out = []
    for i in (1, 3, 5):
        c = int(hex_code[i : i + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * out[0] + 0.7152 * out[1] + 0.0722 * out[2]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


#: Text in the accent colour must reach this contrast against the white page (WCAG AA).
MIN_ACCENT_CONTRAST: Final = 4.5


def readable_accent(hex_code: str, page: str = "#ffffff") -> str:
    """``hex_code`` darkened just enough to reach :data:`MIN_ACCENT_CONTRAST` on ``page``."""
    if contrast(hex_code, page) >= MIN_ACCENT_CONTRAST:
        return hex_code
    r, g, b = (int(hex_code[i : i + 2], 16) for i in (1, 3, 5))
    lo, hi = 0.0, 1.0  # the factor: 0 is black, 1 the colour itself
    for _ in range(24):
        mid = (lo + hi) / 2
        trial = "#" + "".join(f"{round(c * mid):02x}" for c in (r, g, b))
        if contrast(trial, page) >= MIN_ACCENT_CONTRAST:
            lo = mid
        else:
            hi = mid
    return "#" + "".join(f"{round(c * lo):02x}" for c in (r, g, b))


def parse_accent(text: str) -> str:
    """``#RRGGBB`` (lower-cased), or an ExportError saying what is expected."""
    value = text.strip()
    if not _HEX.fullmatch(value):
        raise ExportError(
            f'the accent colour "{text}" is not a colour; write it as #RRGGBB, '
            f"e.g. {DEFAULT_ACCENT}"
        )
    return value.lower()


def export_date(options: ExportOptions) -> datetime.date:
    """The date printed on the document (see :class:`ExportOptions`)."""
    if options.date is not None:
        return options.date
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.date.today()


#: The longest client, author or footer text: as long as a map's own text fields, so that
#: what one option may cost is bounded like them (fitting is O(n log n) in its length).
MAX_OPTION_TEXT = 20_000


def checked(options: ExportOptions) -> ExportOptions:
    """The options with page size and accent normalised; ExportError for a bad value."""
    for name in ("client", "author", "footer"):
        text = getattr(options, name)
        if len(text) > MAX_OPTION_TEXT:
            raise ExportError(
                f"the {name} text is {len(text):,} characters long; "
                f"use at most {MAX_OPTION_TEXT:,}"
            )
    if options.orientation not in ("landscape", "portrait"):
        raise ExportError(
            f'unknown orientation "{options.orientation}"; choose landscape or portrait'
        )
    if options.placement not in ("auto", "fit", "tile", "poster"):
        raise ExportError(
            f'unknown placement "{options.placement}"; choose auto, fit, tile or poster'
        )
    return replace(
        options,
        page_size=page_size_name(options.page_size),
        accent=parse_accent(options.accent),
    )
