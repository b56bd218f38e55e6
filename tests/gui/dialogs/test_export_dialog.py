"""File ▸ Export: the PDF options dialog and the export run, with every modal dialog replaced."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QColorDialog, QDialog, QMessageBox, QProgressDialog
from pytestqt.qtbot import QtBot

from journeymap.core.model import JourneyMap
from journeymap.gui.dialogs import export as export_dialog
from journeymap.gui.dialogs.export import ExportDialog, export_pdf
from journeymap.gui.mainwindow import MainWindow


class Seen:
    """What the export showed instead of modal dialogs."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.opened: list[Path] = []


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> Seen:
    seen = Seen()
    monkeypatch.setattr(export_dialog, "open_file", lambda path: seen.opened.append(path) or True)
    monkeypatch.setattr(
        QMessageBox,
        "information",
        staticmethod(lambda *a, **k: seen.infos.append(a[2]) or QMessageBox.StandardButton.Ok),
    )
    return seen


@pytest.fixture
def window(
    qtbot: QtBot, seen: Seen, monkeypatch: pytest.MonkeyPatch, example_doc: JourneyMap
) -> MainWindow:
    win = MainWindow(example_doc)
    monkeypatch.setattr(win, "show_error", lambda title, text: seen.errors.append(text))
    qtbot.addWidget(win)
    return win


def accept_with(
    monkeypatch: pytest.MonkeyPatch, fill: Callable[[ExportDialog], None]
) -> list[ExportDialog]:
    """Make ExportDialog.exec fill in the fields and press Export, without blocking."""
    shown: list[ExportDialog] = []

    def exec_(self: ExportDialog) -> int:
        shown.append(self)
        fill(self)
        self.accept()
        return self.result()

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    return shown


def target_in(path: Path) -> Callable[[ExportDialog], None]:
    return lambda dialog: dialog.file_edit.setText(str(path))


def pdf_text(path: Path) -> str:
    pages = pypdf.PdfReader(str(path)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def write_png(path: Path) -> Path:
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#ff8800"))
    assert image.save(str(path), "PNG")
    return path


def test_dialog_builds_options_from_its_fields(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dialog = ExportDialog("map", "Nordlys / first order", tmp_path / "shop.journeymap")
    qtbot.addWidget(dialog)
    assert dialog.target() == tmp_path / "Nordlys first order.pdf"
    defaults = dialog.options()
    assert defaults.orientation == "landscape" and defaults.accent == "#1565c0"
    dialog.page_size.setCurrentText("A3")
    dialog.portrait.setChecked(True)
    dialog.placement.setCurrentIndex(dialog.placement.findData("tile"))
    dialog.client.setText("  Nordlys  ")
    dialog.author.setText("Ada")
    dialog.footer.setText("Confidential")
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *a, **k: QColor("#AA3300")))
    dialog.accent_button.click()
    options = dialog.options()
    assert (options.page_size, options.orientation, options.placement) == (
        "A3",
        "portrait",
        "tile",
    )
    assert (options.client, options.author, options.footer) == ("Nordlys", "Ada", "Confidential")
    assert options.accent == "#aa3300" and "#aa3300" in dialog.accent_button.text()
    assert options.logo is None
    dialog.file_edit.setText(str(tmp_path / "out"))
    assert dialog.target() == tmp_path / "out.pdf"


def test_plan_dialog_hides_placement_and_choices_are_remembered(
    qtbot: QtBot, tmp_path: Path
) -> None:
    first = ExportDialog("map", "Shop", None)
    qtbot.addWidget(first)
    assert first.target().parent == Path.home()
    first.page_size.setCurrentText("Letter")
    first.client.setText("Nordlys")
    first.open_when_done.setChecked(True)
    first.file_edit.setText(str(tmp_path / "x.pdf"))
    first.accept()
    second = ExportDialog("plan", "Shop", None)
    qtbot.addWidget(second)
    second.show()
    assert not second.placement.isVisible()
    assert second.target().name == "Shop - improvement plan.pdf"
    assert second.page_size.currentText() == "Letter"
    assert second.client.text() == "Nordlys" and second.open_when_done.isChecked()


