"""Files the loader must refuse, each with one sentence that names the place.

Every case runs through ``loads`` (bytes) and ``load`` (a file on disk) and checks the exact
message, the error type, and that the message is a single plain sentence.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from journeymap.core import fileformat
from journeymap.core.errors import (
    FileAccessError,
    FileFormatError,
    JourneyMapError,
    NewerVersionError,
)
from journeymap.core.fileformat import MAX_FILE_BYTES, dumps, load, loads

Make = Callable[[dict[str, Any]], Any]


def enc(d: dict[str, Any]) -> bytes:
    return json.dumps(d, indent=2, ensure_ascii=False).encode("utf-8")


def put(path: list[str | int], value: Any) -> Make:
    def make(d: dict[str, Any]) -> None:
        *head, last = path
        for key in head:
            d = d[key]  # type: ignore[index]
        d[last] = value  # type: ignore[index]

    return make


def drop(path: list[str | int]) -> Make:
    def make(d: dict[str, Any]) -> None:
        *head, last = path
        for key in head:
            d = d[key]  # type: ignore[index]
        del d[last]  # type: ignore[arg-type]

    return make


def append(section: str, item: Any) -> Make:
    return lambda d: d[section].append(item)


def edit_text(old: bytes, new: bytes) -> Make:
    def make(d: dict[str, Any]) -> bytes:
        data = enc(d)
        assert old in data
        return data.replace(old, new, 1)

    return make


def raw(data: bytes) -> Make:
    return lambda d: data


@dataclass(frozen=True)
class Case:
    name: str
    make: Make
    message: str | re.Pattern[str]
    error: type[FileFormatError] = FileFormatError


def metric(text: bytes) -> Make:
    return edit_text(b'"nps": 31', b'"nps": ' + text)


NOT_FINITE = (
    "not valid JSON: invalid character at '{}' "
    "(numbers must be finite: NaN and Infinity are not allowed)"
)
TEXT = "a text of at most 20,000 characters"
ID = "a non-empty id of at most 64 characters"

CASES = [
    # ------------------------------------------------------------ not a map file at all
    Case("empty file", raw(b""), "the file is empty"),
    Case("whitespace only", raw(b" \n\t\r\n "), "the file is empty"),
    Case(
        "not JSON",
        raw(b"journey: map\n"),
        "line 1, column 1: not valid JSON: invalid character at 'journey: map'",
    ),
    Case("a JSON array", raw(b"[]"), "top level: expected a JSON object, got an array"),
    Case("a JSON string", raw(b'"journeymap"'), "top level: expected a JSON object, got a text"),
    Case("a JSON number", raw(b"1"), "top level: expected a JSON object, got a number"),
    Case("JSON null", raw(b"null"), "top level: expected a JSON object, got null"),
    Case(
        "wrong format",
        put(["format"], "journey-map"),
        'format: expected "journeymap", got "journey-map": not a JourneyMap file',
    ),
    Case(
        "another program's file",
        raw(b'{"format": "drawio", "version": 1}'),
        'format: expected "journeymap", got "drawio": not a JourneyMap file',
    ),
    Case(
        "missing format",
        drop(["format"]),
        'top level: missing required key "format": not a JourneyMap file',
    ),
    Case("missing version", drop(["version"]), 'top level: missing required key "version"'),
    # ------------------------------------------------------------ version
    Case(
        "version 0",
        put(["version"], 0),
        "version: file format 0 is not one this program knows how to read",
    ),
    Case(
        "version -1",
        put(["version"], -1),
        "version: file format -1 is not one this program knows how to read",
    ),
    Case(
        "version 999",
        put(["version"], 999),
        "version: this map was made by a newer version of JourneyMap (file format 999; "
        "this program reads up to 2). Update JourneyMap to open it.",
        NewerVersionError,
    ),
    Case('version "1"', put(["version"], "1"), 'version: expected an integer, got "1"'),
    Case("version true", put(["version"], True), "version: expected an integer, got true"),
    Case("version 1.0", put(["version"], 1.0), "version: expected an integer, got 1.0"),
    Case(
        "version 1e999",
        edit_text(b'"version": 1', b'"version": 1e999'),
        "version: expected an integer, got a number too large to represent",
    ),
    # ------------------------------------------------------------ missing and unknown keys
    Case("missing title", drop(["title"]), 'top level: missing required key "title"'),
    Case("missing stages", drop(["stages"]), 'top level: missing required key "stages"'),
    Case("missing lanes", drop(["lanes"]), 'top level: missing required key "lanes"'),
    Case(
        "missing touchpoints",
        drop(["touchpoints"]),
        'top level: missing required key "touchpoints"',
    ),
    Case(
        "missing touchpoint slot",
        drop(["touchpoints", 2, "slot"]),
        'touchpoints[2]: missing required key "slot"',
    ),
    Case(
        "missing stage name", drop(["stages", 1, "name"]), 'stages[1]: missing required key "name"'
    ),
    Case(
        "missing link target",
        drop(["links", 1, "target"]),
        'links[1]: missing required key "target"',
    ),
    Case("unknown top-level key", put(["autor"], "me"), 'top level: unknown key "autor"'),
    Case(
        "unknown touchpoint key colr",
        put(["touchpoints", 3, "colr"], "#2e7d32"),
        'touchpoints[3]: unknown key "colr" (did you mean "colour"?)',
    ),
    Case(
        "unknown link key",
        put(["links", 0, "lable"], "next"),
        'links[0]: unknown key "lable" (did you mean "label"?)',
    ),
    Case(
        "unknown improvement key",
        put(["improvements", 1, "prority"], "high"),
        'improvements[1]: unknown key "prority" (did you mean "priority"?)',
    ),
    Case(
        "unknown stage key",
        put(["stages", 0, "colour"], "#2e7d32"),
        'stages[0]: unknown key "colour"',
    ),
    Case(
        "unknown persona key",
        put(["persona"], {"name": "Ana", "goal": "coffee"}),
        'persona: unknown key "goal" (did you mean "goals"?)',
    ),
    Case("unknown key with a line break", put(["a\nb"], 1), 'top level: unknown key "a\\nb"'),
    Case(
        "unknown key of 500 characters",
        put(["k" * 500], 1),
        'top level: unknown key "' + "k" * 59 + '…"',
    ),
    Case(
        "key written twice",
        edit_text(b'"title": "Pays by card"', b'"title": "Pays by card", "title": "Pays"'),
        'touchpoints[3]: the key "title" is written twice (only one value can be kept)',
    ),
    # ------------------------------------------------------------ wrong types
    Case("title a number", put(["title"], 5), f"title: expected {TEXT}, got 5"),
    Case("title null", put(["title"], None), f"title: expected {TEXT}, got null"),
    Case(
        "stages an object",
        put(["stages"], {"id": "a"}),
        "stages: expected a list of at least 1 item, got an object",
    ),
    Case("touchpoints null", put(["touchpoints"], None), "touchpoints: expected a list, got null"),
    Case(
        "touchpoint a text",
        append("touchpoints", "card"),
        'touchpoints[4]: expected an object, got "card"',
    ),
    Case(
        'slot "0"',
        put(["touchpoints", 2, "slot"], "0"),
        'touchpoints[2].slot: expected an integer from 0 to 2,147,483,647, got "0"',
    ),
    Case(
        "slot -1",
        put(["touchpoints", 2, "slot"], -1),
        "touchpoints[2].slot: expected an integer from 0 to 2,147,483,647, got -1",
    ),
    Case(
        "slot 1.5",
        put(["touchpoints", 2, "slot"], 1.5),
        "touchpoints[2].slot: expected an integer from 0 to 2,147,483,647, got 1.5",
    ),
    Case(
        'moment_of_truth "yes"',
        put(["touchpoints", 0, "moment_of_truth"], "yes"),
        'touchpoints[0].moment_of_truth: expected true or false, got "yes"',
    ),
    Case(
        "votes -1",
        put(["touchpoints", 0, "votes"], -1),
        "touchpoints[0].votes: expected an integer from 0 to 2,147,483,647, got -1",
    ),
    Case(
        "pain_points a text",
        put(["touchpoints", 0, "pain_points"], "slow"),
        'touchpoints[0].pain_points: expected a list, got "slow"',
    ),
    Case(
        "pain point a number",
        put(["touchpoints", 0, "pain_points"], ["slow", 2]),
        f"touchpoints[0].pain_points[1]: expected {TEXT}, got 2",
    ),
    Case(
        "metrics a list",
        put(["touchpoints", 3, "metrics"], [4.2]),
        "touchpoints[3].metrics: expected an object, got a list of 1 item",
    ),
    Case(
        "metric a text",
        put(["touchpoints", 3, "metrics", "nps"], "31"),
        'touchpoints[3].metrics.nps: expected a number, got "31"',
    ),
    Case(
        "metric a boolean",
        put(["touchpoints", 3, "metrics", "nps"], True),
        "touchpoints[3].metrics.nps: expected a number, got true",
    ),
    Case(
        "metric named with a space",
        put(["touchpoints", 3, "metrics", "first contact"], "x"),
        'touchpoints[3].metrics["first contact"]: expected a number, got "x"',
    ),
    Case(
        "metric without name",
        put(["touchpoints", 3, "metrics", ""], 1),
        f"touchpoints[3].metrics: every key must be {ID}",
    ),
    Case(
        'link kind "loop"',
        put(["links", 1, "kind"], "loop"),
        'links[1].kind: expected one of "alternative", "flow" or "return", got "loop"',
    ),
    Case(
        'priority "urgent"',
        put(["improvements", 0, "priority"], "urgent"),
        'improvements[0].priority: expected one of "critical", "high", "low" or "medium", '
        'got "urgent"',
    ),
    Case(
        'status "doing"',
        put(["improvements", 0, "status"], "doing"),
        'improvements[0].status: expected one of "done", "idea", "in_progress" or "planned", '
        'got "doing"',
    ),
    Case(
        'phase "middle"',
        put(["stages", 0, "phase"], "middle"),
        'stages[0].phase: expected one of "after", "before", "during" or null, got "middle"',
    ),
    Case(
        'channel kind "virtual"',
        put(["channels"], [{"id": "store", "name": "Store", "kind": "virtual"}]),
        'channels[0].kind: expected one of "digital", "human" or "physical", got "virtual"',
    ),
    Case(
        "persona goals a text",
        put(["persona"], {"goals": "coffee"}),
        'persona.goals: expected a list, got "coffee"',
    ),
    # ------------------------------------------------------------ values out of range
    Case(
        "emotion 3",
        put(["touchpoints", 3, "emotion"], 3),
        "touchpoints[3].emotion: expected an integer from -2 to 2 or null, got 3",
    ),
    Case(
        "emotion -3",
        put(["touchpoints", 3, "emotion"], -3),
        "touchpoints[3].emotion: expected an integer from -2 to 2 or null, got -3",
    ),
    Case(
        'emotion "happy"',
        put(["touchpoints", 3, "emotion"], "happy"),
        'touchpoints[3].emotion: expected an integer from -2 to 2 or null, got "happy"',
    ),
    Case(
        "emotion 1.5",
        put(["touchpoints", 3, "emotion"], 1.5),
        "touchpoints[3].emotion: expected an integer from -2 to 2 or null, got 1.5",
    ),
    Case(
        'colour "red"',
        put(["touchpoints", 3, "colour"], "red"),
        'touchpoints[3].colour: expected a colour written "#rrggbb", got "red"',
    ),
    Case(
        'colour "#12"',
        put(["touchpoints", 3, "colour"], "#12"),
        'touchpoints[3].colour: expected a colour written "#rrggbb", got "#12"',
    ),
    Case(
        'colour "#12345g"',
        put(["touchpoints", 3, "colour"], "#12345g"),
        'touchpoints[3].colour: expected a colour written "#rrggbb", got "#12345g"',
    ),
    Case(
        "colour null",
        put(["touchpoints", 3, "colour"], None),
        'touchpoints[3].colour: expected a colour written "#rrggbb", got null',
    ),
    Case(
        "id of 65 characters",
        put(["touchpoints", 0, "id"], "x" * 65),
        f"touchpoints[0].id: expected {ID}, got a text of 65 characters",
    ),
    Case("empty id", put(["lanes", 1, "id"], ""), f'lanes[1].id: expected {ID}, got ""'),
    Case(
        "text of 20,001 characters",
        put(["touchpoints", 0, "description"], "x" * 20_001),
        f"touchpoints[0].description: expected {TEXT}, got a text of 20,001 characters",
    ),
    Case(
        "pain point of 20,001 characters",
        put(["touchpoints", 0, "pain_points"], ["ok", "y" * 20_001]),
        f"touchpoints[0].pain_points[1]: expected {TEXT}, got a text of 20,001 characters",
    ),
    Case(
        'due "2027-02-30"',
        put(["improvements", 1, "due"], "2027-02-30"),
        'improvements[1].due: expected a date written YYYY-MM-DD or null, got "2027-02-30", '
        "which is not a real date",
    ),
    Case(
        'due "31/03/2027"',
        put(["improvements", 1, "due"], "31/03/2027"),
        'improvements[1].due: expected a date written YYYY-MM-DD or null, got "31/03/2027", '
        "which is not a real date",
    ),
    Case(
        "due a number",
        put(["improvements", 1, "due"], 20270331),
        "improvements[1].due: expected a date written YYYY-MM-DD or null, got 20270331",
    ),
    Case(
        "impact 0",
        put(["improvements", 0, "impact"], 0),
        "improvements[0].impact: expected an integer from 1 to 5, got 0",
    ),
    Case(
        "impact 6",
        put(["improvements", 0, "impact"], 6),
        "improvements[0].impact: expected an integer from 1 to 5, got 6",
    ),
    Case(
        "effort 2.5",
        put(["improvements", 0, "effort"], 2.5),
        "improvements[0].effort: expected an integer from 1 to 5, got 2.5",
    ),
    Case(
        "empty stages list",
        put(["stages"], []),
        "stages: expected a list of at least 1 item, got a list of 0 items",
    ),
    Case(
        "empty lanes list",
        put(["lanes"], []),
        "lanes: expected a list of at least 1 item, got a list of 0 items",
    ),
    # ------------------------------------------------------------ numbers
    Case("NaN in metrics", metric(b"NaN"), "line 61, column 16: " + NOT_FINITE.format("NaN")),
    Case(
        "Infinity in metrics",
        metric(b"Infinity"),
        "line 61, column 16: " + NOT_FINITE.format("Infinity"),
    ),
    Case(
        "-Infinity in metrics",
        metric(b"-Infinity"),
        "line 61, column 17: " + NOT_FINITE.format("Infinity"),
    ),
    Case(
        "1e999 in metrics",
        metric(b"1e999"),
        "touchpoints[3].metrics.nps: expected a finite number, got a number too large to represent",
    ),
    Case(
        "-1e999 in metrics",
        metric(b"-1e999"),
        "touchpoints[3].metrics.nps: expected a finite number, got a number too large to represent",
    ),
    Case(
        "5000-digit integer in metrics",
        metric(b"9" * 5000),
        "touchpoints[3].metrics: expected a finite number, got a number too large to represent",
    ),
    Case(
        "1e999 as slot",
        edit_text(b'"slot": 1', b'"slot": 1e999'),
        "touchpoints[1].slot: expected an integer from 0 to 2,147,483,647, got a number too "
        "large to represent",
    ),
    # ------------------------------------------------------------ references and uniqueness
    Case(
        "duplicate stage id",
        append("stages", {"id": "arrive", "name": "Again"}),
        'stages[2].id: duplicate id "arrive" (also stages[0])',
    ),
    Case(
        "duplicate lane id",
        append("lanes", {"id": "staff", "name": "Again"}),
        'lanes[2].id: duplicate id "staff" (also lanes[1])',
    ),
    Case(
        "duplicate touchpoint id",
        append(
            "touchpoints",
            {"id": "queue", "title": "Again", "stage": "order", "lane": "staff", "slot": 0},
        ),
        'touchpoints[4].id: duplicate id "queue" (also touchpoints[1])',
    ),
    Case(
        "duplicate improvement id",
        append("improvements", {"id": "i1", "title": "Again"}),
        'improvements[2].id: duplicate id "i1" (also improvements[0])',
    ),
    Case(
        "duplicate channel id",
        put(
            ["channels"],
            [
                {"id": "store", "name": "Store", "kind": "physical"},
                {"id": "store", "name": "Shop", "kind": "physical"},
            ],
        ),
        'channels[1].id: duplicate id "store" (also channels[0])',
    ),
    Case(
        "link to a missing touchpoint",
        append("links", {"source": "pay", "target": "exit"}),
        'links[2].target: unknown touchpoint "exit"',
    ),
    Case(
        "link from a missing touchpoint",
        append("links", {"source": "exit", "target": "pay"}),
        'links[2].source: unknown touchpoint "exit"',
    ),
    Case(
        "self link",
        append("links", {"source": "pay", "target": "pay"}),
        'links[2]: touchpoint "pay" cannot link to itself',
    ),
    Case(
        "duplicate link",
        append("links", {"source": "door", "target": "queue", "kind": "return"}),
        'links[2]: duplicate of links[0] ("door" → "queue")',
    ),
    Case(
        "unknown stage",
        put(["touchpoints", 2, "stage"], "leave"),
        'touchpoints[2].stage: unknown stage "leave"',
    ),
    Case(
        "unknown stage with a line break",
        put(["touchpoints", 2, "stage"], "leave\nnow"),
        'touchpoints[2].stage: unknown stage "leave\\nnow"',
    ),
    Case(
        "unknown lane",
        put(["touchpoints", 2, "lane"], "kitchen"),
        'touchpoints[2].lane: unknown lane "kitchen"',
    ),
    Case(
        "unknown channel",
        put(["touchpoints", 2, "channel"], "fax"),
        'touchpoints[2].channel: unknown channel "fax" (not in the built-in palette)',
    ),
    Case(
        "channel outside the map's own palette",
        put(["channels"], [{"id": "phone", "name": "Phone", "kind": "human"}]),
        'touchpoints[2].channel: unknown channel "store" (not in the map\'s channels)',
    ),
    Case(
        "two touchpoints in one slot",
        put(["touchpoints", 1, "slot"], 0),
        'touchpoints[1].slot: slot 0 of cell (stage "arrive", lane "customer") is already '
        'taken by touchpoints[0] "door"',
    ),
    Case(
        "improvement names an unknown touchpoint",
        put(["improvements", 0, "touchpoints"], ["queue", "exit"]),
        'improvements[0].touchpoints[1]: unknown touchpoint "exit"',
    ),
    Case(
        "improvement names a touchpoint twice",
        put(["improvements", 0, "touchpoints"], ["queue", "queue"]),
        'improvements[0].touchpoints[1]: touchpoint "queue" is named twice',
    ),
    # ------------------------------------------------------------ broken JSON text
    Case(
        "truncated file",
        lambda d: enc(d)[:200],
        "end of file: not valid JSON: the file ends too early",
    ),
    Case(
        "trailing characters",
        lambda d: enc(d) + b"\n}",
        "line 95, column 2: not valid JSON: trailing characters",
    ),
    Case(
        "double comma",
        edit_text(b'"Greets"', b'"Greets",,'),
        re.compile(r"line 46, column 25: not valid JSON: .*"),
    ),
    Case(
        "single quotes",
        edit_text(b'"Greets"', b"'Greets'"),
        re.compile(r"line 46, column 16: not valid JSON: invalid character .*"),
    ),
    Case(
        "a comment",
        edit_text(b'"lanes"', b'// lanes\n  "lanes"'),
        re.compile(r"line 17, column 3: not valid JSON: .*"),
    ),
    Case(
        "invalid UTF-8",
        edit_text("Café".encode(), b"Caf\xe9"),
        "line 4, column 16: not valid UTF-8 text",
    ),
    Case(
        "unpaired surrogate escape",
        edit_text(b'"Greets"', b'"\\ud800"'),
        re.compile(r"line 46, column \d+: not valid JSON: invalid \\u escape .*"),
    ),
    Case(
        "deeply nested value",
        edit_text(b'"title": "Greets"', b'"title": ' + b"[" * 100_000 + b"]" * 100_000),
        "not valid JSON: nested too deeply",
    ),
    Case(
        "deeply nested unclosed value",
        edit_text(b'"title": "Greets"', b'"title": ' + b"[" * 100_000),
        "not valid JSON: nested too deeply",
    ),
    Case(
        "100,000 nested brackets",
        raw(b"[" * 100_000 + b"]" * 100_000),
        "top level: expected a JSON object, got an array",
    ),
    Case(
        "100,000 nested objects",
        raw(b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
        "not valid JSON: nested too deeply",
    ),
]


def _data(case: Case, small_map: dict[str, Any]) -> bytes:
    made = case.make(small_map)
    return made if isinstance(made, bytes) else enc(small_map)


def assert_sentence(err: BaseException) -> None:
    """One plain line for a person: no traceback, no library names, no Python reprs."""
    text = str(err)
    assert isinstance(err, JourneyMapError)
    assert text and "\n" not in text
    for word in ("Traceback", "msgspec", "Error:", "Expected `", "$."):
        assert word not in text, text


def assert_message(err: FileFormatError, expected: str | re.Pattern[str]) -> None:
    if isinstance(expected, str):
        assert str(err) == expected
    else:
        assert expected.fullmatch(str(err)), str(err)
    assert str(err) == (f"{err.place}: {err.detail}" if err.place else err.detail)


def test_case_names_are_unique() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_bytes_are_refused_with_the_place(case: Case, small_map: dict[str, Any]) -> None:
    data = _data(case, small_map)
    started = time.perf_counter()
    with pytest.raises(FileFormatError) as info:
        loads(data)
    assert time.perf_counter() - started < 1.0
    assert type(info.value) is case.error
    assert_sentence(info.value)
    assert_message(info.value, case.message)
    assert info.value.path is None


@pytest.mark.parametrize("case", CASES[::3], ids=[case.name for case in CASES[::3]])
def test_bad_file_is_refused_with_the_place(
    case: Case, small_map: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "bad.journeymap"
    path.write_bytes(_data(case, small_map))
    with pytest.raises(FileFormatError) as info:
        load(path)
    assert type(info.value) is case.error
    assert_message(info.value, case.message)
    assert info.value.path == str(path)


def test_the_small_map_itself_is_valid(small_map: dict[str, Any]) -> None:
    """The base every bad case starts from loads: each case fails for its own reason."""
    doc = loads(enc(small_map))
    assert doc.touchpoint_count == 4 and len(doc.links()) == 2


def test_utf8_bom_is_accepted(small_map: dict[str, Any]) -> None:
    """Decision: a UTF-8 byte order mark (Notepad writes one) is accepted and dropped."""
    doc = loads(b"\xef\xbb\xbf" + enc(small_map))
    assert doc.title == small_map["title"]
    assert dumps(doc) == dumps(loads(enc(small_map)))


def test_utf8_bom_does_not_shift_error_positions(small_map: dict[str, Any]) -> None:
    data = b"\xef\xbb\xbf" + enc(small_map).replace("Café".encode(), b"Caf\xe9")
    with pytest.raises(FileFormatError, match=r"^line 4, column 16: not valid UTF-8 text$"):
        loads(data)


def test_invalid_utf8_position_counts_characters(small_map: dict[str, Any]) -> None:
    """Columns count characters, not bytes: "ø" and "–" before the bad byte count once."""
    data = enc(small_map).replace(b"efter", b"ef\xfft")
    with pytest.raises(FileFormatError) as info:
        loads(data)
    line = '  "title": "Café visit – før og ef'
    assert str(info.value) == f"line 4, column {len(line) + 1}: not valid UTF-8 text"


def test_text_with_an_unpaired_surrogate(small_map: dict[str, Any]) -> None:
    """A Python str that cannot be UTF-8 (a lone surrogate) is refused like bad bytes."""
    text = enc(small_map).decode("utf-8").replace("Greets", "Gr\ud800eets")
    with pytest.raises(FileFormatError) as info:
        loads(text)
    assert_sentence(info.value)
    assert re.fullmatch(r"line 46, column \d+: not valid UTF-8 text", str(info.value))


def test_nesting_never_escapes_as_recursion_error() -> None:
    for data in (
        b"[" * 100_000,
        b'{"a":' * 100_000,
        b'{"format": ' + b"[" * 100_000,
        b'{"format": "journeymap", "version": 1, "stages": ' + b"{" * 100_000,
    ):
        started = time.perf_counter()
        with pytest.raises(FileFormatError) as info:
            loads(data)
        assert time.perf_counter() - started < 1.0
        assert_sentence(info.value)


# ------------------------------------------------------------------ size limit
def test_oversized_bytes_refused_before_parsing() -> None:
    data = b"{" + b" " * (60 * 1024 * 1024)  # not even JSON: the size is checked first
    started = time.perf_counter()
    with pytest.raises(FileFormatError) as info:
        loads(data)
    assert time.perf_counter() - started < 1.0
    assert str(info.value) == "the file is 60.0 MB; map files are limited to 50 MB"


def test_oversized_file_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.journeymap"
    with path.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: costs no disk

    def no_reading(self: Path, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(FileFormatError) as info:
        load(path)
    assert str(info.value) == "the file is 60.0 MB; map files are limited to 50 MB"
    assert info.value.path == str(path)


def test_file_larger_than_its_size_says_is_read_only_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A device such as /dev/zero reports size 0 and never ends; a file may grow after stat().
    Either way the reader stops after 50 MB instead of filling the memory."""
    path = tmp_path / "growing.journeymap"
    with path.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    real_stat = Path.stat

    def stat_says_empty(self: Path, **kwargs: Any) -> Any:
        result = real_stat(self, **kwargs)
        if self == path:
            return os.stat_result((*result[:6], 0, *result[7:]))
        return result

    monkeypatch.setattr(Path, "stat", stat_says_empty)
    assert path.stat().st_size == 0
    with pytest.raises(FileFormatError) as info:
        load(path)
    assert str(info.value) == "the file is over 50 MB; map files are limited to 50 MB"


