"""The Cases page end to end: typing finds a patient, filters narrow, keys open, actions reach the wizard."""
from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from facialis.core.browse import ExamFilter
from facialis.core.exam import Segment
from facialis.gui.browser import BrowserController
from facialis.gui.browser.table_model import PATIENT_ID_ROLE, ROW_ROLE, Column
from facialis.gui.main_window import MainWindow
from facialis.core.vignettes import VIGNETTE_DIR

from ..conftest import PromptLog, type_text


def shown_rows(controller: BrowserController) -> list:
    model = controller.page.model
    return [model.index(row, 0).data(ROW_ROLE) for row in range(model.rowCount())]


def type_search(qtbot, controller: BrowserController, text: str) -> None:  # type: ignore[no-untyped-def]
    page = controller.page
    before = page.model.query
    type_text(page.search_edit, text)
    qtbot.waitUntil(lambda: page.model.query is not before and page.model.query.filter.search == text, timeout=2000)


def test_the_cases_page_lists_every_current_exam(browser: BrowserController, window: MainWindow) -> None:
    page = browser.page
    assert window.pages.tabText(window.pages.indexOf(page)) == "Cases"
    total = window.store.db.conn.execute("SELECT count(*) FROM exams WHERE status <> 'superseded'").fetchone()[0]
    assert page.model.rowCount() == total
    assert page.count_label.text() == f"{total:,} exams"
    dates = [r.exam_date for r in shown_rows(browser)]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_three_letters_find_a_patient_in_any_script(qtbot, browser: BrowserController, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    names = [row[0] for row in window.store.db.conn.execute("SELECT family_name FROM patients ORDER BY id")]
    for name in (names[0], next((n for n in names if not n.isascii()), names[-1])):
        browser.page.search_edit.clear()
        type_search(qtbot, browser, name[:3])
        assert name in {r.family_name for r in shown_rows(browser)}


def test_markup_and_operators_are_plain_text(qtbot, browser: BrowserController) -> None:  # type: ignore[no-untyped-def]
    for text in ('<b>"x', "NOT OR (", "*"):
        browser.page.search_edit.clear()
        type_search(qtbot, browser, text)
        assert browser.page.model.error is None
        assert browser.page.count_label.text().endswith("exams") or browser.page.count_label.text().endswith("exam")


def test_keyboard_from_search_to_open(qtbot, browser: BrowserController) -> None:  # type: ignore[no-untyped-def]
    page = browser.page
    page.focus_search()
    with qtbot.waitSignal(browser.openExamRequested, timeout=2000) as opened:
        QTest.keyClick(page.search_edit, Qt.Key.Key_Down)
        assert page.table.hasFocus() and page.selected_rows() == [0]
        QTest.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [shown_rows(browser)[0].exam_id]


def test_a_wizard_in_the_window_opens_exams_and_follow_ups(browser: BrowserController, window: MainWindow) -> None:
    calls: list[tuple[str, int]] = []
    window.wizard_controller = SimpleNamespace(  # type: ignore[attr-defined]
        open_exam=lambda exam_id: calls.append(("open", exam_id)),
        new_exam=lambda patient_id: calls.append(("follow-up", patient_id)),
    )
    page = browser.page
    page.select_row(2)
    page.open_button.click()
    page.follow_up_button.click()
    row = shown_rows(browser)[2]
    assert calls == [("open", row.exam_id), ("follow-up", row.patient_id)]


def test_filters_narrow_and_clear(qtbot, browser: BrowserController) -> None:  # type: ignore[no-untyped-def]
    page = browser.page
    total = page.model.rowCount()
    page.filters.hb_min.setCurrentIndex(page.filters.hb_min.findData("IV"))
    page.filters.red_flags.setChecked(True)
    rows = shown_rows(browser)
    assert 0 < len(rows) < total
    assert all(r.red_flags and r.hb in ("IV", "V", "VI") for r in rows)
    assert page.model.rowCount() == page.browser.query(ExamFilter(hb_min="IV", red_flags=True)).count()
    type_text(page.filters.date_from, "31.02.2026")  # no such day: marked, left out of the filter
    QTest.keyClick(page.filters.date_from, Qt.Key.Key_Return)
    assert "No such date" in page.filters.date_from.toolTip()
    assert page.model.rowCount() == len(rows)
    page.filters.clear_button.click()
    assert page.model.rowCount() == total


def test_sorting_by_a_header_click(browser: BrowserController) -> None:
    page = browser.page
    header = page.table.horizontalHeader()
    middle = QPoint(header.sectionViewportPosition(Column.MRN) + header.sectionSize(Column.MRN) // 2, header.height() // 2)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    assert page.model.sort_column == Column.MRN
    first = [r.mrn for r in shown_rows(browser)]
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    again = [r.mrn for r in shown_rows(browser)]
    assert sorted(first) in (first, again) and list(reversed(first)) == again


def click_header(page, column: Column) -> None:  # type: ignore[no-untyped-def]
    header = page.table.horizontalHeader()
    middle = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)


def nerve_position(level: str | None) -> tuple[int, int]:
    """Where a stored level lies along the nerve: its first candidate segment, then its last."""
    parts = (level or "").split(",")
    after = len(Segment)
    known = {segment.value: segment.order for segment in Segment}
    return known.get(parts[0], after), known.get(parts[-1], after)


def test_the_level_column_sorts_along_the_nerve(browser: BrowserController) -> None:
    """Not alphabetically (Branch, CPA, Geniculate ...): proximal to distal, and back on a second click."""
    page = browser.page
    click_header(page, Column.LEVEL)
    assert page.model.sort_column == Column.LEVEL and not page.model.descending
    ascending = [r.level for r in shown_rows(browser)]
    assert [nerve_position(level) for level in ascending] == sorted(map(nerve_position, ascending))
    assert {"supranuclear", "labyrinthine", "branch"} <= set(ascending)  # the demo has levels along the whole nerve
    assert ascending.index("supranuclear") < ascending.index("labyrinthine") < ascending.index("branch")
    assert page.model.index(0, Column.LEVEL).data() == "Supranuclear"
    click_header(page, Column.LEVEL)
    assert page.model.descending
    descending = [r.level for r in shown_rows(browser)]
    assert [nerve_position(level) for level in descending] == sorted(map(nerve_position, ascending), reverse=True)
    assert page.model.index(0, Column.LEVEL).data() == "Branch"


def test_the_level_filter_lists_segments_along_the_nerve(browser: BrowserController) -> None:
    combo = browser.page.filters.level
    values = [combo.itemData(i) for i in range(combo.count())]
    assert values == [None, *(segment.value for segment in sorted(Segment, key=lambda s: s.order))]
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts[:5] == ["Any", "Supranuclear", "Pons", "CPA", "IAC"] and texts[-2:] == ["Parotid", "Branch"]


def exam_days(window: MainWindow) -> list[date]:
    found = window.store.db.conn.execute(
        "SELECT exam_date FROM exams WHERE status <> 'superseded' AND exam_date IS NOT NULL ORDER BY exam_date"
    )
    return [date.fromisoformat(value[:10]) for (value,) in found]


def type_date(edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.selectAll()
    type_text(edit, text)
    QTest.keyClick(edit, Qt.Key.Key_Return)


def test_dates_typed_the_wrong_way_round_mean_the_same_days(browser: BrowserController, window: MainWindow) -> None:
    """As with the grade range: a "from" day after the "to" day is not an empty list."""
    page = browser.page
    days = exam_days(window)
    early, late = days[len(days) // 4], days[3 * len(days) // 4]
    assert early < late
    type_date(page.filters.date_from, f"{late:%d.%m.%Y}")
    type_date(page.filters.date_to, early.isoformat())
    wrong_way = [r.exam_id for r in shown_rows(browser)]
    right = page.browser.query(ExamFilter(date_from=early, date_to=late))
    assert 0 < len(wrong_way) == right.count() < len(days)
    assert sorted(wrong_way) == sorted(r.exam_id for r in right.page(0, 1000))
    assert all(early.isoformat() <= (r.exam_date or "")[:10] <= late.isoformat() for r in shown_rows(browser))
    type_date(page.filters.date_from, f"{early:%d.%m.%Y}")
    type_date(page.filters.date_to, late.isoformat())
    assert sorted(r.exam_id for r in shown_rows(browser)) == sorted(wrong_way)


def test_compare_needs_two_exams_of_one_patient(browser: BrowserController, window: MainWindow) -> None:
    page = browser.page
    rows = shown_rows(browser)
    by_patient: dict[int, list[int]] = {}
    for index, row in enumerate(rows):
        by_patient.setdefault(row.patient_id, []).append(index)
    pair = next(indexes for indexes in by_patient.values() if len(indexes) >= 2)
    other = next(i for i, r in enumerate(rows) if r.patient_id != rows[pair[0]].patient_id)
    selection = page.table.selectionModel()
    page.select_row(pair[0])
    selection.select(page.model.index(other, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    assert not page.compare_button.isEnabled()
    page.select_row(pair[0])
    selection.select(page.model.index(pair[1], 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    assert page.compare_button.isEnabled()
    page.compare_button.click()
    assert window.pages.currentWidget() is browser.compare
    assert browser.compare.model.rowCount() > 10


def test_timeline_from_the_list(browser: BrowserController, window: MainWindow) -> None:
    page = browser.page
    page.select_row(0)
    page.table.setFocus()
    browser.page.timeline_action.trigger()
    assert window.pages.currentWidget() is browser.timeline
    patient_id = page.model.index(0, 0).data(PATIENT_ID_ROLE)
    assert browser.timeline.course is not None and browser.timeline.course.patient.id == patient_id


def test_exports_write_what_the_list_shows(browser: BrowserController, file_answers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser.page
    page.filters.red_flags.setChecked(True)
    count = page.model.rowCount()
    file_answers.save = [str(tmp_path / "flags.csv"), str(tmp_path / "flags.json")]
    file_answers.folders = [str(tmp_path / "files")]
    page.export_csv_action.trigger()
    page.export_fhir_action.trigger()
    page.export_files_action.trigger()
    assert len(list(csv.DictReader((tmp_path / "flags.csv").open(encoding="utf-8")))) == count
    assert (tmp_path / "flags.dictionary.csv").exists()
    bundle = json.loads((tmp_path / "flags.json").read_text())
    assert sum(e["resource"]["resourceType"] == "Encounter" for e in bundle["entry"]) == count
    assert len(list((tmp_path / "files").glob("*.facialis.json"))) == count
    page.select_row(0)
    file_answers.save = [str(tmp_path / "one")]  # typed without a suffix
    page.export_csv_action.trigger()
    assert len(list(csv.DictReader((tmp_path / "one.csv").open(encoding="utf-8")))) == 1
    assert (tmp_path / "one.dictionary.csv").exists()


def test_a_name_typed_without_a_suffix_gets_it_before_the_overwrite_question(
    browser: BrowserController, file_answers, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """The save dialogs add .csv / .json themselves, so the dialog's "replace it?" question is asked
    about the file that will be written, and an earlier "exams.csv" is never replaced unasked."""
    page = browser.page
    page.select_row(0)
    file_answers.save = [str(tmp_path / "exams"), str(tmp_path / "bundle")]
    page.export_csv_action.trigger()
    page.export_fhir_action.trigger()
    assert file_answers.suffixes == ["csv", "json"]
    assert (tmp_path / "exams.csv").exists() and (tmp_path / "bundle.json").exists()


def test_a_cancelled_export_writes_nothing(browser: BrowserController, file_answers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    browser.page.export_csv_action.trigger()  # no answer: the chooser was cancelled
    assert file_answers.asked and list(tmp_path.glob("*.csv")) == []


def test_import_reports_and_lists_the_new_exam(browser: BrowserController, file_answers, prompts_log: PromptLog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vignette = VIGNETTE_DIR / "v05.facialis.json"
    broken = tmp_path / "broken.facialis.json"
    broken.write_text("{")
    before = browser.page.model.rowCount()
    file_answers.open = [[str(vignette), str(broken)]]
    browser.page.import_button.click()
    (shown,) = prompts_log.of_kind("warning")
    assert shown.text.startswith("1 imported, 0 skipped as duplicates, 1 refused.")
    assert "broken.facialis.json: damaged exam file" in shown.text
    assert browser.page.model.rowCount() == before + 1
    file_answers.open = [[str(vignette)]]
    browser.page.import_button.click()
    assert prompts_log.of_kind("info")[-1].text.startswith("0 imported, 1 skipped as duplicates")


def test_another_database_is_browsed_after_open(browser: BrowserController, window: MainWindow, prompts_log: PromptLog, tmp_path: Path) -> None:
    prompts_log.yes_no_answers = [True]
    assert window.open_database(tmp_path / "empty.sqlite3")
    assert browser.page.model.rowCount() == 0 and browser.page.count_label.text() == "0 exams"
    assert window.pages.indexOf(browser.timeline) < 0


def test_selection_survives_a_return_to_the_page(browser: BrowserController, window: MainWindow) -> None:
    page = browser.page
    page.select_row(3)
    window.pages.setCurrentIndex(0)  # Patients
    window.pages.setCurrentWidget(page)  # refreshes: exams saved meanwhile appear
    assert page.selected_rows() == [3] and page.timeline_button.isEnabled()


def test_an_empty_database_offers_the_demo_clinic(qtbot, window: MainWindow, prompts_log: PromptLog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from facialis.gui.browser import attach

    prompts_log.yes_no_answers = [True]
    assert window.open_database(tmp_path / "new.sqlite3")
    controller = attach(window)
    window.show()
    page = controller.page
    window.pages.setCurrentWidget(page)
    assert page.empty_hint.isVisible()
    prompts_log.yes_no_answers = [True]
    assert controller.open_demo(tmp_path / "demo.sqlite3")
    assert window.store.path == (tmp_path / "demo.sqlite3").absolute()
    assert page.model.rowCount() > 20 and not page.empty_hint.isVisible()
