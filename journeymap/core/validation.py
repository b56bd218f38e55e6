"""Turn the declared field types into checks and into plain sentences.

The declared types in :mod:`journeymap.core.entities` are the only source of rules; this
module describes them in words ("an integer from -2 to 2") and translates msgspec's
findings into ``place: expected …, got …`` sentences.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from typing import Any, TypeVar

import msgspec
import msgspec.inspect as mi

from journeymap.core.entities import field_type
from journeymap.core.errors import InvalidValue

R = TypeVar("R", bound=msgspec.Struct)

_PATH_RE = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+|\.\.\.)\]")
_COLOUR_PATTERN = "^#[0-9a-fA-F]{6}$"


def _unwrap(info: mi.Type) -> mi.Type:
    while isinstance(info, mi.Metadata):
        info = info.type
    return info


def describe(info: mi.Type) -> str:
    """What a value of this type looks like, in words."""
    info = _unwrap(info)
    if isinstance(info, mi.UnionType):
        parts = [describe(t) for t in info.types if not isinstance(_unwrap(t), mi.NoneType)]
        if isinstance(_unwrap(info.types[0]), mi.IntType) and any(
            isinstance(_unwrap(t), mi.FloatType) for t in info.types
        ):
            parts = ["a number"]
        nullable = any(isinstance(_unwrap(t), mi.NoneType) for t in info.types)
        arms = [_unwrap(t) for t in info.types if not isinstance(_unwrap(t), mi.NoneType)]
        if nullable and len(arms) == 1 and isinstance(arms[0], mi.LiteralType):
            # one of "after", "before", "during" or null (not: … or "during" or null)
            return "one of " + _join([json.dumps(v) for v in arms[0].values] + ["null"], "or")
        return _join(parts + (["null"] if nullable else []), "or")
    if isinstance(info, mi.LiteralType):
        return "one of " + _join([json.dumps(v) for v in info.values], "or")
    if isinstance(info, mi.BoolType):
        return "true or false"
    if isinstance(info, mi.IntType):
        if info.ge is not None and info.le is not None:
            return f"an integer from {info.ge:,} to {info.le:,}"
        if info.ge is not None:
            return f"an integer of {info.ge} or more"
        return "an integer"
    if isinstance(info, mi.FloatType):
        return "a number"
    if isinstance(info, mi.DateType):
        return "a date written YYYY-MM-DD"
    if isinstance(info, mi.StrType):
        if info.pattern == _COLOUR_PATTERN:
            return 'a colour written "#rrggbb"'
        if info.min_length == 1 and info.max_length is not None:
            return f"a non-empty id of at most {info.max_length} characters"
        if info.max_length is not None:
            return f"a text of at most {info.max_length:,} characters"
        return "a text"
    if isinstance(info, mi.ListType):
        if info.min_length:
            plural = "s" if info.min_length > 1 else ""
            return f"a list of at least {info.min_length} item{plural}"
        return "a list"
    if isinstance(info, mi.DictType | mi.StructType):
        return "an object"
    if isinstance(info, mi.NoneType):
        return "null"
    return "a valid value"


def _join(parts: list[str], word: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]


def show(value: Any) -> str:
    """A short picture of a JSON value for a message."""
    if isinstance(value, str):
        if len(value) > 40:
            return f"a text of {len(value):,} characters"
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int) and abs(value) >= 10**20:
        return f"an integer of {len(str(abs(value))):,} digits"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return f"a list of {len(value)} item" + ("" if len(value) == 1 else "s")
    if isinstance(value, dict):
        return "an object"
    return repr(value)


def quote(text: str, limit: int = 60) -> str:
    """A user's string for a one-line message: in double quotes, control characters escaped,
    shortened past ``limit`` characters."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return json.dumps(text, ensure_ascii=False)


_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def place_of(segments: list[str | int]) -> str:
    """``["touchpoints", 3, "emotion"]`` → ``touchpoints[3].emotion``.

    A key that is not a plain name is quoted: ``metrics["first contact"]``.
    """
    out = ""
    for seg in segments:
        if isinstance(seg, int):
            out += f"[{seg}]"
        elif _NAME_RE.fullmatch(seg):
            out += ("." if out else "") + seg
        else:
            out += f"[{quote(seg)}]"
    return out or "top level"


def _struct_field(info: mi.StructType, name: str) -> mi.Field | None:
    for f in info.fields:
        if f.name == name:
            return f
    return None


