"""``journeymap measure``: survey responses, event logs and contact counts onto a map."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from journeymap.cli.common import fail, table


def add_commands(sub: Any) -> None:
    p = sub.add_parser(
        "measure",
        help="NPS, CSAT, CES, traffic, drop-offs and deviations from data files onto a map",
        description="Aggregate survey responses, event logs and contact counts (CSV, TSV or "
        "Parquet) onto MAP. Without -o, print what would change and write nothing.",
    )
    p.add_argument("map", metavar="MAP", help="the .journeymap file")
    p.add_argument("data", metavar="DATA", nargs="*", help="data files (kind from their columns)")
    p.add_argument("-o", "--output", metavar="OUT", help="write the measured map to OUT")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.add_argument("--kind", choices=("survey", "events", "contacts"),
                   help="the kind of every DATA file, when its columns do not tell")
    p.add_argument("--map-touchpoints", metavar="FILE",
                   help="CSV of activity,touchpoint: which touchpoint a name in the data means")
    p.add_argument("--suggest-mapping", metavar="FILE",
                   help="write the unmatched names with suggestions as a mapping file to edit")
    p.add_argument("--aggregated", metavar="FILE", action="append", default=[],
                   help="the exported result of one of the queries, run elsewhere (repeatable)")
    p.add_argument("--add-deviations", action="store_true",
                   help="add the steps the map has no link for, taken by at least 5 %% of "
                   "their source's cases, as alternative links")
    p.add_argument("--set-emotion", action="store_true",
                   help="also set each card's emotion from its measured NPS (or CSAT) when it "
                        "has at least 10 answers (rule in docs/measure.md)")
    p.add_argument("--keep-single-events", action="store_true",
                   help="count cases with a single event instead of refusing the log")
    p.add_argument("--dry-run", action="store_true", help="print the changes, write nothing")
    p.set_defaults(run=_measure)


def _measure(args: argparse.Namespace) -> int:
    from journeymap.core.errors import JourneyMapError
    from journeymap.core.fileformat import dumps, load
    from journeymap.core.storage import write_atomic
    from journeymap.measure import MeasureError, command, describe, measure

    if not args.data and not args.aggregated:
        return fail("name at least one DATA file or --aggregated FILE to measure")
    map_path = Path(args.map)
    out = None if args.output is None or args.dry_run else Path(args.output)
    inputs = [map_path, *map(Path, args.data), *map(Path, args.aggregated)]
    if args.map_touchpoints:
        inputs.append(Path(args.map_touchpoints))
    if out is not None or args.suggest_mapping:
        from journeymap.core.outputs import OutputRefused, check_output

        try:
            if out is not None:
                check_output(out, inputs=inputs, force=args.force)
            if args.suggest_mapping:
                check_output(args.suggest_mapping, inputs=inputs, force=True,
                             what="the mapping file")
        except OutputRefused as err:
            return fail(str(err))
    try:
        doc = load(map_path)
        result = measure(doc, args.data, kind=args.kind, mapping=args.map_touchpoints,
                         aggregated=args.aggregated,
                         keep_single_events=args.keep_single_events)
    except MeasureError as err:
        return fail(f"{err} (the map was not changed)")
    except JourneyMapError as err:
        return fail(f"{map_path}: {err}")
    step = command(doc, result, add_deviations=args.add_deviations, set_emotion=args.set_emotion)
    lines = describe(doc, result, step)  # what the step will do, before it is done
    # Files first, the report after: a reader that stops early (| head) loses no output file.
    wrote: list[str] = []
    if args.suggest_mapping and result.unmatched:
        from journeymap.measure.names import mapping_text

        text = mapping_text([(u.name, u.rows, list(u.suggestions)) for u in result.unmatched])
        write_atomic(Path(args.suggest_mapping), text.encode("utf-8"), backup=False)
        wrote.append(f"wrote {args.suggest_mapping}: fill in the touchpoint column, then pass "
                     "it with --map-touchpoints")
    if out is not None:
        try:
            step.do(doc)
            write_atomic(out, dumps(doc), backup=True)  # --force over a map keeps NAME.bak
        except JourneyMapError as err:
            return fail(str(err))
    for warning in result.warnings:
        print(f"journeymap: warning: {warning}", file=sys.stderr)
    _report(doc, result, lines)
    for line in wrote:
        print(line)
    if out is None:
        print("\nnothing written" + ("" if args.dry_run else " (name the output with -o)"))
    else:
        print(f"\nwrote {out}")
    return 0


def _report(doc: Any, result: Any, lines: list[str]) -> None:
    print(f"{len(lines)} change{'s' if len(lines) != 1 else ''}:" if lines else "no changes")
    for line in lines:
        print(f"  {line}")
    if result.deviations:
        print("\ndeviations (steps seen in the data that the map has no link for):")
        table(["from", "to", "cases", "share", "median h"],
              [[d.source, d.target, d.cases, f"{d.share:.1%}",
                "–" if d.median_hours is None else d.median_hours]
               for d in result.deviations[:30]])
        if len(result.deviations) > 30:
            print(f"… and {len(result.deviations) - 30} more")
    if result.unmatched:
        print("\nnames in the data that match no touchpoint (fix with --map-touchpoints):")
        table(["file", "name", "rows", "close to"],
              [[u.file, u.name, u.rows, ", ".join(u.suggestions) or "–"]
               for u in result.unmatched[:30]])
    if result.channels:
        print("\ncontact volume by channel:")
        table(["channel", "contacts", "cases"], [list(c) for c in result.channels])
