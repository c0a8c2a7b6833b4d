"""An amendment draft never carries the signature of the exam it amends.

Before, ``amend`` copied the signed document as it was (``review.signed_by``/``signed_at``
included) and the wizard cleared them in a later autosave: a crash in between, or an amendment
made through the CLI/API, left a draft that was exported and re-imported as a *signed* exam.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from facialis.core.exam import Exam, exam_from_document, exam_to_document
from facialis.core.exam.models import Review
from facialis.core.patient import Patient
from facialis.core.store import PatientRecord, Store
from facialis.core.store.exams import SIGNATURE_FIELDS, unsigned_document

from .conftest import make_patient, make_summary

SIGNER, SIGNED_AT = "Dr X", "2024-05-01T11:00:00"


@pytest.fixture
def patient(store: Store) -> PatientRecord:
    return store.add_patient(make_patient())


def _exam_document(patient: Patient) -> dict[str, Any]:
    exam = Exam(
        patient=patient,
        encounter={"exam_datetime": "2024-05-01T10:00", "affected_side": "right", "examiner": SIGNER},
        face={"right": {"voluntary": {"fngs_brow": 4}}},
        review={"final_hb": {"right": "III"}, "impression": "partial palsy"},
    )
    return exam_to_document(exam)


def _signed(store: Store, patient: PatientRecord) -> Any:
    """Sign as the wizard does: the signature goes into the document as well as the row."""
    document = _exam_document(patient.patient)
    draft = store.save_draft(patient.id, document, make_summary())
    signed_doc = json.loads(json.dumps(document))
    signed_doc["review"].update(signed_by=SIGNER, signed_at=SIGNED_AT)
    return store.sign_exam(draft.id, draft.version, signed_by=SIGNER, document=signed_doc)


def test_amendment_draft_starts_without_the_signature(store: Store, patient: PatientRecord) -> None:
    signed = _signed(store, patient)
    amendment = store.amend_exam(signed.id)
    review = amendment.document["review"]
    assert review["signed_by"] is None and review["signed_at"] is None
    assert amendment.signed_by is None and amendment.signed_at is None
    # everything else is the signed version's content
    assert unsigned_document(signed.document) == amendment.document
    assert amendment.summary == signed.summary
    # the signed version itself is untouched
    assert store.get_exam(signed.id).document["review"]["signed_by"] == SIGNER
    # still a valid exam, and it reads as unsigned
    assert exam_from_document(amendment.document).review.signed_at is None


def test_amend_audit_row_records_the_cleared_signature(store: Store, patient: PatientRecord) -> None:
    signed = _signed(store, patient)
    amendment = store.amend_exam(signed.id)
    (row,) = [r for r in store.audit_log("exam", amendment.id) if r.action == "amend"]
    assert row.changes == {
        "status": [None, "draft"],
        "version_no": [None, 2],
        "replaces_id": [None, signed.id],
        "document/review/signed_by": [SIGNER, None],
        "document/review/signed_at": [SIGNED_AT, None],
    }


def test_amendment_exported_before_any_autosave_is_imported_as_a_draft(
    store: Store, patient: PatientRecord, tmp_path: Path
) -> None:
    """The reviewer's reproduction: amend (no wizard step), export, import into another database."""
    from facialis.core.interop.exam_files import export_exam_files, import_exam_files

    signed = _signed(store, patient)
    amendment = store.amend_exam(signed.id)
    export_exam_files(store, [amendment.id], tmp_path / "files")
    with Store.open(tmp_path / "other.sqlite3", user="u", backup=False) as other:
        report = import_exam_files(other, [tmp_path / "files"])
        assert [o.outcome for o in report.outcomes] == ["imported"]
        imported = other.get_exam(report.outcomes[0].exam_id)  # type: ignore[arg-type]
        assert imported.status == "draft" and imported.signed_by is None


def test_an_open_amendment_still_carrying_a_signature_is_cleared_when_continued(
    store: Store, patient: PatientRecord, db_path: Path
) -> None:
    """A draft made by an earlier version (and a crash before its first autosave) is repaired, audited."""
    signed = _signed(store, patient)
    amendment = store.amend_exam(signed.id)
    conn = sqlite3.connect(db_path)
    try:
        with conn:
            conn.execute("UPDATE exams SET document = ? WHERE id = ?", (json.dumps(signed.document), amendment.id))
    finally:
        conn.close()
    continued = store.amend_exam(signed.id)
    assert continued.id == amendment.id and continued.version == amendment.version + 1
    assert continued.document["review"]["signed_by"] is None and continued.document["review"]["signed_at"] is None
    last = store.audit_log("exam", amendment.id)[-1]
    assert last.action == "update_draft"
    assert last.changes == {
        "document/review/signed_by": [SIGNER, None],
        "document/review/signed_at": [SIGNED_AT, None],
    }
    assert store.amend_exam(signed.id) == continued  # nothing left to clear: no write


def test_the_store_clears_every_signature_field_of_the_exam_model() -> None:
    """The store does not load the exam model; keep its list in step with ``Review``."""
    signature = {name for name in Review.model_fields if name.startswith("signed")}
    assert {field for section, field in SIGNATURE_FIELDS if section == "review"} == signature
    assert {section for section, _ in SIGNATURE_FIELDS} == {"review"}


def test_unsigned_document_leaves_other_documents_alone() -> None:
    plain = {"items": {"brow": 3}, "review": "not an object"}
    assert unsigned_document(plain) == plain
    original = {"review": {"signed_by": "A", "signed_at": "t", "plan": "p"}}
    assert unsigned_document(original) == {"review": {"signed_by": None, "signed_at": None, "plan": "p"}}
    assert original["review"]["signed_by"] == "A"  # the input is not modified
