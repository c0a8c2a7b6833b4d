"""A patient's course: every exam in date order with its grades and scores, and each exam's versions.

The list gives each exam's own day since onset (a follow-up carries the onset over); an exam
without an onset date gives the days since the patient's first exam and says so.

The chart needs one axis for every point: its day 0 (``PatientCourse.origin``) is the earliest
onset recorded in any of the patient's visits (not an open amendment's, which is not signed yet),
or, when none records one, the first exam. Every exam is placed by its date from that day, so an
exam without an onset, or one of a later episode (a recurrence has its own onset), still lands
where it happened and the line never runs back.

Versions: an amended exam is a chain of records (``replaces_id``), each with its audit rows (who,
when, what). While an amendment is still a draft, the signed version stays the exam on the
timeline (``visits``: it is the valid record until the amendment is signed) and the draft is its
newest version, so one visit is never listed twice. ``points`` keeps the draft as well, for the
report of that draft (``core.reporting``).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from ..exam import Exam, ExamFileError, Grade, exam_from_document
from ..settings import Settings
from ..store import AuditRow, ExamRecord, PatientRecord, Store
from ..interop.scoring import ExamScores, score_exam

DRAFT, SIGNED, SUPERSEDED = "draft", "signed", "superseded"


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
    #: Days from the course's origin (``PatientCourse.origin``): where the chart places the exam.
    chart_day: int | None = None

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
    #: Current exam id -> its versions, oldest first (one entry when never amended); an amendment
    #: still in draft is the last of its signed exam's versions.
    versions: dict[int, list[Version]] = field(default_factory=dict)
    #: Day 0 of the chart: the earliest onset recorded, else the first exam's date (None: no exams).
    origin: date | None = None
    #: "onset" when ``origin`` is an onset date, else "first exam".
    origin_basis: str = "onset"
    #: More than one onset date among the exams (a recurrence): the chart counts from the first.
    several_onsets: bool = False

    @property
    def sides(self) -> list[str]:
        """Sides graded in any exam, right before left."""
        seen = {side for point in self.points for side in point.sides}
        return [side for side in ("right", "left") if side in seen]

    @property
    def visits(self) -> list[CoursePoint]:
        """The points the timeline lists and charts: each exam once (an open amendment is a
        version of the signed exam it amends, not a visit of its own)."""
        pending = {draft.id for exam_id in self.versions if (draft := self.open_amendment(exam_id)) is not None}
        return [point for point in self.points if point.exam_id not in pending]

    def open_amendment(self, exam_id: int) -> ExamRecord | None:
        """The draft amending this signed exam, while it is not signed yet."""
        versions = self.versions.get(exam_id, [])
        last = versions[-1].record if versions else None
        return last if last is not None and last.id != exam_id and last.status == DRAFT else None

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


def _open_amendments(records: list[ExamRecord]) -> dict[int, ExamRecord]:
    """Signed exam id -> the draft amending it (not yet signed, so the signed one still stands)."""
    signed = {record.id for record in records if record.status == SIGNED}
    return {
        record.replaces_id: record
        for record in records
        if record.status == DRAFT and record.replaces_id is not None and record.replaces_id in signed
    }


def _onset(point: CoursePoint) -> date | None:
    return point.exam.encounter.onset_date if point.exam is not None else None


def _place_on_chart(course: PatientCourse) -> None:
    """One day 0 for the chart (module docstring), and each point's day from it."""
    # an open amendment is not a visit: its onset, unsigned yet, does not move the signed exams
    onsets = sorted({onset for point in course.visits if (onset := _onset(point)) is not None})
    if onsets:
        course.origin, course.origin_basis = onsets[0], "onset"
    elif course.visits:
        course.origin, course.origin_basis = min(point.exam_date for point in course.visits), "first exam"
    course.several_onsets = len(onsets) > 1
    if course.origin is not None:
        origin = course.origin
        course.points = [replace(point, chart_day=(point.exam_date - origin).days) for point in course.points]


def patient_course(store: Store, patient_id: int, settings: Settings | None = None) -> PatientCourse:
    """Every current exam of the patient by date, with its versions and their audit trail."""
    settings = settings or Settings()
    patient = store.get_patient(patient_id)
    records = store.exams_for_patient(patient_id)
    by_id = {record.id: record for record in records}
    pending = _open_amendments(records)
    current = [record for record in records if record.status != SUPERSEDED]
    first_day = min((_exam_day(r) for r in current), default=None)
    course = PatientCourse(patient=patient)
    for record in sorted(current, key=lambda r: (_exam_day(r), r.id)):
        course.points.append(_point(record, first_day, settings))
        chain: list[ExamRecord] = [record]
        while chain[0].replaces_id is not None and chain[0].replaces_id in by_id:
            chain.insert(0, by_id[chain[0].replaces_id])
        if record.id in pending:
            chain.append(pending[record.id])
        course.versions[record.id] = [Version(r, store.audit_log("exam", r.id)) for r in chain]
    _place_on_chart(course)
    return course
