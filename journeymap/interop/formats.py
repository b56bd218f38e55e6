"""Every file format JourneyMap imports or exports, by extension: one list for the command line
and the editor's File menus.

Readers and writers are named by dotted path and imported only when used, so this module
imports nothing heavy. The image writers need Qt and live in
:mod:`journeymap.gui.canvas.imageexport`;
naming them here does not import them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from journeymap.core.model import JourneyMap
from journeymap.interop.common import ImportResult

__all__ = [
    "EXPORTS",
    "IMPORTS",
    "Format",
    "export_format",
    "exporter",
    "import_format",
    "importer",
    "suffix_list",
]

Kind = Literal["pdf", "image", "data"]


@dataclass(frozen=True)
class Format:
    """One file format: its extensions (the first is the one written), names and code."""

    suffixes: tuple[str, ...]
    label: str  # what the menu says, e.g. "Excel workbook"
    kind: Kind
    code: str  # "module:function"

    @property
    def suffix(self) -> str:
        return self.suffixes[0]

    @property
    def file_filter(self) -> str:
        """A Qt file-dialog filter: ``"GraphML (*.graphml)"``."""
        return f"{self.label} ({' '.join('*' + s for s in self.suffixes)})"

    def load(self) -> Callable[..., Any]:
        """The reader or writer function (imports its module now)."""
        module, _, name = self.code.partition(":")
        function: Callable[..., Any] = getattr(importlib.import_module(module), name)
        return function


#: What ``journeymap export`` writes and File ▸ Export offers, in menu order.
EXPORTS: tuple[Format, ...] = (
    Format((".pdf",), "Map PDF", "pdf", "journeymap.export:write_map_pdf"),
    Format((".png",), "Image (PNG)", "image", "journeymap.gui.canvas.imageexport:write_png"),
    Format((".svg",), "SVG", "image", "journeymap.gui.canvas.imageexport:write_svg"),
    Format((".csv",), "Spreadsheet (CSV)", "data", "journeymap.interop.sheets:write_csv"),
    Format((".xlsx",), "Excel workbook", "data", "journeymap.interop.sheets:write_xlsx"),
    Format((".mmd",), "Mermaid journey", "data", "journeymap.interop.mermaid:write_mermaid"),
    Format((".md",), "Markdown (Mermaid block)", "data",
           "journeymap.interop.mermaid:write_markdown"),
    Format((".graphml",), "GraphML", "data", "journeymap.interop.graph:write_graphml"),
    Format((".json",), "Node-link JSON", "data", "journeymap.interop.graph:write_node_link"),
)

#: What ``journeymap import`` reads and File ▸ Import… offers.
IMPORTS: tuple[Format, ...] = (
    Format((".mmd", ".md", ".markdown", ".qmd", ".html", ".htm"), "Mermaid journey", "data",
           "journeymap.interop.mermaid:read_mermaid"),
    Format((".csv", ".tsv"), "Spreadsheet (CSV)", "data", "journeymap.interop.sheets:read_csv"),
    Format((".xlsx",), "Excel workbook", "data", "journeymap.interop.sheets:read_xlsx"),
)


def _find(formats: tuple[Format, ...], suffix: str) -> Format | None:
    suffix = suffix.lower()
    return next((f for f in formats if suffix in f.suffixes), None)


def export_format(path: str | Path) -> Format | None:
    """The export format named by ``path``'s extension, or None."""
    return _find(EXPORTS, Path(path).suffix)


def import_format(path: str | Path) -> Format | None:
    """The import format named by ``path``'s extension, or None."""
    return _find(IMPORTS, Path(path).suffix)


def exporter(fmt: Format) -> Callable[[JourneyMap, Path], None]:
    """The ``write(doc, path)`` function of a data format (PDF and images take options)."""
    function: Callable[[JourneyMap, Path], None] = fmt.load()
    return function


def importer(fmt: Format) -> Callable[[Path], ImportResult]:
    """The ``read(path) -> ImportResult`` function of an import format."""
    function: Callable[[Path], ImportResult] = fmt.load()
    return function


def suffix_list(formats: tuple[Format, ...]) -> str:
    """``".pdf, .png, … or .json"`` for sentences."""
    suffixes = [s for f in formats for s in f.suffixes]
    return ", ".join(suffixes[:-1]) + " or " + suffixes[-1]
