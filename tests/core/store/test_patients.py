"""Patients: add, update with optimistic concurrency, unique MRN, lookup, listing."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from facialis.core.patient import Sex
from facialis.core.store import ConflictError, DuplicateMRNError, NotFoundError, Store

from .conftest import make_patient


def test_add_and_get(store: Store) -> None:
    record = store.add_patient(make_patient(birth_date=date(1970, 5, 17), sex=Sex.female))
    assert record.id > 0 and record.version == 1
    assert record.created_at == record.updated_at
    again = store.get_patient(record.id)
    assert again == record
    assert again.patient.birth_date == date(1970, 5, 17) and again.patient.sex is Sex.female


def test_get_missing_patient(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no patient with id 42"):
        store.get_patient(42)


def test_duplicate_mrn_is_refused_ignoring_case(store: Store) -> None:
    store.add_patient(make_patient(mrn="ab-100"))
    with pytest.raises(DuplicateMRNError) as caught:
        store.add_patient(make_patient(mrn="AB-100", family="Other"))
    assert "ab-100" in str(caught.value) and "Doe, Jane" in str(caught.value)
    assert store.count_patients() == 1


def test_update_bumps_version_and_keeps_created_at(store: Store) -> None:
    record = store.add_patient(make_patient())
    updated = store.update_patient(record.id, make_patient(family="Roe"), expected_version=1)
    assert updated.version == 2 and updated.patient.family_name == "Roe"
    assert updated.created_at == record.created_at and updated.updated_at >= record.updated_at


def test_update_without_changes_writes_nothing(store: Store) -> None:
    record = store.add_patient(make_patient())
    same = store.update_patient(record.id, make_patient(), expected_version=1)
    assert same.version == 1
    assert [row.action for row in store.audit_log("patient", record.id)] == ["insert"]


def test_update_to_an_mrn_in_use_is_refused(store: Store) -> None:
    store.add_patient(make_patient(mrn="A"))
    other = store.add_patient(make_patient(mrn="B", family="Roe"))
    with pytest.raises(DuplicateMRNError):
        store.update_patient(other.id, make_patient(mrn="a", family="Roe"), expected_version=other.version)
    assert store.get_patient(other.id).patient.mrn == "B"


def test_update_missing_patient(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.update_patient(9, make_patient(), expected_version=1)


def test_concurrent_edit_from_two_stores_is_refused(db_path: Path) -> None:
    """Two windows (or two machines on a share) edit the same patient: the second save loses."""
    with Store.open(db_path, user="alice", backup=False) as first, Store.open(
        db_path, user="bob", backup=False
    ) as second:
        record = first.add_patient(make_patient())
        seen_by_bob = second.get_patient(record.id)
        first.update_patient(record.id, make_patient(family="Alice-Edit"), expected_version=record.version)
        with pytest.raises(ConflictError) as caught:
            second.update_patient(record.id, make_patient(family="Bob-Edit"), expected_version=seen_by_bob.version)
        assert str(caught.value) == (
            "This patient record was changed elsewhere (version 2, you had 1); nothing was overwritten. "
            "Reload to see the latest."
        )
        assert caught.value.current_version == 2 and caught.value.expected_version == 1
        assert second.get_patient(record.id).patient.family_name == "Alice-Edit"
        assert [r.user for r in second.audit_log("patient", record.id)] == ["alice", "alice"]


def test_find_by_mrn(store: Store) -> None:
    record = store.add_patient(make_patient(mrn="X-77"))
    assert store.find_patient_by_mrn("x-77") == record
    assert store.find_patient_by_mrn(" X-77 ") == record
    assert store.find_patient_by_mrn("X-78") is None


def test_empty_search_lists_everyone_by_name(store: Store) -> None:
    people = [("1", "Zeller", "Anna"), ("2", "abel", "Zoe"), ("3", "Abel", "Adam"), ("4", "Meyer", "")]
    for mrn, family, given in people:
        store.add_patient(make_patient(mrn=mrn, family=family, given=given))
    names = [(r.patient.family_name, r.patient.given_names) for r in store.search_patients("")]
    assert names == [("Abel", "Adam"), ("abel", "Zoe"), ("Meyer", ""), ("Zeller", "Anna")]
    assert [r.patient.mrn for r in store.search_patients("   ")] == ["3", "2", "4", "1"]
    assert len(store.search_patients("", limit=2)) == 2
    assert store.count_patients() == 4


def test_a_date_of_birth_after_an_exam_is_refused_and_nothing_changes(store: Store) -> None:
    """Reports and exports print the exams with the current record: an exam before birth cannot be."""
    from facialis.core.store import InvalidPatientError

    from .conftest import make_summary

    record = store.add_patient(make_patient(birth_date=date(1980, 1, 1)))
    store.save_draft(record.id, {"format": "facialis-exam"}, make_summary(exam_date=date(2024, 3, 1)))
    later = record.patient.model_copy(update={"birth_date": date(2024, 3, 2)})
    with pytest.raises(InvalidPatientError) as error:
        store.update_patient(record.id, later, record.version)
    assert "Date of birth 2024-03-02 is after this patient's exam of 2024-03-01" in error.value.message
    assert store.get_patient(record.id) == record
    fine = record.patient.model_copy(update={"birth_date": date(2024, 3, 1)})  # the same day is possible
    assert store.update_patient(record.id, fine, record.version).patient.birth_date == date(2024, 3, 1)
