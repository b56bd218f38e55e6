"""Traffic-weighted findings of a measured map (see docs/insights.md): the most-travelled path
and its emotion, the touchpoints where most customers are lost, and the moments of truth that
rest on assumed evidence only. They read the measured metrics (``cases``, ``drop_off``, link
``cases``) that ``journeymap measure`` writes; an unmeasured map has none of them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from journeymap.core.model import JourneyMap

#: Touchpoints listed under "where customers are lost".
LOST_LIMIT = 5
#: Names of the traffic findings, as keys of ``journeymap analyze --json`` (under "traffic").
TRAFFIC_FINDINGS = ("most_travelled_path", "where_customers_are_lost", "assumed_moments")

DEFINITIONS: dict[str, str] = {
    "most_travelled_path": "The most-travelled path starts at the entry most cases reached and "
    "follows, from each touchpoint, the link most cases took, until an exit, a touchpoint "
    "already on the path, or a touchpoint no measured case left.",
    "where_customers_are_lost": "Where customers are lost: the touchpoints with the most "
    "cases whose journey ended there without reaching an exit (cases × drop-off), at most "
    f"{LOST_LIMIT}.",
    "assumed_moments": "Moments of truth on assumed evidence: marked or top-ranked moments of "
    "truth whose evidence is assumed or not given, and that no imported data measured (no "
    "cases, no survey answers).",
}


@dataclass(frozen=True)
class Step:
    touchpoint: str
    cases: int
    emotion: int | None


@dataclass(frozen=True)
class Lost:
    touchpoint: str
    cases: int
    lost: int
    drop_off: float


@dataclass
class Traffic:
    """The traffic findings; ``measured`` is False when the map holds no traffic at all."""

    measured: bool = False
    most_travelled: list[Step] = field(default_factory=list)
    lost: list[Lost] = field(default_factory=list)
    assumed_moments: list[str] = field(default_factory=list)

    @property
    def total_emotion(self) -> int:
        return sum(s.emotion or 0 for s in self.most_travelled)

    @property
    def lowest(self) -> Step | None:
        rated = [s for s in self.most_travelled if s.emotion is not None]
        return min(rated, key=lambda s: s.emotion or 0) if rated else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "most_travelled_path": {
                "touchpoints": [s.touchpoint for s in self.most_travelled],
                "cases": [s.cases for s in self.most_travelled],
                "total_emotion": self.total_emotion,
            },
            "where_customers_are_lost": [
                {"touchpoint": x.touchpoint, "cases": x.cases, "lost": x.lost,
                 "drop_off": x.drop_off} for x in self.lost
            ],
            "assumed_moments": list(self.assumed_moments),
        }


def _int(value: Any) -> int:
    return int(value) if isinstance(value, int | float) else 0


def traffic(doc: JourneyMap, moments: Iterable[str] = ()) -> Traffic:
    """The traffic findings of ``doc``; ``moments`` are the ranked moments of truth (ids)."""
    tps = doc.touchpoints()
    cases = {tp.id: _int(tp.metrics.get("cases")) for tp in tps}
    found = Traffic(measured=any(cases.values()))
    moment_ids = [tp.id for tp in tps if tp.moment_of_truth]
    moment_ids += [m for m in moments if m not in moment_ids]
    for tp_id in moment_ids:
        tp = doc.touchpoint(tp_id)
        answered = any(_int(v) for k, v in tp.metrics.items() if k.endswith("_n"))
        if tp.evidence in (None, "assumed") and not cases.get(tp_id) and not answered:
            found.assumed_moments.append(tp_id)
    if not found.measured:
        return found
    g = doc.graph
    entries = [tp.id for tp in tps if g.in_degree(tp.id) == 0] or [tp.id for tp in tps]
    start = max(entries, key=lambda t: cases[t])
    path = [start]
    while True:
        here = path[-1]
        ways = [(_int(doc.link(here, n).metrics.get("cases")), n) for n in g.successors(here)]
        ways = [w for w in ways if w[0] > 0]
        if not ways:
            break
        _, nxt = max(ways, key=lambda w: (w[0], -doc.touchpoint_order(w[1])))
        if nxt in path:
            break
        path.append(nxt)
    found.most_travelled = [Step(t, cases[t], doc.touchpoint(t).emotion) for t in path]
    losses = []
    for tp in tps:
        drop = tp.metrics.get("drop_off")
        if cases[tp.id] and isinstance(drop, int | float) and drop > 0:
            losses.append(Lost(tp.id, cases[tp.id], round(cases[tp.id] * drop), float(drop)))
    losses.sort(key=lambda x: (-x.lost, -x.drop_off, x.touchpoint))
    found.lost = [x for x in losses if x.lost > 0][:LOST_LIMIT]
    return found


def format_traffic(doc: JourneyMap, found: Traffic) -> str:
    """The traffic section of ``journeymap analyze``'s report (empty for an unmeasured map)."""
    if not found.measured and not found.assumed_moments:
        return ""

    def title(tp_id: str) -> str:
        return " ".join(doc.touchpoint(tp_id).title.split())

    def sign(value: int) -> str:
        return f"+{value}" if value > 0 else str(value).replace("-", "−")

    out = ["", "Measured traffic"]
    if found.most_travelled:
        steps = found.most_travelled
        out.append(f"  Most-travelled path ({len(steps)} touchpoints, total emotion "
                   f"{sign(found.total_emotion)}):")
        out.append("    " + " → ".join(f"{title(s.touchpoint)} ({s.cases:,})" for s in steps))
        low = found.lowest
        if low is not None:
            out.append(f"    lowest point: {title(low.touchpoint)} (emotion "
                       f"{sign(low.emotion or 0)})")
    if found.lost:
        out.append("  Where customers are lost:")
        out += [f"    {x.lost:,} of {x.cases:,} ({x.drop_off:.0%})  {x.touchpoint}  "
                f"{title(x.touchpoint)}" for x in found.lost]
    if found.assumed_moments:
        out.append("  Moments of truth on assumed evidence only:")
        out += [f"    {t}  {title(t)}" for t in found.assumed_moments]
    return "\n".join(out) + "\n"
