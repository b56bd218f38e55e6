"""Autosave: recovery copies of modified maps, and the copies a crash leaves behind.

While a map is modified, a copy goes into the per-user recovery folder 2 s after the user
pauses and every 30 s, never beside or over the user's file; it is removed when the map is
saved or closed cleanly. Each running editor holds ``<instance-id>.lock`` in that folder and
every copy's sidecar names the instance that wrote it, so a copy is offered for recovery
only once the process that wrote it is gone: a second running editor never takes them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import socket
import stat
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, QStandardPaths, QTimer, Signal

from journeymap.core import fileformat, storage
from journeymap.core.entities import FORMAT_VERSION
from journeymap.core.errors import FileAccessError, FileFormatError, JourneyMapError
from journeymap.core.model import JourneyMap
from journeymap.gui.session import Session

COPY_SUFFIX = fileformat.SUFFIX
SIDECAR_SUFFIX = ".json"
LOCK_SUFFIX = ".lock"
SIDECAR_FORMAT = "journeymap-recovery"
_ID = re.compile(r"[0-9a-f]{32}")
_COPY_ID_PROPERTY = "journeymapRecoveryCopyId"
_SIDECAR_BYTES = 1 << 20


def default_recovery_dir() -> Path:
    """The per-user recovery folder, ``<user data>/JourneyMap/recovery``.

    Not created here (writers create it when first needed); a folder left at the path of
    earlier releases, which doubled the name (``JourneyMap/JourneyMap/recovery``), is moved.
    """
    generic = QStandardPaths.StandardLocation.GenericDataLocation
    base = QStandardPaths.writableLocation(generic)
    folder = (Path(base) if base else Path.home() / ".local" / "share") / "JourneyMap" / "recovery"
    app = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    if app:
        _migrate(Path(app) / "recovery", folder)
    return folder


def _migrate(old: Path, folder: Path) -> None:
    """Move the recovery folder of an earlier release to ``folder`` (once, if it is free)."""
    if old == folder or old.is_symlink() or not old.is_dir() or os.path.lexists(folder):
        return
    with contextlib.suppress(OSError):
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.rename(old, folder)
        with contextlib.suppress(OSError):
            old.parent.rmdir()  # the doubled folder, when nothing else is in it


def _ensure_dir(directory: Path) -> None:
    """Create the folder 0700, or tighten it to 0700 when it exists looser."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.stat(directory)
        mine = info.st_uid == os.getuid() if hasattr(os, "getuid") else True
        if stat.S_IMODE(info.st_mode) & 0o077 and mine:
            os.chmod(directory, 0o700)
    except OSError as err:
        reason = (err.strerror or str(err)).lower()
        message = f'cannot create the recovery folder "{directory}": {reason}'
        raise FileAccessError(message) from None


def _key(directory: Path) -> str:
    return os.path.abspath(directory)


def _lock_path(directory: Path, instance_id: str) -> Path:
    return directory / f"{instance_id}{LOCK_SUFFIX}"


def _new_lock(path: Path) -> QLockFile:
    """A lock that counts as free only when its process is gone (never by its age)."""
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)
    return lock


# ---------------------------------------------------------------------- instances
class RecoveryInstance:
    """One running editor's claim on a recovery folder: an id and a lock held while it runs."""

    _shared: ClassVar[dict[str, RecoveryInstance]] = {}
    #: (folder, instance id) of every lock this process holds: those copies are alive.
    _live: ClassVar[set[tuple[str, str]]] = set()
    _quit_hooked: ClassVar[bool] = False

    def __init__(self, recovery_dir: Path, instance_id: str | None = None) -> None:
        self.recovery_dir = Path(recovery_dir)
        self.id = instance_id or uuid.uuid4().hex
        self._lock: QLockFile | None = None

    @classmethod
    def shared(cls, recovery_dir: Path) -> RecoveryInstance:
        """This process's instance for ``recovery_dir`` (released when the application quits)."""
        key = _key(recovery_dir)
        if key not in cls._shared:
            cls._shared[key] = cls(recovery_dir)
        app = QCoreApplication.instance()
        if app is not None and not cls._quit_hooked:
            app.aboutToQuit.connect(cls.release_all)
            cls._quit_hooked = True
        return cls._shared[key]

    @classmethod
    def release_all(cls) -> None:
        for instance in list(cls._shared.values()):
            instance.release()

    @classmethod
    def is_live_here(cls, recovery_dir: Path, instance_id: str) -> bool:
        return (_key(recovery_dir), instance_id) in cls._live

    @property
    def lock_path(self) -> Path:
        return _lock_path(self.recovery_dir, self.id)

    @property
    def held(self) -> bool:
        return self._lock is not None

    def acquire(self) -> None:
        """Take the lock (creating the folder); raises FileAccessError with a sentence."""
        if self._lock is not None:
            return
        _ensure_dir(self.recovery_dir)
        lock = _new_lock(self.lock_path)
        if not lock.tryLock(0):
            raise FileAccessError(
                f'cannot create the lock file "{self.lock_path}" ({lock.error().name})'
            )
        self._lock = lock
        self._live.add((_key(self.recovery_dir), self.id))

    def release(self) -> None:
        """Give the lock up: this instance's remaining copies become orphans."""
        if self._lock is None:
            return
        self._lock.unlock()
        self._lock = None
        self._live.discard((_key(self.recovery_dir), self.id))


