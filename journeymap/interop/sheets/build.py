"""Building a map from a touchpoint table, keeping the good rows and reporting the bad ones.

Stages and lanes are created in the order rows first name them; a row without a title is
skipped and reported; a value that cannot be read is left at its default with a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from journeymap.core.entities import (
    MAX_COUNT,
    MAX_ID,
    MAX_TEXT,
    Channel,
    Lane,
    Link,
    Stage,
)
from journeymap.core.errors import ModelError
from journeymap.core.ids import unique_id
from journeymap.core.model import JourneyMap
from journeymap.core.validation import quote
from journeymap.interop.common import ImportResult, InteropError
from journeymap.interop.sheets.channels import ChannelMatcher
from journeymap.interop.sheets.columns import Table, unknown_headers
from journeymap.interop.sheets.mapping import IGNORE, NO_MAPPING, HeaderTable
from journeymap.interop.sheets.values import (
    Cell,
    cell_text,
    emotion_scale,
    fold,
    is_blank,
    parse_colour,
    parse_count,
    parse_emotion,
    parse_flag,
    parse_links,
    parse_metrics,
    split_lines,
)

TOUCHPOINT_HEADERS = NO_MAPPING.table()
#: Where a card goes when its table has no stage column at all, or a row leaves it empty.
NO_STAGE_COLUMN = "Journey"
NO_STAGE = "No stage"
NO_LANE_COLUMN = "Touchpoints"
NO_LANE = "No lane"
_LISTS = ("pain_points", "opportunities")
#: Card fields read by a parser: name, what the warning calls it, parser (None: the
#: emotion, which depends on the column's scale), what a bad value becomes.
_PARSERS: tuple[tuple[str, str, Callable[[Cell], Any] | None, str], ...] = (
    ("emotion", "emotion", None, "left empty"),
    ("colour", "colour", parse_colour, "grey is used"),
    ("moment_of_truth", "moment of truth", parse_flag, "read as no"),
    ("votes", "votes", parse_count, "read as 0"),
)
#: Above this many stages (or lanes) their order is simply first seen.
_MAX_ORDERED = 500


def _at(cells: Sequence[Cell], index: int) -> Cell:
    """The row's cell at ``index`` (−1: the table has no such column), None past its end."""
    return cells[index] if -1 < index < len(cells) else None


@dataclass(frozen=True)
class _Columns:
    """Where one table keeps each card field, worked out once for all of its rows.

    Each index is the field's first column, −1 when the table has none; the lists of pain
    points and opportunities read every column that feeds them. Fields without a column
    are left out, so a row only costs what its table holds.
    """

    title: int
    id: int
    axes: dict[str, tuple[int, int]]  # "stage" / "lane": (id column, name column)
    slot: int
    links: int
    texts: tuple[tuple[str, int, bool], ...]  # field, column, strip
    lists: tuple[tuple[str, tuple[int, ...]], ...]
    channel: int
    parsers: tuple[tuple[str, str, Callable[[Cell], Any] | None, str, int], ...]
    metrics: int

    @classmethod
    def of(cls, table: Table) -> _Columns:
        first = {name: indexes[0] for name, indexes in table.columns.items()}
        at = first.get
        return cls(
            title=at("title", -1),
            id=at("id", -1),
            axes={kind: (at(f"{kind}_id", -1), at(kind, -1)) for kind in ("stage", "lane")},
            slot=at("slot", -1),
            links=at("links", -1),
            texts=tuple(
                (name, first[name], name == "owner")
                for name in ("description", "thoughts", "owner")
                if name in first
            ),
            lists=tuple(
                (name, tuple(table.columns[name])) for name in _LISTS if name in first
            ),
            channel=at("channel", -1),
            parsers=tuple(
                (name, what, parse, fallback, first[name])
                for name, what, parse, fallback in _PARSERS
                if name in first
            ),
            metrics=at("metrics", -1),
        )


