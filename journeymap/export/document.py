"""What both PDFs share: styles, page furniture ("page N of M" footers), bookmarks,
metadata, deterministic output and the atomic write to the target file."""

from __future__ import annotations

import calendar
import contextlib
import datetime
import gc
import io
import os
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable

from journeymap import __version__
from journeymap.core import appearance
from journeymap.core.errors import FileAccessError
from journeymap.core.storage import write_atomic
from journeymap.export.branding import Logo, load_logo
from journeymap.export.fonts import FontSearch, find_fonts
from journeymap.export.options import (
    MIN_ACCENT_CONTRAST,
    ExportError,
    ExportOptions,
    ExportWarning,
    Progress,
    checked,
    contrast,
    export_date,
    page_dimensions,
    readable_accent,
)
from journeymap.export.text import TextKit, clean

MARGIN = 32.0
MAP_MARGIN = 22.0
FOOTER_Y = 16.0
BOTTOM = 40.0
TOC_PAGES = 8  # a document longer than this gets a contents page after its cover


@dataclass(slots=True)
class ExportReport:
    """What an export produced: the file, its page count and any warnings for the user."""

    path: Path
    pages: int
    warnings: list[str] = field(default_factory=list)
    placement: str = ""
    scale: float = 1.0
    tiles: int = 0
    page_size: str = ""  # the page size used (the poster placement chooses it)


_COLOURS: dict[str, colors.Color] = {}


def colour(hex_code: str) -> colors.Color:
    """A cached ReportLab colour for ``#rrggbb``."""
    found = _COLOURS.get(hex_code)
    if found is None:
        found = _COLOURS[hex_code] = colors.HexColor(hex_code)
    return found


