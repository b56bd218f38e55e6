"""Touchpoint tables, CSV and Excel (.xlsx), read and written.

May import core and interop.common only.

One row per touchpoint; an Excel workbook also has sheets for stages, lanes, links,
improvements and the map itself. See ``docs/spreadsheets.md`` for columns and synonyms.
"""

from __future__ import annotations

from journeymap.interop.sheets.csvfile import read_csv, write_csv
from journeymap.interop.sheets.xlsx import read_xlsx, write_xlsx

__all__ = ["read_csv", "read_xlsx", "write_csv", "write_xlsx"]
