"""One patient over time: the recovery chart, every exam in order, and the versions of the chosen exam.

Select two exams (Ctrl+click) and press Compare to see them side by side; a point on the chart
selects its exam. The version history lists each version of the selected exam with its audit
trail: who did what, when, and which fields changed.
"""
from __future__ import annotations

import textwrap
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facialis.core.browse.course import CoursePoint, PatientCourse, SidePoint, Version
from facialis.core.display import moment_text, number_text
from facialis.core.report import labels as words
from facialis.core.store import AuditRow
from facialis.gui.widgets import heading_label, plain_label, record_table

from .chart import ChartPoint, ChartSeries, RecoveryChart
from .labels import day_text, level_text, status_text

_Index = QModelIndex | QPersistentModelIndex
EXAM_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class TCol(IntEnum):
    DATE = 0
    DAY = 1
    VISIT = 2
    HB = 3
    SCORE = 4
    LEVEL = 5
    STATUS = 6


#: What a cell says for a number nobody could compute: never blank, which reads as nothing or 0.
NOT_GRADED = "not graded"
NOT_SCORED = "not scored"
#: What the grade and score cells say of an exam whose document cannot be read: its record may hold
#: a grade, so "not graded" would be untrue (the tooltip gives the reason).
UNREADABLE = "cannot be read"
#: The scale result behind the score column, by its column name.
SCORE_KEYS = {"Sunnybrook": "sunnybrook", "eFACE": "eface"}


def _side_values(point: CoursePoint, pick: Any, empty: str = "") -> str:
    """One value per graded side (``R 60, L 36`` in bilateral palsy); ``empty`` for a side without one."""
    parts = []
    for side, values in point.sides.items():
        value = pick(values)
        if value is None:
            if not empty:
                continue
            value = empty
        prefix = f"{side[0].upper()} " if len(point.sides) > 1 else ""
        parts.append(f"{prefix}{value}")
    return ", ".join(parts)


