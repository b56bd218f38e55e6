"""Large, realistic, deterministic journey maps for tests and benchmarks.

``make_map(10_000)`` builds a map the size of the biggest real workshop boards times ten,
through the public document API only, so every card, link and improvement passes the same
checks an edit in the editor passes. The same ``seed`` always gives the same bytes.
"""

from __future__ import annotations

import datetime
import os
import random
from itertools import accumulate

from journeymap.core.entities import (
    BUILTIN_CHANNELS,
    COLOUR_PRESETS,
    Improvement,
    Lane,
    Link,
    Persona,
    Stage,
    Touchpoint,
)
from journeymap.core.fileformat import save
from journeymap.core.model import JourneyMap

__all__ = ["make_loopy_map", "make_map", "write_map"]

_STAGE_NAMES: dict[str, tuple[str, ...]] = {
    "before": ("Discover", "Research", "Compare", "Decide", "Get a quote", "Try it out"),
    "during": ("Sign up", "Buy", "Pay", "Onboard", "Set up", "Book"),
    "after": ("Wait for delivery", "Receive & use", "Get help", "Renew", "Recommend", "Come back"),
}
_LANES: tuple[tuple[str, str], ...] = (
    ("Customer actions", "What the customer does, thinks and feels."),
    ("Frontstage touchpoints", "What the business shows: site, app, emails, staff."),
    ("Backstage processes", "Internal teams and processes the customer never sees."),
    ("Partners & systems", "Payment provider, carrier and other third parties."),
    ("Policies & rules", "Terms, prices and rules that shape the experience."),
    ("Data & analytics", "What is measured and where it is stored."),
    ("Support", "Help desk, chat and the knowledge base."),
)
_PRODUCTS = (
    "the linen jacket",
    "a standing desk",
    "the family plan",
    "a city bike",
    "the premium plan",
    "running shoes",
    "a coffee machine",
    "home insurance",
    "the annual licence",
    "a sofa",
    "a weekend trip",
    "the starter kit",
    "a gym membership",
    "a used car",
    "the mortgage",
)
_CUSTOMER: dict[str, tuple[str, ...]] = {
    "before": (
        "Sees an ad for {p}",
        "Searches for {p}",
        "Reads reviews of {p}",
        "Asks a friend about {p}",
        "Compares prices for {p}",
        "Watches a video about {p}",
        "Saves {p} to a wish list",
        "Checks the size guide",
        "Reads the FAQ",
        "Visits the store to look at {p}",
    ),
    "during": (
        "Adds {p} to the cart",
        "Creates an account",
        "Enters the delivery address",
        "Chooses a payment method",
        "Pays for {p}",
        "Applies a discount code",
        "Books an appointment",
        "Signs the contract for {p}",
        "Confirms the order",
    ),
    "after": (
        "Waits for {p}",
        "Tracks the parcel",
        "Unboxes {p}",
        "Asks support about {p}",
        "Returns {p}",
        "Writes a review of {p}",
        "Renews {p}",
        "Recommends {p} to a colleague",
        "Reads the invoice",
        "Cancels {p}",
    ),
}
_BUSINESS: dict[str, tuple[str, ...]] = {
    "before": (
        "Retargeting ad for {p}",
        "Product page for {p}",
        "Price comparison widget",
        "Newsletter sign-up pop-up",
        "Lead scoring",
        "Sales rep follows up",
        "Showroom demo of {p}",
        "Chatbot answers questions",
    ),
    "during": (
        "Checkout page",
        "Fraud screening",
        "Order confirmation email",
        "Payment authorisation",
        "Credit check",
        "Contract generated",
        "Welcome call",
        "Stock reserved for {p}",
    ),
    "after": (
        "Warehouse picks {p}",
        "Carrier hands over {p}",
        "Delivery update SMS",
        "Returns inspection",
        "Refund issued",
        "Review request email",
        "Renewal reminder",
        "Customer health score review",
        "Ticket escalated to tier 2",
    ),
}
_THOUGHTS = (
    "“Is this really worth the price?”",
    "“Why is this so hard to find?”",
    "“Finally, that was easy.”",
    "“I hope it arrives before the weekend.”",
    "“Can I trust this shop?”",
    "“What happens if it does not fit?”",
)
_PAINS = (
    "Costs shown late",
    "Too many form fields",
    "No delivery date given",
    "Slow page on mobile",
    "Unclear return policy",
    "Waits on hold for 20 minutes",
    "Has to repeat her details",
    "Confusing plan names",
    "Tracking link does not work",
    "Email lands in spam",
)
_OPPORTUNITIES = (
    "Show the total price up front",
    "Offer guest checkout",
    "Send proactive delay notices",
    "Pre-fill known details",
    "Add a live chat on this page",
    "Explain the plans in one table",
    "Offer a free exchange",
    "Remind before the trial ends",
)
_OWNERS = (
    "E-commerce team",
    "Marketing",
    "Customer service",
    "Logistics",
    "Finance",
    "Product",
    "Sales",
    "IT operations",
    "Customer success",
)
_LINK_LABELS = ("", "", "", "", "next", "if approved", "when paid", "after 3 days")
_IMPROVEMENTS = (
    (
        "Show total cost before checkout",
        "Customers abandon when costs appear late",
        "Display shipping and fees on the product page",
        "Checkout conversion",
    ),
    (
        "Proactive delay notifications",
        "Late parcels cause support contacts",
        "Notify by SMS as soon as a delay is known",
        "Where-is-my-order tickets",
    ),
    (
        "One-click exchange",
        "Exchanges take two weeks",
        "Ship the new size before the old one arrives",
        "Exchange lead time",
    ),
    (
        "Shorter sign-up form",
        "Sign-up asks for data nobody uses",
        "Cut the form to email and password",
        "Sign-up completion",
    ),
    (
        "Fit advice next to the size selector",
        "Wrong sizes drive returns",
        "Add a fit finder and model measurements",
        "Return rate",
    ),
    (
        "Renewal reminder 60 days ahead",
        "Renewals surprise customers",
        "Send a reminder with usage highlights",
        "Renewal rate",
    ),
)


