"""Cell values of touchpoint tables: text, numbers, emotions, colours, metrics and links.

Parsers take what a spreadsheet cell holds (text, a number, a date, a boolean or nothing)
and either return a field value or raise :class:`ValueError` with the reason, phrased to
follow the cell's place in a warning. Formatters do the reverse for export.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
import unicodedata
from typing import Final

from journeymap.core.entities import COLOUR_PRESETS, LINK_KINDS
from journeymap.interop.sheets.words import INTENSIFIERS, NEGATIONS, emotion_words, strip_accents

Cell = object
Number = int | float

# ---------------------------------------------------------------------- plain text
def cell_text(value: Cell) -> str:
    """A cell as text: numbers without a needless ".0", dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_BULLET = re.compile(r"^[•◦▪‣·]\s+")


def split_lines(value: Cell) -> list[str]:
    """One item per line of the cell; bullets and blank lines dropped."""
    if isinstance(value, str) and value.isascii() and value.isprintable():
        item = value.strip()  # one line (no control characters), no bullet (none is ASCII)
        return [item] if item else []
    if isinstance(value, str) and len(value) <= 200:  # a sheet repeats its lists of pains
        return list(_text_lines(value))
    return _split_lines(value)


@functools.lru_cache(maxsize=4096)
def _text_lines(value: str) -> tuple[str, ...]:
    return tuple(_split_lines(value))


def _split_lines(value: Cell) -> list[str]:
    items = (_BULLET.sub("", line).strip() for line in cell_text(value).splitlines())
    return [item for item in items if item]


# ---------------------------------------------------------------------- CSV formula guard
#: A cell starting with one of these is a formula (or becomes one) in a spreadsheet; the
#: apostrophe itself is listed so that a text that really starts with one survives.
_RISKY: Final = ("=", "+", "-", "@", "\t", "\r", "'")


def guard(text: str) -> str:
    """Make a CSV cell inert in a spreadsheet: a leading apostrophe before a risky start."""
    return "'" + text if text.startswith(_RISKY) else text


def unguard(text: str) -> str:
    """Undo :func:`guard` (a spreadsheet's own "text" apostrophe goes the same way)."""
    return text[1:] if len(text) > 1 and text[0] == "'" and text[1] in _RISKY else text


# ---------------------------------------------------------------------- numbers
_INT = re.compile(r"^[+-]?\d+$")


def parse_number(value: Cell) -> Number:
    """A finite number from a number cell or text ("4.2", "4,2", "−1", "3.4%")."""
    if isinstance(value, bool):
        raise ValueError("is not a number")
    if isinstance(value, int | float):
        number: Number = value
    else:
        text = cell_text(value).strip().replace("\u2212", "-").replace(" ", "")
        percent = text.endswith("%")
        text = text.removesuffix("%")
        if "," in text and "." not in text and text.count(",") == 1:
            text = text.replace(",", ".")
        try:
            number = int(text) if _INT.match(text) else float(text)
        except ValueError:
            raise ValueError("is not a number") from None
        if percent:
            number = number / 100
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueError("is not a finite number")
    return number


def parse_count(value: Cell) -> int:
    """A whole number of 0 or more ("3", 3.0, "3 votes", "●●●")."""
    text = cell_text(value).strip()
    if text and set(text) <= {"•", "●"}:
        return len(text)
    match = re.match(r"^(\d+)(?:\.0+)?(?:\s+\w+)?$", text)
    if not match:
        raise ValueError("is not a whole number of 0 or more")
    return int(match.group(1))


_TRUE: Final = frozenset(
    {"yes", "y", "true", "x", "1", "✓", "✔", "☑", "✅", "mot", "moment of truth"}
)
_FALSE: Final = frozenset({"no", "n", "false", "0", "-", "–", "✗", "✘"})


def parse_flag(value: Cell) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE or not text:
        return False
    raise ValueError("is neither yes nor no")


