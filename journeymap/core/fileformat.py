"""The ``.journeymap`` file format (see docs/FORMAT.md): read, migrate, validate, build, save.

Loading is parse → version check → migrate → validate against the declared records →
build the document. Every rejected file raises :class:`FileFormatError` with one sentence
naming the place. Saving writes deterministic bytes atomically and keeps the previous
file as ``NAME.journeymap.bak``.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from journeymap.core import outputs, validation
from journeymap.core.collector import collector_paused
from journeymap.core.entities import (
    BASE_VERSION,
    FORMAT_NAME,
    FORMAT_VERSION,
    MapFile,
    first_version_2_key,
)
from journeymap.core.errors import (
    FileAccessError,
    FileFormatError,
    NewerVersionError,
)
from journeymap.core.model import JourneyMap
from journeymap.core.storage import os_reason, write_atomic
from journeymap.core.validation import quote as _q

MAX_FILE_BYTES = 50 * 1024 * 1024
SUFFIX = ".journeymap"
_BOM = b"\xef\xbb\xbf"

Migration = Callable[[dict[str, Any]], dict[str, Any]]

#: ``MIGRATIONS[n]`` turns a version-``n`` file (as a dict) into a version-``n + 1`` one.
MIGRATIONS: dict[int, Migration] = {}


def migration(from_version: int) -> Callable[[Migration], Migration]:
    """Register a step that upgrades a file dict from ``from_version`` to the next version."""

    def register(step: Migration) -> Migration:
        MIGRATIONS[from_version] = step
        return step

    return register


#: Steps up that change nothing: version 2 only adds optional keys, so a version-1 file is a
#: version-2 map as it is (its "version" alone is raised).
IDENTITY_STEPS: frozenset[int] = frozenset((1,))

#: Versions whose files decode straight into today's records (every step up is the identity).
_SAME_SHAPE = frozenset((1, 2))


class _Header(msgspec.Struct):
    format: Any = msgspec.UNSET
    version: Any = msgspec.UNSET


#: Decodes any JSON, turning numbers too large for a float into infinities instead of failing,
#: so that an error message can still point at the offending value.
_TOLERANT = msgspec.json.Decoder(float_hook=float)
_TOO_LARGE = "expected a finite number, got a number too large to represent"


# ---------------------------------------------------------------------- reading
def loads(data: bytes | str) -> JourneyMap:
    """Build a document from the bytes of a map file."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > MAX_FILE_BYTES:
        raise FileFormatError("", _too_big(len(data)))
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if not data.strip():
        raise FileFormatError("", "the file is empty")
    _check_utf8(data)
    with collector_paused(promote=False):  # decoding makes many small objects and no cycles
        return _loads(data)


def _loads(data: bytes) -> JourneyMap:
    header = _decode(data, _Header)
    version = _check_header(header)
    if version in _SAME_SHAPE:
        try:
            record = msgspec.json.decode(data, type=MapFile)
        except msgspec.ValidationError as err:
            raise FileFormatError(*validation.translate(err, MapFile, _tolerant(data))) from None
        if version < FORMAT_VERSION:
            _check_no_newer_keys(record, version)
    else:
        raw = migrate(_plain(data), version)
        try:
            record = msgspec.convert(raw, MapFile, strict=True)
        except msgspec.ValidationError as err:
            raise FileFormatError(*validation.translate(err, MapFile, raw)) from None
    if not _is_canonical(record, data):
        _check_duplicate_keys(data)
    return build(record)


def _check_no_newer_keys(record: MapFile, version: int) -> None:
    """A version-1 file must not hold version-2 keys: older releases would refuse it."""
    place = first_version_2_key(record)
    if place is not None:
        key = place.rpartition(".")[2]
        raise FileFormatError(
            place,
            f'"{key}" is a key of file format 2, but the file says "version": {version} '
            '(write "version": 2)',
        )


def _is_canonical(record: MapFile, data: bytes) -> bool:
    """True when ``data`` is exactly what this program writes for ``record`` (so it cannot
    hold a key written twice): most files are, and this is far cheaper than a full scan."""
    if not data.endswith(b"\n"):
        return False
    try:
        return msgspec.json.format(msgspec.json.encode(record), indent=2) + b"\n" == data
    except (msgspec.EncodeError, UnicodeEncodeError):
        return False


def load(path: str | os.PathLike[str]) -> JourneyMap:
    """Read a map file. Raises FileFormatError or FileAccessError with a sentence.

    Only a regular file is read: a FIFO, device or folder is refused before it is opened.
    """
    p = outputs.check_input(path)
    try:
        size = p.stat().st_size
    except OSError as err:
        raise FileAccessError(f'cannot read "{p}": {os_reason(err)}') from None
    if size > MAX_FILE_BYTES:
        raise FileFormatError("", _too_big(size), str(p))
    try:
        # Bounded: a file that grew since stat() cannot exhaust memory.
        data = outputs.read_input(p, MAX_FILE_BYTES)
    except outputs.InputTooLarge:
        raise FileFormatError("", _too_big(None), str(p)) from None
    try:
        return loads(data)
    except FileFormatError as err:
        raise err.with_path(str(p)) from None


