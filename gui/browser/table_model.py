"""A thin Qt table model over the paged exam query: rows are fetched a page at a time, when shown.

The model knows the row count (one COUNT query) and keeps a few pages of light row tuples; a
row the view asks for that is not in a cached page costs one page query. It never holds every
exam. Sorting is done by the database (``sort()`` re-queries), so a click on a header is as fast
with 100,000 exams as with 10.
"""
from __future__ import annotations

import textwrap
import threading
from collections import OrderedDict
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex

from facialis.core.browse import DEFAULT_PAGE_SIZE, ExamQuery, ExamRow, SortKey
from facialis.core.store import StoreError

from .. import roles
from .labels import exam_date_text, level_text, side_text, status_text

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    from facialis.core.browse.flags import FlagName
    from facialis.core.settings import Settings

#: Data role carrying the exam id of a row (same in every column).
EXAM_ID_ROLE = roles.USER + 1
#: Data role carrying the patient id of a row.
PATIENT_ID_ROLE = roles.USER + 2
#: Data role carrying the whole ``ExamRow``.
ROW_ROLE = roles.USER + 3

#: Pages kept in memory (at 100 rows each: a few thousand light tuples at most).
CACHED_PAGES = 20


class Column(IntEnum):
    PATIENT = 0
    MRN = 1
    DATE = 2
    SIDE = 3
    HB = 4
    LEVEL = 5
    STATUS = 6
    EXAMINER = 7
    FLAGS = 8


HEADERS: dict[Column, str] = {
    Column.PATIENT: "Patient",
    Column.MRN: "MRN",
    Column.DATE: "Exam date",
    Column.SIDE: "Side",
    Column.HB: "Final HB",
    Column.LEVEL: "Level",
    Column.STATUS: "Status",
    Column.EXAMINER: "Examiner",
    Column.FLAGS: "Red flags",
}

SORT_KEYS: dict[Column, SortKey] = {
    Column.PATIENT: SortKey.patient,
    Column.MRN: SortKey.mrn,
    Column.DATE: SortKey.exam_date,
    Column.SIDE: SortKey.side,
    Column.HB: SortKey.hb,
    Column.LEVEL: SortKey.level,
    Column.STATUS: SortKey.status,
    Column.EXAMINER: SortKey.examiner,
    Column.FLAGS: SortKey.red_flags,
}

_Index = QModelIndex | QPersistentModelIndex
#: The HB cell of an exam with no grade at all.
NOT_GRADED = "not graded"
#: The tooltip of an exam saved with red flags in which the current rules find none: opening it
#: shows "none found", so the list must not promise a list there.
UNCONFIRMED_FLAGS = ("Red flags were recorded when this exam was saved, but the current rules find none in "
                     "what it holds: open it and review the findings")
_ALERT = "#b3261e"
_MUTED = "#6b6b6b"


