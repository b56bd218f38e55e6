"""Stage-across grids: the journey-map template with stages along the top, fields down the side.

    Customer journey: onboarding            (a title, often merged across)
            | Before        |       | After   (a phase band, often merged)
    Stage   | Discover      | Sign up | Use
    Actions | Sees an ad    | Fills in the form
    Channel | Instagram     | Website
    Feeling | 😀            | 2
    Pains   |               | Too many fields

The row labels are matched like column headers (:mod:`mapping`). With one actions row a cell
holds one touchpoint per line; with several, one per cell. A value with as many lines as its
column has touchpoints goes line by line; otherwise channel, emotion and owner apply to every
touchpoint of the column and the other fields go to its first touchpoint. Flow links chain
the touchpoints left to right, as the grid reads. The grid is turned
into a one-row-per-touchpoint :class:`GridTable` that :class:`MapBuilder` reads as usual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from journeymap.core.validation import quote
from journeymap.interop.common import InteropError
from journeymap.interop.sheets.build import MapBuilder
from journeymap.interop.sheets.columns import TOUCHPOINT_COLUMNS, Table, header_key
from journeymap.interop.sheets.mapping import IGNORE, TOUCHPOINT_KEYS, HeaderTable, Mapping
from journeymap.interop.sheets.values import (
    Cell,
    cell_text,
    emotion_scale,
    fold,
    format_metrics,
    is_blank,
    parse_emotion,
    parse_metrics,
    split_lines,
)
from journeymap.interop.sheets.words import phase_of

Rows = Sequence[tuple[int, Sequence[Cell]]]
#: How far down and across a grid's row labels are looked for.
LABEL_COLUMNS = 3
SCAN_ROWS = 60
_LONGEST_LABEL = 60
#: Fields that every touchpoint of a column shares when the cell is not one line per card.
_SHARED = ("channel", "emotion", "owner", "colour")
_NOT_IN_GRIDS = ("stage", "stage_id", "lane", "lane_id", "id", "slot", "links")
_FIELDS = tuple(c.field for c in TOUCHPOINT_COLUMNS if c.field not in _NOT_IN_GRIDS)


@dataclass
class GridTable(Table):
    """A grid as touchpoint rows; each row's place names the grid column it came from."""

    places: dict[int, str] = field(default_factory=dict)
    axis = "row"  # what holds one field: a row of the grid

    def place(self, row: int) -> str:
        return self.places.get(row) or super().place(row)


@dataclass
class Grid:
    """Where a grid's parts are: the label column, the stage row, the labelled rows below."""

    label_column: int
    stage_row: int  # index into the rows
    labelled: int


def _label(cells: Sequence[Cell], column: int) -> str:
    if column >= len(cells) or is_blank(cells[column]):
        return ""
    text = cell_text(cells[column]).strip()
    return text if len(text) <= _LONGEST_LABEL and "\n" not in text else ""


def detect(rows: Rows, mapping: Mapping) -> Grid | None:
    """The grid layout of the top rows, or None when no column holds field names down it."""
    headers = mapping.table(grid=True)
    best: Grid | None = None
    top = rows[:SCAN_ROWS]
    for column in range(LABEL_COLUMNS):
        named = [
            (index, name)
            for index, (_, cells) in enumerate(top)
            if (label := _label(cells, column))
            and (name := headers.get(header_key(label))) is not None
        ]
        content = [i for i, name in named if name not in ("stage", IGNORE)]
        if not content or len({name for _, name in named}) < 2:
            continue
        first = content[0]
        stage_rows = [i for i, name in named if name == "stage" and i < first]
        stage = stage_rows[-1] if stage_rows else first - 1
        if stage < 0 or all(is_blank(c) for c in top[stage][1][column + 1 :]):
            continue
        labelled = sum(1 for i in content if i > stage)
        enough = labelled >= 2 or (labelled == 1 and stage_rows)
        if enough and (best is None or labelled > best.labelled):
            best = Grid(column, stage, labelled)
    return best


