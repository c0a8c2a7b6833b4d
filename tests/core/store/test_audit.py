"""The audit trail: one row per change, same transaction, with user, time and changed fields."""
from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facialis.core.store import ConflictError, Store
from facialis.core.store.audit import diff, flatten

from .conftest import make_patient, make_summary


def test_every_kind_of_change_is_audited(db_path: Path) -> None:
    with Store.open(db_path, user="dr.cuddy", backup=False) as store:
        patient = store.add_patient(make_patient())
        store.update_patient(patient.id, make_patient(given="Janet"), expected_version=1)
        exam = store.save_draft(patient.id, {"items": {"brow": 1, "eye": 2}}, make_summary(final_hb="III"))
        exam = store.save_draft(
            patient.id,
            {"items": {"brow": 3, "eye": 2}},
            make_summary(final_hb="IV"),
            exam_id=exam.id,
            expected_version=1,
        )
        signed = store.sign_exam(exam.id, exam.version, signed_by="Dr Cuddy")
        amendment = store.amend_exam(signed.id)
        amended = store.sign_exam(amendment.id, amendment.version, document={"items": {"brow": 4, "eye": 2}})
        scratch = store.save_draft(patient.id, {"note": "typo"}, make_summary())
        store.delete_draft(scratch.id)
        log = store.audit_log()

    assert [(r.action, r.entity, r.entity_id) for r in log] == [
        ("insert", "patient", patient.id),
        ("update", "patient", patient.id),
        ("create_draft", "exam", exam.id),
        ("update_draft", "exam", exam.id),
        ("sign", "exam", exam.id),
        ("amend", "exam", amendment.id),
        ("sign", "exam", amended.id),
        ("supersede", "exam", signed.id),
        ("create_draft", "exam", scratch.id),
        ("delete_draft", "exam", scratch.id),
    ]
    assert {r.user for r in log} == {"dr.cuddy"}
    for row in log:
        assert datetime.fromisoformat(row.at).utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    assert [r.at for r in log] == sorted(r.at for r in log)
    by_action = {(r.action, r.entity_id): r.changes for r in log}
    assert by_action[("insert", patient.id)]["mrn"] == [None, "MRN-001"]
    assert by_action[("update", patient.id)] == {"given_names": ["Jane", "Janet"]}
    created = by_action[("create_draft", exam.id)]
    assert created["document/items/brow"] == [None, 1] and created["final_hb"] == [None, "III"]
    assert created["patient_id"] == [None, patient.id]
    assert by_action[("update_draft", exam.id)] == {"document/items/brow": [1, 3], "final_hb": ["III", "IV"]}
    signing = by_action[("sign", exam.id)]
    assert signing["status"] == ["draft", "signed"] and signing["signed_by"] == [None, "Dr Cuddy"]
    assert by_action[("amend", amendment.id)] == {
        "status": [None, "draft"], "version_no": [None, 2], "replaces_id": [None, signed.id],
    }
    assert by_action[("sign", amended.id)]["document/items/brow"] == [3, 4]
    assert by_action[("supersede", signed.id)] == {
        "status": ["signed", "superseded"], "superseded_by": [None, amended.id],
    }
    deleted = by_action[("delete_draft", scratch.id)]
    assert deleted["document/note"] == ["typo", None] and deleted["status"] == ["draft", None]


def test_audit_log_filters(store: Store) -> None:
    first = store.add_patient(make_patient(mrn="1"))
    second = store.add_patient(make_patient(mrn="2"))
    store.save_draft(first.id, {}, make_summary())
    assert [r.entity_id for r in store.audit_log("patient")] == [first.id, second.id]
    assert [r.entity for r in store.audit_log(entity_id=first.id)] == ["patient", "exam"]
    assert [r.action for r in store.audit_log("patient", second.id)] == ["insert"]


def test_refused_change_writes_no_audit_row(store: Store) -> None:
    patient = store.add_patient(make_patient())
    with pytest.raises(ConflictError):
        store.update_patient(patient.id, make_patient(family="X"), expected_version=7)
    assert len(store.audit_log()) == 1


def test_audit_rows_are_append_only(store: Store) -> None:
    store.add_patient(make_patient())
    conn = sqlite3.connect(store.path)
    try:
        for sql in ("UPDATE audit SET user = 'someone else'", "DELETE FROM audit"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
            conn.rollback()
    finally:
        conn.close()
    assert store.audit_log()[0].user == "dr.house"


def test_diff_paths_and_types() -> None:
    assert flatten({"a": {"b/c": {"d~": 1}}, "e": {}, "f": [1, {"g": 2}]}) == {
        "a/b~1c/d~0": 1, "e": {}, "f": [1, {"g": 2}],
    }
    assert diff({"flag": 1}, {"flag": True}) == {"flag": [1, True]}
    assert diff({"x": None}, {}) == {}
    assert diff({"doc": {"a": 1}}, {"doc": 5}) == {"doc/a": [1, None], "doc": [None, 5]}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=10,
)


json_objects = st.dictionaries(st.text(max_size=3), json_values, max_size=4)


@given(json_objects, json_objects)
def test_diff_is_empty_exactly_when_flattened_values_agree(old: dict, new: dict) -> None:  # type: ignore[type-arg]
    changes = diff(old, new)
    assert (changes == {}) == (diff(new, old) == {})
    assert diff(old, old) == {}
    for key, (before, after) in changes.items():
        assert flatten(old).get(key) == before and flatten(new).get(key) == after


def test_diff_compares_values_as_json() -> None:
    """Same type compared directly, anything else by its JSON text: 1, True and 1.0 differ."""
    from facialis.core.store.audit import diff

    old = {"a": 1, "b": True, "c": 1.0, "d": -0.0, "e": [1, 2], "f": "x", "g": None, "h": (1, 2), "i": [1]}
    new = {"a": True, "b": 1, "c": 1, "d": 0.0, "e": [1, 2], "f": "x", "g": None, "h": [1, 2], "i": [True]}
    assert diff(old, new) == {
        "a": [1, True], "b": [True, 1], "c": [1.0, 1], "d": [-0.0, 0.0], "i": [[1], [True]],
    }
    assert diff({"k/with~marks": {"x": 1}}, {"k/with~marks": {"x": 2}}) == {"k~1with~0marks/x": [1, 2]}
