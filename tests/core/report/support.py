"""Exams and assessments for the report tests.

Exams come from the vignette files of clinical-reference section 11; assessments from
``core.assess``, as the GUI and the CLI will pass them.
"""
from __future__ import annotations

import io
import re
from datetime import datetime
from typing import Any

from pypdf import PdfReader

from facialis.core.assess import Assessment, assess
from facialis.core.exam import Exam, load_exam
from facialis.core.settings import Settings
from facialis.core.vignettes import VIGNETTE_DIR

VIGNETTES = VIGNETTE_DIR
PRINTED = datetime(2026, 10, 6, 17, 0)


def vignette(name: str) -> Exam:
    return load_exam(VIGNETTES / f"{name}.facialis.json")


def assessment_for(exam: Exam, settings: Settings | None = None) -> Assessment:
    return assess(exam, settings)


def pdf_text(pdf: bytes) -> str:
    """All text of the PDF, whitespace collapsed (Paragraph wrapping adds line breaks)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def page_texts(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def with_patient(exam: Exam, **changes: Any) -> Exam:
    return exam.model_copy(update={"patient": exam.patient.model_copy(update=changes)})


def with_review(exam: Exam, **changes: Any) -> Exam:
    return exam.model_copy(update={"review": exam.review.model_copy(update=changes)})


PAGE_OF = re.compile(r"Page (\d+) of (\d+)")
