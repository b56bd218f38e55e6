"""Which touchpoint a name in the data means: its id, its title (either without regard to case
and surrounding spaces) or a line of a mapping file; fuzzy suggestions for the rest.

The queries join on the table ``touchpoint_names(name, touchpoint, is_exit)`` built here, so the
same rule holds in DuckDB and in a warehouse that is given that small table.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from journeymap.core.model import JourneyMap
from journeymap.measure.columns import normalise
from journeymap.measure.errors import MeasureError

IGNORE = "-"  # in a mapping file: this name is not a touchpoint; stop reporting it


def key(name: str) -> str:
    """How a name is compared: without case and surrounding spaces."""
    return name.strip().lower()


@dataclass
class Names:
    """Name (as compared) → touchpoint id, the map's exits and the names to ignore."""

    table: dict[str, str] = field(default_factory=dict)
    exits: frozenset[str] = frozenset()
    ignored: frozenset[str] = frozenset()
    warnings: list[str] = field(default_factory=list)


def touchpoint_names(doc: JourneyMap, mapping: dict[str, str | None] | None = None) -> Names:
    """The names that mean each touchpoint: mapping lines first, then ids, then titles."""
    table: dict[str, str] = {}
    warnings: list[str] = []
    ignored = {key(n) for n, tp in (mapping or {}).items() if tp is None}
    for name, tp_id in (mapping or {}).items():
        if tp_id is not None:
            table[key(name)] = tp_id
    tps = doc.touchpoints()
    for tp in tps:
        table.setdefault(key(tp.id), tp.id)
    for tp in tps:
        title = key(tp.title)
        if not title:
            continue
        if title in table and table[title] != tp.id and title != key(table[title]):
            other = table[title]
            if key(doc.touchpoint(other).title) == title:
                warnings.append(
                    f'two touchpoints are titled "{tp.title}" ("{other}" and "{tp.id}"); the '
                    f'data\'s "{tp.title}" is counted at "{other}" (name the other by its id or '
                    "in a mapping file)"
                )
            continue
        table.setdefault(title, tp.id)
    exits = frozenset(tp.id for tp in tps if doc.graph.out_degree(tp.id) == 0)
    return Names(table, exits, frozenset(ignored), warnings)


def register(con: duckdb.DuckDBPyConnection, names: Names) -> None:
    """Create ``touchpoint_names`` in the connection."""
    con.execute("DROP TABLE IF EXISTS touchpoint_names")
    con.execute(
        "CREATE TEMP TABLE touchpoint_names (name VARCHAR PRIMARY KEY, touchpoint VARCHAR, "
        "is_exit BOOLEAN)"
    )
    rows = [(n, tp, tp in names.exits) for n, tp in sorted(names.table.items())]
    if rows:
        con.executemany("INSERT INTO touchpoint_names VALUES (?, ?, ?)", rows)


def values_sql(names: Names) -> str:
    """``touchpoint_names`` as a SQL ``VALUES`` list, for running the queries elsewhere."""
    def lit(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    rows = ",\n    ".join(
        f"({lit(n)}, {lit(tp)}, {'TRUE' if tp in names.exits else 'FALSE'})"
        for n, tp in sorted(names.table.items())
    )
    return (f"touchpoint_names (name, touchpoint, is_exit) AS (VALUES\n    {rows}\n)"
            if rows else "touchpoint_names (name, touchpoint, is_exit) AS (SELECT NULL, NULL, "
            "FALSE WHERE FALSE)")


def suggestions(name: str, doc: JourneyMap, limit: int = 3) -> list[str]:
    """Touchpoint ids whose id or title is close to ``name``, closest first."""
    choices: dict[str, str] = {}
    for tp in doc.touchpoints():
        choices.setdefault(key(tp.title), tp.id)
        choices.setdefault(key(tp.id), tp.id)
        choices.setdefault(normalise(tp.title), tp.id)
    wanted = key(name)
    scored: list[tuple[float, str]] = []
    for text, tp_id in choices.items():
        ratio = difflib.SequenceMatcher(None, wanted, text).ratio()
        if ratio >= 0.6:
            scored.append((ratio, tp_id))
    best: list[str] = []
    for _, tp_id in sorted(scored, key=lambda s: (-s[0], s[1])):
        if tp_id not in best:
            best.append(tp_id)
    return best[:limit]


def read_mapping(path: Path, doc: JourneyMap) -> dict[str, str | None]:
    """A mapping file: CSV with columns ``activity`` (the name in the data) and ``touchpoint``
    (an id or title of the map, or ``-`` for a name that is no touchpoint)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise MeasureError(f"{path.name}: cannot read the mapping file ({err})") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise MeasureError(f"{path.name}: the mapping file is empty")
    header = [normalise(c) for c in rows[0]]
    try:
        name_col = next(i for i, c in enumerate(header) if c in ("activity", "name", "event"))
        tp_col = header.index("touchpoint")
    except (StopIteration, ValueError):
        raise MeasureError(
            f'{path.name}: row 1: a mapping file needs the columns "activity" and "touchpoint"'
        ) from None
    by_title = {key(tp.title): tp.id for tp in reversed(doc.touchpoints())}
    mapping: dict[str, str | None] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        name = row[name_col].strip() if name_col < len(row) else ""
        target = row[tp_col].strip() if tp_col < len(row) else ""
        if not name:
            raise MeasureError(f'{path.name}: row {number}, column "activity": empty')
        if not target:
            continue  # not decided yet: the name stays reported as unmatched
        if target == IGNORE:
            mapping[name] = None
            continue
        tp_id = target if doc.has_touchpoint(target) else by_title.get(key(target))
        if tp_id is None:
            raise MeasureError(
                f'{path.name}: row {number}, column "touchpoint": no touchpoint of the map has '
                f'the id or title "{target}" (write "-" for a name that is no touchpoint)'
            )
        mapping[name] = tp_id
    return mapping


def mapping_text(unmatched: list[tuple[str, int, list[str]]]) -> str:
    """A mapping file to fill in: each unmatched name with its best suggestion (or blank)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["activity", "touchpoint", "rows"])
    for name, count, suggested in unmatched:
        writer.writerow([name, suggested[0] if suggested else "", count])
    return out.getvalue()
