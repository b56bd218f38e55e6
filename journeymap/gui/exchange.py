"""File ▸ Import… and the non-PDF entries of File ▸ Export: images, tables, Mermaid, graphs.

The formats come from :mod:`journeymap.interop.formats`, the same list the command line uses;
readers and writers (and ReportLab, through the PDF dialog's helpers) are imported when first
used, not when the editor starts.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from journeymap.core.errors import JourneyMapError
from journeymap.gui import filedialogs
from journeymap.gui.canvas.backdrop import qrect
from journeymap.interop.common import ImportResult
from journeymap.interop.formats import (
    EXPORTS,
    IMPORTS,
    Format,
    export_format,
    import_format,
    importer,
    suffix_list,
)

if TYPE_CHECKING:
    from journeymap.gui.windowtypes import MapWindow

_KEY = "exchange/"
MAX_LISTED_PROBLEMS = 15


def import_filter() -> str:
    every = " ".join("*" + s for f in IMPORTS for s in f.suffixes)
    rows = [f"Mermaid, CSV and Excel files ({every})", *(f.file_filter for f in IMPORTS)]
    return ";;".join([*rows, "All files (*)"])


def _int(value: object, default: int) -> int:
    """A number from the settings, or ``default`` when it is missing or not a number."""
    try:
        return int(str(value))
    except ValueError:
        return default


class ImageSizeDialog(QDialog):
    """PNG size: a resolution (DPI) or a width in pixels, with the resulting pixel size."""

    def __init__(self, map_width: float, map_height: float, parent: QWidget | None = None) -> None:
        from journeymap.gui.canvas.imageexport import DEFAULT_DPI, MAX_DPI, MAX_SIDE, MIN_DPI

        super().__init__(parent)
        self.setWindowTitle("Export image (PNG)")
        self.setMinimumWidth(340)
        self._w, self._h = max(1.0, map_width), max(1.0, map_height)
        settings = QSettings()
        self.by_dpi = QRadioButton("Resolution:")
        self.by_width = QRadioButton("Width:")
        group = QButtonGroup(self)
        group.addButton(self.by_dpi)
        group.addButton(self.by_width)
        self.dpi_box = QSpinBox()
        self.dpi_box.setRange(MIN_DPI, MAX_DPI)
        self.dpi_box.setSuffix(" DPI")
        self.dpi_box.setValue(_int(settings.value(_KEY + "png_dpi"), DEFAULT_DPI))
        self.width_box = QSpinBox()
        self.width_box.setRange(16, MAX_SIDE)
        self.width_box.setSuffix(" px")
        self.width_box.setGroupSeparatorShown(True)
        default_width = round(self._w * DEFAULT_DPI / 96)
        self.width_box.setValue(_int(settings.value(_KEY + "png_width"), default_width))
        by_width = settings.value(_KEY + "png_by", "dpi") == "width"
        (self.by_width if by_width else self.by_dpi).setChecked(True)
        self.size_label = QLabel()
        note = QLabel("96 DPI is the canvas at 100 %; 192 DPI is sharp on slides.")
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        form = QFormLayout()
        form.addRow(self.by_dpi, self.dpi_box)
        form.addRow(self.by_width, self.width_box)
        form.addRow("Image:", self.size_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.dpi_box.valueChanged.connect(self._update)
        self.width_box.valueChanged.connect(self._update)
        group.buttonToggled.connect(self._update)
        self._update()

    def choice(self) -> tuple[int | None, int | None]:
        """(dpi, width): exactly one is set."""
        if self.by_width.isChecked():
            return None, self.width_box.value()
        return self.dpi_box.value(), None

    def _update(self, *_: object) -> None:
        self.dpi_box.setEnabled(self.by_dpi.isChecked())
        self.width_box.setEnabled(self.by_width.isChecked())
        dpi, width = self.choice()
        scale = width / self._w if width is not None else (dpi or 96) / 96
        self.size_label.setText(f"{round(self._w * scale):,} × {round(self._h * scale):,} pixels")

    def accept(self) -> None:
        settings = QSettings()
        settings.setValue(_KEY + "png_by", "width" if self.by_width.isChecked() else "dpi")
        settings.setValue(_KEY + "png_dpi", self.dpi_box.value())
        settings.setValue(_KEY + "png_width", self.width_box.value())
        super().accept()


def ask_image_size(window: MapWindow) -> tuple[int | None, int | None] | None:
    """Ask how large the PNG should be; None when cancelled (tests replace this)."""
    bounds = qrect(window.scene.layout.bounds)
    dialog = ImageSizeDialog(bounds.width() + 48, bounds.height() + 48, window)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()
    finally:
        dialog.deleteLater()


class WarningsDialog(QDialog):
    """What an import skipped or guessed, one line each, scrollable."""

    def __init__(self, name: str, warnings: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Imported with warnings")
        count = len(warnings)
        intro = QLabel(
            f"“{name}” was imported; check {'this' if count == 1 else f'these {count}'} "
            f"point{'s' if count != 1 else ''}:"
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit("\n".join(warnings))
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setMinimumSize(520, 120 if count < 6 else 260)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


def show_warnings(window: QWidget, name: str, warnings: list[str]) -> WarningsDialog:
    """Show the import's warnings without blocking (the map is already open behind it)."""
    dialog = WarningsDialog(name, warnings, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class Exchange:
    """The import and export actions of one main window."""

    def __init__(self, window: MapWindow) -> None:
        self.window = window
        self.import_action = QAction("&Import…", window)
        self.import_action.setStatusTip("Open a Mermaid journey, CSV or Excel file as a new map")
        self.import_action.triggered.connect(lambda _=False: self.import_dialog())
        self.paste_action = QAction("Import from c&lipboard…", window)
        self.paste_action.setStatusTip(
            "Make a new map from spreadsheet cells copied to the clipboard (a table or a grid)"
        )
        self.paste_action.triggered.connect(lambda _=False: self.import_clipboard())

    def add_export_actions(self, menu: QMenu) -> None:
        """The image and data formats, after the PDF entries."""
        menu.addSeparator()
        for fmt in EXPORTS:
            if fmt.kind != "pdf":
                menu.addAction(f"{fmt.label}…", partial(self.export_dialog, fmt.suffix))

    # ------------------------------------------------------------------ import
    def _folder(self) -> str:
        path = self.window.session.path
        fallback = str(path.parent if path is not None else Path.home())
        return str(QSettings().value(_KEY + "folder", fallback, str))

    def import_dialog(self) -> bool:
        name = filedialogs.open_file_name(
            self.window, "Import a journey", self._folder(), import_filter()
        )
        if not name:
            return False
        path = Path(name)
        fmt = import_format(path)
        if fmt is not None and fmt.code.startswith("journeymap.interop.sheets:"):
            return self.import_table(path, fmt)
        return self.import_path(path)

    def import_table(self, path: Path, fmt: Format) -> bool:
        """A table through the mapping preview; nothing is made until the user says Import."""
        from journeymap.gui.dialogs.importing import ask_mapping

        reader = fmt.load()
        try:
            result = ask_mapping(path.name, lambda mapping: reader(path, mapping), self.window)
        except (JourneyMapError, ImportError, OSError) as err:
            self.window.show_error("Cannot import", _import_failure(path, err))
            return False
        return result is not None and self._open_result(path, result)

    def import_clipboard(self) -> bool:
        """Cells copied from a spreadsheet (tab-separated text) through the mapping preview."""
        from journeymap.gui.dialogs.importing import ask_mapping
        from journeymap.interop.sheets.csvfile import parse_csv

        text = QGuiApplication.clipboard().text()
        name = "Pasted cells"
        if not text.strip():
            self.window.show_error(
                "Cannot import", "The clipboard holds no text; copy the cells in the spreadsheet "
                "first."
            )
            return False
        data = text.encode("utf-8")
        try:
            result = ask_mapping(name, lambda mapping: parse_csv(data, name, mapping), self.window)
        except JourneyMapError as err:
            self.window.show_error("Cannot import", _import_failure(Path(name), err))
            return False
        return result is not None and self._open_result(Path(name), result, folder=False)

    def import_path(self, path: Path) -> bool:
        """Open another tool's file as a new, unsaved map; a bad file changes nothing."""
        window = self.window
        fmt = import_format(path)
        if fmt is None:
            window.show_error(
                "Cannot import",
                f"JourneyMap imports {suffix_list(IMPORTS)} files; “{path.name}” is not one.",
            )
            return False
        try:
            result = importer(fmt)(path)
        except (JourneyMapError, ImportError, OSError) as err:
            window.show_error("Cannot import", _import_failure(path, err))
            return False
        return self._open_result(path, result)

    def _open_result(self, path: Path, result: ImportResult, folder: bool = True) -> bool:
        window = self.window
        if not window.maybe_save():
            return False
        if folder:
            QSettings().setValue(_KEY + "folder", str(path.parent))
        window.set_session(result.doc, None, modified=True)
        doc = result.doc
        message = f"Imported “{path.name}”: {doc.touchpoint_count} touchpoints"
        if result.warnings:
            count = len(result.warnings)
            message += f", {count} warning" + ("s" if count != 1 else "")
            show_warnings(window, path.name, result.warnings)
        window.statusBar().showMessage(message + ".", 10000)
        return True

    # ------------------------------------------------------------------ export
    def export_dialog(self, suffix: str) -> Path | None:
        """Ask for the file (and, for PNG, the size), write it, say so in the status bar."""
        fmt = export_format("map" + suffix)
        if fmt is None:
            return None
        from journeymap.gui.dialogs.export import file_name

        window = self.window
        base = file_name(window.session.doc.title, "map").removesuffix(".pdf")
        start = str(Path(self._folder()) / (base + fmt.suffix))
        name = filedialogs.save_file_name(
            window, f"Export {fmt.label}", start, f"{fmt.file_filter};;All files (*)"
        )
        if not name:
            return None
        target = Path(name)
        if target.suffix.lower() not in fmt.suffixes:
            target = target.with_name(target.name + fmt.suffix)
        from journeymap.gui.dialogs.export import may_write

        confirmed = target == Path(name)  # the dialog asked; not for a name we extended
        if not may_write(window, target, (window.session.path,), confirmed):
            return None
        size: tuple[int | None, int | None] = (None, None)
        if fmt.suffix == ".png":
            asked = ask_image_size(window)
            if asked is None:
                return None
            size = asked
        QSettings().setValue(_KEY + "folder", str(target.parent))
        return target if self.export_to(fmt, target, *size) else None

    def export_to(
        self, fmt: Format, target: Path, dpi: int | None = None, width: int | None = None
    ) -> bool:
        from journeymap.gui.dialogs.export import sentence

        window = self.window
        detail = ""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            writer = fmt.load()
            if fmt.suffix == ".png":
                size = writer(window.session.doc, target, dpi=dpi, width=width)
                detail = f" ({size.width:,} × {size.height:,} pixels)"
            else:
                writer(window.session.doc, target)
        except (JourneyMapError, ImportError) as err:
            window.show_error("Cannot export", sentence(err))
            return False
        except OSError as err:
            window.show_error("Cannot export", f"Cannot write “{target}”: {err.strerror or err}.")
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        window.statusBar().showMessage(f"Exported “{target.name}”{detail}.", 10000)
        return True


def _import_failure(path: Path, err: Exception) -> str:
    from journeymap.gui.dialogs.export import sentence

    reason = sentence(err)
    named = path.name in reason or f'"{path.stem}"' in reason
    text = reason if named else f"“{path.name}” cannot be imported.\n\n{reason}"
    problems: list[str] = list(getattr(err, "problems", []))
    if problems:
        shown = problems[:MAX_LISTED_PROBLEMS]
        text += "\n\n" + "\n".join(f"• {p}" for p in shown)
        if len(problems) > len(shown):
            text += f"\n… and {len(problems) - len(shown)} more."
    return text


__all__ = ["Exchange", "ImageSizeDialog", "WarningsDialog", "ask_image_size", "show_warnings"]
