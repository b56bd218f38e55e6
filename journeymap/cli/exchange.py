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
        "map), .png, .svg, .csv, .xlsx, .mmd (Mermaid), .md (a Markdown file with a Mermaid "
        "block), .graphml or .json (node-link graph).",
    )
    _output_options(p, poster=True)
    _insight_options(p, plan=False)
    size = p.add_mutually_exclusive_group()
    size.add_argument("--dpi", type=int, metavar="N", help="PNG resolution (default 192)")
    size.add_argument("--width", type=int, metavar="PX", help="PNG width in pixels")
    p.add_argument("--plain", action="store_true",
                   help=".mmd and .md: only what Mermaid draws, without the %%%% journeymap lines "
                   "that let the file import as the same map")
    p.set_defaults(run=_export)

    p = sub.add_parser(
        "import", help="make a map file from a Mermaid journey, CSV or Excel file",
        description="Make OUT.journeymap from IN: a Mermaid journey (.mmd, or the first journey "
        "block of a .md, .qmd or .html page), a touchpoint table or stage-across grid (.csv, "
        ".tsv) or an Excel workbook (.xlsx).",
    )
    p.add_argument("input", metavar="IN", help="the file to import")
    p.add_argument("out", metavar="OUT", nargs="?", help="the .journeymap file to write")
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    p.add_argument("--map", action="append", default=[], metavar="HEADER=FIELD",
                   help='tables: read the column (or grid row) HEADER as FIELD, e.g. '
                   '"Kanal=channel" or "Budget=ignore"; may be repeated')
    p.add_argument("--actors-as-lanes", action="store_true",
                   help="Mermaid: a lane per actor (a task with several goes to its first "
                   "actor's) instead of one lane")
    p.add_argument("--dry-run", action="store_true",
                   help="print the layout, each column's field, the first touchpoints and the "
                   "warnings; write nothing")
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
    p.add_argument("--compare", metavar="AS_IS",
                   help="PDF: MAP is the to-be; mark what changed since the AS_IS map and add "
                        "a What changes section")
    if plan:
        p.add_argument("--no-findings", action="store_true",
                       help="leave out the Findings section (dead ends, loops, paths …)")
        return
    p.add_argument("--cover", action="store_true",
                   help="PDF: a cover page (with the persona) and an executive summary "
                   "before the map, for a client")
    p.add_argument("--layers", action="store_true",
                   help="PDF: the layered map: rows under the cards per stage for doing, "
                   "thinking, feeling, pain points and opportunities")
    p.add_argument("--worst-path", action="store_true",
                   help="PDF: highlight the path of lowest mean emotion")
    p.add_argument("--no-moments", action="store_true",
                   help="PDF: no badges on the top-ranked moments of truth")


def _output_options(p: argparse.ArgumentParser, *, poster: bool = False) -> None:
    p.add_argument("map", metavar="MAP", help="the .journeymap file")
    p.add_argument("out", metavar="OUT", help="the file to write")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
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
            help="the map on one page of the smallest standard size on which card titles "
            "print at 8 pt or more; the other pages keep --page-size")
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
    from journeymap.core.collector import collector_paused
    from journeymap.core.errors import JourneyMapError
    from journeymap.core.outputs import check_input, check_new_map
    from journeymap.interop.formats import IMPORTS, import_format, suffix_list

    source = Path(args.input)
    fmt = import_format(source)
    if fmt is None:
        return fail(f'cannot tell the format of "{source}" from its name; '
                     f"import {suffix_list(IMPORTS)} files")
    if not source.exists() and not source.is_symlink():
        return fail(f'"{source}" does not exist')
    sheet = fmt.code.startswith("journeymap.interop.sheets:")
    if args.map and not sheet:
        return fail(f"--map applies to tables (.csv, .tsv, .xlsx), not to {source.suffix}")
    if args.actors_as_lanes and sheet:
        return fail(f"--actors-as-lanes applies to Mermaid files, not to {source.suffix}")
    if args.out is None and not args.dry_run:
        return fail("name the .journeymap file to write (or use --dry-run)")
    try:
        check_input(source)
        if args.dry_run:
            target = Path(args.out or source.with_suffix(".journeymap"))
        else:
            target = check_new_map(args.out, inputs=[source], force=args.force)
    except JourneyMapError as err:
        return fail(str(err))
    replaced = target.exists()
    with collector_paused():  # the map's many small objects hold no garbage worth a pass
        return _import_and_save(args, fmt, source, target, sheet, replaced)


