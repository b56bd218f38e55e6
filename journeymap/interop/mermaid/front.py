"""The ``title`` of a Mermaid diagram's YAML front matter, without a YAML library.

Mermaid reads front matter with js-yaml and uses only ``title``, ``displayMode`` and ``config``;
a journey needs only ``title``. This reads the top-level ``title`` key in the forms people
write: plain, single- or double-quoted, continued on indented lines, or a ``|`` / ``>`` block.
"""

from __future__ import annotations

import json
import re

_KEY = re.compile(r"""(?:title|"title"|'title')[ \t]*:(?:[ \t]+(.*)|[ \t]*$)""")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def front_matter_title(body: str, indent: str = "") -> tuple[str | None, str]:
    """(title or None, a problem sentence or "") for the text between the ``---`` lines."""
    lines = [line[len(indent) :] if line.startswith(indent) else line for line in body.split("\n")]
    for i, line in enumerate(lines):
        match = _KEY.match(line)
        if match is not None:
            return _value((match.group(1) or "").strip(), lines[i + 1 :])
    return None, ""


def _value(first: str, rest: list[str]) -> tuple[str | None, str]:
    if first[:1] == '"':
        return _double_quoted(first)
    if first[:1] == "'":
        return _single_quoted(first)
    if first[:1] in "|>" and re.fullmatch(r"[|>][+-]?\d?[+-]?(?:\s+#.*)?", first):
        return _block(first[0] == ">", rest), ""
    text = re.split(r"\s#", first, maxsplit=1)[0].strip()
    for line in rest:
        if not line.strip() or not line[:1].isspace():
            break
        text = f"{text} {line.strip()}".strip()
    return (None if text in _NULLS else text), ""


def _double_quoted(first: str) -> tuple[str | None, str]:
    match = re.match(r'"((?:[^"\\]|\\.)*)"', first)
    if match is None:
        return first[1:], "the title's double quote is not closed"
    try:
        value = json.loads(match.group(0))
    except ValueError:
        return match.group(1).replace('\\"', '"'), ""
    return (value if isinstance(value, str) else None), ""


def _single_quoted(first: str) -> tuple[str | None, str]:
    match = re.match(r"'((?:[^']|'')*)'", first)
    if match is None:
        return first[1:], "the title's single quote is not closed"
    return match.group(1).replace("''", "'"), ""


def _block(folded: bool, rest: list[str]) -> str | None:
    body: list[str] = []
    for line in rest:
        if line.strip() and not line[:1].isspace():
            break
        body.append(line)
    content = [line for line in body if line.strip()]
    if not content:
        return None
    margin = min(len(line) - len(line.lstrip()) for line in content)
    cut = [line[margin:] for line in body]
    if folded:
        text = re.sub(r"(?<!\n)\n(?!\n)", " ", "\n".join(cut).strip("\n"))
        return re.sub(r"\n\n", "\n", text)
    return "\n".join(cut).strip("\n")
