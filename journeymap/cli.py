"""The ``journeymap`` command: validate, inspect, create and export map files; no arguments opens
the editor."""

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

    p = sub.add_parser(
        "export", help="write the map to OUT; the extension picks the format (.pdf, .png, …)",
        description="Write the map to OUT in the format its extension names: .pdf (annotated "
        "map), .png, .svg, .csv, .xlsx, .mmd (Mermaid), .graphml or .json (node-link graph).",
    )
    _output_options(p)
    _insight_options(p, plan=False)
    size = p.add_mutually_exclusive_group()
    size.add_argument("--dpi", type=int, metavar="N", help="PNG resolution (default 192)")
    size.add_argument("--width", type=int, metavar="PX", help="PNG width in pixels")

    p = sub.add_parser(
        "import", help="make a map file from a Mermaid journey, CSV or Excel file",
        description="Make OUT.journeymap from IN: a Mermaid journey (.mmd, .md), a touchpoint "
        "table (.csv, .tsv) or an Excel workbook (.xlsx).",
    )
    p.add_argument("input", metavar="IN", help="the file to import")
    p.add_argument("out", metavar="OUT", help="the .journeymap file to write")
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")

    p = sub.add_parser(
        "plan", help="write the improvement plan to OUT.pdf",
        description="Write the improvement plan report of a map as a PDF.",
    )
    _output_options(p)
    _insight_options(p, plan=True)

    p = sub.add_parser("analyze", help="journey insights: entries, dead ends, loops, paths …")
    p.add_argument("map", metavar="MAP", help="the .journeymap file")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")

    p = sub.add_parser("edit", help="open FILE (or a new map) in the editor")
    p.add_argument("file", metavar="FILE", nargs="?")
    return parser


def _page_size(text: str) -> str:
    from journeymap.export.options import PAGE_SIZES

    for name in PAGE_SIZES:
        if name.lower() == text.strip().lower():
            return name
    raise argparse.ArgumentTypeError(
        f"unknown page size {text!r} (choose from {', '.join(PAGE_SIZES)})"
    )


def _insight_options(p: argparse.ArgumentParser, *, plan: bool) -> None:
    """Switches for the journey insights in the PDFs."""
    if plan:
        p.add_argument("--no-findings", action="store_true",
                       help="leave out the Findings section (dead ends, loops, paths …)")
        return
    p.add_argument("--worst-path", action="store_true",
                   help="PDF: highlight the path of lowest total emotion")
    p.add_argument("--no-moments", action="store_true",
                   help="PDF: no badges on the top-ranked moments of truth")


def _output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("map", metavar="MAP", help="the .journeymap file")
    p.add_argument("out", metavar="OUT", help="the file to write")
    p.add_argument("--page-size", type=_page_size, default="A4", metavar="SIZE",
                   help="A4 (default), A3, Letter or Tabloid")
    p.add_argument("--portrait", action="store_true", help="portrait pages (default: landscape)")
    placement = p.add_mutually_exclusive_group()
    placement.add_argument("--fit", dest="placement", action="store_const", const="fit",
                           help="scale the map to one page (refused if text would be unreadable)")
    placement.add_argument("--tile", dest="placement", action="store_const", const="tile",
                           help="print the map across pages, with overlap marks and an overview")
    p.set_defaults(placement="auto")
    p.add_argument("--logo", metavar="FILE", help="a PNG or JPEG logo for the title block")
    p.add_argument("--client", default="", metavar="NAME", help="who the document is for")
    p.add_argument("--author", default="", metavar="NAME", help="who made it")
    p.add_argument("--accent", default=None, metavar="#RRGGBB", help="accent colour")
    p.add_argument("--footer", default="", metavar="TEXT",
                   help='footer text on every page, e.g. "Confidential"')
    p.add_argument("--font", metavar="PATH", help="a TrueType font (.ttf) for all text")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    commands = {"validate", "info", "new", "export", "plan", "edit", "analyze", "import"}
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
        if args.command == "analyze":
            return _analyze(Path(args.map), as_json=args.json)
        if args.command == "new":
            return _new(args.out, args.template, args.title, args.force)
        if args.command == "import":
            return _import(args)
        if args.command in ("export", "plan"):
            return _export(args)
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
    _table(
        ["Stage", "Phase", "Touchpoints", "Mean emotion"],
        [[s["name"], s["phase"] or "", s["touchpoints"],
          "–" if s["mean_emotion"] is None else f"{s['mean_emotion']:+.2f}"] for s in stages],
    )
    _table(["Lane", "Touchpoints"], [[lane["name"], lane["touchpoints"]] for lane in lanes])
    _table(["Channel", "Touchpoints"], [[c["name"], c["touchpoints"]] for c in channels])
    return 0


