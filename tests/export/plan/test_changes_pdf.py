"""The plan's "What changes" section, read back from `journeymap plan --compare`."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from tests.clirun import run_cli
from tests.versions_fixture import write_pair


def _column(path: Path, index: int, header: str, after: str) -> str:
    """The text of one table column of page ``index``, between two headers, on one line."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[index]
        words = {w["text"]: w for w in page.extract_words()}
        left, right = words[header]["x0"] - 2, words[after]["x0"] - 2
        text = page.crop((left, words[header]["top"], right, page.height)).extract_text()
    return " ".join((text or "").split())


def _pages(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_plan_with_compare_has_a_what_changes_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = write_pair(tmp_path)
    out = tmp_path / "plan.pdf"
    code, stdout, err = run_cli(capsys, "plan", str(new), str(out), "--compare", str(old))
    assert code == 0, err
    pages = _pages(out)
    (page,) = [p for p in pages if p.startswith("What changes")]
    assert "Mean emotion of the whole journey: +0.09 → +0.39 (+0.30)" in page
    assert "Show total cost, including shipping, before checkout" in page
    buy = next(line for line in page.splitlines() if line.startswith("Buy "))
    assert "Pay with Klarna" in buy and "Guest checkout" in buy
    assert "−0.60 → +0.60 (+1.20)" in buy  # the stage's mean emotion
    index = pages.index(page)
    worsened = _column(out, index, "Worsened", "Mean")
    assert "Carrier tracking page (−1)" in worsened  # with its delta
    changed = _column(out, index, "Changed", "Improved")
    assert "Reads customer reviews (moved from Evaluate)" in changed
    assert "Shipping cost of €4.95 appears at the last step (description)" in changed
    plain = tmp_path / "plain.pdf"
    assert run_cli(capsys, "plan", str(new), str(plain))[0] == 0
    assert not any(p.startswith("What changes") for p in _pages(plain))
    assert len(_pages(plain)) == len(pages) - 1


def test_a_missing_as_is_map_is_one_sentence_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, new = write_pair(tmp_path)
    out = tmp_path / "plan.pdf"
    code, _, err = run_cli(capsys, "plan", str(new), str(out), "--compare",
                           str(tmp_path / "nope.journeymap"))
    assert code != 0 and not out.exists()
    assert err.count("\n") == 1 and "nope.journeymap" in err and "Traceback" not in err
