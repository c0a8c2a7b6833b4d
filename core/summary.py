"""The summary columns of a stored exam, derived from the exam and its assessment.

The exam document stays the source of truth; these columns only make search, sorting and
filtering fast (the case browser never parses documents to list them).

For a bilateral palsy the grade columns hold the worse side's grade, so a filter such as
"HB IV or worse" finds the patient; the per-side grades stay in the document (the case list says
"worse side"). The diagnosis column holds the clinician's diagnosis, or while none is written the
leading suggestion, so a search by diagnosis also finds exams still to be reviewed; every place that
shows or exports a diagnosis reads the clinician's from the document (FHIR marks a suggested one
provisional).
"""
from __future__ import annotations

from .assess import Assessment
from .exam import Exam, Grade
from .store.records import ExamSummary


def _worst(grades: list[str | None]) -> str | None:
    known = [Grade(grade) for grade in grades if grade]
    if not known:
        return None
    return max(known, key=lambda grade: grade.number).value


def summarize(exam: Exam, assessment: Assessment) -> ExamSummary:
    """Summary columns: exam date, side, suggested and final HB, level, examiner, red flags, diagnosis."""
    suggested = _worst([result.suggested for result in assessment.hb_by_side().values()])
    final = _worst([exam.review.final_hb.of(side) for side in exam.graded_sides()])
    localization = assessment.localization
    level = exam.review.final_level.value if exam.review.final_level else (
        ",".join(localization.segments) if localization.segments else None
    )
    diagnosis = exam.review.diagnosis or (assessment.differential[0].name if assessment.differential else None)
    return ExamSummary(
        exam_date=exam.encounter.exam_datetime,
        side=exam.encounter.affected_side.value if exam.encounter.affected_side else None,
        suggested_hb=suggested,
        final_hb=final,
        level=level,
        examiner=exam.encounter.examiner or None,
        red_flags=bool(assessment.red_flags),
        diagnosis=diagnosis,
        impression=exam.review.impression or None,
    )
