"""Exams and assessments for the report tests.

Exams come from the vignette files of clinical-reference section 11. Assessments come from
``core.assess`` when it can be imported; until then a stand-in of the same documented shape is
built from the real scale functions (design.md, "Shared vocabulary").
"""
from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from facialis.core.exam import Exam, load_exam
from facialis.core.exam.enums import Side
from facialis.core.settings import Settings

VIGNETTES = Path(__file__).resolve().parents[2] / "vignettes"
PRINTED = datetime(2026, 10, 6, 17, 0)


def vignette(name: str) -> Exam:
    return load_exam(VIGNETTES / f"{name}.facialis.json")


def real_assess_available() -> bool:
    try:
        from facialis.core.assess import assess  # noqa: F401
    except ImportError:
        return False
    return True


def assessment_for(exam: Exam, settings: Settings | None = None) -> Any:
    """The real Assessment when ``core.assess`` is importable, else the stand-in."""
    try:
        from facialis.core.assess import assess
    except ImportError:
        return stand_in_assessment(exam)
    return assess(exam, settings)


def stand_in_assessment(exam: Exam) -> dict[str, Any]:
    """The documented Assessment shape, with real scale results and a plain guidance part."""
    from facialis.core.scales import (
        score_eface,
        score_fngs2,
        score_house_brackmann,
        score_sunnybrook,
        score_yanagihara,
    )

    bilateral = exam.encounter.affected_side is Side.bilateral
    per_side: dict[str, dict[str, Any]] = {}
    for side in exam.graded_sides():
        f = exam.findings(side)
        name = side.value
        per_side[name] = {
            "house_brackmann": score_house_brackmann(f, side=name, pattern="peripheral", bilateral=bilateral),
            "fngs2": score_fngs2(f, name),
            "sunnybrook": score_sunnybrook(f, name, bilateral=bilateral),
            "eface": score_eface(f, name, bilateral=bilateral),
            "yanagihara": score_yanagihara(f, name),
        }

    def collapse(scale: str) -> Any:
        if not per_side:
            return None
        if bilateral:
            return {side: scales[scale] for side, scales in per_side.items()}
        return next(iter(per_side.values()))[scale]

    onset = exam.encounter.onset_date
    return {
        "house_brackmann": collapse("house_brackmann"),
        "fngs2": collapse("fngs2"),
        "sunnybrook": collapse("sunnybrook"),
        "eface": collapse("eface"),
        "yanagihara": collapse("yanagihara"),
        "localization": {
            "pattern": "peripheral",
            "level": "consistent with a lesion at or proximal to the geniculate ganglion",
            "segments": ["labyrinthine", "geniculate"],
            "evidence": [
                {"level": "suprageniculate", "finding": "Schirmer reduced on the affected side",
                 "direction": "supports", "source": "clinical-reference 5.4"},
                {"level": "iac", "finding": "hearing normal", "direction": "argues_against",
                 "source": "clinical-reference 6.3"},
            ],
            "caveats": [{"text": "Schirmer is the least reliable topognostic test.", "source": "5.5"}],
        },
        "differential": [{"name": "Bell's palsy", "codes": ["ICD-10-CM G51.0"]}],
        "red_flags": [],
        "actions": [
            {"statement": "Oral steroid within 72 h of onset (age 16 and over)", "strength": "strong recommendation",
             "due_by": (onset + timedelta(days=3)).isoformat() if onset else None},
        ],
        "codes": [{"system": "ICD-10-CM", "code": "G51.0", "display": "Bell's palsy"}],
    }


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
