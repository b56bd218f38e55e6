"""Measured numbers in the map PDF, as on the canvas: score chips on a card's top edge, the
drop-off badge on its bottom edge, the evidence mark beside the channel badge, and their
legend entries."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from journeymap.core import appearance, measured
from journeymap.core.layout import Rect
from journeymap.core.measured import Chip
from journeymap.core.model import JourneyMap

if TYPE_CHECKING:
    from journeymap.export.pen import Pen

CHIP_H = 14.0
CHIP_PT = 9.0
Item = Callable[[float, float], None]


def chip_width(p: Pen, text: str) -> float:
    return p.kit.width(text, CHIP_PT, bold=True) + 10


def draw_chip(p: Pen, x: float, y: float, chip: Chip) -> float:
    """A chip with its top-left at (x, y); returns its width."""
    w = chip_width(p, chip.text)
    p._stroke("#ffffff", 1.2)
    p._fill(chip.fill)
    p._round(x, y, w, CHIP_H, CHIP_H / 2, stroke=True)
    p._fill(chip.ink)
    p._text(x + w / 2, p._baseline(y, CHIP_H, CHIP_PT), chip.text, CHIP_PT, bold=True,
            align="centre")
    return w


def draw_evidence(p: Pen, cx: float, cy: float, r: float, evidence: str) -> None:
    """● observed, ◐ reported, ○ assumed."""
    p._stroke(measured.EVIDENCE_INK, 1.2)
    p._fill("#ffffff")
    p._circle(cx, cy, r, stroke=True)
    p._fill(measured.EVIDENCE_INK)
    if evidence == "observed":
        p._circle(cx, cy, r)
    elif evidence == "reported":
        c = p.c
        path = c.beginPath()
        path.moveTo(cx, -cy)
        path.arcTo(cx - r, -cy - r, cx + r, -cy + r, startAng=90, extent=180)
        path.close()
        c.drawPath(path, stroke=0, fill=1)


def draw_card_measures(p: Pen, doc: JourneyMap, tp_id: str, rect: Rect, badge: str,
                       moment: bool) -> None:
    """The measured marks of one card (nothing for a card without measures)."""
    tp = doc.touchpoint(tp_id)
    chips = measured.score_chips(tp.metrics)
    drop = measured.drop_off_chip(tp.metrics)
    evidence = measured.evidence_of(tp.evidence)
    x, y, w, h = rect.x, rect.y, rect.w, rect.h
    right = min(x + w - (26 if moment else 8), x + w - _ranked_pill(p, tp_id))
    for chip in reversed(chips):
        right -= chip_width(p, chip.text)
        draw_chip(p, right, y - CHIP_H / 2, chip)
        right -= 3
    if drop is not None:
        draw_chip(p, x + w - 32 - chip_width(p, drop.text), y + h - CHIP_H / 2, drop)
    if evidence is not None:
        badge_w = p.kit.width(badge, 9, bold=True) + 10 if badge else 0.0
        draw_evidence(p, x + 14 + (badge_w + 8 if badge_w else 4), y + h - 14, 4.2, evidence)


def _ranked_pill(p: Pen, tp_id: str) -> float:
    """How much of the card's top edge, from the right, a ranked moment-of-truth pill takes
    (the map PDF's insight marks put it there)."""
    marks = getattr(p, "marks", None)
    ranks = getattr(getattr(marks, "insights", None), "ranks", None) or {}
    if marks is None or tp_id not in ranks:
        return 0.0
    return float(marks.pill_width(ranks[tp_id])) - 5 + 3


def legend_items(p: Pen, doc: JourneyMap, label_w: Callable[[str], float]
                 ) -> list[tuple[float, Item, float]]:
    """The legend entries of the measured marks the map shows: (width, draw(x, y), gap)."""
    out: list[tuple[float, Item, float]] = []
    for label, sample in measured.legend_entries(doc):
        if isinstance(sample, Chip):
            lead = chip_width(p, sample.text) + 6
        elif sample in measured.EVIDENCE_NAMES:
            lead = 18.0
        else:
            lead = 52.0 if sample == "traffic" else 40.0

        def draw(x: float, y: float, label: str = label, sample: Chip | str = sample,
                 lead: float = lead) -> None:
            if isinstance(sample, Chip):
                draw_chip(p, x, y, sample)
            elif sample in measured.EVIDENCE_NAMES:
                draw_evidence(p, x + 6, y + 7, 5, sample)
            else:
                deviation = sample == "deviation"
                ink = measured.DEVIATION_COLOUR if deviation else appearance.LINK_COLOUR
                p.c.setLineCap(0)
                for i, width in enumerate((2.4,) if deviation else (1.2, 3.5, 7.0)):
                    p._stroke(ink, width)
                    if deviation:
                        p.c.setDash([3.0 * 2.4, 1.5 * 2.4], 0)
                    p._line(x + i * 16, y + 7, x + i * 16 + 12, y + 7)
                    p.c.setDash()
            p._fill(appearance.INK)
            p._text(x + lead, y + 11, label, 11)

        out.append((lead + label_w(label), draw, 18))
    return out
