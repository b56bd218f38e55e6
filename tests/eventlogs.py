"""Realistic event logs and survey responses for a map: customers walk its links from the
entries, take the odd unmapped step (a deviation), leave along the way, and produce noise
events that name no touchpoint. Deterministic for a seed. Used by tests and benchmarks."""

from __future__ import annotations

import csv
import datetime
import os
import random
from collections.abc import Iterator
from pathlib import Path

from journeymap.core.model import JourneyMap

START = datetime.datetime(2026, 10, 1, 8, 0, 0)
NOISE = ("page_view", "Session start", "cookie banner")
CHANNELS = ("website", "mobile_app", "email", "phone", "store")


def shortcuts(doc: JourneyMap, count: int = 4, seed: int = 0) -> dict[str, str]:
    """A few steps customers take that the map has no link for (the log's deviations):
    from a card to one two or more steps further along its flow."""
    rng = random.Random(seed)
    g = doc.graph
    out: dict[str, str] = {}
    for tp in sorted(doc.touchpoints(), key=lambda t: rng.random()):
        later = sorted({b for a in g.successors(tp.id) for b in g.successors(a)}
                       - set(g.successors(tp.id)) - {tp.id})
        if later and tp.id not in out:
            out[tp.id] = rng.choice(later)
        if len(out) >= count:
            break
    return out


def walk(doc: JourneyMap, rng: random.Random, *, leave: float = 0.12, deviate: float = 0.15,
         skips: dict[str, str] | None = None) -> list[str]:
    """One customer's touchpoints in order (at least two when the map allows it)."""
    ids = [tp.id for tp in doc.touchpoints()]
    g = doc.graph
    entries = [i for i in ids if g.in_degree(i) == 0 and g.out_degree(i) > 0] or ids
    path = [rng.choice(entries)]
    skips = skips or {}
    for _ in range(40):
        here = path[-1]
        nexts = sorted(g.successors(here))
        if len(path) >= 2 and (not nexts or rng.random() < leave):
            break
        if not nexts:
            choice = rng.choice(ids)
            if choice != here:
                path.append(choice)
            continue
        if here in skips and rng.random() < deviate:
            path.append(skips[here])
            continue
        weights = [3.0 if g.edges[here, n]["link"].kind == "flow" else 1.0 for n in nexts]
        path.append(rng.choices(nexts, weights)[0])
    return path


def events(doc: JourneyMap, cases: int, seed: int = 0, *, noise: float = 0.03,
           by_title: float = 0.3) -> Iterator[tuple[str, str, str, str]]:
    """``(case_id, activity, timestamp, channel)`` rows, case by case, in time order."""
    rng = random.Random(seed)
    skips = shortcuts(doc)
    titles = {tp.id: tp.title for tp in doc.touchpoints()}
    channels = {tp.id: tp.channel for tp in doc.touchpoints()}
    for n in range(cases):
        when = START + datetime.timedelta(minutes=rng.randrange(60 * 24 * 60))
        case = f"C{n:07d}"
        for tp_id in walk(doc, rng, skips=skips):
            if rng.random() < noise:
                when += datetime.timedelta(minutes=rng.randrange(1, 30))
                yield case, rng.choice(NOISE), when.isoformat(sep=" "), "website"
            when += datetime.timedelta(minutes=rng.randrange(5, 60 * 48))
            name = titles[tp_id] if rng.random() < by_title else tp_id
            yield case, name, when.isoformat(sep=" "), channels[tp_id] or rng.choice(CHANNELS)


def write_events_csv(path: str | os.PathLike[str], doc: JourneyMap, *, events_wanted: int,
                     seed: int = 0) -> int:
    """Write about ``events_wanted`` events (whole cases) to a CSV file; the rows written."""
    rows = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_id", "activity", "timestamp", "channel"])
        case_start = 0
        while rows < events_wanted:
            batch = list(events(doc, 1000, seed=seed + case_start))
            for row in batch:
                writer.writerow((f"{row[0]}-{case_start}", *row[1:]))
            rows += len(batch)
            case_start += 1
    return rows


def read_csv_rows(path: str | os.PathLike[str]) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def survey_rows(doc: JourneyMap, responses: int, seed: int = 0
                ) -> Iterator[tuple[str, int, int, int, str]]:
    """``(touchpoint, nps, csat, ces, date)``: scores leaning with the card's emotion."""
    rng = random.Random(seed)
    tps = doc.touchpoints()
    for _ in range(responses):
        tp = rng.choice(tps)
        lean = tp.emotion or 0
        nps = max(0, min(10, round(rng.gauss(7 + 1.2 * lean, 2))))
        csat = max(1, min(5, round(rng.gauss(3.6 + 0.6 * lean, 0.9))))
        ces = max(1, min(7, round(rng.gauss(3 - 0.8 * lean, 1.2))))
        day = datetime.date(2026, 10, 1) + datetime.timedelta(days=rng.randrange(61))
        yield tp.id, nps, csat, ces, day.isoformat()


def write_survey_csv(path: Path, doc: JourneyMap, responses: int, seed: int = 0) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["touchpoint", "nps", "csat", "ces", "date"])
        writer.writerows(survey_rows(doc, responses, seed))
