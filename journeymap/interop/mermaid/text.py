"""Text inside Mermaid journey statements: escaping names, reading scores and actors.

Mermaid replaces ``#name;`` and ``#123;`` entity codes before it lexes a diagram, so they are
the one way to put ``:``, ``#``, ``;`` and ``%`` into a task or section name. Writing escapes
exactly the characters that would change how Mermaid reads a line, and reading reverses it:
``decode_name(encode_name(text)) == text`` for every text but the empty one.
"""

from __future__ import annotations

import html.entities
import math
import re
from dataclasses import dataclass

#: An entity code as Mermaid's ``encodeEntities`` recognises it (``\w`` is ASCII in JavaScript).
ENTITY = r"#[A-Za-z0-9_]+;"
_ENTITY_RE = re.compile(r"#([A-Za-z0-9_]+);")
#: Mermaid's own line-break pattern (``lineBreakRegex`` in its common helpers).
_BREAK_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
#: Words that start a statement when they begin a line: a task name must not begin with one.
_KEYWORD_RE = re.compile(
    r"(?:journey\b|title\s|section\s|acctitle\s*:|accdescr\s*[:{])", re.IGNORECASE | re.ASCII
)
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_NAME_ESCAPES = frozenset("#;:%<}")
_DESCRIPTION_ESCAPES = frozenset("#;%}")

#: The score Mermaid draws for an emotion (−2 … 2 → 1 … 5) and for a touchpoint without one.
NEUTRAL_SCORE = 3


def _entity(ch: str) -> str:
    return f"#{ord(ch)};"


def _escape(text: str, escapes: frozenset[str], breaks: bool, edges: bool = True) -> str:
    """``text`` with ``escapes`` and control characters as entity codes; with ``edges``, also
    the leading and trailing whitespace, which Mermaid would drop."""
    out: list[str] = []
    for ch in text:
        if ch == "\n" and breaks:
            out.append("<br>")
        elif ch in escapes or ch < " " or ch == "\x7f" or "\ud800" <= ch <= "\udfff":
            out.append("#65533;" if "\ud800" <= ch <= "\udfff" else _entity(ch))
        else:
            out.append(ch)
    if not edges:
        return "".join(out)
    first = 0
    while first < len(out) and out[first].isspace():
        out[first] = _entity(out[first])
        first += 1
    last = len(out) - 1
    while last >= first and out[last].isspace():
        out[last] = _entity(out[last])
        last -= 1
    return "".join(out)


def encode_name(text: str, *, task: bool = False) -> str:
    """A task, section or diagram title as Mermaid reads it back unchanged; never empty.

    A task name must not begin with a statement keyword ("Journey planning", "Title page"),
    so with ``task`` such a first letter is written as an entity code.
    """
    if not text:
        return _entity(" ")
    encoded = _escape(text, _NAME_ESCAPES, breaks=True)
    if task and _KEYWORD_RE.match(encoded):
        encoded = _entity(encoded[0]) + encoded[1:]
    return encoded


def encode_description(text: str) -> str:
    """Text for an ``accDescr`` value: line breaks stay, ``}`` and comment starts are escaped."""
    return _escape(text, _DESCRIPTION_ESCAPES, breaks=False)


def description_statement(text: str) -> list[str]:
    """The ``accDescr`` statement for a description: one line, or a ``{ … }`` block."""
    encoded = encode_description(text)
    if "\n" not in encoded:
        return [f"accDescr: {encoded}"]
    return ["accDescr {", *(f"    {line}" for line in encoded.split("\n")), "}"]


def shown_description(text: str) -> str:
    """What reading :func:`description_statement` back gives (blank lines and indents go)."""
    encoded = encode_description(text)
    return decode_description(encoded, multiline="\n" in encoded)


def decode_entities(text: str) -> str:
    """``#35;`` → ``#``, ``#quot;`` → ``"``; codes that name no character stay as written."""

    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code.isdigit():
            number = int(code) if len(code) <= 7 else -1
            if 0 <= number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF:
                return chr(number)
            return match.group(0)
        return html.entities.html5.get(code + ";", match.group(0))

    return _ENTITY_RE.sub(replace, text)


def decode_name(raw: str) -> str:
    """A name as written in a statement → its text: trimmed, ``<br>`` → line break, entities."""
    return decode_entities(_BREAK_RE.sub("\n", raw.strip()))


def decode_description(raw: str, multiline: bool) -> str:
    """An ``accDescr`` value → text, the way Mermaid's common database cleans it."""
    text = raw.strip()
    if multiline:
        text = re.sub(r"\n\s+", "\n", text)
    return decode_entities(text)


def split_actors(raw: str) -> list[str]:
    """The comma-separated actors of a task, decoded; empty entries are dropped."""
    actors = (decode_name(part) for part in raw.split(","))
    return [actor for actor in actors if actor]


def encode_actors(owner: str) -> str:
    """An owner text as an actor list: commas stay separators, written ", " as Mermaid's
    examples do (spacing around commas is not kept)."""
    parts = (part.strip() for part in owner.split(","))
    return ", ".join(_escape(part, _NAME_ESCAPES, True, edges=False) for part in parts if part)


@dataclass(frozen=True)
class Score:
    """A task's score read as an emotion, with the sentence to warn with when it was bent."""

    emotion: int | None
    problem: str = ""


def read_score(raw: str) -> Score:
    """Mermaid score text → emotion = round(score) − 3, clamped to −2 … 2."""
    text = raw.strip()
    if not text:
        return Score(None, "has no score; the touchpoint has no emotion")
    if not _NUMBER_RE.fullmatch(text):
        shown = text if len(text) <= 20 else text[:19] + "…"
        return Score(None, f'score "{shown}" is not a number; the touchpoint has no emotion')
    value = float(text)
    if not math.isfinite(value) or value < 0.5 or value >= 5.5:
        emotion = -2 if value < 0.5 else 2
        return Score(emotion, f"score {text} is outside 1…5; read as {emotion + NEUTRAL_SCORE}")
    return Score(math.floor(value + 0.5) - NEUTRAL_SCORE)


def score_of(emotion: int | None) -> int:
    """The score Mermaid draws for an emotion; a touchpoint without one is drawn neutral."""
    return NEUTRAL_SCORE if emotion is None else emotion + NEUTRAL_SCORE