# ---------------------------------------------------------------------- emotion
_BASE_WORDS: Final[dict[int, tuple[str, ...]]] = {
    2: ("delighted", "excited", "thrilled", "love", "loves it", "great", "ecstatic", "amazed",
        "awesome", "excellent", "very positive"),
    1: ("happy", "good", "positive", "pleased", "satisfied", "glad", "content", "like",
        "relieved", "confident", "hopeful", "curious", "interested", "nice"),
    0: ("neutral", "ok", "okay", "meh", "fine", "indifferent", "so so", "mixed", "average",
        "unsure"),
    -1: ("sad", "unhappy", "negative", "bad", "annoyed", "disappointed", "confused", "worried",
         "anxious", "frustrated", "bored", "uncertain", "stressed", "irritated", "impatient",
         "dissatisfied", "nervous", "doubtful"),
    -2: ("angry", "furious", "terrible", "awful", "hate", "hates it", "upset", "desperate",
         "very negative", "livid", "panic", "horrible"),
}
_WORDS: Final = {
    **emotion_words(),
    **{word: score for score, words in _BASE_WORDS.items() for word in words},
}
_INTENSIFIERS: Final = ("very ", "really ", "extremely ", "super ", "so ", "totally ",
                        *INTENSIFIERS)
_NEGATIONS: Final = ("not ", *NEGATIONS)

_EMOJI: Final[dict[str, int]] = {
    **dict.fromkeys("😀😃😄😁😆🤩😍🥰🥳😂🤗💚❤", 2),
    **dict.fromkeys("🙂😊☺👍😌😉🙌", 1),
    **dict.fromkeys("😐😑😶🤔🫤😬", 0),
    **dict.fromkeys("🙁☹😞😟😕👎😒😔😩😣😥😰", -1),
    **dict.fromkeys("😡😠🤬😢😭😫😖😤💔😱", -2),
}
_EMOJI_NOISE = re.compile("[\ufe0e\ufe0f\u200d\U0001f3fb-\U0001f3ff]")


def emotion_scale(values: list[Cell]) -> bool:
    """True when a column's numbers look like 1–5 scores: all within 1…5, some above 2."""
    numbers: list[Number] = []
    for value in values:
        if isinstance(value, str) and len(value) <= 64:
            number = _text_number(value)  # cached: a column repeats a few values
            if number is not None:
                numbers.append(number)
            continue
        try:
            numbers.append(parse_number(value))
        except ValueError:
            continue
    return bool(numbers) and all(1 <= n <= 5 for n in numbers) and any(n > 2 for n in numbers)


@functools.lru_cache(maxsize=4096)
def _text_number(value: str) -> Number | None:
    try:
        return parse_number(value)
    except ValueError:
        return None


def parse_emotion(value: Cell, scores: bool = False) -> int:
    """−2…2 from a number (a 1–5 score when ``scores``), a word or an emoji."""
    if isinstance(value, str) and len(value) <= 64:
        return _text_emotion(value, scores)  # a sheet repeats a few words and numbers
    return _parse_emotion(value, scores)


@functools.lru_cache(maxsize=4096)
def _text_emotion(value: str, scores: bool) -> int:
    return _parse_emotion(value, scores)


def _parse_emotion(value: Cell, scores: bool) -> int:
    try:
        number = parse_number(value)
    except ValueError:
        return _emotion_from_text(cell_text(value))
    if scores:
        number -= 3
    rounded = math.floor(number + 0.5)
    if not -2 <= rounded <= 2:
        raise ValueError("is outside −2…2 (or a 1–5 score)")
    return rounded


def _emotion_from_text(text: str) -> int:
    words = " ".join(re.findall(r"[^\W_]+", text.casefold()))
    if words not in _WORDS:
        words = strip_accents(words)
    if words in _WORDS:
        return _WORDS[words]
    for lead in _INTENSIFIERS:
        if words.startswith(lead) and _WORDS.get(words[len(lead) :], 0) in (1, -1):
            return 2 * _WORDS[words[len(lead) :]]
    for lead in _NEGATIONS:
        if words.startswith(lead) and _WORDS.get(words[len(lead) :], 0) > 0:
            return -1
    found = {_EMOJI[c] for c in _EMOJI_NOISE.sub("", text) if c in _EMOJI}
    if len(found) == 1:
        return found.pop()
    if found:
        raise ValueError("mixes emojis of different feelings")
    raise ValueError(
        "is not an emotion (use −2…2, a 1–5 score, a word such as “happy” or an emoji)"
    )


