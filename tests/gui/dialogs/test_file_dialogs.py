"""Every file dialog lists a folder without opening what is in it (a read can block forever).

A folder holds a FIFO, a file without suffix whose first bytes are "%PDF-" and a map. Linux
inotify reports every open of a file in that folder; a watchdog thread plays the writer of the
FIFO, so a dialog that opened it for reading is unblocked and caught instead of hanging.
"""

from __future__ import annotations

import ctypes
import faulthandler
import os
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFileIconProvider,
    QFileSystemModel,
    QLineEdit,
)
from pytestqt.qtbot import QtBot

from journeymap.gui import filedialogs

IN_OPEN = 0x20
HANG_LIMIT_S = 20


class OpenSpy:
    """Names of the files opened in ``folder`` (inotify), and whether the FIFO got a reader."""

    def __init__(self, folder: Path, fifo: Path) -> None:
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK)
        assert self.fd >= 0, "inotify is not available"
        assert self.libc.inotify_add_watch(self.fd, bytes(folder), IN_OPEN) >= 0
        self.fifo = fifo
        self.fifo_opened = False
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._writer, daemon=True)
        self.thread.start()

    def _writer(self) -> None:
        while not self.stop.is_set():
            try:  # succeeds only while someone holds the FIFO open for reading
                fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                time.sleep(0.01)
                continue
            self.fifo_opened = True
            os.close(fd)  # the reader sees end of file and goes on

    def opened(self) -> set[str]:
        names = set()
        try:
            data = os.read(self.fd, 65536)
        except BlockingIOError:
            return names
        offset = 0
        while offset < len(data):
            _wd, _mask, _cookie, length = struct.unpack_from("iIII", data, offset)
            name = data[offset + 16 : offset + 16 + length].rstrip(b"\0").decode()
            if name:
                names.add(name)
            offset += 16 + length
        return names

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        os.close(self.fd)


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[tuple[Path, OpenSpy]]:
    here = tmp_path / "browse"
    here.mkdir()
    os.mkfifo(here / "pipe")
    (here / "report").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (here / "map.journeymap").write_text("{}\n", encoding="utf-8")
    spy = OpenSpy(here, here / "pipe")
    faulthandler.dump_traceback_later(HANG_LIMIT_S, exit=True)  # a hang fails the run
    yield here, spy
    faulthandler.cancel_dump_traceback_later()
    spy.close()


def _when_shown(qtbot: QtBot, steps: Callable[[QFileDialog], None]) -> list[BaseException]:
    """Run ``steps`` on the modal file dialog once it is up; failures come back in the list."""
    errors: list[BaseException] = []

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, attempt)
            return
        try:
            steps(dialog)
            qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
        except BaseException as err:  # noqa: BLE001 - handed back to the test
            errors.append(err)
            dialog.reject()

    QTimer.singleShot(0, attempt)
    return errors


def _rows(dialog: QFileDialog, folder: Path) -> dict[str, str]:
    model = dialog.findChild(QFileSystemModel)
    parent = model.index(str(folder))
    return {
        model.index(row, 0, parent).data(): model.index(row, 2, parent).data()
        for row in range(model.rowCount(parent))
    }


def _listed(
    qtbot: QtBot, dialog: QFileDialog, folder: Path,
    names: frozenset[str] = frozenset({"report", "map.journeymap"}),
) -> dict[str, str]:
    qtbot.waitUntil(lambda: names <= set(_rows(dialog, folder)), timeout=5000)
    qtbot.wait(300)  # icons and types arrive after the names
    return _rows(dialog, folder)


def _browse_into(
    qtbot: QtBot, dialog: QFileDialog, folder: Path,
    names: frozenset[str] = frozenset({"report", "map.journeymap"}),
) -> dict[str, str]:
    """Type the folder's path into the file name box (the completer lists it while typing),
    then Enter into it, as a user does; what the list shows there."""
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, f"{folder}/")
    rows = _listed(qtbot, dialog, folder, names)
    for _ in range(3):  # the first Enter may only close the completer's list
        popup = edit.completer().popup()
        qtbot.keyClick(popup if popup.isVisible() else edit, Qt.Key.Key_Return)
        qtbot.wait(50)
        if dialog.directory().absolutePath() == str(folder):
            break
    assert dialog.directory().absolutePath() == str(folder)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    return rows


