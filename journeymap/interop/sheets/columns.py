"""The columns of touchpoint tables and the loose matching of their headers.

A header matches a field when, ignoring case, accents, punctuation, text in brackets,
spacing and a plural ending, it is the field's own header or one of its synonyms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from journeymap.interop.sheets.values import Cell, cell_text, is_blank
from journeymap.interop.sheets.words import TOUCHPOINT_WORDS

#: How many rows from the top may hold the header (a workshop sheet often has a title above).
HEADER_SCAN: Final = 10


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    synonyms: tuple[str, ...] = ()


TOUCHPOINT_COLUMNS: Final = (
    Column("stage", "Stage", ("phase", "step", "journey stage", "stage name", "journey phase",
                              "journey step", "customer stage")),
    Column("lane", "Lane", ("swimlane", "swim lane", "row", "actor", "layer", "lane name",
                            "track", "persona lane")),
    Column("slot", "Slot", ("position", "order", "slot in cell", "sequence")),
    Column("title", "Title", ("touchpoint", "name", "task", "action", "what happens", "card",
                              "activity", "touchpoint title", "touchpoint name", "card title",
                              "customer action", "doing", "step title")),
    Column("channel", "Channel", ("medium", "via", "touchpoint channel", "media")),
    Column("emotion", "Emotion", ("feeling", "score", "mood", "sentiment", "rating",
                                  "emotion score", "emotional state", "emotional response",
                                  "satisfaction", "experience", "emoji", "smiley")),
    Column("colour", "Colour", ("color", "tag", "tag colour", "tag color", "label colour",
                                "label color", "flag")),
    Column("description", "Description", ("details", "notes", "comments", "explanation",
                                          "what happens in detail")),
    Column("thoughts", "Thoughts", ("thinking", "quotes", "customer thoughts", "says",
                                    "thinks", "thoughts and feelings", "questions", "quote")),
    Column("pain_points", "Pain points", ("pains", "pain", "problems", "issues",
                                          "frustrations", "pain point", "barriers")),
    Column("opportunities", "Opportunities", ("ideas", "improvements", "opportunity",
                                              "improvement ideas", "solutions")),
    Column("owner", "Owner", ("responsible", "team", "owned by", "responsibility",
                              "department", "who")),
    Column("metrics", "Metrics", ("kpis", "kpi", "measures", "measurements", "data")),
    Column("moment_of_truth", "Moment of truth", ("mot", "key moment", "critical moment",
                                                  "moment that matters", "moments of truth")),
    Column("votes", "Votes", ("dot votes", "dots", "priority votes")),
    Column("links", "Links to", ("links", "next", "leads to", "goes to", "next step",
                                 "outgoing links", "successors", "link to")),
    Column("id", "Id", ("touchpoint id", "card id", "key", "ref", "reference")),
    Column("stage_id", "Stage id", ()),
    Column("lane_id", "Lane id", ()),
)

STAGE_COLUMNS: Final = (
    Column("id", "Id", ("stage id",)),
    Column("name", "Name", ("stage", "title", "stage name")),
    Column("phase", "Phase", ("purchase phase",)),
    Column("description", "Description", ("details", "notes")),
)

LANE_COLUMNS: Final = (
    Column("id", "Id", ("lane id",)),
    Column("name", "Name", ("lane", "title", "lane name", "swimlane")),
    Column("description", "Description", ("details", "notes")),
)

LINK_COLUMNS: Final = (
    Column("source", "From", ("source", "from id", "source id")),
    Column("target", "To", ("target", "to id", "target id")),
    Column("kind", "Kind", ("type",)),
    Column("label", "Label", ("text", "caption")),
)

IMPROVEMENT_COLUMNS: Final = (
    Column("id", "Id", ("improvement id",)),
    Column("title", "Title", ("improvement", "name", "action item")),
    Column("touchpoints", "Touchpoints", ("touchpoint ids", "cards")),
    Column("problem", "Problem", ("issue", "pain point")),
    Column("action", "Action", ("what to do", "solution")),
    Column("owner", "Owner", ("responsible", "team")),
    Column("priority", "Priority", ()),
    Column("impact", "Impact", ()),
    Column("effort", "Effort", ()),
    Column("status", "Status", ("state",)),
    Column("due", "Due", ("due date", "deadline", "date")),
    Column("kpi", "KPI", ("measure", "metric", "success measure")),
)

CHANNEL_COLUMNS: Final = (
    Column("id", "Id", ("channel id",)),
    Column("name", "Name", ("channel",)),
    Column("kind", "Kind", ("type",)),
)

MAP_COLUMNS: Final = (
    Column("field", "Field", ("key", "property")),
    Column("value", "Value", ()),
)


def header_key(text: str) -> str:
    """Lowercase words without accents, punctuation, bracketed notes or a plural ending."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"\(.*?\)|\[.*?\]", " ", plain)
    words = re.findall(r"[^\W_]+", plain)
    if words:
        words[-1] = _singular(words[-1])
    return " ".join(words)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def synonyms(columns: Iterable[Column]) -> dict[str, str]:
    """Header key → field, own headers first so they win over another field's synonym."""
    table: dict[str, str] = {}
    columns = tuple(columns)
    for column in columns:
        table.setdefault(header_key(column.header), column.field)
        table.setdefault(column.field.replace("_", " "), column.field)
    for column in columns:
        for word in column.synonyms:
            table.setdefault(header_key(word), column.field)
    return table


