"""Exams: drafts, autosave, signing, amendments as new versions, deleting drafts, concurrency."""
from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from facialis.core.store import (
    ConflictError,
    ExamStateError,
    NotFoundError,
    PatientRecord,
    SignedExamError,
    Store,
)

from .conftest import make_patient, make_summary


@pytest.fixture
def patient(store: Store) -> PatientRecord:
    return store.add_patient(make_patient())


def test_new_draft_round_trips_document_and_summary(store: Store, patient: PatientRecord) -> None:
    document = {"format": 1, "items": {"brow": 2, "eye": [1, 2]}, "note": "Ödem <b>links</b> & \"rechts\""}
    summary = make_summary(exam_date=datetime(2024, 3, 1, 9, 30), red_flags=True)
    exam = store.save_draft(patient.id, document, summary)
    assert exam.status == "draft" and exam.version == 1 and exam.version_no == 1 and exam.replaces_id is None
    assert exam.signed_at is None and exam.signed_by is None
    again = store.get_exam(exam.id)
    assert again == exam
    assert again.document == document
    assert again.summary == summary


def test_summary_text_is_cleaned_and_checked(store: Store, patient: PatientRecord) -> None:
    exam = store.save_draft(patient.id, {}, make_summary(impression="  tab\there\x07 ", diagnosis="", side=None))
    assert exam.summary.impression == "tab\there" and exam.summary.diagnosis is None
    with pytest.raises(ValueError, match="examiner"):
        store.save_draft(patient.id, {}, make_summary(examiner="x" * 1000))
    with pytest.raises(ValueError, match="exam_date"):
        store.save_draft(patient.id, {}, make_summary(exam_date="1st of May"))


def test_draft_for_unknown_patient(store: Store) -> None:
    with pytest.raises(NotFoundError, match="patient"):
        store.save_draft(99, {}, make_summary())


def test_autosave_updates_the_draft_in_place(store: Store, patient: PatientRecord) -> None:
    exam = store.save_draft(patient.id, {"a": 1}, make_summary())
    saved = store.save_draft(patient.id, {"a": 2}, make_summary(final_hb="IV"), exam_id=exam.id, expected_version=1)
    assert saved.id == exam.id and saved.version == 2
    assert saved.document == {"a": 2} and saved.summary.final_hb == "IV"
    same = store.save_draft(patient.id, {"a": 2}, make_summary(final_hb="IV"), exam_id=exam.id, expected_version=2)
    assert same.version == 2  # nothing changed: nothing written
    with pytest.raises(ValueError, match="expected_version"):
        store.save_draft(patient.id, {}, make_summary(), exam_id=exam.id)


def test_stale_draft_save_from_another_store_is_refused(db_path: Path) -> None:
    with Store.open(db_path, user="alice", backup=False) as first, Store.open(
        db_path, user="bob", backup=False
    ) as second:
        patient = first.add_patient(make_patient())
        exam = first.save_draft(patient.id, {"v": "start"}, make_summary())
        exam = first.save_draft(patient.id, {"v": "alice 1"}, make_summary(), exam_id=exam.id, expected_version=1)
        exam = first.save_draft(patient.id, {"v": "alice 2"}, make_summary(), exam_id=exam.id, expected_version=2)
        with pytest.raises(ConflictError) as caught:
            second.save_draft(patient.id, {"v": "bob"}, make_summary(), exam_id=exam.id, expected_version=2)
        assert str(caught.value) == (
            "This exam was changed elsewhere (version 3, you had 2); nothing was overwritten. "
            "Reload to see the latest."
        )
        assert second.get_exam(exam.id).document == {"v": "alice 2"}
        with pytest.raises(ConflictError):
            second.sign_exam(exam.id, expected_version=2)
        assert second.get_exam(exam.id).status == "draft"


def test_sign_with_final_document_then_immutable(store: Store, patient: PatientRecord) -> None:
    exam = store.save_draft(patient.id, {"v": 1}, make_summary())
    signed = store.sign_exam(
        exam.id, 1, signed_by="Dr Wilson", document={"v": "final"}, summary=make_summary(final_hb="II")
    )
    assert signed.status == "signed" and signed.signed_by == "Dr Wilson" and signed.signed_at
    assert signed.document == {"v": "final"} and signed.summary.final_hb == "II"
    with pytest.raises(SignedExamError, match="amend"):
        store.save_draft(patient.id, {"v": 2}, make_summary(), exam_id=exam.id, expected_version=signed.version)
    with pytest.raises(SignedExamError):
        store.sign_exam(exam.id, signed.version)
    with pytest.raises(SignedExamError):
        store.delete_draft(exam.id)
    assert store.get_exam(exam.id) == signed


def test_signed_by_defaults_to_the_user(store: Store, patient: PatientRecord) -> None:
    exam = store.save_draft(patient.id, {}, make_summary())
    assert store.sign_exam(exam.id, 1).signed_by == "dr.house"


