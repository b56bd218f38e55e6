"""JourneyMap: customer journey maps as documents, editor, PDFs and insights.

Public API::

    from journeymap import JourneyMap, load, save
    doc = load("map.journeymap")
    save(doc, "copy.journeymap")

Importing this package is cheap: it pulls in no Qt, no ReportLab and no NetworkX until
a map is actually loaded or created.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from journeymap.core.model import JourneyMap

__all__ = ["JourneyMap", "__version__", "load", "loads", "save", "dumps"]


def load(path: str | os.PathLike[str]) -> JourneyMap:
    """Read a ``.journeymap`` file (raises FileFormatError / FileAccessError with a sentence)."""
    from journeymap.core.fileformat import load as _load

    return _load(path)


def loads(data: bytes | str) -> JourneyMap:
    """Build a map from the text of a ``.journeymap`` file."""
    from journeymap.core.fileformat import loads as _loads

    return _loads(data)


def save(doc: JourneyMap, path: str | os.PathLike[str]) -> None:
    """Write ``doc`` atomically, keeping the previous file as ``NAME.journeymap.bak``."""
    from journeymap.core.fileformat import save as _save

    _save(doc, path)


def dumps(doc: JourneyMap) -> bytes:
    """The exact bytes :func:`save` writes."""
    from journeymap.core.fileformat import dumps as _dumps

    return _dumps(doc)


def __getattr__(name: str) -> Any:
    if name == "JourneyMap":
        from journeymap.core.model import JourneyMap

        return JourneyMap
    raise AttributeError(f"module 'journeymap' has no attribute {name!r}")
