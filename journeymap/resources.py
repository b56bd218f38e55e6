"""Where the bundled examples, templates and schema live (installed or in a checkout)."""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).resolve().parent / "resources"
_CHECKOUT = Path(__file__).resolve().parent.parent / "resources"


def resources_dir() -> Path:
    """The folder holding examples/, templates/ and journeymap.schema.json."""
    return _PACKAGED if _PACKAGED.is_dir() else _CHECKOUT


def templates() -> dict[str, Path]:
    """Template name → file: the blank starting point first, then the worked examples."""
    root = resources_dir()
    found: dict[str, Path] = {}
    for folder in ("templates", "examples"):
        for path in sorted((root / folder).glob("*.journeymap")):
            found.setdefault(path.stem, path)
    return found


def example(name: str) -> Path:
    return resources_dir() / "examples" / f"{name}.journeymap"


def schema_path() -> Path:
    return resources_dir() / "journeymap.schema.json"
