"""Schema helpers shared by the migrations: full-text search and guard triggers."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .exam_search import has_exam_search, install_exam_search_triggers
from .fts import ALL_FTS, FtsSpec, install_fts_triggers
from .guards import install_audit_guards, install_exam_guards

if TYPE_CHECKING:
    from sqlite_utils import Database


def reinstall_triggers(db: Database, table: str) -> None:
    """Recreate every trigger that belongs to ``table``; call after ``db[table].transform()``."""
    for spec in ALL_FTS:
        if spec.table == table:
            install_fts_triggers(db, spec)
    if table == "exams":
        install_exam_guards(db)
    if table in ("exams", "patients") and has_exam_search(db):
        install_exam_search_triggers(db)
    if table == "audit":
        install_audit_guards(db)


__all__ = ["FtsSpec", "reinstall_triggers"]
