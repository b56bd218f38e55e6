"""The traffic findings of a measured map as groups of rows for the Insights dock: the
most-travelled path with the cases at each step, where customers are lost, and the moments
of truth that rest on assumed evidence (see core.analysis.traffic). An unmeasured map has
none of these groups."""

from __future__ import annotations

from journeymap.core.analysis.findings import Analysis
from journeymap.core.analysis.traffic import TRAFFIC_FINDINGS, Lost, Step, traffic
from journeymap.core.model import JourneyMap
from journeymap.gui.docks.insights.rows import Group, Names, Row, Target, capped, signed


def traffic_groups(analysis: Analysis, doc: JourneyMap, limit: int) -> list[Group]:
    """The three traffic groups, or none when the map holds no measured data at all."""
    names = Names(doc)
    found = traffic(doc, (m.id for m in analysis.moments_of_truth))
    if not found.measured and not doc.sources:
        return []
    out = []
    for finding in TRAFFIC_FINDINGS:
        if finding == "most_travelled_path":
            out.append(_travelled(found.most_travelled, found.total_emotion, names, limit))
        elif finding == "where_customers_are_lost":
            out.append(capped(Group(finding, len(found.lost)), found.lost, limit,
                              lambda x: _lost(x, names)))
        else:
            out.append(capped(
                Group(finding, len(found.assumed_moments)), found.assumed_moments, limit,
                lambda t: Row(names.title(t), Target(f"assumed_moments:{t}", (t,)),
                              f"{names.where(t)}\nNo cases and no survey answers measured "
                              "here; its evidence is assumed.")))
    return out


def _travelled(steps: list[Step], total: int, names: Names, limit: int) -> Group:
    finding = "most_travelled_path"
    if not steps:
        return Group(finding, 0)
    ids = tuple(s.touchpoint for s in steps)
    children = tuple(
        Row(f"{n}. {names.title(s.touchpoint)}",
            Target(f"{finding}:{n}:{s.touchpoint}", (s.touchpoint,)),
            f"{names.where(s.touchpoint)}\n{s.cases:,} cases"
            + ("" if s.emotion is None else f", emotion {signed(s.emotion)}"),
            f"{s.cases:,}")
        for n, s in enumerate(steps[:limit], 1))
    whole = Row(names.chain(ids), Target(f"{finding}:whole", ids),
                f"{len(ids)} touchpoints, {steps[0].cases:,} cases at the start, "
                f"total emotion {signed(total)}",
                signed(total), children, max(0, len(ids) - limit))
    return Group(finding, len(ids), [whole])


def _lost(x: Lost, names: Names) -> Row:
    return Row(names.title(x.touchpoint),
               Target(f"where_customers_are_lost:{x.touchpoint}", (x.touchpoint,)),
               f"{names.where(x.touchpoint)}\n{x.lost:,} of {x.cases:,} cases "
               f"({x.drop_off:.0%}) ended here without reaching an exit",
               f"{x.lost:,} lost")
