"""The .journeymap format: bundled files, round trips, deterministic bytes, safe saving,
migration of older versions."""

from __future__ import annotations

import datetime
import json
import os
import random
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from journeymap.core import fileformat, storage
from journeymap.core.entities import MapFile
from journeymap.core.errors import (
    FileAccessError,
    FileFormatError,
    InvalidValue,
    NewerVersionError,
)
from journeymap.core.fileformat import dumps, load, loads, save, to_record
from journeymap.core.model import JourneyMap
from journeymap.resources import resources_dir

BUNDLED = sorted((resources_dir() / "examples").glob("*.journeymap")) + sorted(
    (resources_dir() / "templates").glob("*.journeymap")
)

# The example of FORMAT.md (two long lines wrapped).
FORMAT_EXAMPLE = """\
{
  "format": "journeymap",
  "version": 1,
  "title": "First online order",
  "stages": [
    {"id": "aware", "name": "Awareness", "phase": "before"},
    {"id": "buy", "name": "Checkout", "phase": "during"}
  ],
  "lanes": [{"id": "customer", "name": "Customer actions"}],
  "touchpoints": [
    {"id": "ad", "title": "Sees an Instagram ad", "stage": "aware", "lane": "customer", "slot": 0,
     "channel": "social_media", "emotion": 1, "colour": "#2e7d32"},
    {"id": "pay", "title": "Shipping cost appears at the last step", "stage": "buy",
     "lane": "customer", "slot": 0, "channel": "website", "emotion": -2, "colour": "#c62828",
     "pain_points": ["Costs shown late"], "opportunities": ["Show costs on the product page"]}
  ],
  "links": [{"source": "ad", "target": "pay"}],
  "improvements": [
    {"id": "i1", "title": "Show total cost up front", "touchpoints": ["pay"],
     "owner": "E-commerce team", "priority": "high", "impact": 5, "effort": 2,
     "status": "planned", "due": "2027-03-31"}
  ]
}
"""

# Every optional key written out with its default value.
TOUCHPOINT_DEFAULTS: dict[str, Any] = {
    "channel": None,
    "emotion": None,
    "colour": "#9e9e9e",
    "description": "",
    "thoughts": "",
    "pain_points": [],
    "opportunities": [],
    "owner": "",
    "metrics": {},
    "moment_of_truth": False,
    "votes": 0,
}
IMPROVEMENT_DEFAULTS: dict[str, Any] = {
    "touchpoints": [],
    "problem": "",
    "action": "",
    "owner": "",
    "priority": "medium",
    "impact": 3,
    "effort": 3,
    "status": "idea",
    "due": None,
    "kpi": "",
}
TOP_LEVEL_DEFAULTS: dict[str, Any] = {
    "description": "",
    "persona": None,
    "channels": None,
    "links": [],
    "improvements": [],
}


def _full_touchpoint() -> dict[str, Any]:
    """A touchpoint with every key set to a value other than its default."""
    return {
        "id": "full",
        "title": "Every field",
        "stage": "order",
        "lane": "staff",
        "slot": 3,
        "channel": "phone",
        "emotion": 2,
        "colour": "#6a1b9a",
        "description": "Døren åbnes",
        "thoughts": "“Is this the right queue?”",
        "pain_points": ["Slow"],
        "opportunities": ["Faster"],
        "owner": "Front desk",
        "metrics": {"csat": 4.5, "nps": -3},
        "moment_of_truth": True,
        "votes": 7,
        "evidence": "observed",
    }


def _keys_in_order(data: bytes) -> list[list[str]]:
    """The key order of every JSON object in ``data``, innermost first."""
    orders: list[list[str]] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        orders.append([k for k, _ in pairs])
        return dict(pairs)

    json.loads(data, object_pairs_hook=hook)
    return orders


def _top_keys(data: bytes) -> list[str]:
    return _keys_in_order(data)[-1]


def _is_subsequence(keys: list[str], order: list[str]) -> bool:
    it = iter(order)
    return all(k in it for k in keys)


# ---------------------------------------------------------------- bundled files
@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_file_loads_and_is_in_canonical_form(path: Path) -> None:
    doc = load(path)
    assert isinstance(doc, JourneyMap)
    assert doc.stages and doc.lanes
    assert dumps(doc) == path.read_bytes(), f"{path.name} is not what the saver would write"