def tint(hex_code: str, amount: float) -> str:
    """``hex_code`` mixed with white (amount 0 = unchanged, 1 = white)."""
    r, g, b = (int(hex_code[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def shade(hex_code: str, factor: float) -> str:
    """``hex_code`` darkened (factor < 1)."""
    r, g, b = (int(hex_code[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{max(0, min(255, round(c * factor))):02x}" for c in (r, g, b))


class Job:
    """One export in progress: checked options, fonts, text kit, logo, styles."""

    def __init__(
        self,
        options: ExportOptions | None,
        progress: Progress | None,
        search: FontSearch | None = None,
    ) -> None:
        self.options = checked(options or ExportOptions())
        self.progress_fn = progress
        self.page_w, self.page_h = page_dimensions(self.options)
        base = search or FontSearch()
        if self.options.font is not None:
            base = FontSearch(
                explicit=self.options.font,
                environment=base.environment,
                bundled=base.bundled,
                system=base.system,
                fallbacks=base.fallbacks,
                fontconfig=base.fontconfig,
            )
        self.fonts = find_fonts(base)
        self.kit = TextKit(self.fonts)
        self.logo: Logo | None = load_logo(self.options.logo) if self.options.logo else None
        self.notes: list[str] = []
        self.accent = readable_accent(self.options.accent)
        if self.accent != self.options.accent:
            self.notes.append(
                f"the accent colour {self.options.accent} is too light to read on white "
                f"(contrast {contrast(self.options.accent, '#ffffff'):.1f}:1, at least "
                f"{MIN_ACCENT_CONTRAST:g}:1 is needed), so it is darkened to {self.accent}"
            )
        self.date = export_date(self.options)
        #: the footer title of the contents page; None: the document has no contents page
        self.contents: str | None = None
        self.contents_reserved = False  # the story keeps page 2 free for the contents
        self.pages_written = 0
        self.styles = make_styles(self.fonts.regular, self.fonts.bold, self.accent)
        self._last = -1.0

    def warnings(self, doc: Any = None) -> list[str]:
        """What the export worked around, for the user: the job's notes, then the fonts'
        (with ``doc``, a missing glyph is named with the places it is in)."""
        places = None
        if doc is not None and self.kit.missing:
            from journeymap.export.figures import places_of

            places = places_of(doc, self.kit.missing)
        return [*self.notes, *self.kit.warnings(places)]

    def progress(self, fraction: float, what: str) -> None:
        if self.progress_fn is not None and (fraction >= 1 or fraction - self._last >= 0.01):
            self._last = fraction
            self.progress_fn(max(0.0, min(1.0, fraction)), what)

    @property
    def date_text(self) -> str:
        d = self.date
        return f"{d.day} {d:%B %Y}"

    def footer_left(self) -> str:
        parts = [self.options.footer.strip(), self.options.client.strip()]
        return " · ".join(p for p in parts if p)


def make_styles(regular: str, bold: str, accent: str) -> dict[str, ParagraphStyle]:
    ink, muted = colour(appearance.INK), colour(appearance.MUTED_INK)
    base = ParagraphStyle(
        "body", fontName=regular, fontSize=9, leading=12.2, textColor=ink, bulletFontName=regular
    )
    s: dict[str, ParagraphStyle] = {"body": base}
    s["h1"] = ParagraphStyle(
        "h1",
        parent=base,
        fontName=bold,
        fontSize=20,
        leading=24,
        textColor=colour(accent),
        spaceAfter=10,
    )
    s["h2"] = ParagraphStyle(
        "h2",
        parent=base,
        fontName=bold,
        fontSize=13.5,
        leading=17,
        spaceBefore=12,
        spaceAfter=4,
        keepWithNext=1,
    )
    s["h3"] = ParagraphStyle(
        "h3",
        parent=base,
        fontName=bold,
        fontSize=10.5,
        leading=13.5,
        spaceBefore=8,
        spaceAfter=3,
        keepWithNext=1,
    )
    s["lead"] = ParagraphStyle("lead", parent=base, fontSize=10.5, leading=14.5, spaceAfter=6)
    s["small"] = ParagraphStyle("small", parent=base, fontSize=8, leading=10.4, textColor=muted)
    s["meta"] = ParagraphStyle(
        "meta", parent=base, fontSize=8, leading=10.4, textColor=muted, spaceAfter=2
    )
    s["field"] = ParagraphStyle("field", parent=base, spaceBefore=2.5)
    s["bullet"] = ParagraphStyle(
        "bullet", parent=base, leftIndent=10, bulletIndent=1, spaceBefore=1
    )
    s["entry"] = ParagraphStyle("entry", parent=base, fontName=bold, fontSize=10.5, leading=13)
    s["cell"] = ParagraphStyle("cell", parent=base, fontSize=7.6, leading=9.4)
    s["cell_bold"] = ParagraphStyle("cell_bold", parent=s["cell"], fontName=bold)
    s["small_cell"] = ParagraphStyle(
        "small_cell", parent=s["cell"], fontSize=7, leading=8.8, textColor=muted, spaceBefore=2
    )
    s["cell_head"] = ParagraphStyle(
        "cell_head", parent=s["cell"], fontName=bold, textColor=colors.white
    )
    s["cell_centre"] = ParagraphStyle("cell_centre", parent=s["cell"], alignment=TA_CENTER)
    s["caption"] = ParagraphStyle(
        "caption", parent=base, fontSize=8, leading=10.4, textColor=muted, alignment=TA_CENTER
    )
    return s


class Bookmark(Flowable):
    """An outline entry (and a named destination) where it is drawn; takes no space."""

    def __init__(self, key: str, title: str, level: int = 0, closed: bool = False) -> None:
        super().__init__()
        self.key, self.title, self.level, self.closed = key, title, level, closed
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.key, 0, 0)
        self.canv.addOutlineEntry(self.title, self.key, self.level, self.closed)


def _time_stamp(day: datetime.date) -> Any:
    """ReportLab's document time stamp for midnight UTC of ``day``."""
    from reportlab.lib.utils import TimeStamp

    stamp = TimeStamp(invariant=1)
    t = calendar.timegm(day.timetuple())
    stamp.t = t
    stamp.lt = time.gmtime(t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def numbered_canvas(job: Job) -> type[Canvas]:
    """A canvas class that holds its pages back until the end, then writes
    "Page N of M" on every page that asked for a footer."""

    kit = job.kit
    page_w = job.page_w
    entries: list[tuple[int, str, str, int]] = []  # (level, title, key, page index)

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # the canvas's first font is a resource of every page: make it the embedded
            # font rather than ReportLab's Helvetica, which nothing embeds
            kwargs["initialFontName"] = kwargs.get("initialFontName") or job.fonts.regular
            super().__init__(*args, **kwargs)
            # Invariant mode keeps the bytes reproducible but dates the file 2000-01-01;
            # date it on the export date instead (still reproducible for a given date).
            self._doc._timeStamp = _time_stamp(job.date)
            self._held: list[dict[str, Any]] = []
            self.jm_footer = True
            self.jm_margin = MARGIN
            self.jm_marks: list[tuple[Any, ...]] = []

        def bookmarkPage(self, key: str, *args: Any, **kwargs: Any) -> None:  # noqa: N802
            # The page this bookmark belongs to exists only once the held pages are
            # written out: bind it then (destinations are looked up by name until then).
            self._bookmarkReference(key)
            self.jm_marks.append((key, args, kwargs))

        def addOutlineEntry(self, title: str, key: str, level: int = 0,  # noqa: N802
                            closed: Any = None) -> None:
            entries.append((level, title, key, len(self._held)))
            super().addOutlineEntry(title, key, level, closed)

        def showPage(self) -> None:  # noqa: N802
            self._held.append(dict(self.__dict__))
            self._startPage()
            self.jm_footer = True
            self.jm_marks = []

        def save(self) -> None:
            # a table of contents after the cover of a long document, drawn now that
            # every page number is known
            reserved = job.contents_reserved  # the story left page 2 blank for it
            toc = job.contents is not None and (
                reserved or len(self._held) + 1 > TOC_PAGES)
            total = len(self._held) + (toc and not reserved)
            number = 0
            for index, state in enumerate(self._held):
                number += 1
                if toc and index == 1 and not reserved:
                    self._contents(entries, job.contents or "", 1)
                    self.setFillColor(colour(appearance.MUTED_INK))
                    kit.draw(self, page_w - MARGIN, FOOTER_Y, f"Page 2 of {total}", 7.5,
                             align="right")
                    Canvas.showPage(self)
                    number += 1
                self.__dict__.update(state)
                if toc and index == 1 and reserved:
                    self._contents(entries, job.contents or "", 0)
                for key, args, kwargs in self.jm_marks:
                    Canvas.bookmarkPage(self, key, *args, **kwargs)
                if self.jm_footer:
                    self.setFillColor(colour(appearance.MUTED_INK))
                    kit.draw(
                        self,
                        float(self._pagesize[0]) - self.jm_margin,  # a poster is wider
                        FOOTER_Y,
                        f"Page {number} of {total}",
                        7.5,
                        align="right",
                    )
                Canvas.showPage(self)
            self.jm_pages = total
            job.pages_written = total
            self.showOutline()  # PageMode UseOutlines: the bookmarks open with the file
            Canvas.save(self)

        def _contents(self, found: list[tuple[int, str, str, int]], centre: str,
                      shift: int) -> None:
            """The contents page (page 2): the outline's first two levels with their page
            numbers (moved on by ``shift`` when the page is inserted), each line a link."""
            if shift:  # a reserved page has its footer from its template
                draw_footer(self, job, centre)
            self.saveState()
            left, right = MARGIN, page_w - MARGIN
            y = job.page_h - MARGIN - 20
            self.setFillColor(colour(job.accent))
            kit.draw(self, left, y, "Contents", 20, bold=True)
            y -= 30
            shown = [e for e in found if e[0] <= 1 and e[3] > 1 - shift]
            room = int((y - BOTTOM - 16) // 15)
            if len(shown) > room:  # the top level first, then as many sections as fit
                keep = {i for i, e in enumerate(shown) if e[0] == 0}
                for i, e in enumerate(shown):
                    if len(keep) < room - 1 and e[0] == 1:
                        keep.add(i)
                hidden = len(shown) - len(keep)
                shown = [e for i, e in enumerate(shown) if i in keep]
            else:
                hidden = 0
            for n, (level, title, key, index) in enumerate(shown):
                size, bold = (10.5, True) if level == 0 else (9.0, False)
                indent = 0.0 if level == 0 else 16.0
                page = str(index + 1 + shift)
                page_w_ = kit.width(page, size, bold)
                room_w = right - left - indent - page_w_ - 24
                line = kit.elide(clean(title, single_line=True), size, room_w, bold=bold)
                self.setFillColor(colour(appearance.INK))
                kit.draw(self, left + indent, y, line, size, bold=bold)
                kit.draw(self, right, y, page, size, bold=bold, align="right")
                self.setStrokeColor(colour(appearance.GRID_LINE))
                self.setLineWidth(0.5)
                self.setDash(1, 2)
                self.line(left + indent + kit.width(line, size, bold) + 6, y + 1,
                          right - page_w_ - 6, y + 1)
                self.setDash()
                self.linkRect("", key, (left, y - 3, right, y + size), relative=0,
                              thickness=0, name=f"jm-contents-{n}")
                y -= 15 if level == 0 else 13
            if hidden:
                self.setFillColor(colour(appearance.MUTED_INK))
                kit.draw(self, left, y - 4, f"… and {hidden} more sections, in the bookmarks",
                         8.5)
            self.restoreState()

    return NumberedCanvas


def draw_footer(canvas: Any, job: Job, centre: str, margin: float = MARGIN) -> None:
    """The footer of a page: a hairline, footer text and client left, title centred."""
    kit = job.kit
    canvas.jm_margin = margin
    page_w = float(canvas._pagesize[0])  # the page's own width (a poster's map page)
    canvas.saveState()
    canvas.setStrokeColor(colour(appearance.GRID_LINE))
    canvas.setLineWidth(0.5)
    canvas.line(margin, FOOTER_Y + 11, page_w - margin, FOOTER_Y + 11)
    canvas.setFillColor(colour(appearance.MUTED_INK))
    quarter = (page_w - 2 * margin) / 4
    left = job.footer_left()
    if left and kit.width(left, 7.5) > quarter - 10:
        # a long footer (a legal notice) takes two lines across the page instead of the
        # title, up to the page number
        for i, line in enumerate(kit.wrap(left, 7.5, 3 * quarter, max_lines=2)):
            kit.draw(canvas, margin, FOOTER_Y - i * 8.6, line, 7.5)
        centre = ""
    elif left:
        kit.draw(canvas, margin, FOOTER_Y, left, 7.5)
    if centre:
        kit.draw(
            canvas,
            page_w / 2,
            FOOTER_Y,
            kit.elide(centre, 7.5, 2 * quarter - 10),
            7.5,
            align="centre",
        )
    canvas.restoreState()


class DocTemplate(BaseDocTemplate):
    """BaseDocTemplate reporting progress as flowables are laid out."""

    def __init__(self, stream: Any, job: Job, total: int, **kwargs: Any) -> None:
        super().__init__(stream, **kwargs)
        self.job = job
        self.total = max(1, total)
        self.done = 0
        self.progress_from = 0.0
        self.progress_to = 1.0

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802
        self.done += 1
        share = min(1.0, self.done / self.total)
        self.job.progress(
            self.progress_from + (self.progress_to - self.progress_from) * share, "Laying out pages"
        )


def writable_target(path: str | os.PathLike[str]) -> Path:
    """The output path, checked before any work starts (one sentence when it cannot be written)."""
    target = Path(path).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ExportError(f'cannot write "{target}": it is a folder')
    if not folder.is_dir():
        raise ExportError(f'cannot write "{target}": the folder "{folder}" does not exist')
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".journeymap-", delete=True):
            pass
    except OSError as err:
        raise ExportError(f'cannot write "{target}": {err.strerror or err}') from None
    if target.exists() and not os.access(target, os.W_OK):
        raise ExportError(f'cannot write "{target}": permission denied')
    return target


def write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then replace it in one step (with the
    permissions a new file gets, or the old file's)."""
    try:
        write_atomic(target, data, backup=False)
    except FileAccessError as err:
        raise ExportError(str(err).replace("cannot save", "cannot write", 1)) from None


#: gen-0 threshold of the garbage collector while a PDF is made (Python's default is 700)
EXPORT_GC_THRESHOLD = 100_000
_gc_lock = threading.Lock()
_gc_depth = 0
_gc_saved: tuple[int, int, int] = (700, 10, 10)


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector far less often while a PDF is made, and restore
    its thresholds after: an export allocates hundreds of thousands of short-lived objects
    (flowables, text fragments, path operators), and at the default thresholds Python walks
    the map's live objects again and again (about a tenth of the time of a 2,000-card map).
    Nothing is kept from collection: it runs when the threshold is reached and after."""
    global _gc_depth, _gc_saved
    with _gc_lock:
        if _gc_depth == 0:
            _gc_saved = gc.get_threshold()
            gen0, gen1, gen2 = _gc_saved
            if gen0:  # 0: collection is off, leave it so
                gc.set_threshold(max(gen0, EXPORT_GC_THRESHOLD), gen1, gen2)
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0:
                gc.set_threshold(*_gc_saved)


def build(
    job: Job,
    target: Path,
    story: Sequence[Flowable],
    templates: Sequence[Any],
    *,
    title: str,
    subject: str,
    keywords: Sequence[str],
    progress_from: float,
) -> int:
    """Lay out ``story`` on ``templates`` and write the PDF; returns the page count."""
    stream = io.BytesIO()
    doc = DocTemplate(
        stream,
        job,
        len(story),
        pagesize=(job.page_w, job.page_h),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=BOTTOM,
        title=title,
        author=job.options.author or "",
        subject=subject,
        keywords=", ".join(k for k in keywords if k),
        creator=f"JourneyMap {__version__}",
        producer=f"JourneyMap {__version__} (ReportLab)",
        invariant=1,
        lang="en",
        pageCompression=1,
    )
    doc.progress_from, doc.progress_to = progress_from, 0.97
    doc.addPageTemplates(list(templates))
    maker = numbered_canvas(job)
    from reportlab import rl_config
    from reportlab.graphics import shapes
    from reportlab.platypus import tables

    a85 = rl_config.useA85
    rl_config.useA85 = 0  # binary streams: smaller files, and much faster to write
    # charts and table cells start from a default font too: the embedded one, not Helvetica
    graphics_font, cell_font = shapes.STATE_DEFAULTS["fontName"], tables.CellStyle.fontname
    shapes.STATE_DEFAULTS["fontName"] = tables.CellStyle.fontname = job.fonts.regular
    try:
        doc.build(list(story), canvasmaker=maker)
    finally:
        rl_config.useA85 = a85
        shapes.STATE_DEFAULTS["fontName"] = graphics_font
        tables.CellStyle.fontname = cell_font
    job.progress(0.98, "Writing the file")
    write_atomically(target, stream.getvalue())
    pages = job.pages_written or doc.page
    job.progress(1.0, "Done")
    return int(pages)


def issue_warnings(messages: Sequence[str]) -> None:
    import warnings

    for message in messages:
        # past this, the writer and its fewer_collections guard: the writer's caller
        warnings.warn(message, ExportWarning, stacklevel=4)
