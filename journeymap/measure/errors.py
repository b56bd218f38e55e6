"""The one error of measuring: a sentence naming the file, row and column at fault."""

from __future__ import annotations

from journeymap.core.errors import JourneyMapError


class MeasureError(JourneyMapError):
    """Data that cannot be measured onto the map; nothing in the map was changed."""
