"""Text safety for the PDFs: every user string passes through here before ReportLab sees it.

ReportLab's ``Paragraph`` parses markup, so ``S&P 500``, ``a<b``, ``<font size=40>`` or
``<img src=…>`` in a title would be mangled, raise, or be obeyed. Here user text is cleaned
(NFC, no control or invisible format characters), escaped, split into runs by the font that
has each character (a missing glyph becomes a visible placeholder and one warning), and
right-to-left runs are put in visual order line by line, which is also the order PDF text
extractors expect. Map drawing uses the same runs directly on the canvas.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any, Final

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paraparser import ParaFrag

from journeymap.export.fonts import FontSet

ELLIPSIS: Final = "…"
#: Texts up to this length keep their measured width (the many short labels of a map).
_CACHED_CHARS: Final = 256

_DROP = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ufe00-\ufe0f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
_SPACES = re.compile(r"[^\S\n]+")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_TOKENS = re.compile(
    r"\s+|[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]"
    r"|[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]+"
)
_MIRROR: Final[dict[str, str]] = {
    "(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<",
    "«": "»", "»": "«", "‹": "›", "›": "‹",
}


def escape(text: str) -> str:
    """``text`` as literal Paragraph content: ``&``, ``<`` and ``>`` become entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clean(text: str, *, single_line: bool = False) -> str:
    """NFC text without control and invisible format characters; tabs and runs of spaces
    become one space; ``single_line`` folds line breaks too."""
    if text.isascii() and text.isprintable():  # one line, nothing to drop or normalise
        return " ".join(text.split())
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _DROP.sub("", text.replace("\t", " "))
    if single_line:
        return " ".join(text.split())
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


