"""PDF maps and improvement plans with ReportLab; no Qt.

    from journeymap.export import ExportOptions, write_map_pdf, write_plan_pdf
    report = write_map_pdf(doc, "map.pdf", ExportOptions(page_size="A3", client="Nordlys"))
    report.pages, report.warnings

Both writers check everything first (options, logo, fonts, the target folder) and raise
:class:`ExportError` with one sentence for the user; the file is replaced only when the
whole PDF is ready.
"""

from __future__ import annotations

from journeymap.export.document import ExportReport
from journeymap.export.map.pdf import write_map_pdf
from journeymap.export.options import (
    DEFAULT_ACCENT,
    PAGE_SIZES,
    ExportError,
    ExportOptions,
    ExportWarning,
    Progress,
    parse_accent,
)
from journeymap.export.plan.pdf import write_plan_pdf

__all__ = [
    "DEFAULT_ACCENT",
    "PAGE_SIZES",
    "ExportError",
    "ExportOptions",
    "ExportReport",
    "ExportWarning",
    "Progress",
    "parse_accent",
    "write_map_pdf",
    "write_plan_pdf",
]
