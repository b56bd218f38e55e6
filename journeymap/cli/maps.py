"""Commands on map files: validate, info, analyze, new, edit."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from journeymap.cli.common import fail, table


def add_commands(sub: Any) -> None:
    p = sub.add_parser("validate", help="check map files; exit 0 when all are valid")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(run=lambda a: _validate(a.files))

    p = sub.add_parser("info", help="counts by stage, lane and channel; mean emotion per stage")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(run=lambda a: _info(Path(a.file), as_json=a.json))

    p = sub.add_parser("new", help="create a map file from a template")
    p.add_argument("out", metavar="OUT", nargs="?")
    p.add_argument("--template", "-t", default="blank", metavar="NAME",
                   help='template name, or "list" to see them (default: blank)')
    p.add_argument("--title", help="title of the new map")
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    p.set_defaults(run=lambda a: _new(a.out, a.template, a.title, a.force))

    p = sub.add_parser("analyze", help="journey insights: entries, dead ends, loops, paths …")
    p.add_argument("map", metavar="MAP", help="the .journeymap file")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.set_defaults(run=lambda a: _analyze(Path(a.map), as_json=a.json))

    p = sub.add_parser("edit", help="open FILE (or a new map) in the editor")
    p.add_argument("file", metavar="FILE", nargs="?")
    p.set_defaults(run=lambda a: _edit(a.file))


def _validate(files: list[str]) -> int:
    from journeymap.core.errors import JourneyMapError
    from journeymap.core.fileformat import load

    bad = 0
    for name in files:
        try:
            load(name)
        except JourneyMapError as err:
            bad += 1
            print(f"{name}: {err}", file=sys.stderr)
        else:
            print(f"{name}: valid")
    return 1 if bad else 0


def _info(path: Path, *, as_json: bool) -> int:
    from journeymap.core.errors import JourneyMapError
    from journeymap.core.fileformat import load

    try:
        doc = load(path)
    except JourneyMapError as err:
        return fail(f"{path}: {err}")
    tps = doc.touchpoints()
    by_stage = Counter(tp.stage for tp in tps)
    by_lane = Counter(tp.lane for tp in tps)
    by_channel = Counter(tp.channel or "" for tp in tps)
    emotions: dict[str, list[int]] = {}
    for tp in tps:
        if tp.emotion is not None:
            emotions.setdefault(tp.stage, []).append(tp.emotion)
    names = {c.id: c.name for c in doc.palette}
    stages = [
        {
            "id": s.id,
            "name": s.name,
            "phase": s.phase,
            "touchpoints": by_stage[s.id],
            "mean_emotion": (
                round(sum(emotions[s.id]) / len(emotions[s.id]), 2) if s.id in emotions else None
            ),
        }
        for s in doc.stages
    ]
    lanes = [
        {"id": lane.id, "name": lane.name, "touchpoints": by_lane[lane.id]} for lane in doc.lanes
    ]
    channels = [
        {"id": cid or None, "name": names.get(cid, "(no channel)"), "touchpoints": n}
        for cid, n in sorted(by_channel.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    totals = {
        "stages": len(doc.stages),
        "lanes": len(doc.lanes),
        "touchpoints": len(tps),
        "links": doc.graph.number_of_edges(),
        "improvements": len(doc.improvements),
    }
    if as_json:
        out = {"title": doc.title, "totals": totals, "stages": stages, "lanes": lanes,
               "channels": channels}
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    print(doc.title)
    print(", ".join(f"{n} {k if n != 1 else k[:-1]}" for k, n in totals.items()))
    table(
        ["Stage", "Phase", "Touchpoints", "Mean emotion"],
        [[s["name"], s["phase"] or "", s["touchpoints"],
          "–" if s["mean_emotion"] is None else f"{s['mean_emotion']:+.2f}"] for s in stages],
    )
    table(["Lane", "Touchpoints"], [[lane["name"], lane["touchpoints"]] for lane in lanes])
    table(["Channel", "Touchpoints"], [[c["name"], c["touchpoints"]] for c in channels])
    return 0


def _analyze(path: Path, *, as_json: bool) -> int:
    from journeymap.core.analysis.findings import analyze
    from journeymap.core.analysis.report import format_report, truncation_notes
    from journeymap.core.analysis.traffic import format_traffic, traffic
    from journeymap.core.errors import JourneyMapError
    from journeymap.core.fileformat import load

    try:
        doc = load(path)
    except JourneyMapError as err:
        return fail(f"{path}: {err}")
    analysis = analyze(doc)
    measured = traffic(doc, (m.id for m in analysis.moments_of_truth))
    if not as_json:
        print(format_report(doc, analysis) + format_traffic(doc, measured), end="")
        return 0
    notes = truncation_notes(analysis)
    if notes:
        print(f"journeymap: warning: {'; '.join(notes)}", file=sys.stderr)
    found = analysis.to_dict()
    if measured.measured:
        found["traffic"] = measured.to_dict()
    print(json.dumps(found, indent=2, ensure_ascii=False))
    return 0


def _new(out: str | None, template: str, title: str | None, force: bool) -> int:
    from journeymap.core.errors import JourneyMapError
    from journeymap.core.fileformat import load, save
    from journeymap.resources import templates

    available = templates()
    if template == "list":
        for name, path in available.items():
            try:
                doc = load(path)
                print(f"{name:24} {doc.title} ({doc.touchpoint_count} touchpoints)")
            except JourneyMapError as err:
                print(f"{name:24} (unreadable: {err})")
        return 0
    if out is None:
        print("journeymap new: the OUT file is required (or use --template list)", file=sys.stderr)
        return 2
    if template not in available:
        return fail(f'no template "{template}"; choose one of: {", ".join(available)}')
    from journeymap.core.outputs import check_new_map

    try:
        target = check_new_map(out, force=force)
        doc = load(available[template])
        if title:
            doc.update_map(title=title)
        save(doc, target, backup=True)  # --force over a map keeps NAME.bak
    except JourneyMapError as err:
        return fail(str(err))
    print(f"created {target} from template {template}")
    return 0


def _edit(file: str | None) -> int:
    try:
        from journeymap.gui.app import run
    except ImportError as err:
        return fail(f"the editor cannot start: {err}")
    return run(file)
