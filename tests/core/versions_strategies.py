"""Random versions of a map, made by random command sequences (the rules of the stateful
command test), for the diff and merge property tests."""

from __future__ import annotations

import contextlib
import inspect
from typing import Any

from hypothesis import strategies as st
from test_commands_stateful import CommandMachine  # tests/core is on the path (rootdir mode)

from journeymap.core import fileformat
from journeymap.core.model import JourneyMap

#: rule name → the preconditions on the machine
RULES: dict[str, tuple[Any, ...]] = {
    name: tuple(fn.hypothesis_stateful_rule.preconditions)
    for name, fn in inspect.getmembers(CommandMachine, inspect.isfunction)
    if hasattr(fn, "hypothesis_stateful_rule") and name not in ("undo", "redo")
}


class _Editor(CommandMachine):
    """The machine's rules, driven by hand (no undo checks)."""

    def __init__(self, doc: JourneyMap, prefix: str) -> None:
        super().__init__()
        from collections import Counter

        from journeymap.core.history import History

        self.doc = doc
        self.history = History(doc)
        self.fresh = 0
        self.prefix = prefix
        self.states = [b""]
        self.refused: Counter[str] = Counter()

    def new_id(self, prefix: str) -> str:
        self.fresh += 1
        return f"{prefix}-{self.prefix}{self.fresh}"

    def push(self, command: Any) -> None:
        from journeymap.core.errors import ModelError

        with contextlib.suppress(ModelError):
            self.history.push(command)


def edit(data: st.DataObject, doc: JourneyMap, steps: int, prefix: str,
         only: tuple[str, ...] | None = None) -> JourneyMap:
    """``doc`` after ``steps`` random commands (on a copy)."""
    copy = fileformat.loads(fileformat.dumps(doc))
    machine = _Editor(copy, prefix)
    names = sorted(only or RULES)
    for _ in range(steps):
        name = data.draw(st.sampled_from(names))
        if not all(pre(machine) for pre in RULES[name]):
            continue
        method = getattr(machine, name)
        params = inspect.signature(method).parameters
        kwargs: dict[str, Any] = {}
        if "data" in params:
            kwargs["data"] = data
        if "is_stage" in params:
            kwargs["is_stage"] = data.draw(st.booleans())
        method(**kwargs)
    return copy
