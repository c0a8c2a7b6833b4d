"""The PDF summary of a stored exam: the exam, its assessment, the patient's course and the store's facts.

One place that gathers what ``core.report`` needs, so the command line and the GUI print the same
document.
"""
from __future__ import annotations

from dataclasses import dataclass

from .assess import assess
from .browse.course import PatientCourse, patient_course
from .exam import Exam, ExamStatus, exam_from_document
from .interop.identity import with_patient
from .report import CoursePoint, ReportRecordInfo, build_report
from .settings import Settings
from .store import ExamRecord, Store


@dataclass(frozen=True)
class StoredReport:
    exam: Exam
    record: ExamRecord
    pdf: bytes


def course_points(course: PatientCourse) -> list[CoursePoint]:
    """The course chart's points: final HB (else the suggestion) of the worse side, Sunnybrook, eFACE."""
    points: list[CoursePoint] = []
    for point in course.points:
        if point.exam is None or point.day is None:
            continue
        sides = list(point.sides.values())
        grades = [side.hb for side in sides if side.hb]
        worst = max(grades, key=lambda grade: ["I", "II", "III", "IV", "V", "VI"].index(grade)) if grades else None
        sunnybrook = [side.sunnybrook for side in sides if side.sunnybrook is not None]
        eface = [side.eface for side in sides if side.eface is not None]
        points.append(
            CoursePoint(
                exam_date=point.exam_date,
                days_since_onset=point.day,
                hb=worst,
                sunnybrook=min(sunnybrook) if sunnybrook else None,
                eface=min(eface) if eface else None,
                exam_id=point.exam_id,
            )
        )
    return points


def record_info(record: ExamRecord) -> ReportRecordInfo:
    """The store's signing and version facts; a superseded exam was signed before it was amended."""
    info = ReportRecordInfo.from_store(record)
    if record.status not in (ExamStatus.draft.value, ExamStatus.signed.value):
        info = info.model_copy(update={"status": ExamStatus.signed})
    return info


def stored_exam_report(store: Store, exam_id: int, settings: Settings | None = None) -> StoredReport:
    """Build the summary of stored exam ``exam_id`` (raises the store's NotFoundError, or ExamFileError)."""
    settings = settings or Settings()
    record = store.get_exam(exam_id)
    patient = store.get_patient(record.patient_id).patient
    # the patient record is the authority on identity: a corrected MRN or birth date prints corrected
    exam = with_patient(exam_from_document(record.document, f"exam {exam_id}"), patient,
                        f"exam {exam_id} with the patient record of MRN {patient.mrn}")
    course = patient_course(store, record.patient_id, settings)
    pdf = build_report(
        exam,
        assess(exam, settings),
        history=course_points(course),
        record=record_info(record),
        settings=settings,
    )
    return StoredReport(exam=exam, record=record, pdf=pdf)
