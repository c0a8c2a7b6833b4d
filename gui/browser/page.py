"""The Cases page: every exam in the database, found by typing and narrowed by filters.

Keyboard first: the search box has focus; typing searches names, MRN, diagnosis and impression
as you type (FTS, prefix per word); Down moves into the list; Return opens the exam; Ctrl+T shows
the patient's timeline. Headers sort (in the database). The list is paged, so it is as quick
with 100,000 exams as with ten.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QVBoxLayout, QWidget

from facialis.core.browse import ExamBrowser, ExamFilter
from facialis.core.store import Store, StoreError

from .table_model import EXAM_ID_ROLE, PATIENT_ID_ROLE, ROW_ROLE, Column, ExamTableModel

if TYPE_CHECKING:  # importing an event class makes PySide build QEvent (see facialis.gui.app.StartUp)
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QShowEvent

#: Wait this long after the last keystroke before searching.
SEARCH_DELAY_MS = 120


class BrowserPage(QWidget):
    """Search, filter, sort and act on exams. Knows the store only through ``ExamBrowser``."""

    openExamRequested = Signal(int)
    followUpRequested = Signal(int)
    timelineRequested = Signal(int)
    compareRequested = Signal(int, int)
    exportRequested = Signal(str, object)  # format ("csv", "fhir", "files"), list of exam ids
    importRequested = Signal()
    demoRequested = Signal()
    searchFailed = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None, *, finish: bool = True) -> None:
        """``finish=False`` (the application start) leaves the page's widgets, which are not on
        screen at first, until ``finish_setup()``: the model holds the list (its count) already."""
        super().__init__(parent)
        self._browser: ExamBrowser | None = None
        self._finished = False
        self.store = store
        self.model = ExamTableModel(self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.set_store(store)
        if finish:
            self.finish_setup()

    def finish_setup(self) -> None:
        """Build the page's widgets around the model (idempotent).

        Left out of the constructor at the application start: the page is not on screen then, and
        its table's model, sort order, plain-text count and Ctrl+T need Qt's namespace enums,
        which wait for the window's first paint (see ``facialis.gui.roles``).
        """
        if self._finished:
            return
        self._finished = True
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMenu, QPushButton, QToolButton

        from ..widgets import record_table
        from .filter_bar import FilterBar

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("case_search")
        self.search_edit.setPlaceholderText("Search name, MRN, diagnosis or impression")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search exams")
        self.search_edit.installEventFilter(self)
        self.count_label = QLabel()
        self.count_label.setObjectName("case_count")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.filters = FilterBar()

        self.table = record_table("case_table", self.model, extended_selection=True)
        # The indicator first: switching sorting on then asks the model for the order it has.
        self.table.horizontalHeader().setSortIndicator(Column.DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.installEventFilter(self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._set_column_widths()

        self.open_button = QPushButton("&Open")
        self.timeline_button = QPushButton("&Timeline")
        self.follow_up_button = QPushButton("&Follow-up")
        self.compare_button = QPushButton("Co&mpare")
        self.export_button = QToolButton()
        self.export_button.setText("&Export")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.import_button = QPushButton("&Import…")
        self.open_button.setToolTip("Open the selected exam (Return)")
        self.timeline_button.setToolTip("The patient's exams over time, with the recovery chart (Ctrl+T)")
        self.follow_up_button.setToolTip("Start a follow-up exam of the selected patient")
        self.compare_button.setToolTip("Select two exams (Ctrl+click) to compare them side by side")
        self.export_button.setToolTip("Export the selected exams, or every exam in the list when none is selected")
        menu = QMenu(self.export_button)
        self.export_csv_action = menu.addAction("CSV for research (with data dictionary)…")
        self.export_fhir_action = menu.addAction("FHIR R4B bundle…")
        self.export_files_action = menu.addAction("Exam files (*.facialis.json)…")
        self.export_button.setMenu(menu)
        self.export_csv_action.triggered.connect(lambda: self._export("csv"))
        self.export_fhir_action.triggered.connect(lambda: self._export("fhir"))
        self.export_files_action.triggered.connect(lambda: self._export("files"))

        self.timeline_action = QAction("Show &timeline", self)
        self.timeline_action.setShortcut(QKeySequence("Ctrl+T"))
        self.timeline_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.timeline_action.triggered.connect(self._timeline)
        self.addAction(self.timeline_action)

        self.empty_hint = QWidget()
        self.empty_hint.setObjectName("empty_hint")
        hint_text = QLabel("There are no exams in this database yet. Start one from the Patients page, import exam "
                           "files, or look around a demo clinic of invented patients first.")
        hint_text.setWordWrap(True)
        self.demo_button = QPushButton("Open a &demo clinic…")
        self.demo_button.clicked.connect(self.demoRequested)
        hint = QHBoxLayout(self.empty_hint)
        hint.setContentsMargins(0, 0, 0, 0)
        hint.addWidget(hint_text, 1)
        hint.addWidget(self.demo_button)
        self.empty_hint.hide()

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.timeline_button, self.follow_up_button, self.compare_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.filters.filterChanged.connect(self.refresh)
        self.open_button.clicked.connect(self._open)
        self.timeline_button.clicked.connect(self._timeline)
        self.follow_up_button.clicked.connect(self._follow_up)
        self.compare_button.clicked.connect(self._compare)
        self.import_button.clicked.connect(self.importRequested)
        self.table.doubleClicked.connect(lambda _index: self._open())
        self.model.modelReset.connect(self._update_actions)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self._show_count()
        if self.model.error:  # the count at the start failed
            self.searchFailed.emit(self.model.error)
        self._update_actions()

    def showEvent(self, event: QShowEvent) -> None:
        self.finish_setup()  # a tab clicked before the window had finished starting
        super().showEvent(event)

    # -- store ----------------------------------------------------------------------------------
    def set_store(self, store: Store) -> None:
        """Browse another database (the window opened a different file)."""
        self.close_browser()
        self.store = store
        try:
            self._browser = ExamBrowser.for_store(store)
        except StoreError as exc:
            self._browser = None
            self.searchFailed.emit(exc.message)
        self.refresh()

    def close_browser(self) -> None:
        if self._browser is not None:
            self.model.set_query(None)
            self._browser.close()
            self._browser = None

    @property
    def browser(self) -> ExamBrowser | None:
        return self._browser

    # -- searching ------------------------------------------------------------------------------
    def current_filter(self) -> ExamFilter:
        if not self._finished:
            return ExamFilter()  # no search text or filter widgets yet
        return self.filters.current(self.search_edit.text())

    def refresh(self) -> None:
        """Run the current search and filters again (after typing, a filter change, or a save);
        the selected exams stay selected when they are still where they were."""
        self._search_timer.stop()
        selected = {row: self.model.index(row, 0).data(EXAM_ID_ROLE) for row in self.selected_rows()}
        if self._browser is None:
            self.model.set_query(None)
            self._show_count()
            return
        # Before the page is built (the application start) the count runs while the window is.
        self.model.set_query(self._browser.query(self.current_filter()), count_in_background=not self._finished)
        if self._finished and self.model.error:
            self.searchFailed.emit(self.model.error)
        self._show_count()
        self._reselect(selected)

    def _reselect(self, selected: dict[int, int]) -> None:
        if not selected:
            return
        from PySide6.QtCore import QItemSelectionModel

        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row, exam_id in selected.items():
            if row < self.model.rowCount() and self.model.index(row, 0).data(EXAM_ID_ROLE) == exam_id:
                if not self.selected_rows():
                    self.select_row(row)
                else:
                    selection.select(self.model.index(row, 0), flags)

    def _show_count(self) -> None:
        if not self._finished:
            return  # finish_setup shows it
        count = self.model.rowCount()
        if self.model.error:  # not "0 exams" and not "no exams yet": the list could not be read
            self.count_label.setText("exams not listed")
            self.count_label.setToolTip(self.model.error)
            self.empty_hint.setVisible(False)
            return
        self.count_label.setToolTip("")
        noun = "exam" if count == 1 else "exams"
        self.count_label.setText(f"{count:,} {noun}")
        query = self.model.query
        self.empty_hint.setVisible(count == 0 and query is not None and query.filter.is_empty())

    # -- selection and actions ------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        if not self._finished:
            return []  # no table yet
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    def selected_exam_ids(self) -> list[int]:
        return [self.model.index(row, 0).data(EXAM_ID_ROLE) for row in self.selected_rows()]

    def current_patient_id(self) -> int | None:
        index = self.table.currentIndex()
        rows = self.selected_rows()
        row = rows[0] if rows else (index.row() if index.isValid() else None)
        if row is None:
            return None
        return self.model.index(row, 0).data(PATIENT_ID_ROLE)

    def select_row(self, row: int) -> None:
        from PySide6.QtCore import QItemSelectionModel

        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )

    def _update_actions(self, *_args: object) -> None:
        ids = self.selected_exam_ids()
        one = len(ids) == 1
        self.open_button.setEnabled(one)
        self.timeline_button.setEnabled(bool(ids))
        self.follow_up_button.setEnabled(bool(ids))
        self.timeline_action.setEnabled(bool(ids))
        self.compare_button.setEnabled(self._comparable(ids))
        self.export_button.setEnabled(self.model.rowCount() > 0)

    def _comparable(self, ids: list[int]) -> bool:
        if len(ids) != 2:
            return False
        patients = {self.model.index(row, 0).data(PATIENT_ID_ROLE) for row in self.selected_rows()}
        return len(patients) == 1

    def _open(self) -> None:
        ids = self.selected_exam_ids()
        if len(ids) == 1:
            self.openExamRequested.emit(ids[0])

    def _timeline(self) -> None:
        patient_id = self.current_patient_id()
        if patient_id is not None:
            self.timelineRequested.emit(patient_id)

    def _follow_up(self) -> None:
        patient_id = self.current_patient_id()
        if patient_id is not None:
            self.followUpRequested.emit(patient_id)

    def _compare(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 2 and self._comparable(self.selected_exam_ids()):
            first, second = (self.model.index(row, 0).data(ROW_ROLE) for row in rows)
            earlier, later = sorted((first, second), key=lambda r: (r.exam_date or "", r.exam_id))
            self.compareRequested.emit(earlier.exam_id, later.exam_id)

    def _export(self, kind: str) -> None:
        """The selected exams, or everything the list shows when nothing is selected."""
        ids = self.selected_exam_ids()
        if not ids and self.model.query is not None:
            ids = self.model.query.exam_ids()
        if ids:
            self.exportRequested.emit(kind, ids)

    # -- keyboard -------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.finish_setup()
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        from PySide6.QtCore import QEvent, Qt  # after the first paint (see finish_setup)
        from PySide6.QtGui import QKeyEvent

        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.search_edit:
                if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.model.rowCount():
                    if self._search_timer.isActive():
                        self.refresh()
                    self.table.setFocus()
                    if not self.selected_rows():
                        self.select_row(0)
                    return True
                if key == Qt.Key.Key_Escape and self.search_edit.text():
                    self.search_edit.clear()
                    return True
            elif watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open()
                return True
        return super().eventFilter(watched, event)

    def _set_column_widths(self) -> None:
        metrics = self.table.fontMetrics()
        widths = {
            Column.PATIENT: "Papadopoulos, Konstantinos",
            Column.MRN: "F0000000000",
            Column.DATE: "2026-10-06 16:00",
            Column.SIDE: "Bilateral",
            Column.HB: "VI, worse side",  # a bilateral palsy's grade (table_model)
            Column.LEVEL: "Labyrinthine – Parotid",
            Column.STATUS: "Superseded (v2)",
            Column.EXAMINER: "Dr. K. Brandt-Hoffmann",
        }
        for column, sample in widths.items():
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)
