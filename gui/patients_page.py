"""The Patients page: a search box over a table of patients, searched in the store as you type.

Keyboard first: the search box has focus at start; Down or Return moves into the list, Return or
a double-click on a row activates that patient, Escape in the search box clears it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facialis.core.store import Store, StoreError

from .patient_list import HEADERS, PATIENT_ID_ROLE, SORT_ROLE, Column, PatientTableModel

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent, QPersistentModelIndex, QSortFilterProxyModel
    from PySide6.QtWidgets import QStyleOptionViewItem

#: Wait this long after the last keystroke before searching (typing stays fluid on big files).
SEARCH_DELAY_MS = 150
#: Most rows shown for one search; the clinician narrows the search rather than scrolls.
SEARCH_LIMIT = 200
#: Rows measured to size the columns to their contents (all 200 through the padded delegate took
#: about 0.15 s at every refresh; the short columns are as wide in the first rows as in the rest).
RESIZE_PRECISION = 50


class _PaddedDelegate(QStyledItemDelegate):
    """Columns sized to their contents still get air between them (dates and MRNs run together)."""

    PADDING = 12

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + self.PADDING, size.height())


class PatientsPage(QWidget):
    """Search and pick a patient. Knows the store only to call ``search_patients``."""

    #: A patient was chosen with Return or a double-click (the patient id).
    patientActivated = Signal(int)
    #: The selected patient changed (its id, or -1 when none is selected).
    selectionChanged = Signal(int)
    #: A search could not be run (the user-facing reason).
    searchFailed = Signal(str)

    def __init__(self, store: Store, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search by MRN or name")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search patients")  # Down and Escape: from finish_setup

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(self.search_timer.start)
        self.search_edit.returnPressed.connect(self._enter_list)

        self.model = PatientTableModel(self)
        #: The sorting proxy the table shows, from ``finish_setup`` on (None until then).
        self.proxy: QSortFilterProxyModel | None = None

        # Until ``finish_setup`` (the first refresh at the latest) the table shows the column titles
        # from a plain Qt model: the records model's Python ``headerData`` and the sort order would
        # create Qt's namespace enums (see ``roles``), which the application start leaves until
        # after the window's first paint. The list is empty until then either way.
        self._titles = QStandardItemModel(0, len(Column), self)
        self._titles.setHorizontalHeaderLabels([HEADERS[column] for column in Column])
        self.table = QTableView()
        self.table.setModel(self._titles)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setItemDelegate(_PaddedDelegate(self.table))
        self.table.verticalHeader().hide()
        # Compact rows: more patients visible; the padding still fits Arabic and Devanagari marks.
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setResizeContentsPrecision(RESIZE_PRECISION)
        for column in Column:  # kept when the records model replaces the titles (same columns)
            mode = QHeaderView.ResizeMode.Stretch if column == Column.NAME else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)
        self.table.activated.connect(self._on_activated)
        self.table.setAccessibleName("Patients")  # a screen reader said only "table"

        self.result_label = QLabel()

        top = QHBoxLayout()
        search_label = QLabel("&Find:")
        search_label.setBuddy(self.search_edit)
        top.addWidget(search_label)
        top.addWidget(self.search_edit, 1)
        self.buttons: list[QToolButton] = []
        for action in actions:
            button = QToolButton()  # text only: the actions have no icon
            button.setDefaultAction(action)
            top.addWidget(button)
            self.buttons.append(button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result_label)

    def finish_setup(self) -> None:
        """The records model in the table, sorted by name, and plain-text labels (idempotent).

        Left out of the constructor because it creates Qt's namespace enums; the first
        ``refresh`` calls it, and so does the main window right after its first paint.
        """
        if self.proxy is not None:
            return
        from PySide6.QtCore import QSortFilterProxyModel, Qt

        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)

        # Filtering the search box's events calls Python for each (see facialis.gui.app.StartUp).
        self.search_edit.installEventFilter(self)
        self.table.installEventFilter(self)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        for button in self.buttons:
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.selectionChanged.emit(self.selected_patient_id() or -1)
        )
        self._titles.deleteLater()

    # -- public ---------------------------------------------------------------------------------
    def set_store(self, store: Store) -> None:
        """Show another database: the search text stays, the rows are those of the new store."""
        self._store = store
        self.refresh()

    def refresh(self) -> None:
        """Run the current search now (also what the debounce timer calls)."""
        self.search_timer.stop()
        self.finish_setup()
        keep = self.selected_patient_id()
        query = self.search_edit.text().strip()
        try:
            records = self._store.search_patients(query, limit=SEARCH_LIMIT)
            total = self._store.count_patients()
        except StoreError as exc:
            self.searchFailed.emit(exc.message)
            return
        self.model.set_records(records)
        text = _result_text(query, len(records), total)
        self.result_label.setText(text)
        self.result_label.setVisible(bool(text))
        # Read with the list's name when the cursor moves into it (the line under it is not).
        self.table.setAccessibleDescription(text)
        if keep is not None:
            self.select_patient(keep)
        self.selectionChanged.emit(self.selected_patient_id() or -1)

    def selected_patient_id(self) -> int | None:
        if self.proxy is None:
            return None  # nothing listed yet (and the column titles' selection holds nothing)
        rows = self.table.selectionModel().selectedRows()
        return int(rows[0].data(PATIENT_ID_ROLE)) if rows else None

    def select_patient(self, patient_id: int) -> bool:
        """Select and show the row of ``patient_id``; False when it is not in the current result."""
        row = self.model.row_of(patient_id)
        if row is None or self.proxy is None:
            return False
        from PySide6.QtCore import QItemSelectionModel

        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        return True

    def visible_patient_ids(self) -> list[int]:
        """Ids in the order shown (after sorting)."""
        proxy = self.proxy
        return [] if proxy is None else [int(proxy.index(row, 0).data(PATIENT_ID_ROLE)) for row in range(proxy.rowCount())]

    def focus_search(self) -> None:
        from PySide6.QtCore import Qt

        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # -- internals ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down moves from the search box into the list; Escape clears the search, and Escape in
        the list goes back to the search box (a new search is one keystroke away)."""
        from PySide6.QtCore import QEvent, Qt  # after the first paint (see finish_setup)
        from PySide6.QtGui import QKeyEvent

        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)

            if event.key() == Qt.Key.Key_Down:
                self._enter_list()
                return True
            if event.key() == Qt.Key.Key_Escape and self.search_edit.text():
                self.search_edit.clear()
                return True
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self.focus_search()
            return True
        return super().eventFilter(watched, event)

    def _enter_list(self) -> None:
        if self.search_timer.isActive():
            self.refresh()
        if self.proxy is None or self.proxy.rowCount() == 0:
            return
        if self.selected_patient_id() is None:
            from PySide6.QtCore import QItemSelectionModel

            self.table.selectionModel().setCurrentIndex(
                self.proxy.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.table.setFocus()  # Qt.FocusReason.OtherFocusReason

    def _on_activated(self, index: QModelIndex) -> None:
        patient_id = index.data(PATIENT_ID_ROLE)
        if patient_id is not None:
            self.patientActivated.emit(int(patient_id))


def _result_text(query: str, shown: int, total: int) -> str:
    """The line under the list: how many match, and what to do when the list is cut or empty."""
    noun = "patient" if total == 1 else "patients"
    if not query:
        if total == 0:
            return "No patients yet: add the first with New patient."
        if shown < total:
            return f"First {shown} of {total} {noun} shown; type in Find to narrow the list."
        return ""  # the status bar already counts them
    if shown == 0:
        return f"No patient matches \u201c{query}\u201d."
    if shown >= SEARCH_LIMIT:
        return f"First {shown} matches for \u201c{query}\u201d shown; type more to narrow the search."
    return f"{shown} of {total} {noun} match \u201c{query}\u201d"