def test_insight_choices_reach_the_options_and_are_remembered(qtbot: QtBot) -> None:
    first = ExportDialog("map", "Shop", None)
    qtbot.addWidget(first)
    first.show()
    assert first.moments.isVisible() and first.worst_path.isVisible()
    assert not first.findings.isVisible()
    defaults = first.options()
    assert defaults.mark_moments_of_truth and not defaults.highlight_worst_path
    first.worst_path.setChecked(True)
    first.moments.setChecked(False)
    options = first.options()
    assert options.highlight_worst_path and not options.mark_moments_of_truth
    first.accept()
    plan = ExportDialog("plan", "Shop", None)
    qtbot.addWidget(plan)
    plan.show()
    assert plan.findings.isVisible() and plan.findings.isChecked()
    assert not plan.worst_path.isVisible()
    plan.findings.setChecked(False)
    assert not plan.options().findings
    plan.accept()
    again = ExportDialog("map", "Shop", None)
    qtbot.addWidget(again)
    assert again.worst_path.isChecked() and not again.moments.isChecked()
    assert not ExportDialog("plan", "Shop", None).findings.isChecked()


def test_bad_logo_disables_export_with_a_sentence(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog("map", "Shop", None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ok_button.isEnabled()
    fake = tmp_path / "logo.png"
    fake.write_text("not an image")
    dialog.logo_edit.setText(str(fake))
    assert not dialog.ok_button.isEnabled()
    assert dialog.logo_error.isVisible()
    error = dialog.logo_error.text()
    assert "not a PNG or JPEG" in error and error[0].isupper() and error.endswith(".")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    good = write_png(tmp_path / "good.png")
    dialog.logo_edit.setText(str(good))
    assert dialog.ok_button.isEnabled() and not dialog.logo_error.isVisible()
    assert dialog.options().logo == good


def test_export_map_pdf_writes_the_touchpoints(
    window: MainWindow, seen: Seen, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    saves: list[bool] = []
    monkeypatch.setattr(window.autosaver, "save_now", lambda: saves.append(True))
    target = tmp_path / "journey.pdf"
    shown = accept_with(monkeypatch, target_in(target))
    report = export_pdf(window, "map")
    assert shown and shown[0].windowTitle() == "Export map PDF"
    assert report is not None and report.path == target and target.exists()
    assert saves == [True]
    title = next(iter(window.session.doc.touchpoints())).title
    assert title in pdf_text(target)
    assert f"{report.pages} page" in window.statusBar().currentMessage()
    assert not seen.errors and not seen.opened


def test_export_plan_pdf_writes_the_improvements(
    window: MainWindow, seen: Seen, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "plan"
    accept_with(monkeypatch, target_in(target))
    report = export_pdf(window, "plan")
    written = tmp_path / "plan.pdf"
    assert report is not None and report.path == written and written.exists()
    text = pdf_text(written)
    assert window.session.doc.improvements[0].title in text
    assert "Action plan" in text
    assert not seen.errors


def test_unwritable_target_shows_an_error_and_writes_nothing(
    window: MainWindow, seen: Seen, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    accept_with(monkeypatch, target_in(blocker / "map.pdf"))
    assert export_pdf(window, "map") is None
    assert len(seen.errors) == 1 and "a-file" in seen.errors[0]
    assert seen.errors[0][0].isupper() and seen.errors[0].endswith(".")
    assert blocker.read_text() == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_open_when_done_opens_the_written_file(
    window: MainWindow, seen: Seen, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "open-me.pdf"

    def fill(dialog: ExportDialog) -> None:
        dialog.file_edit.setText(str(target))
        dialog.open_when_done.setChecked(True)

    accept_with(monkeypatch, fill)
    export_pdf(window, "plan")
    assert seen.opened == [target] and target.exists()


def test_cancelling_the_progress_writes_nothing(
    window: MainWindow, seen: Seen, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    accept_with(monkeypatch, target_in(tmp_path / "never.pdf"))
    assert export_pdf(window, "map") is None
    assert list(tmp_path.iterdir()) == []
    assert not seen.errors and "cancelled" in window.statusBar().currentMessage()


def test_rejected_dialog_exports_nothing(
    window: MainWindow, seen: Seen, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    writes: list[object] = []
    monkeypatch.setattr(export_dialog, "write_map_pdf", lambda *a, **k: writes.append(a))
    monkeypatch.setattr(ExportDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert export_pdf(window, "map") is None
    assert writes == [] and not seen.errors and not seen.opened


def test_file_menu_has_the_export_entries(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    export = next(a.menu() for a in file_menu.actions() if a.text() == "&Export")
    texts = [a.text() for a in export.actions()]
    assert texts[:2] == ["&Map PDF…", "Improvement &plan PDF…"]  # other formats follow


def test_pdf_export_refuses_a_read_only_file_and_asks_before_replacing_a_typed_name(
    window: MainWindow, seen: Seen, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import os

    readonly = tmp_path / "locked.pdf"
    readonly.write_bytes(b"%PDF-1.4 old")
    os.chmod(readonly, 0o444)
    accept_with(monkeypatch, target_in(readonly))
    monkeypatch.setattr(ExportDialog, "replace_confirmed", lambda self: True)
    assert export_pdf(window, "map") is None
    assert seen.errors == [f'Will not write "{readonly}": the file is read-only.']
    assert readonly.read_bytes() == b"%PDF-1.4 old"

    typed = tmp_path / "typed.pdf"
    typed.write_bytes(b"%PDF-1.4 keep")
    asked: list[str] = []
    monkeypatch.setattr(ExportDialog, "replace_confirmed", lambda self: False)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No))
    accept_with(monkeypatch, target_in(typed))
    assert export_pdf(window, "map") is None
    assert asked == [f"“typed.pdf” already exists in “{tmp_path}”. Replace it?"]
    assert typed.read_bytes() == b"%PDF-1.4 keep"


def test_cover_box_puts_the_cover_and_summary_before_the_map(
    qtbot: QtBot, window: MainWindow, seen: Seen, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt

    def tick_cover(dialog: ExportDialog) -> None:
        dialog.show()
        assert dialog.cover.isVisible() and not dialog.cover.isChecked()
        qtbot.mouseClick(dialog.cover, Qt.MouseButton.LeftButton)
        assert dialog.options().cover
        dialog.file_edit.setText(str(tmp_path / "deliverable.pdf"))

    accept_with(monkeypatch, tick_cover)
    report = export_pdf(window, "map")
    assert report is not None and not seen.errors
    pages = [" ".join((p.extract_text() or "").split())
             for p in pypdf.PdfReader(str(report.path)).pages]
    assert "CUSTOMER JOURNEY MAP" in pages[0]
    assert any("Executive summary" in t for t in pages[1:3])
    again = ExportDialog("map", "Shop", None)  # remembered
    qtbot.addWidget(again)
    assert again.cover.isChecked()
    plan = ExportDialog("plan", "Shop", None)
    qtbot.addWidget(plan)
    plan.show()
    assert not plan.cover.isVisible() and not plan.options().cover


def test_layers_box_prints_the_layered_map_and_is_remembered(
    qtbot: QtBot, window: MainWindow, seen: Seen, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt

    def tick_layers(dialog: ExportDialog) -> None:
        dialog.show()
        assert dialog.layers.isVisible() and not dialog.layers.isChecked()
        qtbot.mouseClick(dialog.layers, Qt.MouseButton.LeftButton)
        assert dialog.layers.isChecked() and dialog.options().layers
        dialog.file_edit.setText(str(tmp_path / "layered.pdf"))

    accept_with(monkeypatch, tick_layers)
    report = export_pdf(window, "map")
    assert report is not None and not seen.errors
    text = pdf_text(report.path)
    for header in ("Doing", "Thinking", "Feeling", "Pain points", "Opportunities"):
        assert header in text
    assert "what the customer does" in text
    again = ExportDialog("map", "Shop", None)  # remembered
    qtbot.addWidget(again)
    assert again.layers.isChecked()
    qtbot.mouseClick(again.layers, Qt.MouseButton.LeftButton)
    assert not again.options().layers
    plan = ExportDialog("plan", "Shop", None)
    qtbot.addWidget(plan)
    plan.show()
    assert not plan.layers.isVisible() and not plan.options().layers
