"""The PDF summary of a stored exam: the exam, its assessment, the patient's course and the store's facts.

One place that gathers what ``core.report`` needs, so the command line and the GUI print the same
document.
"""
from __future__ import annotations

from dataclasses import dataclass

from .assess import assess
from .browse.course import PatientCourse, patient_course
from .exam import Exam, FaceSide, Grade, exam_from_document
from .interop.identity import with_patient
from .report import CoursePoint, ReportRecordInfo, build_report
from .report.records import SideCourse, SidedCoursePoint
from .settings import Settings
from .store import ExamRecord, Store


@dataclass(frozen=True)
class StoredReport:
    exam: Exam
    record: ExamRecord
    pdf: bytes


def _moment(record: ExamRecord) -> tuple[str, int]:
    """Where an exam stands in the course: its exam date and time, then its id."""
    return (str(record.summary.exam_date or ""), record.id)


def course_points(course: PatientCourse, upto: ExamRecord | None = None) -> list[CoursePoint]:
    """The course chart's points: final HB (else the suggestion) of the worse side, Sunnybrook, eFACE.

    With ``upto`` (the exam being printed) the course stops at that exam, as it stood when it was
    examined: a report filed in the chart never shows later visits. An open amendment stands in for
    the version it amends only in its own report; elsewhere the signed version counts.

    The day is the exam's own day since onset: an exam without an onset date has none ("not
    recorded"), never its day from the first exam, which would print as day 0 of the palsy. Each
    graded side is kept for the table of a bilateral palsy.
    """
    points: list[CoursePoint] = []
    printed_amends = upto.replaces_id if upto is not None else None
    for point in course.points:
        record = point.record
        if point.exam is None:
            continue
        if upto is not None:
            if record.id != upto.id and _moment(record) > _moment(upto):
                continue
            if record.id == printed_amends:
                continue  # this report is of the amendment that replaces it
            if record.replaces_id == upto.id:
                continue  # this report is of an old version: its own values stand, not its amendment's
            if record.id != upto.id and record.status == "draft" and record.replaces_id is not None:
                continue  # an open amendment of another version: that signed version counts
        sides = list(point.sides.values())
        grades = [side.hb for side in sides if side.hb]
        worst = max(grades, key=lambda grade: ["I", "II", "III", "IV", "V", "VI"].index(grade)) if grades else None
        sunnybrook = [side.sunnybrook for side in sides if side.sunnybrook is not None]
        eface = [side.eface for side in sides if side.eface is not None]
        points.append(
            SidedCoursePoint(
                exam_date=point.exam_date,
                days_since_onset=point.day if point.day_basis == "onset" else None,
                hb=worst,
                sunnybrook=min(sunnybrook) if sunnybrook else None,
                eface=min(eface) if eface else None,
                exam_id=point.exam_id,
                draft=record.status == "draft",
                sides=tuple(
                    SideCourse(side=FaceSide(side), hb=Grade(values.hb) if values.hb else None,
                               sunnybrook=values.sunnybrook, eface=values.eface)
                    for side, values in point.sides.items()
                ),
            )
        )
    return points


def record_info(record: ExamRecord, superseded_by: int | None = None) -> ReportRecordInfo:
    """The store's signing and version facts; a superseded exam was signed before it was amended."""
    return ReportRecordInfo.from_store(record, superseded_by)


def stored_exam_report(store: Store, exam_id: int, settings: Settings | None = None) -> StoredReport:
    """Build the summary of stored exam ``exam_id`` (raises the store's NotFoundError, or ExamFileError)."""
    settings = settings or Settings()
    record = store.get_exam(exam_id)
    patient = store.get_patient(record.patient_id).patient
    # the patient record is the authority on identity: a corrected MRN or birth date prints corrected
    exam = with_patient(exam_from_document(record.document, f"exam {exam_id}"), patient,
                        f"exam {exam_id} with the patient record of MRN {patient.mrn}")
    course = patient_course(store, record.patient_id, settings)
    superseded_by = None
    if record.status == "superseded":
        superseded_by = next((r.id for r in store.exams_for_patient(record.patient_id) if r.replaces_id == record.id), None)
    pdf = build_report(
        exam,
        assess(exam, settings),
        history=course_points(course, upto=record),
        record=record_info(record, superseded_by),
        settings=settings,
    )
    return StoredReport(exam=exam, record=record, pdf=pdf)
