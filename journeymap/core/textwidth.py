"""Text widths for geometry, without a font engine: the advance widths of DejaVu Sans (the
font of the canvas and of the PDF) for U+0020…U+017F, in thousandths of the size.

Label boxes and their ellipsis-shortened texts are decided once in the core from these widths,
so the canvas and the PDF show the same text in the same box.
"""

from __future__ import annotations

from typing import Final

ELLIPSIS: Final = "\u2026"
_FIRST: Final = 0x20
_WIDTHS: Final = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
    1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
    603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838, 600,
    600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
    600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
    318, 401, 636, 636, 636, 636, 337, 500, 500, 1000, 471, 612, 838, 361, 1000, 500,
    500, 838, 401, 401, 500, 636, 636, 318, 500, 401, 471, 612, 969, 969, 969, 531,
    684, 684, 684, 684, 684, 684, 974, 698, 632, 632, 632, 632, 295, 295, 295, 295,
    775, 748, 787, 787, 787, 787, 787, 838, 787, 732, 732, 732, 732, 611, 605, 630,
    613, 613, 613, 613, 613, 613, 982, 550, 615, 615, 615, 615, 278, 278, 278, 278,
    612, 634, 612, 612, 612, 612, 612, 838, 612, 634, 634, 634, 634, 592, 635, 592,
    684, 613, 684, 613, 684, 613, 698, 550, 698, 550, 698, 550, 698, 550, 770, 635,
    775, 635, 632, 615, 632, 615, 632, 615, 632, 615, 632, 615, 775, 635, 775, 635,
    775, 635, 775, 635, 752, 634, 916, 695, 295, 278, 295, 278, 295, 278, 295, 278,
    295, 278, 590, 556, 295, 278, 656, 579, 579, 557, 278, 557, 278, 557, 375, 557,
    342, 562, 284, 748, 634, 748, 634, 748, 634, 813, 748, 634, 787, 612, 787, 612,
    787, 612, 1070, 1023, 695, 411, 695, 411, 695, 411, 635, 521, 635, 521, 635, 521,
    635, 521, 611, 392, 611, 392, 611, 392, 732, 634, 732, 634, 732, 634, 732, 634,
    732, 634, 732, 634, 989, 818, 611, 592, 611, 685, 525, 685, 525, 685, 525, 352,
)
_LAST: Final = _FIRST + len(_WIDTHS)
_OTHER: Final = 780  # a wide guess for characters outside the table (CJK and the like are wider)
_WIDE: Final = 1000


_MEMO: dict[str, int] = {}  # text → width in thousandths of the size (labels repeat)
_MEMO_MAX: Final = 4096


def _char(ch: str) -> int:
    code = ord(ch)
    if _FIRST <= code < _LAST:
        return _WIDTHS[code - _FIRST]
    if ch == ELLIPSIS:
        return 1000
    return _WIDE if code >= 0x2E80 else _OTHER


def _units(text: str) -> int:
    units = _MEMO.get(text)
    if units is None:
        units = sum(map(_char, text))
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()
        _MEMO[text] = units
    return units


def text_width(text: str, size: float) -> float:
    """The width of one line of ``text`` at ``size`` (points or pixels)."""
    return _units(text) * size / 1000


def elide(text: str, size: float, width: float) -> str:
    """``text`` shortened to ``width`` with an ellipsis (unchanged when it fits)."""
    if text_width(text, size) <= width:
        return text
    prefix = [0]  # prefix[k]: the width of text[:k]
    for ch in text:
        prefix.append(prefix[-1] + _char(ch))
    n = len(text)
    while n and (prefix[len(text[:n].rstrip())] + 1000) * size / 1000 > width:
        n -= 1
    body = text[:n]
    return body.rstrip() + ELLIPSIS if body.strip() else ""
