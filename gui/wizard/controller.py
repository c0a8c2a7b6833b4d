"""How exams are started and opened from the main window, and how a crashed draft comes back.

- New exam (Ctrl+E) for the selected patient: a follow-up starts from the patient's last signed
  exam (core.followup), otherwise a first exam; an unsigned draft of the patient is offered first.
- Open exam (Ctrl+Shift+E): the patient's exams; a signed one opens read-only with Amend.
- At start-up, drafts that were open when Facialis stopped without closing them are offered back.
"""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facialis.core.exam import Exam, ExamFileError, Visit, exam_from_document
from facialis.core.followup import start_follow_up
from facialis.core.settings import Settings, load_settings
from facialis.core.store import ExamRecord, PatientRecord, Store, StoreError
from facialis.gui import prompts

from .autosave import forget_open, open_when_stopped
from .wizard import ExamWizard

NEW_EXAM_KEYS = "Ctrl+E"
OPEN_EXAM_KEYS = "Ctrl+Shift+E"
STATUS_WORDS = {"draft": "draft (unsigned)", "signed": "signed", "superseded": "superseded"}


def record_title(record: ExamRecord) -> str:
    """One line per stored exam: date, state, grade, version."""
    summary = record.summary
    when = summary.exam_date.strftime("%Y-%m-%d %H:%M") if isinstance(summary.exam_date, datetime) else (
        summary.exam_date.isoformat() if summary.exam_date else "no date")
    grade = f"HB {summary.final_hb}" if summary.final_hb else (
        f"suggested HB {summary.suggested_hb}" if summary.suggested_hb else "no grade")
    version = f", version {record.version_no}" if record.version_no > 1 else ""
    return f"{when}  \u00b7  {STATUS_WORDS.get(record.status, record.status)}{version}  \u00b7  {grade}"


