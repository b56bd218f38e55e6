"""Temp files of a save killed midway are removed by the next save of the same target, and
only they: a live writer's temp file, other targets' temp files and look-alikes stay."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from journeymap.core import fileformat
from journeymap.core.errors import FileAccessError
from journeymap.core.storage import read_nofollow, write_private
from journeymap.resources import example

ROOT = Path(__file__).resolve().parents[2]

# A writer that takes its temp file as write_atomic does, writes part of a map, then either
# dies (a kill mid-save) or waits (a live writer).
_WRITER = r"""
import fcntl, os, sys, tempfile, time
folder, name, mode = sys.argv[1], sys.argv[2], sys.argv[3]
fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
os.write(fd, b'{"journeymap": "partial' + b" " * 1_300_000)
print(tmp, flush=True)
if mode == "die":
    os.kill(os.getpid(), 9)
time.sleep(60)
"""

pytestmark = pytest.mark.skipif(os.name != "posix", reason="flock and SIGKILL")


def _writer(folder: Path, name: str, mode: str) -> tuple[subprocess.Popen[str], Path]:
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(folder), name, mode],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout is not None
    return proc, Path(proc.stdout.readline().strip())


def test_a_killed_save_leaves_a_temp_file_that_the_next_save_removes(tmp_path: Path) -> None:
    target = tmp_path / "m.journeymap"
    doc = fileformat.load(example("service-business"))
    fileformat.save(doc, target)
    killed, stale = _writer(tmp_path, target.name, "die")
    assert killed.wait(timeout=20) == -signal.SIGKILL
    live, busy = _writer(tmp_path, target.name, "live")
    other = tmp_path / ".other.journeymap.abcd1234.tmp"
    other.write_text("another target's")
    alike = tmp_path / f".{target.name}.notmine.tmp"
    alike.write_text("not our pattern")
    try:
        assert stale.exists() and stale.stat().st_size > 1_000_000
        time.sleep(0.01)
        fileformat.save(doc, target)
        assert not stale.exists()
        assert busy.exists()  # its writer still holds the lock
        assert other.exists() and alike.exists()
        assert fileformat.load(target).title == doc.title
    finally:
        live.kill()
        live.wait(timeout=20)
    fileformat.save(doc, target)  # the live writer is gone now
    assert not busy.exists()
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert leftovers == sorted([".other.journeymap.abcd1234.tmp", alike.name, target.name,
                                target.name + ".bak"])


def test_write_private_replaces_a_link_and_refuses_a_folder(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    link = tmp_path / "copy"
    link.symlink_to(victim)
    write_private(link, b"mine")
    assert victim.read_text() == "precious" and link.read_bytes() == b"mine"
    assert not link.is_symlink() and link.stat().st_mode & 0o777 == 0o600
    (tmp_path / "dir").mkdir()
    with pytest.raises(FileAccessError, match="it is a folder, not a file"):
        write_private(tmp_path / "dir", b"x")


def test_read_nofollow_refuses_links_and_fifos(tmp_path: Path) -> None:
    (tmp_path / "real").write_bytes(b"abc")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    os.mkfifo(tmp_path / "fifo")
    assert read_nofollow(tmp_path / "real", 2) == b"ab"
    with pytest.raises(FileAccessError, match="is a symbolic link"):
        read_nofollow(tmp_path / "link", 10)
    with pytest.raises(FileAccessError, match="it is not a file"):
        read_nofollow(tmp_path / "fifo", 10)


def test_a_file_written_in_parts_is_their_bytes_in_order(tmp_path: Path) -> None:
    from journeymap.core.storage import write_atomic

    target = tmp_path / "parts.txt"
    target.write_bytes(b"old")
    write_atomic(target, (b"first ", bytearray(b"second "), memoryview(b"third")))
    assert target.read_bytes() == b"first second third"
    assert (tmp_path / "parts.txt.bak").read_bytes() == b"old"
    write_atomic(target, b"whole", backup=False)
    assert target.read_bytes() == b"whole"


def test_save_writes_exactly_what_dumps_gives(tmp_path: Path) -> None:
    doc = fileformat.load(example("service-business"))
    target = tmp_path / "map.journeymap"
    fileformat.save(doc, target)
    data = target.read_bytes()
    assert data == fileformat.dumps(doc)
    assert data.endswith(b"}\n") and not data.endswith(b"\n\n")
