"""One full-text index per exam over the patient's MRN and names and the exam's diagnosis and impression.

The case browser searches exams with words that may belong to either record ("mül bell": a
patient name and a diagnosis). Two separate indexes (``patients_fts``, ``exams_fts``) cannot AND
such words without scanning every exam, so this index holds, per exam version, the five columns
together. It is an external-content FTS5 table over a view (no second copy of the text); its
triggers keep it in step with both tables:

- an exam row inserted, deleted, or changed in its patient, diagnosis, impression, date or status;
- a patient renamed or given another MRN: every exam of that patient is re-indexed.

FTS5 removes an entry only when given the exact values that were indexed; the triggers read a
patient's values from ``patients`` while they are still the indexed ones (patient triggers use
``old.*``), so the index never drifts.

The entries are keyed (FTS5 rowid) not by the exam id but by a *browse key* (:func:`key_sql`) that
orders them as the browser lists exams: current versions (drafts and signed) on the positive side,
superseded ones on the negative side, each in exam-date order (to the second; a date without a
time before that day's times; no date first), then by id. So the index alone answers "how many
current exams match" and "the newest 100 of them" (``rowid > 0 ... ORDER BY rowid DESC LIMIT
100``), without reading a row of ``exams``; the exam id is the key's low 26 bits
(:data:`EXAM_ID_OF_KEY`). Exam ids of 2**26 and above (never reached by a clinic) get keys in a
range of their own, in id order; the browser then orders searches by reading the exams instead.
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

#: Bits of the browse key that hold the exam id; ids up to this mask are keyed in date order.
ID_BITS = 26
ID_MASK = (1 << ID_BITS) - 1
#: Current versions are keyed above zero, superseded ones below, this far from the date order's middle.
STATUS_STEP = 1 << 61
#: Keys of exams whose id does not fit in ``ID_BITS``: this plus the id (above every other key).
LARGE_ID_BASE = 3 << 61
_SECONDS_LIMIT = (1 << 33) - 1  # ~ years 1698 to 2242: dates outside are kept at the limit
_NO_DATE = -(1 << 34)
#: SQL: the exam id of an index entry (its ``rowid``).
EXAM_ID_OF_KEY = f"(CASE WHEN rowid >= {LARGE_ID_BASE} THEN rowid - {LARGE_ID_BASE} ELSE rowid & {ID_MASK} END)"
#: SQL conditions on the key for the browser's status filters (with ids that fit the key).
CURRENT_KEYS = f"rowid > 0 AND rowid < {LARGE_ID_BASE}"
SUPERSEDED_KEYS = "rowid < 0"

_COLS = ", ".join(COLUMNS)


def key_sql(exam: str) -> str:
    """SQL for the browse key of the exam row ``exam`` (``new``, ``old``, or a table alias)."""
    seconds = f"max(min(CAST(strftime('%s', {exam}.exam_date) AS INTEGER), {_SECONDS_LIMIT}), -{_SECONDS_LIMIT})"
    date = f"coalesce({seconds} * 2 + (length({exam}.exam_date) > 10), {_NO_DATE})"
    status = f"(CASE WHEN {exam}.status = 'superseded' THEN -{STATUS_STEP} ELSE {STATUS_STEP} END)"
    return (
        f"(CASE WHEN {exam}.id > {ID_MASK} THEN {LARGE_ID_BASE} + {exam}.id "
        f"ELSE {date} * {1 << ID_BITS} + {exam}.id + {status} END)"
    )


def create_exam_search(db: Database) -> None:
    """Create the view, the index (filled from existing rows) and its triggers."""
    db.execute(
        f"CREATE VIEW {SOURCE_VIEW} AS SELECT {key_sql('e')} AS key, p.mrn AS mrn, p.family_name AS family_name, "
        "p.given_names AS given_names, e.diagnosis AS diagnosis, e.impression AS impression "
        "FROM exams e JOIN patients p ON p.id = e.patient_id"
    )
    db.execute(
        f"CREATE VIRTUAL TABLE {INDEX} USING fts5({_COLS}, content='{SOURCE_VIEW}', "
        f"content_rowid='key', tokenize='{TOKENIZE}')"
    )
    db.execute(f"INSERT INTO {INDEX}({INDEX}) VALUES ('rebuild')")
    install_exam_search_triggers(db)


def drop_exam_search(db: Database) -> None:
    """Remove the index, its view and its triggers (whatever their definition)."""
    for name in TRIGGERS:
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    db.execute(f"DROP TABLE IF EXISTS {INDEX}")
    db.execute(f"DROP VIEW IF EXISTS {SOURCE_VIEW}")


def has_exam_search(db: Database) -> bool:
    return db.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (INDEX,)
    ).fetchone()[0] == 1


def _delete_exam(exam: str, patient_id: str) -> str:
    """Remove one exam's entry, with the patient values as they are indexed now."""
    return (
        f"INSERT INTO {INDEX}({INDEX}, rowid, {_COLS}) SELECT 'delete', {key_sql(exam)}, p.mrn, p.family_name, "
        f"p.given_names, {exam}.diagnosis, {exam}.impression FROM patients p WHERE p.id = {patient_id};"
    )


def _insert_exam(exam: str, patient_id: str) -> str:
    return (
        f"INSERT INTO {INDEX}(rowid, {_COLS}) SELECT {key_sql(exam)}, p.mrn, p.family_name, p.given_names, "
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
        f"CREATE TRIGGER {au} AFTER UPDATE OF patient_id, diagnosis, impression, exam_date, status ON exams BEGIN "
        f"{_delete_exam('old', 'old.patient_id')} {_insert_exam('new', 'new.patient_id')} END"
    )
    db.execute(
        f"CREATE TRIGGER {patient_au} AFTER UPDATE OF mrn, family_name, given_names ON patients BEGIN "
        f"INSERT INTO {INDEX}({INDEX}, rowid, {_COLS}) SELECT 'delete', {key_sql('e')}, old.mrn, old.family_name, "
        "old.given_names, e.diagnosis, e.impression FROM exams e WHERE e.patient_id = old.id; "
        f"INSERT INTO {INDEX}(rowid, {_COLS}) SELECT {key_sql('e')}, new.mrn, new.family_name, new.given_names, "
        "e.diagnosis, e.impression FROM exams e WHERE e.patient_id = new.id; END"
    )


def exam_search_is_consistent(db: Database) -> bool:
    """True when the index matches its source (FTS5 'integrity-check' with rank 1)."""
    try:
        db.execute(f"INSERT INTO {INDEX}({INDEX}, rank) VALUES ('integrity-check', 1)")
    except Exception:  # noqa: BLE001 - any failure means "not consistent"
        return False
    return True
