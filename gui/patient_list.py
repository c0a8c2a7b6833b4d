"""A thin table model over the patient records the store returns.

The model only presents records; searching happens in the store (full-text, prefix) and the model
is simply replaced with the new result list. A sort key role lets a proxy sort dates and names
properly while the view shows them in a readable form.
"""
from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex

from . import roles

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    from facialis.core.store import PatientRecord

#: Data role carrying the patient id of a row (same value in every column).
PATIENT_ID_ROLE = roles.USER + 1
#: Data role carrying a value that sorts correctly (ISO dates, case-folded names).
SORT_ROLE = roles.USER + 2

#: By ``facialis.core.patient.Sex`` value (a str enum: its members look up the same), so the list
#: does not load the patient model (pydantic) before the first patient is read.
SEX_LABELS: dict[str, str] = {
    "female": "Female",
    "male": "Male",
    "other": "Other",
    "unknown": "Unknown",
}


class Column(IntEnum):
    MRN = 0
    NAME = 1
    BIRTH_DATE = 2
    AGE = 3
    SEX = 4


HEADERS: dict[Column, str] = {
    Column.MRN: "MRN",
    Column.NAME: "Name",
    Column.BIRTH_DATE: "Date of birth",
    Column.AGE: "Age",
    Column.SEX: "Sex",
}

_Index = QModelIndex | QPersistentModelIndex


class PatientTableModel(QAbstractTableModel):
    """Rows are ``PatientRecord`` objects, in the order the store returned them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._records: list[PatientRecord] = []
        self._today = date.today()

    # -- content --------------------------------------------------------------------------------
    def set_records(self, records: list[PatientRecord]) -> None:
        """Replace every row at once (a search result is a new list, not a diff)."""
        self.beginResetModel()
        self._records = list(records)
        self._today = date.today()
        self.endResetModel()

    def record_at(self, row: int) -> PatientRecord:
        return self._records[row]

    def row_of(self, patient_id: int) -> int | None:
        """The row showing ``patient_id``, or None when it is not in the current result."""
        for row, record in enumerate(self._records):
            if record.id == patient_id:
                return row
        return None

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = roles.DISPLAY) -> Any:
        from PySide6.QtCore import Qt

        if orientation == Qt.Orientation.Horizontal and role == roles.DISPLAY:
            return HEADERS[Column(section)]
        return None

    def data(self, index: _Index, role: int = roles.DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        column = Column(index.column())
        if role == PATIENT_ID_ROLE:
            return record.id
        if role in (roles.DISPLAY, roles.TOOL_TIP):
            return self._display(record, column)
        if role == SORT_ROLE:
            return self._sort_key(record, column)
        if role == roles.TEXT_ALIGNMENT and column == Column.AGE:
            from PySide6.QtCore import Qt  # after the first paint only (see ``roles``)

            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # -- presentation ---------------------------------------------------------------------------
    def _display(self, record: PatientRecord, column: Column) -> str:
        patient = record.patient
        if column == Column.MRN:
            return patient.mrn
        if column == Column.NAME:
            return patient.display_name
        if column == Column.BIRTH_DATE:
            return patient.birth_date.isoformat() if patient.birth_date else "unknown"
        if column == Column.AGE:
            age = patient.age_on(self._today)
            return "" if age is None else str(age)
        return SEX_LABELS.get(patient.sex, str(patient.sex.value))

    def _sort_key(self, record: PatientRecord, column: Column) -> str | int:
        """Keys of one type per column; unknown birth dates sort last in ascending order."""
        patient = record.patient
        if column == Column.NAME:
            return f"{patient.family_name.casefold()}\x00{patient.given_names.casefold()}"
        if column == Column.BIRTH_DATE:
            return patient.birth_date.isoformat() if patient.birth_date else "~"
        if column == Column.AGE:
            age = patient.age_on(self._today)
            return _UNKNOWN_AGE_KEY if age is None else age
        return self._display(record, column).casefold()


_UNKNOWN_AGE_KEY = 10_000
