"""Reading the statements of a Mermaid ``journey`` diagram, the way Mermaid itself reads them.

Mermaid first normalises line ends, takes out YAML front matter, ``%%{…}%%`` directives and
``%%`` comment lines, then lexes the rest with the rules of its ``journey.jison`` grammar. This
module follows the same steps and the same token rules, in the same order, but where Mermaid
stops at the first error it notes the problem with its line number and reads on.

Everything taken out is replaced by spaces (line ends kept), so every position still names
its line in the file.
"""

from __future__ import annotations

import bisect
import heapq
import html
import re
from dataclasses import dataclass, field
from typing import Literal

from journeymap.interop.common import InteropError
from journeymap.interop.mermaid.front import front_matter_title
from journeymap.interop.mermaid.text import ENTITY

StatementKind = Literal["title", "acc_title", "acc_descr", "section", "task", "meta"]

#: ``%% journeymap <kind> <json>``: what Mermaid cannot show, carried in comment lines.
META_PREFIX = "journeymap"
_META_RE = re.compile(r"[ \t]*%%[ \t]*journeymap[ \t]+([a-z]+)[ \t]+(.*)")

_IA = re.IGNORECASE | re.ASCII
_COMMENT = re.compile(r"%(?!\{)[^\n]*|[^}]%%[^\n]*|#[^\n]*")
_SPACE = re.compile(r"\s+")
_JOURNEY = re.compile(r"journey\b", _IA)
_TITLE = re.compile(rf"title\s(?:[^#\n;]+|{ENTITY})+", _IA)
_ACC_TITLE = re.compile(r"acctitle\s*:\s*([^\n]*)", _IA)
_ACC_DESCR = re.compile(r"accdescr\s*:\s*([^\n]*)", _IA)
_ACC_DESCR_BLOCK = re.compile(r"accdescr\s*\{\s*", _IA)
_SECTION = re.compile(rf"section\s(?:[^#:\n;]+|{ENTITY})+", _IA)
_TASK_NAME = re.compile(rf"(?:[^#:\n;]+|{ENTITY})+")
_TASK_DATA = re.compile(rf":(?:[^#\n;]+|{ENTITY})*")
_ENTITY_AT = re.compile(ENTITY)
# The runs of plain characters come first in each group above: a group repeated once per
# character keeps one backtracking frame per character (3.5 GB for a 30 MB line).

#: A Markdown fence (also indented under a list item), Quarto's ```{mermaid}, Azure DevOps'
#: ::: mermaid.
_FENCE = re.compile(
    r"^[ \t]*(`{3,}|~{3,}|:{3,})[ \t]*\{?[ \t]*mermaid(?:-[\w-]+)?\b[^\n]*$", re.M | re.I
)
#: ``<pre class="mermaid">`` or ``<div class="mermaid">`` in an HTML page.
_HTML_BLOCK = re.compile(
    r"""<(pre|div)\b[^>]*\bclass\s*=\s*["'][^"']*\bmermaid\b[^"']*["'][^>]*>(.*?)</\1\s*>""",
    re.I | re.S,
)
_COMMENT_LINE = re.compile(r"^[ \t]*%%(?!\{)[^\n]*", re.M)
_FRONT_MATTER = re.compile(r"\s*?^([ \t]*)---[ \t]*\n(.*?)\n\1---[ \t]*(?:\n|\Z)", re.M | re.S)

#: Mermaid's other diagram types, to say what a file is when it is not a journey.
DIAGRAM_TYPES = frozenset(
    {
        *("graph", "flowchart", "flowchart-elk", "sequenceDiagram", "classDiagram"),
        *("classDiagram-v2", "stateDiagram", "stateDiagram-v2", "erDiagram", "gantt", "pie"),
        *("gitGraph", "mindmap", "timeline", "quadrantChart", "requirementDiagram"),
        *("C4Context", "C4Container", "C4Component", "C4Dynamic", "C4Deployment"),
        *("sankey-beta", "xychart-beta", "block-beta", "packet-beta", "kanban"),
        *("architecture-beta", "radar-beta", "treemap-beta", "zenuml", "info"),
    }
)


@dataclass
class Statement:
    """One statement of the diagram; ``text`` is raw (entities and ``<br>`` still in it)."""

    kind: StatementKind
    line: int
    pos: int
    text: str = ""
    data: str | None = None  # a task's text from its first ":" on (None: no ":" at all)
    multiline: bool = False  # accDescr { … }
    meta_kind: str = ""


@dataclass
class Lexed:
    """The statements of one journey diagram, in file order, and what was wrong on the way."""

    statements: list[Statement]
    front_title: str | None
    header_line: int
    warnings: list[str] = field(default_factory=list)


