"""The filters above the exam list: grade range, level, status, dates, side and red flags.

Every change emits ``filterChanged`` at once (the query is cheap); a date that cannot be read is
marked on its field and left out of the filter until it can. A grade or date range entered the
wrong way round needs no mark: the filter reads it as the same range in the right order.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from facialis.core.browse import CURRENT, ExamFilter
from facialis.core.exam import Grade, Segment, Side
from facialis.gui.date_input import FORMAT_HINT, parse_user_date

from .labels import SHORT_SEGMENT, SIDES, STATUSES

ANY = "Any"


def _combo(items: list[tuple[str, str | None]], name: str, tip: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setToolTip(tip)
    for text, value in items:
        combo.addItem(text, value)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


class FilterBar(QWidget):
    """Filter widgets in one row; ``current()`` is the filter they describe (without the search)."""

    filterChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grades = [(ANY, None)] + [(g.value, g.value) for g in Grade]
        self.hb_min = _combo(grades, "hb_min", "Lowest House-Brackmann grade shown (final grade, else the suggested one)")
        self.hb_max = _combo(grades, "hb_max", "Highest House-Brackmann grade shown")
        self.level = _combo(
            [(ANY, None)] + [(SHORT_SEGMENT[s.value], s.value) for s in Segment], "level",
            "Exams whose lesion level is, or includes, this segment",
        )
        self.status = _combo(
            [("Current", CURRENT), (STATUSES["draft"], "draft"), (STATUSES["signed"], "signed"),
             ("Old versions", "superseded")],
            "status", "Current = drafts and signed exams; old versions were replaced by an amendment",
        )
        self.side = _combo([(ANY, None)] + [(SIDES[s.value], s.value) for s in Side], "side", "Affected side")
        self.date_from = self._date_edit("date_from", "from")
        self.date_to = self._date_edit("date_to", "to")
        self.red_flags = QCheckBox("Red flags")
        self.red_flags.setObjectName("red_flags")
        self.red_flags.setToolTip("Only exams in which red flags were found (reference 8.2)")
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear filters")
        self.clear_button.setObjectName("clear_filters")
        self.clear_button.clicked.connect(self.clear)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for label, widget in (
            ("HB", self.hb_min), ("to", self.hb_max), ("Level", self.level), ("Status", self.status),
            ("Side", self.side), ("Date", self.date_from), ("to", self.date_to),
        ):
            text = QLabel(label)
            text.setBuddy(widget)
            layout.addWidget(text)
            layout.addWidget(widget)
            if label in ("to",) or widget is self.status or widget is self.level or widget is self.side:
                layout.addSpacing(8)
        layout.addWidget(self.red_flags)
        layout.addStretch(1)
        layout.addWidget(self.clear_button)

        for combo in (self.hb_min, self.hb_max, self.level, self.status, self.side):
            combo.currentIndexChanged.connect(self.filterChanged)
        self.red_flags.toggled.connect(self.filterChanged)

    def _date_edit(self, name: str, word: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText("any")
        edit.setToolTip(f"Exams {word} this day ({FORMAT_HINT})")
        edit.setMaximumWidth(110)
        edit.editingFinished.connect(self._date_edited)
        edit.textChanged.connect(lambda _text, edit=edit: self._check_date(edit))
        return edit

    def _check_date(self, edit: QLineEdit) -> date | None:
        try:
            value = parse_user_date(edit.text())
        except ValueError as exc:
            edit.setStyleSheet("QLineEdit { border: 1px solid #b3261e; }")
            edit.setToolTip(str(exc))
            return None
        edit.setStyleSheet("")
        edit.setToolTip(f"Exams {'from' if edit is self.date_from else 'to'} this day ({FORMAT_HINT})")
        if not edit.text().strip():
            self.filterChanged.emit()  # cleared: no need to press Return
        return value

    def _date_edited(self) -> None:
        self.filterChanged.emit()

    @staticmethod
    def _date(edit: QLineEdit) -> date | None:
        try:
            return parse_user_date(edit.text())
        except ValueError:
            return None

    def current(self, search: str = "") -> ExamFilter:
        return ExamFilter(
            search=search,
            hb_min=self.hb_min.currentData(),
            hb_max=self.hb_max.currentData(),
            level=self.level.currentData(),
            status=self.status.currentData(),
            date_from=self._date(self.date_from),
            date_to=self._date(self.date_to),
            side=self.side.currentData(),
            red_flags=True if self.red_flags.isChecked() else None,
        )

    def clear(self) -> None:
        """Back to every current exam (one change signal, not one per widget)."""
        self.blockSignals(True)
        try:
            for combo in (self.hb_min, self.hb_max, self.level, self.status, self.side):
                combo.setCurrentIndex(0)
            self.date_from.clear()
            self.date_to.clear()
            self.red_flags.setChecked(False)
        finally:
            self.blockSignals(False)
        self.filterChanged.emit()
