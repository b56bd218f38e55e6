"""Where map bytes meet the disk: atomic replacement, the ``.bak`` copy, and refusing to
overwrite a file made by a newer version. No knowledge of the format beyond its header."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path

from journeymap.core.entities import FORMAT_VERSION
from journeymap.core.errors import FileAccessError, NewerVersionError


def write_atomic(path: Path, data: bytes, *, backup: bool = True) -> None:
    """Replace ``path`` by ``data`` so that a crash leaves the old or the new file, never a mix.

    A symbolic link is followed: the file it points to is replaced and the link stays a link.
    """
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    _refuse_newer(path)
    directory = path.parent if str(path.parent) else Path(".")
    tmp_name = None
    try:
        mode = _mode_for(path)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        if backup and path.exists():
            _keep_backup(path)
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_dir(directory)
    except OSError as err:
        raise FileAccessError(f'cannot save "{path}": {os_reason(err)}') from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _keep_backup(path: Path) -> None:
    bak = backup_path(path)
    tmp = bak.with_name(f".{bak.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        os.link(path, tmp)
    except OSError:
        import shutil

        shutil.copy2(path, tmp)
    os.replace(tmp, bak)


def _refuse_newer(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return
    match = re.search(rb'"version"\s*:\s*(\d+)', head)
    if match and int(match.group(1)) > FORMAT_VERSION and b'"journeymap"' in head:
        raise NewerVersionError(
            "",
            f'"{path}" was made by a newer version of JourneyMap; it will not be overwritten',
            str(path),
        )


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def os_reason(err: OSError) -> str:
    text = err.strerror or str(err)
    return text[:1].lower() + text[1:]
