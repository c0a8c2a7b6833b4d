"""Start-up: the window shows first; the whole-file checks, the patient list and the exam wizard
follow after the first paint, and a damaged database is still refused before anything is written."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from facialis.core.store import ExamSummary, Store
from facialis.gui import main as entry
from facialis.gui.app import EXIT_DATABASE_ERROR, create_main_window
from facialis.gui.browser.table_model import Column as ExamColumn
from facialis.gui.main_window import DEFAULT_SIZE, MainWindow
from facialis.gui.patient_list import Column as PatientColumn

from .conftest import PromptLog, add_patient


def _clinic(path: Path, patients: int = 40) -> None:
    """Patients, each with a draft whose long document fills the later pages of the file."""
    with Store.open(path, backup=False) as store:
        for number in range(patients):
            patient = add_patient(store, f"M{number:04d}", f"Family{number}", "Given " * 20)
            store.save_draft(patient.id, {"notes": "x" * 3000, "number": number}, ExamSummary(impression="long " * 50))


def _started_app_prints(db_path: Path, body: str) -> str:
    """Start the real entry point in a fresh process, run ``body`` (indented code with ``app``)
    once the window has been shown and its events handled, and return the last line it printed."""
    code = (
        "import os, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "def shown(app):\n"
        "    app.processEvents()\n"
        f"{body}"
        "    os._exit(0)\n"
        "QApplication.exec = shown\n"
        "from facialis.gui.main import main\n"
        f"main(['--db', {str(db_path)!r}])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def _damage_last_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    pages = len(data) // page_size
    noise = bytes((i * 7919 + 13) % 251 for i in range(page_size))
    for page in range(pages - pages // 3, pages):
        data[page * page_size : (page + 1) * page_size] = noise
    path.write_bytes(bytes(data))


def test_deferred_window_has_the_browser_then_the_rest(qtbot: QtBot, db_path: Path) -> None:
    _clinic(db_path)
    window = create_main_window(db_path, defer=True)
    assert window is not None
    qtbot.addWidget(window)
    cases = window.browser_controller.page
    assert cases.model.rowCount() == 40
    assert cases.findChild(QTableView) is None  # its widgets follow the first paint
    assert not hasattr(window, "wizard_controller")
    assert window.patients_page.model.rowCount() == 0
    assert window.patients_page.proxy is None  # the table shows the column titles only
    assert window.store.checks_pending

    finished: list[bool] = []
    window.start_up.finished.connect(lambda: finished.append(True))
    window.show()
    window.start_up.start_after_paint()
    qtbot.waitUntil(lambda: window.start_up.done, timeout=10000)

    assert finished == [True]
    assert hasattr(window, "wizard_controller")
    assert window.patients_page.model.rowCount() == 40
    patients = window.patients_page.table
    assert patients.model() is window.patients_page.proxy
    assert (patients.horizontalHeader().sortIndicatorSection(), patients.horizontalHeader().sortIndicatorOrder()) == (
        PatientColumn.NAME, Qt.SortOrder.AscendingOrder
    )
    assert cases.table.model() is cases.model
    assert (cases.table.horizontalHeader().sortIndicatorSection(), cases.model.sort_order) == (
        ExamColumn.DATE, Qt.SortOrder.DescendingOrder
    )
    assert cases.timeline_action in cases.actions()
    for label in (window.status_label, window.patients_page.result_label, cases.count_label):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert not window.store.checks_pending
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&Edit", "E&xam", "&Help"]
    assert QApplication.instance().applicationVersion()  # type: ignore[union-attr]
    # What is built after the first paint (the Cases filter bar is the widest) fits the size the
    # window opened with, so a window at the default size does not grow after it appears.
    hint = window.minimumSizeHint()
    assert hint.width() <= DEFAULT_SIZE[0] and hint.height() <= DEFAULT_SIZE[1], hint
    window.close()


def test_any_error_of_the_counting_thread_is_said_in_the_window(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not only a StoreError: SQLite out of memory raises MemoryError. The thread that counts the
    exams at the start must not end with the Cases list at 0 exams and nothing said."""
    from facialis.core.browse.query import ExamQuery

    _clinic(db_path, patients=3)

    def fail(_query: ExamQuery) -> int:
        raise MemoryError("out of memory")

    monkeypatch.setattr(ExamQuery, "count", fail)
    window = _started_window(qtbot, db_path)
    assert "out of memory" in window.statusBar().currentMessage()
    cases = window.browser_controller.page
    assert cases.count_label.text() == "exams not listed"  # not "0 exams"
    assert cases.empty_hint.isHidden()  # and no "there are no exams in this database yet"
    window.close()


