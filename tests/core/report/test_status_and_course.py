"""The DRAFT mark, the signature block, amendments, and when the course chart appears."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from facialis.core.exam.enums import ExamStatus, Grade
from facialis.core.report import CoursePoint, ReportRecordInfo, build_report

from .support import PRINTED, assessment_for, page_texts, pdf_text, vignette, with_review

SIGNED_AT = datetime(2026, 10, 6, 16, 45)


@pytest.fixture(scope="module")
def v05():
    exam = vignette("v05")
    return exam, assessment_for(exam)


def test_unsigned_exam_is_marked_draft_on_every_page(v05):
    exam, assessment = v05
    pages = page_texts(build_report(exam, assessment, printed_at=PRINTED))
    assert all("DRAFT" in page for page in pages)
    assert "Signed by" not in " ".join(pages)


def test_signed_exam_has_signature_and_no_draft_mark(v05):
    exam, assessment = v05
    exam = with_review(exam, signed_by="Dr. A. Example", signed_at=SIGNED_AT)
    text = pdf_text(build_report(exam, assessment, printed_at=PRINTED))
    assert "DRAFT" not in text
    assert "Signed by: Dr. A. Example" in text
    assert "Signed at: 2026-10-06 16:45" in text


def test_the_store_decides_whether_an_exam_is_signed(v05):
    exam, assessment = v05
    signed_in_exam = with_review(exam, signed_by="Dr. A. Example", signed_at=SIGNED_AT)
    draft = ReportRecordInfo(exam_id=7, status=ExamStatus.draft)
    assert "DRAFT" in pdf_text(build_report(signed_in_exam, assessment, record=draft, printed_at=PRINTED))
    signed = ReportRecordInfo(exam_id=7, status=ExamStatus.signed, signed_by="Dr. B", signed_at=SIGNED_AT)
    text = pdf_text(build_report(exam, assessment, record=signed, printed_at=PRINTED))
    assert "DRAFT" not in text
    assert "Signed by: Dr. B" in text
    assert "Exam record: 7, version 1" in text


def test_amended_exam_says_which_version_it_replaces(v05):
    exam, assessment = v05
    record = ReportRecordInfo(
        exam_id=12, status=ExamStatus.signed, version=2, replaces_id=7, replaces_version=1,
        signed_by="Dr. B", signed_at=SIGNED_AT,
    )
    text = pdf_text(build_report(exam, assessment, record=record, printed_at=PRINTED))
    assert "Amended exam: version 2; it replaces version 1 (record 7)." in text


def test_record_info_from_a_store_record():
    class StoredExam:  # the attributes of core.store.records.ExamRecord that matter here
        id = 12
        status = "signed"
        version_no = 2
        replaces_id = 7
        signed_by = "Dr. B"
        signed_at = "2026-10-06T16:45:00"

    info = ReportRecordInfo.from_store(StoredExam())
    assert (info.exam_id, info.status, info.version, info.replaces_id, info.replaces_version) == (
        12, ExamStatus.signed, 2, 7, 1,
    )
    assert info.signed_at == SIGNED_AT


def test_single_exam_has_no_course_chart(v05):
    exam, assessment = v05
    text = pdf_text(build_report(exam, assessment, printed_at=PRINTED))
    assert "Course over time" not in text
    assert "days since onset" not in text


def test_history_of_the_same_exam_only_is_still_one_exam(v05):
    exam, assessment = v05
    itself = CoursePoint(exam_date=exam.exam_date, days_since_onset=exam.days_since_onset, hb=Grade.IV)
    text = pdf_text(build_report(exam, assessment, history=[itself], printed_at=PRINTED))
    assert "Course over time" not in text


def test_more_than_one_exam_draws_the_course_chart(v05):
    exam, assessment = v05
    later = [
        CoursePoint(exam_date=date(2026, 10, 27), days_since_onset=22, hb=Grade.III, sunnybrook=55.0),
        CoursePoint(exam_date=date(2027, 1, 5), days_since_onset=92, hb=Grade.II, sunnybrook=84.0, eface=88.0),
    ]
    text = pdf_text(build_report(exam, assessment, history=later, printed_at=PRINTED))
    assert "Course over time" in text
    assert "House-Brackmann grade" in text
    assert "days since onset" in text
    assert "2026-10-06 (this exam)" in text
    assert "2027-01-05 92 II 84 88" in text


def test_course_without_onset_dates_lists_the_exams_without_a_chart(v05):
    exam, assessment = v05
    exam = exam.model_copy(update={"encounter": exam.encounter.model_copy(update={"onset_date": None})})
    other = CoursePoint(exam_date=date(2026, 9, 1), hb=Grade.II)
    text = pdf_text(build_report(exam, assessment, history=[other], printed_at=PRINTED))
    assert "Course over time" in text
    assert "The chart needs the days since onset" in text
