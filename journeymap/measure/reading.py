"""Data files into DuckDB: one connection, each file as the relation its queries read
(``events``, ``responses`` or ``contacts``), checked row by row with one sentence per fault.

CSV and TSV files (Excel's "CSV UTF-8" too) are read once into a table of text columns and
cast there; Parquet files are read in place through a view. Every relation carries ``_row``,
the row as a spreadsheet numbers it (the header of a CSV file is row 1).
"""

from __future__ import annotations

import datetime
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from journeymap.measure.columns import (
    SCORES,
    Kind,
    find_columns,
    missing_sentence,
    recognise,
)
from journeymap.measure.errors import MeasureError

#: Scale of each survey answer: (lowest, highest, what it is).
SCALES: dict[str, tuple[int, int]] = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
_PARQUET = (".parquet", ".pq")
_TEXT = (".csv", ".tsv", ".txt", ".tab")


@dataclass
class DataFile:
    """One data file loaded into the connection."""

    path: Path
    kind: Kind
    columns: dict[str, str]  # role → the file's column name
    rows: int
    first: datetime.date | None = None
    last: datetime.date | None = None

    @property
    def name(self) -> str:
        """What the user recognises: the file name without its folder."""
        return self.path.name


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory database that spills to the temporary folder rather than failing."""
    spill = Path(tempfile.gettempdir()) / f"journeymap-measure-{os.getpid()}"
    threads = max(1, min(4, os.cpu_count() or 1))
    return duckdb.connect(
        ":memory:",
        config={
            "threads": threads,
            "memory_limit": os.environ.get("JOURNEYMAP_MEASURE_MEMORY", "320MB"),
            "temp_directory": str(spill),
            "preserve_insertion_order": True,
        },
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _source(path: Path) -> tuple[str, list[Any], str]:
    """The table function reading ``path``, its parameters, and its row-number expression."""
    suffix = path.suffix.lower()
    if suffix in _PARQUET:
        return "read_parquet(?, file_row_number = true)", [str(path)], "file_row_number + 1"
    if suffix in _TEXT or not suffix:
        return "read_csv(?, header = true, all_varchar = true)", [str(path)], ""
    raise MeasureError(
        f"{path.name}: cannot read {suffix} files; save the data as CSV (UTF-8), TSV or Parquet"
    )


def columns_of(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    function, params, _ = _source(path)
    try:
        rel = con.execute(f"DESCRIBE SELECT * FROM {function}", params).fetchall()
    except duckdb.Error as err:
        raise MeasureError(f"{path.name}: cannot read the data: {_reason(err)}") from None
    return [str(row[0]) for row in rel]


def _reason(err: Exception) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return text.split(": ", 1)[-1] if text.lower().startswith(("io error", "invalid input"))\
        else text


def load(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    kind: Kind | None = None,
    *,
    keep_single: bool = False,
) -> DataFile:
    """Load ``path`` as the relation of its kind (recognised from its columns unless given)."""
    if not path.is_file():
        raise MeasureError(f"{path}: no such data file")
    names = columns_of(con, path)
    kind = kind or recognise(names)
    if kind is None:
        raise MeasureError(missing_sentence(path.name, names, None))
    found = find_columns(names, kind)
    if kind == "survey" and not any(s in found for s in SCORES) or any(
        role not in found for role in {"events": ("case_id", "activity", "ts"),
                                       "survey": ("touchpoint",),
                                       "contacts": ("touchpoint", "contacts")}[kind]
    ):
        raise MeasureError(missing_sentence(path.name, names, kind))
    data = DataFile(path, kind, found, 0)
    {"events": _load_events, "survey": _load_survey, "contacts": _load_contacts}[kind](
        con, data
    )
    if kind == "events":
        check_cases(con, data, keep_single)
    return data


def _create(con: duckdb.DuckDBPyConnection, data: DataFile, relation: str, select: str) -> None:
    """``relation`` as ``SELECT {select}, _row`` over the file (a table for text, a view else)."""
    function, params, row = _source(data.path)
    con.execute(f"DROP VIEW IF EXISTS {relation}")
    con.execute(f"DROP TABLE IF EXISTS {relation}")
    try:
        if row:
            con.execute(
                f"CREATE VIEW {relation} AS SELECT {select}, {row} AS _row FROM "
                + function.replace("?", "'" + str(data.path).replace("'", "''") + "'"),
            )
        else:
            con.execute(
                f"CREATE TEMP TABLE {relation} AS SELECT {select}, "
                f"ROW_NUMBER() OVER () + 1 AS _row FROM {function}",
                params,
            )
    except duckdb.Error as err:
        raise MeasureError(f"{data.name}: cannot read the data: {_reason(err)}") from None


def _text(data: DataFile, role: str) -> str:
    return f"CAST({_quote(data.columns[role])} AS VARCHAR)"


def _load_events(con: duckdb.DuckDBPyConnection, data: DataFile) -> None:
    channel = _text(data, "channel") if "channel" in data.columns else "CAST(NULL AS VARCHAR)"
    ts_column = _quote(data.columns["ts"])
    _create(con, data, "events", (
        f"{_text(data, 'case_id')} AS case_id, {_text(data, 'activity')} AS activity, "
        f"TRY_CAST({ts_column} AS TIMESTAMP) AS ts, {channel} AS channel"
    ))
    row = con.execute(
        "SELECT COUNT(*), "
        "MIN(CASE WHEN case_id IS NULL OR TRIM(case_id) = '' THEN _row END), "
        "MIN(CASE WHEN activity IS NULL OR TRIM(activity) = '' THEN _row END), "
        "MIN(CASE WHEN ts IS NULL THEN _row END), MIN(ts), MAX(ts) FROM events"
    ).fetchone()
    assert row is not None
    data.rows, bad_case, bad_activity, bad_ts, first, last = row
    if data.rows == 0:
        raise MeasureError(f"{data.name}: the event log has no rows")
    for bad, role, what in ((bad_case, "case_id", "a case id"),
                            (bad_activity, "activity", "an activity")):
        if bad is not None:
            raise MeasureError(
                f'{data.name}: row {bad}, column "{data.columns[role]}": empty; every event '
                f"needs {what}"
            )
    if bad_ts is not None:
        raw = _raw_value(con, data, "ts", bad_ts)
        shown = "empty" if raw in (None, "") else f'"{raw}" is not a date and time'
        raise MeasureError(
            f'{data.name}: row {bad_ts}, column "{data.columns["ts"]}": {shown} '
            "(write it as YYYY-MM-DD HH:MM:SS)"
        )
    data.first, data.last = _day(first), _day(last)


def check_cases(con: duckdb.DuckDBPyConnection, data: DataFile, keep_single: bool) -> None:
    """A case with one event has no step to measure: most often the case column is wrong."""
    if keep_single:
        return
    row = con.execute(
        "SELECT case_id, MIN(_row) AS r FROM events GROUP BY case_id HAVING COUNT(*) = 1 "
        "ORDER BY r LIMIT 1"
    ).fetchone()
    if row is not None:
        raise MeasureError(
            f'{data.name}: row {row[1]}, column "{data.columns["case_id"]}": case '
            f'"{row[0]}" has only one event, so none of its steps can be measured (check that '
            '"' + data.columns["case_id"] + '" names the case; --keep-single-events counts '
            "such cases anyway)"
        )


def _raw_value(con: duckdb.DuckDBPyConnection, data: DataFile, role: str, row: int) -> Any:
    function, params, expr = _source(data.path)
    expr = expr or "ROW_NUMBER() OVER () + 1"
    found = con.execute(
        f"SELECT v FROM (SELECT {_quote(data.columns[role])} AS v, {expr} AS r FROM {function}) "
        "WHERE r = ?",
        [*params, row],
    ).fetchone()
    return None if found is None else found[0]


def _day(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return None


def _load_survey(con: duckdb.DuckDBPyConnection, data: DataFile) -> None:
    parts = [f"{_text(data, 'touchpoint')} AS touchpoint"]
    for score in SCORES:
        if score in data.columns:
            column = _quote(data.columns[score])
            parts.append(f"TRY_CAST({column} AS DOUBLE) AS {score}")
            parts.append(f"CAST({column} AS VARCHAR) AS {score}_text")
        else:
            parts.append(f"CAST(NULL AS DOUBLE) AS {score}, CAST(NULL AS VARCHAR) AS {score}_text")
    date = f"TRY_CAST({_quote(data.columns['date'])} AS TIMESTAMP)" if "date" in data.columns\
        else "CAST(NULL AS TIMESTAMP)"
    parts.append(f"{date} AS answered")
    _create(con, data, "responses", ", ".join(parts))
    checks = ["COUNT(*)", "MIN(CASE WHEN touchpoint IS NULL OR TRIM(touchpoint) = '' "
              "THEN _row END)", "MIN(answered)", "MAX(answered)"]
    for score in SCORES:
        low, high = SCALES[score]
        checks.append(
            f"MIN(CASE WHEN {score}_text IS NOT NULL AND TRIM({score}_text) <> '' AND "
            f"({score} IS NULL OR {score} < {low} OR {score} > {high} OR "
            f"{score} <> ROUND({score})) THEN _row END)"
        )
    row = con.execute(f"SELECT {', '.join(checks)} FROM responses").fetchone()
    assert row is not None
    data.rows, bad_tp, first, last, *bad_scores = row
    if data.rows == 0:
        raise MeasureError(f"{data.name}: the survey has no responses")
    if bad_tp is not None:
        raise MeasureError(
            f'{data.name}: row {bad_tp}, column "{data.columns["touchpoint"]}": empty; every '
            "response needs the touchpoint it rates (its id or title)"
        )
    for score, bad in zip(SCORES, bad_scores, strict=True):
        if bad is not None:
            (raw,) = con.execute(
                f"SELECT {score}_text FROM responses WHERE _row = ?", [bad]
            ).fetchone() or ("",)
            low, high = SCALES[score]
            raise MeasureError(
                f'{data.name}: row {bad}, column "{data.columns[score]}": expected a whole '
                f"number from {low} to {high} ({score.upper()}), got {str(raw).strip()!r}"
            )
    data.first, data.last = _day(first), _day(last)


def _load_contacts(con: duckdb.DuckDBPyConnection, data: DataFile) -> None:
    column = _quote(data.columns["contacts"])
    _create(con, data, "contacts", (
        f"{_text(data, 'touchpoint')} AS touchpoint, TRY_CAST({column} AS DOUBLE) AS contacts, "
        f"CAST({column} AS VARCHAR) AS contacts_text"
    ))
    row = con.execute(
        "SELECT COUNT(*), MIN(CASE WHEN touchpoint IS NULL OR TRIM(touchpoint) = '' THEN _row "
        "END), MIN(CASE WHEN contacts IS NULL OR contacts < 0 OR contacts <> ROUND(contacts) "
        "THEN _row END) FROM contacts"
    ).fetchone()
    assert row is not None
    data.rows, bad_tp, bad_count = row
    if bad_tp is not None:
        raise MeasureError(
            f'{data.name}: row {bad_tp}, column "{data.columns["touchpoint"]}": empty; every '
            "row needs the touchpoint it counts"
        )
    if bad_count is not None:
        (raw,) = con.execute(
            "SELECT contacts_text FROM contacts WHERE _row = ?", [bad_count]
        ).fetchone() or ("",)
        raise MeasureError(
            f'{data.name}: row {bad_count}, column "{data.columns["contacts"]}": expected a '
            f"whole number of 0 or more, got {'nothing' if raw is None else repr(raw)}"
        )