# ---------------------------------------------------------------------- bidi
def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def rtl_base(text: str) -> bool:
    """True when the first strong character is right-to-left."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


def shape(text: str) -> str:
    """Arabic letters in their joined (initial, medial, final) forms and ligatures, as
    arabic-reshaper gives them: PDF fonts draw the glyph they are given, they do not join
    letters themselves. Other text is returned as it is."""
    if _ARABIC.search(text) is None:
        return text
    import arabic_reshaper

    return str(arabic_reshaper.reshape(text))


def visual(line: str) -> str:
    """One line in display order, Arabic joined (a simplified Unicode bidi algorithm:
    strong types, numbers, neutrals between runs, mirrored brackets)."""
    if not has_rtl(line):
        return line
    line = shape(line)
    base = 1 if rtl_base(line) else 0
    kinds: list[str] = []
    last_strong = "R" if base else "L"
    for ch in line:
        kind = unicodedata.bidirectional(ch) or "ON"
        if kind == "NSM":
            kind = kinds[-1] if kinds else last_strong
        if kind == "AL":
            kind = "R"
        if kind in ("EN", "AN"):
            kind = "L" if last_strong == "L" else "NUM"
        elif kind in ("L", "R"):
            last_strong = kind
        elif kind not in ("NUM",):
            kind = "N"
        kinds.append(kind)
    n = len(kinds)
    levels = [0] * n
    for i, kind in enumerate(kinds):
        if kind == "L":
            levels[i] = 2 if base else 0
        elif kind == "R":
            levels[i] = 1
        elif kind == "NUM":
            levels[i] = 2
    i = 0
    while i < n:
        if kinds[i] != "N":
            i += 1
            continue
        j = i
        while j < n and kinds[j] == "N":
            j += 1
        before = _direction(kinds[i - 1]) if i > 0 else ("R" if base else "L")
        after = _direction(kinds[j]) if j < n else ("R" if base else "L")
        same = 1 if before == "R" else (2 if base else 0)
        level = same if before == after else base
        for k in range(i, j):
            levels[k] = level
        i = j
    chars = list(line)
    for k in range(n):
        if levels[k] % 2 and chars[k] in _MIRROR:
            chars[k] = _MIRROR[chars[k]]
    order = list(range(n))
    for level in range(max(levels), 0, -1):
        k = 0
        while k < n:
            if levels[order[k]] >= level:
                end = k
                while end < n and levels[order[end]] >= level:
                    end += 1
                order[k:end] = order[k:end][::-1]
                k = end
            else:
                k += 1
    return "".join(chars[k] for k in order)


def _direction(kind: str) -> str:
    return "L" if kind == "L" else "R"


# ---------------------------------------------------------------------- the kit
class TextKit:
    """Text helpers bound to the fonts of one export; collects missing glyphs."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self.missing: set[str] = set()
        self._widths: dict[tuple[str, float, bool], float] = {}
        self._wrapped: dict[tuple[str, float, float, bool, int | None], tuple[str, ...]] = {}
        self._elided: dict[tuple[str, float, float, bool, bool], str] = {}
        self._laid: dict[tuple[str, float, bool], tuple[list[tuple[str, str]], list[float],
                                                       float]] = {}
        self._ascii_ok = all(fonts.font_for(chr(c)) == fonts.regular for c in range(0x20, 0x7F))
        self._ascii_bold_ok = all(
            fonts.font_for(chr(c), True) == fonts.bold for c in range(0x20, 0x7F)
        )

    # runs -------------------------------------------------------------
    def runs(self, text: str, bold: bool = False) -> list[tuple[str, str]]:
        """(font name, text) pieces of cleaned ``text``; no-glyph characters become the
        placeholder in the main font."""
        main = self.fonts.bold if bold else self.fonts.regular
        if text.isascii() and (self._ascii_bold_ok if bold else self._ascii_ok):
            return [(main, text)] if text else []
        # one font look-up per distinct character (a long note repeats the same few dozen)
        font_for = self.fonts.font_for
        fonts = {ch: font_for(ch, bold) for ch in set(text).difference("\n ")}
        if all(font == main for font in fonts.values()):
            return [(main, text)] if text else []
        out: list[tuple[str, str]] = []
        current: str | None = None
        buf: list[str] = []
        for ch in text:
            if ch == "\n" or ch == " ":
                keep = current is not None and self.fonts.keeps_spaces(current)
                font = current if keep and current else main
            else:
                found = fonts[ch]
                if found is None:
                    self.missing.add(ch)
                    ch = self.fonts.placeholder
                    found = main
                font = found
            if font != current and buf:
                out.append((current or main, "".join(buf)))
                buf = []
            current = font
            buf.append(ch)
        if buf:
            out.append((current or main, "".join(buf)))
        return out

    def markup(self, text: str, *, bold: bool = False, single_line: bool = False) -> str:
        """Paragraph markup that prints ``text`` literally (line breaks kept as ``<br/>``)."""
        text = clean(text, single_line=single_line)
        main = self.fonts.bold if bold else self.fonts.regular
        parts: list[str] = []
        for font, piece in self.runs(text, bold):
            safe = escape(piece).replace("\n", "<br/>")
            parts.append(safe if font == main else f'<font face="{font}">{safe}</font>')
        return "".join(parts)

    # measuring and wrapping ---------------------------------------------
    def width(self, text: str, size: float, bold: bool = False) -> float:
        if not text.isascii() and _ARABIC.search(text) is not None:
            text = shape(text)  # measured as it is drawn
        if len(text) > _CACHED_CHARS:  # long texts are measured, not kept: bounded memory
            return float(sum(stringWidth(p, font, size) for font, p in self.runs(text, bold)))
        key = (text, size, bold)
        found = self._widths.get(key)
        if found is None:
            found = float(sum(stringWidth(p, font, size) for font, p in self.runs(text, bold)))
            if len(self._widths) > 50_000:
                self._widths.clear()
            self._widths[key] = found
        return found

    def _fitting(self, text: str, start: int, size: float, width: float, bold: bool,
                 tail: str = "") -> int:
        """The largest ``n`` such that ``text[start:start + n] + tail`` is at most ``width``
        wide (0 when not even one character fits). Galloping, then binary search: each probe
        measures at most twice the answer, so cutting a text into pieces is O(n log n)."""
        rest = len(text) - start

        def fits(n: int) -> bool:
            return self.width(text[start : start + n].rstrip() + tail, size, bold) <= width

        low, high = 0, 1
        while high <= rest and fits(high):
            low, high = high, high * 2
        high = min(high, rest + 1)  # fits(low) is true; fits(high) false or past the end
        while high - low > 1:
            middle = (low + high) // 2
            if fits(middle):
                low = middle
            else:
                high = middle
        return low

    def wrap(
        self,
        text: str,
        size: float,
        width: float,
        *,
        bold: bool = False,
        max_lines: int | None = None,
    ) -> list[str]:
        """Logical lines of cleaned ``text`` no wider than ``width``; words longer than a
        line are cut; with ``max_lines`` the last line ends in an ellipsis when text is left.
        Short texts keep their lines (a header repeated on every tile is wrapped once)."""
        key = (text, size, width, bold, max_lines)
        if len(text) <= _CACHED_CHARS:
            found = self._wrapped.get(key)
            if found is not None:
                return list(found)
        lines = self._wrap(text, size, width, bold, max_lines)
        if len(text) <= _CACHED_CHARS:
            if len(self._wrapped) > 20_000:
                self._wrapped.clear()
            self._wrapped[key] = tuple(lines)
        return lines

    def _wrap(
        self, text: str, size: float, width: float, bold: bool, max_lines: int | None
    ) -> list[str]:
        lines: list[str] = []
        for paragraph in clean(text).split("\n"):
            lines += self._wrap_paragraph(paragraph, size, width, bold)
            if max_lines is not None and len(lines) > max_lines:
                break
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = self.elide(lines[-1] + ELLIPSIS, size, width, bold=bold, force=True)
        return lines

    def _wrap_paragraph(self, text: str, size: float, width: float, bold: bool) -> list[str]:
        if not text:
            return [""]
        lines: list[str] = []
        line = ""
        line_w = 0.0
        for token in _TOKENS.findall(text):
            if token.isspace():
                if line:
                    line += " "
                    line_w += self.width(" ", size, bold)
                continue
            token_w = self.width(token, size, bold)
            if line_w + token_w <= width or not line.strip():
                if not line.strip() and token_w > width:
                    pieces = self._cut(token, size, width, bold)
                    lines += pieces[:-1]
                    line = pieces[-1]
                    line_w = self.width(line, size, bold)
                    continue
                line += token
                line_w += token_w
                continue
            lines.append(line.rstrip())
            if token_w > width:
                pieces = self._cut(token, size, width, bold)
                lines += pieces[:-1]
                line = pieces[-1]
                line_w = self.width(line, size, bold)
            else:
                line, line_w = token, token_w
        if line.strip() or not lines:
            lines.append(line.rstrip())
        return lines

    def _cut(self, word: str, size: float, width: float, bold: bool) -> list[str]:
        """``word`` in pieces no wider than ``width`` (at least one character each)."""
        pieces: list[str] = []
        start = 0
        while start < len(word):
            n = max(1, self._fitting(word, start, size, width, bold))
            pieces.append(word[start : start + n])
            start += n
        return pieces or [""]

    def elide(
        self, text: str, size: float, width: float, *, bold: bool = False, force: bool = False
    ) -> str:
        """``text`` cut to ``width`` with an ellipsis (``force``: it already ends in one)."""
        if self.width(text, size, bold) <= width:
            return text
        key = (text, size, width, bold, force)
        found = self._elided.get(key) if len(text) <= _CACHED_CHARS else None
        if found is None:
            body = text[:-1] if force and text.endswith(ELLIPSIS) else text
            n = self._fitting(body, 0, size, width, bold, ELLIPSIS)
            found = body[:n].rstrip() + ELLIPSIS
            if len(text) <= _CACHED_CHARS:
                if len(self._elided) > 20_000:
                    self._elided.clear()
                self._elided[key] = found
        return found

    # drawing on a canvas -------------------------------------------------
    def draw(
        self,
        canvas: Any,
        x: float,
        y: float,
        line: str,
        size: float,
        *,
        bold: bool = False,
        align: str = "left",
    ) -> float:
        """Draw one logical line with its baseline at (x, y); returns its width.
        ``align`` is left, centre or right of x; a right-to-left line defaults to right."""
        runs, widths, total = self._lay_line(line, size, bold)
        if not runs:
            return 0.0
        if align == "centre":
            x -= total / 2
        elif align == "right":
            x -= total
        for (font, piece), w in zip(runs, widths, strict=True):
            canvas.setFont(font, size)
            canvas.drawString(x, y, piece)
            x += w
        return total

    def draw_into(
        self, text: Any, x: float, y: float, line: str, size: float, *, bold: bool = False
    ) -> float:
        """Like :meth:`draw` (left-aligned), into a ReportLab text object: many lines in
        one text object are much less to write than one drawString each."""
        runs, widths, total = self._lay_line(line, size, bold)
        for (font, piece), w in zip(runs, widths, strict=True):
            text.setFont(font, size)
            text.setTextOrigin(x, y)
            text.textOut(piece)
            x += w
        return total

    def _lay_line(
        self, line: str, size: float, bold: bool
    ) -> tuple[list[tuple[str, str]], list[float], float]:
        """(font, text) runs of a line in display order, their widths and the total."""
        key = (line, size, bold)
        laid = self._laid.get(key)
        if laid is None:
            runs = self.runs(visual(line), bold)
            widths = [stringWidth(piece, font, size) for font, piece in runs]
            laid = self._laid[key] = (runs, widths, sum(widths))
            if len(self._laid) > 20_000:
                self._laid.clear()
        return laid

    # paragraphs ----------------------------------------------------------
    def para(self, text: str, style: ParagraphStyle, *, single_line: bool = False) -> Flowable:
        """A flowable printing user ``text`` literally in ``style``."""
        if has_rtl(text):
            return BidiParagraph(self, clean(text, single_line=single_line), style)
        bold = style.fontName == self.fonts.bold
        return self.paragraph([(text, bold, None)], style, single_line=single_line)

    def paragraph(
        self,
        pieces: Sequence[tuple[str, bool, str | None]],
        style: ParagraphStyle,
        *,
        single_line: bool = False,
        bullet: str | None = None,
    ) -> Flowable:
        """A paragraph of (text, bold, colour or None) pieces, built straight from text
        fragments: no markup is written or parsed, so nothing in the text can act as markup
        (and 2,000 notes lay out much faster). Right-to-left text goes the markup way."""
        cleaned = [
            (t if t and not t.strip(" \u00a0") else clean(t, single_line=single_line), b, c)
            for t, b, c in pieces
        ]  # a piece of only spaces is a gap we put there: kept as it is
        if any(has_rtl(t) for t, _, _ in cleaned):
            if len(cleaned) == 1:
                return BidiParagraph(self, cleaned[0][0], style)
            markup = "".join(
                (f'<font color="{c}">' if c else "")
                + (f'<font name="{self.fonts.bold}">' if b else "")
                + self.markup(visual(t), bold=b)
                + ("</font>" if b else "") + ("</font>" if c else "")
                for t, b, c in cleaned
            )
            return Paragraph(markup, style, bulletText=bullet)
        frags: list[Any] = []
        size = style.fontSize
        default = style.textColor
        for text, bold, hex_code in cleaned:
            ink = _colour(hex_code) if hex_code else default
            for font, piece in self.runs(text, bold):
                for i, line in enumerate(piece.split("\n")):
                    if i:
                        frags.append(_frag(font, bold, size, ink, "", line_break=True))
                    if line:
                        frags.append(_frag(font, bold, size, ink, line))
        if not frags:
            frags.append(_frag(style.fontName, False, size, default, ""))
        plain = "".join(t for t, _, _ in cleaned)
        return Paragraph(plain, style, bulletText=bullet, frags=frags)

    def warnings(self, places: dict[str, list[str]] | None = None) -> list[str]:
        """The font warnings, and one sentence for all characters no font could draw
        (with ``places``: where each one is, e.g. "in touchpoint 4")."""
        out = list(self.fonts.warnings)
        if self.missing:
            shown = sorted(self.missing)

            def where(c: str) -> str:
                found = (places or {}).get(c)
                return f" in {' and '.join(found)}" if found else ""

            listed = ", ".join(f"U+{ord(c):04X} {c}{where(c)}" for c in shown[:8])
            more = f" and {len(shown) - 8} more" if len(shown) > 8 else ""
            noun = "character has" if len(shown) == 1 else "characters have"
            out.append(
                f"{len(shown)} {noun} no glyph in any font found on this machine and "
                f'print as "{self.fonts.placeholder}": {listed}{more}'
            )
        return out


