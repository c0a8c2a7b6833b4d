"""Assembling the report: page 1 at a glance, then the details, then the clinician's part."""
from __future__ import annotations

import functools
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from ..exam.models import Exam
from ..settings import Settings
from . import assessment as sections
from .course import course_section, current_point, merge_course
from .findings import electro_and_imaging, history_and_associated, regional_findings, topognostic_tests
from .fonts import register_fonts
from .header import page_one_header
from .records import CoursePoint, ReportRecordInfo
from .review import clinician_review, signature_parts
from .status import SignStatus, sign_status
from .template import ReportTemplate, canvas_maker, decor_for
from .text import plain
from .view import AssessmentView, get, read_assessment, side_key, strings


@functools.cache
def app_version() -> str:
    """The installed package version (pyproject is the single source)."""
    try:
        return f"Facialis {version('facialis')}"
    except PackageNotFoundError:
        return "Facialis (development build)"


PAGE_ONE_ROOM = 50 * mm


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Write page and font streams as binary (zlib) without the ASCII85 layer.

    ASCII85 only matters for 7-bit transports; it makes files larger and costs a sixth of the
    build time in pure Python. reportlab reads this switch from its global config while saving.
    """
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def _sublevels(assessment: Any) -> dict[str, list[str]]:
    """The localisation's lesion positions along the trunk (the mastoid above or below the chorda
    tympani), for the whole exam ("") and per side; the nerve diagram draws them."""
    localization = get(assessment, "localization")
    found = {"": strings(get(localization, "sublevels"))}
    sides = get(localization, "sides", {}) or {}
    for key, value in (dict(sides).items() if hasattr(sides, "items") else ()):
        side = side_key(key)
        if side:
            found[side] = strings(get(value, "sublevels"))
    return found


def _story(
    exam: Exam,
    view: AssessmentView,
    status: SignStatus,
    course: tuple[list[CoursePoint], int],
    width: float,
    sublevels: dict[str, list[str]] | None = None,
) -> list[Flowable]:
    story: list[Flowable] = []
    story += page_one_header(exam, view, status, width)
    story += sections.lesion_level(exam, view.level, width, sublevels)
    # The details start on a new page unless the summary leaves a good part of a page free.
    story.append(CondPageBreak(PAGE_ONE_ROOM))
    story += course_section(*course, width)
    story += regional_findings(exam, width)
    story += sections.scales_detail(view, width)
    story += topognostic_tests(exam, width, view.level)
    story += history_and_associated(exam, width)
    story += electro_and_imaging(exam, width)
    story += sections.differential(view)
    story += sections.red_flags(view)
    story += sections.actions(view, width)
    story += sections.imaging(view)
    story += sections.codes(view, width)
    # The signature (or the DRAFT status) closes the plan: it never starts a page alone.
    story += clinician_review(exam, view, closing=signature_parts(status, width))
    return story


def build_pdf(
    exam: Exam,
    assessment: Any,
    *,
    history: Sequence[CoursePoint] = (),
    record: ReportRecordInfo | None = None,
    settings: Settings | None = None,
    printed_at: datetime | None = None,
) -> bytes:
    """The report as PDF bytes (see ``facialis.core.report.build_report``)."""
    register_fonts()
    view = read_assessment(assessment)
    status = sign_status(exam, record)
    printed = printed_at or datetime.now()
    decor = decor_for(
        patient=exam.patient.display_name,
        mrn=exam.patient.mrn,
        exam_date=exam.exam_date.isoformat(),
        app=app_version(),
        printed=printed.strftime("%Y-%m-%d %H:%M"),
        draft=not status.signed,
    )
    buffer = io.BytesIO()
    doc = ReportTemplate(
        buffer,
        decor=decor,
        settings=settings,
        title="Facial nerve examination summary",
        subject=f"Exam of {exam.exam_date.isoformat()}",
        author=plain(exam.encounter.examiner, max_chars=200) or None,
        creator=app_version(),
        invariant=1 if printed_at is not None else None,
    )
    course = merge_course(list(history), current_point(exam, view, record))
    story = _story(exam, view, status, course, doc.width, _sublevels(assessment))
    with _binary_streams():
        doc.build(story, canvasmaker=canvas_maker(decor))
    return buffer.getvalue()