def test_damaged_database_closes_the_app_without_writing(
    qapp: QApplication, db_path: Path, prompts_log: PromptLog
) -> None:
    _clinic(db_path)
    _damage_last_pages(db_path)
    before = db_path.read_bytes()

    guard = QTimer()  # never hang the run, whatever happens
    guard.setSingleShot(True)
    guard.timeout.connect(qapp.closeAllWindows)
    guard.start(20000)
    try:
        assert entry.main(["--db", str(db_path)]) == EXIT_DATABASE_ERROR
    finally:
        guard.stop()

    (error,) = prompts_log.of_kind("error")
    assert error.title == "Database damaged"
    assert str(db_path) in error.text and "Nothing has been written" in error.text
    assert db_path.read_bytes() == before
    assert not (db_path.parent / f"{db_path.stem}-backups").exists()


def test_failed_background_backup_is_reported(qtbot: QtBot, db_path: Path, prompts_log: PromptLog) -> None:
    _clinic(db_path)
    (db_path.parent / f"{db_path.stem}-backups").write_text("a file where the backup folder should be")
    window = create_main_window(db_path, defer=True)
    assert window is not None
    qtbot.addWidget(window)
    assert prompts_log.of_kind("warning") == []  # not at open: after the window shows
    window.start_up.run_now()
    (warning,) = prompts_log.of_kind("warning")
    assert "backup" in warning.text.lower()
    assert window.start_up.done
    window.close()


def test_showing_the_window_loads_no_heavy_module(db_path: Path) -> None:
    """Reportlab, FHIR, pydantic, sqlite-utils and the assessment are loaded when first needed."""
    _clinic(db_path, patients=3)
    last_line = _started_app_prints(
        db_path,
        "    heavy = ('reportlab', 'fhir', 'pydantic', 'sqlite_utils', 'sqlite_migrate',\n"
        "             'facialis.core.assess', 'facialis.core.report', 'facialis.gui.wizard')\n"
        "    print(sorted(m for m in sys.modules if m.startswith(heavy)), flush=True)\n",
    )
    assert last_line == "[]"


def test_the_whole_start_loads_no_pdf_or_fhir_library(db_path: Path) -> None:
    """Once every start-up step has run (patient list, exam wizard menus, report actions), reportlab
    (with Pillow) and FHIR are still not loaded: they cost about 20 MB and load with the first PDF
    or export. The report's plain records module must not pull in its drawing modules."""
    _clinic(db_path, patients=3)
    last_line = _started_app_prints(
        db_path,
        "    window = next(w for w in app.topLevelWidgets() if hasattr(w, 'start_up'))\n"
        "    window.start_up.run_now()\n"
        "    heavy = ('reportlab', 'PIL', 'fhir')\n"
        "    print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)}), flush=True)\n",
    )
    assert last_line == "[]"


def test_shortcuts_work_once_started_before_any_menu_is_opened(qtbot: QtBot, db_path: Path) -> None:
    """Ctrl+T (set up with the Cases page after the first paint), Ctrl+F and Ctrl+N (the platform's
    bindings) in the window the application starts, no menu having been opened."""
    _clinic(db_path, patients=3)
    window = create_main_window(db_path, defer=True)
    assert window is not None
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.start_up.start_after_paint()
    qtbot.waitUntil(lambda: window.start_up.done, timeout=10000)
    window.activateWindow()
    ctrl = Qt.KeyboardModifier.ControlModifier
    cases = window.browser_controller
    window.pages.setCurrentWidget(cases.page)
    cases.page.select_row(0)
    cases.page.table.setFocus()
    QTest.keyClick(cases.page.table, Qt.Key.Key_T, ctrl)
    assert window.pages.currentWidget() is cases.timeline
    QTest.keyClick(cases.timeline, Qt.Key.Key_F, ctrl)
    assert window.pages.currentWidget() is window.patients_page
    assert QApplication.focusWidget() is window.patients_page.search_edit
    QTest.keyClick(window.patients_page.search_edit, Qt.Key.Key_N, ctrl)
    assert window.patient_dialog is not None and window.patient_dialog.isVisible()
    window.patient_dialog.reject()
    window.close()


