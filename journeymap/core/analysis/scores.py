"""Moments of truth: the touchpoints where a journey is most likely won or lost.

score = 0.35·B + 0.25·N + 0.20·P + 0.20·F, from 0 to 1, where
B = betweenness / the map's highest betweenness (0 when no touchpoint lies between others),
N = max(0, −emotion) / 2 (null emotion: 0), P = min(pain points, 3) / 3, and F = 1 for a
touchpoint marked as a moment of truth. Betweenness is the normalised shortest-path
betweenness over the links (as NetworkX defines it); above :data:`SAMPLES` touchpoints it
is estimated from that many source touchpoints drawn with a fixed seed, so results stay
deterministic and the analysis fast. Only touchpoints with a positive score qualify; the top
:data:`TOP` are kept, highest score first, ties in map order.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from journeymap.core.entities import Touchpoint

TOP: Final = 10
SAMPLES: Final = 500
SEED: Final = 0
WEIGHTS: Final = {"betweenness": 0.35, "negativity": 0.25, "pain_points": 0.20, "flag": 0.20}
PAIN_CAP: Final = 3


@dataclass(frozen=True)
class MomentOfTruth:
    """A touchpoint ranked by its moment-of-truth score, with the figures behind the score."""

    id: str
    title: str
    score: float
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


def betweenness(successors: Sequence[Sequence[int]]) -> list[float]:
    """Normalised shortest-path betweenness of touchpoints 0…n-1 (Brandes' algorithm).

    Equal to ``networkx.betweenness_centrality`` (directed, normalised by 1/((n−1)(n−2))),
    but each search only touches what its source reaches, which on journey maps is a small
    part of the map. Above :data:`SAMPLES` touchpoints it is estimated from that many sources
    drawn with a fixed seed and scaled by n / samples, as NetworkX does with ``k``.
    """
    n = len(successors)
    between = [0.0] * n
    if n <= 2:
        return between
    sources: Sequence[int] = range(n)
    if n > SAMPLES:
        sources = sorted(random.Random(SEED).sample(range(n), SAMPLES))
    for s in sources:
        sigma = {s: 1}
        dist = {s: 0}
        preds: dict[int, list[int]] = {s: []}
        seen = [s]
        i = 0
        while i < len(seen):
            v = seen[i]
            i += 1
            step, paths = dist[v] + 1, sigma[v]
            for w in successors[v]:
                d = dist.get(w)
                if d is None:
                    dist[w] = step
                    sigma[w] = paths
                    preds[w] = [v]
                    seen.append(w)
                elif d == step:
                    sigma[w] += paths
                    preds[w].append(v)
        delta = dict.fromkeys(seen, 0.0)
        for w in reversed(seen):
            share = (1.0 + delta[w]) / sigma[w]
            for v in preds[w]:
                delta[v] += sigma[v] * share
            if w != s:
                between[w] += delta[w]
    scale = n / len(sources) / ((n - 1) * (n - 2))
    return [b * scale for b in between]


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
    tps: Sequence[Touchpoint], successors: Sequence[Sequence[int]]
) -> list[MomentOfTruth]:
    """The :data:`TOP` touchpoints by score; ``tps`` in map order (the numbering of
    ``successors``) settles ties."""
    between = betweenness(successors)
    highest = max(between, default=0.0)
    ranked = []
    for tp, b in zip(tps, between, strict=True):
        pains = sum(1 for p in tp.pain_points if p.strip())
        value = score(b / highest if highest > 0 else 0.0, tp.emotion, pains,
                      tp.moment_of_truth)
        if value > 0:
            ranked.append(MomentOfTruth(tp.id, tp.title, value, round(b, 4), tp.emotion, pains,
                                        tp.moment_of_truth))
    ranked.sort(key=lambda m: -m.score)
    return ranked[:TOP]