def _stage_plan(count: int) -> list[str]:
    """Phases for ``count`` stages: about 3/8 before, 2/8 during, the rest after."""
    before = max(1, round(count * 3 / 8)) if count >= 3 else 1
    during = max(1, round(count * 2 / 8)) if count >= 3 else (1 if count >= 2 else 0)
    after = count - before - during
    return ["before"] * before + ["during"] * during + ["after"] * after


def make_map(
    n_touchpoints: int,
    *,
    seed: int = 0,
    stages: int = 8,
    lanes: int = 5,
    link_factor: float = 1.3,
    improvements: int | None = None,
) -> JourneyMap:
    """A realistic map with ``n_touchpoints`` cards, about ``link_factor`` links per card.

    ``improvements`` defaults to one per 40 cards (at least one when there are cards).
    """
    if n_touchpoints < 0 or stages < 1 or lanes < 1:
        raise ValueError("need n_touchpoints >= 0, stages >= 1 and lanes >= 1")
    rng = random.Random(seed)
    doc = JourneyMap(
        f"Synthetic journey – {n_touchpoints:,} touchpoints (seed {seed})",
        description="Generated for tests and benchmarks: a large map with realistic content.",
        persona=Persona(
            name="Zoë Martín",
            description="29, UX designer; shops on her phone in the evening.",
            goals=["Know the full price before she commits", "Return without hassle"],
            pains=["Hidden costs", "Chasing late parcels herself"],
        ),
    )

    phases = _stage_plan(stages)
    stage_ids = [f"s{i + 1:02d}" for i in range(stages)]
    used: dict[str, int] = {}
    for sid, phase in zip(stage_ids, phases, strict=True):
        names = _STAGE_NAMES[phase]
        k = used.get(phase, 0)
        used[phase] = k + 1
        name = names[k % len(names)] + ("" if k < len(names) else f" {k // len(names) + 1}")
        doc.add_stage(Stage(id=sid, name=name, phase=phase, description=f"The {name} step."))  # type: ignore[arg-type]
    lane_ids = [f"l{i + 1:02d}" for i in range(lanes)]
    for i, lid in enumerate(lane_ids):
        name, text = _LANES[i % len(_LANES)]
        if i >= len(_LANES):
            name = f"{name} {i // len(_LANES) + 1}"
        doc.add_lane(Lane(id=lid, name=name, description=text))

    # Cards per cell: busy and quiet stages, the customer lane busiest.
    stage_w = [rng.uniform(0.5, 1.5) for _ in stage_ids]
    lane_w = [1.0 / (1 + 0.35 * i) for i in range(lanes)]
    cells = [(si, li) for si in range(stages) for li in range(lanes)]
    cum = list(accumulate(stage_w[si] * lane_w[li] for si, li in cells))
    counts = [0] * len(cells)
    for c in rng.choices(range(len(cells)), cum_weights=cum, k=n_touchpoints):
        counts[c] += 1

    red, green, yellow = (COLOUR_PRESETS[k][0] for k in ("red", "green", "yellow"))
    others = [c for c, _ in COLOUR_PRESETS.values() if c not in (red, green)]
    channels = [c.id for c in BUILTIN_CHANNELS]
    by_stage: list[list[str]] = [[] for _ in stage_ids]
    pained: list[str] = []
    number = 0
    for (si, li), count in zip(cells, counts, strict=True):
        phase = phases[si]
        titles = _CUSTOMER[phase] if li == 0 else _BUSINESS[phase]
        for slot in range(count):
            number += 1
            tp_id = f"tp{number:05d}"
            emotion = None if rng.random() < 0.2 else rng.choice((-2, -1, -1, 0, 0, 1, 1, 1, 2))
            if emotion == -2 or (emotion == -1 and rng.random() < 0.5):
                colour = red
            elif emotion == 2:
                colour = green
            elif rng.random() < 0.15:
                colour = yellow
            else:
                colour = rng.choice(others)
            pains = rng.sample(_PAINS, rng.randint(1, 2)) if colour == red else []
            if pains:
                pained.append(tp_id)
            metrics: dict[str, int | float] = {}
            if rng.random() < 0.25:
                metrics = {"csat": round(rng.uniform(1, 5), 1), "nps": rng.randint(-40, 70)}
                if rng.random() < 0.5:
                    metrics["conversion_rate"] = round(rng.uniform(0.005, 0.3), 3)
            doc.add_touchpoint(
                Touchpoint(
                    id=tp_id,
                    title=rng.choice(titles).format(p=rng.choice(_PRODUCTS)),
                    stage=stage_ids[si],
                    lane=lane_ids[li],
                    slot=slot,
                    channel=None if rng.random() < 0.1 else rng.choice(channels),
                    emotion=emotion,
                    colour=colour,
                    description=(
                        f"Step {slot + 1} of this cell; happens for most customers."
                        if rng.random() < 0.4
                        else ""
                    ),
                    thoughts=rng.choice(_THOUGHTS) if rng.random() < 0.2 else "",
                    pain_points=pains,
                    opportunities=(
                        rng.sample(_OPPORTUNITIES, rng.randint(1, 2)) if rng.random() < 0.3 else []
                    ),
                    owner=rng.choice(_OWNERS) if rng.random() < 0.5 else "",
                    metrics=metrics,
                    moment_of_truth=rng.random() < 0.03,
                    votes=rng.randint(1, 6) if rng.random() < 0.3 else 0,
                )
            )
            by_stage[si].append(tp_id)

    _add_links(doc, rng, by_stage, round(link_factor * n_touchpoints))
    if improvements is None:
        improvements = max(1, n_touchpoints // 40) if n_touchpoints else 0
    _add_improvements(doc, rng, improvements, pained or [i for ids in by_stage for i in ids])
    return doc


def _add_links(doc: JourneyMap, rng: random.Random, by_stage: list[list[str]], wanted: int) -> None:
    """Mostly forward flow (same stage or the next ones), some alternatives and returns."""
    filled = [si for si, ids in enumerate(by_stage) if ids]
    if sum(len(by_stage[si]) for si in filled) < 2:
        return
    seen: set[tuple[str, str]] = set()
    attempts = 0
    while len(seen) < wanted and attempts < 4 * wanted + 100:
        attempts += 1
        pos = rng.randrange(len(filled))
        source = rng.choice(by_stage[filled[pos]])
        roll = rng.random()
        if roll < 0.82:
            kind, step = "flow", rng.choice((0, 1, 1, 1, 1, 2))
        elif roll < 0.93:
            kind, step = "alternative", rng.choice((0, 1))
        else:
            kind, step = "return", -rng.choice((1, 1, 2))
        target_pos = min(max(pos + step, 0), len(filled) - 1)
        target = rng.choice(by_stage[filled[target_pos]])
        if target == source or (source, target) in seen:
            continue
        seen.add((source, target))
        if kind == "flow":
            label = rng.choice(_LINK_LABELS)
        else:
            label = "or" if kind == "alternative" else "retry"
        doc.add_link(Link(source=source, target=target, label=label, kind=kind))  # type: ignore[arg-type]


def _add_improvements(
    doc: JourneyMap, rng: random.Random, count: int, candidates: list[str]
) -> None:
    if not candidates:
        count = 0
    start = datetime.date(2027, 1, 31)
    for i in range(count):
        title, problem, action, kpi = _IMPROVEMENTS[i % len(_IMPROVEMENTS)]
        round_ = i // len(_IMPROVEMENTS) + 1
        due = start + datetime.timedelta(days=rng.randrange(720)) if rng.random() < 0.6 else None
        named = rng.sample(candidates, min(len(candidates), rng.randint(1, 3)))
        doc.add_improvement(
            Improvement(
                id=f"imp{i + 1:04d}",
                title=title if round_ == 1 else f"{title} ({round_})",
                touchpoints=named,
                problem=problem,
                action=action,
                owner=rng.choice(_OWNERS),
                priority=rng.choice(("low", "medium", "medium", "high", "critical")),
                impact=rng.randint(1, 5),
                effort=rng.randint(1, 5),
                status=rng.choice(("idea", "idea", "planned", "in_progress", "done")),
                due=due,
                kpi=kpi,
            )
        )


def make_loopy_map(
    n_touchpoints: int, *, seed: int = 0, loops_per_card: float = 0.25
) -> JourneyMap:
    """``make_map`` with many more loops: about ``loops_per_card`` extra links per card that
    close one: return links to an earlier stage, flow links back to an earlier stage, and
    flow links up and down inside a stage (retries, hand-backs, ping-pong between lanes).

    The worst case for a search over simple paths; the analysis must stay exact and fast.
    """
    doc = make_map(n_touchpoints, seed=seed)
    rng = random.Random(seed + 7919)
    by_stage: list[list[str]] = [
        [tp.id for tp in doc.touchpoints() if tp.stage == st.id] for st in doc.stages
    ]
    filled = [ids for ids in by_stage if ids]
    wanted = round(loops_per_card * n_touchpoints)
    added = 0
    attempts = 0
    while added < wanted and attempts < 10 * wanted + 100:
        attempts += 1
        pos = rng.randrange(len(filled))
        source = rng.choice(filled[pos])
        roll = rng.random()
        if roll < 0.4 and pos > 0:
            target_ids, kind, label = (
                filled[pos - rng.choice((1, 1, 2)) if pos > 1 else 0],
                "return",
                "retry",
            )
        elif roll < 0.6 and pos > 0:
            target_ids, kind, label = filled[pos - 1], "flow", "goes back"
        else:
            target_ids, kind, label = filled[pos], "flow", "hands back"
        target = rng.choice(target_ids)
        if target == source or doc.has_link(source, target):
            continue
        doc.add_link(Link(source=source, target=target, label=label, kind=kind))  # type: ignore[arg-type]
        added += 1
    return doc


def write_map(path: str | os.PathLike[str], n: int, seed: int = 0) -> JourneyMap:
    """Build ``make_map(n, seed=seed)`` and save it to ``path`` (no backup file); return it."""
    doc = make_map(n, seed=seed)
    save(doc, path, backup=False)
    return doc


if __name__ == "__main__":
    import argparse

    cli = argparse.ArgumentParser(description="Write a synthetic .journeymap file.")
    cli.add_argument("out", help="the file to write")
    cli.add_argument("touchpoints", type=int, help="how many touchpoints")
    cli.add_argument("--seed", type=int, default=0)
    cli.add_argument("--loopy", action="store_true", help="many loops (make_loopy_map)")
    args = cli.parse_args()
    if args.loopy:
        doc = make_loopy_map(args.touchpoints, seed=args.seed)
        save(doc, args.out, backup=False)
        print(doc)
    else:
        print(write_map(args.out, args.touchpoints, seed=args.seed))