class ExamTableModel(QAbstractTableModel):
    """Rows of one ``ExamQuery``, in the order of the current sort."""

    def __init__(self, parent: Any = None, page_size: int = DEFAULT_PAGE_SIZE) -> None:
        super().__init__(parent)
        self._query: ExamQuery | None = None
        self._count = 0
        self._pages: OrderedDict[int, list[ExamRow]] = OrderedDict()
        self._page_size = page_size
        self.sort_column = Column.DATE
        #: The sort order as a bool: ``Qt.SortOrder`` waits for the first paint (see ``roles``).
        self.descending = True
        #: The last database error while counting or paging (the view shows empty rows meanwhile).
        self.error: str | None = None
        self._counting: threading.Thread | None = None
        #: Exam id -> its red flags by name (None: not readable), for the rows shown so far.
        self._flags: OrderedDict[int, tuple[FlagName, ...] | None] = OrderedDict()
        self._settings: Settings | None = None

    # -- content --------------------------------------------------------------------------------
    def set_query(self, query: ExamQuery | None, *, count_in_background: bool = False) -> None:
        """Show another query's rows (a new search or filter): one count, nothing else yet.

        ``count_in_background`` (the application start) counts, then reads the first page, in a
        thread while the window is built and painted (SQLite, and PySide while Qt paints, let go
        of the GIL); the first use of the count, the rows or the query waits for it, so nothing
        else ever sees them unfinished.
        """
        self.wait_for_count()
        self.beginResetModel()
        self._query = query
        self._pages.clear()
        self._flags.clear()
        self.error = None
        self._count = 0
        if query is not None and count_in_background:
            self._counting = threading.Thread(target=self._count_and_read, args=(query,), name="exam-count", daemon=True)
            self._counting.start()
        else:
            self._count_rows(query)
        self.endResetModel()

    def _count_rows(self, query: ExamQuery | None) -> None:
        try:
            self._count = query.count() if query is not None else 0
        except StoreError as exc:
            self._count = 0
            self.error = exc.message

    def _count_and_read(self, query: ExamQuery) -> None:
        try:
            self._count_rows(query)
        except Exception as exc:  # noqa: BLE001 - else the thread ends, the list at 0 and nothing said
            self._count = 0
            self.error = f"The exams could not be counted ({type(exc).__name__}: {exc})."
            return
        if self._count and self.error is None:
            self._fetch(0)  # the first page in the current order: what the view asks for first

    def wait_for_count(self) -> None:
        """Until the count (and first page) started by ``set_query(count_in_background=True)`` is over."""
        counting, self._counting = self._counting, None
        if counting is not None:
            counting.join()

    @property
    def query(self) -> ExamQuery | None:
        self.wait_for_count()  # its connection is the counting thread's until then
        return self._query

    def row_at(self, row: int) -> ExamRow | None:
        """The row tuple (fetching its page if needed), or None outside the result or on error."""
        if self._counting is not None:
            self.wait_for_count()
        if not 0 <= row < self._count or self._query is None:
            return None
        number = row // self._page_size
        page = self._pages.get(number)
        if page is None:
            page = self._fetch(number)
        else:
            self._pages.move_to_end(number)
        offset = row - number * self._page_size
        return page[offset] if offset < len(page) else None

    def _fetch(self, number: int) -> list[ExamRow]:
        assert self._query is not None
        try:
            page = self._query.page(
                number * self._page_size,
                self._page_size,
                SORT_KEYS[self.sort_column],
                self.descending,
            )
        except StoreError as exc:
            self.error = exc.message
            return []
        self._pages[number] = page
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def row_of(self, exam_id: int) -> int | None:
        """The row of ``exam_id`` among the pages already fetched (None when not loaded)."""
        self.wait_for_count()
        for number, page in self._pages.items():
            for offset, row in enumerate(page):
                if row.exam_id == exam_id:
                    return number * self._page_size + offset
        return None

    def cached_rows(self) -> int:
        self.wait_for_count()
        return sum(len(page) for page in self._pages.values())

    @property
    def sort_order(self) -> Qt.SortOrder:
        from PySide6.QtCore import Qt

        return Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder

    # -- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        if self._counting is not None:
            self.wait_for_count()
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = roles.DISPLAY) -> Any:
        from PySide6.QtCore import Qt

        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == roles.DISPLAY:
            return HEADERS[Column(section)]
        if role == roles.TOOL_TIP and section == Column.HB:
            return "The clinician's final House-Brackmann grade; in italics, the suggested grade while none is chosen"
        if role == roles.TOOL_TIP and section == Column.FLAGS:
            return "Red flags that argue against Bell's palsy (reference 8.2); point at a cell for each in full"
        return None

    # flags(): Qt's own (enabled and selectable, never editable) needs no Python call per cell.

    def data(self, index: _Index, role: int = roles.DISPLAY) -> Any:
        if not index.isValid() or index.column() >= len(Column):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = Column(index.column())
        if column == Column.FLAGS and role in (roles.DISPLAY, roles.TOOL_TIP):
            return self._flags_text(row, tooltip=role == roles.TOOL_TIP)
        if role == roles.DISPLAY:
            return _display(row, column)
        if role == roles.TOOL_TIP:
            return _tooltip(row, column)
        if role == EXAM_ID_ROLE:
            return row.exam_id
        if role == PATIENT_ID_ROLE:
            return row.patient_id
        if role == ROW_ROLE:
            return row
        if role == roles.FOREGROUND:
            from PySide6.QtGui import QBrush, QColor  # not needed before the Cases page is shown

            if column == Column.FLAGS and row.red_flags:
                return QBrush(QColor(_ALERT))
            if column == Column.HB and not row.final_hb:
                return QBrush(QColor(_MUTED))
            if row.status == "superseded":
                return QBrush(QColor(_MUTED))
        if role == roles.FONT and column == Column.HB and not row.final_hb and row.suggested_hb:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setItalic(True)
            return font
        if role == roles.TEXT_ALIGNMENT and column in (Column.HB, Column.SIDE):
            from PySide6.QtCore import Qt

            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def red_flags(self, row: ExamRow) -> tuple[FlagName, ...] | None:
        """The row's red flags by name: looked up (one exam assessed) when the row is first shown."""
        if not row.red_flags or self._query is None:
            return ()
        if row.exam_id in self._flags:
            self._flags.move_to_end(row.exam_id)
            return self._flags[row.exam_id]
        if self._settings is None:
            from facialis.core.settings import load_settings

            self._settings = load_settings()
        try:
            names = self._query.browser.red_flag_names(row.exam_id, self._settings)
        except StoreError:
            names = None
        self._flags[row.exam_id] = names
        while len(self._flags) > CACHED_PAGES * self._page_size:
            self._flags.popitem(last=False)
        return names

    def _flags_text(self, row: ExamRow, *, tooltip: bool) -> str:
        if not row.red_flags:
            return ""
        from facialis.core.browse.flags import full_text, short_text  # when a flagged row is first shown

        names = self.red_flags(row)
        if names is None:  # the exam cannot be read now: say what the record says
            return "Red flags were found in this exam (open it for the list)" if tooltip else "red flags"
        if not names:  # saved with red flags that the rules of this version no longer find
            return UNCONFIRMED_FLAGS if tooltip else "red flags"
        return full_text(names) if tooltip else short_text(names)

    def sort(self, column: int, order: Qt.SortOrder | None = None) -> None:
        """Sort in the database (ascending unless ``order`` says otherwise): the cached pages are
        dropped, the count stays. The order already shown keeps its pages (the view asks for it
        when sorting is switched on)."""
        from PySide6.QtCore import Qt

        if not 0 <= column < len(Column):
            return
        self.wait_for_count()  # the first page is read in this order
        descending = order == Qt.SortOrder.DescendingOrder
        if column == self.sort_column and descending == self.descending:
            return
        self.beginResetModel()
        self.sort_column = Column(column)
        self.descending = descending
        self._pages.clear()
        self.endResetModel()


