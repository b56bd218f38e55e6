"""`journeymap diff`, `merge`, `textconv` and `git-setup`, and git using them for real."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import run_cli
from versions_fixture import as_is, write_pair

from journeymap.core import fileformat

ROOT = Path(__file__).resolve().parents[1]


def test_diff_reports_the_journey_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = write_pair(tmp_path)
    code, out, _ = run_cli(capsys, "diff", str(old), str(new))
    assert code == 1
    lines = out.splitlines()
    assert '~ "Shipping cost of €4.95 appears at the l…" emotion −2 → +1' in lines
    assert '+ "Pay with Klarna" in Buy / Customer actions' in lines
    assert '> "Reads customer reviews" moved Evaluate → Discover' in lines
    assert '- "Guest checkout or create an account?" from Buy / Frontstage touchpoints' in lines
    code, out, _ = run_cli(capsys, "diff", str(old), str(old))
    assert (code, out) == (0, "")


def test_diff_stat_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = write_pair(tmp_path)
    code, out, _ = run_cli(capsys, "diff", "--stat", str(old), str(new))
    assert code == 1
    assert "touchpoints: 1 added, 1 removed, 4 changed, 1 moved" in out.splitlines()
    code, out, _ = run_cli(capsys, "diff", "--json", str(old), str(new))
    data = json.loads(out)
    assert data["equal"] is False
    changed = [c for c in data["changes"] if c["key"] == "checkout-shipping"]
    assert changed[0]["op"] == "changed"
    assert {"field": "emotion", "old": -2, "new": 1} in changed[0]["fields"]
    links = [c for c in data["changes"] if c["kind"] == "link"]
    assert all(isinstance(c["key"], list) and len(c["key"]) == 2 for c in links)


def test_diff_of_a_broken_file_is_exit_2_with_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = write_pair(tmp_path)
    bad = tmp_path / "bad.journeymap"
    bad.write_text('{"format": "journeymap", "version": 1, "title": 3}', encoding="utf-8")
    code, _, err = run_cli(capsys, "diff", str(old), str(bad))
    assert code == 2
    assert "bad.journeymap" in err and "title" in err and "Traceback" not in err


def _three(tmp_path: Path, edit_ours: dict[str, object], edit_theirs: dict[str, object],
           card: str = "payment") -> tuple[Path, Path, Path]:
    paths = []
    for name, fields in (("base", {}), ("ours", edit_ours), ("theirs", edit_theirs)):
        doc = as_is()
        if fields:
            doc.update_touchpoint(card, **fields)
        path = tmp_path / f"{name}.journeymap"
        fileformat.save(doc, path, backup=False)
        paths.append(path)
    return paths[0], paths[1], paths[2]


def test_merge_writes_ours_and_exits_0_when_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, ours, theirs = _three(tmp_path, {"emotion": 2}, {"owner": "Payments team"})
    code, _, err = run_cli(capsys, "merge", str(base), str(ours), str(theirs))
    assert (code, err) == (0, "")
    merged = fileformat.load(ours).touchpoint("payment")
    assert (merged.emotion, merged.owner) == (2, "Payments team")


def test_merge_conflict_exits_1_lists_it_and_writes_a_valid_map(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, ours, theirs = _three(tmp_path, {"emotion": 2}, {"emotion": -2})
    out = tmp_path / "out.journeymap"
    code, _, err = run_cli(capsys, "merge", str(base), str(ours), str(theirs), "-o", str(out))
    assert code == 1
    assert "1 conflict" in err
    assert '"Chooses a payment method and pays" emotion: ours +2, theirs −2' in err
    assert fileformat.load(out).touchpoint("payment").emotion == 2


def test_merge_refuses_to_write_over_base_or_theirs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, ours, theirs = _three(tmp_path, {"emotion": 2}, {"owner": "x"})
    before = theirs.read_bytes()
    code, _, err = run_cli(capsys, "merge", str(base), str(ours), str(theirs), "-o", str(theirs))
    assert code == 2 and err == (
        f'journeymap: will not write "{theirs}": it is the input "{theirs}"; '
        "name another output file (nothing was written)\n")
    assert theirs.read_bytes() == before
    link = tmp_path / "link.journeymap"
    link.symlink_to(base)
    before = base.read_bytes()
    code, _, err = run_cli(capsys, "merge", str(base), str(ours), str(theirs), "-o", str(link))
    assert code == 2 and f'it is the input "{base}"' in err and base.read_bytes() == before
    fifo = tmp_path / "fifo.journeymap"
    os.mkfifo(fifo)
    code, _, err = run_cli(capsys, "merge", str(base), str(ours), str(theirs), "-o", str(fifo))
    assert code == 2 and "it is a named pipe (FIFO) (nothing was written)" in err
    other = tmp_path / "other.journeymap"
    other.write_text("old")
    code, _, err = run_cli(capsys, "merge", str(base), str(ours), str(theirs), "-o", str(other))
    assert code == 0, err  # like OURS, an output named with -o is replaced (git's contract)
    assert fileformat.load(other).touchpoint("payment").emotion == 2


def test_merge_with_an_unreadable_input_leaves_ours_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, ours, theirs = _three(tmp_path, {"emotion": 2}, {"owner": "x"})
    theirs.write_text("{ not json", encoding="utf-8")
    before = ours.read_bytes()
    code, _, err = run_cli(capsys, "merge", str(base), str(ours), str(theirs))
    assert code == 2 and "nothing was written" in err
    assert ours.read_bytes() == before


def test_textconv_puts_one_card_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, new = write_pair(tmp_path)
    code, out, _ = run_cli(capsys, "textconv", str(new))
    assert code == 0
    (line,) = [x for x in out.splitlines() if " klarna " in x]
    assert line.startswith("  [customer #3] klarna ") and 'emotion=2' in line


# ---------------------------------------------------------------------- real git
def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GIT_CONFIG_GLOBAL": str(repo / "no-global"),
           "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env,
                          timeout=120)
    if check:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def repo(tmp_path: Path, capsys: pytest.CaptureFixture[str],
         monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.name", "Test Designer")
    _git(root, "config", "user.email", "designer@example.com")
    monkeypatch.chdir(root)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(root / "no-global"))
    code, out, err = run_cli(capsys, "git-setup")
    assert code == 0, err
    assert "*.journeymap diff=journeymap merge=journeymap" in (root / ".gitattributes").read_text()
    fileformat.save(as_is(), root / "journey.journeymap", backup=False)
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "as-is")
    return root


def _branch_edit(repo: Path, branch: str, start: str, card: str, **fields: object) -> None:
    _git(repo, "checkout", "-q", "-b", branch, start)
    doc = fileformat.load(repo / "journey.journeymap")
    doc.update_touchpoint(card, **fields)
    fileformat.save(doc, repo / "journey.journeymap", backup=False)
    _git(repo, "commit", "-q", "-am", f"edit {card}")


def test_git_merges_edits_of_different_cards_cleanly(repo: Path) -> None:
    _branch_edit(repo, "ours", "main", "payment", emotion=2)
    _branch_edit(repo, "theirs", "main", "size-guide", emotion=1)
    _git(repo, "checkout", "-q", "ours")
    done = _git(repo, "merge", "-q", "--no-edit", "theirs", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    merged = fileformat.load(repo / "journey.journeymap")
    assert merged.touchpoint("payment").emotion == 2
    assert merged.touchpoint("size-guide").emotion == 1


def test_git_marks_a_true_conflict_and_keeps_a_valid_map(repo: Path) -> None:
    _branch_edit(repo, "ours", "main", "payment", emotion=2)
    _branch_edit(repo, "theirs", "main", "payment", emotion=-2)
    _git(repo, "checkout", "-q", "ours")
    done = _git(repo, "merge", "--no-edit", "theirs", check=False)
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert "CONFLICT" in output and "journey.journeymap" in output
    assert "emotion: ours +2, theirs −2" in output
    status = _git(repo, "status", "--porcelain").stdout
    assert "UU journey.journeymap" in status
    merged = fileformat.load(repo / "journey.journeymap")  # no <<<<<<< markers: it loads
    assert merged.touchpoint("payment").emotion == 2


def test_git_diff_and_log_show_the_journey_changes(repo: Path) -> None:
    doc = fileformat.load(repo / "journey.journeymap")
    doc.update_touchpoint("checkout-shipping", emotion=1)
    fileformat.save(doc, repo / "journey.journeymap", backup=False)
    out = _git(repo, "diff").stdout
    assert '~ "Shipping cost of €4.95 appears at the l…" emotion −2 → +1' in out
    _git(repo, "commit", "-q", "-am", "better shipping")
    log = _git(repo, "log", "-p", "-1").stdout
    assert "+  [customer #1] checkout-shipping " in log and "emotion=1" in log


def test_git_setup_outside_a_repository_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, _, err = run_cli(capsys, "git-setup")
    assert code == 2 and "not inside a git repository" in err


def test_git_setup_global_writes_the_users_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "gitconfig"
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(capsys, "git-setup", "--global")
    assert code == 0, err
    text = config.read_text()
    assert "[merge \"journeymap\"]" in text and sys.executable in text
    attributes = (tmp_path / "xdg" / "git" / "attributes").read_text()
    assert "*.journeymap diff=journeymap merge=journeymap" in attributes