def test_first_paint_creates_no_qt_namespace_enums(db_path: Path) -> None:
    """PySide creates every enum of ``Qt`` at its first use (about 13 ms), and ``QEvent`` with its
    179 types when Python first sees an event: the window is painted, and the browser's first page
    read, before either; the rest of the start-up then uses them."""
    _clinic(db_path, patients=3)
    last_line = _started_app_prints(
        db_path,
        "    import PySide6.QtCore as core\n"
        "    window = next(w for w in app.topLevelWidgets() if hasattr(w, 'start_up'))\n"
        "    model = window.browser_controller.page.model\n"
        "    first = model.index(0, 0).data()\n"
        "    painted = 'Qt' in vars(core) or 'QEvent' in vars(core)\n"  # PySide 6.12 adds a class to its module when it creates it
        "    window.start_up.run_now()\n"
        "    print(bool(first), painted, 'Qt' in vars(core), window.start_up.done, flush=True)\n",
    )
    assert last_line == "True False True True"


def test_status_line_with_markup_characters_is_plain_before_the_first_paint(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "<b>clinic"
    folder.mkdir()
    store = Store.open(folder / "facialis.sqlite3", backup=False)
    window = MainWindow(store, defer=True)
    qtbot.addWidget(window)
    assert window.status_label.textFormat() == Qt.TextFormat.PlainText
    assert "<b>clinic" in window.status_label.text()
    window.close()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (True, None)),
        (["--db", "clinic.sqlite3"], (True, "clinic.sqlite3")),
        (["--db=my clinic.sqlite3"], (True, "my clinic.sqlite3")),
        (["--db"], (False, None)),
        (["--db", "-x"], (False, None)),
        (["--db", "a", "--db", "b"], (False, None)),
        (["--version"], (False, None)),
        (["--help"], (False, None)),
        (["assess", "exam.facialis.json"], (False, None)),
    ],
)
def test_window_only_arguments_skip_the_parser(argv: list[str], expected: tuple[bool, str | None]) -> None:
    """The fast path decides exactly what the full parser would, or leaves it to the parser."""
    assert entry._window_only(argv) == expected
    if expected[0]:
        args = entry.build_parser(entry._cli_module()).parse_args(argv)
        assert (args.command, args.db) == (None, expected[1])


def _damage_header(path: Path) -> None:
    """Zero the file header: SQLite no longer takes the file for a database."""
    data = bytearray(path.read_bytes())
    data[0:100] = bytes(100)
    path.write_bytes(bytes(data))


def _started_window(qtbot: QtBot, db_path: Path) -> MainWindow:
    """The window as the application starts it, with every step after the first paint done."""
    window = create_main_window(db_path, defer=True)
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    window.start_up.run_now()
    return window


def _clinic_with_backup(db_path: Path) -> Path:
    """The clinic, its backup of today, then one more patient saved after the backup."""
    _clinic(db_path)
    with Store.open(db_path) as store:  # writes today's backup
        add_patient(store, "AFTER", "Later")
    from facialis.core.store.backup import list_backups

    [(_day, saved)] = list_backups(db_path)
    return saved


def test_a_damaged_database_can_go_on_with_a_copy_of_its_backup(
    qtbot: QtBot, db_path: Path, prompts_log: PromptLog
) -> None:
    """The integrity check finds the file damaged after the window shows: the user is offered the
    newest backup, and the clinic goes on with a copy of it; the damaged file and the backup stay."""
    from facialis.core.settings import load_settings

    saved = _clinic_with_backup(db_path)
    _damage_last_pages(db_path)
    damaged, backup_bytes = db_path.read_bytes(), saved.read_bytes()
    prompts_log.yes_no_answers.append(True)
    window = _started_window(qtbot, db_path)

    [question] = prompts_log.of_kind("question")
    assert "newest backup" in question.text and str(db_path) in question.text
    assert window.has_store and window.store.path != db_path
    assert window.store.path.name.startswith(f"{db_path.stem}-restored-")
    assert window.store.count_patients() == 40 and window.store.find_patient_by_mrn("AFTER") is None
    assert window.start_up.failure is None and window.start_up.done
    assert prompts_log.of_kind("error") == []
    [info] = prompts_log.of_kind("info")
    assert str(window.store.path) in info.text and str(db_path) in info.text
    assert db_path.read_bytes() == damaged and saved.read_bytes() == backup_bytes
    assert load_settings().database_path == str(window.store.path)  # the next start opens the copy
    window.close()