def _display(row: ExamRow, column: Column) -> str:
    if column == Column.PATIENT:
        return row.patient_name
    if column == Column.MRN:
        return row.mrn
    if column == Column.DATE:
        return exam_date_text(row.exam_date)
    if column == Column.SIDE:
        return side_text(row.side)
    if column == Column.HB:
        grade = row.final_hb or row.suggested_hb
        if not grade:
            return NOT_GRADED  # a word, not a blank that reads as nothing or as grade I
        # a bilateral palsy lists the worse side's grade (core.summary); say so, per-side grades are in the exam
        return f"{grade}, worse side" if row.side == "bilateral" else grade
    if column == Column.LEVEL:
        return level_text(row.level)
    if column == Column.STATUS:
        return status_text(row.status, row.version_no)
    if column == Column.EXAMINER:
        return row.examiner or ""
    return "red flags" if row.red_flags else ""  # the model names them (ExamTableModel.red_flags)


def _hb_rule() -> str:
    """How the suggested grade is made and its source (core's own words), under every HB tooltip."""
    from facialis.core.scales.house_brackmann import RULE, SOURCE  # when a grade is first pointed at

    return "\n" + "\n".join(textwrap.fill(text, 100) for text in (
        f"Rule: {RULE}", f"Source: {SOURCE}", "Open the exam for its items and reasons."))


def _grade_words(grade: str) -> str:
    from facialis.core.scales.house_brackmann import HB_GRADES

    known = HB_GRADES.get(grade)
    return f"{grade} ({known.label})" if known else grade


def _tooltip(row: ExamRow, column: Column) -> str:
    if column == Column.HB:
        both = row.side == "bilateral"
        of = " of the worse side" if both else ""
        after = ". Bilateral palsy: each side's grade is in the exam and on the timeline." if both else ""
        if row.final_hb:
            suggested = (f" (suggested {_grade_words(row.suggested_hb)})"
                         if row.suggested_hb and row.suggested_hb != row.final_hb else "")
            return f"Final House-Brackmann grade{of} {_grade_words(row.final_hb)}{suggested}{after}" + _hb_rule()
        if row.suggested_hb:
            return (f"Suggested grade{of} {_grade_words(row.suggested_hb)}; the clinician has not chosen the final "
                    f"grade yet{after}" + _hb_rule())
        return ("Not graded: no final grade was chosen and the findings entered do not suggest one "
                "(not the same as grade I, normal)")
    if column == Column.LEVEL and row.level:
        return "Lesion level: " + level_text(row.level, full=True)
    if column == Column.FLAGS and row.red_flags:
        return "Red flags were found in this exam (open it for the list)"
    return _display(row, column)