# ---------------------------------------------------------------------- orphaned copies
@dataclass
class RecoveryCopy:
    """A recovery copy on disk with what its sidecar says about it."""

    path: Path
    sidecar: dict[str, Any]
    original_path: Path | None
    title: str
    saved_at: datetime

    @property
    def copy_id(self) -> str:
        return self.path.stem

    @property
    def sidecar_path(self) -> Path:
        return self.path.with_suffix(SIDECAR_SUFFIX)

    @property
    def instance_id(self) -> str | None:
        value = self.sidecar.get("instance_id")
        return value if isinstance(value, str) and _ID.fullmatch(value) else None

    def restore(self) -> tuple[JourneyMap, Path | None]:
        """The map and the file it belongs to; a damaged copy raises FileFormatError."""
        if self.path.is_symlink():
            raise FileAccessError(
                f'the recovery copy "{self.path}" is a symbolic link; it is not followed'
            )
        try:
            return fileformat.load(self.path), self.original_path
        except FileFormatError as err:
            raise type(err)(
                "", f'the recovery copy of "{self.title}" is damaged ({err})', str(self.path)
            ) from None

    def problem(self) -> str | None:
        """Why this copy cannot be restored, or None when it can."""
        try:
            self.restore()
        except (FileFormatError, FileAccessError) as err:
            return str(err)
        return None

    def discard(self) -> None:
        """Delete the copy, its sidecar and the dead instance's lock if nothing else needs it."""
        for path in (self.path, self.sidecar_path):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        _forget_instance(self.path.parent, self.instance_id)

    def take_over(self, instance: RecoveryInstance) -> None:
        """Make ``instance`` the owner, so that no other editor offers this copy again."""
        instance.acquire()
        old = self.instance_id
        self.sidecar = {**self.sidecar, **_identity(instance)}
        storage.write_private(self.sidecar_path, _encode(self.sidecar))
        _forget_instance(self.path.parent, old)


def _identity(instance: RecoveryInstance) -> dict[str, Any]:
    return {"pid": os.getpid(), "hostname": socket.gethostname(), "instance_id": instance.id}


