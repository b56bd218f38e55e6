"""A map as it was in a git revision, read with a real git repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from journeymap.core import fileformat
from journeymap.core.revisions import RevisionError, load_revision, repository_path
from tests.versions_fixture import as_is, to_be


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
                   cwd=folder, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose map was committed as-is, then edited to the to-be (not committed)."""
    git(tmp_path, "init", "-q")
    (tmp_path / "maps").mkdir()
    path = tmp_path / "maps" / "journey.journeymap"
    fileformat.save(as_is(), path, backup=False)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "as-is")
    fileformat.save(to_be(), path, backup=False)
    return path


def test_the_committed_version_is_read_back(repo: Path) -> None:
    assert repository_path(repo) == "maps/journey.journeymap"
    old = load_revision(repo, "HEAD")
    assert fileformat.dumps(old) == fileformat.dumps(as_is())
    assert fileformat.dumps(fileformat.load(repo)) != fileformat.dumps(old)


@pytest.mark.parametrize(("revision", "says"), [
    ("nope", "has no version in revision “nope”"),
    ("--output=x", "is not a git revision name"),
    ("HEAD..main", "is not a git revision name"),
])
def test_bad_revisions_are_one_sentence(repo: Path, revision: str, says: str) -> None:
    with pytest.raises(RevisionError) as caught:
        load_revision(repo, revision)
    assert says in str(caught.value) and "\n" not in str(caught.value)
    assert not (repo.parent / "x").exists()


def test_a_file_outside_a_repository(tmp_path: Path) -> None:
    path = tmp_path / "alone.journeymap"
    fileformat.save(as_is(), path, backup=False)
    assert repository_path(path) is None
    with pytest.raises(RevisionError, match="alone.journeymap is not in a git repository"):
        load_revision(path, "HEAD")
