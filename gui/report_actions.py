"""Save PDF…, Print… and Open PDF for the exam in the current wizard.

All three print the stored exam (core.reporting), so the autosave is flushed first: the PDF then
shows what is on screen. Buttons sit in the wizard's header; the same commands are in the Exam menu,
enabled while an exam is the current page.

Qt cannot draw a PDF without QtPdf, so printing sends the finished PDF itself: to the file chosen
with "print to file", to CUPS with ``lp`` on Linux and macOS, or to the PDF program's print verb on
Windows. PDFs for the viewer or the print system are written into a private per-user temporary
folder, emptied of files older than a day whenever it is used again (they hold patient data).
"""
from __future__ import annotations

import getpass
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMainWindow, QPushButton

from facialis.core.atomic import write_bytes
from facialis.core.exam import Exam, ExamFileError
from facialis.core.reporting import StoredReport, stored_exam_report
from facialis.core.settings import PaperSize, Settings
from facialis.core.store import StoreError
from facialis.gui import prompts
from facialis.gui.wizard.controller import WizardController
from facialis.gui.wizard.wizard import ExamWizard

#: Ctrl+S saves the draft in the wizard; Ctrl+Shift+S is the platforms' "Save As" and free here.
SAVE_PDF_KEYS = "Ctrl+Shift+S"
PDF_FILTER = "PDF files (*.pdf)"
#: Object names of the header buttons (``wizard.findChild(QPushButton, SAVE_PDF_BUTTON)``).
SAVE_PDF_BUTTON, PRINT_BUTTON, OPEN_PDF_BUTTON = "savePdfButton", "printButton", "openPdfButton"
#: ``lp`` hands the file to the CUPS scheduler and returns; a hung scheduler must not hang the GUI.
LP_TIMEOUT_S = 30
#: Temporary PDFs older than this are removed the next time the folder is used.
TEMP_MAX_AGE_S = 24 * 3600


def report_file_name(exam: Exam, exam_id: int) -> str:
    """``<MRN>_<exam date>_exam<ID>.pdf``, the name ``facialis report --patient`` gives as well."""
    mrn = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in exam.patient.mrn).strip("_") or "exam"
    return f"{mrn}_{exam.exam_date.isoformat()}_exam{exam_id}.pdf"


def _user_tag() -> str:
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in user) or "user"


def temp_folder() -> Path:
    """The private folder for PDFs handed to other programs (created 0700; old files removed).

    In a shared temporary directory a folder of that name that is not ours, or is a link, is never
    used: a fresh private folder is made instead.
    """
    folder = Path(tempfile.gettempdir()) / f"facialis-{_user_tag()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        if os.name == "posix":
            info = folder.lstat()
            if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                raise PermissionError(f"{folder} is not a private folder")
            if info.st_mode & 0o077:
                folder.chmod(0o700)
    except OSError:
        folder = Path(tempfile.mkdtemp(prefix=f"facialis-{_user_tag()}-"))
    now = time.time()
    for old in folder.glob("*.pdf"):
        try:
            if now - old.stat().st_mtime > TEMP_MAX_AGE_S:
                old.unlink()
        except OSError:
            pass  # open in a viewer (Windows) or already gone
    return folder


def write_temp_pdf(name: str, pdf: bytes) -> Path:
    """Write ``pdf`` into the temporary folder as ``name``; another name if that one is locked
    (a viewer on Windows keeps the file it shows open)."""
    folder = temp_folder()
    stem, suffix = os.path.splitext(name)
    error: OSError | None = None
    for attempt in range(1, 10):
        target = folder / (name if attempt == 1 else f"{stem}-{attempt}{suffix}")
        try:
            return write_bytes(target, pdf)
        except OSError as exc:
            error = exc
    assert error is not None
    raise error