def test_bundled_files_are_all_there() -> None:
    assert len(BUNDLED) >= 4
    examples = [load(p) for p in BUNDLED if p.parent.name == "examples"]
    assert all(doc.touchpoint_count >= 20 for doc in examples)
    assert all(doc.links() and doc.improvements for doc in examples)


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_dumps_is_stable(path: Path) -> None:
    first = dumps(load(path))
    assert dumps(loads(first)) == first
    assert dumps(loads(dumps(loads(first)))) == first


def test_format_example_loads() -> None:
    doc = loads(FORMAT_EXAMPLE)
    assert doc.title == "First online order"
    assert [s.id for s in doc.stages] == ["aware", "buy"]
    pay = doc.touchpoint("pay")
    assert (pay.emotion, pay.colour, pay.channel) == (-2, "#c62828", "website")
    assert pay.pain_points == ["Costs shown late"]
    assert doc.has_link("ad", "pay") and doc.link("ad", "pay").kind == "flow"
    (imp,) = doc.improvements
    assert imp.due == datetime.date(2027, 3, 31)
    assert (imp.priority, imp.impact, imp.effort, imp.status) == ("high", 5, 2, "planned")
    assert dumps(loads(dumps(doc))) == dumps(doc)


def test_loads_accepts_text_and_bytes(small_map: dict[str, Any]) -> None:
    text = json.dumps(small_map, ensure_ascii=False)
    assert dumps(loads(text)) == dumps(loads(text.encode("utf-8")))


# ---------------------------------------------------------------- bytes written
def test_output_is_utf8_unescaped_two_space_indented(small_map: dict[str, Any]) -> None:
    out = dumps(loads(json.dumps(small_map)))
    text = out.decode("utf-8")
    assert "Café visit – før og efter" in text
    assert "\\u" not in text
    assert out.endswith(b"}\n") and not out.endswith(b"\n\n")
    assert "\r" not in text and "\t" not in text
    lines = text.splitlines()
    assert lines[0] == "{" and lines[1] == '  "format": "journeymap",'
    assert lines[2] == '  "version": 1,'
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        assert indent % 2 == 0, line


def test_key_order_follows_the_format_tables(
    small_map: dict[str, Any], format_keys: dict[str, list[str]]
) -> None:
    small_map["description"] = "Every top-level key is present."
    small_map["persona"] = {"name": "Ana", "goals": ["Coffee"]}
    small_map["channels"] = [
        {"id": "phone", "name": "Phone", "kind": "human"},
        {"id": "store", "name": "Store", "kind": "physical"},
    ]
    small_map["touchpoints"].append(_full_touchpoint())
    small_map["improvements"].append(
        {
            "id": "i3",
            "title": "All keys",
            "touchpoints": ["full"],
            "problem": "p",
            "action": "a",
            "owner": "o",
            "priority": "critical",
            "impact": 5,
            "effort": 1,
            "status": "done",
            "due": "2026-12-01",
            "kpi": "k",
        }
    )
    small_map["version"] = 2
    small_map["sources"] = [
        {"id": "s1", "name": "survey.csv", "kind": "survey", "imported": "2026-11-30",
         "records": 12, "note": "n"}
    ]
    # Shuffle the input's key order: the output order must not depend on it.
    shuffled = {k: small_map[k] for k in reversed(list(small_map))}
    shuffled["touchpoints"][-1] = dict(reversed(list(_full_touchpoint().items())))
    out = dumps(loads(json.dumps(shuffled)))
    assert _top_keys(out) == format_keys["top level"]
    written = json.loads(out)
    full_keys = [o for o in _keys_in_order(out) if o and o[0] == "id" and "votes" in o]
    assert full_keys == [format_keys["touchpoint"]]
    assert list(written["improvements"][-1]) == format_keys["improvement"]
    for tp in written["touchpoints"]:
        assert _is_subsequence(list(tp), format_keys["touchpoint"])
    assert list(written["stages"][0]) == ["id", "name", "phase"]
    assert list(written["links"][1]) == ["source", "target", "label"]
    assert list(written["sources"][0]) == ["id", "name", "kind", "imported", "records", "note"]


