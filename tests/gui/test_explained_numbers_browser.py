"""Every number of the case browser explains itself where it is shown (the Cases table's grade, the
timeline's day, grade and score, a point on the chart, a compared score), and a number nobody could
compute reads "not graded" or "not scored", never a blank cell that reads as nothing or 0."""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facialis.core.browse import ExamBrowser, ExamFilter
from facialis.core.browse.compare import compare_exams
from facialis.core.browse.course import patient_course
from facialis.core.exam import exam_from_document, exam_to_document
from facialis.core.interop.scoring import summary_of
from facialis.core.store import Store
from facialis.core.vignettes import VIGNETTE_DIR
from facialis.gui.browser.chart import RecoveryChart
from facialis.gui.browser.compare import CompareModel
from facialis.gui.browser.table_model import Column, ExamTableModel
from facialis.gui.browser.timeline import TCol, TimelineModel, chart_series

TIP = Qt.ItemDataRole.ToolTipRole
EXPRESSIONS = ("brow_raise", "gentle_eye_closure", "open_mouth_smile", "snarl", "lip_pucker")
EFACE = {
    "static_brow": 70.0, "static_palpebral_fissure": 140.0, "static_nasolabial_fold_depth": 40.0,
    "static_oral_commissure": 60.0, "dynamic_brow_elevation": 9.0, "dynamic_gentle_eye_closure": 2.0,
    "dynamic_full_eye_closure": 7.0, "dynamic_oral_commissure_smile": 7.0, "dynamic_nlf_depth_smile": 1.0,
    "dynamic_nlf_orientation_smile": 9.0, "dynamic_lower_lip_eeee": 10.0, "synkinesis_ocular": 96.0,
    "synkinesis_midfacial": 96.0, "synkinesis_mentalis": 100.0, "synkinesis_platysmal": 100.0,
}  # total 44.47: the mean of the 15 item scores (reference 3.3)


