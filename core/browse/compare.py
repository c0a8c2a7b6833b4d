"""Two exams side by side: every item and score of either, and whether it changed.

The rows are the columns of the research export (``interop.csv_export.columns``), so the
comparison and the CSV always agree on what an item is called and how a score is computed.
Items assessed in neither exam are left out; bookkeeping (record ids, uid) is not compared.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..interop.csv_export import Column, ExportRow, columns, export_row
from ..store import ExamRecord

#: Columns that identify the record rather than describe the patient's face.
_BOOKKEEPING = {"exam_id", "exam_uid", "patient_id", "replaces_exam_id", "record_signed_at"}
SCORE_SECTIONS = ("Derived", "Scores", "Assessment")


@dataclass(frozen=True)
class CompareRow:
    section: str
    label: str
    name: str
    before: str
    after: str
    changed: bool
    is_score: bool


def display_value(value: Any, kind: str, empty: str = "not assessed") -> str:
    """A value as a clinician reads it: "not assessed", yes/no, words instead of codes."""
    if value is None or value == "":
        return empty
    if isinstance(value, bool):
        return "yes" if value else "no"
    if kind == "datetime" or isinstance(value, datetime):
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        return moment.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    if kind == "choice":
        return str(value).replace("_", " ")
    return str(value)


def _compare(column: Column, a: ExportRow, b: ExportRow) -> CompareRow | None:
    before, after = column.get(a), column.get(b)
    if before in (None, "") and after in (None, ""):
        return None
    empty = "not scored" if column.section.startswith("Scores") else "none" if column.section == "Assessment" else "not assessed"
    shown_before, shown_after = display_value(before, column.kind, empty), display_value(after, column.kind, empty)
    label = column.label
    for side in ("right", "left"):  # the section already names the side
        if f"{side} side" in column.section and label.endswith(f", {side}"):
            label = label[: -len(f", {side}")]
    return CompareRow(
        section=column.section,
        label=label,
        name=column.name,
        before=shown_before,
        after=shown_after,
        changed=shown_before != shown_after,
        is_score=column.section.startswith(SCORE_SECTIONS),
    )


def compare_rows(a: ExportRow, b: ExportRow) -> list[CompareRow]:
    rows: list[CompareRow] = []
    for column in columns():
        if column.name in _BOOKKEEPING:
            continue
        row = _compare(column, a, b)
        if row is not None:
            rows.append(row)
    return rows


def compare_exams(a: ExamRecord, b: ExamRecord) -> list[CompareRow]:
    """Rows for two stored exams (``a`` usually the earlier)."""
    return compare_rows(export_row(a), export_row(b))