def test_size_limit_is_inclusive(small_map: dict[str, Any]) -> None:
    """Exactly 50 MB is allowed; one byte more is not."""
    body = enc(small_map)
    at_limit = body + b" " * (MAX_FILE_BYTES - len(body))
    assert len(at_limit) == MAX_FILE_BYTES
    assert loads(at_limit).touchpoint_count == 4
    with pytest.raises(FileFormatError, match="limited to 50 MB"):
        loads(at_limit + b" ")


# ------------------------------------------------------------------ access errors
def test_newer_version_file_on_disk(small_map: dict[str, Any], tmp_path: Path) -> None:
    small_map["version"] = 3
    path = tmp_path / "future.journeymap"
    path.write_bytes(enc(small_map))
    with pytest.raises(NewerVersionError, match="newer version of JourneyMap") as info:
        load(path)
    assert isinstance(info.value, FileFormatError)
    assert info.value.path == str(path)


def test_unreadable_path_is_an_access_error(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError) as info:
        load(tmp_path / "missing.journeymap")
    assert_sentence(info.value)
    assert str(info.value) == (
        f'cannot read "{tmp_path / "missing.journeymap"}": no such file or directory'
    )


def test_error_types_are_distinct() -> None:
    assert issubclass(NewerVersionError, FileFormatError)
    assert not issubclass(FileAccessError, FileFormatError)
    assert fileformat.FileFormatError is FileFormatError


