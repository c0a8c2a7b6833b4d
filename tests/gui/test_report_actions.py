"""Save PDF…, Print… and Open PDF from the exam wizard: the header buttons, the Exam menu and the keys.

The file chooser, the print dialog, ``lp`` and the PDF viewer are replaced by recorders; everything
else is the real window on a temporary database, and every PDF written is read back with pypdf.
"""
from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from facialis.core import atomic
from facialis.core.assess import assess
from facialis.core.exam import exam_from_document, exam_to_document, load_exam
from facialis.core.store import PatientRecord, Store
from facialis.core.summary import summarize
from facialis.gui import prompts, report_actions
from facialis.gui.main_window import MainWindow
from facialis.gui.report_actions import OPEN_PDF_BUTTON, PRINT_BUTTON, SAVE_PDF_BUTTON, ReportActions
from facialis.gui.wizard.wizard import ExamWizard
from facialis.core.vignettes import VIGNETTE_DIR

from .conftest import PromptLog
from .wizard.conftest import controller, driver, make_window, open_wizard, patient, settings, window  # noqa: F401
from .wizard.driver import Driver

VIGNETTES = VIGNETTE_DIR
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


# -- recorders -------------------------------------------------------------------------------------------


@dataclass
class Outside:
    """What Facialis asked of the world outside it, and what the world answers."""

    save_paths: list[Path | None] = field(default_factory=list)
    suggested: list[Path] = field(default_factory=list)
    #: Called with the QPrinter when the print dialog "is shown"; returns whether Print was pressed.
    printer_choice: Callable[[QPrinter], bool] | None = None
    dialogs: list[str] = field(default_factory=list)
    lp: str | None = "/usr/bin/lp"
    lp_result: subprocess.CompletedProcess[str] | None = None
    lp_calls: list[list[str]] = field(default_factory=list)
    lp_saw: list[bytes] = field(default_factory=list)
    opened: list[QUrl] = field(default_factory=list)