def test_defaults_are_left_out(small_map: dict[str, Any]) -> None:
    written = json.loads(dumps(loads(json.dumps(small_map))))
    door = written["touchpoints"][0]
    assert door == {
        "id": "door",
        "title": "Opens the door",
        "stage": "arrive",
        "lane": "customer",
        "slot": 0,
    }
    assert written["links"][0] == {"source": "door", "target": "queue"}
    assert written["improvements"][0] == {
        "id": "i1",
        "title": "Second till at rush hour",
        "touchpoints": ["queue"],
    }
    assert "description" not in written and "persona" not in written
    assert "channels" not in written


def test_full_and_minimal_forms_load_equal(small_map: dict[str, Any]) -> None:
    """A file with every key written out (defaults included) equals the minimal one."""
    full = json.loads(json.dumps(small_map))
    full = {**full, **{k: v for k, v in TOP_LEVEL_DEFAULTS.items() if k not in full}}
    full["touchpoints"] = [{**TOUCHPOINT_DEFAULTS, **tp} for tp in full["touchpoints"]]
    full["improvements"] = [{**IMPROVEMENT_DEFAULTS, **imp} for imp in full["improvements"]]
    full["links"] = [{"label": "", "kind": "flow", **link} for link in full["links"]]
    full["stages"] = [{"phase": None, "description": "", **s} for s in full["stages"]]
    full["lanes"] = [{"description": "", **lane} for lane in full["lanes"]]
    assert json.dumps(full) != json.dumps(small_map)
    from_full, from_minimal = loads(json.dumps(full)), loads(json.dumps(small_map))
    assert to_record(from_full) == to_record(from_minimal)
    assert dumps(from_full) == dumps(from_minimal)
    # ... and the minimal form is what is written.
    assert json.loads(dumps(from_full)) == json.loads(dumps(loads(dumps(from_minimal))))
    assert len(dumps(from_full)) < len(json.dumps(full, indent=2))


def test_minimal_file_without_optional_sections() -> None:
    doc = loads(
        '{"format": "journeymap", "version": 1, "title": "x", "stages": [{"id": "s", '
        '"name": "S"}], "lanes": [{"id": "l", "name": "L"}], "touchpoints": []}'
    )
    assert doc.touchpoint_count == 0 and doc.links() == [] and doc.improvements == ()
    assert doc.channels is None and doc.persona is None
    assert json.loads(dumps(doc)) == {
        "format": "journeymap",
        "version": 1,
        "title": "x",
        "stages": [{"id": "s", "name": "S"}],
        "lanes": [{"id": "l", "name": "L"}],
        "touchpoints": [],
    }


def test_own_channel_palette_round_trips(small_map: dict[str, Any]) -> None:
    small_map["channels"] = [{"id": "store", "name": "Shop floor", "kind": "physical"}]
    doc = loads(json.dumps(small_map))
    assert [c.id for c in doc.palette] == ["store"]
    assert json.loads(dumps(doc))["channels"] == small_map["channels"]


def test_same_map_same_bytes(small_map: dict[str, Any]) -> None:
    a = dumps(loads(json.dumps(small_map)))
    b = dumps(loads(json.dumps(small_map, indent=4, ensure_ascii=True)))
    assert a == b
    assert to_record(loads(a)) == msgspec_record(a)


def test_equal_values_give_equal_bytes(small_map: dict[str, Any]) -> None:
    """A default typed in again (a colour from a dialog, a priority from a combo box: equal
    strings, not the same object) is still left out: the same map gives the same bytes."""
    doc = loads(json.dumps(small_map))
    before = dumps(doc)
    doc.update_touchpoint("door", colour="#ffffff")
    doc.update_touchpoint("door", colour="".join(["#9e9e", "9e"]))
    doc.update_improvement("i1", priority="high", status="done")
    doc.update_improvement("i1", priority="".join(["med", "ium"]), status="".join(["id", "ea"]))
    doc.update_link("door", "queue", kind="return")
    doc.update_link("door", "queue", kind="".join(["fl", "ow"]))
    assert dumps(doc) == before


