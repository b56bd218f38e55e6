"""How measured numbers show on the map, shared by the canvas and the PDF (plain data, no
drawing code): score chips and drop-off badges on cards, the evidence mark, link widths
by traffic share with deviations told apart, and the rule that turns a measured score into
an emotion when the user asks for it."""

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


#: The fewest answers a score needs before it may set a card's emotion.
EMOTION_MIN_ANSWERS: Final = 10
#: Lower bounds of emotions +2, +1, 0 and −1 (below the last: −2), per score.
NPS_EMOTION: Final = (50.0, 20.0, -20.0, -50.0)
CSAT_EMOTION: Final = (90.0, 75.0, 60.0, 40.0)


def _emotion_band(value: float, bounds: tuple[float, float, float, float]) -> int:
    for emotion, bound in zip((2, 1, 0, -1), bounds, strict=True):
        if value >= bound:
            return emotion
    return -2


def emotion_from_scores(metrics: Mapping[str, Number]) -> tuple[int, str] | None:
    """The emotion a card's measured score stands for, and the reason in words, or None.

    The rule: NPS when it has at least ``EMOTION_MIN_ANSWERS`` answers (from 50 → +2, from
    20 → +1, from −20 → 0, from −50 → −1, below → −2), otherwise CSAT with as many answers
    (from 90 % → +2, 75 % → +1, 60 % → 0, 40 % → −1, below → −2). CES is not used: whether a
    high effort score is good depends on how the question was worded."""
    for name, bounds, unit in (("nps", NPS_EMOTION, ""), ("csat", CSAT_EMOTION, " %")):
        value, answers = metrics.get(name), metrics.get(f"{name}_n")
        if value is None or not answers or answers < EMOTION_MIN_ANSWERS:
            continue
        emotion = _emotion_band(float(value), bounds)
        shown = f"{float(value):g}".replace("-", "−")
        return emotion, f"{name.upper()} {shown}{unit} from {int(answers):,} answers"
    return None
