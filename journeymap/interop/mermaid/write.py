"""Writing a journey map as a Mermaid ``journey`` diagram that Mermaid's own grammar accepts.

Visible: the title, the description as ``accDescr``, one ``section`` per stage (empty ones
too), and per touchpoint a task ``name: score: owner`` with score = emotion + 3 (3 when the
touchpoint has no emotion). Inside a stage, tasks run lane by lane, left to right.
Everything else rides in ``%% journeymap`` comment lines, so importing the text restores
the map exactly; a *plain* diagram (for a README) leaves them out.
"""

from __future__ import annotations

from journeymap.core.entities import Touchpoint
from journeymap.core.model import JourneyMap
from journeymap.interop.mermaid.meta import MapMeta, meta_line
from journeymap.interop.mermaid.text import (
    description_statement,
    encode_actors,
    encode_name,
    score_of,
)

_NOTE = (
    '%% Exported from JourneyMap. The "%% journeymap" lines keep what Mermaid cannot show '
    "(lanes, channels, notes, links, improvements); leave them in to import the map again."
)
_IN = "    "


def task_line(tp: Touchpoint) -> str:
    """``Name: score: actors`` for a touchpoint."""
    line = f"{encode_name(tp.title, task=True)}: {score_of(tp.emotion)}"
    actors = encode_actors(tp.owner)
    return f"{line}: {actors}" if actors else line


def dumps_mermaid(doc: JourneyMap, plain: bool = False) -> str:
    """The map as the text of a ``.mmd`` file (LF line ends, one final newline).

    ``plain``: no ``%%`` lines, only what Mermaid draws (lanes, channels, notes and links are
    not kept).
    """
    text = _dumps(doc)
    if plain:
        text = "".join(line for line in text.splitlines(True) if not line.lstrip().startswith("%%"))
    return text


def dumps_markdown(doc: JourneyMap, plain: bool = False) -> str:
    """The diagram as a fenced ``mermaid`` block, ready to paste into a README."""
    return f"```mermaid\n{dumps_mermaid(doc, plain)}```\n"


def _dumps(doc: JourneyMap) -> str:
    lines = ["journey"]
    if doc.title:
        lines.append(f"{_IN}title {encode_name(doc.title)}")
    if doc.description:
        lines.extend(_IN + line for line in description_statement(doc.description))
    lines.append(_IN + _NOTE)
    meta = MapMeta(
        title=doc.title, description=doc.description, persona=doc.persona, channels=doc.channels
    )
    lines.append(_IN + meta_line("map", meta))
    lines.extend(_IN + meta_line("lane", lane) for lane in doc.lanes)
    lane_index = {lane.id: i for i, lane in enumerate(doc.lanes)}
    by_stage: dict[str, list[Touchpoint]] = {stage.id: [] for stage in doc.stages}
    for tp in doc.touchpoints():
        by_stage[tp.stage].append(tp)
    shown: list[str] = []
    for stage in doc.stages:
        lines.append(f"{_IN}section {encode_name(stage.name)}")
        lines.append(_IN + meta_line("stage", stage))
        cards = sorted(by_stage[stage.id], key=lambda tp: (lane_index[tp.lane], tp.slot))
        for tp in cards:
            lines.append(f"{_IN * 2}{task_line(tp)}")
            lines.append(_IN * 2 + meta_line("touchpoint", tp))
            shown.append(tp.id)
    in_file = [tp.id for tp in doc.touchpoints()]
    if in_file != shown:
        lines.append(_IN + meta_line("order", in_file))
    lines.extend(_IN + meta_line("link", link) for link in doc.links())
    lines.extend(_IN + meta_line("improvement", imp) for imp in doc.improvements)
    return "\n".join(lines) + "\n"
