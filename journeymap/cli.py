"""The ``journeymap`` command: validate, inspect and create map files; no arguments opens the editor."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from journeymap import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journeymap",
        description="Customer journey maps: edit, check and inspect .journeymap files.",
        epilog="With no command, or with just a FILE, the editor opens.",
    )
    parser.add_argument("--version", action="version", version=f"journeymap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help="check map files; exit 0 when all are valid")
    p.add_argument("files", nargs="+", metavar="FILE")

    p = sub.add_parser("info", help="counts by stage, lane and channel; mean emotion per stage")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")

    p = sub.add_parser("new", help="create a map file from a template")
    p.add_argument("out", metavar="OUT", nargs="?")
    p.add_argument("--template", "-t", default="blank", metavar="NAME",
                   help='template name, or "list" to see them (default: blank)')
    p.add_argument("--title", help="title of the new map")
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")

    p = sub.add_parser("edit", help="open FILE (or a new map) in the editor")
    p.add_argument("file", metavar="FILE", nargs="?")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    commands = {"validate", "info", "new", "edit"}
    if args_list and not args_list[0].startswith("-") and args_list[0] not in commands:
        args_list = ["edit", *args_list]
    if not args_list:
        args_list = ["edit"]
    args = _parser().parse_args(args_list)
    try:
        if args.command == "validate":
            return _validate(args.files)
        if args.command == "info":
            return _info(Path(args.file), as_json=args.json)
        if args.command == "new":
            return _new(args.out, args.template, args.title, args.force)
        return _edit(args.file)
    except BrokenPipeError:
        return 0


def _fail(message: str) -> int:
    print(f"journeymap: {message}", file=sys.stderr)
    return 1


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
        return _fail(f"{path}: {err}")
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
    lanes = [{"id": lane.id, "name": lane.name, "touchpoints": by_lane[lane.id]} for lane in doc.lanes]
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
    print(", ".join(f"{n} {k}" for k, n in totals.items()))
    _table(
        ["Stage", "Phase", "Touchpoints", "Mean emotion"],
        [[s["name"], s["phase"] or "", s["touchpoints"],
          "–" if s["mean_emotion"] is None else f"{s['mean_emotion']:+.2f}"] for s in stages],
    )
    _table(["Lane", "Touchpoints"], [[lane["name"], lane["touchpoints"]] for lane in lanes])
    _table(["Channel", "Touchpoints"], [[c["name"], c["touchpoints"]] for c in channels])
    return 0


def _table(header: list[str], rows: list[list[object]]) -> None:
    cells = [header] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    print()
    for n, row in enumerate(cells):
        line = "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        print(line.rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


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
        return _fail(f'no template "{template}"; choose one of: {", ".join(available)}')
    target = Path(out)
    if target.suffix != ".journeymap":
        target = target.with_name(target.name + ".journeymap")
    if target.exists() and not force:
        return _fail(f'"{target}" already exists; use --force to overwrite it')
    try:
        doc = load(available[template])
        if title:
            doc.update_map(title=title)
        save(doc, target, backup=False)
    except JourneyMapError as err:
        return _fail(str(err))
    print(f"created {target} from template {template}")
    return 0


def _edit(file: str | None) -> int:
    try:
        from journeymap.gui.app import run
    except ImportError as err:
        return _fail(f"the editor cannot start: {err}")
    return run(file)
