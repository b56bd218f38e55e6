"""Mermaid ``journey`` diagrams, read and written; may import core and interop.common only.

Import (``.mmd``, or the first journey block of a ``.md``) and export.

Import reads what Mermaid reads (see :mod:`.lex`) and maps it onto a journey map (see
:mod:`.read`); a damaged diagram gives warnings with line numbers and as much of the
map as is sound, or an :class:`InteropError` when nothing is. Export (see :mod:`.write`)
writes text Mermaid renders, with ``%% journeymap`` comment lines that let
``parse_mermaid(dumps_mermaid(doc))`` rebuild the same map. The mapping is in docs/mermaid.md.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from journeymap.core.errors import JourneyMapError
from journeymap.core.fileformat import MAX_FILE_BYTES
from journeymap.core.model import JourneyMap
from journeymap.core.storage import write_atomic
from journeymap.interop.common import ImportResult, InteropError, read_limited
from journeymap.interop.mermaid.lex import lex
from journeymap.interop.mermaid.read import build
from journeymap.interop.mermaid.write import dumps_markdown, dumps_mermaid

__all__ = [
    "dumps_markdown", "dumps_mermaid", "parse_mermaid", "read_mermaid", "write_markdown",
    "write_mermaid",
]


def parse_mermaid(text: str, actors_as_lanes: bool = False) -> ImportResult:
    """The map described by Mermaid journey text, and what was skipped or guessed.

    With ``actors_as_lanes`` each actor gets a lane (a task with several actors goes to its
    first actor's), instead of one lane "Customer".
    """
    try:
        return build(lex(text), actors_as_lanes)
    except InteropError:
        raise
    except JourneyMapError as err:  # a record the document refused: still one sentence
        raise InteropError(f"the diagram cannot be imported: {err}") from None


def read_mermaid(path: str | os.PathLike[str], actors_as_lanes: bool = False) -> ImportResult:
    """Import a ``.mmd``, Markdown or HTML file (UTF-8, with or without a byte order mark)."""
    p = Path(path)
    data = read_limited(p, MAX_FILE_BYTES)
    text, note = _decode(data)
    if text is None:
        raise InteropError(f'cannot read "{p}": {note}', [f"line 1: {note}"])
    result = parse_mermaid(text, actors_as_lanes)
    if note:
        result.warnings.insert(0, note)
    return result


def _decode(data: bytes) -> tuple[str | None, str]:
    """(text, a warning) or (None, why it is not text)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), ""
        except UnicodeDecodeError:
            return None, "the file is neither UTF-8 nor UTF-16 text"
    if b"\x00" in data:
        return None, "the file is not text (it holds zero bytes)"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        text = data.decode("utf-8-sig", errors="replace")
        return text, f"line {line}: the file is not valid UTF-8; unreadable bytes became \ufffd"


def write_mermaid(doc: JourneyMap, path: str | os.PathLike[str], plain: bool = False) -> None:
    """Write the map as a ``.mmd`` file, atomically (a crash leaves the old file or the new)."""
    _write(Path(path), dumps_mermaid(doc, plain))


def write_markdown(doc: JourneyMap, path: str | os.PathLike[str], plain: bool = False) -> None:
    """Write the map as a Markdown file holding one fenced ``mermaid`` block."""
    _write(Path(path), dumps_markdown(doc, plain))


def _write(path: Path, text: str) -> None:
    try:
        write_atomic(path, text.encode("utf-8"), backup=False)
    except JourneyMapError as err:
        raise InteropError(str(err)) from None
