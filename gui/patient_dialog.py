"""Add or edit a patient: MRN, names (any script), date of birth, sex.

Each field has its message right under it. The rules themselves come from ``Patient`` (core) and
the store (MRN uniqueness); this dialog only collects text and shows what they say. Saving never
loses what was typed: on any failure the dialog stays open with the values as entered.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pydantic import ValidationError

from facialis.core.patient import Patient, Sex
from facialis.core.store import ConflictError, DuplicateMRNError, InvalidPatientError, PatientRecord, Store, StoreError
from facialis.core.text import MAX_SHORT_TEXT, clean_text

from . import prompts
from .date_input import FORMAT_HINT, format_iso, format_long, parse_user_date
from .patient_list import SEX_LABELS
from .widgets import tab_buttons_in_visual_order

#: Dark red: readable on light backgrounds, still distinct from text on dark ones.
ERROR_COLOR = QColor("#c62828")

#: Field names, in form order (they match ``Patient`` attributes).
FIELDS = ("mrn", "family_name", "given_names", "birth_date", "sex")
#: Order of the sex choices; a first letter typed in the combo picks one.
SEX_ORDER = (Sex.female, Sex.male, Sex.other, Sex.unknown)


class FieldMessage(QLabel):
    """The line under a field: red for a problem, grey for a helpful reading of the input."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # user input is echoed; never rich text
        self.setWordWrap(True)
        self.is_error = False
        #: The field this line is about: it carries the text as its accessible description, so a
        #: screen reader reads the problem with the field's name when the cursor lands there.
        self.editor: QWidget | None = None
        self.hide()

    def show_error(self, text: str) -> None:
        self._show(text, error=True)

    def show_hint(self, text: str) -> None:
        self._show(text, error=False)

    def clear_message(self) -> None:
        self.is_error = False
        self.setText("")
        self._describe_editor("")
        self.hide()

    def _show(self, text: str, *, error: bool) -> None:
        self.is_error = error
        palette = self.palette()
        hint_color = palette.color(QPalette.ColorRole.PlaceholderText)
        palette.setColor(QPalette.ColorRole.WindowText, ERROR_COLOR if error else hint_color)
        self.setPalette(palette)
        self.setText(text)
        self._describe_editor(text)
        self.setVisible(bool(text))

    def _describe_editor(self, text: str) -> None:
        if self.editor is not None and self.editor.accessibleDescription() != text:
            self.editor.setAccessibleDescription(text)