def test_save_as_lists_a_folder_typed_into_it_without_opening_its_files(
    qtbot: QtBot, folder: tuple[Path, OpenSpy]
) -> None:
    here, spy = folder
    seen: dict[str, str] = {}

    def steps(dialog: QFileDialog) -> None:
        assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
        seen.update(_browse_into(qtbot, dialog, here))
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        qtbot.keyClicks(edit, "new name.journeymap")
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    errors = _when_shown(qtbot, steps)
    chosen = filedialogs.save_file_name(None, "Save journey map", str(Path.home()), "Maps (*)")
    assert not errors, errors
    assert chosen == str(here / "new name.journeymap")
    assert seen["report"] == "File"  # by name, not "PDF document" from its first bytes
    assert spy.opened() == set()
    assert not spy.fifo_opened


def test_open_lists_the_folder_and_gives_the_pdf_without_suffix_the_plain_file_icon(
    qtbot: QtBot, folder: tuple[Path, OpenSpy]
) -> None:
    here, spy = folder
    seen: dict[str, str] = {}
    icons: list[bool] = []

    def steps(dialog: QFileDialog) -> None:
        seen.update(_listed(qtbot, dialog, here))
        model = dialog.findChild(QFileSystemModel)
        report = model.fileIcon(model.index(str(here / "report")))
        plain = QFileIconProvider().icon(QFileIconProvider.IconType.File)
        icons.append(report.pixmap(16).toImage() == plain.pixmap(16).toImage())
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        qtbot.keyClicks(edit, "map.journeymap")
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    errors = _when_shown(qtbot, steps)
    chosen = filedialogs.open_file_name(None, "Open journey map", str(here), "Maps (*)")
    assert not errors, errors
    assert chosen == str(here / "map.journeymap")
    assert seen["report"] == "File"
    assert icons == [True]
    assert spy.opened() == set()
    assert not spy.fifo_opened


def test_opening_several_files_reads_none_while_browsing(
    qtbot: QtBot, folder: tuple[Path, OpenSpy]
) -> None:
    here, spy = folder

    def steps(dialog: QFileDialog) -> None:
        _listed(qtbot, dialog, here)
        qtbot.keyClicks(dialog.findChild(QLineEdit, "fileNameEdit"), '"report" "map.journeymap"')
        qtbot.keyClick(dialog.findChild(QLineEdit, "fileNameEdit"), Qt.Key.Key_Return)

    errors = _when_shown(qtbot, steps)
    chosen = filedialogs.open_file_names(None, "Import measurements", str(here), "All (*)")
    assert not errors, errors
    assert sorted(chosen) == [str(here / "map.journeymap"), str(here / "report")]
    assert spy.opened() == set()


def test_the_spy_sees_the_stock_dialog_read_the_pdf_without_suffix(
    qtbot: QtBot, folder: tuple[Path, OpenSpy]
) -> None:
    """Why the provider exists: Qt's own one opens a file to learn its type."""
    here, spy = folder
    dialog = QFileDialog(None, "stock", str(here))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    rows = _listed(qtbot, dialog, here)
    assert rows["report"] != "File"
    assert "report" in spy.opened()


def test_every_file_dialog_of_the_editor_goes_through_the_helper() -> None:
    package = Path(filedialogs.__file__).resolve().parent
    users = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "QFileDialog" in path.read_text(encoding="utf-8")
    )
    assert users == ["filedialogs.py"]


def test_save_as_from_the_editor_uses_the_safe_dialog_and_saves(
    qtbot: QtBot, folder: tuple[Path, OpenSpy], window: object
) -> None:
    """Ctrl+Shift+S in the editor: the dialog that opens lists the folder without reading
    it, and the map is saved where the user typed."""
    from journeymap.gui.mainwindow import MainWindow

    assert isinstance(window, MainWindow)
    here, spy = folder
    providers: list[bool] = []

    def steps(dialog: QFileDialog) -> None:
        providers.append(dialog.iconProvider() is filedialogs.icon_provider())
        # the editor's dialog shows maps only: the other files are hidden, and never read
        assert set(_browse_into(qtbot, dialog, here, frozenset({"map.journeymap"}))) == {
            "map.journeymap"}
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        qtbot.keyClicks(edit, "workshop")
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    errors = _when_shown(qtbot, steps)
    qtbot.keyClick(window.view, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not errors, errors
    assert providers == [True]
    assert window.session.path == here / "workshop.journeymap"
    assert (here / "workshop.journeymap").read_text(encoding="utf-8").startswith("{")
    # only the save itself opened files there (its temp file and the map), never the others
    assert not spy.opened() & {"pipe", "report", "map.journeymap"}
    assert not spy.fifo_opened