def test_unpaired_surrogate_is_saved_as_replacement_character(doc: JourneyMap) -> None:
    """Half a surrogate pair cannot be UTF-8: the map is still saved, with U+FFFD there."""
    doc.touchpoint("door").title = "Opens \ud800the door"  # as if it slipped past the checks
    out = dumps(doc)
    assert "Opens \ufffdthe door" in out.decode("utf-8")
    assert dumps(loads(out)) == out


def test_edit_refuses_unpaired_surrogate(doc: JourneyMap) -> None:
    with pytest.raises(InvalidValue) as info:
        doc.update_map(title="Caf\udce9")
    assert str(info.value) == (
        "the map.title: the text holds a broken character (half of a surrogate pair) that "
        "cannot be saved"
    )
    with pytest.raises(InvalidValue, match=r'^touchpoint "door"\.pain_points: the text holds'):
        doc.update_touchpoint("door", pain_points=["ok", "\ud800"])
    assert doc.title == "Café visit – før og efter"


def msgspec_record(data: bytes) -> MapFile:
    import msgspec

    return msgspec.json.decode(data, type=MapFile)


def test_bom_is_accepted_and_not_written(small_map: dict[str, Any]) -> None:
    """A UTF-8 byte order mark (as some Windows editors write) is accepted; saving drops it."""
    plain = json.dumps(small_map).encode("utf-8")
    doc = loads(b"\xef\xbb\xbf" + plain)
    assert not dumps(doc).startswith(b"\xef\xbb\xbf")
    assert dumps(doc) == dumps(loads(plain))


# ---------------------------------------------------------------- saving
@pytest.fixture
def doc(small_map: dict[str, Any]) -> JourneyMap:
    return loads(json.dumps(small_map))


