"""The readable report of ``journeymap analyze``: one heading per finding, titles beside ids."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from journeymap.core.analysis.findings import Analysis, EmotionSummary, JourneyPath, Loop
from journeymap.core.model import JourneyMap

#: Items listed per finding before the rest is summed up as "… and N more".
LIMIT = 20
#: Touchpoints and closing links shown for one loop that is not a single circle.
LOOP_ITEMS = 8

HEADINGS: dict[str, tuple[str, str]] = {
    "entries": ("Entries", "No entries."),
    "exits": ("Exits", "No exits."),
    "unreachable": ("Unreachable touchpoints", "No unreachable touchpoints."),
    "dead_ends": ("Dead ends", "No dead ends."),
    "loops": ("Loops", "No loops."),
    "worst_path": ("Worst path", "No path leads from an entry to an exit."),
    "best_path": ("Best path", "No path leads from an entry to an exit."),
    "moments_of_truth": ("Moments of truth", "No moments of truth."),
    "channel_switches": ("Channel switches", "No channel switches."),
    "emotion_by_stage": ("Emotion by stage", "No stages."),
    "emotion_by_channel": ("Emotion by channel", "No touchpoint has a channel."),
    "emotion_by_owner": ("Emotion by owner", "No touchpoint names an owner."),
    "empty_stages": ("Empty stages", "No empty stages."),
    "empty_lanes": ("Empty lanes", "No empty lanes."),
    "unaddressed_pain_points": ("Unaddressed pain points", "No unaddressed pain points."),
}



def _more(shown: int, total: int) -> str:
    return f" … and {total - shown} more" if total > shown else ""


def tangle_text(loop: Loop, name: Callable[[str], str]) -> str:
    """A loop that is not one circle: its cards and the links that close it (LOOP_ITEMS of
    each, then how many more), each card as ``name`` gives it."""
    n, k = len(loop.touchpoints), len(loop.closing_links)
    cards = ", ".join(name(t) for t in loop.touchpoints[:LOOP_ITEMS])
    closing = ", ".join(f"{name(a)} → {name(b)}" for a, b in loop.closing_links[:LOOP_ITEMS])
    return (f"{n} touchpoints tied by {loop.links} links: {cards}{_more(LOOP_ITEMS, n)}; "
            f"closed by {k} link{'s' if k != 1 else ''} going back: {closing}"
            f"{_more(LOOP_ITEMS, k)}")

def truncation_notes(
    analysis: Analysis, max_loops: int = 50, max_loop_length: int = 10
) -> list[str]:
    """One sentence per search that hit its bound (empty when every search was complete).

    Loops are listed exactly, so only a path search cut short gives a note; ``max_loops`` and
    ``max_loop_length`` are accepted for older callers and have no effect.
    """
    notes = []
    if analysis.paths_truncated:
        notes.append(
            "the path search was truncated: the worst and best paths are the most extreme "
            "ones found within the search budget, and more extreme ones may exist"
        )
    return notes


def emotion_text(value: int | None) -> str:
    """+1, −2, 0, or – for no emotion (with a true minus sign)."""
    if value is None:
        return "–"
    return f"+{value}" if value > 0 else str(value).replace("-", "−")


def format_report(
    doc: JourneyMap, analysis: Analysis, max_loops: int = 50, max_loop_length: int = 10
) -> str:
    """The whole report as text, ending with a newline."""

    def title(tp_id: str) -> str:
        return " ".join(doc.touchpoint(tp_id).title.split())

    def card(tp_id: str) -> str:
        return f"{tp_id}  {title(tp_id)}"

    def chain(ids: Iterable[str]) -> str:
        return " → ".join(f"{title(t)} ({emotion_text(doc.touchpoint(t).emotion)})" for t in ids)

    def path_lines(p: JourneyPath | None) -> list[str]:
        if p is None:
            return []
        n = len(p.touchpoints)
        mean = f"{p.mean_emotion:+.2f}".replace("-", "−")
        return [f"Mean emotion {mean} over {n} touchpoint" + ("s" if n != 1 else "")
                + f" (total {emotion_text(p.total_emotion)}):", chain(p.touchpoints)]

    def loop_line(loop: Loop) -> str:
        if loop.circle:
            return chain([*loop.touchpoints, loop.touchpoints[0]])
        return tangle_text(loop, title)

    def emotion_lines(groups: list[EmotionSummary]) -> list[str]:
        rows = [[g.name, "–" if g.mean is None else f"{g.mean:+.2f}".replace("-", "−"),
                 emotion_text(g.min), f"{g.count} of {g.touchpoints}"] for g in groups]
        if not rows:
            return []
        cells = [["", "mean", "lowest", "with emotion"], *rows]
        widths = [max(len(r[i]) for r in cells) for i in range(4)]
        return ["  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                          for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip()
                for r in cells]

    stage_name = {s.id: s.name for s in doc.stages}
    lane_name = {lane.id: lane.name for lane in doc.lanes}
    channel_name = {c.id: c.name for c in doc.palette}
    a = analysis
    sections: dict[str, list[str]] = {
        "entries": [card(t) for t in a.entries],
        "exits": [card(t) for t in a.exits],
        "unreachable": [card(t) for t in a.unreachable],
        "dead_ends": [card(t) for t in a.dead_ends],
        "loops": [loop_line(loop) for loop in a.loop_groups],
        "worst_path": path_lines(a.worst_path),
        "best_path": path_lines(a.best_path),
        "moments_of_truth": [
            f"{m.score:.2f}  {card(m.id)}  (emotion {emotion_text(m.emotion)}, "
            f"{m.pain_points} pain point{'s' if m.pain_points != 1 else ''}, on "
            f"{m.betweenness:.0%} of journeys{', marked' if m.flagged else ''})"
            for m in a.moments_of_truth
        ],
        "channel_switches": [
            f"{n} × {channel_name.get(f, f)} → {channel_name.get(t, t)}"
            for (f, t), n in a.channel_switch_counts.items()
        ],
        "emotion_by_stage": emotion_lines(a.emotion_by_stage),
        "emotion_by_channel": emotion_lines(a.emotion_by_channel),
        "emotion_by_owner": emotion_lines(a.emotion_by_owner),
        "empty_stages": [f"{s}  {stage_name[s]}" for s in a.empty_stages],
        "empty_lanes": [f"{lane}  {lane_name[lane]}" for lane in a.empty_lanes],
        "unaddressed_pain_points": [
            f"{card(u.id)}: " + "; ".join(" ".join(p.split()) for p in u.pain_points)
            for u in a.unaddressed_pain_points
        ],
    }
    count = doc.touchpoint_count
    links = doc.graph.number_of_edges()
    out = [f"Journey insights: {doc.title}",
           f"{count} touchpoint{'s' if count != 1 else ''}, {links} link"
           + ("s" if links != 1 else "")]
    for name, lines in sections.items():
        heading, empty = HEADINGS[name]
        listed = name not in ("worst_path", "best_path") and not name.startswith("emotion_by")
        total = len(lines)
        out += ["", f"{heading} ({total})" if listed and lines else heading]
        if not lines:
            out.append(f"  {empty}")
            if name == "exits" and a.path_ends:
                out.append("  Every touchpoint of the last stage links on, so paths may end at "
                           "any of them.")
            continue
        shown = lines[:LIMIT] if listed else lines
        out += [f"  {line}" for line in shown]
        if len(lines) > len(shown):
            out.append(f"  … and {len(lines) - len(shown)} more (--json lists them all)")
    notes = truncation_notes(a, max_loops, max_loop_length)
    if notes:
        out += ["", "Note"] + [f"  {n[0].upper()}{n[1:]}." for n in notes]
    return "\n".join(out) + "\n"