class MapBuilder:
    """Collects a map from tables, with one warning per thing skipped or guessed."""

    def __init__(self, title: str, headers: HeaderTable | None = None) -> None:
        #: The header table the sheet was read with (the synonyms and the user's choices).
        self.headers = TOUCHPOINT_HEADERS if headers is None else headers
        self.doc = JourneyMap(title.strip()[:MAX_TEXT] or "Imported journey")
        self.warnings: list[str] = []
        self.bad_rows: list[str] = []
        self.names: dict[str, dict[str, str]] = {"stage": {}, "lane": {}}
        self.ids: dict[str, set[str]] = {"stage": set(), "lane": set()}
        self.channels = ChannelMatcher(self.doc.palette)
        self._slots: dict[tuple[str, str], set[int]] = {}
        self._next_slot: dict[tuple[str, str], int] = {}
        self._axis_seen: dict[tuple[str, Cell, Cell], str] = {}
        self._pending_links: list[tuple[str, str, Cell]] = []
        self._placed: list[tuple[str, str]] = []
        #: "stage" or "lane" when a sheet lists them: that order stands.
        self.listed: set[str] = set()
        #: What was read: "rows" or "grid", and each header (or row label) with its field.
        self.layout = "rows"
        self.labels: list[tuple[str, str]] = []

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def reject(self, message: str) -> None:
        """A row that cannot be imported at all."""
        self.warnings.append(message)
        self.bad_rows.append(message)

    def text(self, value: Cell, place: str, what: str, strip: bool = True) -> str:
        """Cell text, cut to the format's limit with a warning when longer."""
        text = value if type(value) is str else cell_text(value)
        text = text.strip() if strip or not text.strip() else text
        if len(text) > MAX_TEXT:
            self.warn(f"{place}: the {what} is longer than {MAX_TEXT:,} characters; cut")
            text = text[:MAX_TEXT]
        return text

    # ------------------------------------------------------------------ stages and lanes
    def add_axis(self, kind: str, axis_id: str, name: str, **extra: Any) -> str:
        """Add a stage or lane (a fresh id when ``axis_id`` is empty or taken); return its id."""
        doc = self.doc
        taken = self.ids[kind]
        if not axis_id or axis_id in taken or len(axis_id) > MAX_ID:
            axis_id = unique_id(name, taken.__contains__, prefix=kind)
        if kind == "stage":
            doc.add_stage(Stage(id=axis_id, name=name, **extra))
        else:
            doc.add_lane(Lane(id=axis_id, name=name, **extra))
        taken.add(axis_id)
        self.names[kind].setdefault(fold(name), axis_id)
        return axis_id

    def _axis_for(
        self, kind: str, columns: _Columns, table: Table, cells: Sequence[Cell], place: str
    ) -> str:
        """The stage or lane a row names (by id, then by name), created on first sight."""
        id_at, name_at = columns.axes[kind]
        width = len(cells)
        key = (
            kind,
            cells[id_at] if -1 < id_at < width else None,
            cells[name_at] if -1 < name_at < width else None,
        )
        known = self._axis_seen.get(key)  # rows repeat a few stages and lanes
        if known is None:
            known = self._axis_lookup(kind, table, cells, place)
            name = key[2]
            if is_blank(key[1]) and isinstance(name, str) and 0 < len(name.strip()) <= 200:
                self._axis_seen[key] = known  # a name found or added without a warning
        return known

    def _axis_lookup(self, kind: str, table: Table, cells: Sequence[Cell], place: str) -> str:
        taken = self.ids[kind]
        axis_id = self.text(table.value(cells, f"{kind}_id"), place, f"{kind} id")
        name = self.text(table.value(cells, kind), place, kind)
        if axis_id and axis_id in taken:
            return axis_id
        if axis_id and len(axis_id) > MAX_ID:
            self.warn(f"{place}: the {kind} id is longer than {MAX_ID} characters; ignored")
            axis_id = ""
        if not name and not axis_id:
            if table.has(kind) or table.has(f"{kind}_id"):
                name = NO_STAGE if kind == "stage" else NO_LANE
                self.warn(f"{place}: no {kind}; placed in the {kind} {quote(name)}")
            else:
                name = NO_STAGE_COLUMN if kind == "stage" else NO_LANE_COLUMN
        known = self.names[kind].get(fold(name)) if name and not axis_id else None
        if known is not None:
            return known
        return self.add_axis(kind, axis_id, name or axis_id)

    # ------------------------------------------------------------------ touchpoints
    def read_touchpoints(self, table: Table) -> None:
        """Add a card per sound row; links wait for :meth:`finish`, when all ids are known."""
        self._check_header(table)
        if not self.labels:
            fields = {i: name for name, indexes in table.columns.items() for i in indexes}
            self.labels = [(h, fields.get(i, "")) for i, h in enumerate(table.headers) if h]
        scores = table.has("emotion") and emotion_scale(
            [table.value(cells, "emotion") for _, cells in table.rows]
        )
        if scores:
            self.warn(
                f"{table.place(table.header_row)}: the {quote(table.header('emotion'))} "
                f"{getattr(table, 'axis', 'column')} holds 1–5 scores; they are read as "
                "emotions −2…2 (3 is neutral)"
            )
        if not (table.has("stage") or table.has("stage_id")):
            self.warn(
                f"{table.place(table.header_row)}: no stage column; every touchpoint is placed "
                f"in one stage {quote(NO_STAGE_COLUMN)}"
            )
        rows: list[tuple[str, Sequence[Cell], str, str, str]] = []
        claimed: dict[str, int] = {}
        columns = _Columns.of(table)
        for number, cells in table.rows:
            place = table.place(number)
            title = self.text(_at(cells, columns.title), place, "title")
            card_id = self.text(_at(cells, columns.id), place, "id") if title else ""
            note = ""
            if len(card_id) > MAX_ID:
                note = f"{place}: the id is longer than {MAX_ID} characters; a new one is made"
                card_id = ""
            elif card_id in claimed:
                note = (
                    f"{place}: id {quote(card_id)} is already used in row {claimed[card_id]}; "
                    "this touchpoint gets a new id"
                )
                card_id = ""
            elif card_id:
                claimed[card_id] = number
            rows.append((place, cells, title, card_id, note))
        in_map = self.doc.has_touchpoint
        counters: dict[str, int] = {}
        taken: Callable[[str], bool] = (
            claimed.__contains__  # a map still empty: every card's id is claimed first
            if not self.doc.touchpoint_count
            else lambda card: card in claimed or in_map(card)
        )

        rows.reverse()
        while rows:  # what was read goes as it is used
            place, cells, title, card_id, note = rows.pop()
            if not title:
                self.reject(f"{place}: no title; the row is skipped")
                continue
            if note:
                self.warn(note)
            if not card_id:
                card_id = unique_id(title, taken, prefix="tp", counters=counters)
                claimed[card_id] = 0
            self._add_card(table, columns, place, cells, title, card_id, scores)

    def _check_header(self, table: Table) -> None:
        place = table.place(table.header_row)
        for index in unknown_headers(table, self.headers):
            self.warn(f"{place}: column {quote(table.headers[index])} is not recognised; ignored")
        for name, indexes in table.columns.items():
            if len(indexes) > 1 and name not in (*_LISTS, IGNORE):
                first = quote(table.headers[indexes[0]])
                for index in indexes[1:]:
                    self.warn(
                        f"{place}: column {quote(table.headers[index])} means the same as "
                        f"{first}; only {first} is read"
                    )

    def _add_card(
        self,
        table: Table,
        columns: _Columns,
        place: str,
        cells: Sequence[Cell],
        title: str,
        card_id: str,
        scores: bool,
    ) -> None:
        stage = self._axis_for("stage", columns, table, cells, place)
        lane = self._axis_for("lane", columns, table, cells, place)
        fields = self._card_fields(columns, place, cells, scores)
        slot = self._slot(_at(cells, columns.slot), (stage, lane), place)
        fields.update(id=card_id, title=title, stage=stage, lane=lane, slot=slot)
        try:
            self.doc.add_touchpoint_data(fields)
        except ModelError as err:
            self._slots[(stage, lane)].discard(slot)
            self.reject(f"{place}: {err}; the row is skipped")
            return
        self._placed.append((stage, lane))
        links = _at(cells, columns.links)
        if not is_blank(links):
            self._pending_links.append((card_id, place, links))
        if len(cells) > len(table.headers) and any(
            not is_blank(c) for c in cells[len(table.headers) :]
        ):
            self.warn(f"{place}: cells beyond the last titled column are ignored")

    def _slot(self, value: Cell, cell: tuple[str, str], place: str) -> int:
        used = self._slots.setdefault(cell, set())
        slot: int | None = None
        if not is_blank(value):
            try:
                slot = parse_count(value)
            except ValueError as err:
                self.warn(f"{place}: slot {quote(cell_text(value))} {err}; placed at the end")
            if slot is not None and slot in used:
                self.warn(f"{place}: slot {slot} of its cell is taken; placed at the end")
                slot = None
            if slot is not None and slot > MAX_COUNT:
                self.warn(f"{place}: slot {slot} is over {MAX_COUNT:,}; placed at the end")
                slot = None
        following = self._next_slot.get(cell, 0)  # one past the largest: O(1) per row
        if slot is None:
            slot = following
        used.add(slot)
        if slot >= following:
            self._next_slot[cell] = slot + 1
        return slot

    def _card_fields(
        self, columns: _Columns, place: str, cells: Sequence[Cell], scores: bool
    ) -> dict[str, Any]:
        """The row's card fields that are not at their default, with a warning per bad one."""
        fields: dict[str, Any] = {}
        width = len(cells)
        for name, index, strip in columns.texts:
            value = cells[index] if index < width else None
            if value is not None and value != "":
                fields[name] = self.text(value, place, name, strip=strip)
        for name, indexes in columns.lists:
            items = [
                item
                for index in indexes
                if index < width and cells[index] is not None and cells[index] != ""
                for item in split_lines(cells[index])
            ]
            if items:
                fields[name] = [item[:MAX_TEXT] for item in items]
        index = columns.channel
        value = cells[index] if -1 < index < width else None
        if value is not None and value != "":
            channel = self.text(value, place, "channel")
            if channel:
                fields["channel"] = self._channel(channel, place)
        for name, what, parse, fallback, index in columns.parsers:
            value = cells[index] if index < width else None
            if is_blank(value):
                continue
            try:
                fields[name] = parse_emotion(value, scores) if parse is None else parse(value)
            except ValueError as err:
                self.warn(f"{place}: {what} {quote(cell_text(value))} {err}; {fallback}")
        index = columns.metrics
        value = cells[index] if -1 < index < width else None
        if not is_blank(value):
            fields["metrics"], bad = parse_metrics(value)
            for item in bad:
                self.warn(f"{place}: metric {quote(item)} is not name=number; skipped")
        return fields

    def _channel(self, name: str, place: str) -> str:
        """The palette's channel for ``name``; an unknown one joins the map's palette."""
        found = self.channels.find(name)
        if found is not None:
            return found
        palette = list(self.doc.palette)
        channel_id = unique_id(name, {c.id for c in palette}.__contains__, prefix="channel")
        channel = Channel(id=channel_id, name=name, kind="digital")
        self.doc.update_map(channels=[*palette, channel])
        self.channels = ChannelMatcher(self.doc.palette)
        self.warn(f"{place}: channel {quote(name)} is new; added to the map's channels")
        return channel_id

    # ------------------------------------------------------------------ links
    def resolver(self) -> dict[str, str]:
        """Touchpoint id, then folded unique title → id, for links that name either."""
        refs: dict[str, str] = {}
        for tp in self.doc.touchpoints():
            key = fold(tp.title)
            refs[key] = "" if key in refs else tp.id
        return refs

    def resolve(self, ref: str, titles: dict[str, str]) -> str | None:
        if self.doc.has_touchpoint(ref):
            return ref
        return titles.get(fold(ref)) or None

    def add_link(self, place: str, source: str, target: str, kind: str, label: str) -> None:
        try:
            self.doc.add_link(Link(source=source, target=target, kind=kind, label=label))  # type: ignore[arg-type]
        except ModelError as err:
            self.warn(f"{place}: {err}; the link is skipped")

    def read_link_column(self) -> None:
        """Links written as "Links to" cells: ``target [kind] "label"; …``."""
        if not self._pending_links:
            return  # no cell names a link: the titles need not be looked at
        titles = self.resolver()
        for source, place, value in self._pending_links:
            refs, bad = parse_links(value)
            for item in bad:
                self.warn(f"{place}: link {quote(item)} is not understood; skipped")
            for ref, kind, label in refs:
                target = self.resolve(ref, titles)
                if target is None:
                    self.warn(f"{place}: link to {quote(ref)}: no touchpoint has that id or title")
                    continue
                self.add_link(place, source, target, kind or "flow", label)
        self._pending_links.clear()

    def discard_link_column(self) -> None:
        """Forget the "Links to" cells: a links sheet says more (kinds and labels)."""
        self._pending_links.clear()

    # ------------------------------------------------------------------ the end
    def finish(self, source: str) -> ImportResult:
        """The map, or an InteropError when not one touchpoint (nor stage) came through."""
        doc = self.doc
        if doc.touchpoint_count == 0 and (self.bad_rows or not doc.stages):
            if self.bad_rows:
                raise InteropError(f"{source}: no row could be imported", self.bad_rows)
            raise InteropError(f"{source}: the table has a header but no touchpoints")
        self._order_axes()
        if not doc.stages:
            self.add_axis("stage", "", NO_STAGE_COLUMN)
        if not doc.lanes:
            self.add_axis("lane", "", NO_LANE_COLUMN)
        return ImportResult(doc, self.warnings, self.layout, self.labels)


    def _order_axes(self) -> None:
        """Stages and lanes in the order the rows imply, first sight breaking ties.

        Within one lane, rows run left to right through the stages; within one stage, top to
        bottom through the lanes. So a table sorted by stage still gives every lane its place.
        """
        for kind, own in (("stage", 0), ("lane", 1)):
            items = [a.id for a in (self.doc.stages if kind == "stage" else self.doc.lanes)]
            if kind in self.listed or not 1 < len(items) <= _MAX_ORDERED:
                continue
            before: dict[str, set[str]] = {}
            last: dict[str, str] = {}
            for placed in self._placed:
                item, group = placed[own], placed[1 - own]
                previous = last.get(group)
                if previous is not None and previous != item:
                    before.setdefault(item, set()).add(previous)
                last[group] = item
            move = self.doc.move_stage if kind == "stage" else self.doc.move_lane
            for index, item in enumerate(_stable_order(items, before)):
                move(item, index)


def _stable_order(items: list[str], before: dict[str, set[str]]) -> list[str]:
    """``items`` with each after those it must follow; on a contradiction, first one first."""
    remaining = list(items)
    done: set[str] = set()
    order: list[str] = []
    while remaining:
        pick = next((i for i in remaining if before.get(i, set()) <= done), remaining[0])
        remaining.remove(pick)
        done.add(pick)
        order.append(pick)
    return order
