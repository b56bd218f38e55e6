"""Where map bytes meet the disk: atomic replacement, the ``.bak`` copy, and refusing to
overwrite a file made by a newer version. No knowledge of the format beyond its header."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from journeymap.core.entities import FORMAT_VERSION
from journeymap.core.errors import FileAccessError, NewerVersionError

#: A temp file of a writer that is gone is removed by the next save of the same target once
#: it is older than this (seconds), when its lock cannot tell (no ``fcntl``).
STALE_AFTER = 60.0


def write_atomic(path: Path, data: bytes | Sequence[bytes], *, backup: bool = True) -> None:
    """Replace ``path`` by ``data`` so that a crash leaves the old or the new file, never a mix.

    ``data`` is the file's bytes, or its parts in order (a large file need not be joined).

    A symbolic link is followed: the file it points to is replaced and the link stays a link.
    Only a regular file is ever replaced (never a folder, FIFO or device node). The writer
    holds a lock on its temp file ``.NAME.XXXXXXXX.tmp``; temp files of the same target left
    by a killed writer (no lock held) are removed.
    """
    if not str(path) or not path.name or path.name in (".", ".."):
        raise FileAccessError(f'cannot save "{path}": name a file, not a folder')
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    _refuse_special(path)
    _refuse_newer(path)
    _replace(path, data, None, backup)


def _replace(path: Path, data: bytes | Sequence[bytes], mode: int | None, backup: bool) -> None:
    """Write ``data`` to a locked temp file beside ``path`` with permissions ``mode`` (None:
    those of the file it replaces, see :func:`_mode_for`), then rename it over ``path``."""
    directory = path.parent if str(path.parent) else Path(".")
    tmp_name = None
    try:
        if mode is None:
            mode = _mode_for(path)
        _remove_stale_temps(directory, path.name)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        _lock(fd)
        os.chmod(tmp_name, mode)  # before any data is in it
        with os.fdopen(fd, "wb") as handle:
            for part in (data,) if isinstance(data, bytes | bytearray | memoryview) else data:
                handle.write(part)
            handle.flush()
            os.fsync(handle.fileno())
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


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically by a file only its owner may read or write (0600).

    Unlike :func:`write_atomic` a symbolic link at ``path`` is never followed: the link
    itself is replaced and whatever it points to is left alone. For recovery copies and
    their sidecars, in a folder of the user's own.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as err:
        raise FileAccessError(f'cannot save "{path}": {os_reason(err)}') from None
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        from journeymap.core.outputs import kind_of

        raise FileAccessError(f'cannot save "{path}": it is {kind_of(mode)}, not a file')
    _replace(path, data, 0o600, backup=False)


def read_nofollow(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file, refusing a symbolic link at ``path``."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    if not hasattr(os, "O_NOFOLLOW") and path.is_symlink():  # pragma: no cover - Windows
        raise FileAccessError(f'cannot read "{path}": it is a symbolic link')
    try:
        fd = os.open(path, flags)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise FileAccessError(f'cannot read "{path}": it is a symbolic link') from None
        raise FileAccessError(f'cannot read "{path}": {os_reason(err)}') from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise FileAccessError(f'cannot read "{path}": it is not a file')
        return handle.read(limit)


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


def _refuse_special(path: Path) -> None:
    """A folder, FIFO, device or socket at ``path`` is never replaced by a regular file."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode):
        from journeymap.core.outputs import kind_of

        raise FileAccessError(f'cannot save "{path}": it is {kind_of(mode)}, not a file')


def _refuse_newer(path: Path) -> None:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)  # never blocks, even if a FIFO appeared since the check
    except OSError:
        return
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return
        head = os.read(fd, 65536)
    except OSError:
        return
    finally:
        os.close(fd)
    match = re.search(rb'"version"\s*:\s*(\d+)', head)
    if match and int(match.group(1)) > FORMAT_VERSION and b'"journeymap"' in head:
        raise NewerVersionError(
            "",
            f'"{path}" was made by a newer version of JourneyMap; it will not be overwritten',
            str(path),
        )


def _lock(fd: int) -> None:
    """Mark a temp file as in use by a live writer (released when the process dies)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _remove_stale_temps(directory: Path, name: str) -> None:
    """Remove ``.NAME.XXXXXXXX.tmp`` files of this target whose writer is gone."""
    pattern = re.compile(rf"\.{re.escape(name)}\.[a-z0-9_]{{8}}\.tmp")
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and _is_stale(entry.path):
                os.unlink(entry.path)


def _is_stale(tmp: str) -> bool:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: age alone
        import time

        return time.time() - os.stat(tmp).st_mtime > STALE_AFTER
    fd = os.open(tmp, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a live writer holds it
    finally:
        os.close(fd)
    return True


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
