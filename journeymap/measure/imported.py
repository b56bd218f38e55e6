"""Results of the queries run elsewhere (a warehouse: Spark SQL, BigQuery, Snowflake), exported
as CSV or Parquet and imported here: each file is recognised by its columns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from journeymap.core.entities import Source
from journeymap.core.model import JourneyMap
from journeymap.measure import aggregate
from journeymap.measure.columns import normalise
from journeymap.measure.errors import MeasureError
from journeymap.measure.reading import _source
from journeymap.measure.result import Measurement, today

#: query → the columns of its result, in order
RESULTS: dict[str, tuple[str, ...]] = {
    "touchpoint_traffic": ("touchpoint", "events", "cases", "lost"),
    "transitions": ("source", "target", "transitions", "cases", "median_hours"),
    "survey_scores": ("touchpoint", "nps", "nps_n", "csat", "csat_n", "ces", "ces_n"),
    "contact_counts": ("touchpoint", "contacts"),
    "channel_volume": ("channel", "contacts", "cases"),
}
_KIND = {"touchpoint_traffic": "events", "transitions": "events", "survey_scores": "survey",
         "contact_counts": "contacts", "channel_volume": "events"}


def _read(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[str, list[tuple[Any, ...]]]:
    if not path.is_file():
        raise MeasureError(f"{path}: no such result file")
    function, params, _ = _source(path)
    if "read_csv" in function:
        function = "read_csv(?, header = true)"
    try:
        rel = con.execute(f"SELECT * FROM {function}", params)
        columns = tuple(normalise(d[0]) for d in rel.description)
        rows = rel.fetchall()
    except duckdb.Error as err:
        raise MeasureError(f"{path.name}: cannot read the result: {err}") from None
    for query, wanted in RESULTS.items():
        if columns == wanted:
            return query, rows
    expected = "; ".join(f"{q}: {', '.join(c)}" for q, c in RESULTS.items())
    raise MeasureError(
        f"{path.name}: row 1: these columns are not the result of one of the queries "
        f"({', '.join(columns)}); expected exactly the columns of one of {expected}"
    )


def _check_ids(doc: JourneyMap, name: str, query: str, rows: list[tuple[Any, ...]]) -> None:
    roles = {"transitions": (0, 1)}.get(query, (0,)) if query != "channel_volume" else ()
    for number, row in enumerate(rows, start=2):
        for i in roles:
            if not doc.has_touchpoint(str(row[i])):
                column = RESULTS[query][i]
                raise MeasureError(
                    f'{name}: row {number}, column "{column}": "{row[i]}" is not a touchpoint '
                    "id of this map"
                )


def measure_results(con: duckdb.DuckDBPyConnection, doc: JourneyMap, paths: list[Path]
                    ) -> Measurement:
    """The measurement the given query results describe."""
    results = [(path, *_read(con, path)) for path in paths]
    order = list(RESULTS)
    results.sort(key=lambda r: order.index(r[1]))
    total = Measurement()
    traffic: aggregate.Traffic | None = None
    for path, query, rows in results:
        _check_ids(doc, path.name, query, rows)
        m = Measurement()
        if query == "touchpoint_traffic":
            m.replaces = set(aggregate.EVENT_METRICS)
            traffic = aggregate.from_traffic(m, doc, rows)
        elif query == "transitions":
            if traffic is None:
                raise MeasureError(
                    f"{path.name}: a transitions result needs the touchpoint_traffic result of "
                    "the same data beside it (the share of each link is of its source's cases)"
                )
            aggregate.from_transitions(m, doc, traffic, rows)
        elif query == "survey_scores":
            aggregate.from_scores(m, rows)
        elif query == "contact_counts":
            for tp_id, contacts in rows:
                m.touchpoints[str(tp_id)] = {"contacts": aggregate.rounded("contacts", contacts)}
        else:
            m.channels = [(str(c), int(n), int(k)) for c, n, k in rows]
        m.sources = [Source(id="new", name=path.name, kind=_KIND[query],  # type: ignore[arg-type]
                            imported=today(), records=len(rows),
                            note=f"aggregated result of {query}.sql")]
        total.merge(m)
    return total