@pytest.fixture(autouse=True)
def outside(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Outside:
    world = Outside()
    real_which, real_run = shutil.which, subprocess.run

    def choose_save_path(_parent, title: str, suggested: Path, filters: str, default_suffix: str = "") -> Path | None:
        world.dialogs.append(title)
        world.suggested.append(suggested)
        assert "*.pdf" in filters and default_suffix == "pdf"
        return world.save_paths.pop(0) if world.save_paths else None

    def choose_printer(_parent, printer: QPrinter, title: str = "Print") -> bool:
        world.dialogs.append(title)
        return world.printer_choice(printer) if world.printer_choice else False

    def which(name: str, *args: Any, **kwargs: Any) -> str | None:
        return world.lp if name == "lp" else real_which(name, *args, **kwargs)

    def run(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        if not argv or argv[0] != world.lp:
            return real_run(argv, **kwargs)  # type: ignore[no-any-return]
        assert kwargs.get("timeout") and kwargs.get("capture_output")
        world.lp_calls.append(list(argv))
        world.lp_saw.append(Path(argv[-1]).read_bytes())  # the file exists while lp reads it
        return world.lp_result or subprocess.CompletedProcess(argv, 0, "request id is Ward3-17 (1 file(s))\n", "")

    def open_url(url: QUrl) -> bool:
        world.opened.append(url)
        return True

    monkeypatch.setattr(prompts, "choose_save_path", choose_save_path)
    monkeypatch.setattr(prompts, "choose_printer", choose_printer)
    monkeypatch.setattr(report_actions.shutil, "which", which)
    monkeypatch.setattr(report_actions.subprocess, "run", run)
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return world


# -- helpers ---------------------------------------------------------------------------------------------


def stored_v5(store: Store, patient: PatientRecord, *, signed: bool = False) -> int:  # noqa: F811
    """V5 (Bell's palsy, suggested HB IV) as a draft of ``patient``, or signed."""
    exam = load_exam(VIGNETTES / "v05.facialis.json")
    document = exam.model_dump(mode="json")
    document["patient"] = patient.patient.model_dump(mode="json")
    if signed:
        document["review"]["final_hb"] = {"left": "IV"}
    exam = exam_from_document(document)
    record = store.save_draft(patient.id, exam_to_document(exam), summarize(exam, assess(exam)))
    return store.sign_exam(record.id, record.version).id if signed else record.id


def open_stored(window: MainWindow, exam_id: int) -> ExamWizard:  # noqa: F811
    wizard = controller(window).open_exam(exam_id)
    assert wizard is not None and window.pages.currentWidget() is wizard
    return wizard


def button(wizard: ExamWizard, name: str) -> QPushButton:
    """A header button, once shown (buttons added to a visible widget appear at the next event loop turn)."""
    found = wizard.findChild(QPushButton, name)
    assert found is not None, name
    for _ in range(100):
        if found.isVisible():
            break
        QTest.qWait(10)
    assert found.isVisible() and found.isEnabled(), name
    return found


def click(qtbot: QtBot, widget: QPushButton) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def actions(window: MainWindow) -> ReportActions:  # noqa: F811
    return window.report_actions  # type: ignore[attr-defined,no-any-return]


def print_to_file(target: Path) -> Callable[[QPrinter], bool]:
    def choose(printer: QPrinter) -> bool:
        printer.setOutputFileName(str(target))
        return True

    return choose


def print_on(name: str, copies: int = 1) -> Callable[[QPrinter], bool]:
    """The user picks printer ``name``. With no print system on the test machine QPrinter forgets a
    name it does not know, so the dialog's answer is set on the printer object itself."""

    def choose(printer: QPrinter) -> bool:
        printer.printerName = lambda: name  # type: ignore[method-assign]
        printer.setCopyCount(copies)
        return True

    return choose


# -- Save PDF --------------------------------------------------------------------------------------------


def test_save_pdf_writes_the_summary_under_the_suggested_name(
    qtbot: QtBot, window: MainWindow, patient: PatientRecord, store: Store, outside: Outside,  # noqa: F811
    tmp_path: Path, prompts_log: PromptLog,
) -> None:
    exam_id = stored_v5(store, patient)
    wizard = open_stored(window, exam_id)
    target = tmp_path / "out" / "chosen.pdf"
    outside.save_paths.append(target)
    click(qtbot, button(wizard, SAVE_PDF_BUTTON))

    assert outside.suggested[0].name == f"V05_2026-10-06_exam{exam_id}.pdf"
    text = pdf_text(target.read_bytes())
    assert "Fischer, Anna" in text and "MRN\nV05" in text
    assert "Suggested grade: IV" in text
    assert "DRAFT" in text
    assert prompts_log.shown == []
    assert str(target) in window.statusBar().currentMessage()
    # the next save starts in the folder chosen last
    outside.save_paths.append(None)
    click(qtbot, button(wizard, SAVE_PDF_BUTTON))
    assert outside.suggested[1].parent == target.parent


def test_save_pdf_by_shortcut_shows_what_was_typed_a_moment_ago(
    qtbot: QtBot, window: MainWindow, patient: PatientRecord, outside: Outside, tmp_path: Path,  # noqa: F811
    driver: Driver,
) -> None:
    wizard = open_wizard(qtbot, window, patient.id)
    driver.fill(wizard.controls["encounter.examiner"], "Dr. Q. Typed-Just-Now")
    assert wizard.autosaver.dirty  # not saved yet: the autosave waits for a pause in typing
    target = tmp_path / "typed.pdf"
    outside.save_paths.append(target)
    driver.key(Qt.Key.Key_S, CTRL | SHIFT)

    assert not wizard.autosaver.dirty
    assert "Dr. Q. Typed-Just-Now" in pdf_text(target.read_bytes())
    assert actions(window).save_pdf_action.shortcut().toString() == "Ctrl+Shift+S"
    assert "Ctrl+Shift+S" in button(wizard, SAVE_PDF_BUTTON).toolTip()


def test_a_never_saved_exam_has_nothing_to_print(
    qtbot: QtBot, window: MainWindow, patient: PatientRecord, outside: Outside, prompts_log: PromptLog,  # noqa: F811
) -> None:
    wizard = open_wizard(qtbot, window, patient.id)
    outside.printer_choice = print_to_file(Path("never.pdf"))
    for name in (SAVE_PDF_BUTTON, PRINT_BUTTON, OPEN_PDF_BUTTON):
        click(qtbot, button(wizard, name))
    assert outside.dialogs == [] and outside.opened == []
    assert [p.kind for p in prompts_log.shown] == ["info"] * 3
    assert "nothing in it yet" in prompts_log.shown[0].text
    assert wizard.autosaver.exam_id is None  # asking for a PDF did not create an empty draft


def test_saving_over_a_folder_names_it_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, patient: PatientRecord, store: Store, outside: Outside,  # noqa: F811
    tmp_path: Path, prompts_log: PromptLog,
) -> None:
    wizard = open_stored(window, stored_v5(store, patient))
    folder = tmp_path / "reports"
    folder.mkdir()
    outside.save_paths.append(folder)
    click(qtbot, button(wizard, SAVE_PDF_BUTTON))
    (shown,) = prompts_log.of_kind("error")
    assert str(folder) in shown.text and "folder" in shown.text
    assert list(folder.iterdir()) == []


@contextmanager
def read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``folder`` refuses new files: by its permissions, or for root (whom permissions do not bind)
    by the temporary file refusing to be created there, as the kernel would (EACCES)."""
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if as_root:
        real_mkstemp = tempfile.mkstemp

        def refusing_mkstemp(*args: Any, dir: str | os.PathLike[str] | None = None, **kwargs: Any):  # noqa: A002
            if dir is not None and Path(dir) == folder:
                raise PermissionError(13, "Permission denied", str(folder))
            return real_mkstemp(*args, dir=dir, **kwargs)

        monkeypatch.setattr(atomic.tempfile, "mkstemp", refusing_mkstemp)
    else:
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        yield
    finally:
        if as_root:
            monkeypatch.setattr(atomic.tempfile, "mkstemp", real_mkstemp)
        else:
            folder.chmod(stat.S_IRWXU)


def test_saving_into_a_read_only_folder_keeps_the_old_file(
    qtbot: QtBot, window: MainWindow, patient: PatientRecord, store: Store, outside: Outside,  # noqa: F811
    tmp_path: Path, prompts_log: PromptLog, monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = open_stored(window, stored_v5(store, patient))
    folder = tmp_path / "locked"
    folder.mkdir()
    old = folder / "report.pdf"
    old.write_bytes(b"the old report")
    with read_only(folder, monkeypatch):
        outside.save_paths.append(old)
        click(qtbot, button(wizard, SAVE_PDF_BUTTON))
    (shown,) = prompts_log.of_kind("error")
    assert str(old) in shown.text and "unchanged" in shown.text
    assert old.read_bytes() == b"the old report" and sorted(folder.iterdir()) == [old]


def test_a_full_disk_leaves_the_old_file_untouched(
    qtbot: QtBot, window: MainWindow, patient: PatientRecord, store: Store, outside: Outside,  # noqa: F811
    tmp_path: Path, prompts_log: PromptLog, monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = open_stored(window, stored_v5(store, patient))
    old = tmp_path / "report.pdf"
    old.write_bytes(b"the old report")

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    outside.save_paths.append(old)
    click(qtbot, button(wizard, SAVE_PDF_BUTTON))
    monkeypatch.undo()
    (shown,) = prompts_log.of_kind("error")
    assert str(old) in shown.text and "No space left on device" in shown.text
    assert old.read_bytes() == b"the old report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report.pdf")] == []  # no half file left


# -- Print -----------------------------------------------------------------------------------------------


def test_print_to_file_writes_the_pdf_there(
    qtbot: QtBot, window: MainWindow, patient: PatientRecord, store: Store, outside: Outside,  # noqa: F811
    tmp_path: Path, prompts_log: PromptLog,
) -> None:
    wizard = open_stored(window, stored_v5(store, patient))
    target = tmp_path / "printed.pdf"
    outside.printer_choice = print_to_file(target)
    click(qtbot, button(wizard, PRINT_BUTTON))
    assert outside.dialogs == ["Print exam"]
    assert "Suggested grade: IV" in pdf_text(target.read_bytes())
    assert outside.lp_calls == [] and prompts_log.shown == []


def test_print_on_a_printer_sends_the_pdf_to_lp(
    qtbot: QtBot, window: MainWindow, patient: PatientRecord, store: Store, outside: Outside,  # noqa: F811
    prompts_log: PromptLog, driver: Driver,
) -> None:
    exam_id = stored_v5(store, patient)
    wizard = open_stored(window, exam_id)
    outside.printer_choice = print_on("Ward3", copies=2)
    wizard.setFocus()
    driver.key(Qt.Key.Key_P, CTRL, widget=wizard)  # Ctrl+P, the platform's Print key

    (argv,) = outside.lp_calls
    assert argv[:-1] == ["/usr/bin/lp", "-d", "Ward3", "-n", "2"]
    sent = Path(argv[-1])
    assert sent.name == f"facialis-exam{exam_id}.pdf"  # no MRN in the queue's job title
    assert "Fischer, Anna" in pdf_text(outside.lp_saw[0])
    assert not sent.exists()  # the spooler has its copy; the patient data does not stay behind
    assert prompts_log.shown == []
    assert "Sent 2 copies to Ward3" in window.statusBar().currentMessage()


def test_lp_failure_is_reported_with_its_own_words(
    qtbot: QtBot, window: MainWindow, patient: PatientRecord, store: Store, outside: Outside,  # noqa: F811
    prompts_log: PromptLog,
) -> None:
    wizard = open_stored(window, stored_v5(store, patient))
    outside.printer_choice = print_on("Ward9")
    outside.lp_result = subprocess.CompletedProcess([], 1, "", "lp: The printer or class does not exist.\n")
    click(qtbot, button(wizard, PRINT_BUTTON))
    (shown,) = prompts_log.of_kind("error")
    assert "Ward9" in shown.text and "lp: The printer or class does not exist." in shown.text


def test_without_lp_it_says_so_and_offers_save_pdf(
    qtbot: QtBot, window: MainWindow, patient: PatientRecord, store: Store, outside: Outside,  # noqa: F811
    prompts_log: PromptLog, tmp_path: Path,
) -> None:
    wizard = open_stored(window, stored_v5(store, patient))
    outside.lp = None
    outside.printer_choice = print_on("Ward3")
    prompts_log.yes_no_answers.append(True)
    target = tmp_path / "instead.pdf"
    outside.save_paths.append(target)
    click(qtbot, button(wizard, PRINT_BUTTON))
    (question,) = prompts_log.of_kind("question")
    assert "No print system was found" in question.text and "Save the PDF instead" in question.text
    assert outside.lp_calls == []
    assert "Fischer, Anna" in pdf_text(target.read_bytes())


def test_cancelling_the_print_dialog_prints_nothing(
    qtbot: QtBot, window: MainWindow, patient: PatientRecord, store: Store, outside: Outside,  # noqa: F811
    prompts_log: PromptLog,
) -> None:
    wizard = open_stored(window, stored_v5(store, patient))
    click(qtbot, button(wizard, PRINT_BUTTON))  # no printer_choice: the dialog is cancelled
    assert outside.dialogs == ["Print exam"] and outside.lp_calls == [] and prompts_log.shown == []


def test_signed_exam_prints_signed_and_a_draft_prints_draft(
    qtbot: QtBot, window: MainWindow, patient: PatientRecord, store: Store, outside: Outside,  # noqa: F811
    tmp_path: Path,
) -> None:
    signed = open_stored(window, stored_v5(store, patient, signed=True))
    assert signed.read_only
    outside.printer_choice = print_to_file(tmp_path / "signed.pdf")
    click(qtbot, button(signed, PRINT_BUTTON))
    text = pdf_text((tmp_path / "signed.pdf").read_bytes())
    assert "Signed" in text and "DRAFT" not in text

    # Amend: the new version is a draft again, and prints as one
    click(qtbot, signed.amend_button)
    assert not signed.read_only
    outside.printer_choice = print_to_file(tmp_path / "amended.pdf")
    click(qtbot, button(signed, PRINT_BUTTON))
    assert "DRAFT" in pdf_text((tmp_path / "amended.pdf").read_bytes())


# -- Open PDF ----------------------------------------------------------------------------------------------


def test_open_pdf_hands_a_private_temporary_copy_to_the_viewer(
    qtbot: QtBot, window: MainWindow, patient: PatientRecord, store: Store, outside: Outside,  # noqa: F811
    prompts_log: PromptLog,
) -> None:
    exam_id = stored_v5(store, patient)
    wizard = open_stored(window, exam_id)
    click(qtbot, button(wizard, OPEN_PDF_BUTTON))
    (url,) = outside.opened
    assert url.isLocalFile()
    path = Path(url.toLocalFile())
    assert path.name == f"V05_2026-10-06_exam{exam_id}.pdf"
    assert path.parent.parent == Path(tempfile.gettempdir())
    assert "Fischer, Anna" in pdf_text(path.read_bytes())
    if os.name == "posix":
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert prompts_log.shown == []


def test_open_pdf_without_a_viewer_says_where_the_file_is(
    qtbot: QtBot, window: MainWindow, patient: PatientRecord, store: Store, prompts_log: PromptLog,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = open_stored(window, stored_v5(store, patient))
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda _url: False))
    click(qtbot, button(wizard, OPEN_PDF_BUTTON))
    (shown,) = prompts_log.of_kind("error")
    assert "No program to show PDF files" in shown.text and tempfile.gettempdir() in shown.text


def test_old_temporary_pdfs_are_removed(outside: Outside) -> None:
    folder = report_actions.temp_folder()
    old, fresh = folder / "old.pdf", folder / "fresh.pdf"
    old.write_bytes(b"%PDF-old")
    fresh.write_bytes(b"%PDF-fresh")
    os.utime(old, (0, 0))
    assert report_actions.temp_folder() == folder
    assert not old.exists() and fresh.exists()


# -- menu --------------------------------------------------------------------------------------------------


def test_exam_menu_entries_follow_the_current_page(
    qtbot: QtBot, window: MainWindow, patient: PatientRecord, store: Store, outside: Outside,  # noqa: F811
    tmp_path: Path,
) -> None:
    report = actions(window)
    menu_texts = [action.text() for action in controller(window).menu.actions() if action.text()]
    assert menu_texts[-3:] == ["&Save PDF\u2026", "&Print\u2026", "Open P&DF"]
    assert not any(action.isEnabled() for action in report.actions)  # the patients page is current
    wizard = open_stored(window, stored_v5(store, patient))
    assert all(action.isEnabled() for action in report.actions)
    outside.save_paths.append(tmp_path / "menu.pdf")
    report.save_pdf_action.trigger()
    assert (tmp_path / "menu.pdf").exists()
    window.pages.setCurrentWidget(window.patients_page)
    assert not any(action.isEnabled() for action in report.actions)
    window.pages.setCurrentWidget(wizard)
    click(qtbot, wizard.close_button)
    assert not any(action.isEnabled() for action in report.actions)


def test_the_header_buttons_fit_a_narrow_window(
    qtbot: QtBot, window: MainWindow, patient: PatientRecord, store: Store,  # noqa: F811
) -> None:
    """Six buttons beside a long patient line must not force the window wider than its default 900 px:
    the patient line is cut at its end (name and MRN stay, the tooltip has it all), the status line gives way."""
    wizard = open_stored(window, stored_v5(store, patient))
    button(wizard, SAVE_PDF_BUTTON)
    assert wizard.minimumSizeHint().width() <= 900
    window.resize(900, 560)
    qtbot.waitUntil(lambda: window.width() == 900)
    assert wizard.patient_label.width() >= 300
    assert wizard.patient_label.toolTip().startswith("Fischer, Anna  \u00b7  MRN V05  \u00b7  born")
    right = wizard.close_button.geometry().right()
    assert right < wizard.width()