class _Lines:
    """Position → line number in the original text."""

    def __init__(self, text: str) -> None:
        self._ends = [m.start() for m in re.finditer("\n", text)]

    def __call__(self, pos: int) -> int:
        return bisect.bisect_left(self._ends, pos) + 1


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each ``[start, end)`` span (in order, not overlapping) turned into
    spaces, line ends kept."""
    if not spans:
        return text
    pieces: list[str] = []
    last = 0
    for start, end in spans:
        pieces.append(text[last:start])
        pieces.append(re.sub(r"[^\n]", " ", text[start:end]))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def normalise(text: str) -> str:
    """Drop a byte order mark and turn CRLF and CR line ends into LF, as Mermaid does; half
    of a surrogate pair (which no file can hold) becomes U+FFFD."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return re.sub("[\ud800-\udfff]", "\ufffd", re.sub(r"\r\n?", "\n", text))


def lex(text: str) -> Lexed:
    """The statements of the first journey diagram in ``text`` (plain or Markdown).

    Raises InteropError when there is no journey diagram to read.
    """
    text = normalise(text)
    warnings: list[str] = []
    line_of = _Lines(text)
    if not text.strip():
        raise InteropError("the file is empty", ["line 1: the file is empty"])
    text = _pick_markdown_block(text, line_of, warnings)
    text, front_title = _take_front_matter(text, line_of, warnings)
    text = _take_directives(text, line_of, warnings)
    text, metas = _take_comment_lines(text, line_of)
    statements, header = _tokens(text, line_of, warnings)
    if header is None:
        raise _not_a_journey(text, line_of)
    merged = list(heapq.merge(statements, metas, key=lambda s: s.pos))
    return Lexed(merged, front_title, header, warnings)


# ---------------------------------------------------------------------- preprocessing
def _pick_markdown_block(text: str, line_of: _Lines, warnings: list[str]) -> str:
    """Keep only the first ```` ```mermaid ```` block holding a journey, if there are blocks."""
    blocks: list[tuple[int, int]] = []
    pos = 0
    while (opening := _FENCE.search(text, pos)) is not None:
        fence = opening.group(1)
        start = opening.end() + 1
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.M)
        found = closing.search(text, min(start, len(text)))
        end = found.start() if found else len(text)
        blocks.append((min(start, len(text)), end))
        pos = found.end() if found else len(text)
    if not blocks:
        for match in _HTML_BLOCK.finditer(text):
            start, end = match.span(2)
            blocks.append((start, end))
            text = text[:start] + _unescape(text[start:end]) + text[end:]
    if not blocks:
        return text
    journeys = [b for b in blocks if _is_journey(text[b[0] : b[1]])]
    if not journeys:
        raise InteropError(
            "none of the file's mermaid blocks is a journey diagram",
            [
                f"line {line_of(s)}: a mermaid block starting with "
                f"{_show(_first_word(text[s:e]))}, not a journey"
                for s, e in blocks
            ],
        )
    start, end = journeys[0]
    if len(journeys) > 1:
        others = ", ".join(str(line_of(s)) for s, _ in journeys[1:])
        plural = "s" if len(journeys) > 2 else ""
        warnings.append(
            f"line {line_of(start)}: the file holds {len(journeys)} journey diagrams; only this "
            f"first one was imported (the other{plural} start{'' if plural else 's'} on "
            f"line{plural} {others})"
        )
    return _blank(text, [(0, start), (end, len(text))])


def _unescape(block: str) -> str:
    """HTML entities decoded as a browser does before Mermaid reads the page, each line padded
    with spaces to its old length so that every position keeps its line."""
    return "\n".join(html.unescape(line).ljust(len(line)) for line in block.split("\n"))


def _is_journey(block: str) -> bool:
    block, _ = _take_front_matter(block, _Lines(block), [])
    block = _take_directives(block, _Lines(block), [])
    block, _ = _take_comment_lines(block, _Lines(block))
    return _JOURNEY.match(block.lstrip()) is not None


def _first_word(text: str) -> str:
    match = re.search(r"[^\s;]+", text)
    return match.group(0) if match else ""


def _take_front_matter(text: str, line_of: _Lines, warnings: list[str]) -> tuple[str, str | None]:
    """Blank out YAML front matter at the top and return the title it names."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        opening = re.match(r"\s*?^[ \t]*---[ \t]*$", text, re.M)
        if opening is not None:
            warnings.append(
                f'line {line_of(opening.end())}: the front matter "---" is never closed by '
                'a "---" line'
            )
        return text, None
    title, problem = front_matter_title(match.group(2), match.group(1))
    if problem:
        warnings.append(f"line {line_of(match.start(2))}: front matter: {problem}")
    return _blank(text, [(0, match.end())]), title


def _take_directives(text: str, line_of: _Lines, warnings: list[str]) -> str:
    """Blank out ``%%{init: …}%%`` directives (they may span lines)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while (start := text.find("%%{", pos)) >= 0:
        end = text.find("}%%", start + 3)
        if end < 0:
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            warnings.append(
                f'line {line_of(start)}: the directive "%%{{" is not closed by "}}%%"; '
                "the line is ignored"
            )
        else:
            end += 3
        spans.append((start, end))
        pos = end
    return _blank(text, spans)


