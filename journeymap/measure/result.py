"""What one measurement would change on the map, as data: metrics per touchpoint and link,
evidence, deviations, unmatched names, contact volume by channel and the sources. It turns
into one undoable step (:func:`command`) and into the lines of a preview (:func:`describe`)."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field

from journeymap.core import commands
from journeymap.core.entities import Link, Number, Source
from journeymap.core.measured import emotion_from_scores
from journeymap.core.model import JourneyMap

LinkKey = tuple[str, str]
#: Deviations offered as new links carry at least this share of their source's cases; the
#: rarer ones are listed only (a stray click is not a journey).
DEVIATION_MIN_SHARE = 0.05


@dataclass(frozen=True)
class Transition:
    """A step seen in the data from one touchpoint to another."""

    source: str
    target: str
    cases: int
    transitions: int
    share: float
    median_hours: float | None


@dataclass(frozen=True)
class Unmatched:
    """A name in the data that means no touchpoint, how many rows use it, close touchpoints."""

    file: str
    name: str
    rows: int
    suggestions: tuple[str, ...]


@dataclass
class Measurement:
    """Everything an import would set; nothing is changed until :func:`command` is done."""

    touchpoints: dict[str, dict[str, Number]] = field(default_factory=dict)
    replaces: set[str] = field(default_factory=set)  # touchpoint metrics owned by this import
    evidence: dict[str, str] = field(default_factory=dict)
    links: dict[LinkKey, dict[str, Number]] = field(default_factory=dict)
    deviations: list[Transition] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    channels: list[tuple[str, int, int]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def merge(self, other: Measurement) -> None:
        """Add a later file's measurement (its values win where both set one)."""
        for tp_id, values in other.touchpoints.items():
            self.touchpoints.setdefault(tp_id, {}).update(values)
        self.replaces |= other.replaces
        self.evidence.update({k: v for k, v in other.evidence.items()
                              if self.evidence.get(k) != "observed"})
        self.links.update(other.links)
        self.deviations += other.deviations
        self.unmatched += other.unmatched
        self.channels += other.channels
        self.sources += other.sources
        self.warnings += other.warnings


def tidy(value: float | int) -> Number:
    """Whole numbers as integers, so files read ``"nps": 20`` rather than ``20.0``."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def today() -> datetime.date:
    """The import date: today, or ``SOURCE_DATE_EPOCH`` (reproducible builds and tests)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


def new_sources(doc: JourneyMap, added: list[Source]) -> list[Source]:
    """The map's sources with ``added``: a data set of the same name and kind is replaced."""
    sources = doc.sources
    used = {s.id for s in sources}
    number = len(sources)
    for src in added:
        same = next((i for i, s in enumerate(sources)
                     if s.name == src.name and s.kind == src.kind), None)
        if same is not None:
            sources[same] = Source(id=sources[same].id, name=src.name, kind=src.kind,
                                   imported=src.imported, records=src.records, note=src.note)
            continue
        while True:
            number += 1
            if f"s{number}" not in used:
                break
        used.add(f"s{number}")
        sources.append(Source(id=f"s{number}", name=src.name, kind=src.kind,
                              imported=src.imported, records=src.records, note=src.note))
    return sources


def _metrics(old: dict[str, Number], new: dict[str, Number], replaces: set[str]
             ) -> dict[str, Number]:
    out = {k: v for k, v in old.items() if k not in replaces or k in new}
    out.update(new)
    return out