def test_database_itself_refuses_changes_to_signed_exams(store: Store, patient: PatientRecord) -> None:
    """Even SQL that bypasses the store cannot change or delete a signed exam."""
    exam = store.save_draft(patient.id, {"v": 1}, make_summary())
    store.sign_exam(exam.id, 1)
    conn = sqlite3.connect(store.path)
    try:
        for sql in (
            "UPDATE exams SET document = '{}' WHERE id = ?",
            "UPDATE exams SET final_hb = 'VI' WHERE id = ?",
            "UPDATE exams SET status = 'draft' WHERE id = ?",
            "DELETE FROM exams WHERE id = ?",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="signed exams"):
                conn.execute(sql, (exam.id,))
            conn.rollback()
    finally:
        conn.close()


def test_amendment_is_a_new_version(store: Store, patient: PatientRecord) -> None:
    original = store.save_draft(patient.id, {"v": 1}, make_summary(final_hb="III"))
    original = store.sign_exam(original.id, 1)
    draft = store.amend_exam(original.id)
    assert draft.id != original.id and draft.status == "draft"
    assert draft.version_no == 2 and draft.replaces_id == original.id
    assert draft.document == original.document and draft.summary == original.summary
    assert store.amend_exam(original.id) == draft  # the open amendment is continued, not duplicated
    assert store.get_exam(original.id).status == "signed"  # still current until the amendment is signed
    draft = store.save_draft(patient.id, {"v": 2}, make_summary(final_hb="II"), exam_id=draft.id, expected_version=1)
    amended = store.sign_exam(draft.id, draft.version)
    old = store.get_exam(original.id)
    assert old.status == "superseded"
    assert old.document == {"v": 1} and old.summary.final_hb == "III" and old.signed_at == original.signed_at
    assert amended.status == "signed"
    third = store.amend_exam(amended.id)
    assert third.version_no == 3 and third.replaces_id == amended.id


def test_amend_rules(store: Store, patient: PatientRecord) -> None:
    draft = store.save_draft(patient.id, {}, make_summary())
    with pytest.raises(ExamStateError, match="draft"):
        store.amend_exam(draft.id)
    signed = store.sign_exam(draft.id, 1)
    amendment = store.amend_exam(signed.id)
    store.sign_exam(amendment.id, amendment.version)
    with pytest.raises(ConflictError, match=f"superseded by exam {amendment.id}"):
        store.amend_exam(signed.id)
    with pytest.raises(NotFoundError):
        store.amend_exam(999)


def test_abandoned_amendment_leaves_the_original_current(store: Store, patient: PatientRecord) -> None:
    signed = store.sign_exam(store.save_draft(patient.id, {"v": 1}, make_summary()).id, 1)
    amendment = store.amend_exam(signed.id)
    store.delete_draft(amendment.id)
    assert store.get_exam(signed.id).status == "signed"
    with pytest.raises(NotFoundError):
        store.get_exam(amendment.id)
    assert store.amend_exam(signed.id).id != amendment.id  # ids are never reused


def test_delete_draft_checks_version_when_given(store: Store, patient: PatientRecord) -> None:
    exam = store.save_draft(patient.id, {}, make_summary())
    store.save_draft(patient.id, {"x": 1}, make_summary(), exam_id=exam.id, expected_version=1)
    with pytest.raises(ConflictError):
        store.delete_draft(exam.id, expected_version=1)
    store.delete_draft(exam.id, expected_version=2)
    with pytest.raises(NotFoundError):
        store.delete_draft(exam.id)


def test_exams_for_patient_ordered_by_date_then_id(store: Store, patient: PatientRecord) -> None:
    other = store.add_patient(make_patient(mrn="OTHER"))
    late = store.save_draft(patient.id, {}, make_summary(exam_date=date(2024, 6, 1)))
    undated = store.save_draft(patient.id, {}, make_summary(exam_date=None))
    early = store.save_draft(patient.id, {}, make_summary(exam_date=date(2023, 1, 1)))
    same_day = store.save_draft(patient.id, {}, make_summary(exam_date=date(2024, 6, 1)))
    store.save_draft(other.id, {}, make_summary())
    assert [e.id for e in store.exams_for_patient(patient.id)] == [early.id, late.id, same_day.id, undated.id]
    with pytest.raises(NotFoundError):
        store.exams_for_patient(12345)


def test_draft_can_move_to_another_patient(store: Store, patient: PatientRecord) -> None:
    other = store.add_patient(make_patient(mrn="OTHER"))
    exam = store.save_draft(patient.id, {}, make_summary())
    moved = store.save_draft(other.id, {}, make_summary(), exam_id=exam.id, expected_version=1)
    assert moved.patient_id == other.id
    assert store.exams_for_patient(patient.id) == []