def _take_comment_lines(text: str, line_of: _Lines) -> tuple[str, list[Statement]]:
    """Blank out ``%%`` comment lines; the ``%% journeymap`` ones become meta statements."""
    metas: list[Statement] = []
    spans: list[tuple[int, int]] = []
    for match in _COMMENT_LINE.finditer(text):
        spans.append(match.span())
        meta = _META_RE.fullmatch(match.group(0))
        if meta is not None:
            pos = match.start()
            metas.append(
                Statement("meta", line_of(pos), pos, meta.group(2).strip(), meta_kind=meta.group(1))
            )
    return _blank(text, spans), metas


def _not_a_journey(text: str, line_of: _Lines) -> InteropError:
    match = re.search(r"\S", text)
    if match is None:
        return InteropError(
            "the file holds no diagram, only comments or settings",
            ["line 1: no diagram after the comments and settings"],
        )
    word = _first_word(text[match.start() :])
    place = f"line {line_of(match.start())}"
    if word in DIAGRAM_TYPES:
        return InteropError(
            f'this is a Mermaid "{word}" diagram; only user journeys ("journey") can be imported',
            [f'{place}: "{word}" diagram, not "journey"'],
        )
    return InteropError(
        'no Mermaid journey diagram found: it must begin with the word "journey"',
        [f'{place}: expected "journey", found {_show(word)}'],
    )


def _show(text: str) -> str:
    text = text if len(text) <= 40 else text[:39] + "…"
    return '"' + "".join(ch if ch.isprintable() else "�" for ch in text) + '"'


# ---------------------------------------------------------------------- tokens
def _tokens(text: str, line_of: _Lines, warnings: list[str]) -> tuple[list[Statement], int | None]:
    """Lex with journey.jison's rules, in its order; assemble statements as its grammar does."""
    statements: list[Statement] = []
    header: int | None = None
    junk: list[int] = []
    pending: Statement | None = None  # a task name waiting for its ":" data
    section_end = -1  # where the last section name stopped (at a colon, perhaps)
    pos, end = 0, len(text)

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            warnings.append(
                f"line {pending.line}: {_show(pending.text.strip())} is not a journey statement "
                '(a task is written "name: score: actors"); ignored'
            )
            pending = None

    while pos < end:
        if (m := _SPACE.match(text, pos)) or (
            (m := _COMMENT.match(text, pos)) and not _ENTITY_AT.match(text, pos)
        ):
            pos = m.end()
            continue
        if text[pos] == ";":  # Mermaid has no rule for ";" and fails; read it as a separator
            flush()
            pos += 1
            continue
        line = line_of(pos)
        if m := _JOURNEY.match(text, pos):
            flush()
            if header is None:
                header = line
                if junk:
                    first, last = junk[0], junk[-1]
                    where = f"lines {first}–{last}" if first != last else f"line {first}"
                    warnings.append(f'{where}: text before "journey" is ignored')
            else:
                warnings.append(f'line {line}: a second "journey" keyword is ignored')
            pos = m.end()
            continue
        if header is None:
            junk.append(line)
            m = _TASK_DATA.match(text, pos) or _TASK_NAME.match(text, pos)
            pos = m.end() if m else pos + 1
            continue
        if m := _TASK_DATA.match(text, pos):
            if pending is not None:
                pending.data = m.group(0)
                statements.append(pending)
                pending = None
            elif pos == section_end:
                section = statements[-1]
                section.text += m.group(0)
                warnings.append(
                    f"line {line}: the section name {_show(section.text.strip())} holds a colon, "
                    "where Mermaid ends it; read whole (write the colon as #58; for Mermaid)"
                )
            else:
                warnings.append(
                    f"line {line}: {_show(m.group(0).strip())} has no task name before the colon; "
                    "ignored"
                )
            pos = m.end()
            continue
        flush()
        statement, pos = _statement(text, pos, line, warnings)
        if statement.kind == "task":
            pending = statement
        else:
            statements.append(statement)
            section_end = pos if statement.kind == "section" else -1
    flush()
    return statements, header


def _statement(text: str, pos: int, line: int, warnings: list[str]) -> tuple[Statement, int]:
    """The statement (or task name) that starts at ``pos``, and where it ends."""
    if m := _TITLE.match(text, pos):
        return Statement("title", line, pos, m.group(0)[6:]), m.end()
    if m := _ACC_TITLE.match(text, pos):
        return Statement("acc_title", line, pos, m.group(1)), m.end()
    if m := _ACC_DESCR.match(text, pos):
        return Statement("acc_descr", line, pos, m.group(1)), m.end()
    if m := _ACC_DESCR_BLOCK.match(text, pos):
        close = text.find("}", m.end())
        if close < 0:
            warnings.append(
                f'line {line}: "accDescr {{" is not closed by "}}"; only the rest of its line '
                "is read as the description"
            )
            close = text.find("\n", m.end())
            close = len(text) if close < 0 else close
            value, after = text[m.end() : close], close
        else:
            value, after = text[m.end() : close], close + 1
        return Statement("acc_descr", line, pos, value, multiline=True), after
    if m := _SECTION.match(text, pos):
        return Statement("section", line, pos, m.group(0)[8:]), m.end()
    m = _TASK_NAME.match(text, pos)
    stop = m.end() if m else pos + 1
    return Statement("task", line, pos, text[pos:stop]), stop