def command(doc: JourneyMap, m: Measurement, *, add_deviations: bool = False,
            set_emotion: bool = False) -> commands.Macro:
    """One undoable step that sets everything ``m`` measured; with ``set_emotion``, also the
    emotion of each card its new score stands for (:func:`emotion_from_scores`)."""
    steps: list[commands.Command] = []
    for tp in doc.touchpoints():
        fields: dict[str, object] = {}
        metrics = tp.metrics
        if tp.id in m.touchpoints or m.replaces & tp.metrics.keys():
            metrics = _metrics(tp.metrics, m.touchpoints.get(tp.id, {}), m.replaces)
            if metrics != tp.metrics:
                fields["metrics"] = metrics
        if set_emotion and tp.id in m.touchpoints:
            scored = emotion_from_scores(metrics)
            if scored is not None and scored[0] != tp.emotion:
                fields["emotion"] = scored[0]
        evidence = m.evidence.get(tp.id)
        if evidence is not None and evidence != tp.evidence and not (
            tp.evidence == "observed" and evidence != "observed"
        ):
            fields["evidence"] = evidence
        if fields:
            steps.append(commands.Edit("touchpoint", tp.id, fields))
    for link in doc.links():
        new = m.links.get((link.source, link.target))
        if new is not None and _metrics(link.metrics, new, set(new)) != link.metrics:
            merged = _metrics(link.metrics, new, {"cases", "share", "median_hours"})
            steps.append(commands.Edit("link", (link.source, link.target), {"metrics": merged}))
    if add_deviations:
        for dev in m.deviations:
            if doc.has_link(dev.source, dev.target) or dev.share < DEVIATION_MIN_SHARE:
                continue
            metrics: dict[str, Number] = {"cases": dev.cases, "share": dev.share}
            if dev.median_hours is not None:
                metrics["median_hours"] = dev.median_hours
            metrics["deviation"] = 1
            steps.append(commands.AddLink(Link(source=dev.source, target=dev.target,
                                               kind="alternative", metrics=metrics)))
    if m.sources:
        sources = new_sources(doc, m.sources)
        steps.append(commands.Edit("map", None, {"sources": sources}))
    return commands.Macro("Import measurements", steps)


def _signed(emotion: object) -> str:
    if not isinstance(emotion, int):
        return "–"
    return f"+{emotion}" if emotion > 0 else f"−{-emotion}" if emotion < 0 else "0"


def _num(value: Number | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1 else f"{value:,.1f}"
    return f"{value:,}"


def describe(doc: JourneyMap, m: Measurement, step: commands.Macro | None = None, *,
             add_deviations: bool = False, set_emotion: bool = False) -> list[str]:
    """What the import would change, one line per touchpoint, link, deviation and source.

    ``step`` is the :func:`command` the lines describe, built once by a caller that goes on
    to do it (a preview, then OK); without it, the step of the options is built here.
    """
    lines: list[str] = []
    if step is None:
        step = command(doc, m, add_deviations=add_deviations, set_emotion=set_emotion)
    for cmd in step.commands:
        if isinstance(cmd, commands.Edit) and cmd.kind == "touchpoint":
            tp = doc.touchpoint(cmd.key)
            parts = []
            if "metrics" in cmd.fields:
                new = cmd.fields["metrics"]
                assert isinstance(new, dict)
                for name, value in new.items():
                    if tp.metrics.get(name) != value:
                        parts.append(f"{name} {_num(tp.metrics.get(name))} → {_num(value)}")
                parts += [f"{name} removed" for name in tp.metrics if name not in new]
            if "evidence" in cmd.fields:
                parts.append(f"evidence {tp.evidence or '–'} → {cmd.fields['evidence']}")
            if "emotion" in cmd.fields:
                measured = cmd.fields.get("metrics", tp.metrics)
                assert isinstance(measured, dict)
                scored = emotion_from_scores(measured)
                why = f" ({scored[1]})" if scored else ""
                parts.append(f"emotion {_signed(tp.emotion)} → {_signed(cmd.fields['emotion'])}"
                             + why)
            lines.append(f'touchpoint "{tp.id}" ({tp.title}): ' + ", ".join(parts))
        elif isinstance(cmd, commands.Edit) and cmd.kind == "link":
            source, target = cmd.key
            new = cmd.fields["metrics"]
            assert isinstance(new, dict)
            lines.append(f'link "{source}" → "{target}": '
                         + ", ".join(f"{k} {_num(v)}" for k, v in new.items()))
        elif isinstance(cmd, commands.AddLink):
            lines.append(f'new link "{cmd.link.source}" → "{cmd.link.target}" (deviation, '
                         f'{cmd.link.metrics.get("cases", 0):,} cases)')
        elif isinstance(cmd, commands.Edit) and cmd.kind == "map":
            for src in m.sources:
                lines.append(f"source {src.name}: {src.kind}, {src.records:,} records, "
                             f"imported {src.imported.isoformat()}"
                             + (f" ({src.note})" if src.note else ""))
    return lines
