"""Which column (or grid row label) becomes which field: the header tables and the user's choices.

A :class:`Mapping` is pure data: header text → field name, or ``ignore``. The command line
builds one from ``--map "Kanal=channel"`` options, the editor's import dialog from its choices;
the readers take it and report what they found on the ImportResult (``layout``, ``columns``),
so both can show the user the mapping they are about to get.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from journeymap.core.model import JourneyMap
from journeymap.interop.common import InteropError
from journeymap.interop.sheets.columns import TOUCHPOINT_COLUMNS, header_key, synonyms
from journeymap.interop.sheets.words import FIELD_WORDS, TOUCHPOINT_WORDS

IGNORE: Final = "ignore"
#: Fields a grid row may hold besides a touchpoint's: the stage's goals (its description).
GRID_ONLY: Final = ("goals",)
#: The choices offered per column, in menu order, with what the user reads.
FIELD_LABELS: Final[dict[str, str]] = {
    **{c.field: c.header for c in TOUCHPOINT_COLUMNS if c.field not in ("stage_id", "lane_id")},
    "goals": "Stage goals (grid)",
    IGNORE: "(ignore)",
}
#: Leading words that do not change what a header means ("CX pain points", "Kunden-Gedanken").
_PREFIXES: Final = frozenset({"cx", "ux", "customer", "customers", "user", "users", "client",
                              "key", "main", "kunden", "kunde", "cliente", "klant", "kund"})


class HeaderTable(dict[str, str]):
    """Header key → field; a key not found is tried again without a leading "customer", "CX" …"""

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        found = super().get(key)
        if found is None:
            words = key.split(" ", 1)
            if len(words) == 2 and words[0] in _PREFIXES:
                found = super().get(words[1])
        return default if found is None else found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None


def _base_table(grid: bool) -> dict[str, str]:
    table = synonyms(TOUCHPOINT_COLUMNS)
    for name, words in FIELD_WORDS.items():
        target = "stage" if name == "frame" else name
        if name in GRID_ONLY and not grid:
            continue
        for word in words:
            table.setdefault(header_key(word), target)
    for word in TOUCHPOINT_WORDS:
        table.setdefault(header_key(word), "title")
    return table


_ROWS: Final = _base_table(grid=False)
_GRID: Final = _base_table(grid=True)
TOUCHPOINT_KEYS: Final = frozenset(header_key(w) for w in TOUCHPOINT_WORDS)


def field_name(text: str) -> str | None:
    """The field a ``--map`` value names: its id ("pain_points"), header or "ignore"."""
    key = header_key(text)
    if key in ("ignore", "skip", "none", "-", ""):
        return IGNORE
    for name, label in FIELD_LABELS.items():
        if key in (header_key(name.replace("_", " ")), header_key(label)):
            return name
    return None


@dataclass(frozen=True)
class Mapping:
    """The user's choices: header key → field (or ``ignore``); the synonym tables do the rest."""

    choices: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, items: Iterable[str]) -> Mapping:
        """From ``"Kanal=channel"`` items; one sentence naming the first bad one."""
        choices: dict[str, str] = {}
        for item in items:
            label, sep, target = item.rpartition("=")
            name = field_name(target) if sep else None
            if not label.strip() or name is None:
                fields = ", ".join(n for n in FIELD_LABELS)
                raise InteropError(
                    f'--map "{item}": write HEADER=FIELD, where FIELD is one of {fields}'
                )
            choices[header_key(label)] = name
        return cls(choices)

    def with_choice(self, label: str, name: str) -> Mapping:
        return Mapping({**self.choices, header_key(label): name})

    def table(self, grid: bool = False) -> HeaderTable:
        """The header table with the user's choices on top."""
        table = HeaderTable(_GRID if grid else _ROWS)
        table.update(self.choices)
        return table

    def is_chosen(self, label: str) -> bool:
        return header_key(label) in self.choices


NO_MAPPING: Final = Mapping()


#: The columns of an import preview: what a user checks before the map is made.
PREVIEW_HEADERS: Final = ("Stage", "Title", "Channel", "Emotion", "Pain points", "Owner")


def preview_rows(doc: JourneyMap, limit: int = 5) -> list[list[str]]:
    """The first touchpoints as they will import, in stage order, as short texts."""
    order = {s.id: i for i, s in enumerate(doc.stages)}
    cards = sorted(doc.touchpoints(), key=lambda tp: (order[tp.stage], tp.slot))[:limit]
    rows: list[list[str]] = []
    for tp in cards:
        channel = doc.channel(tp.channel).name if tp.channel is not None else ""
        emotion = "" if tp.emotion is None else f"{tp.emotion:+d}" if tp.emotion else "0"
        rows.append([doc.stage(tp.stage).name, tp.title, channel, emotion,
                     "; ".join(tp.pain_points), tp.owner])
    return rows


def describe(layout: str, columns: list[tuple[str, str]]) -> list[str]:
    """One line per column (or row label): ``"Kanal" → channel``, for the command line."""
    kind = "column" if layout == "rows" else "row label"
    lines = []
    for label, name in columns:
        target = FIELD_LABELS.get(name, name) if name else "(not recognised; ignored)"
        lines.append(f"{kind} {json.dumps(label, ensure_ascii=False)} → {target}")
    return lines
