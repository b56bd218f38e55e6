"""What a command may read and where it may write: one policy for every reader and writer.

Readers
    :func:`check_input` ``(path, *, what="") -> Path``
        The path, when it names an existing regular file (symlinks followed). A FIFO, a device,
        a socket or a folder is refused *before* anything opens it, so no input can hang the
        program waiting for a writer. Raises :class:`InputRefused`.
    :func:`read_input` ``(path, limit, *, what="") -> bytes``
        The bytes of a regular file, opened without blocking and checked again on the open file
        (closing the window between the check and the open); :class:`InputTooLarge` past
        ``limit`` bytes.

Writers
    :func:`check_output` ``(path, *, inputs=(), force=False, what="") -> Path``
        The path to write, checked before any work starts. Refused (:class:`OutputRefused`):
        an empty name or a folder; the same file as any of ``inputs`` (by resolved path and by
        device + inode, symlinks followed: a link to the input is the input); a FIFO, device
        or socket; a read-only file; a folder that does not exist; a folder under /proc, /sys
        or /dev (pseudo file systems). An existing regular file is
        refused unless ``force`` (:class:`OutputExists`). Writing itself goes through
        :func:`journeymap.core.storage.write_atomic` (temp file beside the target, replace).
    :func:`check_new_map` ``(path, *, inputs=(), force=False) -> Path``
        :func:`check_output` for a ``.journeymap`` file: the suffix is added when missing.

Commands that write (``export``, ``plan``, ``import``, ``new``, and ``measure``, ``diff``
when they write a file) call ``check_input`` on every file they read and ``check_output``
with all of them as ``inputs``. ``merge`` writes its result over OURS by git's contract:
it passes ``inputs=(base, theirs)`` and ``force=True``.

Every refusal is a :class:`~journeymap.core.errors.FileAccessError` holding one sentence
that names the file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from journeymap.core.errors import FileAccessError

__all__ = [
    "InputRefused",
    "InputTooLarge",
    "OutputExists",
    "OutputRefused",
    "check_input",
    "check_new_map",
    "check_output",
    "kind_of",
    "read_input",
    "same_file",
]

PathLike = str | os.PathLike[str]


class InputRefused(FileAccessError):
    """A file to read that is missing, unreadable, or not a regular file."""


class InputTooLarge(InputRefused):
    """A file to read that is larger than its limit."""


class OutputRefused(FileAccessError):
    """A place that must not be written: an input, a device, a folder, a read-only file."""


class OutputExists(OutputRefused):
    """An existing file that would be replaced without ``--force``."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words: ``"a folder"``, ``"a named pipe (FIFO)"`` …"""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISREG(mode):
        return "a file"
    return "not a regular file"


def _as_path(path: object, what: str) -> Path:
    if isinstance(path, bytes):
        raise FileAccessError(f"{what or 'the file'} must be named by a text path, not bytes")
    if not isinstance(path, str | os.PathLike):
        raise FileAccessError(
            f"{what or 'the file'} must be named by a path, not {type(path).__name__}"
        )
    text = os.fspath(path)
    if not isinstance(text, str):
        raise FileAccessError(f"{what or 'the file'} must be named by a text path, not bytes")
    if not text.strip():
        raise FileAccessError(f"no {what or 'file'} named: the name is empty")
    if "\x00" in text:
        raise FileAccessError(f'{what or "the file"} "{text!r}" has a NUL character in its name')
    return Path(text).expanduser()


def _label(path: Path, what: str) -> str:
    return f'{what} "{path}"' if what else f'"{path}"'


def _reason(err: OSError) -> str:
    text = err.strerror or str(err)
    return text[:1].lower() + text[1:]


