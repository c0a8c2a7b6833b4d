"""The course over time: this exam joined to the patient's other exams, as a chart and a table.

In a bilateral palsy the table gives each side's values: one side may recover or worsen while the
other does not, which the worse side alone (the chart's line) would hide.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from ..exam.enums import FaceSide, Grade
from ..exam.models import Exam
from . import labels
from .blocks import Cell, gap, section, table
from .chart import course_chart, plottable
from .records import CoursePoint, ReportRecordInfo, SideCourse, SidedCoursePoint
from .styles import get_styles
from .view import AssessmentView, ScaleView


def _side_grade(exam: Exam, view: AssessmentView, side: FaceSide) -> Grade | None:
    """The clinician's final grade of ``side``, else the suggestion."""
    final = exam.review.final_hb.of(side)
    if final is not None:
        return final
    suggested = next((hb.suggested for hb in view.hb if hb.side in (side.value, None)), None)
    try:
        return Grade(suggested) if suggested else None
    except ValueError:
        return None


def _worst_grade(exam: Exam, view: AssessmentView) -> Grade | None:
    """The clinician's final grade, else the suggestion; the worse side in a bilateral palsy."""
    grades = [grade for side in exam.graded_sides() if (grade := _side_grade(exam, view, side)) is not None]
    return max(grades, key=lambda g: g.number) if grades else None


def _lowest_total(scales: list[ScaleView], sides: list[FaceSide]) -> float | None:
    wanted = {s.value for s in sides}
    totals = [s.total for s in scales if s.complete and s.total is not None and (s.side is None or s.side in wanted)]
    return min(totals) if totals else None


def current_point(exam: Exam, view: AssessmentView, record: ReportRecordInfo | None) -> SidedCoursePoint:
    sides = exam.graded_sides()
    return SidedCoursePoint(
        exam_date=exam.exam_date,
        days_since_onset=exam.days_since_onset,
        hb=_worst_grade(exam, view),
        sunnybrook=_lowest_total(view.sunnybrook, sides),
        eface=_lowest_total(view.eface, sides),
        exam_id=record.exam_id if record is not None else None,
        sides=tuple(
            SideCourse(
                side=side,
                hb=_side_grade(exam, view, side),
                sunnybrook=_lowest_total(view.sunnybrook, [side]),
                eface=_lowest_total(view.eface, [side]),
            )
            for side in sides
        ),
    )


def _sides_of(point: CoursePoint) -> tuple[SideCourse, ...]:
    return point.sides if isinstance(point, SidedCoursePoint) else ()


def _grade_text(value: object) -> str:
    return value.value if isinstance(value, Grade) else "\u2013"


def _score_text(value: object) -> str:
    return labels.number(value) if isinstance(value, int | float) else "\u2013"


def _values(point: CoursePoint, name: str, text: Callable[[object], str], per_side: bool) -> str:
    """One value, or one per side (``R III, L IV``) when the table gives each side."""
    sides = _sides_of(point)
    if not per_side or not sides or all(getattr(side, name) is None for side in sides):
        return text(getattr(point, name))
    return ", ".join(f"{side.side.value[0].upper()} {text(getattr(side, name))}" for side in sides)


def _is_current(point: CoursePoint, current: CoursePoint) -> bool:
    if point.exam_id is not None and current.exam_id is not None:
        return point.exam_id == current.exam_id
    return point.exam_date == current.exam_date and point.days_since_onset == current.days_since_onset


def merge_course(history: Sequence[CoursePoint], current: CoursePoint) -> tuple[list[CoursePoint], int]:
    """All exams in time order with this exam's own values; returns (points, index of this exam)."""
    points = [p for p in history if not _is_current(p, current)] + [current]
    points.sort(key=lambda p: (p.exam_date, p.days_since_onset if p.days_since_onset is not None else -1))
    return points, points.index(current)


def course_section(points: list[CoursePoint], current_index: int, width: float) -> list[Flowable]:
    """Only when the patient has more than one exam: chart (when days are known) and table."""
    if len(points) < 2:
        return []
    styles = get_styles()
    body: list[Flowable] = []
    if len(plottable(points)) >= 2:
        body.append(course_chart(points, width=width, height=168))
    else:
        body.append(Paragraph(
            "The chart needs the days since onset of at least two exams (onset date not recorded).", styles.muted
        ))
    body.append(gap(4))
    per_side = any(len(_sides_of(point)) > 1 for point in points)
    rows: list[list[object]] = [[
        Cell(h, "head") for h in ("Exam date", "Days since onset", "House-Brackmann", "Sunnybrook", "eFACE")
    ]]
    for index, point in enumerate(points):
        style = "bold" if index == current_index else "body"
        date_text = labels.day(point.exam_date) + (
            " (this exam)" if index == current_index else " (draft, not signed)" if point.draft else ""
        )
        rows.append([
            Cell(date_text, style),
            Cell(point.days_since_onset if point.days_since_onset is not None else "not recorded", style),
            Cell(_values(point, "hb", _grade_text, per_side), style),
            Cell(_values(point, "sunnybrook", _score_text, per_side), style),
            Cell(_values(point, "eface", _score_text, per_side), style),
        ])
    col = (width - 44 * mm) / 4
    body.append(table(rows, [44 * mm, col, col, col, col]))
    body.append(Paragraph(
        "House-Brackmann: the clinician's final grade where given, else the suggestion"
        + (" (R right, L left; the chart follows the worse side)" if per_side else " (worse side when bilateral)")
        + ". Sunnybrook composite and eFACE total only when complete. The course as it stood at this "
        "exam: later visits are not shown.",
        styles.small,
    ))
    return section("Course over time", body, keep=1)
