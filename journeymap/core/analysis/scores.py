"""Moments of truth: the touchpoints where a journey is most likely won or lost.

score = 0.35·B + 0.25·N + 0.20·P + 0.20·F, from 0 to 1, where
B = the journeys passing through the touchpoint / the most any touchpoint has (0 when no
journey passes through one), N = max(0, −emotion) / 2 (null emotion: 0), P = min(pain
points, 3) / 3, and F = 1 for a touchpoint marked as a moment of truth. A journey is a forward
path from an entry to an end (the paths' forward links, see ``paths.py``); it passes
*through* the cards between its first and its last. The counts are exact and take one pass
over the links each way. Only touchpoints with a positive score qualify; the top :data:`TOP`
are kept, highest score first, ties in map order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from journeymap.core.entities import Touchpoint

TOP: Final = 10
WEIGHTS: Final = {"betweenness": 0.35, "negativity": 0.25, "pain_points": 0.20, "flag": 0.20}
PAIN_CAP: Final = 3


@dataclass(frozen=True)
class MomentOfTruth:
    """A touchpoint ranked by its moment-of-truth score, with the figures behind the score."""

    id: str
    title: str
    score: float
    #: the share of all journeys that pass through the touchpoint (0 to 1)
    betweenness: float
    emotion: int | None
    pain_points: int
    flagged: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "score": self.score,
            "betweenness": self.betweenness, "emotion": self.emotion,
            "pain_points": self.pain_points, "flagged": self.flagged,
        }


def score(relative_betweenness: float, emotion: int | None, pains: int, flagged: bool) -> float:
    """The moment-of-truth score of one touchpoint (see the module docstring)."""
    negativity = max(0, -(emotion or 0)) / 2
    value = (
        WEIGHTS["betweenness"] * relative_betweenness
        + WEIGHTS["negativity"] * negativity
        + WEIGHTS["pain_points"] * min(pains, PAIN_CAP) / PAIN_CAP
        + WEIGHTS["flag"] * (1.0 if flagged else 0.0)
    )
    return round(value, 4)


def moments_of_truth(
    tps: Sequence[Touchpoint], through: Sequence[int], journeys: int
) -> list[MomentOfTruth]:
    """The :data:`TOP` touchpoints by score; ``tps`` in map order settles ties. ``through``
    counts the journeys through each touchpoint, of ``journeys`` in all."""
    highest = max(through, default=0)
    ranked = []
    for tp, count in zip(tps, through, strict=True):
        pains = sum(1 for p in tp.pain_points if p.strip())
        value = score(count / highest if highest > 0 else 0.0, tp.emotion, pains,
                      tp.moment_of_truth)
        if value > 0:
            share = round(count / journeys, 4) if journeys else 0.0
            ranked.append(MomentOfTruth(tp.id, tp.title, value, share, tp.emotion, pains,
                                        tp.moment_of_truth))
    ranked.sort(key=lambda m: -m.score)
    return ranked[:TOP]
