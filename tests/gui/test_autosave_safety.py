"""Recovery copies are private and never written or read through a planted symbolic link;
the recovery folder no longer doubles the application's name."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QStandardPaths  # noqa: E402

from journeymap.core import fileformat  # noqa: E402
from journeymap.core.commands import Edit  # noqa: E402
from journeymap.core.errors import FileAccessError  # noqa: E402
from journeymap.gui.autosave import Autosaver, default_recovery_dir, find_orphans  # noqa: E402
from journeymap.gui.session import Session  # noqa: E402
from journeymap.resources import example  # noqa: E402

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and symlinks")


@pytest.fixture
def session(qapp: object, tmp_path: Path) -> Session:
    path = tmp_path / "user" / "service.journeymap"
    path.parent.mkdir()
    shutil.copyfile(example("service-business"), path)
    doc = fileformat.load(path)
    session = Session(doc, path)
    assert session.execute(Edit("map", None, {"title": "Edited"}))
    return session


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_copies_are_0600_in_a_0700_folder_tightened_when_looser(
    session: Session, tmp_path: Path
) -> None:
    recovery = tmp_path / "recovery"
    recovery.mkdir(mode=0o755)
    os.chmod(recovery, 0o755)
    saver = Autosaver(session, recovery, pause_ms=60_000, interval_ms=60_000)
    old = os.umask(0o022)
    try:
        copy = saver.save_now()
    finally:
        os.umask(old)
    assert copy is not None and copy.parent == recovery
    assert _mode(recovery) == 0o700
    assert _mode(copy) == 0o600 and _mode(saver.sidecar_path) == 0o600
    assert fileformat.load(copy).title == "Edited"
    saver.set_session(None)


def test_planted_links_at_the_copy_and_sidecar_are_replaced_not_followed(
    session: Session, tmp_path: Path
) -> None:
    recovery = tmp_path / "recovery"
    saver = Autosaver(session, recovery, pause_ms=60_000, interval_ms=60_000)
    recovery.mkdir(mode=0o700)
    victims = {}
    for path in (saver.copy_path, saver.sidecar_path):
        victim = tmp_path / f"victim-{path.suffix.lstrip('.')}"
        victim.write_text("precious")
        path.symlink_to(victim)
        victims[path] = victim
    assert saver.save_now() == saver.copy_path
    for path, victim in victims.items():
        assert victim.read_text() == "precious"
        assert not path.is_symlink() and _mode(path) == 0o600
    assert json.loads(saver.sidecar_path.read_text())["title"] == "Edited"
    saver.set_session(None)


def test_linked_copies_and_sidecars_are_not_read(tmp_path: Path, qapp: object) -> None:
    recovery = tmp_path / "recovery"
    recovery.mkdir(mode=0o700)
    secret = tmp_path / "secret.journeymap"
    shutil.copyfile(example("service-business"), secret)
    (recovery / ("a" * 32 + ".journeymap")).symlink_to(secret)
    sidecar_target = tmp_path / "sidecar.json"
    sidecar_target.write_text(json.dumps({"title": "From elsewhere"}))
    copy = recovery / ("b" * 32 + ".journeymap")
    shutil.copyfile(example("service-business"), copy)
    copy.with_suffix(".json").symlink_to(sidecar_target)
    orphans = find_orphans(recovery)
    assert [o.path for o in orphans] == [copy]
    assert orphans[0].sidecar == {} and orphans[0].title == copy.stem


def test_restoring_a_copy_replaced_by_a_link_is_refused(tmp_path: Path, qapp: object) -> None:
    recovery = tmp_path / "recovery"
    recovery.mkdir(mode=0o700)
    copy = recovery / ("c" * 32 + ".journeymap")
    shutil.copyfile(example("service-business"), copy)
    (orphan,) = find_orphans(recovery)
    copy.unlink()
    copy.symlink_to(example("service-business"))
    with pytest.raises(FileAccessError, match="is a symbolic link; it is not followed"):
        orphan.restore()


def test_the_folder_is_not_doubled_and_the_old_one_is_moved(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    old = data / "JourneyMap" / "JourneyMap" / "recovery"
    old.mkdir(parents=True)
    (old / "kept.journeymap").write_text("{}")
    names = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    test_mode = QStandardPaths.isTestModeEnabled()
    QStandardPaths.setTestModeEnabled(False)  # so that XDG_DATA_HOME counts
    QCoreApplication.setOrganizationName("JourneyMap")
    QCoreApplication.setApplicationName("JourneyMap")
    try:
        folder = default_recovery_dir()
        again = default_recovery_dir()
    finally:
        QStandardPaths.setTestModeEnabled(test_mode)
        QCoreApplication.setOrganizationName(names[0])
        QCoreApplication.setApplicationName(names[1])
    assert folder == again == data / "JourneyMap" / "recovery"
    assert (folder / "kept.journeymap").read_text() == "{}"
    assert not (data / "JourneyMap" / "JourneyMap").exists()
