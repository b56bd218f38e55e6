"""What every part of the document shares: listeners and events, checked field values, and
applying a change so that one event names exactly the fields that changed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import msgspec

from journeymap.core import validation
from journeymap.core.entities import EDITABLE_FIELDS
from journeymap.core.errors import InvalidValue
from journeymap.core.events import Changed, Event, Listener

R = TypeVar("R", bound=msgspec.Struct)


class DocumentCore:
    """The base of :class:`~journeymap.core.model.JourneyMap`: events and checked changes."""

    _listeners: list[Listener]

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(event)`` after every change; returns a function that unsubscribes."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, event: Event) -> None:
        for listener in tuple(self._listeners):
            listener(event)

    def _checked_fields(self, kind: str, key: Any, fields: Mapping[str, Any]) -> dict[str, Any]:
        allowed = EDITABLE_FIELDS[kind]
        label = validation.entity_label(kind, key)
        values: dict[str, Any] = {}
        for name, value in fields.items():
            if name not in allowed:
                raise InvalidValue(f'{label}: field "{name}" cannot be edited this way')
            values[name] = validation.checked_value(kind, key, name, value)
        return values

    def _apply(
        self, kind: str, key: Any, record: msgspec.Struct, values: Mapping[str, Any]
    ) -> None:
        changed = frozenset(f for f, v in values.items() if getattr(record, f) != v)
        if not changed:
            return
        for f in changed:
            setattr(record, f, values[f])
        self._emit(Changed(kind, key, changed))  # type: ignore[arg-type]

    def _check_record(self, kind: str, record: R) -> R:
        """Check a record built in code against the declared types; return a fresh copy."""
        return validation.checked_record(kind, record)


def check_position(kind: str, index: Any, last: int) -> None:
    """``index`` must be an integer from 0 to ``last``."""
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index <= last:
        raise InvalidValue(f"{kind} position {index!r} is outside 0…{last}")
