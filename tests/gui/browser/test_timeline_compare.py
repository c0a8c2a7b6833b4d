"""Timeline (chart, exams in order, version history) and the side-by-side comparison."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

import pytest
from PySide6.QtCore import QPoint

from facialis.core.browse.compare import GRADE_SECTION, compare_exams
from facialis.core.browse.course import patient_course
from facialis.core.store import Store
from facialis.gui.browser import BrowserController
from facialis.gui.browser.chart import ChartPoint, ChartSeries, RecoveryChart
from facialis.gui.browser.compare import CHANGED_BACKGROUND, CHANGED_ROLE, CompareModel
from facialis.gui.browser.timeline import TCol, TimelineModel, chart_series
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
    # the core's order is kept: the clinician's final grade leads, then the suggested grade
    shown = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert shown == [r.label for r in rows]
    assert shown[0].startswith("Final House-Brackmann grade") and model.index(0, 0).data() == GRADE_SECTION
    assert any(label.startswith("Suggested House-Brackmann grade") for label in shown[1:3])
    model.set_only_changes(True)
    assert model.rowCount() == len(changed)
    qtmodeltester.check(model)


def test_chart_draws_nothing_gracefully(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = RecoveryChart()
    qtbot.addWidget(chart)
    chart.resize(500, 260)
    chart.set_series([ChartSeries("left", [])])
    assert not chart.grab().isNull()


EDGE_CASES = {
    # one exam on day 1: the axis runs 0-1, so the point sits on the last day (review shot L-05)
    "one exam": [ChartSeries("left", [ChartPoint(1, 1, "2026-11-16", hb=4, score=36)])],
    # one bilateral exam on day 4, HB only: both points on the last day (L-20-timeline-bilateral)
    "bilateral": [ChartSeries("right", [ChartPoint(2, 4, "2025-08-10", hb=3)]),
                  ChartSeries("left", [ChartPoint(2, 4, "2025-08-10", hb=4)])],
    # every edge at once: day 0 at HB I / score 100, the last day at HB VI (suggested) / score 0
    "extremes": [ChartSeries("left", [ChartPoint(3, 0, "2026-01-01", hb=1, score=100.0),
                                      ChartPoint(4, 30, "2026-01-31", hb=6, hb_final=False, score=0.0)])],
}


@pytest.mark.parametrize("case", sorted(EDGE_CASES))
def test_chart_points_at_the_edges_are_drawn_whole_inside_the_plot_area(qtbot, case: str) -> None:  # type: ignore[no-untyped-def]
    chart = RecoveryChart()
    qtbot.addWidget(chart)
    chart.resize(640, 300)
    series = EDGE_CASES[case]
    chart.set_series(series)
    assert not chart.grab().isNull()  # paints, which places the markers
    markers = chart.markers()
    expected = sum((p.hb is not None) + (p.score is not None) for s in series for p in s.points)
    assert len(markers) == expected
    inside = chart.plot_area().adjusted(1, 1, -1, -1)  # clear of the frame line too
    for marker in markers:
        assert inside.contains(marker.box), (case, marker.kind, marker.point.day, marker.box, chart.plot_area())
    # the marker drawn there is the one that answers a click there
    hb = next(m for m in markers if m.kind == "hb")
    with qtbot.waitSignal(chart.pointClicked) as clicked:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(round(hb.box.center().x()), round(hb.box.center().y())))
    assert clicked.args == [hb.point.exam_id]


def _course_with_gaps(store: Store) -> tuple[int, list[int]]:
    """V05's patient: a first visit without an onset date (recorded only at the follow-up, onset
    the day before the first visit), a follow-up 45 days later whose amendment is still a draft,
    and a second exam the same afternoon."""
    from tests.core.interop.stored_exams import save_signed, v05_document

    first = v05_document()
    first["encounter"]["onset_date"] = None
    follow_up = v05_document()
    follow_up["encounter"].update(exam_datetime="2024-11-20T10:00:00", visit="follow_up")
    afternoon = v05_document()
    afternoon["encounter"].update(exam_datetime="2024-11-20T15:00:00", visit="follow_up")
    ids = [save_signed(store, document).id for document in (first, follow_up, afternoon)]
    store.amend_exam(ids[1])
    return store.get_exam(ids[0]).patient_id, ids


def test_the_chart_has_one_day_axis_when_an_exam_lacks_the_onset(browser: BrowserController, window: MainWindow) -> None:
    """An exam without an onset date is placed from the onset another exam records: the first visit
    on day 1, the follow-ups on day 46, all on one axis named by that onset."""
    patient_id, ids = _course_with_gaps(window.store)
    browser.show_timeline(patient_id)
    timeline = browser.timeline
    series = chart_series(timeline.course)  # type: ignore[arg-type]
    assert [(p.exam_id, p.day) for p in series[0].points] == [(ids[0], 1), (ids[1], 46), (ids[2], 46)]
    assert timeline.chart.caption is not None and timeline.chart.caption.startswith("Days since onset (2024-10-05")
    day = timeline.model.index(0, TCol.DAY)
    assert day.data() == "(1)" and "2024-10-05" in day.data(Qt.ItemDataRole.ToolTipRole)
    assert timeline.model.index(1, TCol.DAY).data() == "46"


def test_an_open_amendment_does_not_list_the_visit_twice(browser: BrowserController, window: MainWindow) -> None:
    """While an amendment is a draft the signed version stands: the visit is listed once, says that
    an amendment is open, and its version history shows the draft on top."""
    patient_id, ids = _course_with_gaps(window.store)
    browser.show_timeline(patient_id)
    timeline = browser.timeline
    assert [p.exam_id for p in timeline.model.points] == ids
    assert timeline.subtitle.text().endswith("3 exams")
    assert timeline.model.index(1, TCol.STATUS).data() == "Signed; amendment v2 in draft"
    timeline.select_exam(ids[1])
    assert timeline.history.topLevelItemCount() == 2
    assert timeline.history.topLevelItem(0).text(0).startswith("Version 2 (draft, not signed)")
    assert timeline.history.topLevelItem(1).text(0).startswith("Version 1 (current); signed")


def test_two_exams_of_one_day_are_told_apart_by_their_time(browser: BrowserController, window: MainWindow) -> None:
    """Compared from the timeline, the morning and afternoon exams of one day head their columns
    with their times, earlier first."""
    patient_id, ids = _course_with_gaps(window.store)
    browser.show_timeline(patient_id)
    timeline = browser.timeline
    timeline.select_exam(ids[2])
    timeline.select_exam(ids[1], add=True)
    timeline.compare_button.click()
    model = browser.compare.model
    headers = [model.headerData(column, Qt.Orientation.Horizontal) for column in (2, 3)]
    assert headers == ["2024-11-20 10:00, day 46 (signed)", "2024-11-20 15:00, day 46 (signed)"]


def test_the_chart_caption_does_not_say_where_the_onset_was_recorded_wrongly(tmp_path: Path) -> None:
    """The first exam records the onset, a later one does not: the axis said the onset was
    "recorded in a later exam"; it names the onset and how the other exam is placed."""
    from facialis.gui.browser.timeline import axis_caption
    from tests.core.interop.stored_exams import save_signed, v05_document

    later = v05_document()
    later["encounter"].update(exam_datetime="2024-10-20T09:00:00", onset_date=None)
    with Store.open(tmp_path / "c.sqlite3", backup=False) as store:
        first_id = save_signed(store, v05_document()).id  # onset 2024-10-05
        save_signed(store, later)
        course = patient_course(store, store.get_exam(first_id).patient_id)
    assert [(p.day_basis, p.chart_day) for p in course.visits] == [("onset", 1), ("first exam", 15)]
    caption = axis_caption(course)
    assert "2024-10-05" in caption and "later exam" not in caption