# ---------------------------------------------------------------------- inputs
def check_input(path: PathLike, *, what: str = "") -> Path:
    """``path`` when it is an existing regular file; :class:`InputRefused` otherwise."""
    try:
        p = _as_path(path, what)
    except FileAccessError as err:
        raise InputRefused(str(err)) from None
    where = _label(p, what)
    try:
        info = p.stat()
    except OSError as err:
        raise InputRefused(f"cannot read {where}: {_reason(err)}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputRefused(f"cannot read {where}: it is {kind_of(info.st_mode)}, not a file")
    return p


def read_input(path: PathLike, limit: int, *, what: str = "") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    The file is opened with ``O_NONBLOCK`` (a FIFO swapped in after the check cannot block)
    and checked again on the open descriptor.
    """
    p = check_input(path, what=what)
    where = _label(p, what)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(p, flags)
    except OSError as err:
        raise InputRefused(f"cannot read {where}: {_reason(err)}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputRefused(f"cannot read {where}: it is {kind_of(info.st_mode)}, not a file")
        if info.st_size > limit:
            raise InputTooLarge(_too_large(where, info.st_size, limit))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as err:
        raise InputRefused(f"cannot read {where}: {_reason(err)}") from None
    finally:
        os.close(fd)
    if total > limit:
        raise InputTooLarge(_too_large(where, None, limit))
    return b"".join(chunks)


def _too_large(where: str, size: int | None, limit: int) -> str:
    amount = "larger" if size is None else f"{size / 2**20:.1f} MB"
    return f"cannot read {where}: the file is {amount}; the limit is {_megabytes(limit)}"


def _megabytes(limit: int) -> str:
    return f"{limit / 2**20:g} MB" if limit >= 2**20 else f"{limit:,} bytes"


# ---------------------------------------------------------------------- outputs
def same_file(a: PathLike, b: PathLike) -> bool:
    """True when ``a`` and ``b`` name one file: same resolved path, or same device + inode
    (hard links, bind mounts, symlinks are all seen through)."""
    pa, pb = Path(a).expanduser(), Path(b).expanduser()
    try:
        if os.path.realpath(pa) == os.path.realpath(pb):
            return True
    except (OSError, ValueError):
        pass
    try:
        sa, sb = pa.stat(), pb.stat()
    except (OSError, ValueError):
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def check_output(
    path: PathLike,
    *,
    inputs: Iterable[PathLike | None] = (),
    force: bool = False,
    what: str = "",
) -> Path:
    """``path`` when it may be written now; :class:`OutputRefused` (or :class:`OutputExists`
    without ``force``) with one sentence otherwise. Nothing is created or opened."""
    try:
        p = _as_path(path, what or "output")
    except FileAccessError as err:
        raise OutputRefused(str(err)) from None
    where = _label(p, what)
    for source in inputs:
        if source is not None and same_file(p, source):
            raise OutputRefused(
                f"will not write {where}: it is the input {_quoted(source)}; "
                "name another output file"
            )
    system = _system_folder(p.parent if str(p.parent) else Path("."))
    if system is not None:
        raise OutputRefused(
            f"will not write {where}: {system} holds the system's live files, not documents"
        )
    try:
        info: os.stat_result | None = p.stat()  # follows a symlink to what it points at
    except FileNotFoundError:
        info = None
    except OSError as err:
        raise OutputRefused(f"cannot write {where}: {_reason(err)}") from None
    if info is None and p.is_symlink():
        raise OutputRefused(f"will not write {where}: it is a symbolic link to nothing")
    if info is not None:
        if not stat.S_ISREG(info.st_mode):
            raise OutputRefused(f"cannot write {where}: it is {kind_of(info.st_mode)}")
        if not os.access(p, os.W_OK) or not info.st_mode & 0o222:  # root passes os.access
            raise OutputRefused(f"will not write {where}: the file is read-only")
        if not force:
            raise OutputExists(f"{where} already exists; use --force to replace it")
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        raise OutputRefused(f'cannot write {where}: the folder "{folder}" does not exist')
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputRefused(f'cannot write {where}: the folder "{folder}" is not writable')
    return p


#: Pseudo file systems: their "files" are the kernel's and the devices' (reading one may
#: block for ever, writing one changes the running system), never a place for a document.
_SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")
_DOCUMENT_FOLDERS_IN_DEV = ("/dev/shm",)


def _system_folder(folder: Path) -> str | None:
    """``"/proc"`` when ``folder`` lies under a pseudo file system, ``None`` otherwise."""
    try:
        real = os.path.realpath(folder)
    except (OSError, ValueError):
        return None
    inside = [f for f in _DOCUMENT_FOLDERS_IN_DEV if real == f or real.startswith(f + "/")]
    if inside:
        return None
    for top in _SYSTEM_FOLDERS:
        if real == top or real.startswith(top + "/"):
            return top
    return None


def check_new_map(
    path: PathLike, *, inputs: Iterable[PathLike | None] = (), force: bool = False
) -> Path:
    """:func:`check_output` for a map file; ``.journeymap`` is added when the name lacks it."""
    try:
        p = _as_path(path, "output")
    except FileAccessError as err:
        raise OutputRefused(str(err)) from None
    if p.suffix != ".journeymap":
        if not p.name or p.name in (".", ".."):
            raise OutputRefused(f'cannot write "{p}": it is a folder; name a map file')
        p = p.with_name(p.name + ".journeymap")
    return check_output(p, inputs=inputs, force=force)


def _quoted(path: PathLike) -> str:
    return f'"{os.fspath(path)}"'
