"""What every importer returns, and how it refuses: shared by Mermaid, CSV/Excel and graph files."""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.core.errors import JourneyMapError
from journeymap.core.model import JourneyMap


class InteropError(JourneyMapError):
    """A file that cannot be imported or a map that cannot be exported; one sentence for the user.

    ``problems`` lists every place that was wrong ("line 4: …", "row 12: …") when nothing
    sound was left to import.
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = list(problems or [])
        super().__init__(message)


@dataclass
class ImportResult:
    """A map built from another tool's file, and what was skipped or guessed on the way.

    Each warning is one sentence that starts with its place: ``"line 7: …"`` or ``"row 12: …"``.
    """

    doc: JourneyMap
    warnings: list[str] = field(default_factory=list)
