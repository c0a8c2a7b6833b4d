"""The one place where Facialis asks or tells the user something in a modal box.

Every message box, question and file chooser of the application goes through these functions, so a
test patches one name (``facialis.gui.prompts.ask_yes_no``) instead of hunting for dialogs. Text is
always shown as plain text: a patient name such as ``<b>Smith</b>`` must appear exactly as typed.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Qt's dialogs (and its namespace enums) are loaded when first needed
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QMessageBox, QWidget

DATABASE_FILTER = "Facialis databases (*.sqlite3 *.sqlite *.db);;All files (*)"


def _message(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    details: str | None = None,
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setDetailedText(details)
    box.exec()


def info(parent: QWidget | None, title: str, text: str) -> None:
    """Tell the user something they should know; nothing went wrong."""
    from PySide6.QtWidgets import QMessageBox

    _message(parent, QMessageBox.Icon.Information, title, text)


def warning(parent: QWidget | None, title: str, text: str) -> None:
    """Something needs attention, but the action went through or can be retried."""
    from PySide6.QtWidgets import QMessageBox

    _message(parent, QMessageBox.Icon.Warning, title, text)


def error(parent: QWidget | None, title: str, text: str, details: str | None = None) -> None:
    """An action failed; ``text`` says what and what was kept, ``details`` is for support."""
    from PySide6.QtWidgets import QMessageBox

    _message(parent, QMessageBox.Icon.Critical, title, text, details)


def ask_yes_no(parent: QWidget | None, title: str, text: str, *, default_yes: bool = False) -> bool:
    """A yes/no question; the safe answer is the default unless the caller says otherwise."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """One line of text from the user; None when they cancel."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


def choose_database_file(parent: QWidget | None, directory: str = "") -> str | None:
    """Pick a database file to open; a name that does not exist yet may be typed to create one."""
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(parent, "Open database", directory, DATABASE_FILTER)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if dialog.exec() != QFileDialog.DialogCode.Accepted:
        return None
    files = dialog.selectedFiles()
    return files[0] if files else None


def choose_save_path(
    parent: QWidget | None, title: str, suggested: Path, filters: str, default_suffix: str = ""
) -> Path | None:
    """A file name to write, starting from ``suggested``; None when the user cancels.

    ``default_suffix`` is added to a name typed without one, before the dialog asks about
    overwriting, so "report" cannot silently replace an existing "report.pdf".
    """
    from PySide6.QtWidgets import QDialog, QFileDialog

    dialog = QFileDialog(parent, title, str(suggested.parent), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if default_suffix:
        dialog.setDefaultSuffix(default_suffix)
    dialog.selectFile(suggested.name)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    files = dialog.selectedFiles()
    return Path(files[0]) if files else None


def choose_printer(parent: QWidget | None, printer: QPrinter, title: str = "Print") -> bool:
    """The platform print dialog; fills ``printer`` (printer, copies, print to file) and says whether to print.

    Page ranges are not offered: the finished PDF is sent as a whole.
    """
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog
    from PySide6.QtWidgets import QDialog

    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    option = QAbstractPrintDialog.PrintDialogOption
    dialog.setOptions(option.PrintToFile | option.PrintShowPageSize)
    return dialog.exec() == QDialog.DialogCode.Accepted


def choose_folder(parent: QWidget | None, title: str, directory: str = "") -> str | None:
    """A folder (to write exam files into); None when the user cancels."""
    from PySide6.QtWidgets import QFileDialog

    chosen = QFileDialog.getExistingDirectory(parent, title, directory)
    return chosen or None


def choose_open_files(parent: QWidget | None, title: str, directory: str, filters: str) -> list[str]:
    """Existing files to read (exam files to import); empty when the user cancels."""
    from PySide6.QtWidgets import QFileDialog

    chosen, _selected = QFileDialog.getOpenFileNames(parent, title, directory, filters)
    return list(chosen)
