"""Pausing Python's cyclic garbage collector while many small objects are built at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(*, promote: bool = True) -> Iterator[None]:
    """No cyclic garbage collection while a reader, an import or the router builds its many
    small objects.

    Those make no reference cycles worth collecting midway, and with the collector on each
    of its full passes walks everything built so far (and every object of the process: the
    document, the scene), which grows faster than the work.

    With ``promote`` (imports: a whole map made, to be kept) what was made goes straight
    to the oldest generation afterwards. The router and the map reader, which the editor
    runs after every edit and every open, pass ``promote=False``: promoting there moves
    Qt's wrapper objects too, and their collection at an odd moment later can crash PySide.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Everything made meanwhile still counts as young: the first allocations after
        # enable() would walk all of it, then again as it ages. Freezing and thawing moves
        # it straight to the oldest generation, which is walked rarely (unless something
        # froze objects of its own, which thawing would let go).
        if collecting and promote and not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        if collecting:
            gc.enable()
