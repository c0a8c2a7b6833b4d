"""The PDF of a stored exam: its version facts, and the course as it stood at that exam."""
from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from facialis.core.assess import assess
from facialis.core.exam import Exam, exam_to_document, load_exam
from facialis.core.browse.course import patient_course
from facialis.core.reporting import course_points, stored_exam_report
from facialis.core.store import Store
from facialis.core.summary import summarize
from facialis.core.vignettes import VIGNETTE_DIR


def _text(pdf: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(BytesIO(pdf)).pages).replace("\n", " ")


def _visit(first: Exam, days: int) -> Exam:
    """The same patient ``days`` after the first exam (same onset, so a course to chart)."""
    at = first.encounter.exam_datetime + timedelta(days=days)
    return first.model_copy(update={
        "uid": f"{first.uid}-{days}",
        "encounter": first.encounter.model_copy(update={"exam_datetime": at}),
    })


def _clinic(db: Path) -> tuple[Store, list[int]]:
    """V5 seen three times (day 1, 22, 50), the first two signed, the last a draft."""
    first = load_exam(VIGNETTE_DIR / "v05.facialis.json")
    store = Store.open(db, backup=False)
    patient = store.add_patient(first.patient)
    ids = []
    for days in (0, 21, 49):
        exam = _visit(first, days)
        record = store.save_draft(patient.id, exam_to_document(exam), summarize(exam, assess(exam)))
        ids.append(record.id)
    for exam_id in ids[:2]:
        store.sign_exam(exam_id, store.get_exam(exam_id).version, signed_by="Dr. A. Example")
    return store, ids


def test_the_course_stops_at_the_printed_exam(tmp_path: Path) -> None:
    store, ids = _clinic(tmp_path / "c.sqlite3")
    with store:
        text = _text(stored_exam_report(store, ids[1]).pdf)
        assert "2026-10-06" in text and "2026-10-27 (this exam)" in text
        assert "2026-11-24" not in text  # the later visit is not in a report of this one
        assert "later visits are not shown" in text
        latest = _text(stored_exam_report(store, ids[2]).pdf)
        assert "2026-10-27" in latest and "2026-11-24 (this exam)" in latest


def test_a_draft_in_the_course_is_marked(tmp_path: Path) -> None:
    store, ids = _clinic(tmp_path / "c.sqlite3")
    with store:
        store.sign_exam(ids[2], store.get_exam(ids[2]).version, signed_by="Dr. A. Example")
        amendment = store.amend_exam(ids[1])  # an open amendment of the second visit: a draft
        course = patient_course(store, store.get_exam(ids[0]).patient_id)
        # the latest visit's report: the signed second visit, not its open amendment as well
        assert [p.exam_id for p in course_points(course, upto=store.get_exam(ids[2]))] == ids
        # the amendment's own report: it stands in for the version it amends
        own = [p.exam_id for p in course_points(course, upto=store.get_exam(amendment.id))]
        assert own == [ids[0], amendment.id]
        assert "(draft, not signed)" not in _text(stored_exam_report(store, ids[2]).pdf)


def test_an_old_version_prints_and_says_what_replaces_it(tmp_path: Path) -> None:
    store, ids = _clinic(tmp_path / "c.sqlite3")
    with store:
        amendment = store.amend_exam(ids[0])
        store.sign_exam(amendment.id, store.get_exam(amendment.id).version, signed_by="Dr. A. Example")
        assert store.get_exam(ids[0]).status == "superseded"
        text = _text(stored_exam_report(store, ids[0]).pdf)
        assert "Signed" in text and f"Superseded: a later version (record {amendment.id}) replaces this one." in text
        assert "Course over time" not in text  # the first visit: nothing before it to chart
        draft_text = _text(stored_exam_report(store, ids[2]).pdf)
        assert "(draft, not signed)" not in draft_text  # the printed exam itself is "this exam"
        assert "2026-10-27" in draft_text


def test_a_draft_visit_in_a_signed_report_is_marked(tmp_path: Path) -> None:
    store, ids = _clinic(tmp_path / "c.sqlite3")
    with store:
        store.sign_exam(ids[2], store.get_exam(ids[2]).version, signed_by="Dr. A. Example")
        amendment = store.amend_exam(ids[0])  # the first visit's open amendment is a draft
        assert amendment.status == "draft"
        # a plain draft visit (not an amendment) between two signed ones
        first = load_exam(VIGNETTE_DIR / "v05.facialis.json")
        between = _visit(first, 30)
        patient_id = store.get_exam(ids[0]).patient_id
        store.save_draft(patient_id, exam_to_document(between), summarize(between, assess(between)))
        text = _text(stored_exam_report(store, ids[2]).pdf)
        assert "2026-11-05 (draft, not signed)" in text  # 30 days after the first visit


def test_an_exam_without_onset_has_no_day_since_onset_in_the_course(tmp_path: Path) -> None:
    """Its day from the first exam is the timeline's axis, not a day of the palsy: never day 0."""
    first = load_exam(VIGNETTE_DIR / "v05.facialis.json")
    first = first.model_copy(update={"encounter": first.encounter.model_copy(update={"onset_date": None})})
    store = Store.open(tmp_path / "c.sqlite3", backup=False)
    with store:
        patient = store.add_patient(first.patient)
        for days in (0, 21):
            exam = _visit(first, days)
            record = store.save_draft(patient.id, exam_to_document(exam), summarize(exam, assess(exam)))
            store.sign_exam(record.id, record.version, signed_by="Dr. A. Example")
        course = patient_course(store, patient.id)
        assert [p.days_since_onset for p in course_points(course)] == [None, None]
        assert [p.exam_date.isoformat() for p in course_points(course)] == ["2026-10-06", "2026-10-27"]
