"""Save As to a place that cannot hold a map is refused with one sentence and never hangs
(issue 13): /proc, a FIFO, a folder. The dialogs are replaced; the window gets real keys."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from journeymap.core.fileformat import load
from journeymap.gui import filedialogs
from journeymap.gui.mainwindow import MainWindow

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def save_as_to(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, name: str
) -> list[str]:
    """Ctrl+Shift+S with the dialog answering ``name``; the warnings shown (answered Cancel)."""
    said: list[str] = []

    def warning(_parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> Any:
        said.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(filedialogs, "save_file_name", lambda *a, **k: name)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    qtbot.keyClick(window.view, Qt.Key.Key_S, CTRL_SHIFT)
    return said


def first_sentence(text: str) -> str:
    sentence = text.split("\n\n")[0]
    assert sentence.count(". ") == 0 and "Traceback" not in sentence
    return sentence


def still_works(qtbot: QtBot, window: MainWindow) -> None:
    """A click and a key on the canvas still edit the map."""
    tp = window.session.doc.touchpoints()[1]
    window.view.ensureVisible(window.scene.cards[tp.id], 20, 20)
    pos = window.view.mapFromScene(window.scene.cards[tp.id].scene_rect().center() - QPointF(20, 0))
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert window.session.doc.touchpoint(tp.id).emotion == -2


@pytest.mark.parametrize("name", ["/proc/self/status", "/proc/kmsg", "/sys/kernel/x"])
def test_save_as_under_a_pseudo_file_system_is_refused(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    said = save_as_to(qtbot, window, monkeypatch, name)
    assert len(said) == 1
    sentence = first_sentence(said[0])
    top = "/" + name.split("/")[1]
    assert sentence.startswith(f'cannot save "{name}.journeymap": ')
    assert f"{top} holds the system's live files" in sentence
    assert window.session.path is None
    assert not Path(name + ".journeymap").exists()
    still_works(qtbot, window)


def test_save_as_onto_a_fifo_or_a_folder_is_refused(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.journeymap"
    os.mkfifo(fifo)
    said = save_as_to(qtbot, window, monkeypatch, str(tmp_path / "pipe"))
    assert len(said) == 1
    assert "it is a named pipe (FIFO)" in first_sentence(said[0])
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # untouched
    folder = tmp_path / "folder.journeymap"
    folder.mkdir()
    said = save_as_to(qtbot, window, monkeypatch, str(folder))
    assert "it is a folder" in first_sentence(said[0])
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert window.session.path is None
    still_works(qtbot, window)
    # and a real place still saves
    good = tmp_path / "workshop.journeymap"
    assert save_as_to(qtbot, window, monkeypatch, str(good)) == []
    assert window.session.path == good
    assert load(good).touchpoint(window.session.doc.touchpoints()[1].id).emotion == -2
