"""Measured journeys: survey responses, event logs and contact counts aggregated by DuckDB
into metrics on the map (NPS, CSAT, CES, cases, drop-off, link traffic), deviations and
unmatched names. No Qt; the map changes only through :func:`result.command`, in one step.

Every aggregation is one SQL query in ``sql/`` over plain relations (``events``,
``responses``, ``contacts``, ``touchpoint_names``), so the same query can run in a warehouse;
its small result comes back through :func:`measure` with ``aggregated=[...]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from journeymap.core.model import JourneyMap
from journeymap.measure.columns import KINDS, Kind
from journeymap.measure.errors import MeasureError
from journeymap.measure.result import Measurement, Transition, Unmatched, command, describe

__all__ = [
    "KINDS",
    "Kind",
    "MeasureError",
    "Measurement",
    "Transition",
    "Unmatched",
    "command",
    "describe",
    "measure",
]


def measure(
    doc: JourneyMap,
    data: Sequence[str | Path] = (),
    *,
    kind: Kind | None = None,
    mapping: str | Path | dict[str, str | None] | None = None,
    aggregated: Sequence[str | Path] = (),
    keep_single_events: bool = False,
) -> Measurement:
    """Read and aggregate ``data`` (and query results ``aggregated``) against ``doc``.

    ``mapping`` is a mapping file, or its content: name in the data → touchpoint id, or None
    for a name that is no touchpoint. Raises :class:`MeasureError` with one sentence naming
    file, row and column for bad data; ``doc`` is never changed here.
    """
    from journeymap.measure import aggregate, imported, names, reading

    if mapping is None or isinstance(mapping, dict):
        mapped = mapping
    else:
        mapped = names.read_mapping(Path(mapping), doc)
    table = names.touchpoint_names(doc, mapped)
    con = reading.connect()
    try:
        names.register(con, table)
        total = Measurement()
        total.warnings += table.warnings
        for path in data:
            loaded = reading.load(con, Path(path), kind, keep_single=keep_single_events)
            total.merge(aggregate.MEASURES[loaded.kind](con, doc, loaded, table))
        if aggregated:
            total.merge(imported.measure_results(con, doc, [Path(p) for p in aggregated]))
    finally:
        con.close()
    return total
