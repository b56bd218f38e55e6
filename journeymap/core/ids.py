"""Readable, unique ids for new entities: "shipping-cost-late", "shipping-cost-late-2"."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from journeymap.core.entities import MAX_ID

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = 40) -> str:
    """Lowercase ASCII words joined by hyphens; empty when nothing usable remains."""
    if text.isascii():
        ascii_text = text
    else:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(words) > limit:
        words = words[:limit].rsplit("-", 1)[0] or words[:limit]
    return words.strip("-")


def unique_id(
    text: str,
    taken: Callable[[str], bool],
    prefix: str = "tp",
    counters: dict[str, int] | None = None,
) -> str:
    """An id made from ``text`` (or ``prefix``) that ``taken`` says is free.

    ``counters`` (one dict kept across calls) remembers the next number per base, so that
    giving ids to many rows of one title stays linear instead of trying 2, 3, 4 … each time.
    """
    base = slug(text) or prefix
    base = base[: MAX_ID - 6]
    if not taken(base):
        return base
    n = 2 if counters is None else counters.get(base, 2)
    while taken(f"{base}-{n}"):
        n += 1
    if counters is not None:
        counters[base] = n + 1
    return f"{base}-{n}"