def _analyze(path: Path, *, as_json: bool) -> int:
    from journeymap.core.analysis.findings import analyze
    from journeymap.core.analysis.report import format_report, truncation_notes
    from journeymap.core.errors import JourneyMapError
    from journeymap.core.fileformat import load

    try:
        doc = load(path)
    except JourneyMapError as err:
        return _fail(f"{path}: {err}")
    analysis = analyze(doc)
    if not as_json:
        print(format_report(doc, analysis), end="")
        return 0
    notes = truncation_notes(analysis)
    if notes:
        print(f"journeymap: warning: {'; '.join(notes)}", file=sys.stderr)
    print(json.dumps(analysis.to_dict(), indent=2, ensure_ascii=False))
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


def _import(args: argparse.Namespace) -> int:
    """``journeymap import IN OUT``: read another tool's file, save it as a map file."""
    from journeymap.core.errors import JourneyMapError
    from journeymap.core.fileformat import save
    from journeymap.interop.common import InteropError
    from journeymap.interop.formats import IMPORTS, import_format, importer, suffix_list

    source, target = Path(args.input), Path(args.out)
    fmt = import_format(source)
    if fmt is None:
        return _fail(f'cannot tell the format of "{source}" from its name; '
                     f"import {suffix_list(IMPORTS)} files")
    if not source.is_file():
        return _fail(f'"{source}" does not exist' if not source.exists()
                     else f'"{source}" is not a file')
    if target.suffix != ".journeymap":
        target = target.with_name(target.name + ".journeymap")
    if target.exists() and not args.force:
        return _fail(f'"{target}" already exists; use --force to overwrite it')
    try:
        result = importer(fmt)(source)
    except InteropError as err:
        print(f"journeymap: {source}: {err}", file=sys.stderr)
        for problem in err.problems:
            print(f"journeymap:   {problem}", file=sys.stderr)
        return 1
    except JourneyMapError as err:
        return _fail(f"{source}: {err}")
    except ImportError as err:
        return _fail(f"cannot read {fmt.label} files here: {err}")
    for message in result.warnings:
        print(f"journeymap: warning: {message}", file=sys.stderr)
    try:
        save(result.doc, target, backup=False)
    except JourneyMapError as err:
        return _fail(str(err))
    cards, links = result.doc.touchpoint_count, result.doc.graph.number_of_edges()
    print(f"imported {cards} touchpoint{'s' * (cards != 1)} and {links} link{'s' * (links != 1)} "
          f"from {source} into {target}")
    return 0


def _misplaced_options(args: argparse.Namespace, suffix: str) -> str | None:
    """A sentence when options of another format were given (e.g. --page-size for .png)."""
    defaults = vars(_parser().parse_args(["export", "MAP", "OUT"]))
    own = {"command", "map", "out", "dpi", "width"}
    given = [k for k, v in vars(args).items() if k not in own and defaults.get(k, v) != v]
    flags = [f"--{args.placement}" if k == "placement" else "--" + k.replace("_", "-")
             for k in given]
    if suffix != ".pdf" and flags:
        return f"{' and '.join(flags)} apply to PDF only, not to {suffix}"
    png_flags = [f"--{k}" for k in ("dpi", "width") if getattr(args, k, None) is not None]
    if suffix != ".png" and png_flags:
        return f"{png_flags[0]} applies to .png only, not to {suffix}"
    return None


