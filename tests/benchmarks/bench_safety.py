"""The worst inputs of the safety probe: time and peak memory of the command line on each.

    .venv/bin/python tests/benchmarks/bench_safety.py [--repeat N] [--json OUT] [--dir DIR]

Every case runs ``python -m journeymap …`` in a fresh process, and its baseline runs plain
Python doing the least the command must do with the same file (``csv.reader`` over it,
openpyxl read-only over its rows, reading its bytes, or exporting the same map without the
long text), in turn (A B A B …). Figures are medians of the runs: wall time, and peak
memory as the command's maximum resident set size (GNU ``time``), with its CPU seconds beside
(on a shared machine the wall time wanders, the CPU time less). Targets from issue 11:
the sheet bombs refused (or read) in ≤ 2 s and ≤ 200 MB; 200,000 CSV rows in ≤ 10 s; a
20,000-character title and footer exported to PDF in ≤ 2 s; every case under 30× its
input's size plus 300 MB, which the 50 MB CSV (the largest a CSV may be) tests hardest.
"""

from __future__ import annotations

import csv
import io
import json
import os
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import _harness as h

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "service-business.journeymap"
MB = 2**20


@dataclass
class Case:
    name: str
    make: Callable[[Path], Path]
    command: Callable[[Path, Path], list[str]]
    baseline: str  # Python code; sys.argv[1] is the input
    seconds: float | None = None  # target, wall time
    megabytes: float | None = None  # target, peak memory


