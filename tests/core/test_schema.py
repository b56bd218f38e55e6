"""The published JSON Schema: generated from the records, in step with the file on disk, and
agreeing with the loader on good and bad files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from journeymap.core import schema
from journeymap.core.errors import FileFormatError
from journeymap.core.fileformat import loads
from journeymap.resources import schema_path, templates

BUNDLED = sorted(templates().values())


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    published = json.loads(schema_path().read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(published)


def test_published_file_is_the_generated_schema() -> None:
    on_disk = schema_path().read_bytes()
    assert on_disk == schema.render().encode("utf-8"), (
        f"{schema_path()} is out of date with the records in journeymap/core/entities.py; "
        "regenerate it with: python -m journeymap.core.schema"
    )


def test_render_is_deterministic_and_well_formed() -> None:
    text = schema.render()
    assert text == schema.render()
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "\\u" not in text  # ensure_ascii=False: "…" stays readable
    assert json.loads(text) == schema.json_schema()


def test_schema_is_valid_draft_2020_12_with_identity() -> None:
    generated = schema.json_schema()
    jsonschema.Draft202012Validator.check_schema(generated)
    assert generated["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert generated["$id"] == "https://journeymap.app/schema/journeymap-2.schema.json"
    assert generated["title"] and generated["description"]
    assert list(generated)[:4] == ["$schema", "$id", "title", "description"]


def test_module_main_writes_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python -m journeymap.core.schema`` writes render() to schema_path() (here redirected)."""
    import journeymap.resources

    target = tmp_path / "journeymap.schema.json"
    monkeypatch.setattr(journeymap.resources, "schema_path", lambda: target)
    assert schema.main() == 0
    assert target.read_bytes() == schema.render().encode("utf-8")
    assert str(target) in capsys.readouterr().out


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_files_validate(path: Path, validator: jsonschema.Draft202012Validator) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    errors = [e.message for e in validator.iter_errors(document)]
    assert errors == []


def test_bundled_set_is_complete() -> None:
    names = {p.stem for p in BUNDLED}
    assert {
        "blank",
        "ecommerce-first-order",
        "saas-trial-to-renewal",
        "service-business",
    } <= names


def test_small_map_validates(small_map: dict[str, Any], validator: Any) -> None:
    validator.validate(small_map)
    loads(json.dumps(small_map))


def _bad_emotion(d: dict[str, Any]) -> None:
    d["touchpoints"][0]["emotion"] = 3


def _bad_colour(d: dict[str, Any]) -> None:
    d["touchpoints"][0]["colour"] = "red"


def _unknown_key(d: dict[str, Any]) -> None:
    d["touchpoints"][0]["colr"] = "#2e7d32"


def _unknown_top_key(d: dict[str, Any]) -> None:
    d["autor"] = "me"


def _missing_title(d: dict[str, Any]) -> None:
    del d["title"]


def _string_version(d: dict[str, Any]) -> None:
    d["version"] = "1"


def _newer_version(d: dict[str, Any]) -> None:
    d["version"] = 3


def _bad_date_shape(d: dict[str, Any]) -> None:
    d["improvements"][0]["due"] = "31.03.2027"


def _impact_six(d: dict[str, Any]) -> None:
    d["improvements"][0]["impact"] = 6


def _no_stages(d: dict[str, Any]) -> None:
    d["stages"] = []


def _long_id(d: dict[str, Any]) -> None:
    d["lanes"][0]["id"] = "x" * 65


def _metric_text(d: dict[str, Any]) -> None:
    d["touchpoints"][3]["metrics"]["csat"] = "4.2"


BAD = {
    "emotion 3": _bad_emotion,
    'colour "red"': _bad_colour,
    "unknown touchpoint key": _unknown_key,
    "unknown top-level key": _unknown_top_key,
    "missing title": _missing_title,
    'version "1"': _string_version,
    "version 3": _newer_version,
    "due not YYYY-MM-DD": _bad_date_shape,
    "impact 6": _impact_six,
    "no stages": _no_stages,
    "id of 65 characters": _long_id,
    "metric as text": _metric_text,
}


@pytest.mark.parametrize("mutate", BAD.values(), ids=BAD.keys())
def test_bad_documents_rejected_by_schema_and_loader(
    mutate: Any, small_map: dict[str, Any], validator: jsonschema.Draft202012Validator
) -> None:
    mutate(small_map)
    assert not validator.is_valid(small_map)
    with pytest.raises(FileFormatError):
        loads(json.dumps(small_map))


def test_every_touchpoint_key_of_the_format_is_in_the_schema(
    format_keys: dict[str, list[str]],
) -> None:
    defs = schema.json_schema()["$defs"]
    assert list(defs["Touchpoint"]["properties"]) == format_keys["touchpoint"]
    assert list(defs["MapFile"]["properties"]) == format_keys["top level"]
    assert list(defs["Improvement"]["properties"]) == format_keys["improvement"]
    required = set(defs["Touchpoint"]["required"])
    assert required == {"id", "title", "stage", "lane", "slot"}
    assert defs["Touchpoint"]["additionalProperties"] is False


def test_schema_defaults_match_the_format() -> None:
    props = schema.json_schema()["$defs"]["Touchpoint"]["properties"]
    assert props["colour"]["default"] == "#9e9e9e"
    assert props["votes"]["default"] == 0
    assert props["moment_of_truth"]["default"] is False
    imp = schema.json_schema()["$defs"]["Improvement"]["properties"]
    assert (imp["priority"]["default"], imp["impact"]["default"], imp["status"]["default"]) == (
        "medium",
        3,
        "idea",
    )
