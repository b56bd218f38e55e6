"""Commands that write other formats or read them: export, plan, import."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from journeymap.cli.common import fail


def add_commands(sub: Any) -> None:
    p = sub.add_parser(
        "export", help="write the map to OUT; the extension picks the format (.pdf, .png, …)",
        description="Write the map to OUT in the format its extension names: .pdf (annotated "
        "map), .png, .svg, .csv, .xlsx, .mmd (Mermaid), .graphml or .json (node-link graph).",
    )
    _output_options(p, poster=True)
    _insight_options(p, plan=False)
    size = p.add_mutually_exclusive_group()
    size.add_argument("--dpi", type=int, metavar="N", help="PNG resolution (default 192)")
    size.add_argument("--width", type=int, metavar="PX", help="PNG width in pixels")
    p.set_defaults(run=_export)

    p = sub.add_parser(
        "import", help="make a map file from a Mermaid journey, CSV or Excel file",
        description="Make OUT.journeymap from IN: a Mermaid journey (.mmd, .md), a touchpoint "
        "table (.csv, .tsv) or an Excel workbook (.xlsx).",
    )
    p.add_argument("input", metavar="IN", help="the file to import")
    p.add_argument("out", metavar="OUT", help="the .journeymap file to write")
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    p.set_defaults(run=_import)

    p = sub.add_parser(
        "plan", help="write the improvement plan to OUT.pdf",
        description="Write the improvement plan report of a map as a PDF.",
    )
    _output_options(p)
    _insight_options(p, plan=True)
    p.set_defaults(run=_export)


def _page_size(text: str) -> str:
    from journeymap.export.options import ExportError, page_size_name

    try:
        return page_size_name(text)
    except ExportError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


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


def _output_options(p: argparse.ArgumentParser, *, poster: bool = False) -> None:
    p.add_argument("map", metavar="MAP", help="the .journeymap file")
    p.add_argument("out", metavar="OUT", help="the file to write")
    p.add_argument("--page-size", type=_page_size, default="A4", metavar="SIZE",
                   help="A4 (default), Letter, A3, Tabloid, A2, ARCH D, A1, ARCH E, A0, "
                   "or WIDTHxHEIGHT in mm or in (e.g. 600x900mm, 24x36in)")
    p.add_argument("--portrait", action="store_true", help="portrait pages (default: landscape)")
    placement = p.add_mutually_exclusive_group()
    placement.add_argument("--fit", dest="placement", action="store_const", const="fit",
                           help="scale the map to one page (refused if text would be unreadable)")
    placement.add_argument("--tile", dest="placement", action="store_const", const="tile",
                           help="print the map across pages cut between stages, after a "
                           "first page with the title and where each page goes")
    if poster:
        placement.add_argument(
            "--poster", dest="placement", action="store_const", const="poster",
            help="one page of the smallest standard size on which card titles print at 8 pt "
            "or more (sets the page size)")
    p.set_defaults(placement="auto")
    p.add_argument("--logo", metavar="FILE", help="a PNG or JPEG logo for the title block")
    p.add_argument("--client", default="", metavar="NAME", help="who the document is for")
    p.add_argument("--author", default="", metavar="NAME", help="who made it")
    p.add_argument("--accent", default=None, metavar="#RRGGBB", help="accent colour")
    p.add_argument("--footer", default="", metavar="TEXT",
                   help='footer text on every page, e.g. "Confidential"')
    p.add_argument("--font", metavar="PATH", help="a TrueType font (.ttf) for all text")


def _import(args: argparse.Namespace) -> int:
    """``journeymap import IN OUT``: read another tool's file, save it as a map file."""
    from journeymap.core.errors import JourneyMapError
    from journeymap.core.fileformat import save
    from journeymap.interop.common import InteropError
    from journeymap.interop.formats import IMPORTS, import_format, importer, suffix_list

    source, target = Path(args.input), Path(args.out)
    fmt = import_format(source)
    if fmt is None:
        return fail(f'cannot tell the format of "{source}" from its name; '
                     f"import {suffix_list(IMPORTS)} files")
    if not source.is_file():
        return fail(f'"{source}" does not exist' if not source.exists()
                     else f'"{source}" is not a file')
    if target.suffix != ".journeymap":
        target = target.with_name(target.name + ".journeymap")
    if target.exists() and not args.force:
        return fail(f'"{target}" already exists; use --force to overwrite it')
    try:
        result = importer(fmt)(source)
    except InteropError as err:
        print(f"journeymap: {source}: {err}", file=sys.stderr)
        for problem in err.problems:
            print(f"journeymap:   {problem}", file=sys.stderr)
        return 1
    except JourneyMapError as err:
        return fail(f"{source}: {err}")
    except ImportError as err:
        return fail(f"cannot read {fmt.label} files here: {err}")
    for message in result.warnings:
        print(f"journeymap: warning: {message}", file=sys.stderr)
    try:
        save(result.doc, target, backup=False)
    except JourneyMapError as err:
        return fail(str(err))
    cards, links = result.doc.touchpoint_count, result.doc.graph.number_of_edges()
    print(f"imported {cards} touchpoint{'s' * (cards != 1)} and {links} link{'s' * (links != 1)} "
          f"from {source} into {target}")
    return 0


def _misplaced_options(args: argparse.Namespace, suffix: str) -> str | None:
    """A sentence when options of another format were given (e.g. --page-size for .png)."""
    from journeymap.cli import parser

    defaults = vars(parser().parse_args(["export", "MAP", "OUT"]))
    own = {"command", "run", "map", "out", "dpi", "width"}
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
        return fail(problem)
    try:
        doc = load(args.map)
    except JourneyMapError as err:
        return fail(f"{args.map}: {err}")
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
        return fail(str(err))
    except ImportError as err:
        return fail(f"cannot write {fmt.label} files here: {err}")
    except OSError as err:
        return fail(f'cannot write "{out}": {err.strerror or err}')
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
            return fail(f'the improvement plan is written as PDF: name the output "{out}.pdf"'
                         if not suffix else
                         f'the improvement plan is written as PDF only, not {suffix}: '
                         f'name the output "{out.with_suffix(".pdf")}"')
    elif export_format(out) is None:
        if not suffix:
            return fail(f'cannot tell the format of "{out}" from its name; '
                         f"name it {suffix_list(EXPORTS)}")
        return fail(f"cannot export to {suffix}; name the output {suffix_list(EXPORTS)}")
    elif suffix != ".pdf":
        return _export_other(args, suffix)
    elif (problem := _misplaced_options(args, suffix)) is not None:
        return fail(problem)
    try:
        options = _export_options(args)
    except ExportError as err:
        return fail(str(err))
    from journeymap.core.fileformat import load

    try:
        doc = load(args.map)
    except JourneyMapError as err:
        return fail(f"{args.map}: {err}")
    import warnings

    from journeymap.export import ExportWarning, write_map_pdf, write_plan_pdf

    writer = write_plan_pdf if args.command == "plan" else write_map_pdf
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ExportWarning)
            report = writer(doc, out, options)
    except ExportError as err:
        return fail(str(err))
    for message in report.warnings:
        print(f"journeymap: warning: {message}", file=sys.stderr)
    what = "improvement plan" if args.command == "plan" else "map"
    detail = f"{report.pages} page" + ("s" if report.pages != 1 else "")
    if report.placement == "tile":
        detail += f"; the map on {report.tiles} tiles at {report.scale:.0%}"
    elif report.placement == "fit":
        detail += f"; the map on one {report.page_size} page at {report.scale:.0%}"
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