def _encode(sidecar: dict[str, Any]) -> bytes:
    return json.dumps(sidecar, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"


def _read_sidecar(path: Path) -> dict[str, Any]:
    """The sidecar's fields; {} for a missing, damaged or symbolically linked one."""
    try:
        data = json.loads(storage.read_nofollow(path, _SIDECAR_BYTES))
    except (FileAccessError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _saved_at(sidecar: dict[str, Any], copy: Path) -> datetime:
    text = sidecar.get("saved_at")
    with contextlib.suppress(TypeError, ValueError):
        when = datetime.fromisoformat(text) if isinstance(text, str) else None
        if when is not None and when.tzinfo is not None:
            return when
    with contextlib.suppress(OSError):
        return datetime.fromtimestamp(copy.stat().st_mtime).astimezone()
    return datetime.fromtimestamp(0).astimezone()


def _scan(directory: Path) -> list[RecoveryCopy]:
    """Every copy in the folder whose sidecar exists or is lost (sidecars are written first)."""
    if not directory.is_dir():
        return []
    copies = []
    for path in sorted(directory.glob(f"*{COPY_SUFFIX}")):
        if path.name.startswith(".") or path.is_symlink() or not path.is_file():
            continue
        sidecar = _read_sidecar(path.with_suffix(SIDECAR_SUFFIX))
        original = sidecar.get("original_path")
        title = sidecar.get("title")
        copies.append(
            RecoveryCopy(
                path=path,
                sidecar=sidecar,
                original_path=Path(original) if isinstance(original, str) and original else None,
                title=title if isinstance(title, str) and title else path.stem,
                saved_at=_saved_at(sidecar, path),
            )
        )
    return copies


def _referenced(directory: Path) -> set[str]:
    return {
        str(_read_sidecar(path).get("instance_id")) for path in directory.glob(f"*{SIDECAR_SUFFIX}")
    }


def _forget_instance(directory: Path, instance_id: str | None) -> None:
    """Remove a dead instance's lock file once no sidecar names it any more."""
    if instance_id is None or RecoveryInstance.is_live_here(directory, instance_id):
        return
    path = _lock_path(directory, instance_id)
    if not path.exists() or instance_id in _referenced(directory):
        return
    lock = _new_lock(path)
    if lock.tryLock(0):
        lock.unlock()  # unlocking deletes the file


@contextlib.contextmanager
def claim_orphans(recovery_dir: Path | None = None) -> Iterator[list[RecoveryCopy]]:
    """The orphaned copies, newest first, with their dead instances' locks held meanwhile.

    Holding those locks keeps another editor starting at the same moment from offering the
    same copies. Stale lock files that no copy refers to are swept on the way.
    """
    directory = Path(recovery_dir) if recovery_dir is not None else default_recovery_dir()
    copies = _scan(directory)
    held: list[QLockFile] = []
    free: dict[str | None, bool] = {None: True}  # a copy without an owner is an orphan
    try:
        orphans = []
        for copy in copies:
            owner = copy.instance_id
            if owner not in free:
                free[owner] = _claim(directory, owner, held)
            if free[owner]:
                orphans.append(copy)
        _sweep_locks(directory, {c.instance_id for c in copies})
        orphans.sort(key=lambda c: c.saved_at, reverse=True)
        yield orphans
    finally:
        for lock in held:
            lock.unlock()


def find_orphans(recovery_dir: Path | None = None) -> list[RecoveryCopy]:
    """Copies whose editor is no longer running (a crash), newest first."""
    with claim_orphans(recovery_dir) as orphans:
        return orphans


def _claim(directory: Path, instance_id: str | None, held: list[QLockFile]) -> bool:
    if instance_id is None:
        return True
    if RecoveryInstance.is_live_here(directory, instance_id):
        return False
    lock = _new_lock(_lock_path(directory, instance_id))
    if not lock.tryLock(0):  # a live process holds it (or the folder is not writable)
        return False
    held.append(lock)
    return True


def _sweep_locks(directory: Path, referenced: set[str | None]) -> None:
    for path in directory.glob(f"*{LOCK_SUFFIX}"):
        instance_id = path.stem
        if instance_id in referenced or RecoveryInstance.is_live_here(directory, instance_id):
            continue
        lock = _new_lock(path)
        if lock.tryLock(0):
            lock.unlock()


# ---------------------------------------------------------------------- the autosaver
class Autosaver(QObject):
    """Keeps a recovery copy of one session's map while it is modified."""

    saved = Signal(Path)
    failed = Signal(str)

    def __init__(
        self,
        session: Session | None,
        recovery_dir: Path | None = None,
        *,
        interval_ms: int = 30_000,
        pause_ms: int = 2_000,
        instance: RecoveryInstance | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.recovery_dir = default_recovery_dir() if recovery_dir is None else Path(recovery_dir)
        self._instance = instance
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(pause_ms)
        self._pause.timeout.connect(self._on_timer)
        self._periodic = QTimer(self)
        self._periodic.setInterval(interval_ms)
        self._periodic.timeout.connect(self._on_timer)
        self._session: Session | None = None
        self._copy_id = uuid.uuid4().hex
        self._written: bytes | None = None  # digest of the map in the current copy
        self._dirty = False
        if session is not None:
            self.set_session(session)

    # -------------------------------------------------------------- public
    @property
    def session(self) -> Session | None:
        return self._session

    @property
    def instance(self) -> RecoveryInstance:
        if self._instance is None:
            self._instance = RecoveryInstance.shared(self.recovery_dir)
        return self._instance

    @property
    def copy_path(self) -> Path:
        return self.recovery_dir / f"{self._copy_id}{COPY_SUFFIX}"

    @property
    def sidecar_path(self) -> Path:
        return self.recovery_dir / f"{self._copy_id}{SIDECAR_SUFFIX}"

    def set_session(self, session: Session | None) -> None:
        """Follow another document. A clean old one loses its copy; a modified one keeps it
        for recovery (call :meth:`discard` first when the user chose not to save it)."""
        old = self._session
        if old is session:
            return
        if old is not None:
            try:
                old.stack.indexChanged.disconnect(self._on_change)
                old.modifiedChanged.disconnect(self._on_change)
                old.pathChanged.disconnect(self._on_path_changed)
                keep = old.modified
            except RuntimeError:  # already destroyed: leave its copy as it is
                keep = None
            if keep:
                self.save_now()
            elif keep is False:
                self._remove_copy()
        self._stop()
        self._written = None
        self._session = session
        if session is not None:
            # A session keeps its copy id, so coming back to it reuses its copy.
            self._copy_id = str(session.property(_COPY_ID_PROPERTY) or uuid.uuid4().hex)
            session.setProperty(_COPY_ID_PROPERTY, self._copy_id)
            session.stack.indexChanged.connect(self._on_change)
            session.modifiedChanged.connect(self._on_change)
            session.pathChanged.connect(self._on_path_changed)
            self._on_change()

    def save_now(self) -> Path | None:
        """Write the copy now if the map is modified and differs from the last copy.

        Returns the copy's path, or None when nothing was written. Never raises for a
        failed write: ``failed`` says why and the next change tries again.
        """
        session = self._session
        try:
            if session is None or not session.modified:
                return None
        except RuntimeError:  # the session is being destroyed
            return None
        self._dirty = False
        data = fileformat.dumps(session.doc)
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if digest == self._written and self.copy_path.exists():
            return None
        try:
            self._write(session, data)
        except (OSError, JourneyMapError) as err:
            self._dirty = True
            self.failed.emit(f"Autosave could not write a recovery copy: {err}.")
            return None
        self._written = digest
        self.saved.emit(self.copy_path)
        return self.copy_path

    def discard(self) -> None:
        """Delete this session's copy (clean close, or the user chose not to save) and stop
        following it: a discarded map must not be written again when the next one comes."""
        self._stop()
        self._remove_copy()
        old, self._session = self._session, None
        if old is not None:
            try:
                old.stack.indexChanged.disconnect(self._on_change)
                old.modifiedChanged.disconnect(self._on_change)
                old.pathChanged.disconnect(self._on_path_changed)
            except RuntimeError:  # already destroyed
                pass

    def adopt(self, copy: RecoveryCopy) -> None:
        """Take over a restored copy: it becomes this session's copy, owned by this editor.

        Call with the session made from ``copy.restore()``; marks it modified if needed.
        """
        session = self._session
        if session is None:
            raise RuntimeError("adopt() needs a session")
        same_folder = _key(copy.path.parent) == _key(self.recovery_dir)
        if same_folder and copy.copy_id != self._copy_id:
            self._remove_copy()
            self._copy_id = copy.copy_id
            session.setProperty(_COPY_ID_PROPERTY, self._copy_id)
        self._written = None
        old_owner = copy.instance_id
        if not session.modified:
            session.mark_modified()
        if self.save_now() is None:
            return  # failed: the copy stays where it was, to be offered again
        if same_folder:
            _forget_instance(self.recovery_dir, old_owner)
        else:
            copy.discard()

    # -------------------------------------------------------------- internals
    def _on_change(self, *_args: object) -> None:
        session = self._session
        if session is None:
            return
        try:
            modified = session.modified
        except RuntimeError:  # the session is being destroyed: leave its copy alone
            return
        if modified:
            self._dirty = True
            self._pause.start()
            if not self._periodic.isActive():
                self._periodic.start()
        else:
            self._stop()
            self._remove_copy()

    def _on_path_changed(self) -> None:
        self._written = None  # the sidecar names the file: write it again
        self._on_change()

    def _on_timer(self) -> None:
        if not self._dirty:
            return
        try:
            self.save_now()
        except Exception as err:  # an autosave must never disturb the user
            self._dirty = True
            self.failed.emit(f"Autosave could not write a recovery copy: {err}.")

    def _stop(self) -> None:
        self._pause.stop()
        self._periodic.stop()
        self._dirty = False

    def _write(self, session: Session, data: bytes) -> None:
        """Sidecar first, then the copy: a copy on disk always has its owner named."""
        _ensure_dir(self.recovery_dir)
        self.instance.acquire()
        sidecar = {
            "format": SIDECAR_FORMAT,
            "format_version": 1,
            "map_format_version": FORMAT_VERSION,
            "original_path": str(session.path) if session.path is not None else None,
            "title": session.doc.title,
            "saved_at": datetime.now().astimezone().isoformat(timespec="milliseconds"),
            **_identity(self.instance),
        }
        storage.write_private(self.sidecar_path, _encode(sidecar))
        storage.write_private(self.copy_path, data)

    def _remove_copy(self) -> None:
        """The copy first, then its sidecar (so a copy never lacks one)."""
        self._written = None
        for path in (self.copy_path, self.sidecar_path):
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError as err:
                self.failed.emit(f'Autosave could not remove "{path}": {err.strerror or err}.')