def _import_and_save(
    args: argparse.Namespace, fmt: Any, source: Path, target: Path, sheet: bool, replaced: bool
) -> int:
    from journeymap.core import fileformat
    from journeymap.core.errors import JourneyMapError
    from journeymap.core.fileformat import save
    from journeymap.interop.common import InteropError
    from journeymap.interop.formats import importer

    try:
        if sheet:
            from journeymap.interop.sheets.mapping import Mapping

            result = fmt.load()(source, Mapping.parse(args.map))
        elif args.actors_as_lanes:
            result = fmt.load()(source, actors_as_lanes=True)
        else:
            result = importer(fmt)(source)
    except InteropError as err:
        print(f"journeymap: {_named(source, str(err))}", file=sys.stderr)
        for problem in err.problems:
            print(f"journeymap:   {problem}", file=sys.stderr)
        return 1
    except JourneyMapError as err:
        return fail(f"{source}: {err}")
    except ImportError as err:
        return fail(f"cannot read {fmt.label} files here: {err}")
    if args.dry_run:
        _dry_run(result)
        return 0
    for message in result.warnings:
        print(f"journeymap: warning: {message}", file=sys.stderr)
    try:
        save(result.doc, target, backup=replaced)  # --force over a map keeps NAME.bak
    except JourneyMapError as err:
        return fail(str(err))
    size = target.stat().st_size
    if size > fileformat.MAX_FILE_BYTES:
        print(f'journeymap: warning: "{target}" is {size / 2**20:.1f} MB, over the '
              f"{fileformat.MAX_FILE_BYTES // 2**20} MB a map file may hold: JourneyMap will not "
              "open it; import the table in parts", file=sys.stderr)
    cards, links = result.doc.touchpoint_count, result.doc.graph.number_of_edges()
    print(f"imported {cards} touchpoint{'s' * (cards != 1)} and {links} link{'s' * (links != 1)} "
          f"from {source} into {target}")
    return 0


def _named(source: Path, message: str) -> str:
    """The message with the file's name in front, unless it names the file already."""
    if source.name in message or f'"{source.stem}"' in message:
        return message
    return f"{source}: {message}"


def _dry_run(result: Any) -> None:
    """What ``import --dry-run`` prints: layout, mapping, first touchpoints, warnings."""
    from journeymap.interop.sheets.mapping import PREVIEW_HEADERS, describe, preview_rows

    doc = result.doc
    if result.layout:
        layout = ("one touchpoint per row" if result.layout == "rows"
                  else "a grid with the stages across")
        print(f"layout: {layout}")
        for line in describe(result.layout, result.columns):
            print(f"  {line}")
    cards = doc.touchpoint_count
    print(f"{cards} touchpoint{'s' * (cards != 1)} in {len(doc.stages)} "
          f"stage{'s' * (len(doc.stages) != 1)}; the first as they will import:")
    rows = [list(PREVIEW_HEADERS), *preview_rows(doc)]
    widths = [min(28, max(len(r[i]) for r in rows)) for i in range(len(PREVIEW_HEADERS))]
    for row in rows if len(rows) > 1 else []:
        cells = [c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(row, widths, strict=True)]
        print("  " + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    count = len(result.warnings)
    print(f"\n{count} warning{'s' * (count != 1)}" + (":" if count else ""))
    for message in result.warnings:
        print(f"  {message}")
    print("nothing was written (--dry-run)")


def _misplaced_options(args: argparse.Namespace, suffix: str) -> str | None:
    """A sentence when options of another format were given (e.g. --page-size for .png)."""
    from journeymap.cli import parser

    defaults = vars(parser().parse_args(["export", "MAP", "OUT"]))
    own = {"command", "run", "map", "out", "dpi", "width", "force", "plain"}
    given = [k for k, v in vars(args).items() if k not in own and defaults.get(k, v) != v]
    flags = [f"--{args.placement}" if k == "placement" else "--" + k.replace("_", "-")
             for k in given]
    if suffix != ".pdf" and flags:
        verb = "applies" if len(flags) == 1 else "apply"
        return f"{' and '.join(flags)} {verb} to PDF only, not to {suffix}"
    png_flags = [f"--{k}" for k in ("dpi", "width") if getattr(args, k, None) is not None]
    if suffix != ".png" and png_flags:
        return f"{png_flags[0]} applies to .png only, not to {suffix}"
    if getattr(args, "plain", False) and suffix not in (".mmd", ".md"):
        return f"--plain applies to .mmd and .md only, not to {suffix}"
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
        elif args.plain:
            fmt.load()(doc, out, plain=True)
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
    problem = _check_paths(args)
    if problem:
        return fail(problem)
    if args.command != "plan" and suffix != ".pdf":
        return _export_other(args, suffix)
    if (problem := _misplaced_options(args, suffix)) is not None:
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

    as_is = None
    if getattr(args, "compare", None):
        try:
            as_is = load(args.compare)
        except JourneyMapError as err:
            return fail(f"{args.compare}: {err}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ExportWarning)
            writer = write_plan_pdf if args.command == "plan" else write_map_pdf
            report = writer(doc, out, options, as_is=as_is)
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


def _check_paths(args: argparse.Namespace) -> str | None:
    """One sentence when an input is not a readable file or OUT may not be written: OUT is
    never one of the inputs, and replaces an existing file only with --force."""
    from journeymap.core.errors import JourneyMapError
    from journeymap.core.outputs import check_input, check_output

    inputs: list[str] = []
    try:
        check_input(args.map)
        inputs.append(args.map)
        for option, what in (("font", "the font"), ("logo", "the logo"),
                             ("compare", "the map to compare with")):
            name = getattr(args, option, None)
            if name:
                check_input(name, what=what)
                inputs.append(name)
        check_output(args.out, inputs=inputs, force=args.force)
    except JourneyMapError as err:
        return str(err) if inputs else f"{args.map}: {err}"
    return None


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
        "cover": getattr(args, "cover", False),
        "layers": getattr(args, "layers", False),
    }
    if accent is not None:
        fields["accent"] = accent
    return ExportOptions(**fields)  # type: ignore[arg-type]


