"""Autosave and crash recovery: copies in the recovery folder only, removal on save and close,
orphans found only once their editor is gone, and the Restore / Discard / Later dialog."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
import shiboken6  # noqa: E402
from PySide6.QtCore import QCoreApplication, QStandardPaths  # noqa: E402
from PySide6.QtWidgets import QLabel, QRadioButton  # noqa: E402

from journeymap.core import fileformat  # noqa: E402
from journeymap.core.commands import Edit  # noqa: E402
from journeymap.core.errors import FileFormatError  # noqa: E402
from journeymap.core.model import JourneyMap  # noqa: E402
from journeymap.gui.autosave import (  # noqa: E402
    Autosaver,
    RecoveryInstance,
    default_recovery_dir,
    find_orphans,
)
from journeymap.gui.dialogs.recovery import Action, RecoveryDialog, offer_recovery  # noqa: E402
from journeymap.gui.session import Session  # noqa: E402
from journeymap.resources import example  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------------- helpers
@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    folder = tmp_path / "user"
    folder.mkdir()
    path = folder / "service.journeymap"
    shutil.copyfile(example("service-business"), path)
    return path


@pytest.fixture
def recovery(tmp_path: Path) -> Path:
    return tmp_path / "recovery"


@pytest.fixture
def session(qapp: object, user_file: Path) -> Session:
    return Session(fileformat.load(user_file), user_file)


def saver_for(session: Session, recovery: Path, **kwargs: object) -> Autosaver:
    options: dict[str, object] = {"pause_ms": 50, "interval_ms": 200, **kwargs}
    return Autosaver(session, recovery, **options)  # type: ignore[arg-type]


def retitle(session: Session, title: str) -> None:
    assert session.execute(Edit("map", None, {"title": title}))


def copies_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.journeymap")) if folder.is_dir() else []


def same_map(a: JourneyMap, b: JourneyMap) -> bool:
    return fileformat.dumps(a) == fileformat.dumps(b)


def crashed_copies(recovery: Path, sessions: list[Session]) -> list[Path]:
    """Copies written by an editor that then died without cleaning up (its lock is free)."""
    instance = RecoveryInstance(recovery)
    savers = [Autosaver(s, recovery, instance=instance) for s in sessions]
    paths = []
    for saver in savers:
        path = saver.save_now()
        assert path is not None
        paths.append(path)
    instance.release()  # the process is gone; nobody removed its copies
    for saver in savers:
        saver.set_session(None)  # keeps modified sessions' copies, as a dead process would
    return paths


_OTHER_EDITOR = r"""
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from journeymap.core import fileformat
from journeymap.core.commands import Edit
from journeymap.gui.autosave import Autosaver
from journeymap.gui.session import Session

app = QCoreApplication([])
recovery, original, title = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
session = Session(fileformat.load(original), original)
session.execute(Edit("map", None, {"title": title}))
saver = Autosaver(session, recovery)
print(saver.save_now(), flush=True)
sys.stdin.readline()
"""


@contextmanager
def other_editor(
    recovery: Path, original: Path, title: str
) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """Another running JourneyMap process that has written a copy and keeps running."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _OTHER_EDITOR, str(recovery), str(original), title],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        line = proc.stdout.readline().strip()
        assert line and line != "None", proc.stderr.read()
        yield proc, Path(line)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