class PatientDialog(QDialog):
    """Creates a patient (``record`` None) or edits one, saving through the store on OK."""

    #: Emitted after a successful save with the record as stored.
    saved = Signal(object)

    def __init__(self, store: Store, record: PatientRecord | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._original = record
        self._expected_version = record.version if record else None
        #: The record as saved; set when the dialog is accepted.
        self.saved_record: PatientRecord | None = None
        # Fields the user has left alone show no "required" message until they try to save.
        self._touched: set[str] = set()

        self.setWindowTitle("Edit patient" if record else "New patient")
        self.setMinimumWidth(520)

        self.mrn_edit = QLineEdit()
        self.family_edit = QLineEdit()
        self.given_edit = QLineEdit()
        self.birth_edit = QLineEdit()
        self.birth_edit.setPlaceholderText(f"{FORMAT_HINT}; empty if unknown")
        self.sex_combo = QComboBox()
        for sex in SEX_ORDER:
            self.sex_combo.addItem(SEX_LABELS[sex], sex)
        self.sex_combo.setCurrentIndex(self.sex_combo.findData(Sex.unknown))  # as the model: never guessed
        for edit in (self.mrn_edit, self.family_edit, self.given_edit):
            edit.setMaxLength(MAX_SHORT_TEXT)

        self.editors: dict[str, QWidget] = {
            "mrn": self.mrn_edit,
            "family_name": self.family_edit,
            "given_names": self.given_edit,
            "birth_date": self.birth_edit,
            "sex": self.sex_combo,
        }
        self.messages: dict[str, FieldMessage] = {name: FieldMessage() for name in FIELDS}

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)
        labels = {
            "mrn": "&MRN:",
            "family_name": "&Family name:",
            "given_names": "&Given names:",
            "birth_date": "&Date of birth:",
            "sex": "&Sex:",
        }
        for name in FIELDS:
            cell = QWidget()
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.addWidget(self.editors[name])
            cell_layout.addWidget(self.messages[name])
            label = QLabel(labels[name])
            label.setBuddy(self.editors[name])
            # Named outright: Qt names a field after its buddy label only when both share a parent,
            # and the cell puts the editor one level down (screen readers heard just "edit").
            self.editors[name].setAccessibleName(labels[name].replace("&", "").rstrip(":"))
            self.messages[name].editor = self.editors[name]
            form.addRow(label, cell)

        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button.setText("Save changes" if record else "Add patient")
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.button_box)

        if record is not None:
            self._fill(record.patient)
        for name, edit in (
            ("mrn", self.mrn_edit),
            ("family_name", self.family_edit),
            ("given_names", self.given_edit),
            ("birth_date", self.birth_edit),
        ):
            edit.textEdited.connect(lambda _text, field=name: self._on_edited(field))
        #: What the form held when it opened: closing with anything else asks first.
        self._opened_with = self._entries()
        self.mrn_edit.setFocus()

    # -- public ---------------------------------------------------------------------------------
    @property
    def ok_button(self) -> QPushButton:
        return self.button_box.button(QDialogButtonBox.StandardButton.Ok)

    def accept(self) -> None:
        """Save, or stay open with the problems shown next to their fields."""
        self._touched.update(FIELDS)
        patient = self.validate()
        if patient is None:
            self._focus_first_error()
            return
        try:
            if self._original is None:
                record = self._store.add_patient(patient)
            else:
                record = self._store.update_patient(self._original.id, patient, self._expected_version)
        except DuplicateMRNError as exc:
            self.messages["mrn"].show_error(exc.message)
            self.mrn_edit.setFocus()
            return
        except ConflictError as exc:
            self._on_conflict(exc)
            return
        except InvalidPatientError as exc:
            self.messages["birth_date"].show_error(exc.message)
            self.birth_edit.setFocus()
            return
        except StoreError as exc:
            prompts.error(
                self,
                "Patient not saved",
                f"The patient could not be saved.\n\n{exc.message}\n\n"
                "Your entries are still in the form; you can try again.",
            )
            return
        self.saved_record = record
        self.saved.emit(record)
        super().accept()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        tab_buttons_in_visual_order(self.button_box, self.sex_combo)

    def reject(self) -> None:
        """Escape, Cancel or the close button: typed entries are only dropped once the user says so."""
        if self.has_unsaved_entries() and not prompts.ask_yes_no(
            self,
            "Discard this patient?" if self._original is None else "Discard your changes?",
            ("The new patient has not been added." if self._original is None
             else "Your changes to this patient have not been saved.")
            + "\n\nClose the form and lose what you typed? (No goes back to the form.)",
        ):
            return
        super().reject()

    def has_unsaved_entries(self) -> bool:
        """True when the form differs from what it opened with."""
        return self._entries() != self._opened_with

    def validate(self) -> Patient | None:
        """Check every field and update its message; the valid ``Patient``, or None."""
        for message in self.messages.values():
            message.clear_message()
        errors: dict[str, str] = {}

        birth_date = None
        try:
            birth_date = parse_user_date(self.birth_edit.text(), field="Date of birth")
        except ValueError as exc:
            errors["birth_date"] = str(exc)

        mrn_text = self.mrn_edit.text()
        values: dict[str, object] = {
            "mrn": mrn_text,
            "family_name": self.family_edit.text(),
            "given_names": self.given_edit.text(),
            "birth_date": birth_date,
            "sex": self.sex_combo.currentData(),
        }
        patient: Patient | None = None
        try:
            patient = Patient.model_validate(values)
        except ValidationError as exc:
            for item in exc.errors():
                field = str(item["loc"][0]) if item["loc"] else "mrn"
                errors.setdefault(field, _readable(field, values, item["msg"]))

        if "mrn" not in errors:
            duplicate = self._duplicate_of(patient.mrn if patient else clean_text(mrn_text).strip())
            if duplicate:
                errors["mrn"] = duplicate

        shown = False
        for field, text in errors.items():
            if field in self._touched:
                self.messages[field].show_error(text)
                shown = True
        if "birth_date" not in errors and birth_date is not None:
            self.messages["birth_date"].show_hint(format_long(birth_date))
        if shown:
            self.adjustSize()
        return None if errors else patient

    # -- internals ------------------------------------------------------------------------------
    def _fill(self, patient: Patient) -> None:
        self.mrn_edit.setText(patient.mrn)
        self.family_edit.setText(patient.family_name)
        self.given_edit.setText(patient.given_names)
        self.birth_edit.setText(format_iso(patient.birth_date))
        self.sex_combo.setCurrentIndex(max(0, self.sex_combo.findData(patient.sex)))
        self.setWindowTitle(f"Edit patient: {patient.display_name}")

    def _entries(self) -> tuple[object, ...]:
        return (
            self.mrn_edit.text().strip(),
            self.family_edit.text().strip(),
            self.given_edit.text().strip(),
            self.birth_edit.text().strip(),
            self.sex_combo.currentData(),
        )

    def _on_edited(self, field: str) -> None:
        self._touched.add(field)
        self.validate()

    def _duplicate_of(self, mrn: str) -> str | None:
        """A message when another patient already has ``mrn`` (the saved one is checked again)."""
        try:
            other = self._store.find_patient_by_mrn(mrn)
        except StoreError:
            return None  # the save itself will report a store problem
        if other is None or (self._original is not None and other.id == self._original.id):
            return None
        born = f", born {other.patient.birth_date.isoformat()}" if other.patient.birth_date else ""
        return f"MRN {mrn} already belongs to {other.patient.display_name}{born}."

    def _focus_first_error(self) -> None:
        for name in FIELDS:
            if self.messages[name].is_error:
                editor = self.editors[name]
                editor.setFocus()
                if isinstance(editor, QLineEdit):
                    editor.selectAll()
                return

    def _on_conflict(self, exc: ConflictError) -> None:
        """Someone saved this patient meanwhile: show theirs, keep ours, let the user decide."""
        assert self._original is not None
        try:
            current = self._store.get_patient(self._original.id)
        except StoreError as reload_error:
            prompts.error(self, "Patient not saved", f"{exc.message}\n\n{reload_error.message}")
            return
        self._expected_version = current.version
        saved = current.patient
        born = saved.birth_date.isoformat() if saved.birth_date else "unknown"
        prompts.warning(
            self,
            "Patient changed meanwhile",
            f"{exc.message}\n\n"
            f"The saved record now reads:\n"
            f"MRN {saved.mrn}; {saved.display_name}; born {born}; {SEX_LABELS[saved.sex]}.\n\n"
            "Your entries are still in the form. Save again to replace the saved record with "
            "them, or Cancel to keep the saved record.",
        )


_REQUIRED = {"mrn": "The MRN", "family_name": "The family name"}


def _readable(field: str, values: dict[str, object], message: str) -> str:
    """Pydantic's message, worded for the person at the keyboard."""
    if field in _REQUIRED and not str(values.get(field) or "").strip():
        return f"{_REQUIRED[field]} is required."
    message = message.removeprefix("Value error, ").rstrip()
    message = message[:1].upper() + message[1:]
    return message if message.endswith(".") else f"{message}."
