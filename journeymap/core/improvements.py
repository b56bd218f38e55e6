"""The improvement plan part of the document: an ordered list of checked improvements."""

from __future__ import annotations

from typing import Any

from journeymap.core.entities import Improvement
from journeymap.core.errors import DuplicateId, UnknownReference
from journeymap.core.events import Added, Moved, Removed
from journeymap.core.mutation import DocumentCore, check_position


class Improvements(DocumentCore):
    """The improvements part of the document API."""

    _improvements: list[Improvement]
    _improvement_index: dict[str, int]
    graph: Any

    @property
    def improvements(self) -> tuple[Improvement, ...]:
        return tuple(self._improvements)

    def improvement(self, improvement_id: str) -> Improvement:
        try:
            return self._improvements[self._improvement_index[improvement_id]]
        except KeyError:
            raise UnknownReference(f'unknown improvement "{improvement_id}"') from None

    def improvement_index(self, improvement_id: str) -> int:
        self.improvement(improvement_id)
        return self._improvement_index[improvement_id]

    def improvements_for(self, touchpoint_id: str) -> list[Improvement]:
        """The improvements that name a touchpoint."""
        return [imp for imp in self._improvements if touchpoint_id in imp.touchpoints]

    def add_improvement(self, improvement: Improvement, index: int | None = None) -> None:
        self._add_improvement(improvement, index, check=True)

    def _add_improvement(self, imp: Improvement, index: int | None, check: bool) -> None:
        if check:
            imp = self._check_record("improvement", imp)
        if imp.id in self._improvement_index:
            raise DuplicateId(f'improvement id "{imp.id}" is already used')
        self._check_improvement_touchpoints(imp.id, imp.touchpoints)
        count = len(self._improvements)
        if index is None:
            index = count
        check_position("improvement", index, count)
        self._improvements.insert(index, imp)
        self._reindex_improvements()
        self._emit(Added("improvement", imp.id, index))

    def _check_improvement_touchpoints(self, imp_id: str, ids: list[str]) -> None:
        seen: set[str] = set()
        for tp_id in ids:
            if tp_id not in self.graph:
                raise UnknownReference(f'improvement "{imp_id}" names unknown touchpoint "{tp_id}"')
            if tp_id in seen:
                raise DuplicateId(f'improvement "{imp_id}" names touchpoint "{tp_id}" twice')
            seen.add(tp_id)

    def remove_improvement(self, improvement_id: str) -> None:
        index = self.improvement_index(improvement_id)
        del self._improvements[index]
        self._reindex_improvements()
        self._emit(Removed("improvement", improvement_id, index))

    def move_improvement(self, improvement_id: str, index: int) -> None:
        old = self.improvement_index(improvement_id)
        check_position("improvement", index, len(self._improvements) - 1)
        if old == index:
            return
        imp = self._improvements.pop(old)
        self._improvements.insert(index, imp)
        self._reindex_improvements()
        self._emit(Moved("improvement", improvement_id, old, index))

    def update_improvement(self, improvement_id: str, /, **fields: Any) -> None:
        imp = self.improvement(improvement_id)
        values = self._checked_fields("improvement", improvement_id, fields)
        if "touchpoints" in values:
            self._check_improvement_touchpoints(improvement_id, values["touchpoints"])
        self._apply("improvement", improvement_id, imp, values)

    def _reindex_improvements(self) -> None:
        self._improvement_index = {imp.id: i for i, imp in enumerate(self._improvements)}
