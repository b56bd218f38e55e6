"""How measured numbers show on the map, shared by the canvas and the PDF (plain data, no
drawing code): score chips and drop-off badges on cards, the evidence mark, and link widths
by traffic share with deviations told apart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from journeymap.core.entities import Number
from journeymap.core.model import JourneyMap

EVIDENCE_NAMES: Final[dict[str, str]] = {
    "observed": "Observed in data",
    "reported": "Reported by customers or staff",
    "assumed": "Assumed",
}
EVIDENCE_INK: Final = "#37474f"
GOOD, FAIR, POOR = "#2e7d32", "#ef6c00", "#c62828"
DROP_OFF_FILL: Final = "#6d1b1b"
DEVIATION_COLOUR: Final = "#8e24aa"
#: Link stroke widths: a link with no measured share keeps the base width; a measured one
#: grows with its share of the source's cases, up to ``MAX_EXTRA`` more.
MAX_EXTRA: Final = 7.0
MIN_MEASURED: Final = 0.8


@dataclass(frozen=True, slots=True)
class Chip:
    """A small rounded label: its text, fill and text colour."""

    text: str
    fill: str
    ink: str = "#ffffff"


def _band(value: float, good: float, fair: float) -> str:
    return GOOD if value >= good else FAIR if value >= fair else POOR


def score_chips(metrics: Mapping[str, Number]) -> tuple[Chip, ...]:
    """NPS and CSAT chips of a card measured on the standard scales (NPS −100…100 with a
    count, CSAT in % with a count): green from NPS 30 / CSAT 80 %, orange from 0 / 60 %."""
    chips: list[Chip] = []
    nps = metrics.get("nps")
    if nps is not None and metrics.get("nps_n"):
        sign = "+" if nps > 0 else "−" if nps < 0 else ""
        chips.append(Chip(f"NPS {sign}{abs(round(nps))}", _band(nps, 30, 0)))
    csat = metrics.get("csat")
    if csat is not None and metrics.get("csat_n"):
        chips.append(Chip(f"CSAT {round(csat)}%", _band(csat, 80, 60)))
    return tuple(chips)


def drop_off_chip(metrics: Mapping[str, Number]) -> Chip | None:
    """The drop-off badge: the share of the card's cases that ended there without reaching
    an exit, shown from 0.5 %."""
    drop = metrics.get("drop_off")
    if drop is None or not metrics.get("cases") or drop < 0.005:
        return None
    return Chip(f"↓{drop * 100:.0f}%", DROP_OFF_FILL)


def evidence_of(evidence: str | None) -> str | None:
    return evidence if evidence in EVIDENCE_NAMES else None


def is_deviation(metrics: Mapping[str, Number]) -> bool:
    """A link added from the data (a step customers take that nobody drew)."""
    return bool(metrics.get("deviation"))


def link_width(metrics: Mapping[str, Number], base: float) -> float:
    """The stroke width of a link: ``base``, or by traffic share when it is measured."""
    share = metrics.get("share")
    if share is None:
        return base
    return max(MIN_MEASURED, base * 0.6 + MAX_EXTRA * max(0.0, min(1.0, float(share))))


def link_colour(metrics: Mapping[str, Number], colour: str) -> str:
    return DEVIATION_COLOUR if is_deviation(metrics) else colour


def measured_legend(doc: JourneyMap) -> dict[str, bool]:
    """Which measured marks the map shows, for its legend."""
    tps = doc.touchpoints()
    links = doc.links()
    return {
        "scores": any(score_chips(tp.metrics) for tp in tps),
        "drop_off": any(drop_off_chip(tp.metrics) for tp in tps),
        "evidence": any(evidence_of(tp.evidence) for tp in tps),
        "traffic": any("share" in link.metrics for link in links),
        "deviation": any(is_deviation(link.metrics) for link in links),
    }


def legend_entries(doc: JourneyMap) -> list[tuple[str, Chip | str]]:
    """(label, sample) of the measured marks the map shows: a sample is a chip, an evidence
    level, or ``"traffic"`` / ``"deviation"`` for link samples."""
    shown = measured_legend(doc)
    out: list[tuple[str, Chip | str]] = []
    if shown["scores"]:
        out.append(("NPS / CSAT measured", Chip("NPS +31", GOOD)))
    if shown["drop_off"]:
        out.append(("customers lost here", Chip("↓12%", DROP_OFF_FILL)))
    if shown["evidence"]:
        out += [(name, level) for level, name in EVIDENCE_NAMES.items()]
    if shown["traffic"]:
        out.append(("width = share of traffic", "traffic"))
    if shown["deviation"]:
        out.append(("deviation seen in data", "deviation"))
    return out