# ---------------------------------------------------------------------- the folder
def test_default_recovery_dir_is_in_app_data_and_not_created(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    names = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    test_mode = QStandardPaths.isTestModeEnabled()
    QStandardPaths.setTestModeEnabled(False)  # so that XDG_DATA_HOME counts
    QCoreApplication.setOrganizationName("JourneyMap")
    QCoreApplication.setApplicationName("JourneyMap")
    try:
        folder = default_recovery_dir()
    finally:
        QStandardPaths.setTestModeEnabled(test_mode)
        QCoreApplication.setOrganizationName(names[0])
        QCoreApplication.setApplicationName(names[1])
    assert folder.name == "recovery"
    assert folder.parent.name == "JourneyMap"
    assert folder.is_relative_to(tmp_path / "data")
    assert not folder.exists()


# ---------------------------------------------------------------------- writing copies
def test_copy_appears_after_a_pause_in_the_recovery_folder_only(
    qtbot, session: Session, recovery: Path, user_file: Path
) -> None:
    saver = saver_for(session, recovery, interval_ms=60_000)
    with qtbot.waitSignal(saver.saved, timeout=3000) as blocker:
        retitle(session, "X")
    copy = blocker.args[0]
    assert copy == saver.copy_path and copy.parent == recovery
    assert sorted(p.name for p in user_file.parent.iterdir()) == [user_file.name]
    assert same_map(fileformat.loads(copy.read_bytes()), session.doc)
    assert fileformat.loads(copy.read_bytes()).title == "X"
    assert fileformat.load(user_file).title != "X"  # the user's file is untouched

    sidecar = json.loads(saver.sidecar_path.read_text("utf-8"))
    assert sidecar["original_path"] == str(user_file)
    assert sidecar["title"] == "X"
    assert sidecar["pid"] == os.getpid()
    assert sidecar["instance_id"] == saver.instance.id
    assert sidecar["hostname"]
    assert sidecar["format"] == "journeymap-recovery"
    assert datetime.fromisoformat(sidecar["saved_at"]).tzinfo is not None
    assert (recovery / f"{saver.instance.id}.lock").exists()
    assert recovery.stat().st_mode & 0o077 == 0  # private to the user


def test_periodic_copy_while_the_user_keeps_working(
    qtbot, session: Session, recovery: Path
) -> None:
    saver = saver_for(session, recovery, pause_ms=60_000, interval_ms=150)
    retitle(session, "X")
    qtbot.waitUntil(saver.copy_path.exists, timeout=3000)
    retitle(session, "Y")
    qtbot.waitUntil(
        lambda: fileformat.loads(saver.copy_path.read_bytes()).title == "Y", timeout=3000
    )


def test_pause_timer_restarts_on_every_change(qtbot, session: Session, recovery: Path) -> None:
    saver = saver_for(session, recovery, pause_ms=900, interval_ms=60_000)
    retitle(session, "X")
    qtbot.wait(500)
    retitle(session, "Y")
    qtbot.wait(550)  # 1050 ms after the first change, 550 ms after the last
    assert not saver.copy_path.exists()
    qtbot.waitUntil(saver.copy_path.exists, timeout=3000)
    assert fileformat.loads(saver.copy_path.read_bytes()).title == "Y"


def test_no_copy_while_unmodified(qtbot, session: Session, recovery: Path) -> None:
    saver = saver_for(session, recovery)
    assert saver.save_now() is None
    retitle(session, "X")
    session.stack.undo()  # back to the file's state before the pause ends
    assert not session.modified
    qtbot.wait(400)
    assert copies_in(recovery) == []
    assert saver.save_now() is None


def test_unchanged_map_is_not_written_again(qtbot, session: Session, recovery: Path) -> None:
    saver = saver_for(session, recovery, interval_ms=100)
    written: list[Path] = []
    saver.saved.connect(written.append)
    retitle(session, "X")
    qtbot.waitUntil(lambda: len(written) == 1, timeout=3000)
    stamp = saver.copy_path.stat().st_mtime_ns
    qtbot.wait(350)  # several periodic ticks
    assert saver.save_now() is None
    assert len(written) == 1
    assert saver.copy_path.stat().st_mtime_ns == stamp
    retitle(session, "Y")
    qtbot.waitUntil(lambda: len(written) == 2, timeout=3000)


def test_save_removes_the_copy(qtbot, session: Session, recovery: Path) -> None:
    saver = saver_for(session, recovery)
    retitle(session, "X")
    qtbot.waitUntil(saver.copy_path.exists, timeout=3000)
    session.mark_saved()
    assert not saver.copy_path.exists()
    assert not saver.sidecar_path.exists()
    qtbot.wait(300)  # and no timer brings it back
    assert copies_in(recovery) == []


def test_undo_back_to_the_file_removes_the_copy(qtbot, session: Session, recovery: Path) -> None:
    saver = saver_for(session, recovery)
    retitle(session, "X")
    qtbot.waitUntil(saver.copy_path.exists, timeout=3000)
    session.stack.undo()
    assert copies_in(recovery) == []


def test_discard_removes_the_copy(qtbot, session: Session, recovery: Path) -> None:
    saver = saver_for(session, recovery)
    retitle(session, "X")
    qtbot.waitUntil(saver.copy_path.exists, timeout=3000)
    saver.discard()
    assert copies_in(recovery) == []
    assert list(recovery.glob("*.json")) == []
    qtbot.wait(300)
    assert copies_in(recovery) == []


def test_switching_sessions_gives_each_map_its_own_copy(
    qtbot, session: Session, recovery: Path
) -> None:
    saver = saver_for(session, recovery)
    retitle(session, "First")
    first = saver.save_now()
    other = Session(fileformat.load(example("service-business")))
    saver.set_session(other)
    retitle(other, "Second")
    qtbot.waitUntil(saver.copy_path.exists, timeout=3000)
    assert saver.copy_path != first
    assert first is not None and first.exists()  # a modified map keeps its copy
    retitle(session, "Ignored")  # the old session is no longer watched
    qtbot.wait(200)
    assert fileformat.loads(first.read_bytes()).title == "First"
    other.mark_saved()
    assert copies_in(recovery) == [first]
    saver.set_session(session)  # back to the first map: it keeps its own copy
    assert saver.copy_path == first
    qtbot.waitUntil(lambda: fileformat.loads(first.read_bytes()).title == "Ignored", timeout=3000)
    assert copies_in(recovery) == [first]


def test_a_session_destroyed_unannounced_keeps_its_copy(
    qtbot, session: Session, recovery: Path
) -> None:
    saver = saver_for(session, recovery, interval_ms=100)
    retitle(session, "X")
    qtbot.waitUntil(saver.copy_path.exists, timeout=3000)
    shiboken6.delete(session)  # pytest-qt fails the test if a slot raises from here on
    qtbot.wait(300)
    assert saver.save_now() is None
    assert saver.copy_path.exists()  # left for recovery: nobody said the changes were unwanted


def test_a_failing_write_reports_and_keeps_going(qtbot, session: Session, recovery: Path) -> None:
    recovery.write_text("not a folder")
    saver = saver_for(session, recovery)
    with qtbot.waitSignal(saver.failed, timeout=3000) as blocker:
        retitle(session, "X")
    assert "recovery" in blocker.args[0] and str(recovery) in blocker.args[0]
    assert saver.save_now() is None  # no exception either when called directly
    recovery.unlink()
    with qtbot.waitSignal(saver.saved, timeout=3000):
        retitle(session, "Y")
    assert fileformat.loads(saver.copy_path.read_bytes()).title == "Y"


# ---------------------------------------------------------------------- orphans
def test_copies_of_a_crashed_editor_are_orphans(
    qapp: object, session: Session, recovery: Path, user_file: Path
) -> None:
    retitle(session, "X")
    instance = RecoveryInstance(recovery)
    saver = Autosaver(session, recovery, instance=instance)
    assert saver.save_now() is not None
    assert find_orphans(recovery) == []  # its editor still runs
    instance.release()  # crash: the lock goes, the copy stays
    orphans = find_orphans(recovery)
    assert [o.path for o in orphans] == [saver.copy_path]
    doc, path = orphans[0].restore()
    assert path == user_file
    assert orphans[0].title == "X" and orphans[0].original_path == user_file
    assert same_map(doc, session.doc)


def test_copies_of_another_running_editor_are_left_alone(
    qapp: object, recovery: Path, user_file: Path
) -> None:
    with other_editor(recovery, user_file, "Theirs") as (proc, copy):
        assert copy.exists()
        assert find_orphans(recovery) == []
        shown: list[RecoveryDialog] = []
        assert offer_recovery(None, recovery, run=lambda d: bool(shown.append(d))) == []
        assert shown == []
        assert copy.exists()
        proc.kill()  # now it crashes
        proc.wait(timeout=10)
        assert len(list(recovery.glob("*.lock"))) == 1  # the dead process's lock stays behind
        orphans = find_orphans(recovery)
    assert [o.path for o in orphans] == [copy]
    assert orphans[0].title == "Theirs"
    doc, path = orphans[0].restore()
    assert doc.title == "Theirs" and path == user_file
    orphans[0].discard()
    assert list(recovery.iterdir()) == []  # copy, sidecar and the dead lock are gone


def test_orphans_newest_first_and_never_saved_maps(qtbot, recovery: Path) -> None:
    sessions = []
    for title in ("Old", "New"):
        s = Session(fileformat.load(example("service-business")))
        retitle(s, title)
        sessions.append(s)
    instance = RecoveryInstance(recovery)
    for s in sessions:
        assert Autosaver(s, recovery, instance=instance).save_now() is not None
        qtbot.wait(20)
    instance.release()
    orphans = find_orphans(recovery)
    assert [o.title for o in orphans] == ["New", "Old"]
    assert orphans[0].saved_at > orphans[1].saved_at
    doc, path = orphans[0].restore()
    assert path is None and doc.title == "New"


def test_a_damaged_copy_raises_a_file_format_error(
    qapp: object, session: Session, recovery: Path
) -> None:
    retitle(session, "X")
    (copy_path,) = crashed_copies(recovery, [session])
    copy_path.write_bytes(b'{"format": "journeymap", "version": 1, "title": ')
    (orphan,) = find_orphans(recovery)
    with pytest.raises(FileFormatError) as caught:
        orphan.restore()
    assert "damaged" in str(caught.value) and '"X"' in str(caught.value)
    assert orphan.problem() == str(caught.value)


# ---------------------------------------------------------------------- dialog and adoption
def three_orphans(recovery: Path, user_file: Path) -> None:
    sessions = [
        Session(fileformat.load(user_file), user_file),
        Session(fileformat.load(example("service-business"))),
        Session(fileformat.load(user_file), user_file),
    ]
    for s, title in zip(sessions, ("Keep me", "Throw me", "Not now"), strict=True):
        retitle(s, title)
    crashed_copies(recovery, sessions)


def choose_by_title(choices: dict[str, Action]) -> object:
    def run(dialog: RecoveryDialog) -> bool:
        for row, copy in enumerate(dialog.copies):
            dialog.choose(row, choices[copy.title])
        return True

    return run


def test_dialog_restore_discard_later_and_adopt(qtbot, recovery: Path, user_file: Path) -> None:
    three_orphans(recovery, user_file)
    run = choose_by_title(
        {"Keep me": Action.RESTORE, "Throw me": Action.DISCARD, "Not now": Action.LATER}
    )
    restored = offer_recovery(None, recovery, run=run)  # type: ignore[arg-type]

    assert len(restored) == 1
    doc, path = restored[0]
    assert doc.title == "Keep me" and path == user_file
    assert [o.title for o in find_orphans(recovery)] == ["Not now"]  # restored one is ours now
    titles = {json.loads(p.read_text("utf-8"))["title"] for p in recovery.glob("*.json")}
    assert titles == {"Keep me", "Not now"}  # "Throw me" is gone

    session = Session(doc, path)
    session.mark_modified()
    saver = saver_for(session, recovery)
    saver.adopt(restored[0].copy)
    assert saver.copy_path == restored[0].copy.path
    sidecar = json.loads(saver.sidecar_path.read_text("utf-8"))
    assert sidecar["instance_id"] == saver.instance.id
    assert session.modified and session.path == user_file
    session.mark_saved()
    assert not restored[0].copy.path.exists()
    assert [o.title for o in find_orphans(recovery)] == ["Not now"]


def test_dialog_cancelled_means_later_for_all(
    qapp: object, recovery: Path, user_file: Path
) -> None:
    three_orphans(recovery, user_file)
    before = sorted(p.name for p in recovery.iterdir() if p.suffix != ".lock")

    def cancel(dialog: RecoveryDialog) -> bool:
        dialog.choose(0, Action.DISCARD)
        return False

    assert offer_recovery(None, recovery, run=cancel) == []
    assert sorted(p.name for p in recovery.iterdir() if p.suffix != ".lock") == before
    assert len(find_orphans(recovery)) == 3


def test_no_orphans_no_dialog(qapp: object, recovery: Path) -> None:
    shown: list[RecoveryDialog] = []
    assert offer_recovery(None, recovery, run=lambda d: bool(shown.append(d))) == []
    assert shown == []
    assert not recovery.exists()


def test_dialog_rows_describe_each_copy(
    qtbot, recovery: Path, user_file: Path, session: Session
) -> None:
    retitle(session, "Damaged")
    three_orphans(recovery, user_file)
    (broken,) = crashed_copies(recovery, [session])
    broken.write_text("{", "utf-8")
    dialog = RecoveryDialog(find_orphans(recovery))
    qtbot.addWidget(dialog)
    text = "\n".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Never saved" in text and str(user_file) in text and "Autosaved today at" in text
    assert "Cannot be restored" in text
    rows = {copy.title: row for row, copy in enumerate(dialog.copies)}
    assert dialog.action(rows["Keep me"]) is Action.RESTORE
    assert dialog.action(rows["Damaged"]) is Action.LATER
    with pytest.raises(ValueError):
        dialog.choose(rows["Damaged"], Action.RESTORE)
    disabled = [b.text() for b in dialog.findChildren(QRadioButton) if not b.isEnabled()]
    assert disabled == ["&Restore"]
    dialog.choose(rows["Damaged"], Action.DISCARD)
    assert dialog.choices()[rows["Damaged"]][1] is Action.LATER  # not accepted yet
    dialog.accept()
    assert dialog.choices()[rows["Damaged"]][1] is Action.DISCARD


def test_a_damaged_copy_chosen_for_restore_is_reported_and_kept(
    qapp: object, recovery: Path, session: Session
) -> None:
    retitle(session, "X")
    (copy_path,) = crashed_copies(recovery, [session])
    reports: list[str] = []

    def run(dialog: RecoveryDialog) -> bool:
        copy_path.write_text("{", "utf-8")  # damaged after the dialog checked it
        return True

    assert offer_recovery(None, recovery, run=run, report=reports.append) == []
    assert len(reports) == 1 and '"X"' in reports[0] and "damaged" in reports[0]
    assert copy_path.exists() and [o.path for o in find_orphans(recovery)] == [copy_path]