# ---------------------------------------------------------------------- colour
_HEX6 = re.compile(r"^#?([0-9a-fA-F]{6})$")
_HEX3 = re.compile(r"^#?([0-9a-fA-F]{3})$")
_COLOUR_NAMES: Final = {
    **{name: hex_value for name, (hex_value, _) in COLOUR_PRESETS.items()},
    **{meaning: hex_value for hex_value, meaning in COLOUR_PRESETS.values()},
    "gray": COLOUR_PRESETS["grey"][0],
    "orange": COLOUR_PRESETS["yellow"][0],
}


def parse_colour(value: Cell) -> str:
    """``#rrggbb`` from hex (with or without #, 3 or 6 digits) or a preset name."""
    text = cell_text(value).strip()
    if match := _HEX6.match(text):
        return "#" + match.group(1)
    if match := _HEX3.match(text):
        return "#" + "".join(c * 2 for c in match.group(1)).lower()
    name = " ".join(text.casefold().split())
    if name in _COLOUR_NAMES:
        return _COLOUR_NAMES[name]
    raise ValueError("is not a colour (use #rrggbb or green, yellow, red, blue, purple, grey)")


# ---------------------------------------------------------------------- metrics
_METRIC = re.compile(r"^(.+?)\s*[=:]\s*(\S.*)$")


def format_number(number: Number) -> str:
    """An int as "31", a float as "31.0" or "0.034", so the type comes back on import."""
    return str(number) if isinstance(number, int) else repr(number)


def format_metrics(metrics: dict[str, Number]) -> str:
    return "; ".join(f"{name}={format_number(value)}" for name, value in metrics.items())


def parse_metrics(value: Cell) -> tuple[dict[str, Number], list[str]]:
    """``csat=4.2; nps=31`` (``;`` or new lines between, ``=`` or ``:`` inside) and what failed."""
    if isinstance(value, str) and len(value) <= 200:  # a sheet repeats its KPI cells
        metrics, bad = _text_metrics(value)
        return dict(metrics), list(bad)
    return _parse_metrics(value)


@functools.lru_cache(maxsize=4096)
def _text_metrics(value: str) -> tuple[dict[str, Number], list[str]]:
    return _parse_metrics(value)


def _parse_metrics(value: Cell) -> tuple[dict[str, Number], list[str]]:
    metrics: dict[str, Number] = {}
    bad: list[str] = []
    for item in re.split(r"[;\n]", cell_text(value)):
        item = item.strip()
        if not item:
            continue
        match = _METRIC.match(item)
        if match is None or len(match.group(1)) > 64:
            bad.append(item)
            continue
        try:
            metrics[match.group(1)] = parse_number(match.group(2))
        except ValueError:
            bad.append(item)
    return metrics, bad


# ---------------------------------------------------------------------- links
LinkRef = tuple[str, str | None, str]
_LINK = re.compile(
    r'^(?P<ref>[^\["]*?)\s*(?:\[(?P<kind>[^\]]*)\])?\s*(?:"(?P<label>(?:[^"]|"")*)")?$'
)


def format_link(target: str, kind: str, label: str) -> str:
    """``target``, then `` [kind]`` unless it is a plain flow, then `` "label"``."""
    text = target
    if kind != "flow":
        text += f" [{kind}]"
    if label:
        text += ' "' + label.replace('"', '""') + '"'
    return text


def split_outside_quotes(text: str) -> list[str]:
    """Split at ``;`` and new lines that are not inside double quotes."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char in ";\n" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def parse_links(value: Cell) -> tuple[list[LinkRef], list[str]]:
    """Targets of a "Links to" cell, each with its kind (None: flow) and label; and what failed."""
    refs: list[LinkRef] = []
    bad: list[str] = []
    for item in split_outside_quotes(cell_text(value)):
        match = _LINK.match(item)
        if match is None or not match.group("ref"):
            bad.append(item)
            continue
        kind = match.group("kind")
        if kind is not None:
            kind = kind.strip().casefold()
            if kind not in LINK_KINDS:
                bad.append(item)
                continue
        refs.append((match.group("ref"), kind, (match.group("label") or "").replace('""', '"')))
    return refs, bad


def fold(text: str) -> str:
    """A name for loose comparison: case, accents and spacing ignored."""
    if text.isascii():  # no accents to strip: NFKD leaves ASCII as it is
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())