# ---------------------------------------------------------------------- inputs
def _xlsx(path: Path, sheet_xml: Callable[[bytes], bytes]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Stage", "Title"], ["Discover", "Sees an ad"], [None, "Searches"]):
        sheet.append(row)
    book.save(path)
    with zipfile.ZipFile(path) as old:
        parts = {name: old.read(name) for name in old.namelist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = sheet_xml(parts[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for part, data in parts.items():
            new.writestr(part, data)
    return path


def merged_bomb(folder: Path) -> Path:
    return _xlsx(folder / "merged.xlsx", lambda xml: xml.replace(
        b"</sheetData>",
        b'</sheetData><mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>'))


def corner_cell(folder: Path) -> Path:
    return _xlsx(folder / "corner.xlsx", lambda xml: xml.replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'))


def zip_bomb(folder: Path) -> Path:
    """A sheet of 300 MB of blanks (a few hundred KB zipped): over the part limit."""
    path = folder / "bomb.xlsx"
    if path.exists():
        return path
    _xlsx(path, lambda xml: xml)
    with zipfile.ZipFile(path) as old:
        parts = {name: old.read(name) for name in old.namelist()}
    name = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for part, data in parts.items():
            if part != name:
                new.writestr(part, data)
        with new.open(name, "w", force_zip64=True) as handle:
            head, _, tail = parts[name].partition(b"</sheetData>")
            handle.write(head)
            blank = b" " * MB
            for _ in range(300):
                handle.write(blank)
            handle.write(b"</sheetData>" + tail)
    return path


def csv_rows(folder: Path) -> Path:
    path = folder / "rows-200k.csv"
    if path.exists():
        return path
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_sheets import rows

    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerows(rows(200_000))
    path.write_bytes(text.getvalue().encode("utf-8"))
    return path


def csv_at_the_cap(folder: Path) -> Path:
    """The same table as large as a CSV file may be (50 MB): the most memory an import takes."""
    path = folder / "rows-50mb.csv"
    if path.exists():
        return path
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_sheets import rows

    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerows(rows(680_000))
    data = text.getvalue().encode("utf-8")
    assert len(data) <= 50 * MB, len(data)
    path.write_bytes(data)
    return path


def long_mermaid(folder: Path) -> Path:
    path = folder / "long-line.mmd"
    if not path.exists():
        path.write_text("journey\n    title T\n    section S\n      " + "x" * 30_000_000
                        + ": 3: Me\n", encoding="utf-8")
    return path


def long_title(folder: Path) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["title"] = "T" * 20_000
    path = folder / "long-title.journeymap"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def example(folder: Path) -> Path:
    return EXAMPLE


# ---------------------------------------------------------------------- commands
def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "journeymap", *args]


def importing(path: Path, out: Path) -> list[str]:
    return _cli("import", str(path), str(out / f"{path.stem}.journeymap"), "--force")


def pdf(path: Path, out: Path, *extra: str) -> list[str]:
    return _cli("export", str(path), str(out / f"{path.stem}.pdf"), "--force", *extra)


_OPENPYXL = (
    "import sys, openpyxl\n"
    "book = openpyxl.load_workbook(sys.argv[1], read_only=True)\n"
    "try:\n"
    "    [None for s in book.worksheets for _ in s.iter_rows(max_row=5, values_only=True)]\n"
    "finally:\n"
    "    book.close()\n"
)
_CSV = "import csv, sys\nlist(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))\n"
_READ = "import sys\nopen(sys.argv[1], encoding='utf-8').read()\n"
_PDF = (
    "import sys\nfrom journeymap import load\nfrom journeymap.export import ExportOptions, "
    "write_map_pdf\nwrite_map_pdf(load(sys.argv[1]), sys.argv[2], ExportOptions())\n"
)

CASES = [
    Case("sheet: merged A3:XFD1048576", merged_bomb, importing, _OPENPYXL, 2.0, 200),
    Case("sheet: one cell at XFD1048576", corner_cell, importing, _OPENPYXL, 2.0, 200),
    Case("sheet: 300 MB part (zip bomb)", zip_bomb, importing, _OPENPYXL, 2.0, 200),
    Case("csv: 200,000 rows", csv_rows, importing, _CSV, 10.0, None),
    Case("csv: 50 MB (the size cap), 680,000 rows", csv_at_the_cap, importing, _CSV, None, None),
    Case("mermaid: one 30 MB line", long_mermaid, importing, _READ, None, None),
    Case("pdf: 20,000-character title", long_title, pdf, _PDF, 2.0, None),
    Case("pdf: 20,000-character footer", example,
         lambda p, o: pdf(p, o, "--footer", "F" * 20_000), _PDF, 2.0, None),
]


# ---------------------------------------------------------------------- running
def run(argv: list[str], folder: Path) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user + system), peak resident MB and exit status.

    GNU time starts the command, so the peak is the command's own: a child forked from
    this (large) process would inherit its high-water mark at exec.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    report = folder / "time.txt"
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", str(report), *argv],
                          cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - started
    fields = report.read_text().split()[-3:]
    peak_kb, user, system = int(fields[0]), float(fields[1]), float(fields[2])
    return elapsed, user + system, peak_kb / 1024, done.returncode


def bench(case: Case, folder: Path, repeat: int) -> h.Row:
    source = case.make(folder)
    size_mb = source.stat().st_size / MB
    out = folder / "out"
    out.mkdir(exist_ok=True)
    base_argv = [sys.executable, "-c", case.baseline, str(source), str(out / "baseline.pdf")]
    times, cpus, peaks, base_times, codes = [], [], [], [], set()
    run(case.command(source, out), folder)  # warm-up: imports, font caches
    for _ in range(repeat):
        seconds, cpu, peak, code = run(case.command(source, out), folder)
        times.append(seconds)
        cpus.append(cpu)
        peaks.append(peak)
        codes.add(code)
        base_times.append(run(base_argv, folder)[0])
    peak_mb = statistics.median(peaks)
    ratio = statistics.median(a / b for a, b in zip(times, base_times, strict=True))
    limit = 30 * size_mb + 300
    ok = peak_mb <= limit
    targets = [f"≤ {limit:,.0f} MB (30× input + 300)"]
    if case.seconds is not None:  # judged on CPU time: wall time on a shared machine wanders
        ok = ok and statistics.median(cpus) <= case.seconds
        targets.append(f"≤ {case.seconds:g} s CPU")
    if case.megabytes is not None:
        ok = ok and peak_mb <= case.megabytes
        targets.append(f"≤ {case.megabytes:g} MB")
    note = (f"input {size_mb:.2f} MB, peak {peak_mb:,.0f} MB, CPU {statistics.median(cpus):.2f} s, "
            f"exit {sorted(codes)}")
    return h.Row("safety", 0, case.name, [round(t * 1e9) for t in times],
                 [round(t * 1e9) for t in base_times], ratio, ", ".join(targets), ok,
                 note=note, extra={"peak_mb": peaks, "cpu_s": cpus, "input_mb": size_mb})


def main() -> int:
    p = h.parser(__doc__.splitlines()[0])
    p.add_argument("--only", default="", help="run the cases whose name holds this text")
    args = p.parse_args()
    started = time.perf_counter()
    results: list[h.Row] = []
    with h.folder(args.dir) as folder:
        for case in CASES:
            if args.only and args.only not in case.name:
                continue
            results.append(bench(case, folder, args.repeat or 3))
            print(f"  {case.name}: {results[-1].note}", file=sys.stderr, flush=True)
    return h.finish("safety: the worst inputs", results, args, started)


if __name__ == "__main__":
    raise SystemExit(main())