def _stray_files(folder: Path, *keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_save_writes_dumps_and_keeps_a_backup(doc: JourneyMap, tmp_path: Path) -> None:
    path = tmp_path / "café.journeymap"
    save(doc, path)
    assert path.read_bytes() == dumps(doc)
    assert not storage.backup_path(path).exists(), "no backup of a file that did not exist"
    old = path.read_bytes()
    doc.update_map(title="Second version")
    save(doc, path)
    bak = tmp_path / "café.journeymap.bak"
    assert bak.read_bytes() == old
    assert load(path).title == "Second version"
    doc.update_map(title="Third version")
    save(doc, path)
    assert load(bak).title == "Second version"
    assert _stray_files(tmp_path, path.name, bak.name) == []


def test_save_without_backup(doc: JourneyMap, tmp_path: Path) -> None:
    path = tmp_path / "m.journeymap"
    save(doc, path, backup=False)
    save(doc, path, backup=False)
    assert _stray_files(tmp_path) == ["m.journeymap"]


def test_failed_replace_leaves_old_file_and_no_temp_files(
    doc: JourneyMap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "m.journeymap"
    path.write_bytes(b"old bytes, not even JSON")
    real_replace = os.replace

    def failing_replace(src: Any, dst: Any) -> None:
        if Path(dst) == path:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(FileAccessError) as info:
        save(doc, path)
    assert path.read_bytes() == b"old bytes, not even JSON"
    assert "no space left on device" in str(info.value)
    assert str(path) in str(info.value)
    assert _stray_files(tmp_path, path.name, path.name + ".bak") == []


def test_failed_write_leaves_old_file_and_no_temp_files(
    doc: JourneyMap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "m.journeymap"
    save(doc, path)
    old = path.read_bytes()
    doc.update_map(title="never written")

    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(FileAccessError, match="input/output error"):
        save(doc, path)
    assert path.read_bytes() == old
    assert _stray_files(tmp_path, path.name) == []


def test_permissions_of_existing_file_are_kept(doc: JourneyMap, tmp_path: Path) -> None:
    path = tmp_path / "m.journeymap"
    path.write_bytes(b"{}")
    path.chmod(0o640)
    save(doc, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    path.chmod(0o604)
    save(doc, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o604


def test_new_file_permissions_follow_umask(doc: JourneyMap, tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        save(doc, tmp_path / "m.journeymap")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "m.journeymap").stat().st_mode) == 0o640


def test_save_through_a_symlink_keeps_the_link(doc: JourneyMap, tmp_path: Path) -> None:
    real = tmp_path / "real" / "m.journeymap"
    real.parent.mkdir()
    save(doc, real)
    link = tmp_path / "link.journeymap"
    link.symlink_to(real)
    doc.update_map(title="Through the link")
    save(doc, link)
    assert link.is_symlink()
    assert load(real).title == "Through the link"
    assert (tmp_path / "real" / "m.journeymap.bak").exists()


def test_save_refuses_to_overwrite_a_newer_file(
    doc: JourneyMap, tmp_path: Path, small_map: dict[str, Any]
) -> None:
    path = tmp_path / "m.journeymap"
    small_map["version"] = 3
    newer = json.dumps(small_map, indent=2).encode()
    path.write_bytes(newer)
    with pytest.raises(NewerVersionError) as info:
        save(doc, path)
    assert "newer version" in str(info.value)
    assert path.read_bytes() == newer
    assert _stray_files(tmp_path, path.name) == []
    with pytest.raises(NewerVersionError):
        load(path)


def test_save_into_missing_folder(doc: JourneyMap, tmp_path: Path) -> None:
    path = tmp_path / "no such folder" / "m.journeymap"
    with pytest.raises(FileAccessError) as info:
        save(doc, path)
    message = str(info.value)
    assert str(path) in message and "no such file or directory" in message
    assert "\n" not in message and "Traceback" not in message
    assert not path.parent.exists()


def test_save_into_unwritable_folder(doc: JourneyMap, tmp_path: Path) -> None:
    """A folder that cannot be written to. Root ignores permission bits, so as root the
    'folder' is a regular file, which fails for everyone."""
    if os.geteuid() == 0:
        parent = tmp_path / "a file"
        parent.write_text("not a folder")
    else:
        parent = tmp_path / "read-only"
        parent.mkdir()
        parent.chmod(0o500)
    path = parent / "m.journeymap"
    try:
        with pytest.raises(FileAccessError) as info:
            save(doc, path)
    finally:
        if parent.is_dir():
            parent.chmod(0o700)
    message = str(info.value)
    assert message.startswith(f'cannot save "{path}": ')
    assert "\n" not in message and "Errno" not in message
    assert sorted(p.name for p in tmp_path.iterdir()) == [parent.name]


def test_load_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="no such file or directory") as info:
        load(tmp_path / "gone.journeymap")
    assert "gone.journeymap" in str(info.value)
    with pytest.raises(FileAccessError, match="it is a folder, not a file"):
        load(tmp_path)


def test_load_error_remembers_the_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.journeymap"
    path.write_text('{"format": "journeymap", "version": 1}')
    with pytest.raises(FileFormatError) as info:
        load(path)
    assert info.value.path == str(path)
    assert info.value.place == "top level"


# ---------------------------------------------------------------- killed mid-save
_SAVER = r"""
import sys
from journeymap.core.fileformat import loads, save
n, path = int(sys.argv[1]), sys.argv[2]
stages = [{"id": f"s{i}", "name": f"Stage {i}"} for i in range(10)]
lanes = [{"id": f"l{i}", "name": f"Lane {i}"} for i in range(5)]
tps = [{"id": f"t{i}", "title": f"Touchpoint {i} – ✓", "stage": f"s{i % 10}",
        "lane": f"l{i // 10 % 5}", "slot": i // 50, "emotion": i % 5 - 2,
        "description": "x" * 100, "metrics": {"csat": i / 7}} for i in range(n)]
links = [{"source": f"t{i}", "target": f"t{i + 1}"} for i in range(n - 1)]
import json
doc = loads(json.dumps({"format": "journeymap", "version": 1, "title": "round 0",
                        "stages": stages, "lanes": lanes, "touchpoints": tps, "links": links}))
round_ = 0
while True:
    round_ += 1
    doc.update_map(title=f"round {round_}")
    save(doc, path)
    if round_ == 1:
        print("saving", flush=True)
"""


def test_kill_during_save_never_tears_the_file(tmp_path: Path) -> None:
    n = 5000
    path = tmp_path / "big.journeymap"
    rng = random.Random(20270331)
    reference: bytes | None = None
    titles: set[str] = set()
    for _ in range(4):
        child = subprocess.Popen(
            [sys.executable, "-c", _SAVER, str(n), str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            assert child.stdout is not None
            first = child.stdout.readline()
            assert first == b"saving\n", child.stderr.read() if child.stderr else b""
            time.sleep(rng.uniform(0.0, 0.4))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL
        data = path.read_bytes()
        doc = loads(data)  # the file is complete: the old or the new one
        assert doc.touchpoint_count == n and len(doc.links()) == n - 1
        assert re.fullmatch(r"round \d+", doc.title)
        if reference is None:
            reference = dumps(doc).replace(f'"{doc.title}"'.encode(), b'"TITLE"')
        assert data == reference.replace(b'"TITLE"', f'"{doc.title}"'.encode())
        titles.add(doc.title)
        bak = storage.backup_path(path)
        if bak.exists():
            assert load(bak).touchpoint_count == n
    assert len(titles) >= 2, "the saver should have got through several rounds"


# ---------------------------------------------------------------- migration
def _rename_color(raw: dict[str, Any]) -> dict[str, Any]:
    """A version-0 file spelled "color"; version 1 spells it "colour"."""
    for tp in raw["touchpoints"]:
        if "color" in tp:
            tp["colour"] = tp.pop("color")
    return raw


def _version0(small_map: dict[str, Any]) -> bytes:
    small_map["version"] = 0
    small_map["touchpoints"][1]["color"] = small_map["touchpoints"][1].pop("colour")
    return json.dumps(small_map, indent=2, ensure_ascii=False).encode()


def test_version_0_is_migrated_in_memory_only(
    small_map: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fileformat, "MIGRATIONS", {})
    calls: list[int] = []

    @fileformat.migration(0)
    def step(raw: dict[str, Any]) -> dict[str, Any]:
        calls.append(raw["version"])
        return _rename_color(raw)

    path = tmp_path / "old.journeymap"
    old = _version0(small_map)
    path.write_bytes(old)
    doc = load(path)
    assert calls == [0]
    assert doc.touchpoint("queue").colour == "#c62828"
    assert doc.improvement("i2").due == datetime.date(2027, 3, 31)
    assert path.read_bytes() == old, "loading must not rewrite the file"
    assert _stray_files(tmp_path) == ["old.journeymap"]
    written = json.loads(dumps(doc))
    assert written["version"] == 1 and written["touchpoints"][1]["colour"] == "#c62828"
    save(doc, path)
    assert storage.backup_path(path).read_bytes() == old
    assert load(path).touchpoint("queue").colour == "#c62828"


def test_version_0_without_migration_is_refused(small_map: dict[str, Any]) -> None:
    assert 0 not in fileformat.MIGRATIONS
    with pytest.raises(FileFormatError) as info:
        loads(_version0(small_map))
    assert str(info.value) == "version: file format 0 is not one this program knows how to read"
    assert not isinstance(info.value, NewerVersionError)


def test_migration_output_is_validated(
    small_map: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(fileformat.MIGRATIONS, 0, lambda raw: raw)  # forgets the rename
    with pytest.raises(FileFormatError) as info:
        loads(_version0(small_map))
    assert str(info.value) == 'touchpoints[1]: unknown key "color" (did you mean "colour"?)'


def test_migration_that_cannot_cope_gives_a_sentence(
    small_map: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(fileformat.MIGRATIONS, 0, _rename_color)
    del small_map["touchpoints"]
    with pytest.raises(FileFormatError) as info:
        loads(_version0_raw(small_map))
    assert str(info.value).startswith("version: cannot upgrade this map from file format 0 to 1")


def _version0_raw(data: dict[str, Any]) -> bytes:
    return json.dumps({**data, "version": 0}).encode()


def test_migration_path_refuses_huge_numbers_with_place(
    small_map: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(fileformat.MIGRATIONS, 0, _rename_color)
    text = _version0(small_map).decode().replace('"nps": 31', '"nps": 1e999')
    with pytest.raises(FileFormatError) as info:
        loads(text)
    assert str(info.value) == (
        "touchpoints[3].metrics.nps: expected a finite number, got a number too large to represent"
    )
