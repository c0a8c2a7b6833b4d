"""The combined exam search index (patient MRN and names with each exam's text) stays in step
with every kind of change the store makes."""
from __future__ import annotations

from facialis.core.store import Store
from facialis.core.store.schema.exam_search import INDEX, exam_search_is_consistent
from facialis.core.store.schema.fts import match_expression

from .conftest import make_patient, make_summary


def _hits(store: Store, query: str) -> list[int]:
    expression = match_expression(query)
    assert expression is not None
    rows = store.db.execute(f"SELECT rowid FROM {INDEX} WHERE {INDEX} MATCH ? ORDER BY rowid", (expression,))
    return [row[0] for row in rows.fetchall()]


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
