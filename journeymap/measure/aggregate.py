"""Run the aggregation queries (``sql/*.sql``, one query each) on loaded data and turn their
small results into a :class:`~journeymap.measure.result.Measurement` of the map."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import duckdb

from journeymap.core.entities import Number, Source
from journeymap.core.model import JourneyMap
from journeymap.measure.names import Names, key, suggestions
from journeymap.measure.reading import DataFile
from journeymap.measure.result import Measurement, Transition, Unmatched, tidy, today

EVENT_METRICS = frozenset(("cases", "drop_off", "contacts"))
SURVEY_METRICS = ("nps", "csat", "ces")
_ROUND = {"nps": 1, "csat": 1, "ces": 2, "drop_off": 4, "share": 4, "median_hours": 2}
SOURCE_KIND = {"events": "events", "survey": "survey", "contacts": "contacts"}


@cache
def query(name: str) -> str:
    """The text of ``sql/NAME.sql``."""
    return resources.files("journeymap.measure").joinpath(f"sql/{name}.sql").read_text("utf-8")


def _rows(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[Any, ...]]:
    return con.execute(query(name)).fetchall()


def rounded(name: str, value: float) -> Number:
    return tidy(round(float(value), _ROUND.get(name, 4)))


def unmatched(con: duckdb.DuckDBPyConnection, doc: JourneyMap, data: DataFile, names: Names,
              relation: str, column: str) -> list[Unmatched]:
    con.execute(f"CREATE OR REPLACE TEMP VIEW named AS SELECT {column} AS name FROM {relation}")
    found = []
    for name, count in _rows(con, "unmatched_names"):
        if name is None or key(name) in names.ignored:
            continue
        found.append(Unmatched(data.name, str(name), int(count),
                               tuple(suggestions(str(name), doc))))
    return found


def _source(data: DataFile, what: str) -> Source:
    note = what
    if data.first is not None and data.last is not None:
        note += f" from {data.first.isoformat()} to {data.last.isoformat()}"
    return Source(id="new", name=data.name, kind=SOURCE_KIND[data.kind],  # type: ignore[arg-type]
                  imported=today(), records=data.rows, note=note)


def measure_events(con: duckdb.DuckDBPyConnection, doc: JourneyMap, data: DataFile,
                   names: Names) -> Measurement:
    """Cases, drop-off and contacts per touchpoint; cases, share, median hours per link."""
    m = Measurement(replaces=set(EVENT_METRICS))
    traffic = from_traffic(m, doc, _rows(con, "touchpoint_traffic"))
    from_transitions(m, doc, traffic, _rows(con, "transitions"))
    m.unmatched = unmatched(con, doc, data, names, "events", "activity")
    m.channels = [(str(ch), int(n), int(c)) for ch, n, c in _rows(con, "channel_volume")]
    cases_total = con.execute("SELECT COUNT(DISTINCT case_id) FROM events").fetchone()
    m.sources = [_source(data, f"{cases_total[0] if cases_total else 0:,} cases")]
    return m


Traffic = dict[str, tuple[int, int, int]]


def from_traffic(m: Measurement, doc: JourneyMap, rows: list[tuple[Any, ...]]) -> Traffic:
    """The rows of touchpoint_traffic.sql (touchpoint, events, cases, lost) as metrics."""
    traffic = {str(tp): (int(events), int(cases), int(lost)) for tp, events, cases, lost in rows}
    for tp in doc.touchpoints():
        events, cases, lost = traffic.get(tp.id, (0, 0, 0))
        values: dict[str, Number] = {"cases": cases}
        if cases:
            values["drop_off"] = rounded("drop_off", lost / cases)
            values["contacts"] = events
            m.evidence[tp.id] = "observed"
        m.touchpoints[tp.id] = values
    return traffic


def from_transitions(m: Measurement, doc: JourneyMap, traffic: Traffic,
                     rows: list[tuple[Any, ...]]) -> None:
    """The rows of transitions.sql (source, target, transitions, cases, median_hours)."""
    seen: set[tuple[str, str]] = set()
    for source, target, transitions, cases, median in rows:
        source, target = str(source), str(target)
        from_cases = traffic.get(source, (0, 0, 0))[1]
        share = rounded("share", cases / from_cases) if from_cases else 0
        hours = None if median is None else rounded("median_hours", median)
        if doc.has_link(source, target):
            metrics: dict[str, Number] = {"cases": int(cases), "share": share}
            if hours is not None:
                metrics["median_hours"] = hours
            m.links[(source, target)] = metrics
            seen.add((source, target))
        else:
            m.deviations.append(Transition(source, target, int(cases), int(transitions),
                                           float(share), hours))
    for link in doc.links():
        if (link.source, link.target) not in seen:
            m.links[(link.source, link.target)] = {"cases": 0, "share": 0}
    m.deviations.sort(key=lambda d: (-d.cases, d.source, d.target))


def measure_survey(con: duckdb.DuckDBPyConnection, doc: JourneyMap, data: DataFile,
                   names: Names) -> Measurement:
    """NPS, CSAT and CES per touchpoint with their counts of answers."""
    m = Measurement()
    from_scores(m, _rows(con, "survey_scores"))
    m.unmatched = unmatched(con, doc, data, names, "responses", "touchpoint")
    asked = [s.upper() for s in SURVEY_METRICS if s in data.columns]
    m.sources = [_source(data, " and ".join(asked) + " responses")]
    return m


def from_scores(m: Measurement, rows: list[tuple[Any, ...]]) -> None:
    """The rows of survey_scores.sql (touchpoint, nps, nps_n, csat, csat_n, ces, ces_n)."""
    for tp_id, nps, nps_n, csat, csat_n, ces, ces_n in rows:
        values: dict[str, Number] = {}
        for name, score, count in (("nps", nps, nps_n), ("csat", csat, csat_n),
                                   ("ces", ces, ces_n)):
            if count:
                values[name] = rounded(name, score)
                values[f"{name}_n"] = int(count)
        if values:
            m.touchpoints[str(tp_id)] = values
            m.evidence[str(tp_id)] = "reported"


def measure_contacts(con: duckdb.DuckDBPyConnection, doc: JourneyMap, data: DataFile,
                     names: Names) -> Measurement:
    """Contact volume per touchpoint from counted contacts."""
    m = Measurement()
    for tp_id, contacts in _rows(con, "contact_counts"):
        m.touchpoints[tp_id] = {"contacts": tidy(float(contacts))}
        m.evidence[tp_id] = "observed"
    m.unmatched = unmatched(con, doc, data, names, "contacts", "touchpoint")
    m.sources = [_source(data, "contact counts")]
    return m


MEASURES = {"events": measure_events, "survey": measure_survey, "contacts": measure_contacts}
