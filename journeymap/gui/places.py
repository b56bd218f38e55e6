"""Where file dialogs start: the map's own folder, never the bundled examples, and a file
name made from the map's title."""

from __future__ import annotations

import re
from pathlib import Path

from journeymap.resources import resources_dir

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def is_bundled(path: Path) -> bool:
    """True for a file inside JourneyMap's own resources (an example or a template)."""
    try:
        path.resolve().relative_to(resources_dir().resolve())
    except (ValueError, OSError):
        return False
    return True


def proposed_folder(map_path: Path | None) -> Path:
    """The folder a save or export dialog opens in: the map's, unless it is a bundled one."""
    if map_path is not None and not is_bundled(map_path):
        return map_path.parent
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def file_stem(title: str) -> str:
    """A file name (without suffix) from a map title, without characters file systems refuse."""
    return " ".join(_UNSAFE.sub(" ", title).split()).strip(". ") or "Journey map"


def proposed_map_path(title: str, map_path: Path | None) -> Path:
    """What Save As proposes: the map's own file, or one named after its title."""
    if map_path is not None and not is_bundled(map_path):
        return map_path
    return proposed_folder(map_path) / f"{file_stem(title)}.journeymap"
