"""Full-text search (FTS5): the index tables, the triggers that keep them in sync, safe queries.

The indexes are external-content FTS5 tables keyed by the row id, so they hold no second copy
of the text. ``Table.transform()`` rebuilds a table and silently drops its triggers: every
migration that transforms an indexed table must call :func:`install_fts_triggers` afterwards
(the ids survive a transform, so the index itself stays valid; :func:`rebuild_fts` is there
when in doubt).
"""
from __future__ import annotations

from typing import TYPE_CHECKING
from dataclasses import dataclass


if TYPE_CHECKING:
    from sqlite_utils import Database

#: Case- and accent-insensitive words in any script ("muller" finds "Müller").
TOKENIZE = "unicode61 remove_diacritics 2"
#: More words than this in one query add nothing but cost; the rest are ignored.
MAX_QUERY_TOKENS = 16


@dataclass(frozen=True)
class FtsSpec:
    """Which columns of which table are searchable."""

    table: str
    columns: tuple[str, ...]

    @property
    def fts_table(self) -> str:
        return f"{self.table}_fts"

    def trigger_names(self) -> tuple[str, str, str]:
        return (f"{self.fts_table}_ai", f"{self.fts_table}_ad", f"{self.fts_table}_au")


PATIENTS_FTS = FtsSpec("patients", ("mrn", "family_name", "given_names"))
EXAMS_FTS = FtsSpec("exams", ("diagnosis", "impression"))
ALL_FTS: tuple[FtsSpec, ...] = (PATIENTS_FTS, EXAMS_FTS)


def create_fts(db: Database, spec: FtsSpec) -> None:
    """Create the index table for ``spec``, fill it from existing rows, and add its triggers."""
    columns = ", ".join(spec.columns)
    db.execute(
        f"CREATE VIRTUAL TABLE {spec.fts_table} USING fts5({columns}, "
        f"content='{spec.table}', content_rowid='id', tokenize='{TOKENIZE}')"
    )
    rebuild_fts(db, spec)
    install_fts_triggers(db, spec)


def install_fts_triggers(db: Database, spec: FtsSpec) -> None:
    """(Re)create the insert/delete/update triggers that mirror ``spec.table`` into its index."""
    cols = ", ".join(spec.columns)
    new = ", ".join(f"new.{c}" for c in spec.columns)
    old = ", ".join(f"old.{c}" for c in spec.columns)
    fts = spec.fts_table
    ai, ad, au = spec.trigger_names()
    for name in (ai, ad, au):
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    db.execute(
        f"CREATE TRIGGER {ai} AFTER INSERT ON {spec.table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    db.execute(
        f"CREATE TRIGGER {ad} AFTER DELETE ON {spec.table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
    )
    db.execute(
        f"CREATE TRIGGER {au} AFTER UPDATE OF {cols} ON {spec.table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END"
    )


def rebuild_fts(db: Database, spec: FtsSpec) -> None:
    """Re-read every row of the content table into the index."""
    db.execute(f"INSERT INTO {spec.fts_table}({spec.fts_table}) VALUES ('rebuild')")


def fts_is_consistent(db: Database, spec: FtsSpec) -> bool:
    """True when the index matches the content table (FTS5 'integrity-check' with rank 1)."""
    try:
        db.execute(f"INSERT INTO {spec.fts_table}({spec.fts_table}, rank) VALUES ('integrity-check', 1)")
    except Exception:  # noqa: BLE001 - any failure means "not consistent"
        return False
    return True


def _is_token_char(char: str) -> bool:
    """Letters, numbers and private-use characters make words for the unicode61 tokenizer."""
    import unicodedata  # here, not at import: the store opens at start-up without it

    category = unicodedata.category(char)
    return category[0] in "LN" or category == "Co"


def match_expression(text: str) -> str | None:
    """Turn whatever a user typed into a safe FTS5 query, or None when there is nothing to search.

    Each whitespace-separated word becomes a quoted prefix phrase (``"word"*``), quotes doubled,
    words ANDed. Inside quotes FTS5 treats operators (AND OR NOT NEAR), ``*``, ``^``, ``:``,
    brackets and markup as plain text, so no input can raise a syntax error. Words without any
    letter or digit would be empty phrases and are dropped.
    """
    from ...text import clean_text

    tokens: list[str] = []
    for word in clean_text(text).split():
        if not any(_is_token_char(c) for c in word):
            continue
        tokens.append('"' + word.replace('"', '""') + '"*')
        if len(tokens) == MAX_QUERY_TOKENS:
            break
    return " AND ".join(tokens) or None