def _export_other(args: argparse.Namespace, suffix: str) -> int:
    """``journeymap export MAP OUT`` for every format but PDF."""
    from journeymap.core.errors import JourneyMapError
    from journeymap.core.fileformat import load
    from journeymap.interop.formats import export_format, exporter

    fmt = export_format(args.out)
    assert fmt is not None
    problem = _misplaced_options(args, suffix)
    if problem:
        return _fail(problem)
    try:
        doc = load(args.map)
    except JourneyMapError as err:
        return _fail(f"{args.map}: {err}")
    out = Path(args.out)
    detail = fmt.label
    try:
        if fmt.kind == "image":
            from journeymap.gui.canvas.imageexport import ensure_app

            ensure_app(headless=True)
            if suffix == ".png":
                size = fmt.load()(doc, out, dpi=args.dpi, width=args.width)
                detail = f"{size.width:,} × {size.height:,} pixels, {size.dpi:.0f} DPI"
            else:
                fmt.load()(doc, out)
        else:
            exporter(fmt)(doc, out)
    except JourneyMapError as err:
        return _fail(str(err))
    except ImportError as err:
        return _fail(f"cannot write {fmt.label} files here: {err}")
    except OSError as err:
        return _fail(f'cannot write "{out}": {err.strerror or err}')
    print(f"wrote the map to {out} ({detail})")
    return 0


def _export(args: argparse.Namespace) -> int:
    from journeymap.core.errors import JourneyMapError
    from journeymap.export import ExportError
    from journeymap.interop.formats import EXPORTS, export_format, suffix_list

    out = Path(args.out)
    suffix = out.suffix.lower()
    if args.command == "plan":
        if suffix != ".pdf":
            return _fail(f'the improvement plan is written as PDF: name the output "{out}.pdf"'
                         if not suffix else
                         f'the improvement plan is written as PDF only, not {suffix}: '
                         f'name the output "{out.with_suffix(".pdf")}"')
    elif export_format(out) is None:
        if not suffix:
            return _fail(f'cannot tell the format of "{out}" from its name; '
                         f"name it {suffix_list(EXPORTS)}")
        return _fail(f"cannot export to {suffix}; name the output {suffix_list(EXPORTS)}")
    elif suffix != ".pdf":
        return _export_other(args, suffix)
    elif (problem := _misplaced_options(args, suffix)) is not None:
        return _fail(problem)
    try:
        options = _export_options(args)
    except ExportError as err:
        return _fail(str(err))
    from journeymap.core.fileformat import load

    try:
        doc = load(args.map)
    except JourneyMapError as err:
        return _fail(f"{args.map}: {err}")
    import warnings

    from journeymap.export import ExportWarning, write_map_pdf, write_plan_pdf

    writer = write_plan_pdf if args.command == "plan" else write_map_pdf
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ExportWarning)
            report = writer(doc, out, options)
    except ExportError as err:
        return _fail(str(err))
    for message in report.warnings:
        print(f"journeymap: warning: {message}", file=sys.stderr)
    what = "improvement plan" if args.command == "plan" else "map"
    detail = f"{report.pages} page" + ("s" if report.pages != 1 else "")
    if report.placement == "tile":
        detail += f"; the map on {report.tiles} tiles at {report.scale:.0%}"
    elif report.placement == "fit":
        detail += f"; the map on one page at {report.scale:.0%}"
    print(f"wrote the {what} to {out} ({detail})")
    return 0


def _export_options(args: argparse.Namespace) -> object:
    from journeymap.export import ExportOptions, parse_accent
    from journeymap.export.branding import load_logo

    accent = parse_accent(args.accent) if args.accent is not None else None
    if args.logo:
        load_logo(args.logo)  # check it before the map is read: one sentence when it is bad
    fields: dict[str, object] = {
        "page_size": args.page_size,
        "orientation": "portrait" if args.portrait else "landscape",
        "placement": args.placement,
        "logo": Path(args.logo) if args.logo else None,
        "client": args.client,
        "author": args.author,
        "footer": args.footer,
        "font": Path(args.font) if args.font else None,
        "highlight_worst_path": getattr(args, "worst_path", False),
        "mark_moments_of_truth": not getattr(args, "no_moments", False),
        "findings": not getattr(args, "no_findings", False),
    }
    if accent is not None:
        fields["accent"] = accent
    return ExportOptions(**fields)  # type: ignore[arg-type]


def _edit(file: str | None) -> int:
    try:
        from journeymap.gui.app import run
    except ImportError as err:
        return _fail(f"the editor cannot start: {err}")
    return run(file)
