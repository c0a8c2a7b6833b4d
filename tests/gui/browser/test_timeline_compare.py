"""Timeline (chart, exams in order, version history) and the side-by-side comparison."""
from __future__ import annotations

from PySide6.QtCore import Qt

from facialis.core.browse.compare import compare_exams
from facialis.core.browse.course import patient_course
from facialis.gui.browser import BrowserController
from facialis.gui.browser.chart import ChartSeries, RecoveryChart
from facialis.gui.browser.compare import CHANGED_BACKGROUND, CHANGED_ROLE, CompareModel
from facialis.gui.browser.timeline import TimelineModel, chart_series
from facialis.gui.main_window import MainWindow


def amended_patient(window: MainWindow) -> int:
    row = window.store.db.conn.execute("SELECT patient_id FROM exams WHERE version_no = 2 LIMIT 1").fetchone()
    assert row is not None
    return int(row[0])


def longest_course(window: MainWindow) -> int:
    row = window.store.db.conn.execute(
        "SELECT patient_id FROM exams WHERE status <> 'superseded' GROUP BY patient_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    return int(row[0])


def test_timeline_model_checks(qtmodeltester, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    model = TimelineModel()
    model.set_course(patient_course(window.store, longest_course(window)))
    qtmodeltester.check(model)


def test_timeline_shows_the_course_in_order(browser: BrowserController, window: MainWindow) -> None:
    patient_id = longest_course(window)
    browser.show_timeline(patient_id)
    timeline = browser.timeline
    points = timeline.model.points
    assert len(points) >= 3 and window.pages.currentWidget() is timeline
    assert [p.exam_date for p in points] == sorted(p.exam_date for p in points)
    assert all(p.day is not None and p.day_basis == "onset" for p in points)
    series = chart_series(timeline.course)  # type: ignore[arg-type]
    assert sum(len(s.points) for s in series) >= len(points)
    hb = [p.hb for s in series for p in s.points]
    assert all(grade is None or 1 <= grade <= 6 for grade in hb)
    assert timeline.selected_exam_ids() == [points[-1].exam_id]  # the latest exam is selected
    assert timeline.chart.grab().width() > 0


def test_version_history_of_an_amended_exam(browser: BrowserController, window: MainWindow) -> None:
    browser.show_timeline(amended_patient(window))
    timeline = browser.timeline
    course = timeline.course
    assert course is not None
    amended = next(exam_id for exam_id, versions in course.versions.items() if len(versions) == 2)
    timeline.select_exam(amended)
    history = timeline.history
    assert history.topLevelItemCount() == 2
    newest, oldest = history.topLevelItem(0), history.topLevelItem(1)
    assert newest.text(0).startswith("Version 2 (current); signed") and oldest.text(0).startswith("Version 1 (replaced); signed")
    actions = [newest.child(i).text(0) for i in range(newest.childCount())]
    assert any("opened an amendment" in a for a in actions) and any("signed" in a for a in actions)
    assert any("imported" in oldest.child(i).text(0) for i in range(oldest.childCount()))


def test_chart_point_selects_and_compare_from_timeline(browser: BrowserController, window: MainWindow) -> None:
    browser.show_timeline(longest_course(window))
    timeline = browser.timeline
    first, last = timeline.model.points[0].exam_id, timeline.model.points[-1].exam_id
    timeline.chart.pointClicked.emit(first)
    assert timeline.selected_exam_ids() == [first]
    timeline.select_exam(last, add=True)
    assert timeline.compare_button.isEnabled()
    timeline.compare_button.click()
    assert window.pages.currentWidget() is browser.compare
    assert "day" in browser.compare.model.headerData(2, Qt.Orientation.Horizontal)


def test_compare_highlights_every_change(qtmodeltester, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    course = patient_course(window.store, longest_course(window))
    before, after = course.points[0].record, course.points[-1].record
    rows = compare_exams(before, after)
    model = CompareModel()
    model.set_rows(rows, "earlier", "later")
    qtmodeltester.check(model)
    changed = [r for r in rows if r.changed]
    assert changed and any(r.is_score for r in changed)  # the grade changed over the course
    assert any(r.label.startswith("Days from onset") for r in changed)
    for row in range(model.rowCount()):
        index = model.index(row, 2)
        if index.data(CHANGED_ROLE):
            assert index.data(Qt.ItemDataRole.BackgroundRole).color() == CHANGED_BACKGROUND
    assert [model.index(r, 1).data() for r in range(model.rowCount())][0] == next(r for r in rows if r.is_score).label
    model.set_only_changes(True)
    assert model.rowCount() == len(changed)
    qtmodeltester.check(model)


def test_chart_draws_nothing_gracefully(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = RecoveryChart()
    qtbot.addWidget(chart)
    chart.resize(500, 260)
    chart.set_series([ChartSeries("left", [])])
    assert not chart.grab().isNull()
