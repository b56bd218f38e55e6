"""Which column of a data file holds what: names and their synonyms, and the kind of a file
(survey responses, event log, contact counts) recognised from its columns."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, Literal

Kind = Literal["survey", "events", "contacts"]
KINDS: Final[tuple[Kind, ...]] = ("survey", "events", "contacts")

#: role → accepted column names (after normalising: lower case, runs of other signs → "_").
SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "case_id": ("case_id", "case", "caseid", "customer_id", "customer", "session_id", "session",
                "journey_id", "user_id", "user", "client_id", "order_id"),
    "activity": ("activity", "touchpoint", "event", "event_name", "activity_name", "step",
                 "action", "touchpoint_id"),
    "ts": ("timestamp", "time", "date", "datetime", "ts", "event_time", "occurred_at",
           "created_at", "time_stamp", "when"),
    "channel": ("channel", "medium", "channel_id", "contact_channel"),
    "touchpoint": ("touchpoint", "touchpoint_id", "touchpoint_title", "activity", "step",
                   "question_touchpoint"),
    "nps": ("nps", "nps_score", "recommend", "likelihood_to_recommend", "would_recommend"),
    "csat": ("csat", "csat_score", "satisfaction", "satisfied"),
    "ces": ("ces", "ces_score", "effort", "customer_effort", "effort_score"),
    "date": ("date", "response_date", "answered", "submitted_at", "timestamp", "time"),
    "contacts": ("contacts", "contact_count", "count", "volume", "calls", "contact_volume",
                 "n", "number"),
}

#: What each kind needs, and what it may have.
REQUIRED: Final[dict[Kind, tuple[str, ...]]] = {
    "events": ("case_id", "activity", "ts"),
    "survey": ("touchpoint",),
    "contacts": ("touchpoint", "contacts"),
}
OPTIONAL: Final[dict[Kind, tuple[str, ...]]] = {
    "events": ("channel",),
    "survey": ("nps", "csat", "ces", "date", "channel"),
    "contacts": ("channel", "date"),
}
SCORES: Final[tuple[str, ...]] = ("nps", "csat", "ces")


def normalise(name: str) -> str:
    """``"Case ID"`` → ``"case_id"``; ``"\ufeffTime-stamp"`` → ``"time_stamp"``."""
    return re.sub(r"[^0-9a-z]+", "_", name.replace("\ufeff", "").strip().lower()).strip("_")


def find_columns(columns: Iterable[str], kind: Kind) -> dict[str, str]:
    """Role → the file's own column name, for the roles of ``kind`` that the file has."""
    by_name = {}
    for column in columns:
        by_name.setdefault(normalise(column), column)
    found: dict[str, str] = {}
    taken: set[str] = set()
    for role in (*REQUIRED[kind], *OPTIONAL[kind]):
        for synonym in SYNONYMS[role]:
            column = by_name.get(synonym)
            if column is not None and column not in taken:
                found[role] = column
                taken.add(column)
                break
    return found


def recognise(columns: list[str]) -> Kind | None:
    """The kind of a file from its columns: events first, then survey, then contact counts."""
    events = find_columns(columns, "events")
    if all(role in events for role in REQUIRED["events"]):
        return "events"
    survey = find_columns(columns, "survey")
    if "touchpoint" in survey and any(score in survey for score in SCORES):
        return "survey"
    contacts = find_columns(columns, "contacts")
    if all(role in contacts for role in REQUIRED["contacts"]):
        return "contacts"
    return None


def missing_sentence(name: str, columns: list[str], kind: Kind | None) -> str:
    """Why ``columns`` are not a data file JourneyMap can measure (or not of ``kind``)."""
    shown = ", ".join(f'"{c}"' for c in columns[:8]) + (" …" if len(columns) > 8 else "")
    if kind is None:
        return (
            f"{name}: cannot tell what this data is from its columns ({shown}); an event log "
            "needs case, activity and timestamp columns, survey responses a touchpoint column "
            "and nps, csat or ces, contact counts a touchpoint and a contacts column "
            "(or name the kind with --kind)"
        )
    found = find_columns(columns, kind)
    needed = [role for role in REQUIRED[kind] if role not in found]
    if kind == "survey" and not any(score in found for score in SCORES):
        needed.append("nps, csat or ces")
    wanted = " and ".join(
        f'a {role.replace("_id", "").replace("ts", "timestamp")} column'
        f' ("{SYNONYMS[role][0]}")' if role in SYNONYMS else f"a column {role}"
        for role in needed
    )
    return f"{name}: as {_kind_words(kind)} it needs {wanted}; its columns are {shown}"


def _kind_words(kind: Kind) -> str:
    return {"events": "an event log", "survey": "survey responses",
            "contacts": "contact counts"}[kind]
