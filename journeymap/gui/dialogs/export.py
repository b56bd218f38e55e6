"""File ▸ Export: the PDF options dialog and the export run with progress and cancel."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from journeymap.export import (
    DEFAULT_ACCENT,
    PAGE_SIZES,
    ExportError,
    ExportOptions,
    ExportReport,
    ExportWarning,
    parse_accent,
    write_map_pdf,
    write_plan_pdf,
)
from journeymap.export.branding import load_logo
from journeymap.gui import filedialogs
from journeymap.gui.places import file_stem, proposed_folder

if TYPE_CHECKING:
    from journeymap.gui.windowtypes import MapWindow

Kind = Literal["map", "plan"]

PDF_FILTER = "PDF documents (*.pdf);;All files (*)"
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg);;All files (*)"
PLACEMENTS = (
    ("auto", "Automatic: one page when readable, else tiles"),
    ("fit", "Fit to one page"),
    ("tile", "Tile across pages"),
    ("poster", "Poster: one page of the smallest size that fits"),
)
_KEY = "export/"


def sentence(err: Exception) -> str:
    """An ExportError message as a sentence: capital first letter, full stop."""
    text = str(err).strip()
    if not text:
        return "The export failed."
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def file_name(title: str, kind: Kind) -> str:
    """A file name for the PDF from the map title, without characters file systems refuse."""
    base = file_stem(title)
    return f"{base}.pdf" if kind == "map" else f"{base} - improvement plan.pdf"


def with_pdf_suffix(path: Path) -> Path:
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def may_write(
    window: MapWindow, target: Path, inputs: tuple[Path | None, ...], confirmed: bool
) -> bool:
    """The command line's output checks (:mod:`journeymap.core.outputs`) for an export.

    Never the map's own file or another input, a folder, FIFO, device or read-only file;
    an existing file is replaced only when the file dialog already asked (``confirmed``)
    or the user says so now.
    """
    from journeymap.core.outputs import OutputExists, OutputRefused, check_output

    try:
        check_output(target, inputs=inputs, force=confirmed)
    except OutputExists:
        answer = QMessageBox.question(
            window,
            "Replace the file?",
            f"“{target.name}” already exists in “{target.parent}”. Replace it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes and may_write(
            window, target, inputs, True
        )
    except OutputRefused as err:
        window.show_error("Cannot export", sentence(err))
        return False
    return True


def open_file(path: Path) -> bool:
    """Open a file in the desktop's default application (tests replace this)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ExportDialog(QDialog):
    """Choose the output file, page and branding of a map or improvement plan PDF."""

    def __init__(
        self, kind: Kind, title: str, map_path: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind: Kind = kind
        self.settings = QSettings()
        what = "map" if kind == "map" else "improvement plan"
        self.setWindowTitle(f"Export {what} PDF")
        folder = proposed_folder(map_path)
        self._accent = DEFAULT_ACCENT
        self._logo_ok = True

        self.file_edit = QLineEdit(str(folder / file_name(title, kind)))
        self.file_edit.setMinimumWidth(420)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse_target)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)

        self.page_size = QComboBox()
        self.page_size.addItems(list(PAGE_SIZES))
        self.landscape = QRadioButton("Landscape")
        self.portrait = QRadioButton("Portrait")
        self._orientation = QButtonGroup(self)
        self._orientation.addButton(self.landscape)
        self._orientation.addButton(self.portrait)
        self.landscape.setChecked(True)
        orientation_row = QHBoxLayout()
        orientation_row.addWidget(self.landscape)
        orientation_row.addWidget(self.portrait)
        orientation_row.addStretch(1)
        self.placement = QComboBox()
        for value, label in PLACEMENTS:
            self.placement.addItem(label, value)
        page_box = QGroupBox("Page")
        page_form = QFormLayout(page_box)
        page_form.addRow("Size:", self.page_size)
        page_form.addRow("Orientation:", orientation_row)
        page_form.addRow("Placement:", self.placement)
        page_form.setRowVisible(self.placement, kind == "map")
        self.layers = QCheckBox(
            "Layered map: doing, thinking, feeling, pain points and opportunities per stage",
            self)
        page_form.addRow("", self.layers)
        page_form.setRowVisible(self.layers, kind == "map")

        self.client = QLineEdit()
        self.client.setPlaceholderText("Shown on the cover and in the footer")
        self.author = QLineEdit()
        self.accent_button = QPushButton()
        self.accent_button.clicked.connect(self._choose_accent)
        accent_row = QHBoxLayout()
        accent_row.addWidget(self.accent_button)
        accent_row.addStretch(1)
        self.logo_edit = QLineEdit()
        self.logo_edit.setPlaceholderText("No logo (PNG or JPEG)")
        self.logo_edit.setClearButtonEnabled(True)
        self.logo_edit.textChanged.connect(self._check_logo)
        logo_browse = QPushButton("Browse…")
        logo_browse.clicked.connect(self._browse_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_edit, 1)
        logo_row.addWidget(logo_browse)
        self.logo_error = QLabel()
        self.logo_error.setWordWrap(True)
        self.logo_error.setStyleSheet("color: #b3261e;")
        self.logo_error.hide()
        logo_column = QVBoxLayout()
        logo_column.setSpacing(4)
        logo_column.addLayout(logo_row)
        logo_column.addWidget(self.logo_error)
        self.footer = QLineEdit()
        self.footer.setPlaceholderText("e.g. Confidential")
        brand_box = QGroupBox("Branding")
        brand_form = QFormLayout(brand_box)
        brand_form.addRow("Client:", self.client)
        brand_form.addRow("Author:", self.author)
        brand_form.addRow("Accent colour:", accent_row)
        brand_form.addRow("Logo:", logo_column)
        brand_form.addRow("Footer text:", self.footer)
        self.cover = QCheckBox("Cover page with the persona, and the executive summary first",
                               self)
        if kind == "map":
            brand_form.addRow("", self.cover)
        else:  # the plan always has its cover
            self.cover.hide()

        self.worst_path = QCheckBox("Highlight the worst path (lowest mean emotion)", self)
        self.moments = QCheckBox("Mark the top-ranked moments of truth", self)
        self.findings = QCheckBox("Findings: dead ends, loops, paths, moments of truth", self)
        insight_box = QGroupBox("Journey insights")
        insight_column = QVBoxLayout(insight_box)
        for box, shown in ((self.worst_path, kind == "map"), (self.moments, kind == "map"),
                           (self.findings, kind == "plan")):
            if shown:
                insight_column.addWidget(box)
            else:
                box.hide()

        self.open_when_done = QCheckBox("Open the PDF when done")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.file_edit.textChanged.connect(self._update_ok)

        file_box = QGroupBox("File")
        file_form = QFormLayout(file_box)
        file_form.addRow("Save as:", file_row)
        file_form.addRow("", self.open_when_done)
        layout = QVBoxLayout(self)
        layout.addWidget(file_box)
        layout.addWidget(page_box)
        layout.addWidget(brand_box)
        layout.addWidget(insight_box)
        layout.addSpacing(4)
        layout.addWidget(self.buttons)
        self._restore()

    # ------------------------------------------------------------------ results
    def options(self) -> ExportOptions:
        """The export options the fields describe."""
        logo = self.logo_edit.text().strip()
        return ExportOptions(
            page_size=self.page_size.currentText(),
            orientation="portrait" if self.portrait.isChecked() else "landscape",
            placement=self.placement.currentData() if self.kind == "map" else "auto",
            logo=Path(logo).expanduser() if logo else None,
            client=self.client.text().strip(),
            author=self.author.text().strip(),
            accent=self._accent,
            footer=self.footer.text().strip(),
            highlight_worst_path=self.kind == "map" and self.worst_path.isChecked(),
            mark_moments_of_truth=self.kind == "map" and self.moments.isChecked(),
            findings=self.kind == "plan" and self.findings.isChecked(),
            cover=self.kind == "map" and self.cover.isChecked(),
            layers=self.kind == "map" and self.layers.isChecked(),
        )

    def target(self) -> Path:
        """The output file, always ending in .pdf."""
        return with_pdf_suffix(Path(self.file_edit.text().strip()).expanduser())

    def accent(self) -> str:
        return self._accent

    def set_accent(self, hex_code: str) -> None:
        self._accent = parse_accent(hex_code)
        swatch = QPixmap(28, 14)
        swatch.fill(QColor(self._accent))
        self.accent_button.setIcon(QIcon(swatch))
        self.accent_button.setIconSize(swatch.size())
        self.accent_button.setText(f" {self._accent}")

    def accept(self) -> None:
        self._check_logo()
        if not self.ok_button.isEnabled():
            return
        self._remember()
        super().accept()

    # ------------------------------------------------------------------ fields
    def _browse_target(self) -> None:
        name = filedialogs.save_file_name(self, "Export PDF", str(self.target()), PDF_FILTER)
        if name:
            self.file_edit.setText(str(with_pdf_suffix(Path(name))))
            self.confirmed = Path(name)  # the file dialog asked before replacing it

    def replace_confirmed(self) -> bool:
        """Whether the file dialog already asked about replacing the chosen file."""
        return getattr(self, "confirmed", None) == self.target()

    def _browse_logo(self) -> None:
        current = self.logo_edit.text().strip()
        start = current or self._text(_KEY + "logo_folder", str(Path.home()))
        name = filedialogs.open_file_name(self, "Choose a logo", start, IMAGE_FILTER)
        if name:
            self.logo_edit.setText(name)
            self.settings.setValue(_KEY + "logo_folder", str(Path(name).parent))

    def _choose_accent(self) -> None:
        colour = QColorDialog.getColor(QColor(self._accent), self, "Accent colour")
        if colour.isValid():
            self.set_accent(colour.name())

    def _check_logo(self, *_: object) -> None:
        """Check the logo at once, so a bad file is known before the export starts."""
        text = self.logo_edit.text().strip()
        error = ""
        if text:
            try:
                load_logo(text)
            except ExportError as err:
                error = sentence(err)
        self._logo_ok = not error
        self.logo_error.setText(error)
        self.logo_error.setVisible(bool(error))
        self._update_ok()

    def _update_ok(self, *_: object) -> None:
        self.ok_button.setEnabled(self._logo_ok and bool(self.file_edit.text().strip()))

    # ------------------------------------------------------------------ settings
    def _restore(self) -> None:
        s = self.settings
        index = self.page_size.findText(self._text(_KEY + "page_size", "A4"))
        self.page_size.setCurrentIndex(max(0, index))
        portrait = self._text(_KEY + "orientation", "landscape") == "portrait"
        (self.portrait if portrait else self.landscape).setChecked(True)
        index = self.placement.findData(self._text(_KEY + "placement", "auto"))
        self.placement.setCurrentIndex(max(0, index))
        self.client.setText(self._text(_KEY + "client", ""))
        self.author.setText(self._text(_KEY + "author", ""))
        self.footer.setText(self._text(_KEY + "footer", ""))
        try:
            self.set_accent(self._text(_KEY + "accent", DEFAULT_ACCENT))
        except ExportError:
            self.set_accent(DEFAULT_ACCENT)
        self.logo_edit.setText(self._text(_KEY + "logo", ""))
        self.open_when_done.setChecked(bool(s.value(_KEY + "open_when_done", False, bool)))
        defaults = ExportOptions()
        self.worst_path.setChecked(
            bool(s.value(_KEY + "worst_path", defaults.highlight_worst_path, bool)))
        self.moments.setChecked(
            bool(s.value(_KEY + "moments", defaults.mark_moments_of_truth, bool)))
        self.findings.setChecked(bool(s.value(_KEY + "findings", defaults.findings, bool)))
        self.cover.setChecked(bool(s.value(_KEY + "cover", defaults.cover, bool)))
        self.layers.setChecked(bool(s.value(_KEY + "layers", defaults.layers, bool)))
        self._check_logo()

    def _text(self, key: str, default: str) -> str:
        return str(self.settings.value(key, default, str))

    def _remember(self) -> None:
        options = self.options()
        s = self.settings
        s.setValue(_KEY + "page_size", options.page_size)
        s.setValue(_KEY + "orientation", options.orientation)
        if self.kind == "map":
            s.setValue(_KEY + "placement", options.placement)
            s.setValue(_KEY + "worst_path", options.highlight_worst_path)
            s.setValue(_KEY + "moments", options.mark_moments_of_truth)
            s.setValue(_KEY + "cover", options.cover)
            s.setValue(_KEY + "layers", options.layers)
        else:
            s.setValue(_KEY + "findings", options.findings)
        s.setValue(_KEY + "client", options.client)
        s.setValue(_KEY + "author", options.author)
        s.setValue(_KEY + "accent", options.accent)
        s.setValue(_KEY + "logo", str(options.logo) if options.logo else "")
        s.setValue(_KEY + "footer", options.footer)
        s.setValue(_KEY + "open_when_done", self.open_when_done.isChecked())


