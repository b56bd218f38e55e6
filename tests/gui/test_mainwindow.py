"""File handling of the main window: open, save, close with changes, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from journeymap.core.commands import Edit
from journeymap.core.fileformat import dumps, load
from journeymap.gui.app import create_window
from journeymap.gui.mainwindow import MainWindow

Button = QMessageBox.StandardButton


class Answers:
    """Stands in for the modal dialogs, recording what the window asked."""

    def __init__(self, save_changes: Button = Button.Discard) -> None:
        self.save_changes = save_changes
        self.asked = 0
        self.errors: list[str] = []


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(
    qtbot: QtBot, answers: Answers, monkeypatch: pytest.MonkeyPatch, example_path: Path
) -> MainWindow:
    win = MainWindow()
    _wire(win, answers, monkeypatch)
    qtbot.addWidget(win)
    assert win.open_path(example_path)
    return win


def _wire(win: MainWindow, answers: Answers, monkeypatch: pytest.MonkeyPatch) -> None:
    def ask() -> Button:
        answers.asked += 1
        return answers.save_changes

    monkeypatch.setattr(win, "ask_save_changes", ask)
    monkeypatch.setattr(win, "show_error", lambda title, text: answers.errors.append(text))
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        staticmethod(lambda *a, **k: answers.errors.append(a[2]) or Button.Cancel),
    )


def test_title_names_map_and_file_and_shows_modified(
    window: MainWindow, example_path: Path
) -> None:
    title = window.windowTitle()
    assert window.session.doc.title in title and str(example_path) in title and "[*]" in title
    assert not window.isWindowModified()
    window.session.execute(Edit("map", None, {"title": "Renamed"}))
    assert window.isWindowModified()
    assert "Renamed" in window.windowTitle()
    window.session.stack.undo()
    assert not window.isWindowModified()


def test_save_writes_the_file_and_clears_modified(window: MainWindow, example_path: Path) -> None:
    window.session.execute(Edit("map", None, {"title": "Saved title"}))
    assert window.save()
    assert load(example_path).title == "Saved title"
    assert not window.session.modified
    assert example_path.with_name(example_path.name + ".bak").exists()


def test_close_with_changes_asks_and_cancel_keeps_the_window(
    window: MainWindow, answers: Answers
) -> None:
    window.session.execute(Edit("map", None, {"title": "Unsaved"}))
    answers.save_changes = Button.Cancel
    assert not window.close()
    assert answers.asked == 1
    assert window.session.doc.title == "Unsaved"
    answers.save_changes = Button.Discard
    assert window.close()


def test_close_with_changes_and_save_writes_first(
    window: MainWindow, answers: Answers, example_path: Path
) -> None:
    window.session.execute(Edit("map", None, {"title": "Saved on close"}))
    answers.save_changes = Button.Save
    assert window.close()
    assert load(example_path).title == "Saved on close"


def test_close_without_changes_does_not_ask(window: MainWindow, answers: Answers) -> None:
    assert window.close()
    assert answers.asked == 0


def test_opening_a_broken_file_leaves_the_open_map_untouched(
    window: MainWindow, answers: Answers, tmp_path: Path
) -> None:
    window.session.execute(Edit("map", None, {"title": "Work in progress"}))
    bad = tmp_path / "broken.journeymap"
    bad.write_text(
        '{"format": "journeymap", "version": 1, "title": "x", "stages": [], "lanes": []}'
    )
    before = dumps(window.session.doc)
    assert not window.open_path(bad)
    assert answers.errors and "stages" in answers.errors[-1]
    assert dumps(window.session.doc) == before
    assert window.session.modified
    assert answers.asked == 0


def test_opening_a_newer_version_file_says_so(
    window: MainWindow, answers: Answers, tmp_path: Path
) -> None:
    newer = tmp_path / "future.journeymap"
    newer.write_text('{"format": "journeymap", "version": 7, "title": "x"}')
    assert not window.open_path(newer)
    assert "newer version" in answers.errors[-1]


def test_command_line_file_that_is_broken_still_starts_the_editor(
    qtbot: QtBot, answers: Answers, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.journeymap"
    bad.write_text("not json")
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        staticmethod(lambda *a, **k: answers.errors.append(a[2]) or Button.Ok),
    )
    win = create_window(str(bad))
    qtbot.addWidget(win)
    assert answers.errors and "line 1" in answers.errors[0]
    assert win.session.path is None and win.session.doc.stages


def test_save_to_a_gone_folder_keeps_the_work(
    window: MainWindow, answers: Answers, tmp_path: Path
) -> None:
    window.session.execute(Edit("map", None, {"title": "Precious"}))
    gone = tmp_path / "gone" / "map.journeymap"
    assert not window.save_to(gone)
    assert answers.errors and "cannot save" in answers.errors[-1]
    assert window.session.modified and window.session.doc.title == "Precious"


def test_save_to_a_read_only_location_keeps_the_work(
    window: MainWindow, answers: Answers, tmp_path: Path
) -> None:
    window.session.execute(Edit("map", None, {"title": "Also precious"}))
    before = window.session.path
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    assert not window.save_to(blocker / "map.journeymap")
    assert answers.errors and "cannot save" in answers.errors[-1]
    assert window.session.modified and window.session.path == before
    assert blocker.read_text() == "x"


def test_dropping_a_non_map_file_is_refused_politely(
    window: MainWindow, answers: Answers, tmp_path: Path
) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    before = window.session.path
    window.open_dropped([str(other)])
    assert answers.errors and "notes.txt" in answers.errors[-1]
    assert window.session.path == before


def test_dropping_a_map_file_opens_it(window: MainWindow, tmp_path: Path) -> None:
    from journeymap.resources import example

    target = tmp_path / "other.journeymap"
    target.write_bytes(example("saas-trial-to-renewal").read_bytes())
    window.open_dropped([str(target)])
    assert window.session.path == target
    assert window.session.doc.title == load(target).title
    assert set(window.scene.cards) == {tp.id for tp in window.session.doc.touchpoints()}


def test_new_from_template_and_recent_files(window: MainWindow, example_path: Path) -> None:
    window.new_map("saas-trial-to-renewal")
    assert window.session.path is None
    assert window.session.doc.touchpoint_count > 10
    assert str(example_path.resolve()) in window.recent_files()


def test_default_window_size_is_large_enough(window: MainWindow) -> None:
    assert window.width() >= 1280 and window.height() >= 800


def test_save_as_adds_the_suffix(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap.gui import filedialogs

    monkeypatch.setattr(filedialogs, "save_file_name", lambda *a, **k: str(tmp_path / "copy"))
    assert window.save_as()
    assert (tmp_path / "copy.journeymap").exists()
    assert window.session.path == tmp_path / "copy.journeymap"


def test_autosave_is_wired_to_the_window(window: MainWindow, example_path: Path) -> None:
    folder_before = sorted(p.name for p in example_path.parent.iterdir())
    window.session.execute(Edit("map", None, {"title": "Autosaved"}))
    copy = window.autosaver.save_now()
    assert copy is not None and copy.exists()
    assert load(copy).title == "Autosaved"
    assert copy.parent != example_path.parent
    assert sorted(p.name for p in example_path.parent.iterdir()) == folder_before
    assert window.save()
    assert not copy.exists()
    window.session.execute(Edit("map", None, {"title": "Autosaved again"}))
    copy = window.autosaver.save_now()
    assert copy is not None and copy.exists()
    assert window.close()
    assert not copy.exists()
