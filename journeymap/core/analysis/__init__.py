"""Journey analytics on the map's graph (paths, loops, moments of truth, summaries); core only."""

from __future__ import annotations

from journeymap.core.analysis.findings import (
    DEFINITIONS,
    FINDINGS,
    Analysis,
    ChannelSwitch,
    EmotionSummary,
    JourneyPath,
    Loop,
    MomentOfTruth,
    UnaddressedPainPoint,
    analyze,
)

__all__ = [
    "DEFINITIONS", "FINDINGS", "Analysis", "ChannelSwitch", "EmotionSummary", "JourneyPath",
    "Loop", "MomentOfTruth", "UnaddressedPainPoint", "analyze",
]
