"""The PDF summary of one exam (reportlab), for the chart, a referral letter or the patient.

``build_report`` returns the PDF bytes; ``write_report`` writes them atomically. reportlab is
imported only when a report is built, so importing this package stays cheap for the GUI.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import write_bytes
from .records import CoursePoint, ReportRecordInfo

if TYPE_CHECKING:
    from ..assess import Assessment
    from ..exam.models import Exam
    from ..settings import Settings

__all__ = ["CoursePoint", "ReportRecordInfo", "build_report", "write_report"]


def build_report(
    exam: "Exam",
    assessment: "Assessment | None",
    *,
    history: Sequence[CoursePoint] = (),
    record: ReportRecordInfo | None = None,
    settings: "Settings | None" = None,
    printed_at: datetime | None = None,
) -> bytes:
    """The PDF summary of ``exam`` with its ``assessment`` (``core.assess.assess(exam)``; its JSON
    form is accepted too, and None prints the exam alone).

    ``history`` lists the patient's exams for the course chart (the current exam is added when
    it is not among them); ``record`` carries the store's signing and version facts;
    ``printed_at`` fixes the "printed" time (for reproducible output).
    """
    from .build import build_pdf

    return build_pdf(
        exam, assessment, history=history, record=record, settings=settings, printed_at=printed_at
    )


def write_report(
    exam: "Exam",
    assessment: "Assessment | None",
    path: str | os.PathLike[str],
    *,
    history: Sequence[CoursePoint] = (),
    record: ReportRecordInfo | None = None,
    settings: "Settings | None" = None,
    printed_at: datetime | None = None,
) -> Path:
    """Build the report and write it to ``path`` atomically (temp file + rename).

    A failure leaves any existing file at ``path`` untouched.
    """
    data = build_report(
        exam, assessment, history=history, record=record, settings=settings, printed_at=printed_at
    )
    target = write_bytes(path, data)
    return target
