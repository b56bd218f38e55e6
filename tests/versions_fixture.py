"""An as-is map and a to-be version of it: the e-commerce example with designed changes."""

from __future__ import annotations

from pathlib import Path

from journeymap.core import fileformat
from journeymap.core.entities import Touchpoint
from journeymap.core.model import JourneyMap
from journeymap.resources import example


def as_is() -> JourneyMap:
    return fileformat.load(example("ecommerce-first-order"))


def to_be() -> JourneyMap:
    """Shipping shown early, Klarna added, guest checkout gone, reviews read earlier."""
    doc = as_is()
    doc.update_map(title="First online order (to-be)")
    doc.update_touchpoint("checkout-shipping", emotion=1,
                          description="The total with shipping is known from the product page.")
    doc.update_touchpoint("delivery-delayed", emotion=0)
    doc.update_touchpoint("carrier-tracking", emotion=-2)
    slot = max(t.slot for t in doc.cell("discover", "customer")) + 1
    doc.place_touchpoints({"read-reviews": ("discover", "customer", slot)})
    doc.add_touchpoint(Touchpoint(id="klarna", title="Pay with Klarna", stage="buy",
                                  lane="customer", slot=3, channel="website", emotion=2,
                                  colour="#2e7d32"))
    for link in doc.links_of("guest-checkout"):
        doc.remove_link(link.source, link.target)
    for imp in doc.improvements:
        if "guest-checkout" in imp.touchpoints:
            doc.update_improvement(
                imp.id, touchpoints=[t for t in imp.touchpoints if t != "guest-checkout"]
            )
    doc.remove_touchpoint("guest-checkout")
    doc.update_improvement("show-shipping-early", status="done")
    doc.update_improvement("proactive-delay", status="done")
    return doc


def write_pair(folder: Path) -> tuple[Path, Path]:
    old, new = folder / "as-is.journeymap", folder / "to-be.journeymap"
    fileformat.save(as_is(), old, backup=False)
    fileformat.save(to_be(), new, backup=False)
    return old, new
