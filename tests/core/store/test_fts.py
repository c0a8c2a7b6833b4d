"""Full-text search: prefix words, any script, in sync after the transform() migration, never raises."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from facialis.core.store import Store
from facialis.core.store.migrations import MIGRATION_NAMES, apply_migrations
from facialis.core.store.schema.fts import ALL_FTS, EXAMS_FTS, PATIENTS_FTS, fts_is_consistent, match_expression

from .conftest import make_patient, make_summary

NASTY = [
    '"', "'", 'a"b', "NEAR(", "NEAR(a b)", "*", "AND OR", "OR", "NOT", "<b>", "</script>", "-", "^x", "x:y",
    "mrn:1", "(", ")", "((a", "a)", "{a b}", "a + b", '""', "\\", "%", "_", "a AND", "NOT a", "\x00", "😀", "ß*",
    "\u200b", "e\u0301", "'; DROP TABLE patients; --",
]


@pytest.fixture
def people(store: Store) -> Store:
    for mrn, family, given_names in [
        ("AB-1234", "Müller", "Hans Peter"),
        ("AB-9999", "Mueller", "Anna"),
        ("X-1", "山田", "太郎"),
        ("X-2", "Ιωάννου", "Μαρία"),
        ("X-3", "O'Brien", "Seán"),
        ("X-4", "Smith", "Near"),
    ]:
        store.add_patient(make_patient(mrn=mrn, family=family, given=given_names))
    return store


def _families(records: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(r.patient.family_name for r in records)


def test_prefix_accent_and_case_insensitive(people: Store) -> None:
    assert _families(people.search_patients("mul")) == ["Müller"]
    assert _families(people.search_patients("MÜLL")) == ["Müller"]
    assert _families(people.search_patients("muell")) == ["Mueller"]
    assert _families(people.search_patients("hans mül")) == ["Müller"]  # words ANDed, any column
    assert _families(people.search_patients("hans anna")) == []
    assert _families(people.search_patients("ιωάν")) == ["Ιωάννου"]  # case folded in any script
    assert _families(people.search_patients("山田")) == ["山田"]
    assert _families(people.search_patients("o'brien")) == ["O'Brien"]
    assert _families(people.search_patients("sean")) == ["O'Brien"]


def test_mrn_search(people: Store) -> None:
    assert _families(people.search_patients("AB-12")) == ["Müller"]
    assert _families(people.search_patients("ab")) == ["Mueller", "Müller"]


def test_operators_are_plain_words(people: Store) -> None:
    assert _families(people.search_patients("near")) == ["Smith"]
    assert _families(people.search_patients("NEAR(")) == ["Smith"]
    assert _families(people.search_patients("Smith OR Müller")) == []  # "or" is a word, not an operator


@pytest.mark.parametrize("query", NASTY)
def test_nasty_queries_never_raise(people: Store, query: str) -> None:
    people.search_patients(query)
    people.search_exams(query)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60) | st.lists(st.sampled_from([*NASTY, "a", "b", " ", "müller"]), max_size=8).map("".join))
def test_any_query_never_raises(people: Store, query: str) -> None:
    people.search_patients(query)
    people.search_exams(query)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_match_expression_is_quoted_prefix_words(query: str) -> None:
    expression = match_expression(query)
    if expression is None:
        return
    for token in expression.split(" AND "):
        assert token.startswith('"') and token.endswith('"*')
        assert token[1:-2].replace('""', "").count('"') == 0


def test_empty_query_means_no_filter(people: Store) -> None:
    assert match_expression("") is None and match_expression("  -- * ") is None
    assert len(people.search_patients("")) == 6
    assert len(people.search_patients("*")) == 6


def test_exam_search_on_diagnosis_and_impression(store: Store) -> None:
    patient = store.add_patient(make_patient())
    bell = store.save_draft(patient.id, {}, make_summary(diagnosis="Bell palsy", impression="Lagophthalmus rechts"))
    hunt = store.save_draft(patient.id, {}, make_summary(diagnosis="Ramsay Hunt syndrome", impression="Vesicles"))
    assert [e.id for e in store.search_exams("bell")] == [bell.id]
    assert [e.id for e in store.search_exams("lagoph")] == [bell.id]
    store.save_draft(
        patient.id, {}, make_summary(diagnosis="Zoster oticus", impression=None), exam_id=hunt.id, expected_version=1
    )
    assert store.search_exams("ramsay") == []
    assert [e.id for e in store.search_exams("zoster")] == [hunt.id]


# -- the index stays correct across the migration that rebuilds ``exams`` ----------------------


@pytest.fixture
def migrated_with_old_rows(db_path: Path) -> Iterator[Store]:
    """A file written at migration 1 (before the transform), then opened (and migrated) by the store."""
    db_path.parent.mkdir(parents=True)
    db = Database(sqlite3.connect(db_path), execute_plugins=False)
    apply_migrations(db, stop_before=MIGRATION_NAMES[1])
    db.execute("INSERT INTO patients (mrn, family_name, created_at, updated_at) VALUES ('OLD', 'Altmann', 't', 't')")
    for i, (diagnosis, impression) in enumerate(
        [("Bell palsy", "before migration"), ("Lyme disease", "tick bite"), ("Cholesteatoma", "ear discharge")], start=1
    ):
        db.execute(
            "INSERT INTO exams (id, patient_id, version_no, status, document, red_flags, created_at, updated_at,"
            " row_version, diagnosis, impression) VALUES (?, 1, 1, 'draft', '{}', 0, 't', 't', 1, ?, ?)",
            (i, diagnosis, impression),
        )
    db.conn.close()
    store = Store.open(db_path, user="dr", backup=False)
    assert store.schema_version() == len(MIGRATION_NAMES)
    yield store
    store.close()


def test_fts_finds_rows_from_before_and_after_the_transform(migrated_with_old_rows: Store) -> None:
    store = migrated_with_old_rows
    assert [e.id for e in store.search_exams("bell")] == [1]
    assert [e.id for e in store.search_exams("tick")] == [2]
    assert [p.patient.mrn for p in store.search_patients("altm")] == ["OLD"]
    new = store.save_draft(1, {}, make_summary(diagnosis="Bell palsy", impression="after migration"))
    assert sorted(e.id for e in store.search_exams("bell")) == [1, new.id]
    assert [e.id for e in store.search_exams("after")] == [new.id]
    assert all(fts_is_consistent(store.db, spec) for spec in ALL_FTS)


def test_fts_follows_updates_and_deletes_after_the_transform(migrated_with_old_rows: Store) -> None:
    store = migrated_with_old_rows
    changed = make_summary(diagnosis="Herpes zoster oticus", impression="changed")
    store.save_draft(1, {}, changed, exam_id=2, expected_version=1)
    assert store.search_exams("lyme") == [] and store.search_exams("tick") == []
    assert [e.id for e in store.search_exams("zoster")] == [2]
    store.delete_draft(3)
    assert store.search_exams("cholesteatoma") == []
    patient = store.get_patient(1)
    store.update_patient(1, make_patient(mrn="OLD", family="Neumann", given=""), expected_version=patient.version)
    assert store.search_patients("altmann") == []
    assert [p.id for p in store.search_patients("neum")] == [1]
    assert fts_is_consistent(store.db, EXAMS_FTS) and fts_is_consistent(store.db, PATIENTS_FTS)


def test_consistency_check_detects_a_missing_trigger(store: Store) -> None:
    """The check used above really notices an index out of step."""
    patient = store.add_patient(make_patient())
    store.db.execute("DROP TRIGGER exams_fts_ai")
    store.save_draft(patient.id, {}, make_summary(diagnosis="unindexed"))
    assert not fts_is_consistent(store.db, EXAMS_FTS)
