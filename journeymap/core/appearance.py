"""How map elements look, shared by the canvas and the PDF (plain data, no drawing code)."""

from __future__ import annotations

from typing import Final

from journeymap.core.entities import COLOUR_PRESETS

#: Short badge text per built-in channel; other channels use the first letters of their name.
CHANNEL_BADGES: Final[dict[str, str]] = {
    "website": "WEB",
    "mobile_app": "APP",
    "email": "MAIL",
    "social_media": "SOC",
    "online_ads": "ADS",
    "search": "SRCH",
    "word_of_mouth": "WOM",
    "reviews": "REV",
    "phone": "TEL",
    "live_chat": "CHAT",
    "chatbot": "BOT",
    "sms": "SMS",
    "store": "SHOP",
    "sales_rep": "REP",
    "event": "EVT",
    "delivery": "DLV",
    "mail": "POST",
    "support_portal": "HELP",
}

#: Badge colour per channel kind.
CHANNEL_KIND_COLOURS: Final[dict[str, str]] = {
    "digital": "#1565c0",
    "physical": "#6d4c41",
    "human": "#00897b",
}

#: Face colour per emotion, −2 … 2.
EMOTION_COLOURS: Final[dict[int, str]] = {
    -2: "#c62828",
    -1: "#ef6c00",
    0: "#9e9e9e",
    1: "#7cb342",
    2: "#2e7d32",
}

EMOTION_NAMES: Final[dict[int, str]] = {
    -2: "very negative",
    -1: "negative",
    0: "neutral",
    1: "positive",
    2: "very positive",
}

PHASE_NAMES: Final[dict[str | None, str]] = {
    "before": "Before purchase",
    "during": "During purchase",
    "after": "After purchase",
    None: "",
}

PHASE_COLOURS: Final[dict[str | None, str]] = {
    "before": "#e3f2fd",
    "during": "#fff3e0",
    "after": "#e8f5e9",
    None: "#eceff1",
}

PHASE_TEXT_COLOURS: Final[dict[str | None, str]] = {
    "before": "#0d47a1",
    "during": "#e65100",
    "after": "#1b5e20",
    None: "#455a64",
}

#: Dash pattern per link kind (empty = solid), in line widths.
LINK_DASHES: Final[dict[str, tuple[float, ...]]] = {
    "flow": (),
    "alternative": (5.0, 3.0),
    "return": (1.0, 2.5),
}

LINK_KIND_NAMES: Final[dict[str, str]] = {
    "flow": "Flow",
    "alternative": "Alternative",
    "return": "Return / loop",
}

#: Colour per improvement priority: the plan's dots and rows, on screen and in print.
PRIORITY_COLOURS: Final[dict[str, str]] = {
    "critical": "#b71c1c",
    "high": "#e65100",
    "medium": "#1565c0",
    "low": "#78909c",
}

PRIORITY_NAMES: Final[dict[str, str]] = {
    "low": "Low",
    "medium": "Medium",
    "high": "High",
    "critical": "Critical",
}

#: Priorities in the order legends list them, most urgent first.
PRIORITY_LEGEND: Final[tuple[str, ...]] = ("critical", "high", "medium", "low")

STATUS_NAMES: Final[dict[str, str]] = {
    "idea": "Idea",
    "planned": "Planned",
    "in_progress": "In progress",
    "done": "Done",
}

#: The impact-vs-effort quadrants: name, colour, high impact, high effort (3 and up is high).
QUADRANTS: Final[tuple[tuple[str, str, bool, bool], ...]] = (
    ("Quick wins", "#2e7d32", True, False),
    ("Big bets", "#1565c0", True, True),
    ("Fill-ins", "#78909c", False, False),
    ("Money pits", "#c62828", False, True),
)

INK: Final = "#263238"
MUTED_INK: Final = "#607d8b"
GRID_LINE: Final = "#cfd8dc"
STAGE_HEADER: Final = "#37474f"
LANE_HEADER: Final = "#eceff1"
LINK_COLOUR: Final = "#546e7a"
MOMENT_OF_TRUTH: Final = "#f9a825"
PAPER: Final = "#ffffff"
BACKGROUND: Final = "#f4f6f8"

#: Colour presets in cycling order: (hex, name, meaning).
PRESETS: Final[list[tuple[str, str, str]]] = [
    (hex_, name, meaning) for name, (hex_, meaning) in COLOUR_PRESETS.items()
]


def channel_badge(channel_id: str, name: str) -> str:
    """Badge text for a channel: the built-in abbreviation or initials of its name."""
    if channel_id in CHANNEL_BADGES:
        return CHANNEL_BADGES[channel_id]
    words = [w for w in name.replace("_", " ").split() if w]
    if len(words) >= 2:
        return "".join(w[0] for w in words[:3]).upper()
    return (words[0][:4] if words else channel_id[:4]).upper()


def next_preset(colour: str) -> str:
    """The colour preset after ``colour`` (cycling), used by the C key."""
    hexes = [p[0] for p in PRESETS]
    try:
        return hexes[(hexes.index(colour.lower()) + 1) % len(hexes)]
    except ValueError:
        return hexes[0]


def priority_colour(priority: str) -> str:
    """The colour of ``priority``; an unknown priority gets the colour of "low"."""
    return PRIORITY_COLOURS.get(priority, PRIORITY_COLOURS["low"])


def quadrant_of(impact: int, effort: int) -> str:
    """The quadrant name of a cell of the impact-vs-effort matrix, as the matrix prints it."""
    for name, _colour, high_impact, high_effort in QUADRANTS:
        if (impact >= 3) == high_impact and (effort >= 3) == high_effort:
            return name
    return ""
