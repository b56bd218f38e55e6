"""A map as it was in a git revision: for comparing the open file with its own history.

Runs ``git show REV:PATH`` in the file's folder (git is a program on the machine, not a
library); every failure is one sentence naming the file and the revision.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Final

from journeymap.core.errors import JourneyMapError
from journeymap.core.fileformat import loads
from journeymap.core.model import JourneyMap

#: what a revision may look like (refuses options and anything git would take as a path)
REVISION: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.~^/@{}:-]{0,199}$")
TIMEOUT: Final = 20.0


class RevisionError(JourneyMapError):
    """A revision of a map that cannot be read."""


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=folder, capture_output=True, check=False,
                              timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise RevisionError(f"git could not be run ({err.__class__.__name__})") from None


def repository_path(path: Path) -> str | None:
    """``path`` relative to the top of its git work tree, or None when it is in none."""
    folder = path.resolve().parent
    try:
        done = _git(folder, "rev-parse", "--show-toplevel")
    except RevisionError:
        return None
    if done.returncode != 0:
        return None
    top = Path(done.stdout.decode("utf-8", "replace").strip()).resolve()
    try:
        return path.resolve().relative_to(top).as_posix()
    except ValueError:
        return None


def load_revision(path: Path, revision: str) -> JourneyMap:
    """The map file ``path`` as it was in ``revision`` (``HEAD``, ``main~3``, a hash)."""
    revision = revision.strip()
    if not REVISION.match(revision) or ".." in revision:
        raise RevisionError(f"“{revision}” is not a git revision name")
    inside = repository_path(path)
    if inside is None:
        raise RevisionError(f"{path.name} is not in a git repository")
    done = _git(path.resolve().parent, "show", f"{revision}:{inside}")
    if done.returncode != 0:
        raise RevisionError(f"{path.name} has no version in revision “{revision}”")
    try:
        return loads(done.stdout)
    except JourneyMapError as err:
        raise RevisionError(f"{path.name} in revision “{revision}”: {err}") from None


__all__ = ["RevisionError", "load_revision", "repository_path"]
