"""Nothing the user has is replaced, no file can hang a command (issue 11: 1, 2, 4, 9, 10).

Each case runs the real ``journeymap`` command in a subprocess, as a user would, with a timeout:
a FIFO that hangs the program fails the test instead of the run.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from journeymap.resources import example

ROOT = Path(__file__).resolve().parents[1]
MAP = example("service-business")
FORMATS = (".pdf", ".png", ".svg", ".csv", ".xlsx", ".mmd", ".graphml", ".json")


def jm(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "journeymap", *args],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT,
    )


def one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.fixture
def map_copy(tmp_path: Path) -> Path:
    path = tmp_path / "m.journeymap"
    shutil.copy(MAP, path)
    return path


# ------------------------------------------------------------------ 1. outputs
@pytest.mark.parametrize("suffix", FORMATS)
def test_export_onto_its_own_input_is_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"m{suffix}"
    shutil.copy(MAP, path)
    before = path.read_bytes()
    line = one_sentence(jm("export", str(path), str(path)))
    assert "it is the input" in line
    assert path.read_bytes() == before


def test_plan_onto_its_own_input_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.pdf"
    shutil.copy(MAP, path)
    before = path.read_bytes()
    assert "it is the input" in one_sentence(jm("plan", str(path), str(path)))
    assert path.read_bytes() == before


def test_output_that_is_a_symlink_to_the_map_is_refused(map_copy: Path, tmp_path: Path) -> None:
    link = tmp_path / "out.csv"
    link.symlink_to(map_copy)
    hard = tmp_path / "hard.json"
    os.link(map_copy, hard)
    before = map_copy.read_bytes()
    assert "it is the input" in one_sentence(jm("export", str(map_copy), str(link)))
    assert "it is the input" in one_sentence(jm("export", str(map_copy), str(hard)))
    assert map_copy.read_bytes() == before and link.is_symlink()


def test_existing_output_needs_force(map_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.mmd"
    out.write_text("mine")
    line = one_sentence(jm("export", str(map_copy), str(out)))
    assert "already exists; use --force" in line and out.read_text() == "mine"
    pdf = tmp_path / "plan.pdf"
    pdf.write_text("mine")
    assert "already exists" in one_sentence(jm("plan", str(map_copy), str(pdf)))
    assert pdf.read_text() == "mine"
    done = jm("export", str(map_copy), str(out), "--force")
    assert done.returncode == 0, done.stderr
    assert out.read_text().startswith("journey") or "journey" in out.read_text()


@pytest.mark.parametrize("suffix", FORMATS)
def test_read_only_output_is_refused(map_copy: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"out{suffix}"
    out.write_text("keep")
    out.chmod(0o444)
    line = one_sentence(jm("export", str(map_copy), str(out), "--force"))
    assert "read-only" in line and out.read_text() == "keep"


def test_device_node_output_is_never_replaced(map_copy: Path, tmp_path: Path) -> None:
    device = tmp_path / "null.csv"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")  # the run here is root: it does run
    line = one_sentence(jm("export", str(map_copy), str(device), "--force"))
    assert "it is a device" in line
    assert stat.S_ISCHR(device.lstat().st_mode)


# ------------------------------------------------------------------ 2. FIFOs
@pytest.mark.parametrize("command", ["validate", "info", "analyze"])
def test_fifo_as_input_is_refused_at_once(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "m.journeymap"
    os.mkfifo(fifo)
    line = one_sentence(jm(command, str(fifo), timeout=20))
    assert "named pipe (FIFO)" in line


def test_fifo_as_input_of_load_and_export_and_import(tmp_path: Path) -> None:
    fifo = tmp_path / "in.csv"
    os.mkfifo(fifo)
    code = (
        "import sys, journeymap\nfrom journeymap.core.errors import JourneyMapError\n"
        "try:\n    journeymap.load(sys.argv[1])\n"
        "except JourneyMapError as e:\n    print(e)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True,
                          text=True, timeout=20, env=env)
    assert "named pipe (FIFO)" in done.stdout, done
    assert "named pipe" in one_sentence(jm("export", str(fifo), str(tmp_path / "o.csv")))
    assert "named pipe" in one_sentence(jm("import", str(fifo), str(tmp_path / "o")))


def test_fifo_as_output_is_refused(map_copy: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "o.csv"
    os.mkfifo(fifo)
    line = one_sentence(jm("export", str(map_copy), str(fifo), "--force", timeout=20))
    assert "named pipe (FIFO)" in line
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


# ------------------------------------------------------------------ 4. names
@pytest.mark.parametrize("args", [["import", "IN", ""], ["import", "IN", "/"],
                                  ["new", ""], ["new", "/"]], ids=["import-empty", "import-root",
                                                                    "new-empty", "new-root"])
def test_empty_or_root_output_is_one_sentence(tmp_path: Path, args: list[str]) -> None:
    source = tmp_path / "in.csv"
    source.write_text("Stage,Title\nA,Hello\n")
    args = [str(source) if a == "IN" else a for a in args]
    line = one_sentence(jm(*args))
    assert line.startswith("journeymap: ")


# ------------------------------------------------------------------ 10. smaller
def test_font_that_is_a_folder_or_fifo_is_named_so(map_copy: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "font.ttf"
    os.mkfifo(fifo)
    line = one_sentence(jm("export", str(map_copy), str(tmp_path / "o.pdf"), "--font",
                           str(tmp_path), timeout=30))
    assert "it is a folder" in line and "no such file" not in line
    line = one_sentence(jm("export", str(map_copy), str(tmp_path / "o.pdf"), "--font",
                           str(fifo), timeout=30))
    assert "named pipe (FIFO)" in line


def test_import_force_over_a_map_keeps_a_backup(map_copy: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("Stage,Title\nA,Hello\n")
    before = map_copy.read_bytes()
    assert "already exists" in one_sentence(jm("import", str(source), str(map_copy)))
    done = jm("import", str(source), str(map_copy), "--force")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "m.journeymap.bak").read_bytes() == before
    assert b"Hello" in map_copy.read_bytes()


# ------------------------------------------------------------------ 3. numbers
@pytest.mark.parametrize(
    ("field", "value", "place"),
    [("metrics", {"nps": 10**400}, "touchpoints[0].metrics.nps"),
     ("votes", 10**400, "touchpoints[0].votes"),
     ("slot", 10**400, "touchpoints[0].slot"),
     ("votes", 2**31, "touchpoints[0].votes")],
    ids=["401-digit-metric", "huge-votes", "huge-slot", "votes-2**31"],
)
def test_numbers_too_big_for_their_use_are_refused_on_read(
    tmp_path: Path, field: str, value: object, place: str
) -> None:
    import json

    data = json.loads(MAP.read_text("utf-8"))
    data["touchpoints"][0][field] = value
    path = tmp_path / "big.journeymap"
    path.write_text(json.dumps(data))
    done = jm("validate", str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{place}: expected" in done.stderr
    for out in ("o.pdf", "o.graphml", "o.json", "o.xlsx"):
        line = one_sentence(jm("export", str(path), str(tmp_path / out)))
        assert place in line


def test_new_and_measure_force_over_a_map_keep_a_backup(map_copy: Path, tmp_path: Path) -> None:
    before = map_copy.read_bytes()
    done = jm("new", str(map_copy), "--force")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "m.journeymap.bak").read_bytes() == before
    made = map_copy.read_bytes()
    assert made != before
    source = tmp_path / "source.journeymap"
    source.write_bytes(before)
    survey = tmp_path / "s.csv"
    first = json.loads(before)["touchpoints"][0]["id"]
    survey.write_text(f"touchpoint,nps\n{first},10\n")
    line = one_sentence(jm("measure", str(source), str(survey), "-o", str(source), "--force"))
    assert str(source.name) in line and source.read_bytes() == before  # an input: refused
    out = tmp_path / "measured.journeymap"
    out.write_bytes(made)
    done = jm("measure", str(source), str(survey), "-o", str(out), "--force")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "measured.journeymap.bak").read_bytes() == made
    assert b"nps_n" in out.read_bytes()
