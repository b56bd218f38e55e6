"""Typed errors of the core. Each carries one sentence meant for the user."""

from __future__ import annotations


class JourneyMapError(Exception):
    """Base of every error the core raises on purpose."""


class ModelError(JourneyMapError):
    """The document refused a change; nothing was changed."""


class UnknownReference(ModelError):
    """A stage, lane, channel, touchpoint, link or improvement that does not exist."""


class DuplicateId(ModelError):
    """An id that is already used by another entity of the same kind."""


class DuplicateLink(ModelError):
    """A second link between the same ordered pair of touchpoints."""


class SelfLink(ModelError):
    """A link from a touchpoint to itself."""


class OccupiedSlot(ModelError):
    """Two touchpoints in the same slot of one cell."""


class StillReferenced(ModelError):
    """Removing this would leave a dangling reference (links, cards, improvements)."""


class InvalidValue(ModelError):
    """A field value outside what the format allows."""


class FileFormatError(JourneyMapError):
    """A map file that cannot be read. ``place`` names where, ``detail`` says what."""

    def __init__(self, place: str, detail: str, path: str | None = None) -> None:
        self.place = place
        self.detail = detail
        self.path = path
        super().__init__(self._sentence())

    def _sentence(self) -> str:
        where = f"{self.place}: " if self.place else ""
        return f"{where}{self.detail}"

    def with_path(self, path: str) -> FileFormatError:
        """The same error, remembering which file it came from."""
        self.path = path
        return self


class NewerVersionError(FileFormatError):
    """The file was written by a newer program; it is never overwritten."""


class FileAccessError(JourneyMapError):
    """A file that cannot be read or written at all (missing, no permission, disk full)."""