class ExportCancelled(Exception):
    """Raised from the progress callback when the user presses Cancel."""


def export_pdf(window: MapWindow, kind: Kind) -> ExportReport | None:
    """Ask for the options, write the PDF with a cancellable progress dialog, report back."""
    doc = window.session.doc
    dialog = ExportDialog(kind, doc.title, window.session.path, window)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        options, target = dialog.options(), dialog.target()
        open_after = dialog.open_when_done.isChecked()
        confirmed = dialog.replace_confirmed()
    finally:
        dialog.deleteLater()
    inputs = (window.session.path, options.logo, options.font)
    if not may_write(window, target, inputs, confirmed):
        return None
    window.autosaver.save_now()
    writer = write_map_pdf if kind == "map" else write_plan_pdf
    # while comparing, the PDF carries the comparison (the open map is the to-be)
    as_is = getattr(getattr(window, "comparer", None), "other", None)
    what = "map" if kind == "map" else "improvement plan"
    progress = QProgressDialog(f"Exporting the {what}…", "Cancel", 0, 1000, window)
    progress.setWindowTitle("Export PDF")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)
    progress.setAutoClose(False)
    progress.setAutoReset(False)

    def step(fraction: float, phrase: str) -> None:
        progress.setLabelText(f"{phrase}…")
        progress.setValue(round(fraction * 1000))
        QApplication.processEvents()
        if progress.wasCanceled():
            raise ExportCancelled

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ExportWarning)
            report = writer(doc, target, options, progress=step, as_is=as_is)
    except ExportCancelled:
        window.statusBar().showMessage("Export cancelled; no file was written.", 6000)
        return None
    except ExportError as err:
        window.show_error("Cannot export", sentence(err))
        return None
    except OSError as err:
        window.show_error("Cannot export", f'Cannot write "{target}": {err.strerror or err}.')
        return None
    finally:
        progress.close()
        progress.deleteLater()
    pages = f"{report.pages} page" + ("s" if report.pages != 1 else "")
    message = f"Exported “{report.path.name}”: {pages}"
    if as_is is not None:
        message += ", with the comparison"
    if report.warnings:
        count = len(report.warnings)
        message += f", {count} warning" + ("s" if count != 1 else "")
        QMessageBox.information(
            window,
            "Exported with warnings",
            f"“{report.path.name}” was written, with these warnings:\n\n"
            + "\n".join(f"• {sentence(Exception(w))}" for w in report.warnings),
        )
    window.statusBar().showMessage(message + ".", 10000)
    if open_after:
        open_file(report.path)
    return report


__all__ = ["ExportDialog", "export_pdf", "file_name", "open_file"]