class BidiParagraph(Flowable):
    """A paragraph with right-to-left text: wrapped here, each line put in display order,
    then laid out by a plain Paragraph (which can still split across pages)."""

    def __init__(self, kit: TextKit, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.kit, self.text, self.style = kit, text, style
        self._para: Paragraph | None = None
        self._width = -1.0

    def _build(self, width: float) -> Paragraph:
        if self._para is None or abs(width - self._width) > 0.01:
            bold = self.style.fontName == self.kit.fonts.bold
            lines = self.kit.wrap(self.text, self.style.fontSize, width - 1, bold=bold)
            markup = "<br/>".join(
                self.kit.markup(visual(line), bold=bold, single_line=True) for line in lines
            )
            style = self.style
            if rtl_base(self.text):
                style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
            self._para, self._width = Paragraph(markup, style), width
        return self._para

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        para = self._build(avail_width)
        w, h = para.wrap(avail_width, avail_height)
        self.width, self.height = w, h
        return w, h

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return list(self._build(avail_width).split(avail_width, avail_height))

    def getSpaceBefore(self) -> float:  # noqa: N802
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.style.spaceAfter)

    def draw(self) -> None:
        para = self._build(self._width if self._width > 0 else self.width)
        para.drawOn(self.canv, 0, 0)


_COLOURS: dict[str, Any] = {}


def _colour(hex_code: str) -> Any:
    found = _COLOURS.get(hex_code)
    if found is None:
        found = _COLOURS[hex_code] = HexColor(hex_code)
    return found


def _frag(
    font: str, bold: bool, size: float, ink: Any, text: str, *, line_break: bool = False
) -> ParaFrag:
    """A text fragment as ReportLab's paragraph parser would make it."""
    frag = ParaFrag(
        rise=0, greek=0, link=[], fontName=font, bold=int(bold), italic=0, fontSize=size,
        textColor=ink, us_lines=[], text=text,
    )
    if line_break:
        frag.lineBreak = True
    return frag


def join_nonempty(parts: Sequence[str], sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)


def short(text: str, limit: int = 300) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis: a table row stays shorter
    than a page."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
