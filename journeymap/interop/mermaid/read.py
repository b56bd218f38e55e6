"""Building a journey map from the statements of a Mermaid ``journey`` diagram.

Mapping: ``title`` → map title; ``accTitle`` / ``accDescr`` → map description; each
``section`` → a stage, in order (two sections of one name stay two stages); tasks before any
section → a first stage "Journey"; each task → a touchpoint in one lane "Customer", with
emotion = round(score) − 3 clamped to −2 … 2 and its actors, joined by ", ", as the owner
(the people who take part in that step); links chain the tasks in order.

``%% journeymap`` lines written by :mod:`journeymap.interop.mermaid.write` fill in the rest.
What the diagram shows wins over them: a metadata value is used only where the visible text
is exactly what the exporter would have written for it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import msgspec

from journeymap.core.entities import MAX_TEXT, Improvement, Lane, Link, Stage, Touchpoint
from journeymap.core.errors import ModelError
from journeymap.core.model import JourneyMap
from journeymap.interop.common import ImportResult, InteropError
from journeymap.interop.mermaid.lex import Lexed, Statement
from journeymap.interop.mermaid.meta import META_VERSION, IdPool, MapMeta, read_meta
from journeymap.interop.mermaid.text import (
    decode_description,
    decode_name,
    encode_actors,
    encode_name,
    read_score,
    score_of,
    shown_description,
    split_actors,
)

DEFAULT_TITLE = "Imported journey"
FIRST_STAGE = "Journey"
LANE = Lane(id="customer", name="Customer")


@dataclass
class _Section:
    line: int
    name: str
    meta: Stage | None = None
    stage_id: str = ""


@dataclass
class _Task:
    line: int
    section: _Section
    title: str
    emotion: int | None
    actors: list[str]
    owner: str
    meta: Touchpoint | None = None
    tp_id: str = ""
    lane: str = ""
    slot: int = 0
    score: float | None = None  # the number written, for the scale check
    problem: str = ""  # a score outside 1…5, reported unless the diagram uses 0–10


@dataclass
class _Reader:
    """Walks the statements once, then builds the document."""

    lexed: Lexed
    actors_as_lanes: bool = False
    warnings: list[str] = field(default_factory=list)
    sections: list[_Section] = field(default_factory=list)
    tasks: list[_Task] = field(default_factory=list)
    title: str | None = None
    acc_title: str = ""
    acc_descr: str | None = None
    map_meta: MapMeta | None = None
    map_line: int = 0
    lanes: list[tuple[int, Lane]] = field(default_factory=list)
    links: list[tuple[int, Link]] = field(default_factory=list)
    improvements: list[tuple[int, Improvement]] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    _open_sections: list[_Section] = field(default_factory=list)
    _open_tasks: list[_Task] = field(default_factory=list)

    # ------------------------------------------------------------------ walking
    def walk(self) -> None:
        self.warnings.extend(self.lexed.warnings)
        front = self.lexed.front_title
        if front is not None and len(front) > MAX_TEXT:
            self.warnings.append(f"line 1: the front matter title is cut to {MAX_TEXT:,} letters")
            front = front[:MAX_TEXT]
        self.title = front
        for statement in self.lexed.statements:
            getattr(self, f"_on_{statement.kind}")(statement)
        self._check_scale()

    def _check_scale(self) -> None:
        """Scores of 0–10 (a survey scale) are rescaled, with one warning for the diagram."""
        scored = [t for t in self.tasks if t.score is not None]
        values = [t.score for t in scored if t.score is not None]
        if values and max(values) >= 5.5 and min(values) >= 0 and max(values) <= 10:
            first = next(t for t in scored if (t.score or 0) >= 5.5)
            self.warnings.append(
                f"line {first.line}: the scores run from {min(values):g} to {max(values):g}; "
                "read as a 0–10 scale (0 very negative, 5 neutral, 10 very positive)"
            )
            for task in scored:
                task.emotion = max(-2, min(2, math.floor((task.score or 0) * 0.4 + 0.5) - 2))
                task.problem = ""
        for task in self.tasks:
            if task.problem:
                self.warnings.append(f"line {task.line}: task {_q(task.title)}: {task.problem}")

    def _on_title(self, s: Statement) -> None:
        self.title = self._text(s, decode_name(s.text), "title")

    def _on_acc_title(self, s: Statement) -> None:
        self.acc_title = self._text(s, decode_description(s.text, False), "accTitle")

    def _on_acc_descr(self, s: Statement) -> None:
        self.acc_descr = self._text(s, decode_description(s.text, s.multiline), "accDescr")

    def _on_section(self, s: Statement) -> None:
        section = _Section(s.line, self._text(s, decode_name(s.text), "section name"))
        self.sections.append(section)
        self._open_sections.append(section)

    def _on_task(self, s: Statement) -> None:
        if not self.sections:
            self.sections.append(_Section(s.line, FIRST_STAGE))
        pieces = (s.data or ":")[1:].split(":")
        raw_name = s.text
        score = read_score(pieces[0])
        joined = _time_in_name(raw_name, pieces) if score.problem else 0
        if joined:
            raw_name = ":".join([raw_name, *pieces[:joined]])
            pieces = pieces[joined:]
            score = read_score(pieces[0])
        name = self._text(s, decode_name(raw_name), "task name")
        if joined:
            self.warnings.append(
                f"line {s.line}: task {_q(name)}: the colon of the time is read as part of the "
                "name, where Mermaid would end it (write it as #58; for Mermaid)"
            )
        outside = "outside 1…5" in score.problem
        if score.problem and not outside:
            self.warnings.append(f"line {s.line}: task {_q(name)}: {score.problem}")
        if len(pieces) > 2:
            extra = ":".join(pieces[2:]).strip()
            self.warnings.append(f"line {s.line}: {_q(extra)} after the actors is ignored")
        actors = split_actors(pieces[1]) if len(pieces) > 1 else []
        owner = self._text(s, ", ".join(actors), "actor list")
        task = _Task(s.line, self.sections[-1], name, score.emotion, actors, owner)
        if _NUMBER.fullmatch(pieces[0].strip()):
            task.score = float(pieces[0])
            task.problem = score.problem if outside else ""
        self.tasks.append(task)
        self._open_tasks.append(task)

    def _on_meta(self, s: Statement) -> None:
        record, problem = read_meta(s.meta_kind, s.text)
        if record is None:
            self.warnings.append(f"line {s.line}: {problem}")
        elif isinstance(record, MapMeta):
            if record.version > META_VERSION:
                self.warnings.append(
                    f"line {s.line}: the metadata was written by a newer JourneyMap; "
                    "some of it may be missed"
                )
            self.map_meta, self.map_line = record, s.line
        elif isinstance(record, Stage):
            self._bind(s, record, self._open_sections, record.name, "section")
        elif isinstance(record, Touchpoint):
            self._bind(s, record, self._open_tasks, record.title, "task")
        elif isinstance(record, Lane):
            self.lanes.append((s.line, record))
        elif isinstance(record, Link):
            self.links.append((s.line, record))
        elif isinstance(record, Improvement):
            self.improvements.append((s.line, record))
        else:
            self.order = list(record)

    def _bind(
        self,
        s: Statement,
        record: Stage | Touchpoint,
        open_lines: list[_Section] | list[_Task],
        name: str,
        what: str,
    ) -> None:
        """Stage metadata belongs to a section line before it, touchpoint metadata to a task
        line before it, since the last metadata of that kind: the one showing the same name,
        else the nearest (its name was edited). Lines passed over are new ones."""
        if not open_lines:
            kind = "stage" if what == "section" else "touchpoint"
            self.warnings.append(
                f"line {s.line}: JourneyMap {kind} metadata {_q(record.id)} does not follow "
                f"a {what} line of its own; ignored"
            )
            return
        shown = decode_name(encode_name(name))
        candidates: list[_Section | _Task] = list(open_lines)
        target = next(
            (item for item in reversed(candidates) if _shown_name(item) == shown), candidates[-1]
        )
        if isinstance(target, _Section) == isinstance(record, Stage):
            target.meta = record
        open_lines.clear()

    def _text(self, s: Statement, text: str, what: str) -> str:
        if len(text) <= MAX_TEXT:
            return text
        self.warnings.append(
            f"line {s.line}: the {what} is {len(text):,} characters long; "
            f"cut to the first {MAX_TEXT:,}"
        )
        return text[:MAX_TEXT]

    # ------------------------------------------------------------------ building
    def build(self) -> ImportResult:
        if not self.tasks and not self.sections and self.title is None and self.warnings:
            raise InteropError(
                "nothing in the journey diagram could be imported", list(self.warnings)
            )
        if not self.tasks and not self.sections and self.map_meta is None:
            self.warnings.append(f"line {self.lexed.header_line}: the journey has no tasks")
        doc = self._document()
        lanes = self._add_lanes(doc)
        self._add_stages(doc)
        self._add_touchpoints(doc, lanes)
        self._add_links(doc)
        self._add_improvements(doc)
        return ImportResult(doc, sorted(self.warnings, key=_line_number))

    def _document(self) -> JourneyMap:
        title, description, meta = self._map_title(), self._description(), self.map_meta
        if meta is not None:
            try:
                return JourneyMap(
                    title, description=description, persona=meta.persona, channels=meta.channels
                )
            except ModelError as err:
                self.warnings.append(
                    f"line {self.map_line}: JourneyMap map metadata: {err}; "
                    "persona and channels left out"
                )
        return JourneyMap(title, description=description)

    def _map_title(self) -> str:
        meta = self.map_meta
        if meta is None:
            return self.title or DEFAULT_TITLE
        expected = decode_name(encode_name(meta.title)) if meta.title else None
        return meta.title if self.title in (expected, None) else self.title or DEFAULT_TITLE

    def _description(self) -> str:
        parts = [p for p in (self.acc_title, self.acc_descr) if p]
        visible = "\n\n".join(parts) if parts else None
        meta = self.map_meta
        if meta is not None:
            expected = shown_description(meta.description) if meta.description else None
            if visible in (expected, None):
                return meta.description
        return (visible or "")[:MAX_TEXT]

    def _add_lanes(self, doc: JourneyMap) -> list[str]:
        for line, lane in self.lanes:
            self._try(doc.add_lane, line, lane)
        if not doc.lanes and self.actors_as_lanes:
            self._actor_lanes(doc)
        if not doc.lanes:
            doc.add_lane(LANE)
        return [lane.id for lane in doc.lanes]

    def _actor_lanes(self, doc: JourneyMap) -> None:
        """A lane per actor, in first-seen order; a task with several goes to its first's."""
        ids = IdPool()
        lanes: dict[str, str] = {}
        for task in self.tasks:
            if task.actors and task.actors[0] not in lanes:
                lanes[task.actors[0]] = ids.new(task.actors[0], "lane")
                doc.add_lane(Lane(id=lanes[task.actors[0]], name=task.actors[0][:MAX_TEXT]))
        shared = [t for t in self.tasks if len(t.actors) > 1]
        if shared:
            count = len(shared)
            self.warnings.append(
                f"line {shared[0].line}: {count} task{'s' * (count != 1)} name"
                f"{'s' * (count == 1)} several actors; each is placed in the lane of its "
                "first actor (all stay its owner)"
            )
        for task in self.tasks:
            if task.actors:
                task.lane = lanes[task.actors[0]]

    def _add_stages(self, doc: JourneyMap) -> None:
        ids = IdPool()
        if not self.sections:
            self.sections.append(_Section(self.lexed.header_line, FIRST_STAGE))
        for section in self.sections:
            if section.meta is not None:
                if ids.claim(section.meta.id):
                    section.stage_id = section.meta.id
                else:
                    self._twice(section.line, "stage", section.meta.id)
        for section in self.sections:
            meta, name = section.meta, section.name
            section.stage_id = section.stage_id or ids.new(name, "stage")
            if meta is not None and decode_name(encode_name(meta.name)) == name:
                name = meta.name
            stage = Stage(id=section.stage_id, name=name)
            if meta is not None:
                stage = msgspec.structs.replace(meta, id=section.stage_id, name=name)
            doc.add_stage(stage)

    def _add_touchpoints(self, doc: JourneyMap, lanes: list[str]) -> None:
        ids = IdPool()
        for task in self.tasks:
            if task.meta is not None:
                if ids.claim(task.meta.id):
                    task.tp_id = task.meta.id
                else:
                    self._twice(task.line, "touchpoint", task.meta.id)
        previous: _Task | None = None
        for task in self.tasks:
            task.tp_id = task.tp_id or ids.new(task.title, "tp")
            wanted = task.meta.lane if task.meta is not None else None
            if task.lane and wanted is None:
                pass  # an actor's lane
            elif wanted in lanes:
                task.lane = wanted
            elif previous is not None and previous.section is task.section:
                task.lane = previous.lane
            else:
                task.lane = lanes[0]
            if wanted is not None and wanted not in lanes:
                self.warnings.append(
                    f"line {task.line}: touchpoint {_q(task.tp_id)} names unknown lane "
                    f"{_q(wanted)}; placed in {_q(task.lane)}"
                )
            previous = task
        self._place_in_slots()
        rank = {tp_id: i for i, tp_id in enumerate(self.order)}
        ordered = sorted(
            enumerate(self.tasks),
            key=lambda it: (rank.get(it[1].tp_id, len(rank)) if it[1].meta else len(rank), it[0]),
        )
        for _, task in ordered:
            self._try(doc.add_touchpoint, task.line, self._touchpoint(doc, task))

    def _place_in_slots(self) -> None:
        """Slots follow the order of the task lines; written slots stay when they agree."""
        cells: dict[tuple[str, str], list[_Task]] = {}
        for task in self.tasks:
            cells.setdefault((task.section.stage_id, task.lane), []).append(task)
        for cell in cells.values():
            slots = [t.meta.slot if t.meta is not None else -1 for t in cell]
            keep = all(a < b for a, b in zip(slots, slots[1:], strict=False)) and min(slots) >= 0
            for i, task in enumerate(cell):
                task.slot = slots[i] if keep else i

    def _touchpoint(self, doc: JourneyMap, task: _Task) -> Touchpoint:
        meta = task.meta
        fields: dict[str, Any] = {
            "id": task.tp_id,
            "title": task.title,
            "stage": task.section.stage_id,
            "lane": task.lane,
            "slot": task.slot,
            "emotion": task.emotion,
            "owner": task.owner,
        }
        if meta is None:
            return Touchpoint(**fields)
        if decode_name(encode_name(meta.title)) == task.title:
            fields["title"] = meta.title
        if read_score(str(score_of(meta.emotion))).emotion == task.emotion:
            fields["emotion"] = meta.emotion
        if split_actors(encode_actors(meta.owner)) == task.actors:
            fields["owner"] = meta.owner
        if meta.channel is not None and meta.channel not in {c.id for c in doc.palette}:
            self.warnings.append(
                f"line {task.line}: touchpoint {_q(task.tp_id)} names unknown channel "
                f"{_q(meta.channel)}; left without a channel"
            )
            fields["channel"] = None
        return msgspec.structs.replace(meta, **fields)

    def _add_links(self, doc: JourneyMap) -> None:
        placed = [t for t in self.tasks if doc.has_touchpoint(t.tp_id)]
        if self.map_meta is None:
            for a, b in zip(placed, placed[1:], strict=False):
                self._link(doc, a.tp_id, b.tp_id)
            return
        for line, link in self.links:
            ends = (link.source, link.target)
            if not all(doc.has_touchpoint(end) for end in ends) or doc.has_link(*ends):
                self.warnings.append(
                    f"line {line}: link {_q(' → '.join(ends))} does not fit the diagram's "
                    "tasks; ignored"
                )
            else:
                self._try(doc.add_link, line, link)
        for i, task in enumerate(placed):
            if task.meta is None or task.meta.id != task.tp_id:
                if i > 0:
                    self._link(doc, placed[i - 1].tp_id, task.tp_id)
                if i + 1 < len(placed):
                    self._link(doc, task.tp_id, placed[i + 1].tp_id)

    def _link(self, doc: JourneyMap, source: str, target: str) -> None:
        if source != target and not doc.has_link(source, target):
            doc.add_link(Link(source=source, target=target))

    def _add_improvements(self, doc: JourneyMap) -> None:
        ids = IdPool()
        for line, imp in self.improvements:
            kept = [tp for tp in imp.touchpoints if doc.has_touchpoint(tp)]
            if len(kept) < len(imp.touchpoints):
                self.warnings.append(
                    f"line {line}: improvement {_q(imp.id)} names touchpoints that are not in "
                    "the diagram; they were left out"
                )
            imp_id = imp.id
            if not ids.claim(imp_id):
                self._twice(line, "improvement", imp_id)
                imp_id = ids.new(imp.title, "improvement")
            record = msgspec.structs.replace(imp, id=imp_id, touchpoints=list(dict.fromkeys(kept)))
            self._try(doc.add_improvement, line, record)

    def _twice(self, line: int, kind: str, record_id: str) -> None:
        self.warnings.append(
            f"line {line}: {kind} id {_q(record_id)} is used twice; this one gets a new id"
        )

    def _try(self, add: Any, line: int, record: Any) -> None:
        try:
            add(record)
        except ModelError as err:
            self.warnings.append(f"line {line}: {err}; left out")


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_TIME = re.compile(r"\d{2}\b")


def _time_in_name(name: str, pieces: list[str]) -> int:
    """How many ":" pieces belong to a time in the task name ("Push um 08:00, …: 5: Handy")."""
    if not re.search(r"\d$", name) or not _TIME.match(pieces[0]):
        return 0
    for count in range(1, len(pieces)):
        if _NUMBER.fullmatch(pieces[count].strip()):
            return count
        if not _TIME.match(pieces[count]):
            return 0
    return 0


def _shown_name(item: _Section | _Task) -> str:
    return item.name if isinstance(item, _Section) else item.title


def _q(text: str) -> str:
    text = text if len(text) <= 60 else text[:59] + "…"
    return '"' + "".join(ch if ch.isprintable() else " " for ch in text) + '"'


def _line_number(warning: str) -> int:
    """Warnings are sorted by the line they start with (file-wide ones first)."""
    match = re.match(r"lines? (\d+)", warning)
    return int(match.group(1)) if match else 0


def build(lexed: Lexed, actors_as_lanes: bool = False) -> ImportResult:
    """The map the lexed diagram describes, with every warning met on the way."""
    reader = _Reader(lexed, actors_as_lanes)
    reader.walk()
    return reader.build()
