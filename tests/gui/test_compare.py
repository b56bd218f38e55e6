"""File ▸ Compare with…: the marks, the Changes dock, revealing a change, leaving the comparison."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from journeymap.core import fileformat
from journeymap.gui import filedialogs
from journeymap.gui.mainwindow import MainWindow
from tests.versions_fixture import as_is, to_be


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    old, new = tmp_path / "as-is.journeymap", tmp_path / "to-be.journeymap"
    fileformat.save(as_is(), old, backup=False)
    fileformat.save(to_be(), new, backup=False)
    bad = tmp_path / "broken.journeymap"
    bad.write_text('{"format": "journeymap", "version": 1, "title": ', encoding="utf-8")
    return {"old": old, "new": new, "bad": bad}


@pytest.fixture
def win(qtbot: QtBot, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.errors = []  # type: ignore[attr-defined]
    monkeypatch.setattr(window, "show_error", lambda t, text: window.errors.append(text))
    monkeypatch.setattr(window, "ask_save_changes", lambda: QMessageBox.StandardButton.Discard)
    assert window.open_path(files["new"])
    window.show()
    qtbot.waitExposed(window)
    return window


def _choose_from_file_menu(qtbot: QtBot, win: MainWindow, text: str) -> None:
    """Open File with a mouse click on the menu bar and click the entry called ``text``."""
    bar = win.menuBar()
    file_action = bar.actions()[0]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(file_action).center())
    menu: QMenu = file_action.menu()
    qtbot.waitUntil(menu.isVisible, timeout=3000)
    entry = next(a for a in menu.actions() if a.text() == text)
    assert entry.isEnabled()
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(entry).center())
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=3000)


def _pick(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(filedialogs, "open_file_name", lambda *a, **k: str(path))


def _click_row(qtbot: QtBot, win: MainWindow, starts: str) -> None:
    listing = win.comparer.dock.list
    item = next(listing.item(i) for i in range(listing.count())
                if listing.item(i).text().startswith(starts))
    listing.scrollToItem(item)
    rect = listing.visualItemRect(item)
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_compare_through_the_menu_marks_the_cards_and_lists_the_changes(
    qtbot: QtBot, win: MainWindow, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _pick(monkeypatch, files["old"])
    _choose_from_file_menu(qtbot, win, "Compare &with…")
    comparer = win.comparer
    assert comparer.active and comparer.dock.isVisible()
    overlay = comparer.overlay
    assert overlay is not None and overlay.scene() is win.scene
    marks = overlay.comparison.cards
    assert marks["klarna"].status == "added"
    assert marks["read-reviews"].status == "moved"
    assert marks["checkout-shipping"].emotion_delta == 3
    assert [g.tp_id for g in overlay.comparison.ghosts] == ["guest-checkout"]
    texts = [r.text for r in comparer.dock.rows()]
    assert any(t.startswith('+ "Pay with Klarna"') for t in texts)
    assert any(t.startswith('- "Continue as guest') or "guest" in t.lower() for t in texts)
    assert "Compared with “as-is.journeymap”: 12 changes." in comparer.dock.heading.text()
    legend = comparer.dock.legend.text()
    assert all(word in legend for word in ("added", "removed", "changed", "moved"))
    # the overlay ring of an added card is painted: its pixels differ from the plain canvas
    assert overlay.boundingRect().contains(win.scene.cards["klarna"].scene_rect())


def test_clicking_a_change_selects_and_centres_its_card(
    qtbot: QtBot, win: MainWindow, files: dict[str, Path]
) -> None:
    assert win.comparer.compare_with(files["old"])
    win.view.scale(2.5, 2.5)  # zoomed in, so that any card can be brought to the centre
    win.view.centerOn(0, 0)
    _click_row(qtbot, win, "> \"Reads")
    assert win.scene.selected_cards() == ["read-reviews"]
    card = win.scene.cards["read-reviews"].scene_rect().center()
    centre = win.view.mapToScene(win.view.viewport().rect().center())
    assert abs(card.x() - centre.x()) < 40 and abs(card.y() - centre.y()) < 40
    win.comparer.dock.list.setFocus()
    _click_row(qtbot, win, '+ "Pay with Klarna"')
    assert win.scene.selected_cards() == ["klarna"]


def test_closing_the_comparison_restores_the_normal_view(
    qtbot: QtBot, win: MainWindow, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {id(i) for i in win.scene.items()}
    assert win.comparer.compare_with(files["old"])
    assert len(win.scene.items()) == len(before) + 1
    qtbot.mouseClick(win.comparer.dock.close_button, Qt.MouseButton.LeftButton)
    assert not win.comparer.active
    assert not win.comparer.dock.isVisible()
    assert {id(i) for i in win.scene.items()} == before
    # and again through the menu, which offers to close only while comparing
    _pick(monkeypatch, files["old"])
    _choose_from_file_menu(qtbot, win, "Compare &with…")
    assert win.comparer.active
    _choose_from_file_menu(qtbot, win, "Close c&omparison")
    assert not win.comparer.active and {id(i) for i in win.scene.items()} == before
    assert not win.session.modified


def test_marks_follow_an_edit_and_opening_another_map_ends_the_comparison(
    qtbot: QtBot, win: MainWindow, files: dict[str, Path]
) -> None:
    assert win.comparer.compare_with(files["old"])
    win.scene.select_only(["klarna"])
    win.view.setFocus()
    qtbot.keyClick(win.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "klarna" not in win.comparer.comparison.cards, timeout=3000)
    assert not any("Klarna" in r.text for r in win.comparer.dock.rows())
    assert win.open_path(files["old"])
    assert not win.comparer.active and not win.comparer.dock.isVisible()


def test_a_bad_file_gives_one_sentence_and_keeps_the_map(
    qtbot: QtBot, win: MainWindow, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    titles = [t.title for t in win.session.doc.touchpoints()]
    _pick(monkeypatch, files["bad"])
    _choose_from_file_menu(qtbot, win, "Compare &with…")
    (error,) = win.errors
    assert error.startswith("“broken.journeymap” cannot be compared: ")
    assert "\n" not in error and "Traceback" not in error and error.endswith(".")
    assert error.count(". ") == 0
    assert not win.comparer.active
    assert [t.title for t in win.session.doc.touchpoints()] == titles
    assert win.comparer.compare_with(files["new"])  # a map equal to this one
    assert "the same as" in win.comparer.dock.heading.text()
    assert win.comparer.dock.list.count() == 0


def test_compare_with_the_committed_revision_through_the_menu(
    qtbot: QtBot, win: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.core.test_revisions import git

    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    path = repo / "journey.journeymap"
    fileformat.save(as_is(), path, backup=False)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "as-is")
    fileformat.save(to_be(), path, backup=False)
    assert win.open_path(path)
    asked: list[str] = []

    def answer(parent: object, title: str, label: str, **kw: object) -> tuple[str, bool]:
        asked.append(str(kw.get("text")))
        return "HEAD", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(answer))
    _choose_from_file_menu(qtbot, win, "Compare with &revision…")
    assert asked == ["HEAD"]
    assert win.comparer.active
    assert "journey.journeymap at HEAD" in win.comparer.dock.heading.text()
    assert win.comparer.comparison.cards["klarna"].status == "added"
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *a, **k: ("no-such-branch", True)))
    _choose_from_file_menu(qtbot, win, "Compare with &revision…")
    assert win.errors == ["journey.journeymap has no version in revision “no-such-branch”."]
    assert win.comparer.active  # the comparison shown before stays


def test_exporting_while_comparing_prints_the_comparison(
    qtbot: QtBot, win: MainWindow, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    import pdfplumber

    from journeymap.gui.dialogs.export import ExportDialog, export_pdf

    def exec_(dialog: ExportDialog) -> int:
        dialog.file_edit.setText(str(target))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    assert win.comparer.compare_with(files["old"])
    target = tmp_path / "plan.pdf"
    assert export_pdf(win, "plan") is not None
    with pdfplumber.open(target) as pdf:
        assert any((p.extract_text() or "").startswith("What changes") for p in pdf.pages)
    assert "with the comparison" in win.statusBar().currentMessage()
    win.comparer.close()
    target = tmp_path / "plain.pdf"
    assert export_pdf(win, "plan") is not None
    with pdfplumber.open(target) as pdf:
        assert not any((p.extract_text() or "").startswith("What changes") for p in pdf.pages)
