"""Shared fixtures: a small, valid map file as plain JSON data."""

from __future__ import annotations

import copy
from typing import Any

import pytest

SMALL_MAP: dict[str, Any] = {
    "format": "journeymap",
    "version": 1,
    "title": "Café visit – før og efter",
    "stages": [
        {"id": "arrive", "name": "Arrive", "phase": "before"},
        {"id": "order", "name": "Order", "phase": "during"},
    ],
    "lanes": [
        {"id": "customer", "name": "Customer"},
        {"id": "staff", "name": "Staff"},
    ],
    "touchpoints": [
        {"id": "door", "title": "Opens the door", "stage": "arrive", "lane": "customer", "slot": 0},
        {
            "id": "queue",
            "title": "Waits in the queue",
            "stage": "arrive",
            "lane": "customer",
            "slot": 1,
            "emotion": -1,
            "colour": "#c62828",
        },
        {
            "id": "greet",
            "title": "Greets",
            "stage": "arrive",
            "lane": "staff",
            "slot": 0,
            "channel": "store",
        },
        {
            "id": "pay",
            "title": "Pays by card",
            "stage": "order",
            "lane": "customer",
            "slot": 0,
            "channel": "store",
            "metrics": {"csat": 4.2, "nps": 31},
        },
    ],
    "links": [
        {"source": "door", "target": "queue"},
        {"source": "queue", "target": "pay", "label": "orders", "kind": "flow"},
    ],
    "improvements": [
        {"id": "i1", "title": "Second till at rush hour", "touchpoints": ["queue"]},
        {"id": "i2", "title": "Tap to pay", "touchpoints": ["pay"], "due": "2027-03-31"},
    ],
}


@pytest.fixture
def small_map() -> dict[str, Any]:
    """A fresh deep copy of a small valid map (edit it freely)."""
    return copy.deepcopy(SMALL_MAP)


# Verbatim copies of the key columns of FORMAT.md's tables, in the order the page gives them
# (the version-2 keys of its last table follow those of version 1).
_FORMAT_TABLES = {
    "top level": """
| `format` | `"journeymap"` | yes | identifies the file |
| `version` | integer | yes | format version; this page is version 1 |
| `title` | string | yes | the map's title |
| `description` | string | no (`""`) | free text |
| `persona` | object | no | `{"name": str, "description": str, "goals": [str], "pains": [str]}` |
| `channels` | array of channel | no | the map's channel palette |
| `stages` | array of stage | yes, ≥ 1 | columns, in order, left to right |
| `lanes` | array of lane | yes, ≥ 1 | swimlane rows, in order, top to bottom |
| `touchpoints` | array of touchpoint | yes (may be empty) | the cards |
| `links` | array of link | no (`[]`) | directed edges between touchpoints |
| `improvements` | array of improvement | no (`[]`) | the improvement plan |
| `sources` | array of source | `[]` | where measured numbers came from |
""",
    "touchpoint": """
| `id` | string | required | unique among touchpoints |
| `title` | string | required | card text |
| `stage` | stage id | required | column |
| `lane` | lane id | required | row |
| `slot` | integer ≥ 0 | required | left-to-right order inside its cell; unique per cell |
| `channel` | channel id or null | null | |
| `emotion` | integer −2…2 or null | null | −2 very negative, 0 neutral, 2 very positive |
| `colour` | `"#rrggbb"` | `"#9e9e9e"` | tag colour |
| `description` | string | `""` | what happens here |
| `thoughts` | string | `""` | what the customer thinks, asks, feels |
| `pain_points` | array of string | `[]` | |
| `opportunities` | array of string | `[]` | |
| `owner` | string | `""` | team or person responsible |
| `metrics` | object string → number | `{}` | |
| `moment_of_truth` | boolean | false | marked as a decisive moment |
| `votes` | integer ≥ 0 | 0 | workshop dot votes |
| `evidence` | `"observed"` \\| `"reported"` \\| `"assumed"` \\| null | null | how we know |
""",
    "improvement": """
| `id` | string | required, unique among improvements |
| `title` | string | required |
| `touchpoints` | array of touchpoint ids | `[]` |
| `problem` | string | `""` |
| `action` | string | `""` |
| `owner` | string | `""` |
| `priority` | `"low"` \\| `"medium"` \\| `"high"` \\| `"critical"` | `"medium"` |
| `impact` | integer 1…5 | 3 |
| `effort` | integer 1…5 | 3 |
| `status` | `"idea"` \\| `"planned"` \\| `"in_progress"` \\| `"done"` | `"idea"` |
| `due` | `"YYYY-MM-DD"` or null | null |
| `kpi` | string | `""` |
""",
}


@pytest.fixture(scope="session")
def format_keys() -> dict[str, list[str]]:
    """Table name → the keys of FORMAT.md's table, in the page's order."""
    return {
        name: [line.split("`")[1] for line in table.strip().splitlines()]
        for name, table in _FORMAT_TABLES.items()
    }
