"""A patient's course: every exam in date order with its grades and scores, and each exam's versions.

The timeline plots House-Brackmann and Sunnybrook (or eFACE) against days since onset. Days are
counted from each exam's own onset date (a follow-up carries the onset over); an exam without
an onset date is placed by the days since the patient's first exam and says so. Versions: an
amended exam is a chain of records (``replaces_id``), each with its audit rows (who, when, what).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ..exam import Exam, ExamFileError, Grade, exam_from_document
from ..settings import Settings
from ..store import AuditRow, ExamRecord, PatientRecord, Store
from ..interop.scoring import ExamScores, score_exam

SUPERSEDED = "superseded"


@dataclass(frozen=True)
class SidePoint:
    """The numbers of one half of the face at one exam."""

    final_hb: str | None
    suggested_hb: str | None
    sunnybrook: int | None
    eface: float | None

    @property
    def hb(self) -> str | None:
        return self.final_hb or self.suggested_hb

    @property
    def hb_number(self) -> int | None:
        return Grade(self.hb).number if self.hb else None


@dataclass(frozen=True)
class CoursePoint:
    """One current exam on the timeline."""

    record: ExamRecord
    exam: Exam | None  # None when the stored document can no longer be read
    exam_date: date
    day: int | None  # days since onset (or since the first exam, see ``day_basis``)
    day_basis: str  # "onset" or "first exam"
    sides: dict[str, SidePoint]
    scores: ExamScores | None = None
    problem: str | None = None

    @property
    def exam_id(self) -> int:
        return self.record.id


@dataclass(frozen=True)
class Version:
    record: ExamRecord
    audit: list[AuditRow]


@dataclass
class PatientCourse:
    patient: PatientRecord
    points: list[CoursePoint] = field(default_factory=list)
    #: Current exam id -> its versions, oldest first (one entry when never amended).
    versions: dict[int, list[Version]] = field(default_factory=dict)

    @property
    def sides(self) -> list[str]:
        """Sides graded in any exam, right before left."""
        seen = {side for point in self.points for side in point.sides}
        return [side for side in ("right", "left") if side in seen]

    def uses_eface(self) -> bool:
        """Plot eFACE when no exam has a Sunnybrook composite but some have an eFACE total."""
        values = [s for p in self.points for s in p.sides.values()]
        return not any(v.sunnybrook is not None for v in values) and any(v.eface is not None for v in values)


def _exam_day(record: ExamRecord) -> date:
    value = record.summary.exam_date
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(record.created_at).date()


def _point(record: ExamRecord, first_day: date | None, settings: Settings) -> CoursePoint:
    day_of_exam = _exam_day(record)
    try:
        exam = exam_from_document(record.document, f"exam {record.id}")
    except ExamFileError as error:
        since_first = (day_of_exam - first_day).days if first_day else None
        return CoursePoint(record, None, day_of_exam, since_first, "first exam", {}, problem=error.message)
    scores = score_exam(exam, settings)
    sides = {
        side: SidePoint(
            final_hb=_grade(exam.review.final_hb.right if side == "right" else exam.review.final_hb.left),
            suggested_hb=result.house_brackmann.suggested,
            sunnybrook=result.sunnybrook.composite,
            eface=result.eface.total,
        )
        for side, result in scores.sides.items()
    }
    if exam.days_since_onset is not None:
        day, basis = exam.days_since_onset, "onset"
    else:
        day, basis = ((exam.exam_date - first_day).days if first_day else None), "first exam"
    return CoursePoint(record, exam, exam.exam_date, day, basis, sides, scores)


def _grade(value: object) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def patient_course(store: Store, patient_id: int, settings: Settings | None = None) -> PatientCourse:
    """Every current exam of the patient by date, with its versions and their audit trail."""
    settings = settings or Settings()
    patient = store.get_patient(patient_id)
    records = store.exams_for_patient(patient_id)
    by_id = {record.id: record for record in records}
    current = [record for record in records if record.status != SUPERSEDED]
    first_day = min((_exam_day(r) for r in current), default=None)
    course = PatientCourse(patient=patient)
    for record in sorted(current, key=lambda r: (_exam_day(r), r.id)):
        course.points.append(_point(record, first_day, settings))
        chain: list[ExamRecord] = [record]
        while chain[0].replaces_id is not None and chain[0].replaces_id in by_id:
            chain.insert(0, by_id[chain[0].replaces_id])
        course.versions[record.id] = [Version(r, store.audit_log("exam", r.id)) for r in chain]
    return course
