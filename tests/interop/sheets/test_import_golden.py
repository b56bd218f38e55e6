"""Importing a table gives exactly the map and warnings it gave before the import was sped up.

``fixtures/import-golden.csv`` mixes sound rows with every problem a row can have (no
title, ids too long or used twice, taken and impossible slots, unknown emotions and
colours, a new channel, metrics that are not numbers or too large, votes over the limit,
links by id and by title, cells past the last column). ``import-golden.journeymap`` and
``import-golden-warnings.json`` were written by the import as it was before the one-pass
checks: any change to the bytes of the map file or to a warning is a change of behaviour.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from journeymap.core import fileformat
from journeymap.interop.sheets import read_csv, read_xlsx
from tests.clirun import run_cli

FIXTURES = Path(__file__).parents[1] / "fixtures"
SOURCE = FIXTURES / "import-golden.csv"
GOLDEN = (FIXTURES / "import-golden.journeymap").read_bytes()
WARNINGS = json.loads((FIXTURES / "import-golden-warnings.json").read_text(encoding="utf-8"))


def test_csv_import_gives_the_same_map_bytes_and_warnings() -> None:
    result = read_csv(SOURCE)
    assert result.warnings == WARNINGS["csv"]
    assert fileformat.dumps(result.doc) == GOLDEN


def test_xlsx_import_gives_the_same_map_bytes_and_warnings(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Workshop"
    with open(SOURCE, newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            sheet.append([cell if cell != "" else None for cell in row])
    path = tmp_path / "import-golden.xlsx"
    book.save(path)
    result = read_xlsx(path)
    assert result.warnings == WARNINGS["xlsx"]
    assert fileformat.dumps(result.doc) == GOLDEN


def test_import_command_writes_the_same_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "map.journeymap"
    code, stdout, stderr = run_cli(capsys, "import", str(SOURCE), str(out))
    assert code == 0, stderr
    assert out.read_bytes() == GOLDEN
    assert stderr.splitlines() == [f"journeymap: warning: {w}" for w in WARNINGS["csv"]]
    assert "imported 232 touchpoints and 22 links" in stdout


def test_the_fixture_exercises_the_row_checks() -> None:
    """The golden file is only worth as much as the problems its rows hold."""
    said = "\n".join(WARNINGS["csv"])
    for needle in ("no title; the row is skipped", "is already used in row",
                   "id is longer than 64", "slot 3000000000 is over", "of its cell is taken",
                   "is not an emotion", "is not a colour", "is new; added to the map",
                   "metrics.big: expected a number within", "votes: expected an integer",
                   "is not name=number", "no touchpoint has that id or title",
                   "beyond the last titled column", "title is longer than 20,000"):
        assert needle in said, needle


def test_a_map_over_the_file_size_limit_is_written_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """200,000 rows make a 59 MB map: the command says that JourneyMap will not open it."""
    monkeypatch.setattr(fileformat, "MAX_FILE_BYTES", 100_000)  # the golden map is 104 KB
    out = tmp_path / "map.journeymap"
    code, _, stderr = run_cli(capsys, "import", str(SOURCE), str(out))
    assert code == 0
    assert out.read_bytes() == GOLDEN
    assert stderr.splitlines()[-1] == (
        f'journeymap: warning: "{out}" is 0.1 MB, over the 0 MB a map file may hold: '
        "JourneyMap will not open it; import the table in parts"
    )
    with pytest.raises(Exception, match="limited to 50 MB|over"):
        fileformat.load(out)