def prefer_grid(grid: Grid | None, table: Table | None) -> bool:
    """A grid wins over a row header that recognises fewer than two columns beside its labels."""
    if grid is None:
        return False
    if table is None:
        return True
    others = [i for indexes in table.columns.values() for i in indexes if i != grid.label_column]
    return len(others) < 2


def read_grid(
    rows: Rows, title: str, mapping: Mapping, grid: Grid, warnings: list[str], name: str = ""
) -> MapBuilder:
    """A builder holding the grid's stages and touchpoints (call ``finish`` on it)."""
    return _GridReader(rows, mapping, grid, name).build(title, warnings)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _GridReader:
    def __init__(self, rows: Rows, mapping: Mapping, grid: Grid, name: str) -> None:
        self.rows = rows
        self.mapping = mapping
        self.headers = mapping.table(grid=True)
        self.column = grid.label_column
        self.stage_index = grid.stage_row
        self.prefix = f"{name}, " if name else ""
        self.warnings: list[str] = []
        self.labels: list[tuple[str, str]] = []
        #: field → its rows (number, cells), in sheet order
        self.by_field: dict[str, list[tuple[int, Sequence[Cell]]]] = {}
        self.first_label: dict[str, str] = {}

    # ------------------------------------------------------------------ layout
    def _stage_columns(self) -> list[tuple[int, str]]:
        """(column, stage name); a blank header with data below continues the stage before."""
        number, cells = self.rows[self.stage_index]
        below = self.rows[self.stage_index + 1 :]
        width = max((len(c) for _, c in self.rows[self.stage_index :]), default=0)
        found: list[tuple[int, str]] = []
        current = ""
        for j in range(self.column + 1, width):
            name = cell_text(cells[j]).strip() if j < len(cells) else ""
            if name:
                current = " ".join(name.split())
            elif not current or all(j >= len(c) or is_blank(c[j]) for _, c in below):
                continue
            found.append((j, current))
        return found

    def _phases(self, columns: list[tuple[int, str]]) -> tuple[dict[int, str], int | None]:
        """Column → phase from a before/during/after band above the stages, and its row."""
        for index in range(self.stage_index - 1, -1, -1):
            cells = self.rows[index][1]
            texts = {j: cell_text(cells[j]).strip() for j, _ in columns if j < len(cells)}
            if not any(texts.values()):
                continue
            phases: dict[int, str] = {}
            current: str | None = None
            for j, _ in columns:
                text = texts.get(j, "")
                if text:
                    current = phase_of(text)
                if current is not None:
                    phases[j] = current
            return (phases, index) if phases else ({}, None)
        return {}, None

    def _read_labels(self) -> None:
        field_of: str | None = None
        label = ""
        seen: set[str] = set()
        for number, cells in self.rows[self.stage_index + 1 :]:
            text = _label(cells, self.column)
            if text:
                label = text
                key = header_key(text)
                field_of = self.headers.get(key)
                if field_of == "title" and key in TOUCHPOINT_KEYS and not self.mapping.is_chosen(
                    text
                ):
                    field_of = "touchpoint"
                if key not in seen:
                    seen.add(key)
                    shown = "" if field_of is None else field_of
                    self.labels.append((text, "title" if shown == "touchpoint" else shown))
                    if field_of is None:
                        self.warnings.append(
                            f"{self.prefix}row {number}: row label {quote(text)} is not "
                            "recognised; ignored"
                        )
            elif field_of is None:
                continue
            if field_of is None or field_of == IGNORE:
                continue
            self.by_field.setdefault(field_of, []).append((number, cells))
            self.first_label.setdefault(field_of, label)
        if "touchpoint" in self.by_field:
            moved = "channel" if "title" in self.by_field else "title"
            rows = self.by_field.pop("touchpoint")
            self.by_field[moved] = rows + self.by_field.get(moved, [])
            self.first_label.setdefault(moved, self.first_label.pop("touchpoint"))
            self.labels = [
                (t, moved if header_key(t) in TOUCHPOINT_KEYS and f == "title" else f)
                for t, f in self.labels
            ]

    def _cells(self, name: str, j: int) -> list[tuple[int, Cell]]:
        return [
            (number, cells[j])
            for number, cells in self.by_field.get(name, [])
            if j < len(cells) and not is_blank(cells[j])
        ]

    # ------------------------------------------------------------------ building
    def build(self, title: str, warnings: list[str]) -> MapBuilder:
        columns = self._stage_columns()
        phases, band = self._phases(columns)
        skip = {self.stage_index, band}
        above = [c for i, (_, c) in enumerate(self.rows[: self.stage_index]) if i not in skip]
        heading = Table("", 0, [], {}, above=above).title_above()
        builder = MapBuilder(heading or title, self.headers)
        builder.warnings.extend(warnings)
        self.warnings = builder.warnings
        self._read_labels()
        builder.layout = "grid"
        stage_label = _label(self.rows[self.stage_index][1], self.column)
        builder.labels = [(stage_label or "(the stage row)", "stage"), *self.labels]
        goals: dict[str, list[str]] = {}
        for j, stage in columns:
            goals.setdefault(fold(stage), []).extend(
                line for _, v in self._cells("goals", j) for line in split_lines(v)
            )
        added: set[str] = set()
        for j, stage in columns:
            key = fold(stage)
            if key in added:
                continue
            added.add(key)
            builder.add_axis("stage", "", stage, phase=phases.get(j),
                             description="\n".join(goals.get(key, [])))
        builder.listed.add("stage")
        table = self._table(columns)
        if table.rows:
            builder.read_touchpoints(table)
        cards = builder.doc.touchpoints()
        for a, b in zip(cards, cards[1:], strict=False):  # a grid reads as one path
            builder.add_link(table.place(0), a.id, b.id, "flow", "")
        return builder

    def _table(self, columns: list[tuple[int, str]]) -> GridTable:
        own = {c.field: c.header for c in TOUCHPOINT_COLUMNS}
        headers = ["Stage", *(self.first_label.get(f, own[f]) for f in _FIELDS)]
        index = {f: [i + 1] for i, f in enumerate(_FIELDS)}
        index["stage"] = [0]
        stage_number = self.rows[self.stage_index][0]
        table = GridTable(self.prefix.removesuffix(", "), 0, headers, index)
        table.places[0] = f"{self.prefix}row {stage_number}"
        emotions = [v for j, _ in columns for _, v in self._cells("emotion", j)]
        scores = emotion_scale(emotions)
        for j, stage in columns:
            for cells, place in self._cards(j, stage, scores):
                number = len(table.rows) + 1
                table.places[number] = place
                table.rows.append((number, cells))
        return table

    def _titles(self, j: int) -> list[tuple[str, str, str]]:
        """(title, description, place) of the cards of grid column ``j``."""
        letter = column_letter(j)
        title_rows = self.by_field.get("title", [])
        cells = self._cells("title", j)
        if len({n for n, _ in title_rows}) == 1 and cells:
            number, value = cells[0]
            lines = split_lines(value)
            return [
                (line, "", f"{self.prefix}cell {letter}{number}"
                 + (f", line {i + 1}" if len(lines) > 1 else ""))
                for i, line in enumerate(lines)
            ]
        found = []
        for number, value in cells:
            lines = split_lines(value)
            if lines:
                place = f"{self.prefix}cell {letter}{number}"
                found.append((lines[0], "\n".join(lines[1:]), place))
        return found

    def _cards(self, j: int, stage: str, scores: bool) -> list[tuple[list[Cell], str]]:
        titles = self._titles(j)
        has_data = any(self._cells(f, j) for f in self.by_field if f != "goals")
        if not titles:
            if not has_data:
                return []
            letter = column_letter(j)
            place = f"{self.prefix}column {letter}"
            if "title" in self.by_field:
                self.warnings.append(
                    f"{place}: no {quote(self.first_label['title'])} for the stage "
                    f"{quote(stage)}; its touchpoint is named after the stage"
                )
            titles = [(stage, "", place)]
        count = len(titles)
        cards: list[dict[str, Cell]] = [
            {"stage": stage, "title": t, "description": d} for t, d, _ in titles
        ]
        for name in _FIELDS:
            if name in ("title", "stage"):
                continue
            values = [v for _, v in self._cells(name, j)]
            if not values:
                continue
            lines = [line for v in values for line in split_lines(v)]
            if count > 1 and len(values) == 1 and len(lines) == count:
                for card, line in zip(cards, lines, strict=True):
                    _put(card, name, line)
            elif name in _SHARED:
                value: Cell = values[0] if len(values) == 1 else "\n".join(lines)
                for card in cards:
                    _put(card, name, value)
            else:
                _put(cards[0], name, values[0] if len(values) == 1 else "\n".join(lines))
        out: list[tuple[list[Cell], str]] = []
        for card, (_, _, place) in zip(cards, titles, strict=True):
            self._check_values(card, place, scores)
            out.append(([card.get("stage"), *(card.get(f) for f in _FIELDS)], place))
        return out

    def _check_values(self, card: dict[str, Cell], place: str, scores: bool) -> None:
        """Keep what would be lost: an unreadable feeling or KPI goes into the description."""
        notes: list[str] = []
        emotion = card.get("emotion")
        if not is_blank(emotion):
            try:
                parse_emotion(emotion, scores)
            except ValueError:
                text = " ".join(cell_text(emotion).split())
                label = self.first_label.get("emotion", "Emotion")
                notes.append(f"{label}: {text}")
                card["emotion"] = None
                self.warnings.append(
                    f"{place}: {quote(text)} is not an emotion; kept in the description"
                )
        metrics = card.get("metrics")
        if not is_blank(metrics):
            good, bad = parse_metrics(metrics)
            card["metrics"] = format_metrics(good) or None
            if bad:
                notes.append(f"{self.first_label.get('metrics', 'KPIs')}: {'; '.join(bad)}")
        if notes:
            text = cell_text(card.get("description"))
            card["description"] = "\n".join([t for t in (text, *notes) if t])


