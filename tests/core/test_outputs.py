"""The read/write policy of journeymap.core.outputs and the API names (issue 11, item 4)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import journeymap
from journeymap.core import outputs
from journeymap.core.errors import FileAccessError
from journeymap.core.model import JourneyMap


def test_check_output_refusals(tmp_path: Path) -> None:
    src = tmp_path / "in.journeymap"
    src.write_text("{}")
    with pytest.raises(outputs.OutputRefused, match="it is the input"):
        outputs.check_output(tmp_path / "." / "in.journeymap", inputs=[src], force=True)
    with pytest.raises(outputs.OutputExists, match="use --force"):
        outputs.check_output(src)
    with pytest.raises(outputs.OutputRefused, match="folder"):
        outputs.check_output(tmp_path, force=True)
    with pytest.raises(outputs.OutputRefused, match="does not exist"):
        outputs.check_output(tmp_path / "no" / "x.csv")
    with pytest.raises(outputs.OutputRefused, match="empty"):
        outputs.check_output("")
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(outputs.OutputRefused, match="symbolic link to nothing"):
        outputs.check_output(dangling)
    assert outputs.check_output(src, force=True) == src
    assert outputs.check_output(tmp_path / "new.csv", inputs=[src, None]) == tmp_path / "new.csv"


def test_check_new_map_adds_the_suffix_and_refuses_folders(tmp_path: Path) -> None:
    assert outputs.check_new_map(tmp_path / "a") == tmp_path / "a.journeymap"
    for name in ("", "/", str(tmp_path) + "/.."):
        with pytest.raises(outputs.OutputRefused):
            outputs.check_new_map(name)


def test_check_output_refuses_pseudo_file_systems(tmp_path: Path) -> None:
    for name, top in [("/proc/self/status", "/proc"), ("/sys/x.csv", "/sys"), ("/dev/x", "/dev")]:
        with pytest.raises(outputs.OutputRefused, match=f"{top} holds the system's live files"):
            outputs.check_output(name, force=True)
    link = tmp_path / "procs"
    link.symlink_to("/proc/self")
    with pytest.raises(outputs.OutputRefused, match="/proc holds"):
        outputs.check_new_map(link / "status", force=True)
    if Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK):
        assert outputs.check_output("/dev/shm/jm-test.csv") == Path("/dev/shm/jm-test.csv")


def test_read_input_refuses_a_fifo_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    with pytest.raises(outputs.InputRefused, match=r"named pipe \(FIFO\)"):
        outputs.read_input(fifo, 100)
    path = tmp_path / "big"
    path.write_bytes(b"x" * 101)
    with pytest.raises(outputs.InputTooLarge, match="limit is 100 bytes"):
        outputs.read_input(path, 100)
    assert outputs.read_input(path, 101) == b"x" * 101


@pytest.mark.parametrize("name", [b"path", None, 3])
def test_load_with_a_wrong_kind_of_name_is_the_projects_error(name: object) -> None:
    with pytest.raises(FileAccessError, match="must be named by"):
        journeymap.load(name)  # type: ignore[arg-type]


def test_save_to_an_empty_name_is_the_projects_error(tmp_path: Path) -> None:
    os.chdir(tmp_path)
    doc = JourneyMap("t")
    for name in ("", ".", "/"):
        with pytest.raises(FileAccessError, match="name a file, not a folder"):
            journeymap.save(doc, name)
    with pytest.raises(FileAccessError, match="not bytes"):
        journeymap.save(doc, b"x")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []
