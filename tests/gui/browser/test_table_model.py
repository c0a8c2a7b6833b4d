"""The exam table model: Qt's model checks, pages fetched on demand, sorting done by the database."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from facialis.core.browse import ExamBrowser, ExamFilter, SortKey
from facialis.core.store import Store, StoreError
from facialis.gui.browser.table_model import CACHED_PAGES, EXAM_ID_ROLE, SORT_KEYS, Column, ExamTableModel


@pytest.fixture
def exam_browser(demo_db: Path):  # type: ignore[no-untyped-def]
    with Store.open(demo_db, backup=False) as store, ExamBrowser.for_store(store) as opened:
        yield opened


@pytest.mark.parametrize(
    "flt",
    [ExamFilter(), ExamFilter(search="a"), ExamFilter(search="zzzz-nobody"), ExamFilter(hb_min="IV", red_flags=True)],
    ids=["all", "search", "empty", "filtered"],
)
def test_qt_model_checks(qtmodeltester, exam_browser: ExamBrowser, flt: ExamFilter) -> None:  # type: ignore[no-untyped-def]
    model = ExamTableModel(page_size=7)
    model.set_query(exam_browser.query(flt))
    qtmodeltester.check(model)
    model.sort(Column.PATIENT, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)


def test_pages_are_fetched_only_when_shown(exam_browser: ExamBrowser) -> None:
    model = ExamTableModel(page_size=10)
    query = exam_browser.query(ExamFilter())
    model.set_query(query)
    assert model.rowCount() == query.count() > 40
    assert model.cached_rows() == 0  # a count, no rows yet
    assert model.index(25, Column.MRN).data()
    assert model.cached_rows() == 10  # only the page holding row 25
    for row in range(model.rowCount()):
        model.index(row, Column.PATIENT).data()
    assert model.cached_rows() <= CACHED_PAGES * 10
    shown = [model.index(row, 0).data(EXAM_ID_ROLE) for row in range(model.rowCount())]
    assert shown == query.exam_ids()  # newest first, no row twice or missing


@pytest.mark.parametrize("column", list(Column))
def test_sorting_is_the_database_order(exam_browser: ExamBrowser, column: Column) -> None:
    model = ExamTableModel(page_size=15)
    query = exam_browser.query(ExamFilter())
    model.set_query(query)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(column, order)
        shown = [model.index(row, 0).data(EXAM_ID_ROLE) for row in range(30)]
        wanted = [r.exam_id for r in query.page(0, 30, SORT_KEYS[column], order == Qt.SortOrder.DescendingOrder)]
        assert shown == wanted


def test_cells_say_what_the_record_holds(exam_browser: ExamBrowser) -> None:
    model = ExamTableModel()
    model.set_query(exam_browser.query(ExamFilter(status="current")))
    rows = [model.index(row, 0).data(Qt.ItemDataRole.UserRole + 3) for row in range(model.rowCount())]
    amended = next(row for row, r in enumerate(rows) if r.version_no == 2)
    assert model.index(amended, Column.STATUS).data() == "Signed (v2)"
    flagged = next(row for row, r in enumerate(rows) if r.red_flags)
    assert model.index(flagged, Column.FLAGS).data() not in ("", "red flags")  # named: see the test below
    index, first = next((i, r) for i, r in enumerate(rows) if r.side != "bilateral")
    assert model.index(index, Column.PATIENT).data() == first.patient_name
    assert model.index(index, Column.HB).data() == (first.final_hb or first.suggested_hb or "")
    # a bilateral palsy lists the worse side's grade and says so
    both, row = next((i, r) for i, r in enumerate(rows) if r.side == "bilateral" and r.final_hb)
    assert model.index(both, Column.HB).data() == f"{row.final_hb}, worse side"
    tip = model.index(both, Column.HB).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(f"Final House-Brackmann grade of the worse side {row.final_hb}") and "each side" in tip
    assert model.headerData(Column.HB, Qt.Orientation.Horizontal) == "Final HB"
    assert SortKey.exam_date == SORT_KEYS[Column.DATE]


def test_counting_in_the_background_is_waited_for(exam_browser: ExamBrowser) -> None:
    """The application start counts in a thread; every use of the count or the query waits for it."""
    query = exam_browser.query(ExamFilter())
    model = ExamTableModel(page_size=10)
    model.set_query(query, count_in_background=True)
    assert model.rowCount() == query.count() > 0
    assert model.cached_rows() == 10  # the first page was read in the thread too
    assert model.index(0, Column.PATIENT).data()
    model.set_query(exam_browser.query(ExamFilter(search="a")), count_in_background=True)
    assert model.query is not None and model.query.filter.search == "a"  # waited: the count is there
    assert model.rowCount() == model.query.count()
    model.set_query(None)
    assert model.rowCount() == 0


def test_a_failed_background_count_is_reported(exam_browser: ExamBrowser, monkeypatch: pytest.MonkeyPatch) -> None:
    query = exam_browser.query(ExamFilter())

    def refuse() -> int:
        raise StoreError("The database is locked.")

    monkeypatch.setattr(query, "count", refuse)
    model = ExamTableModel()
    model.set_query(query, count_in_background=True)
    assert model.rowCount() == 0
    assert model.error == "The database is locked."


def test_the_red_flags_column_names_the_flags(exam_browser: ExamBrowser, demo_db: Path) -> None:
    """Each flagged exam shows its flags by short name, and the tooltip gives each one in full with
    the findings behind it; an exam without red flags shows nothing."""
    from facialis.core.assess import assess
    from facialis.core.browse.flags import SHORT_NAMES
    from facialis.core.exam import exam_from_document
    from facialis.core.settings import Settings

    model = ExamTableModel()
    model.set_query(exam_browser.query(ExamFilter()))
    rows = [model.index(row, 0).data(Qt.ItemDataRole.UserRole + 3) for row in range(model.rowCount())]
    with Store.open(demo_db, backup=False) as store:
        for number, row in enumerate(rows):
            shown = model.index(number, Column.FLAGS).data()
            if not row.red_flags:
                assert shown == ""
                continue
            flags = assess(exam_from_document(store.get_exam(row.exam_id).document), Settings()).red_flags
            assert flags, "the summary column and the assessment agree"
            assert shown == ", ".join(SHORT_NAMES[flag.key] for flag in flags)
            tip = model.index(number, Column.FLAGS).data(Qt.ItemDataRole.ToolTipRole)
            for flag in flags:
                assert flag.flag in tip and all(finding in tip for finding in flag.findings)
    bilateral = next(number for number, row in enumerate(rows) if row.side == "bilateral")
    assert "Bilateral" in model.index(bilateral, Column.FLAGS).data().split(", ")
    assert "8.2" in model.headerData(Column.FLAGS, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)


def test_an_unreadable_exam_still_says_it_has_red_flags(exam_browser: ExamBrowser, monkeypatch: pytest.MonkeyPatch) -> None:
    model = ExamTableModel()
    model.set_query(exam_browser.query(ExamFilter(red_flags=True)))
    monkeypatch.setattr(exam_browser, "red_flag_names", lambda *_args: None)
    assert model.index(0, Column.FLAGS).data() == "red flags"
    assert "open it" in model.index(0, Column.FLAGS).data(Qt.ItemDataRole.ToolTipRole)


def test_flags_the_current_rules_no_longer_find_are_not_promised_in_the_exam(
    exam_browser: ExamBrowser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved with red flags, read now with none: the tooltip must not send the clinician to a list
    that the exam (which says "none found") does not show."""
    model = ExamTableModel()
    model.set_query(exam_browser.query(ExamFilter(red_flags=True)))
    monkeypatch.setattr(exam_browser, "red_flag_names", lambda *_args: ())
    assert model.index(0, Column.FLAGS).data() == "red flags"
    tip = model.index(0, Column.FLAGS).data(Qt.ItemDataRole.ToolTipRole)
    assert "current rules find none" in tip and "open it for the list" not in tip
