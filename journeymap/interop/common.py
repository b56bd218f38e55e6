"""What every importer returns, and how it refuses: shared by Mermaid, CSV/Excel and graph files."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.core.errors import JourneyMapError
from journeymap.core.fileformat import MAX_FILE_BYTES
from journeymap.core.model import JourneyMap
from journeymap.core.outputs import InputRefused, InputTooLarge, read_input


class InteropError(JourneyMapError):
    """A file that cannot be imported or a map that cannot be exported; one sentence for the user.

    ``problems`` lists every place that was wrong ("line 4: …", "row 12: …") when nothing
    sound was left to import.
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = list(problems or [])
        super().__init__(message)


#: The largest file an importer reads (as large as a map file may be).
MAX_IMPORT_BYTES = MAX_FILE_BYTES


def read_limited(path: str | os.PathLike[str], limit: int = MAX_IMPORT_BYTES) -> bytes:
    """The bytes of ``path``; one sentence when it cannot be read, is not a regular file
    (a FIFO is refused before it is opened) or is larger than ``limit``."""
    p = Path(path)
    try:
        return read_input(p, limit)
    except InputTooLarge:
        raise InteropError(f'cannot read "{p}": the file is over {limit // 2**20} MB') from None
    except InputRefused as err:
        raise InteropError(str(err)) from None


@dataclass
class ImportResult:
    """A map built from another tool's file, and what was skipped or guessed on the way.

    Each warning is one sentence that starts with its place: ``"line 7: …"`` or ``"row 12: …"``.
    A table's import also says which layout it read (``"rows"``: one touchpoint per row, or
    ``"grid"``: stages across) and each column header or row label with the field it became
    ("" when none, ``"ignore"`` when the user said so).
    """

    doc: JourneyMap
    warnings: list[str] = field(default_factory=list)
    layout: str = ""
    columns: list[tuple[str, str]] = field(default_factory=list)