def _document(day: int, change: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Vignette V5 (Bell's palsy, left, onset 2026-10-05) examined ``day`` days after onset."""
    document = json.loads((VIGNETTE_DIR / "v05.facialis.json").read_text(encoding="utf-8"))
    document["uid"] = f"v05-day-{day}"
    document["encounter"]["exam_datetime"] = f"2026-10-{5 + day:02d}T10:00:00"
    if change is not None:
        change(document)
    return document


def _sunnybrook(document: dict[str, Any]) -> None:
    document["face"]["left"]["sunnybrook"] = {"voluntary": dict.fromkeys(EXPRESSIONS, 2),
                                              "synkinesis": dict.fromkeys(EXPRESSIONS, 1)}


def _eface(document: dict[str, Any]) -> None:
    document["face"]["left"]["eface"] = dict(EFACE)


def _no_findings(document: dict[str, Any]) -> None:
    document["face"]["left"] = {}


def _save(store: Store, documents: list[dict[str, Any]]) -> tuple[int, list[int]]:
    """One patient with these exams saved as drafts; the patient id and the exam ids, in order."""
    exams = [exam_from_document(document, "test") for document in documents]
    patient = store.add_patient(exams[0].patient)
    ids = [store.save_draft(patient.id, exam_to_document(exam), summary_of(exam)).id for exam in exams]
    return patient.id, ids


@pytest.fixture
def timeline(store: Store) -> TimelineModel:
    """Day 1 with a complete Sunnybrook (composite 35), day 8 without one."""
    patient_id, _ids = _save(store, [_document(1, _sunnybrook), _document(8)])
    model = TimelineModel()
    model.set_course(patient_course(store, patient_id))
    return model


def test_cases_table_says_not_graded_instead_of_a_blank_grade(qtbot: QtBot, store: Store, db_path: Path) -> None:
    """An exam with no final and no suggested grade had an empty HB cell (read as nothing, or grade I)."""
    _save(store, [_document(1), _document(2, _no_findings)])
    model = ExamTableModel()
    with ExamBrowser(db_path) as browser:
        model.set_query(browser.query(ExamFilter(status="current")))
        rows = {model.index(row, Column.DATE).data(): row for row in range(model.rowCount())}
        ungraded, graded = rows["2026-10-07 10:00"], rows["2026-10-06 10:00"]
        assert model.index(ungraded, Column.HB).data() == "not graded"
        assert "not the same as grade I" in model.index(ungraded, Column.HB).data(TIP)
        assert model.index(graded, Column.HB).data() == "IV"
        model.set_query(None)


def test_cases_table_grade_tooltip_gives_its_meaning_rule_and_source(qtbot: QtBot, store: Store, db_path: Path) -> None:
    _save(store, [_document(1)])
    model = ExamTableModel()
    with ExamBrowser(db_path) as browser:
        model.set_query(browser.query(ExamFilter(status="current")))
        tip = model.index(0, Column.HB).data(TIP)
        model.set_query(None)
    assert "IV (Moderately severe dysfunction)" in tip
    assert "Rule: Suggested grade = the FNGS 2.0 grade" in tip and "clinical-reference 1.2, 1.6.1" in tip


def test_timeline_score_not_scored_is_said_and_a_score_lists_its_items(qtbot: QtBot, timeline: TimelineModel) -> None:
    """The day-8 exam had an empty Sunnybrook cell; the composite's tooltip only repeated the number."""
    assert timeline.index(0, TCol.SCORE).data() == "35"
    assert timeline.index(1, TCol.SCORE).data() == "not scored"
    scored = " ".join(timeline.index(0, TCol.SCORE).data(TIP).split())
    assert "Sunnybrook composite 35" in scored and "voluntary 40" in scored
    assert "Voluntary: Lip pucker: 2" in scored and "Resting eye (palpebral fissure): normal = 0" in scored
    assert "Rule: Composite = voluntary movement" in scored and "clinical-reference 2.1-2.4" in scored
    missing = " ".join(timeline.index(1, TCol.SCORE).data(TIP).split())
    assert "not scored, 3 of 13 items entered" in missing and "Missing: Voluntary" in missing


def test_timeline_grade_and_day_explain_themselves(qtbot: QtBot, timeline: TimelineModel) -> None:
    hb = " ".join(timeline.index(0, TCol.HB).data(TIP).split())
    assert "Suggested grade (the clinician has not chosen the final grade yet; shown with ?) IV" in hb
    assert "FNGS 2.0 grade IV (total 18" in hb and "Rule: Suggested grade" in hb and "clinical-reference 1.2, 1.6.1" in hb
    day = timeline.index(0, TCol.DAY).data(TIP)
    assert day.startswith("Day 1 since onset (onset 2026-10-05, exam 2026-10-06)")


def test_timeline_eface_keeps_its_decimal(qtbot: QtBot, store: Store) -> None:
    """The eFACE total was rounded to a whole number here (44) but read 44.5 on the review page."""
    patient_id, _ids = _save(store, [_document(1, _eface)])
    model = TimelineModel()
    model.set_course(patient_course(store, patient_id))
    assert model.score_name == "eFACE"
    assert model.index(0, TCol.SCORE).data() == "44.5"


def test_chart_markers_explain_their_values(qtbot: QtBot, store: Store) -> None:
    """A marker's tooltip named the value only; it now gives its items, rule and source, and the grade
    marker of an exam without a score says why no score marker stands beside it."""
    patient_id, _ids = _save(store, [_document(1, _sunnybrook), _document(8)])
    course = patient_course(store, patient_id)
    chart = RecoveryChart()
    qtbot.addWidget(chart)
    series = chart_series(course)
    chart.set_series(series, "Sunnybrook")
    scored, unscored = series[0].points
    score = " ".join(chart.marker_text(scored, "left", "score").split())
    assert "Sunnybrook 35" in score and "Voluntary: Lip pucker: 2" in score and "clinical-reference 2.1-2.4" in score
    grade = " ".join(chart.marker_text(unscored, "left", "hb").split())
    assert "HB IV (suggested" in grade and "Rule: Suggested grade" in grade
    assert "Sunnybrook: not scored, 3 of 13 items entered" in grade


def test_compare_scores_give_their_rule_and_source(qtbot: QtBot, store: Store) -> None:
    """A compared score's tooltip named the row only; the clinician could not see how it was made."""
    _patient_id, ids = _save(store, [_document(1, _sunnybrook), _document(8)])
    model = CompareModel()
    model.set_rows(compare_exams(store.get_exam(ids[0]), store.get_exam(ids[1])), "before", "after")
    names = {row.name: number for number, row in enumerate(model.rows)}
    composite = " ".join(model.index(names["l_sb_composite"], 1).data(TIP).split())
    assert "35 → not scored" in composite
    assert "Rule: Composite = voluntary movement" in composite and "clinical-reference 2.1-2.4" in composite
    assert "never counted as 0" in composite
    days = model.index(names["days_since_onset"], 1).data(TIP)
    assert "onset date to the exam date" in days
    suggested = " ".join(model.index(names["l_hb_suggested"], 1).data(TIP).split())
    assert "clinical-reference 1.2, 1.6.1" in suggested


def test_timeline_does_not_call_an_unreadable_exam_not_graded(qtbot: QtBot, store: Store) -> None:
    """An exam whose document cannot be read may have been graded (its record says III): its cells say
    it cannot be read, not "not graded" or "not scored"."""
    patient_id, _ids = _save(store, [_document(1)])
    graded = dataclasses.replace(summary_of(exam_from_document(_document(2), "test")), final_hb="III")
    store.save_draft(patient_id, {"format": 2, "uid": "broken"}, graded)
    model = TimelineModel()
    model.set_course(patient_course(store, patient_id))
    unreadable = next(row for row, point in enumerate(model.points) if point.problem)
    assert model.index(unreadable, TCol.HB).data() == "cannot be read"
    assert model.index(unreadable, TCol.SCORE).data() == "cannot be read"
    assert model.index(unreadable, TCol.HB).data(TIP).startswith("This exam cannot be read")
