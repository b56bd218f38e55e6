"""The published JSON Schema of the ``.journeymap`` format, generated from the declared records.

The records in :mod:`journeymap.core.entities` are the only source: this module adds the
schema's identity and the version pin, nothing else. ``python -m journeymap.core.schema``
rewrites ``resources/journeymap.schema.json``; a test keeps that file in step with the code.

JSON Schema cannot say everything the format requires: ids that are unique and references
that resolve, one touchpoint per slot, real calendar dates, and finite numbers are checked by
the loader only.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

from journeymap.core.entities import BASE_VERSION, FORMAT_VERSION, MapFile

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = f"https://journeymap.app/schema/journeymap-{FORMAT_VERSION}.schema.json"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a map file of the current version, as a dict.

    It accepts version 1 too: a version-1 file is a version-2 map without the newer keys
    (the loader, not the schema, refuses a version-1 file that uses them).
    """
    generated = msgspec.json.schema(MapFile)
    defs = generated["$defs"]
    defs["MapFile"]["properties"]["version"] = {
        "description": (
            f"format version; this schema describes version {FORMAT_VERSION}, and version "
            f"{BASE_VERSION} files (which use none of the version-{FORMAT_VERSION} keys)"
        ),
        "type": "integer",
        "enum": list(range(BASE_VERSION, FORMAT_VERSION + 1)),
    }
    _pin_dates(defs)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": f"JourneyMap file, format version {FORMAT_VERSION}",
        "description": (
            "A customer journey map saved by JourneyMap (.journeymap): one UTF-8 JSON object. "
            "Beyond this schema, readers also require unique ids, references that resolve "
            "(stages, lanes, channels, link ends, improvement touchpoints), one touchpoint per "
            "slot of a cell, no self-links or duplicate links, real calendar dates and finite "
            "numbers."
        ),
        "$ref": generated["$ref"],
        "$defs": defs,
    }


def _pin_dates(node: Any) -> None:
    """Give date strings their shape too: validators treat ``"format"`` as a mere annotation."""
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "date":
            node["pattern"] = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        for value in node.values():
            _pin_dates(value)
    elif isinstance(node, list):
        for value in node:
            _pin_dates(value)


def render() -> str:
    """The schema as the exact text of ``resources/journeymap.schema.json``."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main() -> int:
    from journeymap.resources import schema_path

    path = schema_path()
    path.write_text(render(), encoding="utf-8", newline="\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
