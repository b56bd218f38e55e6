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

Orientation = Literal["landscape", "portrait"]
Placement = Literal["auto", "fit", "tile"]

#: Page sizes by the name users type (case-insensitive), as (width, height) in points, portrait.
PAGE_SIZES: Final[dict[str, tuple[float, float]]] = {
    "A4": pagesizes.A4,
    "A3": pagesizes.A3,
    "Letter": pagesizes.LETTER,
    "Tabloid": pagesizes.TABLOID,
}

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
    overview, ``"auto"`` fits when readable and tiles otherwise.
    ``date`` is printed in the title block and on the cover; None means the
    ``SOURCE_DATE_EPOCH`` environment variable when set (reproducible builds), else today.

    Journey insights (see ``core.analysis``): ``highlight_worst_path`` draws the path of
    lowest total emotion over the map (off by default: it dominates the picture, so it is
    asked for when the discussion is about that path); ``mark_moments_of_truth`` gives the
    top-ranked moments of truth a numbered badge on the map and in the annotations (on by
    default: a deliverable wants them); ``findings`` adds the Findings section to the plan.
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


def page_size_name(text: str) -> str:
    """The canonical page size name for what a user typed (``a3`` → ``A3``)."""
    for name in PAGE_SIZES:
        if name.lower() == text.strip().lower():
            return name
    raise ExportError(
        f'unknown page size "{text}"; choose one of {", ".join(PAGE_SIZES)}'
    )


def page_dimensions(options: ExportOptions) -> tuple[float, float]:
    """(width, height) of the pages in points, turned for the orientation."""
    w, h = PAGE_SIZES[page_size_name(options.page_size)]
    short, long_ = min(w, h), max(w, h)
    return (long_, short) if options.orientation == "landscape" else (short, long_)


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
    if options.placement not in ("auto", "fit", "tile"):
        raise ExportError(f'unknown placement "{options.placement}"; choose auto, fit or tile')
    return replace(
        options,
        page_size=page_size_name(options.page_size),
        accent=parse_accent(options.accent),
    )