@dataclass
class Table:
    """One sheet (or CSV file): its header, which columns hold which field, and its data rows.

    Row numbers are those a spreadsheet shows, so the header row is 1 unless a title sits above.
    """

    name: str
    header_row: int
    headers: list[str]
    columns: dict[str, list[int]]
    rows: list[tuple[int, Sequence[Cell]]] = field(default_factory=list)
    above: list[Sequence[Cell]] = field(default_factory=list)

    def place(self, row: int) -> str:
        return f"{self.name}, row {row}" if self.name else f"row {row}"

    def has(self, name: str) -> bool:
        return name in self.columns

    def value(self, cells: Sequence[Cell], name: str) -> Cell:
        """The row's cell for a field (the first of its columns), None when there is none."""
        indexes = self.columns.get(name)
        if not indexes or indexes[0] >= len(cells):
            return None
        return cells[indexes[0]]

    def values(self, cells: Sequence[Cell], name: str) -> list[Cell]:
        """Every cell of a field that several columns feed (pains and problems, say)."""
        return [cells[i] for i in self.columns.get(name, []) if i < len(cells)]

    def header(self, name: str) -> str:
        return self.headers[self.columns[name][0]]

    def title_above(self) -> str:
        """A title line above the header (a workshop sheet's heading), if there is one."""
        for cells in self.above:
            texts = [c for c in cells if isinstance(c, str) and c.strip()]
            if texts:
                return texts[0].strip()
        return ""


def match_header(
    cells: Sequence[Cell], table: dict[str, str]
) -> tuple[dict[str, list[int]], list[int]]:
    """Which columns hold which field, and the columns whose header names no field."""
    columns: dict[str, list[int]] = {}
    unknown: list[int] = []
    for index, cell in enumerate(cells):
        if is_blank(cell):
            continue
        name = table.get(header_key(cell_text(cell)))
        if name is None:
            unknown.append(index)
        else:
            columns.setdefault(name, []).append(index)
    stages = columns.get("stage", [])
    if "title" not in columns and len(stages) >= 2:
        # "Phase | Step | …": the broader column is the stage, the next one names the card
        columns["title"] = [stages.pop(1)]
    _touchpoint_as_channel(cells, columns)
    return columns, unknown


def _touchpoint_as_channel(cells: Sequence[Cell], columns: dict[str, list[int]]) -> None:
    """"Actions | Touchpoint": the actions name the cards, the touchpoint is their channel."""
    titles = columns.get("title", [])
    if len(titles) < 2 or "channel" in columns:
        return
    keys = {header_key(w) for w in TOUCHPOINT_WORDS}
    for index in titles:
        if header_key(cell_text(cells[index])) in keys:
            titles.remove(index)
            columns["channel"] = [index]
            return


def find_header(
    rows: Sequence[tuple[int, Sequence[Cell]]],
    table: dict[str, str],
    required: str,
    name: str = "",
) -> Table | None:
    """The first of the top rows that names ``required`` and another field (or only known ones)."""
    for position, (number, cells) in enumerate(rows):
        if number > HEADER_SCAN:
            break
        columns, unknown = match_header(cells, table)
        if required in columns and (len(columns) >= 2 or not unknown):
            headers = [cell_text(c).strip() for c in cells]
            found = Table(name, number, headers, columns)
            found.above = [c for _, c in rows[:position]]
            found.rows = list(rows[position + 1 :])
            return found
    return None


def unknown_headers(found: Table, table: dict[str, str]) -> list[int]:
    """Columns of the header row that no field claims."""
    return [
        i
        for i, text in enumerate(found.headers)
        if text and header_key(text) not in table
    ]
