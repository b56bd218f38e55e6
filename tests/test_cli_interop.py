"""``journeymap export`` to every format and ``journeymap import``: files, exit codes, sentences."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from clirun import run_cli as run

from journeymap.core.fileformat import load
from journeymap.interop.formats import EXPORTS
from journeymap.resources import example

MAP = str(example("service-business"))
MERMAID = """journey
    title Morning coffee
    section Arrive
      Opens the door: 4: Customer
      Waits in the queue: 2: Customer, Barista
    section Order
      Pays by card: 5: Customer
"""


def _headless_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    return env


def test_images_export_without_a_display(tmp_path: Path) -> None:
    png, svg = tmp_path / "map.png", tmp_path / "map.svg"
    script = (
        "import sys; from journeymap.cli import main; "
        f"sys.exit(main(['export', {MAP!r}, {str(png)!r}, '--width', '1200']) "
        f"or main(['export', {MAP!r}, {str(svg)!r}]))"
    )
    done = subprocess.run([sys.executable, "-c", script], env=_headless_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "1,200 ×" in done.stdout
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">I", head[16:20])[0] == 1200
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and "viewBox" in root.attrib


def _read_back(suffix: str, path: Path) -> int:
    """How many touchpoints the exported file holds, read by its own reader."""
    if suffix == ".graphml":
        return int(nx.read_graphml(path).number_of_nodes())
    if suffix == ".json":
        graph = nx.node_link_graph(json.loads(path.read_text("utf-8")), edges="links")
        return int(graph.number_of_nodes())
    from journeymap.interop.formats import import_format, importer

    fmt = import_format(path)
    assert fmt is not None
    return importer(fmt)(path).doc.touchpoint_count


@pytest.mark.parametrize("suffix", [f.suffix for f in EXPORTS if f.kind == "data"])
def test_data_formats_export_and_read_back(
    suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"map{suffix}"
    code, stdout, err = run(capsys, "export", MAP, str(out))
    assert code == 0, err
    assert f"wrote the map to {out}" in stdout
    assert _read_back(suffix, out) == load(MAP).touchpoint_count


def test_export_refusals_are_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = [
        (["export", MAP, str(tmp_path / "map.html")], ".graphml or .json"),
        (["export", MAP, str(tmp_path / "map")], "cannot tell the format"),
        (["export", MAP, str(tmp_path / "m.png"), "--page-size", "A3", "--client", "X"],
         "--page-size and --client apply to PDF only, not to .png"),
        (["export", MAP, str(tmp_path / "m.csv"), "--tile"], "--tile applies to PDF only"),
        (["export", MAP, str(tmp_path / "m.png"), "--layers"], "--layers applies to PDF only"),
        (["export", MAP, str(tmp_path / "m.svg"), "--dpi", "300"], "--dpi applies to .png only"),
        (["export", MAP, str(tmp_path / "m.pdf"), "--width", "900"], "--width applies to .png"),
        (["export", MAP, str(tmp_path / "m.png"), "--dpi", "5"], "24 to 1200 DPI"),
        (["export", MAP, str(tmp_path / "no" / "m.graphml")], "does not exist"),
        (["export", str(tmp_path / "none.journeymap"), str(tmp_path / "m.json")],
         "none.journeymap"),
    ]
    for args, phrase in cases:
        code, stdout, err = run(capsys, *args)
        assert code == 1, (args, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and phrase in lines[0], (args, err)
        assert lines[0].startswith("journeymap: ") and stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_import_mermaid_and_refuse_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "coffee.mmd"
    source.write_text(MERMAID, encoding="utf-8")
    target = tmp_path / "coffee.journeymap"
    code, stdout, err = run(capsys, "import", str(source), str(target))
    assert code == 0, err
    assert "imported 3 touchpoints" in stdout
    doc = load(target)
    assert doc.title == "Morning coffee"
    assert [s.name for s in doc.stages] == ["Arrive", "Order"]
    code, _, err = run(capsys, "import", str(source), str(target))
    assert code == 1 and "already exists; use --force" in err
    code, _, err = run(capsys, "import", str(source), str(target), "--force")
    assert code == 0, err


def test_import_csv_written_by_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "map.csv"
    assert run(capsys, "export", MAP, str(table))[0] == 0
    code, _, err = run(capsys, "import", str(table), str(tmp_path / "back"))
    assert code == 0, err
    back = load(tmp_path / "back.journeymap")
    original = load(MAP)
    assert [tp.title for tp in back.touchpoints()] == [tp.title for tp in original.touchpoints()]


def test_import_warnings_go_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "odd.mmd"
    source.write_text(MERMAID + "      Scores badly: eleven: Customer\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(source), str(tmp_path / "odd.journeymap"))
    assert code == 0
    warnings = err.strip().splitlines()
    assert warnings and all(w.startswith("journeymap: warning: line ") for w in warnings)


def test_import_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_a_workbook = tmp_path / "broken.xlsx"
    not_a_workbook.write_text("this is not a workbook")
    empty = tmp_path / "empty.mmd"
    empty.write_text("")
    out = str(tmp_path / "out.journeymap")
    cases = [
        (["import", str(not_a_workbook), out], "broken.xlsx"),
        (["import", str(empty), out], "empty.mmd"),
        (["import", str(tmp_path / "missing.csv"), out], "does not exist"),
        (["import", MAP, out], "cannot tell the format"),
    ]
    for args, phrase in cases:
        code, stdout, err = run(capsys, *args)
        assert code == 1, (args, err)
        assert err.startswith("journeymap: ") and phrase in err.splitlines()[0], (args, err)
        assert "Traceback" not in err and stdout == ""
    assert not Path(out).exists()