def test_declining_the_backup_copy_closes_as_before(
    qtbot: QtBot, db_path: Path, prompts_log: PromptLog
) -> None:
    _clinic_with_backup(db_path)
    _damage_last_pages(db_path)
    before = db_path.read_bytes()
    prompts_log.yes_no_answers.append(False)
    window = _started_window(qtbot, db_path)
    assert window.start_up.failure is not None and not window.has_store
    assert [p.title for p in prompts_log.of_kind("error")] == ["Database damaged"]
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob(f"{db_path.stem}-restored-*"))


def test_a_database_that_no_longer_opens_is_offered_its_backup(
    qtbot: QtBot, db_path: Path, prompts_log: PromptLog
) -> None:
    """The header itself damaged: the store refuses the file at open; the backup is offered there too."""
    _clinic_with_backup(db_path)
    _damage_header(db_path)
    prompts_log.yes_no_answers.append(True)
    window = create_main_window(db_path)
    assert window is not None
    qtbot.addWidget(window)
    assert window.store.path.name.startswith(f"{db_path.stem}-restored-")
    assert window.store.count_patients() == 40
    assert prompts_log.of_kind("error") == []
    window.close()


def test_a_damaged_database_named_again_goes_on_with_the_earlier_copy(
    qtbot: QtBot, db_path: Path, prompts_log: PromptLog
) -> None:
    """Started again on the damaged file (--db, $FACIALIS_DB): the copy made the first time, with the
    records saved in it since, is offered, not a new copy of the old backup without them."""
    _clinic_with_backup(db_path)
    _damage_header(db_path)
    prompts_log.yes_no_answers.append(True)
    first = create_main_window(db_path)
    assert first is not None
    qtbot.addWidget(first)
    copy = first.store.path
    add_patient(first.store, "IN-COPY", "Saved", "Later")
    first.close()

    prompts_log.shown.clear()
    prompts_log.yes_no_answers.append(True)
    again = create_main_window(db_path)  # the same file named again
    assert again is not None
    qtbot.addWidget(again)
    [question] = prompts_log.of_kind("question")
    assert str(copy) in question.text
    assert again.store.path == copy
    assert again.store.find_patient_by_mrn("IN-COPY") is not None
    assert list(db_path.parent.glob(f"{db_path.stem}-restored-*.sqlite3")) == [copy]
    again.close()


def test_a_full_disk_is_not_reported_as_every_backup_damaged(
    qtbot: QtBot, db_path: Path, prompts_log: PromptLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    _clinic_with_backup(db_path)
    _damage_header(db_path)
    real_connect = sqlite3.connect

    def full_disk(target: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real_connect(target, *args, **kwargs)  # type: ignore[arg-type]
        if str(target).endswith(".tmp"):
            conn.execute("PRAGMA max_page_count = 2")
        return conn

    monkeypatch.setattr(sqlite3, "connect", full_disk)
    prompts_log.yes_no_answers.append(True)
    assert create_main_window(db_path) is None
    titles = [prompt.title for prompt in prompts_log.of_kind("error")]
    assert titles[0] == "Backup not copied" and "No usable backup" not in titles
    assert "full" in prompts_log.of_kind("error")[0].text


def test_a_copy_that_does_not_open_is_not_remembered(
    db_path: Path, prompts_log: PromptLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next start must not go to a copy that never opened (e.g. a backup of a newer version)."""
    from facialis.core.settings import load_settings
    from facialis.core.store import StoreError
    from facialis.gui import database

    _clinic_with_backup(db_path)
    _damage_header(db_path)
    real_open = Store.open

    def refuse_copies(path: Path, *args: object, **kwargs: object) -> Store:
        if "-restored-" in Path(path).name:
            raise StoreError("written by a newer Facialis")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(database.Store, "open", refuse_copies)
    prompts_log.yes_no_answers.append(True)
    assert create_main_window(db_path) is None
    assert load_settings().database_path is None
    assert "written by a newer Facialis" in prompts_log.of_kind("error")[-1].text
