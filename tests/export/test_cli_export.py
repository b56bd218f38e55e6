"""``journeymap export`` and ``journeymap plan``: files written, exit codes, one-line errors."""

from __future__ import annotations

import os
from pathlib import Path

import pypdf
import pytest
from clirun import run_cli as run

from journeymap.resources import example

MAP = str(example("service-business"))


def test_export_writes_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "map.pdf"
    code, stdout, err = run(capsys, "export", MAP, str(out), "--page-size", "a3",
                            "--client", "Brightwater", "--author", "Ada", "--accent", "#00695C",
                            "--footer", "Confidential")
    assert code == 0, err
    assert err == ""
    assert "wrote the map" in stdout and str(out) in stdout
    reader = pypdf.PdfReader(str(out))
    assert round(float(reader.pages[0].mediabox.width)) == 1191  # A3 landscape
    assert reader.metadata is not None and reader.metadata.author == "Ada"


def test_plan_writes_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.pdf"
    code, stdout, _ = run(capsys, "plan", MAP, str(out), "--portrait", "--page-size", "Letter")
    assert code == 0
    assert "wrote the improvement plan" in stdout
    box = pypdf.PdfReader(str(out)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_fit_and_tile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run(capsys, "export", MAP, str(tmp_path / "t.pdf"), "--tile")
    assert code == 0 and "tiles" in stdout
    code, _, err = run(capsys, "export", MAP, str(tmp_path / "f.pdf"), "--fit")
    assert code == 1 and "readable" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "f.pdf").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["export"],
        ["export", MAP],
        ["export", MAP, "x.pdf", "--page-size", "B5"],
        ["export", MAP, "x.pdf", "--fit", "--tile"],
        ["plan", MAP, "x.pdf", "--no-such-option"],
    ],
    ids=["nothing", "no-out", "page-size", "fit-and-tile", "unknown-option"],
)
def test_usage_errors_exit_2(
    args: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    os.chdir(tmp_path)
    code, _, err = run(capsys, *args)
    assert code == 2
    assert "usage:" in err
    assert not (tmp_path / "x.pdf").exists()


def test_bad_input_exits_1_with_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_map = tmp_path / "bad.journeymap"
    bad_map.write_text("{not json")
    logo = tmp_path / "logo.png"
    logo.write_text("not an image")
    out = str(tmp_path / "out.pdf")
    cases = [
        (["export", str(tmp_path / "missing.journeymap"), out], "missing.journeymap"),
        (["export", str(bad_map), out], "bad.journeymap"),
        (["export", MAP, out, "--accent", "blue"], "accent colour"),
        (["export", MAP, out, "--accent", "#12345"], "#RRGGBB"),
        (["export", MAP, out, "--logo", str(tmp_path / "none.png")], "no such file"),
        (["plan", MAP, out, "--logo", str(logo)], "not a PNG or JPEG"),
        (["export", MAP, str(tmp_path / "no" / "dir" / "x.pdf")], "does not exist"),
        (["export", MAP, str(tmp_path)], "cannot"),
        (["export", MAP, out, "--font", str(tmp_path / "none.ttf")], "font"),
        (["export", MAP, str(tmp_path / "map.html")], "name the output .pdf, .png"),
        (["export", MAP, str(tmp_path / "map")], "name it .pdf"),
        (["plan", MAP, str(tmp_path / "plan.svg")], "PDF only"),
    ]
    for args, phrase in cases:
        code, stdout, err = run(capsys, *args)
        assert code == 1, (args, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and phrase in lines[0], (args, err)
        assert lines[0].startswith("journeymap: ") and "Traceback" not in err
        assert stdout == ""
    assert not Path(out).exists()


def test_unwritable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):  # root ignores permissions: a file in the way instead
            blocker = tmp_path / "blocker"
            blocker.write_text("")
            target = str(blocker / "map.pdf")
        else:
            target = str(folder / "map.pdf")
        code, _, err = run(capsys, "export", MAP, target)
    finally:
        folder.chmod(0o700)
    assert code == 1 and err.startswith("journeymap: cannot write")


def test_exported_pdf_gets_the_permissions_of_a_new_file(tmp_path: Path) -> None:
    import stat

    from journeymap.export.document import write_atomically

    target = tmp_path / "map.pdf"
    umask = os.umask(0o022)
    try:
        write_atomically(target, b"%PDF-1.4\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_poster_and_custom_page_sizes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "poster.pdf"
    code, stdout, _ = run(capsys, "export", str(example("ecommerce-first-order")), str(out),
                          "--poster")
    assert code == 0 and "on one A3 page" in stdout
    box = pypdf.PdfReader(str(out)).pages[0].mediabox
    assert round(float(box.width)) == 1191
    code, stdout, _ = run(capsys, "export", MAP, str(tmp_path / "c.pdf"), "--page-size",
                          "36x24in", "--fit")
    assert code == 0 and "on one 36x24in page" in stdout
    code, _, err = run(capsys, "export", MAP, str(tmp_path / "x.pdf"), "--page-size", "B5")
    assert code != 0 and "WIDTHxHEIGHT" in err