def _value_words(value: Any) -> str:
    """An entered item in the report's words: "not assessed" for None, 0 as 0."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return number_text(value)
    return words.enum_label(value)


def item_words(item: Any) -> str:
    """``Resting eye (palpebral fissure): normal = 0``: what was entered and the points it gave."""
    value = _value_words(item.value)
    same = isinstance(item.value, int | float) and not isinstance(item.value, bool) and item.points == item.value
    if item.value is None or item.points is None or same:
        return f"{item.label}: {value}"
    return f"{item.label}: {value} = {number_text(item.points)}"


def scale_explanation(result: Any, name: str) -> str:
    """A score with its sub-scores, items, rule and source (core's result, reference 2-4), or why
    there is none: not assessed at all, or how many items are still missing."""
    if result is None:
        return f"{name}: not assessed"
    entered = [item for item in result.items if item.value is not None]
    if result.complete and result.total is not None:
        subs = ", ".join(f"{key} {number_text(value)}" for key, value in result.subscores.items())
        lines = [f"{name} {number_text(result.total)}" + (f" ({subs})" if subs else "")]
        lines.append("Items: " + "; ".join(item_words(item) for item in result.items))
    elif not entered:
        return f"{name}: not assessed (none of its {len(result.items)} items entered)"
    else:
        lines = [f"{name}: not scored, {len(entered)} of {len(result.items)} items entered (scored only when complete)",
                 "Missing: " + ", ".join(result.missing)]
    lines += [f"Rule: {result.rule}", f"Source: {result.source}"]
    return "\n".join(lines)


def hb_explanation(point: CoursePoint, side: str, values: SidePoint) -> str:
    """Whose grade is shown (the clinician's or the suggestion), what it means, and the suggestion's
    reasons, rule and source from the assessment of that exam (reference 1.2, 1.6.1)."""
    from facialis.core.scales.house_brackmann import HB_GRADES

    result = point.scores.sides[side].house_brackmann if point.scores and side in point.scores.sides else None
    lines = []
    if values.final_hb:
        lines.append(f"Final grade {values.final_hb} ({HB_GRADES[values.final_hb].label}), chosen by the clinician")
    if values.suggested_hb:
        lead = "Suggested grade" if values.final_hb else "Suggested grade (the clinician has not chosen the final grade yet; shown with ?)"
        lines.append(f"{lead} {values.suggested_hb} ({HB_GRADES[values.suggested_hb].label})")
    if not lines:
        lines.append("Not graded: no final grade and no suggestion (the findings do not pin a grade)")
    if result is not None:
        lines += [f"- {reason}" for reason in result.reasons]
        lines += [f"- Conflict: {conflict}" for conflict in result.conflicts]
        lines += [f"Rule: {result.rule}", f"Source: {result.source}"]
    return "\n".join(lines)


def score_explanation(point: CoursePoint, side: str, score_name: str) -> str:
    """The score column's number for one side, explained (``scale_explanation``)."""
    scales = point.scores.sides.get(side) if point.scores is not None else None
    result = getattr(scales, SCORE_KEYS[score_name]) if scales is not None else None
    name = "Sunnybrook composite" if score_name == "Sunnybrook" and result is not None and result.complete else score_name
    return scale_explanation(result, name)


def wrapped(text: str, width: int = 110) -> str:
    """A plain tooltip is one line per line of text: long lines are broken, so it fits the screen."""
    return "\n".join(textwrap.fill(line, width, subsequent_indent="    ") if line else "" for line in text.split("\n"))


def _per_side(point: CoursePoint, explain: Any) -> str:
    both = len(point.sides) > 1
    text = "\n\n".join((f"{side.capitalize()}: " if both else "") + explain(side, values)
                        for side, values in point.sides.items())
    return wrapped(text) if text else "Not graded: no affected side recorded"


class TimelineModel(QAbstractTableModel):
    """The patient's current exams, oldest first."""

    HEADERS = ("Exam date", "Day", "Visit", "HB", "Sunnybrook", "Level", "Status")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.points: list[CoursePoint] = []
        self.course: PatientCourse | None = None
        self.score_name = "Sunnybrook"

    def set_course(self, course: PatientCourse | None) -> None:
        self.beginResetModel()
        self.course = course
        self.points = list(course.visits) if course else []  # an open amendment is a version, not a visit
        self.score_name = "eFACE" if course is not None and course.uses_eface() else "Sunnybrook"
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.points)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TCol)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(TCol):
            return self.score_name if section == TCol.SCORE else self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.points):
            return None
        point = self.points[index.row()]
        column = TCol(index.column())
        if role == EXAM_ID_ROLE:
            return point.exam_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(point, column, role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.ForegroundRole and point.problem:
            return QBrush(QColor("#b3261e"))
        if role == Qt.ItemDataRole.ForegroundRole and column in (TCol.HB, TCol.SCORE, TCol.DAY) and \
                self._text(point, column, False) in (NOT_GRADED, NOT_SCORED, "not known"):
            return QBrush(QColor("#6b6b6b"))  # a word, not a number: muted like the Cases table's
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (TCol.DAY, TCol.HB, TCol.SCORE):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, point: CoursePoint, column: TCol, tooltip: bool) -> str:
        if point.problem and tooltip:
            return f"This exam cannot be read: {point.problem}"
        if point.problem and column in (TCol.HB, TCol.SCORE):
            return UNREADABLE
        if column == TCol.DATE:
            return day_text(point.exam_date)
        if column == TCol.DAY:
            if point.day_basis == "onset" and point.day is not None:
                if tooltip:
                    onset = point.exam.encounter.onset_date if point.exam is not None else None
                    since = f" (onset {onset.isoformat()}, exam {point.exam_date.isoformat()})" if onset else ""
                    return f"Day {point.day} since onset{since}: days from the onset date to the exam date"
                return str(point.day)
            # no onset in this exam: its place on the chart's axis, in brackets
            day = point.chart_day if point.chart_day is not None else point.day
            if day is None:
                return "No onset date and no exam date to count from" if tooltip else "not known"
            if tooltip and self.course is not None:
                return f"No onset date in this exam: day {day} counted from {_origin_words(self.course)}"
            return f"({day})"
        if column == TCol.VISIT:
            visit = point.exam.encounter.visit if point.exam is not None else None
            return "Follow-up" if visit is not None and visit.value == "follow_up" else "Initial" if visit else ""
        if column == TCol.HB:
            if tooltip:
                return _per_side(point, lambda side, values: hb_explanation(point, side, values))
            return _side_values(point, lambda v: (v.final_hb or (f"{v.suggested_hb}?" if v.suggested_hb else None)),
                                NOT_GRADED) or NOT_GRADED
        if column == TCol.SCORE:
            if tooltip:
                return _per_side(point, lambda side, _values: score_explanation(point, side, self.score_name))
            if self.score_name == "eFACE":  # one decimal, as everywhere else (core.display)
                return _side_values(point, lambda v: None if v.eface is None else number_text(v.eface), NOT_SCORED) or NOT_SCORED
            return _side_values(point, lambda v: v.sunnybrook, NOT_SCORED) or NOT_SCORED
        if column == TCol.LEVEL:
            return level_text(point.record.summary.level, full=tooltip)
        text = status_text(point.record.status, point.record.version_no)
        pending = self.course.open_amendment(point.exam_id) if self.course is not None else None
        if pending is not None:
            return f"{text}; amendment v{pending.version_no} in draft"
        return text


