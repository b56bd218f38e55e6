"""Data ▸ Import measurements…: the preview lists the changes; OK applies them as one undo step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from journeymap.core.fileformat import dumps, load
from journeymap.gui import filedialogs
from journeymap.gui.dialogs import measure as dialog_module
from journeymap.gui.mainwindow import MainWindow
from journeymap.measure import result as result_module
from journeymap.resources import example

SURVEY = "touchpoint,nps,csat\npayment,10,5\npayment,9,4\npayment,3,2\nnobody,5,3\n"


def test_import_measurements_preview_then_one_undo_step(
    qtbot: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtTest import QTest

    data = tmp_path / "survey.csv"
    data.write_text(SURVEY)
    window = MainWindow(load(example("ecommerce-first-order")))
    monkeypatch.setattr(window, "ask_save_changes", lambda: QMessageBox.StandardButton.Discard)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    before = dumps(window.session.doc)
    monkeypatch.setattr(filedialogs, "open_file_names", lambda *a, **k: [str(data)])
    seen: list[str] = []

    def press_ok(self: QDialog) -> int:
        seen.append(self.preview.toPlainText())  # type: ignore[attr-defined]
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)  # type: ignore[attr-defined]
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
        return int(self.result())

    monkeypatch.setattr(dialog_module.MeasureDialog, "exec", press_ok)
    data_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Data")
    action = next(a for a in data_menu.actions() if "measurements" in a.text())
    action.trigger()
    (preview,) = seen
    # payment: NPS 2 promoters − 1 detractor of 3 = 33.3; CSAT 2 of 3 are 4–5 = 66.7 %
    assert 'touchpoint "payment"' in preview and "nps – → 33.3" in preview
    assert "csat – → 66.7" in preview and "nobody (1 rows)" in preview
    doc = window.session.doc
    assert doc.touchpoint("payment").metrics["nps_n"] == 3
    assert [s.name for s in doc.sources] == ["survey.csv"]
    assert window.session.stack.count() == 1
    window.session.stack.undo()
    assert dumps(doc) == before


def test_emotion_from_scores_is_a_checkbox_off_by_default(
    qtbot: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtTest import QTest

    data = tmp_path / "survey.csv"
    data.write_text("touchpoint,nps\n" + "payment,10\n" * 8 + "payment,1\npayment,2\n")
    window = MainWindow(load(example("ecommerce-first-order")))
    monkeypatch.setattr(window, "ask_save_changes", lambda: QMessageBox.StandardButton.Discard)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    before = window.session.doc.touchpoint("payment").emotion
    assert before != 2
    monkeypatch.setattr(filedialogs, "open_file_names", lambda *a, **k: [str(data)])
    previews: list[str] = []

    def tick_then_ok(self: QDialog) -> int:
        box = self.emotions  # type: ignore[attr-defined]
        assert box.isEnabled() and not box.isChecked()
        previews.append(self.preview.toPlainText())  # type: ignore[attr-defined]
        QTest.mouseClick(box, Qt.MouseButton.LeftButton)
        previews.append(self.preview.toPlainText())  # type: ignore[attr-defined]
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)  # type: ignore[attr-defined]
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
        return int(self.result())

    monkeypatch.setattr(dialog_module.MeasureDialog, "exec", tick_then_ok)
    data_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Data")
    next(a for a in data_menu.actions() if "measurements" in a.text()).trigger()
    # 8 promoters, 2 detractors of 10 → NPS 60 → +2
    assert "emotion" not in previews[0] and "(NPS 60 from 10 answers)" in previews[1]
    assert window.session.doc.touchpoint("payment").emotion == 2
    window.session.stack.undo()
    assert window.session.doc.touchpoint("payment").emotion == before


def test_unmatched_names_are_mapped_in_the_dialog_and_measured_again(
    qtbot: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QComboBox

    data = tmp_path / "events.csv"
    rows = ["case_id,activity,timestamp"]
    for case in range(4):
        rows += [f"c{case},product-page,2026-11-0{case + 1} 10:00",
                 f"c{case},Paid by card,2026-11-0{case + 1} 10:30"]
    data.write_text("\n".join(rows) + "\n")
    window = MainWindow(load(example("ecommerce-first-order")))
    monkeypatch.setattr(window, "ask_save_changes", lambda: QMessageBox.StandardButton.Discard)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    monkeypatch.setattr(filedialogs, "open_file_names", lambda *a, **k: [str(data)])
    seen: list[str] = []

    def map_then_ok(self: QDialog) -> int:
        self.show()
        table = self.names  # type: ignore[attr-defined]
        assert table.isVisible() and table.rowCount() == 1
        assert table.item(0, 0).text() == "Paid by card"
        seen.append(self.preview.toPlainText())  # type: ignore[attr-defined]
        box = table.cellWidget(0, 2)
        assert isinstance(box, QComboBox)
        box.setFocus()
        wanted = box.findData("payment")
        assert wanted > 1
        for _ in range(wanted):
            QTest.keyClick(box, Qt.Key.Key_Down)
        assert box.currentData() == "payment"
        QTest.mouseClick(self.apply_names, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        seen.append(self.preview.toPlainText())  # type: ignore[attr-defined]
        assert not table.isVisible()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)  # type: ignore[attr-defined]
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
        return int(self.result())

    monkeypatch.setattr(dialog_module.MeasureDialog, "exec", map_then_ok)
    data_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Data")
    next(a for a in data_menu.actions() if "measurements" in a.text()).trigger()
    before, after = seen
    assert "Paid by card (4 rows)" in before and "Paid by card" not in after
    assert 'touchpoint "payment"' in after
    assert window.session.doc.touchpoint("payment").metrics["cases"] == 4


def test_the_step_shown_is_the_step_done_built_once_per_choice(
    qtbot: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each tick rebuilds the preview's step once; OK does that very step, building none."""
    from PySide6.QtTest import QTest

    data = tmp_path / "survey.csv"
    data.write_text("touchpoint,nps\n" + "payment,10\n" * 8 + "payment,1\npayment,2\n")
    window = MainWindow(load(example("ecommerce-first-order")))
    monkeypatch.setattr(window, "ask_save_changes", lambda: QMessageBox.StandardButton.Discard)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    monkeypatch.setattr(filedialogs, "open_file_names", lambda *a, **k: [str(data)])
    built: list[object] = []
    real = dialog_module.command

    def counting(*args: object, **kwargs: object) -> object:
        built.append(real(*args, **kwargs))  # type: ignore[arg-type]
        return built[-1]

    monkeypatch.setattr(dialog_module, "command", counting)
    monkeypatch.setattr(result_module, "command", counting)  # describe's own use
    counts: list[int] = []

    def tick_then_ok(self: QDialog) -> int:
        counts.append(len(built))
        QTest.mouseClick(self.emotions, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        counts.append(len(built))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)  # type: ignore[attr-defined]
        QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert self.step() is built[-1]  # type: ignore[attr-defined]
        return int(self.result())

    monkeypatch.setattr(dialog_module.MeasureDialog, "exec", tick_then_ok)
    data_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Data")
    next(a for a in data_menu.actions() if "measurements" in a.text()).trigger()
    assert counts == [1, 2]
    assert len(built) == 2  # accepting built nothing more
    doc = window.session.doc
    assert doc.touchpoint("payment").emotion == 2  # the ticked step was the one done
    assert window.session.stack.count() == 1
