"""Every file dialog the editor opens: the Qt dialog, with an icon provider that reads no file.

Qt's stock icon provider asks the MIME database for each listed file's icon and type, and for a
name without a known suffix the MIME database opens the file and reads its first bytes. Browsing
a folder that holds a file whose read blocks (``/proc/kmsg``, a FIFO on some systems, a dead
network mount) then froze the editor. The provider below decides from the name and the kind of
entry alone (folder, file, drive), and the Qt dialog is used everywhere so that it applies: a
native dialog would bring its own sniffing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

_OPTIONS = (
    QFileDialog.Option.DontUseNativeDialog
    | QFileDialog.Option.DontUseCustomDirectoryIcons
)


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from ``QFileInfo`` kind and suffix only: never opens a file."""

    def icon(self, arg: QFileIconProvider.IconType | QFileInfo) -> QIcon:
        if isinstance(arg, QFileInfo):
            return super().icon(_icon_type(arg))
        return super().icon(arg)

    def type(self, info: QFileInfo) -> str:
        if info.isRoot():
            return "Drive"
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


def _icon_type(info: QFileInfo) -> QFileIconProvider.IconType:
    if info.isRoot():
        return QFileIconProvider.IconType.Drive
    if info.isDir():
        return QFileIconProvider.IconType.Folder
    return QFileIconProvider.IconType.File


#: One provider for the whole application: a dialog's model may still ask it for an icon until
#: the dialog is really deleted, so it must outlive every dialog.
_PROVIDER: NameOnlyIconProvider | None = None


def icon_provider() -> NameOnlyIconProvider:
    global _PROVIDER
    if _PROVIDER is None:
        _PROVIDER = NameOnlyIconProvider()
    return _PROVIDER


def file_dialog(
    parent: QWidget | None,
    caption: str,
    start: str,
    filters: str,
    mode: QFileDialog.FileMode,
    save: bool = False,
) -> QFileDialog:
    """A configured, not yet shown, file dialog starting at ``start`` (a folder or a file)."""
    dialog = QFileDialog(parent, caption)
    # before any listing reaches the model: the stock provider would sniff file contents
    dialog.setOptions(_OPTIONS)
    dialog.setIconProvider(icon_provider())
    dialog.setFileMode(mode)
    dialog.setAcceptMode(
        QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen
    )
    if filters:
        dialog.setNameFilter(filters)
    if start:
        where = Path(start)
        if QFileInfo(start).isDir():
            dialog.setDirectory(start)
        else:
            dialog.setDirectory(str(where.parent))
            dialog.selectFile(where.name)
    return dialog


def _run(dialog: QFileDialog) -> list[str]:
    try:
        accepted = dialog.exec() == QFileDialog.DialogCode.Accepted
        return dialog.selectedFiles() if accepted else []
    finally:
        dialog.deleteLater()


def open_file_name(parent: QWidget | None, caption: str, start: str, filters: str) -> str:
    """The existing file the user chose, or "" when cancelled."""
    chosen = _run(file_dialog(parent, caption, start, filters, QFileDialog.FileMode.ExistingFile))
    return chosen[0] if chosen else ""


def open_file_names(
    parent: QWidget | None, caption: str, start: str, filters: str
) -> list[str]:
    """The existing files the user chose, or [] when cancelled."""
    return _run(file_dialog(parent, caption, start, filters, QFileDialog.FileMode.ExistingFiles))


def save_file_name(parent: QWidget | None, caption: str, start: str, filters: str) -> str:
    """The file name to write, or "" when cancelled; the dialog asks before replacing a file."""
    dialog = file_dialog(parent, caption, start, filters, QFileDialog.FileMode.AnyFile, save=True)
    chosen = _run(dialog)
    return chosen[0] if chosen else ""