def _descend(info: mi.Type, seg: str | int) -> mi.Type | None:
    """The type one step down the path, looking through optional wrappers."""
    info = _unwrap(info)
    if isinstance(info, mi.UnionType):
        for arm in info.types:
            found = _descend(arm, seg)
            if found is not None:
                return found
        return None
    if isinstance(seg, str) and isinstance(info, mi.StructType):
        f = _struct_field(info, seg)
        return f.type if f else None
    if isinstance(info, mi.ListType) and isinstance(seg, int):
        return info.item_type
    if isinstance(info, mi.DictType):
        return info.value_type
    return None


def _value_at(data: Any, seg: str | int) -> Any:
    if isinstance(data, dict) and isinstance(seg, str):
        return data.get(seg, msgspec.UNSET)
    if isinstance(data, list) and isinstance(seg, int) and 0 <= seg < len(data):
        return data[seg]
    return msgspec.UNSET


def _first_bad_entry(data: Any, value_type: mi.Type, key_type: mi.Type) -> tuple[str, Any] | None:
    """In a JSON object, the first key whose key or value breaks the declared types."""
    if not isinstance(data, dict):
        return None
    for key, value in data.items():
        for t, v in ((key_type, key), (value_type, value)):
            if not _fits(t, v):
                return key, v
    return None


def _fits(info: mi.Type, value: Any) -> bool:
    info = _unwrap(info)
    if isinstance(info, mi.StrType):
        if not isinstance(value, str):
            return False
        lo, hi = info.min_length or 0, info.max_length
        return len(value) >= lo and (hi is None or len(value) <= hi)
    if isinstance(info, mi.UnionType):
        return any(_fits(t, value) for t in info.types)
    if isinstance(info, mi.IntType):
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and (info.ge is None or value >= info.ge)
            and (info.le is None or value <= info.le)
        )
    if isinstance(info, mi.FloatType):
        return isinstance(value, float) and value == value and abs(value) != float("inf")
    return True


def translate(
    error: msgspec.ValidationError, root: type[msgspec.Struct], raw: Any
) -> tuple[str, str]:
    """(place, detail) for a msgspec validation error over the JSON value ``raw``."""
    text = str(error)
    message, _, where = text.partition(" - at `")
    where = where.rstrip("`")
    key_error = where.startswith("key` in `")
    if key_error:
        where = where[len("key` in `") :]
    segments: list[str | int] = []
    info: mi.Type | None = mi.type_info(root)
    data = raw
    for m in _PATH_RE.finditer(where[1:] if where.startswith("$") else where):
        name, index = m.group(1), m.group(2)
        if index == "...":
            dict_info = _unwrap(info) if info is not None else None
            if isinstance(dict_info, mi.UnionType):
                dict_info = next(
                    (_unwrap(t) for t in dict_info.types if isinstance(_unwrap(t), mi.DictType)),
                    None,
                )
            if isinstance(dict_info, mi.DictType):
                bad = _first_bad_entry(data, dict_info.value_type, dict_info.key_type)
                if bad is not None:
                    segments.append(bad[0])
                    data = bad[1]
                    info = dict_info.value_type
                    continue
            # The offending entry cannot be named: point at the whole object.
            info = dict_info.value_type if isinstance(dict_info, mi.DictType) else None
            data = msgspec.UNSET
            break
        seg: str | int = name if name is not None else int(index)
        segments.append(seg)
        info = _descend(info, seg) if info is not None else None
        data = _value_at(data, seg)
    place = place_of(segments)

    if message.startswith("Object contains unknown field"):
        key = message.split("`")[1]
        hint = _did_you_mean(key, info)
        return place, f"unknown key {quote(key)}{hint}"
    if message.startswith("Object missing required field"):
        key = message.split("`")[1]
        return place, f'missing required key "{key}"'
    if key_error and info is not None:
        dict_info = _unwrap(info)
        if isinstance(dict_info, mi.DictType):
            return place, f"every key must be {describe(dict_info.key_type)}"
    if message.startswith(("Number out of range", "Integer value out of range")):
        expected = describe(info) if info is not None else "a number"
        if expected.startswith("a number"):
            expected = "a finite" + expected[1:]
        return place, f"expected {expected}, got a number too large to represent"
    expected = describe(info) if info is not None else "a valid value"
    got = "" if data is msgspec.UNSET else f", got {show(data)}"
    bound = _int_bound(info)
    if bound is not None and isinstance(data, int) and not isinstance(data, bool):
        expected = f"a number within ±2**{bound.bit_length() - 1} ({bound:,})"
    if message.startswith("Invalid RFC3339") and isinstance(data, str):
        got = f", got {show(data)}, which is not a real date"
    return place, f"expected {expected}{got}"