class ExamListDialog(QDialog):
    """The exams of one patient, newest first; Return or a double-click opens one."""

    def __init__(self, patient: PatientRecord, records: list[ExamRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Exams of {patient.patient.display_name}")
        self.list = QListWidget()
        for record in sorted(records, key=lambda r: (str(r.summary.exam_date or ""), r.id), reverse=True):
            item = QListWidgetItem(record_title(record))
            item.setData(Qt.ItemDataRole.UserRole, record.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        label = QLabel("&Exams (a signed exam opens read-only; Amend makes a new version):")
        label.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(520, 320)

    def chosen_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None


class WizardController(QObject):
    """Owns the exam actions of the main window and the open wizards (one tab per exam)."""

    wizardOpened = Signal(object)

    def __init__(self, window: QMainWindow, settings: Settings | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings or load_settings()
        self.wizards: list[ExamWizard] = []
        self.exam_dialog: ExamListDialog | None = None

        self.new_exam_action = QAction("&New exam\u2026", window)
        self.new_exam_action.setShortcut(QKeySequence(NEW_EXAM_KEYS))
        self.new_exam_action.setToolTip(f"New exam of the selected patient; a follow-up when there is an earlier "
                                        f"exam ({NEW_EXAM_KEYS})")
        self.new_exam_action.triggered.connect(lambda: self.new_exam())
        self.open_exam_action = QAction("&Open exam\u2026", window)
        self.open_exam_action.setShortcut(QKeySequence(OPEN_EXAM_KEYS))
        self.open_exam_action.setToolTip(f"Open an exam of the selected patient ({OPEN_EXAM_KEYS})")
        self.open_exam_action.triggered.connect(lambda: self.choose_exam())

        menu = QMenu("E&xam", window)
        menu.addAction(self.new_exam_action)
        menu.addAction(self.open_exam_action)
        bar = window.menuBar()
        help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
        if help_menu is not None:
            bar.insertMenu(help_menu, menu)
        else:
            bar.addMenu(menu)
        self.menu = menu

        page = getattr(window, "patients_page", None)
        self.new_exam_button: QToolButton | None = None
        if page is not None and page.layout() is not None and page.layout().itemAt(0) is not None:
            top = page.layout().itemAt(0).layout()
            if top is not None:
                self.new_exam_button = QToolButton()
                self.new_exam_button.setDefaultAction(self.new_exam_action)
                self.new_exam_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
                top.addWidget(self.new_exam_button)
            page.selectionChanged.connect(self._update_actions)
        self._update_actions()
        if hasattr(window, "claim_activation"):
            window.claim_activation(self.open_patient)
        window.storeAboutToChange.connect(self._on_store_about_to_change)
        window.storeChanged.connect(self._on_store_changed)
        window.installEventFilter(self)

    # -- the main window -------------------------------------------------------------------------------
    @property
    def store(self) -> Store:
        return self.window.store  # type: ignore[attr-defined,no-any-return]

    def selected_patient_id(self) -> int | None:
        page = getattr(self.window, "patients_page", None)
        return page.selected_patient_id() if page is not None else None

    def _update_actions(self, *_args: object) -> None:
        selected = self.selected_patient_id() is not None
        self.new_exam_action.setEnabled(selected)
        self.open_exam_action.setEnabled(selected)

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Closing the main window closes the wizards first (their drafts are saved, not offered back)."""
        if watched is self.window and event.type() == QEvent.Type.Close:
            for wizard in list(self.wizards):
                if not wizard.close_wizard():
                    event.ignore()
                    return True
        return super().eventFilter(watched, event)

    def _on_store_about_to_change(self, _old: Store) -> None:
        """Save what was typed into the database that is being closed."""
        for wizard in list(self.wizards):
            wizard.autosaver.flush()

    def _on_store_changed(self, _store: Store) -> None:
        for wizard in list(self.wizards):
            wizard.autosaver.stop()
            self._remove(wizard)
        if self.wizards == [] and _store is not None:
            QTimer.singleShot(0, self.offer_restore)

    # -- starting and opening --------------------------------------------------------------------------
    def new_exam(self, patient_id: int | None = None) -> ExamWizard | None:
        """Start an exam of ``patient_id`` (default: the selected patient)."""
        patient_id = patient_id if patient_id is not None else self.selected_patient_id()
        if patient_id is None:
            self._status("Select a patient first, then start the exam.")
            return None
        try:
            patient = self.store.get_patient(patient_id)
            records = self.store.exams_for_patient(patient_id)
        except StoreError as error:
            prompts.error(self.window, "Exam not started", error.message)
            return None
        unsaved = self._unsaved_wizard(patient_id)
        if unsaved is not None:  # a second Ctrl+E (or Follow-up) must not start a second exam beside it
            self.window.pages.setCurrentWidget(unsaved)  # type: ignore[attr-defined]
            self._status(f"A new exam of {patient.patient.display_name} is already open: continue it there.")
            return unsaved
        drafts = [r for r in records if r.status == "draft"]
        if drafts:
            draft = drafts[-1]
            if prompts.ask_yes_no(
                self.window, "Continue the draft?",
                f"{patient.patient.display_name} has an unsigned exam draft ({record_title(draft)}).\n\n"
                "Continue that draft? (No starts a new exam; the draft is kept.)",
                default_yes=True,
            ):
                return self.open_record(draft)
        previous = [r for r in records if r.status == "signed"]
        examiner = self.settings.examiner
        carried_from = None
        try:
            if previous:
                last = max(previous, key=lambda r: (str(r.summary.exam_date or ""), r.id))
                exam = start_follow_up(exam_from_document(last.document, f"exam {last.id}"),
                                       patient=patient.patient, examiner=examiner)
                carried_from = record_title(last).split("  ")[0]
            else:
                exam = Exam(patient=patient.patient,
                            encounter={"examiner": examiner, "visit": Visit.initial.value})
        except (ExamFileError, ValueError) as error:
            prompts.error(self.window, "Exam not started", f"The last exam could not be read for a follow-up:\n{error}")
            return None
        return self._show(ExamWizard(self.store, patient, exam, None, self.settings, carried_from=carried_from))

    def _unsaved_wizard(self, patient_id: int) -> ExamWizard | None:
        """An open new exam of the patient that has no draft in the store yet (nothing entered)."""
        for wizard in self.wizards:
            if (wizard.patient_record.id == patient_id and not wizard.read_only and wizard.record is None
                    and wizard.autosaver.exam_id is None):
                return wizard
        return None

    def open_patient(self, patient_id: int) -> None:
        """What choosing a patient in the list means: their exams to open, or the first exam to start."""
        try:
            patient = self.store.get_patient(patient_id)
            has_exams = bool(self.store.exams_for_patient(patient_id))
        except StoreError as error:
            prompts.error(self.window, "Exams not listed", error.message)
            return
        if has_exams:
            self.choose_exam(patient_id)
        elif prompts.ask_yes_no(
            self.window, "Start an exam?",
            f"{patient.patient.display_name} has no exams yet. Start the first exam now?",
            default_yes=True,
        ):
            self.new_exam(patient_id)

    def choose_exam(self, patient_id: int | None = None) -> None:
        """Let the user pick one of the patient's exams (window-modal, the list stays visible)."""
        patient_id = patient_id if patient_id is not None else self.selected_patient_id()
        if patient_id is None:
            self._status("Select a patient first.")
            return
        try:
            patient = self.store.get_patient(patient_id)
            records = self.store.exams_for_patient(patient_id)
        except StoreError as error:
            prompts.error(self.window, "Exams not listed", error.message)
            return
        if not records:
            prompts.info(self.window, "No exams", f"{patient.patient.display_name} has no exams yet. "
                                                  f"Start one with New exam ({NEW_EXAM_KEYS}).")
            return
        dialog = ExamListDialog(patient, records, self.window)
        dialog.accepted.connect(lambda: self._open_chosen(dialog))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.exam_dialog = dialog
        dialog.open()

    def _open_chosen(self, dialog: ExamListDialog) -> None:
        exam_id = dialog.chosen_id()
        if exam_id is not None:
            self.open_exam(exam_id)

    def _dialog_closed(self, dialog: ExamListDialog) -> None:
        if self.exam_dialog is dialog:
            self.exam_dialog = None
        dialog.deleteLater()

    def open_exam(self, exam_id: int) -> ExamWizard | None:
        try:
            record = self.store.get_exam(exam_id)
        except StoreError as error:
            prompts.error(self.window, "Exam not opened", error.message)
            return None
        return self.open_record(record)

    def open_record(self, record: ExamRecord) -> ExamWizard | None:
        """Open a stored exam: a draft to continue, a signed one read-only."""
        for wizard in self.wizards:
            if record.id in (wizard.record.id if wizard.record is not None else None, wizard.autosaver.exam_id):
                self.window.pages.setCurrentWidget(wizard)  # type: ignore[attr-defined]
                return wizard
        try:
            patient = self.store.get_patient(record.patient_id)
            exam = exam_from_document(record.document, f"exam {record.id}")
        except (StoreError, ExamFileError) as error:
            prompts.error(self.window, "Exam not opened", str(error))
            return None
        return self._show(ExamWizard(self.store, patient, exam, record, self.settings))

    def _show(self, wizard: ExamWizard) -> ExamWizard:
        wizard.closed.connect(self._remove)
        wizard.signed.connect(lambda _id: self._status("Exam signed."))
        self.wizards.append(wizard)
        title = f"Exam: {wizard.binding.exam.patient.display_name}"
        index = self.window.add_page(wizard, title)  # type: ignore[attr-defined]
        self.window.pages.setCurrentIndex(index)  # type: ignore[attr-defined]
        wizard.go_to(wizard.current_key or "encounter")
        self.wizardOpened.emit(wizard)
        return wizard

    def _remove(self, wizard: ExamWizard) -> None:
        if wizard in self.wizards:
            self.wizards.remove(wizard)
        pages = self.window.pages  # type: ignore[attr-defined]
        index = pages.indexOf(wizard)
        if index >= 0:
            pages.removeTab(index)
        wizard.deleteLater()
        page = getattr(self.window, "patients_page", None)
        if page is not None:
            pages.setCurrentWidget(page)

    # -- after a crash ---------------------------------------------------------------------------------
    def offer_restore(self) -> list[ExamWizard]:
        """Offer each draft that was open when Facialis stopped without closing it."""
        opened: list[ExamWizard] = []
        if not getattr(self.window, "has_store", True):
            return opened  # the window closed before the offer was due
        path = self.store.path
        for exam_id in open_when_stopped(path):
            try:
                record = self.store.get_exam(exam_id)
                patient = self.store.get_patient(record.patient_id)
            except StoreError:
                forget_open(path, exam_id)  # deleted or signed elsewhere since: nothing to restore
                continue
            if record.status != "draft":
                forget_open(path, exam_id)
                continue
            if prompts.ask_yes_no(
                self.window, "Restore exam draft?",
                f"Facialis stopped while an exam of {patient.patient.display_name} (MRN {patient.patient.mrn}) "
                f"was open. Its draft was saved at {record.updated_at}.\n\nOpen it to continue?",
                default_yes=True,
            ):
                wizard = self.open_record(record)
                if wizard is not None:
                    opened.append(wizard)
            else:
                forget_open(path, exam_id)  # the draft stays in the patient's exams
        return opened
