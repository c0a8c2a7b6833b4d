"""What the report needs besides the exam and its assessment: store facts and the course.

These are plain data (no reportlab), so the GUI and the store can build them without loading the
PDF machinery.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..exam.enums import ExamStatus, FaceSide, Grade


class ReportRecordInfo(BaseModel):
    """Facts about the stored exam: whether it is signed and which version it is.

    The store is the authority on signing; without a record the report falls back to the
    exam's own ``review.signed_by`` / ``review.signed_at``.
    """

    model_config = ConfigDict(frozen=True)

    exam_id: int | str | None = None
    status: ExamStatus = ExamStatus.draft
    version: int = Field(default=1, ge=1, description="1 for the original, 2 for the first amendment...")
    replaces_id: int | str | None = Field(default=None, description="id of the exam version this one amends")
    replaces_version: int | None = Field(default=None, ge=1)
    signed_by: str | None = None
    signed_at: datetime | None = None
    superseded_by: int | str | None = Field(
        default=None, description="id of the later version that replaces this signed one (an old version printed)"
    )

    @classmethod
    def from_store(cls, record: Any, superseded_by: int | str | None = None) -> "ReportRecordInfo":
        """From a ``core.store`` exam record (duck-typed: id, status, version_no, replaces_id...).

        A superseded version was signed before it was amended: it prints as signed, and says which
        version replaces it (``superseded_by``) when that is known.
        """
        version = getattr(record, "version_no", None) or 1
        replaces = getattr(record, "replaces_id", None)
        status = getattr(record, "status", None) or ExamStatus.draft
        if status not in (ExamStatus.draft.value, ExamStatus.signed.value):
            status = ExamStatus.signed
        return cls(
            exam_id=getattr(record, "id", None),
            status=status,
            superseded_by=superseded_by,
            version=version,
            replaces_id=replaces,
            replaces_version=version - 1 if replaces is not None and version > 1 else None,
            signed_by=getattr(record, "signed_by", None),
            signed_at=getattr(record, "signed_at", None) or None,
        )


class CoursePoint(BaseModel):
    """One exam of the patient on the course chart.

    ``hb`` is the clinician's final grade (the worse side in a bilateral palsy), else the
    suggestion; ``sunnybrook`` the composite and ``eface`` the total, each None when not complete.
    """

    model_config = ConfigDict(frozen=True)

    exam_date: date
    days_since_onset: int | None = None
    hb: Grade | None = None
    sunnybrook: float | None = None
    eface: float | None = None
    exam_id: int | str | None = None
    #: Not signed yet: its values are provisional (the course table says so).
    draft: bool = False


class SideCourse(BaseModel):
    """One half of the face at one exam: its grade and complete scores."""

    model_config = ConfigDict(frozen=True)

    side: FaceSide
    hb: Grade | None = None
    sunnybrook: float | None = None
    eface: float | None = None


class SidedCoursePoint(CoursePoint):
    """A course point that keeps each graded side, so a bilateral palsy's table shows both."""

    sides: tuple[SideCourse, ...] = ()
