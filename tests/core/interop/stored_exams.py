"""Exams saved the way the app saves them, for the export and import tests.

The documents start from vignette V05, moved to 2024 so the tests do not depend on today's date.
"""
from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from facialis.core.exam import exam_from_document, exam_to_document
from facialis.core.interop.scoring import summary_of
from facialis.core.store import ExamRecord, Store
from facialis.core.vignettes import VIGNETTE_DIR

V05 = VIGNETTE_DIR / "v05.facialis.json"


def v05_document(**patient: Any) -> dict[str, Any]:
    """V05 dated 2024-10-06 (onset the day before); ``patient`` overrides patient fields."""
    document = json.loads(V05.read_text(encoding="utf-8"))
    document["encounter"]["exam_datetime"] = "2024-10-06T16:00:00"
    document["encounter"]["onset_date"] = "2024-10-05"
    document["patient"].update(patient)
    return document


def save_signed(store: Store, document: dict[str, Any]) -> ExamRecord:
    """Save a draft and sign it as the wizard does: the document's ``review.signed_at`` is the
    local time without an offset, the record's the store's UTC time."""
    exam = exam_from_document(copy.deepcopy(document))
    known = store.find_patient_by_mrn(exam.patient.mrn)
    patient = known if known is not None else store.add_patient(exam.patient)
    draft = store.save_draft(patient.id, exam_to_document(exam), summary_of(exam))
    signed = exam_to_document(exam)
    signed.pop("format")
    signed["review"]["signed_by"] = exam.encounter.examiner
    signed["review"]["signed_at"] = datetime.now().replace(microsecond=0).isoformat()
    signed_exam = exam_from_document(signed)
    return store.sign_exam(
        draft.id, draft.version, signed_by=exam.encounter.examiner,
        document=exam_to_document(signed_exam), summary=summary_of(signed_exam),
    )


def write_file(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path