def _int_bound(info: mi.Type | None) -> int | None:
    """The bound of a metric's integer arm (``int within ±2**53 | float``), else None."""
    info = _unwrap(info) if info is not None else None
    if not isinstance(info, mi.UnionType) or not any(
        isinstance(_unwrap(t), mi.FloatType) for t in info.types
    ):
        return None
    for arm in info.types:
        arm = _unwrap(arm)
        if isinstance(arm, mi.IntType) and arm.le is not None and arm.ge == -arm.le:
            return arm.le
    return None


def _did_you_mean(key: str, info: mi.Type | None) -> str:
    info = _unwrap(info) if info is not None else None
    if isinstance(info, mi.UnionType):
        info = next((t for t in info.types if isinstance(_unwrap(t), mi.StructType)), None)
        info = _unwrap(info) if info is not None else None
    if not isinstance(info, mi.StructType):
        return ""
    close = difflib.get_close_matches(key, [f.name for f in info.fields], n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""


def check_field(kind: str, key: str, field: str, value: Any) -> Any:
    """Validate one field value of an entity edit; return it converted to the stored form.

    Raises ``InvalidValue`` naming the place, e.g. ``touchpoint "ad".emotion: …``.
    """
    try:
        declared = field_type(kind, field)
    except KeyError:
        raise InvalidValue(f'{entity_label(kind, key)} has no field "{field}"') from None
    try:
        result = msgspec.convert(value, declared, strict=True)
    except msgspec.ValidationError as err:
        where = f"{'map' if kind == 'map' else entity_label(kind, key)}.{field}"
        if " - at `" in str(err):
            # Something inside a list, object or record: name the inner place.
            place, detail = translate(err, declared, scrub(_plain(value)))
            if place != "top level":
                where += place if place.startswith("[") else f".{place}"
            raise InvalidValue(f"{where}: {detail}") from None
        info = mi.type_info(declared)
        detail = f"expected {describe(info)}, got {show(scrub(_plain(value)))}"
        if str(err).startswith("Invalid RFC3339"):
            detail += ", which is not a real date"
        raise InvalidValue(f"{where}: {detail}") from None
    if scrub(_plain(result)) != _plain(result):
        raise InvalidValue(
            f"{entity_label(kind, key)}.{field}: the text holds a broken character (half of a "
            "surrogate pair) that cannot be saved"
        )
    return result


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def scrub(value: Any) -> Any:
    """``value`` (plain JSON data) with every unpaired surrogate, which UTF-8 cannot hold,
    replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE_RE.sub("\ufffd", value)
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    return value


def _plain(value: Any) -> Any:
    try:
        return msgspec.to_builtins(value)
    except (TypeError, msgspec.EncodeError):
        return value


def entity_label(kind: str, key: Any) -> str:
    """How an entity is named in a message: ``touchpoint "ad"``, ``link "a → b"``, ``the map``."""
    return "the map" if kind == "map" else f"{kind} {quote(_key_text(key))}"


def _key_text(key: Any) -> str:
    if key is None:
        return ""
    if isinstance(key, tuple):
        return " → ".join(key)
    return str(key)


def checked_value(kind: str, key: Any, field: str, value: Any) -> Any:
    """A field value checked against its declared type, as a fresh copy the caller does not share.

    Records nested in the value (a persona, channels) are checked field by field too, and
    numbers must be finite: the file format cannot hold NaN or infinity.
    """
    label = _key_text(key)
    value = check_field(kind, label, field, value)
    raw = msgspec.to_builtins(value)
    check_finite(f"{entity_label(kind, key)}.{field}", raw)
    # The plain copy is checked again on purpose: records handed in (a Persona, Channels)
    # pass the first check as they are, without their fields being looked at.
    return check_field(kind, label, field, raw)


def checked_record(kind: str, record: R) -> R:
    """A record built in code, checked against the declared types, as a fresh copy."""
    label = f'{kind} "{getattr(record, "id", "")}"'
    try:
        raw = msgspec.to_builtins(record)
    except (TypeError, msgspec.EncodeError) as err:
        raise InvalidValue(f"{label}: {err}") from None
    check_finite(label, raw)
    if _has_surrogate(raw):
        raise InvalidValue(
            f"{label}: the text holds a broken character (half of a surrogate pair) "
            "that cannot be saved"
        )
    try:
        return msgspec.convert(raw, type(record), strict=True)
    except msgspec.ValidationError as err:
        place, detail = translate(err, type(record), raw)
        where = label if place == "top level" else f"{label}.{place}"
        raise InvalidValue(f"{where}: {detail}") from None


def checked_data(kind: str, cls: type[R], data: dict[str, Any]) -> R:
    """A record of type ``cls`` from plain JSON-like field values (an import's row), checked
    by the same rules as :func:`checked_record` in one pass.

    msgspec checks the declared types while it builds the record (a fresh copy: no list or
    object of ``data`` is shared), then only the fields whose type can hold a float are
    searched for NaN and infinity, and the record is encoded once for broken characters.
    """
    try:
        record = msgspec.convert(data, cls, strict=True)
    except msgspec.ValidationError as err:
        label = f'{kind} "{data.get("id", "")}"'
        place, detail = translate(err, cls, data)
        where = label if place == "top level" else f"{label}.{place}"
        raise InvalidValue(f"{where}: {detail}") from None
    for name in _float_fields(cls):
        value = getattr(record, name)
        if not value or (type(value) is dict and _finite_numbers(value)):
            continue  # most are empty, or an object of finite numbers (metrics)
        found = _not_finite(value)
        if found is not None:
            path, number = found
            raise InvalidValue(
                f'{kind} "{data.get("id", "")}".{name}{path}: expected a finite number, '
                f"got {number!r}"
            )
    if _has_surrogate(record):
        raise InvalidValue(
            f'{kind} "{data.get("id", "")}": the text holds a broken character (half of a '
            "surrogate pair) that cannot be saved"
        )
    return record


def _finite_numbers(values: dict[Any, Any]) -> bool:
    """Whether an object holds only finite numbers (False: look closer)."""
    for v in values.values():
        if type(v) is not int and (type(v) is not float or not math.isfinite(v)):
            return False
    return True


_FLOAT_FIELDS: dict[type, tuple[str, ...]] = {}


def _float_fields(cls: type[msgspec.Struct]) -> tuple[str, ...]:
    """The fields of a record type whose declared type can hold a float, at any depth."""
    names = _FLOAT_FIELDS.get(cls)
    if names is None:
        info = mi.type_info(cls)
        assert isinstance(info, mi.StructType)
        names = _FLOAT_FIELDS[cls] = tuple(f.name for f in info.fields if _holds_float(f.type))
    return names


def _holds_float(info: mi.Type) -> bool:
    info = _unwrap(info)
    if isinstance(info, mi.FloatType):
        return True
    if isinstance(info, mi.UnionType):
        return any(_holds_float(t) for t in info.types)
    if isinstance(info, mi.ListType | mi.SetType | mi.FrozenSetType | mi.VarTupleType):
        return _holds_float(info.item_type)
    if isinstance(info, mi.TupleType):
        return any(_holds_float(t) for t in info.item_types)
    if isinstance(info, mi.DictType):
        return _holds_float(info.value_type)
    if isinstance(info, mi.StructType):
        return any(_holds_float(f.type) for f in info.fields)
    return isinstance(info, mi.AnyType)


def _has_surrogate(raw: Any) -> bool:
    """Whether a plain value or a record holds half of a surrogate pair (not UTF-8)."""
    try:
        msgspec.json.encode(raw)
    except UnicodeEncodeError:
        return True
    return False


def check_finite(place: str, raw: Any) -> None:
    """Refuse NaN and infinity anywhere in a plain (JSON-like) value."""
    found = _not_finite(raw)
    if found is not None:
        path, value = found
        raise InvalidValue(f"{place}{path}: expected a finite number, got {value!r}")


_NESTED = (float, dict, list)  # texts and integers are always finite


def _not_finite(raw: Any) -> tuple[str, float] | None:
    """Where the first NaN or infinity is (``.key[2]``) and what it is; None when none is.

    The place is spelled out only on failure: records are checked on every change.
    """
    if isinstance(raw, float):
        return None if math.isfinite(raw) else ("", raw)
    if isinstance(raw, dict):
        for k, v in raw.items():
            if type(v) is float:  # the common case (metrics) without a call per number
                if not math.isfinite(v):
                    return f".{k}", v
            elif isinstance(v, _NESTED) and (found := _not_finite(v)) is not None:
                return f".{k}{found[0]}", found[1]
    elif isinstance(raw, list):
        for i, v in enumerate(raw):
            if isinstance(v, _NESTED) and (found := _not_finite(v)) is not None:
                return f"[{i}]{found[0]}", found[1]
    return None
