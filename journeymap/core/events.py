"""Change events the document emits after every real change; views subscribe to them.

An event names the entity (``kind`` and ``key``) so a view can update only what changed.
Keys: a touchpoint/stage/lane/improvement id; a link's ``(source, target)``; ``None`` for
the map itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeAlias

EntityKind: TypeAlias = Literal["touchpoint", "link", "stage", "lane", "improvement", "map"]
Key: TypeAlias = str | tuple[str, str] | None


@dataclass(frozen=True, slots=True)
class Event:
    """Base of all change events."""

    kind: EntityKind
    key: Key


@dataclass(frozen=True, slots=True)
class Added(Event):
    """An entity appeared (for stages, lanes, improvements: at ``index``)."""

    index: int | None = None


@dataclass(frozen=True, slots=True)
class Removed(Event):
    """An entity disappeared (for stages, lanes, improvements: from ``index``)."""

    index: int | None = None


@dataclass(frozen=True, slots=True)
class Changed(Event):
    """Fields of an entity changed value."""

    fields: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Moved(Event):
    """A touchpoint changed cell or slot, or a stage/lane/improvement changed position."""

    old: tuple[str, str, int] | int | None = None
    new: tuple[str, str, int] | int | None = None


Listener: TypeAlias = Callable[[Event], None]