def lp_command(lp: str, printer_name: str, copies: int, path: Path) -> list[str]:
    """The ``lp`` call for one job: the chosen printer (the default when none is named), copies."""
    argv = [lp]
    if printer_name:
        argv += ["-d", printer_name]
    argv += ["-n", str(max(1, copies)), str(path)]
    return argv


def exam_id_of(wizard: ExamWizard) -> int | None:
    """The stored exam the wizard shows: the signed record, else the draft row (None before the first save)."""
    if wizard.read_only and wizard.record is not None:
        return wizard.record.id
    return wizard.autosaver.exam_id


class _WaitCursor:
    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


class ReportActions(QObject):
    """The three commands, for the current wizard (menu, shortcuts) or a given one (its header buttons)."""

    def __init__(self, window: QMainWindow, controller: WizardController) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.last_folder: Path | None = None

        self.save_pdf_action = QAction("&Save PDF\u2026", window)
        self.save_pdf_action.setShortcut(QKeySequence(SAVE_PDF_KEYS))
        self.save_pdf_action.setToolTip(f"Save the PDF summary of this exam ({SAVE_PDF_KEYS})")
        self.save_pdf_action.triggered.connect(lambda: self.save_pdf())
        self.print_action = QAction("&Print\u2026", window)
        self.print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_action.setToolTip(f"Print the PDF summary of this exam ({self._keys(self.print_action)})")
        self.print_action.triggered.connect(lambda: self.print_report())
        self.open_pdf_action = QAction("Open P&DF", window)
        self.open_pdf_action.setToolTip("Show the PDF summary of this exam in the PDF viewer")
        self.open_pdf_action.triggered.connect(lambda: self.open_pdf())
        self.actions = (self.save_pdf_action, self.print_action, self.open_pdf_action)

        controller.menu.addSeparator()
        for action in self.actions:
            controller.menu.addAction(action)
        for wizard in controller.wizards:
            self.add_buttons(wizard)
        controller.wizardOpened.connect(self.add_buttons)
        window.pages.currentChanged.connect(self._update_actions)  # type: ignore[attr-defined]
        self._update_actions()

    @staticmethod
    def _keys(action: QAction) -> str:
        return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)

    # -- wiring --------------------------------------------------------------------------------------
    def current_wizard(self) -> ExamWizard | None:
        widget = self.window.pages.currentWidget()  # type: ignore[attr-defined]
        return widget if isinstance(widget, ExamWizard) else None

    def _update_actions(self, *_args: object) -> None:
        enabled = self.current_wizard() is not None
        for action in self.actions:
            action.setEnabled(enabled)

    def add_buttons(self, wizard: ExamWizard) -> None:
        """Save PDF…, Print…, Open PDF in the wizard's header, before Amend / Discard / Close."""
        if wizard.findChild(QPushButton, SAVE_PDF_BUTTON) is not None:
            return
        header = wizard.header
        index = header.indexOf(wizard.amend_button)
        for name, text, action, slot in (
            (SAVE_PDF_BUTTON, "Save PDF\u2026", self.save_pdf_action, self.save_pdf),
            (PRINT_BUTTON, "Print\u2026", self.print_action, self.print_report),
            (OPEN_PDF_BUTTON, "Open PDF", self.open_pdf_action, self.open_pdf),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setToolTip(action.toolTip())
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, slot=slot: slot(wizard))
            header.insertWidget(index, button)
            index += 1
        header.insertSpacing(index, 12)

    def report_settings(self, wizard: ExamWizard) -> Settings:
        """The exam's own settings (the report shows what the wizard shows), on the paper size of
        the preferences saved last (a print choice, not a clinical one)."""
        return wizard.settings.model_copy(update={"paper_size": self.controller.settings.paper_size})

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10000)

    # -- building --------------------------------------------------------------------------------------
    def build(self, wizard: ExamWizard, title: str) -> StoredReport | None:
        """The PDF of what the wizard shows, after saving its last changes; None after telling why not."""
        exam_id = self._saved_exam_id(wizard, title)
        if exam_id is None:
            return None
        try:
            with _WaitCursor():
                return stored_exam_report(wizard.store, exam_id, self.report_settings(wizard))
        except StoreError as error:
            prompts.error(wizard, title, f"The exam could not be read from the database:\n{error.message}")
        except ExamFileError as error:
            prompts.error(wizard, title, f"The stored exam could not be read:\n{error}")
        except Exception as error:  # noqa: BLE001 - a report bug must not lose the exam on screen
            prompts.error(wizard, title, f"The PDF could not be made: {error}\n\nThe exam itself is unchanged.",
                          details=traceback.format_exc())
        return None

    def _saved_exam_id(self, wizard: ExamWizard, title: str) -> int | None:
        if not wizard.read_only and not wizard.autosaver.flush() and wizard.autosaver.dirty:
            prompts.error(
                wizard, title,
                "The latest changes could not be saved, so a PDF would not show what is on screen.\n\n"
                f"{wizard.autosaver.last_error or 'The draft could not be saved.'}",
            )
            return None
        exam_id = exam_id_of(wizard)
        if exam_id is None:
            prompts.info(
                wizard, title,
                "This exam has nothing in it yet, so there is no PDF to make. The exam is saved as a draft "
                "with its first entry; then it can be saved as a PDF, printed or opened.",
            )
        return exam_id

    # -- Save PDF ------------------------------------------------------------------------------------------
    def save_pdf(self, wizard: ExamWizard | None = None, report: StoredReport | None = None) -> Path | None:
        """Ask where, then write the PDF atomically; on failure nothing at that path changes."""
        wizard = wizard or self.current_wizard()
        if wizard is None:
            return None
        report = report or self.build(wizard, "PDF not saved")
        if report is None:
            return None
        folder = self.last_folder or self._documents()
        chosen = prompts.choose_save_path(
            wizard, "Save the exam as PDF", folder / report_file_name(report.exam, report.record.id), PDF_FILTER,
            "pdf",
        )
        if chosen is None:
            return None
        target = Path(chosen)
        if target.is_dir():
            prompts.error(wizard, "PDF not saved",
                          f"The PDF was not saved:\n{target}\nis a folder. Choose a file name inside it.")
            return None
        try:
            write_bytes(target, report.pdf)
        except OSError as error:
            prompts.error(
                wizard, "PDF not saved",
                f"The PDF could not be written to\n{target}\n\n{error.strerror or error}\n\n"
                "Nothing was written there; a file of that name that existed before is unchanged.",
            )
            return None
        self.last_folder = target.parent
        self._status(f"Saved the exam as {target}.")
        return target

    @staticmethod
    def _documents() -> Path:
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    # -- Print ---------------------------------------------------------------------------------------------
    def print_report(self, wizard: ExamWizard | None = None) -> bool:
        """The platform print dialog, then the PDF to the file, printer or print system chosen."""
        from PySide6.QtGui import QPageSize
        from PySide6.QtPrintSupport import QPrinter

        wizard = wizard or self.current_wizard()
        if wizard is None:
            return False
        title = "Not printed"
        if self._saved_exam_id(wizard, title) is None:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        letter = self.report_settings(wizard).paper_size == PaperSize.letter
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter if letter else QPageSize.PageSizeId.A4))
        printer.setDocName(f"Facialis exam of {wizard.binding.exam.patient.display_name}")
        if not prompts.choose_printer(wizard, printer, "Print exam"):
            return False
        report = self.build(wizard, title)
        if report is None:
            return False
        name = report_file_name(report.exam, report.record.id)
        output = printer.outputFileName()
        if output:
            return self._print_to_file(wizard, report, Path(output))
        if sys.platform == "win32":
            return self._print_windows(wizard, report, name)
        return self._print_lp(wizard, report, printer.printerName(), printer.copyCount())

    def _print_to_file(self, wizard: ExamWizard, report: StoredReport, target: Path) -> bool:
        try:
            write_bytes(target, report.pdf)
        except OSError as error:
            prompts.error(wizard, "Not printed",
                          f"The PDF could not be written to\n{target}\n\n{error.strerror or error}\n\n"
                          "Nothing was written there; a file of that name that existed before is unchanged.")
            return False
        self._status(f"Printed the exam to the file {target}.")
        return True

    def _print_lp(self, wizard: ExamWizard, report: StoredReport, printer_name: str, copies: int) -> bool:
        lp = shutil.which("lp")
        where = printer_name or "the default printer"
        if lp is None:
            if prompts.ask_yes_no(
                wizard, "No print system",
                f"No print system was found (the command \u201clp\u201d of CUPS is missing), so the exam cannot be "
                f"sent to {where}.\n\nSave the PDF instead, to print it from another program?",
                default_yes=True,
            ):
                self.save_pdf(wizard, report)
            return False
        # a neutral file name: lp shows it as the job title in the printer queue, visible to others
        try:
            path = write_temp_pdf(f"facialis-exam{report.record.id}.pdf", report.pdf)
        except OSError as error:
            prompts.error(wizard, "Not printed", f"The PDF for the printer could not be written: {error}")
            return False
        argv = lp_command(lp, printer_name, copies, path)
        try:
            with _WaitCursor():
                result = subprocess.run(argv, capture_output=True, text=True, timeout=LP_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            prompts.error(wizard, "Not printed",
                          f"The print system did not answer within {LP_TIMEOUT_S} s. Check the queue of {where} "
                          "before printing again, so the exam is not printed twice.")
            return False
        except OSError as error:
            prompts.error(wizard, "Not printed", f"The print system could not be started: {error}")
            return False
        finally:
            # lp has copied the file to the spooler (or failed): the copy here is no longer needed
            path.unlink(missing_ok=True)
        if result.returncode != 0:
            reason = (result.stderr or result.stdout).strip() or f"lp ended with code {result.returncode}"
            prompts.error(wizard, "Not printed", f"The exam was not sent to {where}:\n{reason}")
            return False
        copies_text = f"{copies} copies" if copies > 1 else "the exam"
        self._status(f"Sent {copies_text} to {where}. {result.stdout.strip()}".strip())
        return True

    def _print_windows(self, wizard: ExamWizard, report: StoredReport, name: str) -> bool:
        try:
            path = write_temp_pdf(name, report.pdf)
            os.startfile(str(path), "print")  # type: ignore[attr-defined]  # Windows only
        except OSError as error:
            prompts.error(wizard, "Not printed",
                          f"The PDF program could not print it: {error}\n\nUse Save PDF and print it from there.")
            return False
        self._status("The PDF program prints the exam on the default printer.")
        return True

    # -- Open PDF -----------------------------------------------------------------------------------------
    def open_pdf(self, wizard: ExamWizard | None = None) -> Path | None:
        """Show the PDF in the system's viewer (a temporary copy; the viewer may keep it open)."""
        wizard = wizard or self.current_wizard()
        if wizard is None:
            return None
        report = self.build(wizard, "PDF not opened")
        if report is None:
            return None
        try:
            path = write_temp_pdf(report_file_name(report.exam, report.record.id), report.pdf)
        except OSError as error:
            prompts.error(wizard, "PDF not opened", f"The PDF could not be written for the viewer: {error}")
            return None
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            prompts.error(
                wizard, "PDF not opened",
                f"No program to show PDF files was found. The PDF is at\n{path}\n\nUse Save PDF to keep a copy.",
            )
            return None
        self._status(f"Opened the PDF of the exam ({path.name}).")
        return path


def attach_reports(window: QMainWindow, controller: WizardController) -> ReportActions:
    """Add Save PDF…, Print… and Open PDF to the Exam menu and to every wizard's header."""
    actions = ReportActions(window, controller)
    window.report_actions = actions  # type: ignore[attr-defined]
    return actions