def chart_series(course: PatientCourse) -> list[ChartSeries]:
    eface = course.uses_eface()
    score_name = "eFACE" if eface else "Sunnybrook"
    series = []
    for side in course.sides:
        points = []
        for point in course.visits:
            values = point.sides.get(side)
            if values is None or point.chart_day is None:
                continue
            points.append(ChartPoint(
                exam_id=point.exam_id,
                day=point.chart_day,  # one axis for every exam (core.browse.course)
                label=day_text(point.exam_date),
                hb=values.hb_number,
                hb_final=values.final_hb is not None,
                score=values.eface if eface else values.sunnybrook,
                hb_why=wrapped(hb_explanation(point, side, values)),
                score_why=wrapped(score_explanation(point, side, score_name)),
            ))
        series.append(ChartSeries(side, points))
    return series




def _origin_words(course: PatientCourse) -> str:
    if course.origin is None:
        return "the first exam"
    if course.origin_basis == "onset":
        return f"the onset on {course.origin.isoformat()}"
    return f"the first exam on {course.origin.isoformat()}"


def axis_caption(course: PatientCourse) -> str:
    """What day 0 of the chart is (core.browse.course chooses it)."""
    if course.origin is None:
        return "Days since onset"
    if course.origin_basis != "onset":
        return "Days since the first exam (onset not recorded)"
    if course.several_onsets:
        return f"Days since the first onset ({course.origin.isoformat()}); a later episode has its own onset"
    if any(point.day_basis != "onset" for point in course.visits):  # the onset may be in an earlier or a later exam
        return f"Days since onset ({course.origin.isoformat()}); an exam without an onset date is placed by its date"
    return "Days since onset"


_ACTIONS = {
    "create_draft": "created the draft",
    "update_draft": "edited the draft",
    "sign": "signed",
    "amend": "opened an amendment",
    "supersede": "replaced by a signed amendment",
    "import": "imported",
    "delete_draft": "deleted the draft",
}


def _field_names(changes: dict[str, Any]) -> list[str]:
    names = []
    for key in changes:
        name = key.removeprefix("document/").replace("~1", "/").replace("~0", "~").replace("/", " › ")
        names.append(name)
    return names


def _audit_text(row: AuditRow) -> tuple[str, str]:
    """One line for an audit row, and a tooltip with the changed fields (old → new)."""
    names = _field_names(row.changes)
    what = _ACTIONS.get(row.action, row.action)
    summary = f"{moment_text(row.at)}  {row.user}: {what}"
    if row.action == "update_draft" and names:
        shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
        summary += f" ({shown})"
    lines = []
    for key, change in list(row.changes.items())[:40]:
        if isinstance(change, list) and len(change) == 2:
            old, new = (str(v)[:80] if v is not None else "—" for v in change)
            lines.append(f"{key.removeprefix('document/')}: {old} → {new}")
    return summary, "\n".join(lines)


