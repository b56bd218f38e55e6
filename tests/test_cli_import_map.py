"""``journeymap import`` of tables with ``--map`` and ``--dry-run``; refusals name the file once."""

from __future__ import annotations

from pathlib import Path

import pytest
from clirun import run_cli as run

from journeymap.core.fileformat import load

GRID = Path(__file__).parent / "interop" / "fixtures" / "grid-pm.csv"


def test_dry_run_prints_mapping_rows_and_warnings_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.journeymap"
    code, out, err = run(capsys, "import", str(GRID), str(target), "--dry-run",
                         "--map", "Thinking=description")
    assert code == 0, err
    assert not target.exists() and err == ""
    lines = out.splitlines()
    assert lines[0] == "layout: a grid with the stages across"
    assert '  row label "Touchpoints" → Channel' in lines
    assert '  row label "Thinking" → Description' in lines
    assert "4 touchpoints in 3 stages; the first as they will import:" in lines
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["Stage", "Title"])
    assert lines[header + 1].split()[:4] == ["Discover", "Sees", "an", "ad"]
    assert "1 warning:" in lines and lines[-1] == "nothing was written (--dry-run)"


def test_map_option_changes_the_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "reise.csv"
    source.write_text("Phase;Wortlaut;Kanal;Budget\nA;Hallo;Telefon;12\n", "utf-8")
    code, _, err = run(capsys, "import", str(source), str(tmp_path / "out"))
    assert code == 1
    assert err.count("reise") == 1 and '"Wortlaut"' in err  # the file named once
    code, out, err = run(capsys, "import", str(source), str(tmp_path / "out"),
                         "--map", "Wortlaut=title", "--map", "Budget=ignore")
    assert code == 0, err
    assert err == ""  # Budget ignored as asked: no warning
    card = load(tmp_path / "out.journeymap").touchpoints()[0]
    assert (card.title, card.channel) == ("Hallo", "phone")


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["--map", "Kanal"], "write HEADER=FIELD"),
        (["--map", "Kanal=feelings"], "write HEADER=FIELD"),
    ],
)
def test_bad_map_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], phrase: str
) -> None:
    code, _, err = run(capsys, "import", str(GRID), str(tmp_path / "o"), *args)
    assert code == 1 and phrase in err and len(err.strip().splitlines()) == 1


def test_map_is_refused_for_mermaid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "j.mmd"
    source.write_text("journey\n  section A\n    Task: 3: Me\n", "utf-8")
    code, _, err = run(capsys, "import", str(source), str(tmp_path / "o"), "--map", "A=title")
    assert code == 1 and "--map applies to tables" in err


def test_out_is_needed_unless_dry_run(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", str(GRID))
    assert code == 1 and "--dry-run" in err
