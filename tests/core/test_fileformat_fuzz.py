"""Fuzzing the loader with damaged copies of real map files.

Whatever the damage, ``loads`` returns a map or raises FileFormatError, quickly; a map it
accepts saves and reloads to the same bytes, and agrees with the published JSON Schema.
"""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.core.errors import FileFormatError
from journeymap.core.fileformat import dumps, loads
from journeymap.core.model import JourneyMap
from journeymap.resources import resources_dir, schema_path

BASES: list[dict[str, Any]] = [
    json.loads(p.read_bytes()) for p in sorted(resources_dir().glob("*/*.journeymap"))
]
VALIDATOR = jsonschema.Draft202012Validator(json.loads(schema_path().read_text("utf-8")))
FUZZ = settings(
    max_examples=200,
    deadline=1000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _strings(node: Any, out: set[str]) -> set[str]:
    if isinstance(node, str):
        out.add(node)
    elif isinstance(node, dict):
        for key, value in node.items():
            out.add(key)
            _strings(value, out)
    elif isinstance(node, list):
        for value in node:
            _strings(value, out)
    return out


#: Ids, keys and texts of the real files: replacing a value by one of these reaches the
#: reference and uniqueness checks instead of stopping at the first type error.
KNOWN_STRINGS = sorted(set().union(*(_strings(b, set()) for b in BASES)))

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-3, max_value=6)
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | st.sampled_from(KNOWN_STRINGS)
    | st.sampled_from(["#2e7d32", "#12", "red", "2027-02-30", "2027-03-31", "x" * 65, ""])
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=6) | st.sampled_from(KNOWN_STRINGS), inner, max_size=3)
    ),
    max_leaves=6,
)


def _containers(node: Any) -> list[Any]:
    """Every dict and list of a JSON tree (the tree itself first)."""
    found = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict | list):
            found.append(item)
            stack.extend(item.values() if isinstance(item, dict) else item)
    return found


def _mutate_tree(data: st.DataObject, tree: Any) -> None:
    kind = data.draw(st.sampled_from(["delete", "replace", "duplicate", "rename"]))
    target = data.draw(st.sampled_from(_containers(tree)))
    if not target:
        return
    keys = list(target) if isinstance(target, dict) else list(range(len(target)))
    key = data.draw(st.sampled_from(keys))
    if kind == "delete":
        del target[key]
    elif kind == "replace":
        target[key] = data.draw(JSON_VALUES)
    elif kind == "duplicate":
        if isinstance(target, list):
            target.insert(data.draw(st.integers(0, len(target))), copy.deepcopy(target[key]))
        else:
            target[key] = copy.deepcopy(target[key])
    elif isinstance(target, dict):  # rename a key
        target[data.draw(st.text(max_size=8) | st.sampled_from(KNOWN_STRINGS))] = target.pop(key)


def _mutate_bytes(data: st.DataObject, raw: bytes) -> bytes:
    kind = data.draw(st.sampled_from(["truncate", "flip", "insert", "insert text"]))
    at = data.draw(st.integers(0, len(raw)))
    if kind == "truncate":
        return raw[:at]
    if kind == "flip":
        if at == len(raw):
            return raw
        return raw[:at] + bytes([raw[at] ^ data.draw(st.integers(1, 255))]) + raw[at + 1 :]
    if kind == "insert":
        return raw[:at] + data.draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    text = data.draw(
        st.text(min_size=1, max_size=8)
        | st.sampled_from(
            ["NaN", "1e999", "-Infinity", "[" * 2000, "\ufeff", "\\ud800", '"', ",", "}", "\x00"]
        )
    )
    return raw[:at] + text.encode("utf-8", "surrogatepass") + raw[at:]


def _load_quickly(raw: bytes | str) -> JourneyMap | None:
    """loads() within a second: a map, or None after a FileFormatError; nothing else."""
    started = time.perf_counter()
    try:
        doc = loads(raw)
    except FileFormatError as err:
        message = str(err)
        assert message and "\n" not in message and "msgspec" not in message
        doc = None
    assert time.perf_counter() - started < 1.0
    return doc


def _check_accepted(doc: JourneyMap) -> None:
    out = dumps(doc)
    assert dumps(loads(out)) == out
    assert VALIDATOR.is_valid(json.loads(out))


@FUZZ
@given(data=st.data(), base=st.sampled_from(BASES), steps=st.integers(1, 3))
def test_damaged_tree(data: st.DataObject, base: dict[str, Any], steps: int) -> None:
    tree = copy.deepcopy(base)
    for _ in range(steps):
        _mutate_tree(data, tree)
    indent = data.draw(st.sampled_from([None, 2]))
    raw = json.dumps(tree, indent=indent, ensure_ascii=data.draw(st.booleans()))
    doc = _load_quickly(raw.encode("utf-8", "surrogatepass"))
    if doc is not None:
        _check_accepted(doc)
        # Whatever was accepted is valid for the published schema too.
        assert VALIDATOR.is_valid(json.loads(raw))


@FUZZ
@given(data=st.data(), base=st.sampled_from(BASES), steps=st.integers(1, 3))
def test_damaged_bytes(data: st.DataObject, base: dict[str, Any], steps: int) -> None:
    raw = json.dumps(base, indent=2, ensure_ascii=False).encode("utf-8")
    for _ in range(steps):
        raw = _mutate_bytes(data, raw)
    doc = _load_quickly(raw)
    if doc is not None:
        _check_accepted(doc)
    if data.draw(st.booleans()):  # the same damage handed over as text
        _load_quickly(raw.decode("utf-8", "surrogateescape"))


@FUZZ
@given(value=JSON_VALUES)
def test_any_json_value(value: Any) -> None:
    doc = _load_quickly(json.dumps(value).encode())
    assert doc is None or isinstance(value, dict)


def test_bases_are_the_bundled_files() -> None:
    assert len(BASES) >= 4
    assert all(isinstance(loads(json.dumps(b)), JourneyMap) for b in BASES)
    assert Path(resources_dir()).is_dir()
