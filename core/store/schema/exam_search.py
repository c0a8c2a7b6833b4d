"""One full-text index per exam over the patient's MRN and names and the exam's diagnosis and impression.

The case browser searches exams with words that may belong to either record ("mül bell": a
patient name and a diagnosis). Two separate indexes (``patients_fts``, ``exams_fts``) cannot AND
such words without scanning every exam, so this index holds, per exam id, the five columns
together. It is an external-content FTS5 table over a view (no second copy of the text); its
triggers keep it in step with both tables:

- an exam row inserted, deleted, or changed in its patient, diagnosis or impression;
- a patient renamed or given another MRN: every exam of that patient is re-indexed.

FTS5 removes an entry only when given the exact values that were indexed; the triggers read a
patient's values from ``patients`` while they are still the indexed ones (patient triggers use
``old.*``), so the index never drifts.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .fts import TOKENIZE

if TYPE_CHECKING:
    from sqlite_utils import Database

INDEX = "exam_search"
SOURCE_VIEW = "exam_search_source"
COLUMNS: tuple[str, ...] = ("mrn", "family_name", "given_names", "diagnosis", "impression")
TRIGGERS: tuple[str, ...] = (
    f"{INDEX}_exam_ai",
    f"{INDEX}_exam_ad",
    f"{INDEX}_exam_au",
    f"{INDEX}_patient_au",
)

#: The exam's stable identity inside its document; indexed (``idx_exams_uid``) in exactly this form.
EXAM_UID_SQL = "json_extract(document, '$.uid')"

_COLS = ", ".join(COLUMNS)


def create_exam_search(db: Database) -> None:
    """Create the view, the index (filled from existing rows) and its triggers."""
    db.execute(
        f"CREATE VIEW {SOURCE_VIEW} AS SELECT e.id AS id, p.mrn AS mrn, p.family_name AS family_name, "
        "p.given_names AS given_names, e.diagnosis AS diagnosis, e.impression AS impression "
        "FROM exams e JOIN patients p ON p.id = e.patient_id"
    )
    db.execute(
        f"CREATE VIRTUAL TABLE {INDEX} USING fts5({_COLS}, content='{SOURCE_VIEW}', "
        f"content_rowid='id', tokenize='{TOKENIZE}')"
    )
    db.execute(f"INSERT INTO {INDEX}({INDEX}) VALUES ('rebuild')")
    install_exam_search_triggers(db)


def has_exam_search(db: Database) -> bool:
    return db.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (INDEX,)
    ).fetchone()[0] == 1


def _delete_exam(exam: str, patient_id: str) -> str:
    """Remove one exam's entry, with the patient values as they are indexed now."""
    return (
        f"INSERT INTO {INDEX}({INDEX}, rowid, {_COLS}) SELECT 'delete', {exam}.id, p.mrn, p.family_name, "
        f"p.given_names, {exam}.diagnosis, {exam}.impression FROM patients p WHERE p.id = {patient_id};"
    )


def _insert_exam(exam: str, patient_id: str) -> str:
    return (
        f"INSERT INTO {INDEX}(rowid, {_COLS}) SELECT {exam}.id, p.mrn, p.family_name, p.given_names, "
        f"{exam}.diagnosis, {exam}.impression FROM patients p WHERE p.id = {patient_id};"
    )


def install_exam_search_triggers(db: Database) -> None:
    """(Re)create the triggers; call after ``transform()`` of ``exams`` or ``patients``."""
    for name in TRIGGERS:
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    ai, ad, au, patient_au = TRIGGERS
    db.execute(f"CREATE TRIGGER {ai} AFTER INSERT ON exams BEGIN {_insert_exam('new', 'new.patient_id')} END")
    db.execute(f"CREATE TRIGGER {ad} AFTER DELETE ON exams BEGIN {_delete_exam('old', 'old.patient_id')} END")
    db.execute(
        f"CREATE TRIGGER {au} AFTER UPDATE OF patient_id, diagnosis, impression ON exams BEGIN "
        f"{_delete_exam('old', 'old.patient_id')} {_insert_exam('new', 'new.patient_id')} END"
    )
    db.execute(
        f"CREATE TRIGGER {patient_au} AFTER UPDATE OF mrn, family_name, given_names ON patients BEGIN "
        f"INSERT INTO {INDEX}({INDEX}, rowid, {_COLS}) SELECT 'delete', e.id, old.mrn, old.family_name, "
        "old.given_names, e.diagnosis, e.impression FROM exams e WHERE e.patient_id = old.id; "
        f"INSERT INTO {INDEX}(rowid, {_COLS}) SELECT e.id, new.mrn, new.family_name, new.given_names, "
        "e.diagnosis, e.impression FROM exams e WHERE e.patient_id = new.id; END"
    )


def exam_search_is_consistent(db: Database) -> bool:
    """True when the index matches its source (FTS5 'integrity-check' with rank 1)."""
    try:
        db.execute(f"INSERT INTO {INDEX}({INDEX}, rank) VALUES ('integrity-check', 1)")
    except Exception:  # noqa: BLE001 - any failure means "not consistent"
        return False
    return True