def _too_big(size: int | None) -> str:
    amount = "over 50 MB" if size is None else f"{size / 1024 / 1024:.1f} MB"
    return f"the file is {amount}; map files are limited to 50 MB"


def _check_utf8(data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise FileFormatError(_position(data, err.start), "not valid UTF-8 text") from None


def _decode(data: bytes, kind: type[_Header]) -> _Header:
    try:
        return msgspec.json.decode(data, type=kind)
    except RecursionError:
        raise FileFormatError("", "not valid JSON: nested too deeply") from None
    except msgspec.ValidationError as err:
        if data.lstrip()[:1] == b"{":
            # An object whose "format" or "version" is a number too large to represent.
            where = str(err).partition(" - at `$.")[2].rstrip("`")
            expected = {"format": f'"{FORMAT_NAME}"', "version": "an integer"}.get(
                where, "a number"
            )
            raise FileFormatError(
                where or "top level", f"expected {expected}, got a number too large to represent"
            ) from None
        raw_kind = _top_level_kind(data)
        raise FileFormatError("top level", f"expected a JSON object, got {raw_kind}") from None
    except msgspec.DecodeError as err:
        raise _json_error(data, str(err)) from None


def _tolerant(data: bytes) -> Any:
    """The JSON value of ``data`` for error messages (UNSET if even that cannot be had)."""
    try:
        return _TOLERANT.decode(data)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        return msgspec.UNSET


def _plain(data: bytes) -> Any:
    """The JSON value of ``data``, refusing numbers too large to represent with their place."""
    try:
        return msgspec.json.decode(data)
    except msgspec.ValidationError:
        place = _first_non_finite(_tolerant(data), [])
        raise FileFormatError(validation.place_of(place or []), _TOO_LARGE) from None


def _first_non_finite(value: Any, path: list[str | int]) -> list[str | int] | None:
    """Where the first infinite number is, depth first (iterative: nesting may be deep)."""
    stack: list[tuple[Any, list[str | int]]] = [(value, path)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, float) and not math.isfinite(node):
            return where
        if isinstance(node, dict):
            stack.extend((v, [*where, k]) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((v, [*where, i]) for i, v in reversed(list(enumerate(node))))
    return None


class _Twice(dict[str, Any]):
    """A JSON object in which ``key`` was written more than once."""

    key = ""


def _check_duplicate_keys(data: bytes) -> None:
    """Refuse a key written twice in one object: JSON readers keep only one of the values."""
    seen_twice = False

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal seen_twice
        obj = dict(pairs)
        if len(obj) == len(pairs):
            return obj
        seen_twice = True
        twice = _Twice(pairs)
        keys: set[str] = set()
        for key, _ in pairs:
            if key in keys:
                twice.key = key
                break
            keys.add(key)
        return twice

    try:
        tree = json.loads(data, object_pairs_hook=pairs_hook)
    except (ValueError, RecursionError):  # already accepted by the real decoder
        return
    if not seen_twice:
        return
    path, key = _find_twice(tree, []) or ([], "")
    raise FileFormatError(
        validation.place_of(path),
        f"the key {_q(key)} is written twice (only one value can be kept)",
    )


def _find_twice(value: Any, path: list[str | int]) -> tuple[list[str | int], str] | None:
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        found = _find_twice(item, [*path, key])
        if found is not None:
            return found
    if isinstance(value, _Twice):
        return path, value.key
    return None


def _top_level_kind(data: bytes) -> str:
    first = data.lstrip()[:1]
    return {
        b"[": "an array",
        b'"': "a text",
        b"t": "true",
        b"f": "false",
        b"n": "null",
    }.get(first, "a number")


def _json_error(data: bytes, message: str) -> FileFormatError:
    if "truncated" in message:
        return FileFormatError("end of file", "not valid JSON: the file ends too early")
    match = re.search(r"\(byte (\d+)\)", message)
    reason = message.replace("JSON is malformed: ", "").split(" (byte")[0]
    if match is None:
        return FileFormatError("", f"not valid JSON: {reason}")
    pos = int(match.group(1))
    snippet = data[pos : pos + 12].decode("utf-8", "replace").split("\n")[0]
    if "hex escape" in reason:
        reason = "invalid \\u escape (it must be four hex digits naming a whole character)"
    detail = f"not valid JSON: {reason}"
    if snippet:
        detail += f" at {snippet!r}"
    if snippet[:3] in ("NaN", "Inf", "-In"):
        detail += " (numbers must be finite: NaN and Infinity are not allowed)"
    return FileFormatError(_position(data, pos), detail)


def _position(data: bytes, pos: int) -> str:
    line_start = data.rfind(b"\n", 0, pos) + 1
    line = data.count(b"\n", 0, pos) + 1
    column = len(data[line_start:pos].decode("utf-8", "replace")) + 1
    return f"line {line}, column {column}"


def _check_header(header: _Header) -> int:
    if header.format is msgspec.UNSET:
        raise FileFormatError("top level", 'missing required key "format": not a JourneyMap file')
    if header.format != FORMAT_NAME:
        raise FileFormatError(
            "format",
            f'expected "{FORMAT_NAME}", got {validation.show(header.format)}: '
            "not a JourneyMap file",
        )
    version = header.version
    if version is msgspec.UNSET:
        raise FileFormatError("top level", 'missing required key "version"')
    if not isinstance(version, int) or isinstance(version, bool):
        raise FileFormatError("version", f"expected an integer, got {validation.show(version)}")
    if version > FORMAT_VERSION:
        raise NewerVersionError(
            "version",
            f"this map was made by a newer version of JourneyMap (file format {version}; "
            f"this program reads up to {FORMAT_VERSION}). Update JourneyMap to open it.",
        )
    if version < FORMAT_VERSION and not _can_migrate(version):
        raise FileFormatError(
            "version", f"file format {version} is not one this program knows how to read"
        )
    return version


def _can_migrate(version: int) -> bool:
    return version >= 0 and all(
        v in MIGRATIONS or v in IDENTITY_STEPS for v in range(version, FORMAT_VERSION)
    )


def migrate(raw: dict[str, Any], version: int) -> dict[str, Any]:
    """Upgrade a file dict step by step from ``version`` to the current version."""
    for v in range(version, FORMAT_VERSION):
        if v in IDENTITY_STEPS and v not in MIGRATIONS:
            raw["version"] = v + 1
            continue
        try:
            raw = MIGRATIONS[v](raw)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            raise FileFormatError(
                "version",
                f"cannot upgrade this map from file format {v} to {v + 1}: "
                f"its content is not laid out as format {v} requires",
            ) from None
        raw["version"] = v + 1
    return raw


# ---------------------------------------------------------------------- building
def build(record: MapFile) -> JourneyMap:
    """Check the cross-references of a decoded file and build the document."""
    doc = JourneyMap(record.title, description=record.description, persona=record.persona)
    if record.channels is not None:
        _unique("channels", [c.id for c in record.channels])
        doc._set_channels(record.channels)
    _unique("stages", [s.id for s in record.stages])
    _unique("lanes", [lane.id for lane in record.lanes])
    for stage in record.stages:
        doc._axis_add(doc._stages, stage, None, check=False)
    for lane in record.lanes:
        doc._axis_add(doc._lanes, lane, None, check=False)
    ids = _check_touchpoints(doc, record)
    _check_links(record, ids)
    _check_improvements(record, ids)
    _unique("sources", [src.id for src in record.sources])
    doc._load_checked(record.touchpoints, record.links, record.improvements)
    doc._sources = list(record.sources)
    return doc


def _unique(section: str, ids: list[str]) -> dict[str, int]:
    first: dict[str, int] = {}
    for i, item_id in enumerate(ids):
        if item_id in first:
            raise FileFormatError(
                f"{section}[{i}].id",
                f"duplicate id {_q(item_id)} (also {section}[{first[item_id]}])",
            )
        first[item_id] = i
    return first


def _check_touchpoints(doc: JourneyMap, record: MapFile) -> dict[str, int]:
    stages, lanes = doc._stages.index, doc._lanes.index
    palette = doc._palette
    seen: dict[str, int] = {}
    cells: dict[tuple[str, str, int], int] = {}
    for i, tp in enumerate(record.touchpoints):
        place = f"touchpoints[{i}]"
        if tp.id in seen:
            raise FileFormatError(
                f"{place}.id", f"duplicate id {_q(tp.id)} (also touchpoints[{seen[tp.id]}])"
            )
        seen[tp.id] = i
        if tp.stage not in stages:
            raise FileFormatError(f"{place}.stage", f"unknown stage {_q(tp.stage)}")
        if tp.lane not in lanes:
            raise FileFormatError(f"{place}.lane", f"unknown lane {_q(tp.lane)}")
        if tp.channel is not None and tp.channel not in palette:
            where = "the map's channels" if record.channels is not None else "the built-in palette"
            raise FileFormatError(
                f"{place}.channel", f"unknown channel {_q(tp.channel)} (not in {where})"
            )
        cell = (tp.stage, tp.lane, tp.slot)
        if cell in cells:
            other = cells[cell]
            raise FileFormatError(
                f"{place}.slot",
                f"slot {tp.slot} of cell (stage {_q(tp.stage)}, lane {_q(tp.lane)}) is already "
                f"taken by touchpoints[{other}] {_q(record.touchpoints[other].id)}",
            )
        cells[cell] = i
    return seen


def _check_links(record: MapFile, ids: dict[str, int]) -> None:
    seen: dict[tuple[str, str], int] = {}
    for i, link in enumerate(record.links):
        place = f"links[{i}]"
        for end in ("source", "target"):
            tp_id = getattr(link, end)
            if tp_id not in ids:
                raise FileFormatError(f"{place}.{end}", f"unknown touchpoint {_q(tp_id)}")
        if link.source == link.target:
            raise FileFormatError(place, f"touchpoint {_q(link.source)} cannot link to itself")
        pair = (link.source, link.target)
        if pair in seen:
            raise FileFormatError(
                place, f"duplicate of links[{seen[pair]}] ({_q(link.source)} → {_q(link.target)})"
            )
        seen[pair] = i


def _check_improvements(record: MapFile, ids: dict[str, int]) -> None:
    _unique("improvements", [imp.id for imp in record.improvements])
    for i, imp in enumerate(record.improvements):
        named: set[str] = set()
        for j, tp_id in enumerate(imp.touchpoints):
            place = f"improvements[{i}].touchpoints[{j}]"
            if tp_id not in ids:
                raise FileFormatError(place, f"unknown touchpoint {_q(tp_id)}")
            if tp_id in named:
                raise FileFormatError(place, f"touchpoint {_q(tp_id)} is named twice")
            named.add(tp_id)


# ---------------------------------------------------------------------- writing
def to_record(doc: JourneyMap) -> MapFile:
    """The document as the file's top-level record."""
    persona = doc.persona
    record = MapFile(
        format=FORMAT_NAME,
        version=FORMAT_VERSION,
        title=doc.title,
        description=doc.description,
        persona=None if persona is None else _canonical(persona),
        channels=doc.channels,
        stages=[_canonical(s) for s in doc.stages],
        lanes=[_canonical(lane) for lane in doc.lanes],
        touchpoints=[_canonical(tp) for tp in doc.touchpoints()],
        links=[_canonical(link) for link in doc.links()],
        improvements=[_canonical(imp) for imp in doc.improvements],
        sources=[_canonical(src) for src in doc.sources],
    )
    if first_version_2_key(record) is None:
        record.version = BASE_VERSION  # older releases keep reading maps that need no more
    return record


_SCALAR_DEFAULTS: dict[type[msgspec.Struct], tuple[tuple[str, Any], ...]] = {}

R = TypeVar("R", bound=msgspec.Struct)


def _canonical(record: R) -> R:
    """``record`` with every value equal to its field's default replaced by the default itself.

    msgspec leaves a default out of the output only when the value *is* the default object,
    so an equal string made elsewhere ("#9e9e9e" typed in a dialog, "medium" from a combo box)
    would be written out and the same map would give different bytes.
    """
    kind = type(record)
    defaults = _SCALAR_DEFAULTS.get(kind)
    if defaults is None:
        defaults = _SCALAR_DEFAULTS[kind] = tuple(
            (f.name, f.default)
            for f in msgspec.structs.fields(kind)
            if type(f.default) in (str, int, float)
        )
    changes = {}
    for name, default in defaults:
        value = getattr(record, name)
        if value is not default and type(value) is type(default) and value == default:
            changes[name] = default
    return msgspec.structs.replace(record, **changes) if changes else record


def dumps(doc: JourneyMap) -> bytes:
    """Deterministic bytes: keys in format order, 2-space indent, UTF-8, one final newline."""
    return _indented(doc) + b"\n"


def _indented(doc: JourneyMap) -> bytes:
    """The file's bytes but the final newline (which :func:`save` writes without a copy)."""
    record = to_record(doc)
    try:
        compact = msgspec.json.encode(record)
    except UnicodeEncodeError:
        # A text holds half of a surrogate pair (pasted from a broken source): UTF-8 cannot
        # store it, so it is written as U+FFFD rather than refusing to save the whole map.
        compact = msgspec.json.encode(validation.scrub(msgspec.to_builtins(record)))
    del record
    return msgspec.json.format(compact, indent=2)  # the compact copy goes on return


def save(doc: JourneyMap, path: str | os.PathLike[str], *, backup: bool = True) -> None:
    """Write atomically: temp file beside the target, fsync, keep NAME.bak, replace."""
    if not isinstance(path, str | os.PathLike) or isinstance(os.fspath(path), bytes):
        raise FileAccessError(f"cannot save: name the file by a path, not {type(path).__name__}")
    # Two parts: a large map is not copied once more only to add its last newline.
    write_atomic(Path(path), (_indented(doc), b"\n"), backup=backup)
