"""The audit trail: who changed which record when, and exactly which fields changed.

Rows are written inside the caller's transaction, so a change and its audit row are committed
(or rolled back) together. ``changes`` maps a field to ``[old, new]``; nested values (the exam
document) are flattened to JSON-Pointer-like paths such as ``document/items/brow``, so an
autosave records the one answer that changed rather than the whole document.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import clock
from .connection import rows
from .records import AuditRow, audit_from_row

if TYPE_CHECKING:
    from sqlite_utils import Database


def _escape(key: str) -> str:
    if "~" in key or "/" in key:
        return key.replace("~", "~0").replace("/", "~1")
    return key


def flatten(values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts become ``a/b/c`` keys; lists, scalars and empty dicts are leaves."""
    flat: dict[str, Any] = {}
    for key, value in values.items():
        name = f"{prefix}{_escape(str(key))}"
        if isinstance(value, Mapping) and value:
            flat.update(flatten(value, f"{name}/"))
        else:
            flat[name] = value
    return flat


#: Leaf types whose JSON text is equal exactly when the values are equal (same type on both sides).
_PLAIN = (str, int, bool, type(None))


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON (so 1 and True, or 1 and 1.0, count as a change).

    Most leaves are text, numbers, booleans or None of the same type on both sides: compared
    directly (an autosave diffs a few hundred leaves, and encoding each twice was most of its cost);
    floats by their JSON text (``repr``: -0.0 is not 0.0); anything else by its JSON text.
    """
    kind = type(a)
    if kind is type(b):
        if kind in _PLAIN:
            return bool(a == b)
        if kind is float:
            return repr(a) == repr(b)
    return json.dumps(a, sort_keys=True, ensure_ascii=False) == json.dumps(b, sort_keys=True, ensure_ascii=False)


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value differs, as ``{field: [old, new]}`` (absent counts as None)."""
    flat_old, flat_new = flatten(old), flatten(new)
    changes: dict[str, list[Any]] = {}
    for key in [*flat_old, *(k for k in flat_new if k not in flat_old)]:
        before, after = flat_old.get(key), flat_new.get(key)
        if not _same(before, after):
            changes[key] = [before, after]
    return changes


def record(
    db: Database, *, user: str, action: str, entity: str, entity_id: int, changes: Mapping[str, Any]
) -> int:
    """Append one audit row (inside the caller's open transaction) and return its id."""
    cursor = db.conn.execute(
        "INSERT INTO audit (at, user, action, entity, entity_id, changes) VALUES (?, ?, ?, ?, ?, ?)",
        (clock.timestamp(), user, action, entity, entity_id, json.dumps(changes, ensure_ascii=False)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def read(db: Database, entity: str | None = None, entity_id: int | None = None) -> list[AuditRow]:
    """Audit rows, oldest first, optionally for one entity kind and/or one record."""
    where: list[str] = []
    params: list[Any] = []
    if entity is not None:
        where.append("entity = ?")
        params.append(entity)
    if entity_id is not None:
        where.append("entity_id = ?")
        params.append(entity_id)
    sql = "SELECT * FROM audit" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
    return [audit_from_row(r) for r in rows(db, sql, params)]