def _put(card: dict[str, Cell], name: str, value: Cell) -> None:
    if name == "description" and not is_blank(card.get("description")):
        card["description"] = f"{cell_text(card['description'])}\n{cell_text(value)}"
    else:
        card[name] = value


class LayoutError(InteropError):
    """A table in neither layout; ``columns`` are its top row's cells, for a mapping to fix."""

    def __init__(self, message: str, columns: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.columns = columns


def refusal(rows: Rows, sheet: str = "", headers: HeaderTable | None = None) -> LayoutError:
    """One sentence: the two layouts a table may have, and what its first rows hold instead."""
    first = [cell_text(c).strip() for c in rows[0][1] if not is_blank(c)][:40] if rows else []
    side = [_label(cells, 0) for _, cells in rows[1:8]]
    seen = ", ".join(quote(t, 30) for t in first[:8]) or "nothing"
    down = ", ".join(quote(t, 30) for t in side if t)
    found = f"the top row holds {seen}" + (f" and the first column {down}" if down else "")
    layouts = (
        'a header naming a title column (such as "Title", "Touchpoint" or "Task") in its '
        "first 10 rows, nor the row labels of a stage-across grid (such as \"Actions\", "
        '"Channel" or "Pain points") down one side'
    )
    known = headers if headers is not None else Mapping().table()
    top = [(text, known.get(header_key(text)) or "") for text in first]
    if sheet:
        return LayoutError(f"no sheet has {layouts}; in sheet {quote(sheet)} {found}", top)
    return LayoutError(f"the file has neither {layouts}; {found}", top)