class VersionHistory(QTreeWidget):
    """The versions of one exam, newest first, each with its audit rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Version history"])
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setMinimumWidth(260)

    def show_versions(self, versions: list[Version]) -> None:
        self.clear()
        for version in reversed(versions):
            record = version.record
            state = {"signed": "current", "draft": "draft, not signed", "superseded": "replaced"}.get(record.status, record.status)
            signed = f"; signed {moment_text(record.signed_at)} by {record.signed_by}" if record.signed_at else ""
            top = QTreeWidgetItem([f"Version {record.version_no} ({state}){signed}"])
            top.setToolTip(0, top.text(0))
            for row in version.audit:
                text, tip = _audit_text(row)
                child = QTreeWidgetItem([text])
                child.setToolTip(0, tip or text)
                top.addChild(child)
            self.addTopLevelItem(top)
            top.setExpanded(True)


class TimelinePage(QWidget):
    """A patient's course; ``show_course`` fills it."""

    compareRequested = Signal(int, int)
    openExamRequested = Signal(int)
    followUpRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.course: PatientCourse | None = None
        self.title = heading_label()
        self.subtitle = plain_label()
        self.chart = RecoveryChart()
        self.model = TimelineModel(self)
        self.table = record_table("timeline_table", self.model, extended_selection=True)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.history = VersionHistory()

        self.open_button = QPushButton("&Open exam")
        self.compare_button = QPushButton("&Compare two")
        self.compare_button.setToolTip("Select two exams (Ctrl+click), then compare them side by side")
        self.follow_up_button = QPushButton("New &follow-up")
        self.open_button.clicked.connect(self._open)
        self.compare_button.clicked.connect(self._compare)
        self.follow_up_button.clicked.connect(self._follow_up)

        head = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.title)
        names.addWidget(self.subtitle)
        head.addLayout(names, 1)
        for button in (self.open_button, self.compare_button, self.follow_up_button):
            head.addWidget(button)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.table)
        lower.addWidget(self.history)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        split.addWidget(lower)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(split, 1)

        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self._open())
        self.chart.pointClicked.connect(self.select_exam)
        self._update_buttons()

    def show_course(self, course: PatientCourse) -> None:
        self.course = course
        patient = course.patient.patient
        self.title.setText(f"{patient.display_name}  ·  MRN {patient.mrn}")
        born = patient.birth_date.isoformat() if patient.birth_date else "birth date unknown"
        count = len(course.visits)
        self.subtitle.setText(f"Born {born}  ·  {patient.sex.value}  ·  {count} exam{'s' if count != 1 else ''}")
        self.model.set_course(course)
        self.chart.set_series(chart_series(course), self.model.score_name, course.origin_basis, axis_caption(course))
        self.history.clear()
        if course.visits:
            self.select_exam(course.visits[-1].exam_id)
        self._update_buttons()

    def selected_exam_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.points[row].exam_id for row in rows if row < len(self.model.points)]

    def select_exam(self, exam_id: int, add: bool = False) -> None:
        for row, point in enumerate(self.model.points):
            if point.exam_id == exam_id:
                flags = QItemSelectionModel.SelectionFlag.Rows | (
                    QItemSelectionModel.SelectionFlag.Select if add else QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
                self.table.selectionModel().select(self.model.index(row, 0), flags)
                self.table.scrollTo(self.model.index(row, 0))
                return

    def _selection_changed(self, *_args: object) -> None:
        ids = self.selected_exam_ids()
        if self.course is not None and ids:
            self.history.show_versions(self.course.versions.get(ids[-1], []))
        self._update_buttons()

    def _update_buttons(self) -> None:
        ids = self.selected_exam_ids()
        self.open_button.setEnabled(len(ids) == 1)
        self.compare_button.setEnabled(len(ids) == 2)
        self.follow_up_button.setEnabled(self.course is not None)

    def _open(self) -> None:
        ids = self.selected_exam_ids()
        if len(ids) == 1:
            self.openExamRequested.emit(ids[0])

    def _compare(self) -> None:
        ids = self.selected_exam_ids()
        if len(ids) == 2:
            self.compareRequested.emit(ids[0], ids[1])

    def _follow_up(self) -> None:
        if self.course is not None:
            self.followUpRequested.emit(self.course.patient.id)
