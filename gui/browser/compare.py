"""Two exams side by side: grades first, then scores and every finding; whatever changed is highlighted.

Rows, their order and their wording come from ``facialis.core.browse.compare`` (the same items
and arithmetic as the research export, the report's words); this view only shows them.
"Only changes" hides the rows that are the same in both exams.
"""
from __future__ import annotations

import textwrap
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QHeaderView, QVBoxLayout, QWidget

from facialis.core.browse.compare import CompareRow, row_explanation
from facialis.gui.widgets import heading_label, plain_label, record_table
from facialis.core.store import ExamRecord

from .labels import exam_date_text, status_text

_Index = QModelIndex | QPersistentModelIndex
CHANGED_BACKGROUND = QColor("#fff1c2")
CHANGED_ROLE = Qt.ItemDataRole.UserRole + 1


class CCol(IntEnum):
    SECTION = 0
    ITEM = 1
    BEFORE = 2
    AFTER = 3


class CompareModel(QAbstractTableModel):
    """Comparison rows; changed ones bold on a highlighted background."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[CompareRow] = []
        self.rows: list[CompareRow] = []
        self.only_changes = False
        self.headers = ["Section", "Item", "Earlier exam", "Later exam"]

    def set_rows(self, rows: list[CompareRow], before_title: str, after_title: str) -> None:
        self.beginResetModel()
        self._all = list(rows)  # in the core's order: the grades a clinician compares first lead
        self.headers = ["Section", "Item", before_title, after_title]
        self._filter()
        self.endResetModel()

    def set_only_changes(self, only: bool) -> None:
        self.beginResetModel()
        self.only_changes = only
        self._filter()
        self.endResetModel()

    def _filter(self) -> None:
        self.rows = [row for row in self._all if row.changed] if self.only_changes else list(self._all)

    def changed_count(self) -> int:
        return sum(1 for row in self._all if row.changed)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CCol)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(CCol):
            return self.headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = CCol(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.ToolTipRole:
                head = f"{row.section} · {row.label}: {row.before} → {row.after}" if row.changed else row.label
                why = "\n".join(textwrap.fill(line, 100) for line in row_explanation(row).splitlines())
                return f"{head}\n{why}" if why else head
            if column == CCol.SECTION and index.row() > 0 and self.rows[index.row() - 1].section == row.section:
                return ""  # the section is named once, on its first row
            return (row.section, row.label, row.before, row.after)[column]
        if role == CHANGED_ROLE:
            return row.changed
        if role == Qt.ItemDataRole.BackgroundRole and row.changed:
            return QBrush(CHANGED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and row.changed:
            return QBrush(QColor("#1a1a1a"))
        if role == Qt.ItemDataRole.FontRole and row.changed and column in (CCol.BEFORE, CCol.AFTER):
            font = QFont()
            font.setBold(True)
            return font
        return None


def exam_title(record: ExamRecord, day: int | None, with_time: bool = False) -> str:
    """``2026-10-06, day 1 (signed)``; ``with_time`` adds the hour, to tell two exams of one day apart."""
    when = exam_date_text(record.summary.exam_date)
    when = when if with_time else when[:10]
    day_part = f", day {day}" if day is not None else ""
    return f"{when}{day_part} ({status_text(record.status, record.version_no).lower()})"


class ComparePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading_label()
        self.summary = plain_label()
        self.only_changes = QCheckBox("Only &changes")
        self.only_changes.setObjectName("only_changes")
        self.model = CompareModel(self)
        self.table = record_table("compare_table", self.model)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CCol.SECTION, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CCol.ITEM, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CCol.BEFORE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CCol.AFTER, QHeaderView.ResizeMode.Stretch)
        self.only_changes.toggled.connect(self.model.set_only_changes)

        head = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.title)
        names.addWidget(self.summary)
        head.addLayout(names, 1)
        head.addWidget(self.only_changes)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)

    def show_comparison(
        self, patient_name: str, before: ExamRecord, before_day: int | None, after: ExamRecord, after_day: int | None,
        rows: list[CompareRow],
    ) -> None:
        self.title.setText(f"{patient_name}: two exams compared")
        same_day = exam_date_text(before.summary.exam_date)[:10] == exam_date_text(after.summary.exam_date)[:10]
        self.model.set_rows(
            rows, exam_title(before, before_day, same_day), exam_title(after, after_day, same_day)
        )
        changed = self.model.changed_count()
        self.summary.setText(
            f"{changed} of {len(rows)} findings and scores differ (highlighted); items assessed in neither exam are not listed."
        )
