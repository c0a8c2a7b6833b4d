"""The combined exam search index (patient MRN and names with each exam's text) stays in step
with every kind of change the store makes."""
from __future__ import annotations

from facialis.core.store import Store
from facialis.core.store.schema.exam_search import (
    CURRENT_KEYS,
    EXAM_ID_OF_KEY,
    INDEX,
    SUPERSEDED_KEYS,
    exam_search_is_consistent,
)
from facialis.core.store.schema.fts import match_expression

from .conftest import make_patient, make_summary


def _hits(store: Store, query: str) -> list[int]:
    expression = match_expression(query)
    assert expression is not None
    rows = store.db.execute(f"SELECT {EXAM_ID_OF_KEY} FROM {INDEX} WHERE {INDEX} MATCH ?", (expression,))
    return sorted(row[0] for row in rows.fetchall())


def test_index_follows_every_store_operation(store: Store) -> None:
    mueller = store.add_patient(make_patient(mrn="M-1", family="Müller", given="Hans"))
    roe = store.add_patient(make_patient(mrn="R-2", family="Roe", given="Ann"))
    bell = store.save_draft(mueller.id, {}, make_summary(diagnosis="Bell palsy"))
    lyme = store.save_draft(roe.id, {}, make_summary(diagnosis="Lyme disease"))
    assert _hits(store, "mül bell") == [bell.id]  # words from both records, ANDed
    assert _hits(store, "roe lyme") == [lyme.id]

    lyme = store.save_draft(
        mueller.id, {}, make_summary(diagnosis="Lyme disease"), exam_id=lyme.id, expected_version=1
    )
    assert _hits(store, "roe") == [] and _hits(store, "müller lyme") == [lyme.id]

    store.update_patient(mueller.id, make_patient(mrn="M-1", family="Meier", given="Hans"), expected_version=1)
    assert _hits(store, "müller") == [] and _hits(store, "meier") == [bell.id, lyme.id]

    signed = store.sign_exam(bell.id, bell.version, summary=make_summary(diagnosis="Ramsay Hunt syndrome"))
    amendment = store.amend_exam(signed.id)
    assert _hits(store, "ramsay") == [signed.id, amendment.id]
    store.sign_exam(amendment.id, amendment.version)  # supersedes the original: text unchanged
    store.delete_draft(lyme.id)
    assert _hits(store, "lyme") == []
    assert exam_search_is_consistent(store.db)


def _keyed(store: Store, query: str, keys: str) -> list[int]:
    """Exam ids of the matching entries in one key range, in key order, newest first."""
    expression = match_expression(query)
    rows = store.db.execute(
        f"SELECT {EXAM_ID_OF_KEY} FROM {INDEX} WHERE {INDEX} MATCH ? AND {keys} ORDER BY rowid DESC", (expression,)
    )
    return [row[0] for row in rows.fetchall()]


def test_keys_list_current_exams_by_date_and_old_versions_apart(store: Store) -> None:
    """The index's own order is the browser's: newest first (a date alone before that day's times,
    undated last), ties by id; superseded versions only in their own range."""
    patient = store.add_patient(make_patient(mrn="K-1", family="Keyes"))
    dates = ["2026-03-01T09:30:00", "2026-03-01", None, "2025-12-31T23:59:59", "2026-03-01T09:30:00", "1969-07-20"]
    ids = [store.save_draft(patient.id, {}, make_summary(exam_date=d, diagnosis="Bell palsy")).id for d in dates]
    newest_first = sorted(
        zip(dates, ids, strict=True), key=lambda pair: (pair[0] is not None, pair[0] or "", pair[1]), reverse=True
    )
    assert _keyed(store, "keyes", CURRENT_KEYS) == [exam_id for _, exam_id in newest_first]
    assert _keyed(store, "keyes", SUPERSEDED_KEYS) == []

    first = store.sign_exam(ids[0], 1)
    amendment = store.amend_exam(first.id)
    store.sign_exam(amendment.id, amendment.version)  # the original is now superseded
    assert _keyed(store, "keyes", SUPERSEDED_KEYS) == [ids[0]]
    assert ids[0] not in _keyed(store, "keyes", CURRENT_KEYS) and amendment.id in _keyed(store, "keyes", CURRENT_KEYS)
    assert exam_search_is_consistent(store.db)


def test_an_index_keyed_by_exam_id_is_rekeyed_on_upgrade(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A database from before migration 5 (entries keyed by exam id) is rebuilt in browse order."""
    import sqlite3

    from facialis.core.store.connection import as_database
    from facialis.core.store.migrations import MIGRATION_NAMES

    path = tmp_path / "old.sqlite3"
    with Store.open(path, backup=False) as store:
        patient = store.add_patient(make_patient(mrn="U-1", family="Upton"))
        exam = store.save_draft(patient.id, {}, make_summary(diagnosis="Ramsay Hunt syndrome"))
    # Go back to schema 4: the index as migration 3 made it (rowid = exam id), with its triggers.
    conn = sqlite3.connect(path)
    db = as_database(conn)
    db.execute("DROP TRIGGER exam_search_exam_ai")
    db.execute("DROP TRIGGER exam_search_exam_ad")
    db.execute("DROP TRIGGER exam_search_exam_au")
    db.execute("DROP TRIGGER exam_search_patient_au")
    db.execute(f"DROP TABLE {INDEX}")
    db.execute("DROP VIEW exam_search_source")
    db.execute(
        "CREATE VIEW exam_search_source AS SELECT e.id AS id, p.mrn AS mrn, p.family_name AS family_name, "
        "p.given_names AS given_names, e.diagnosis AS diagnosis, e.impression AS impression "
        "FROM exams e JOIN patients p ON p.id = e.patient_id"
    )
    db.execute(
        f"CREATE VIRTUAL TABLE {INDEX} USING fts5(mrn, family_name, given_names, diagnosis, impression, "
        "content='exam_search_source', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    db.execute(f"INSERT INTO {INDEX}({INDEX}) VALUES ('rebuild')")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [MIGRATION_NAMES[4]])
    db.execute("PRAGMA user_version = 4")
    conn.commit()
    assert conn.execute(f"SELECT rowid FROM {INDEX}").fetchall() == [(exam.id,)]
    conn.close()

    with Store.open(path, backup=False) as store:
        assert store.schema_version() == 5
        assert _keyed(store, "upton ramsay", CURRENT_KEYS) == [exam.id]
        assert exam_search_is_consistent(store.db)