# ------------------------------------------------------------------ the command line
def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journeymap", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        check=False,
    )


def test_cli_validate_reports_each_bad_file(small_map: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "good.journeymap").write_bytes(enc(small_map))
    small_map["touchpoints"][3]["emotion"] = "happy"
    (tmp_path / "bad.journeymap").write_bytes(enc(small_map))
    (tmp_path / "worse.journeymap").write_bytes(b"[]")
    result = _cli(
        "validate",
        "good.journeymap",
        "bad.journeymap",
        "worse.journeymap",
        "gone.journeymap",
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stdout == "good.journeymap: valid\n"
    assert result.stderr.splitlines() == [
        "bad.journeymap: touchpoints[3].emotion: expected an integer from -2 to 2 or null, "
        'got "happy"',
        "worse.journeymap: top level: expected a JSON object, got an array",
        'gone.journeymap: cannot read "gone.journeymap": no such file or directory',
    ]
    assert "Traceback" not in result.stderr


def test_cli_validate_all_good(tmp_path: Path, small_map: dict[str, Any]) -> None:
    (tmp_path / "a.journeymap").write_bytes(enc(small_map))
    (tmp_path / "b.journeymap").write_bytes(b"\xef\xbb\xbf" + enc(small_map))
    result = _cli("validate", "a.journeymap", "b.journeymap", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["a.journeymap: valid", "b.journeymap: valid"]
    assert result.stderr == ""


def test_cli_validate_without_files(tmp_path: Path) -> None:
    result = _cli("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "FILE" in result.stderr and "Traceback" not in result.stderr
