"""CSV export for research: one row per exam, one column per item and score, and a data dictionary.

Column names are stable (derived from the exam format, see ``items.py``; a test pins them),
lower case, start with a letter and use only ``a-z``, ``0-9`` and ``_``, so REDCap and R take them
as variable names. Values: empty = not assessed, ``1``/``0`` for yes/no, codes as in the exam file
(``within_72h``, ``IV``), dates ``YYYY-MM-DD``, date-times ``YYYY-MM-DD HH:MM``. The data dictionary
(``<name>.dictionary.csv`` beside the data) lists every column with its meaning, type, allowed
values and unit.

Rows are current versions (drafts and signed exams; a superseded version is replaced by its
amendment, whose ``exam_version`` says so). Scores are computed by the same scale functions as
the exam screen (``scoring.py``).

Identity (MRN, names, date of birth, sex) comes from the current patient record, not from the
copy in the exam document, and the age is computed from it and the exam date: a corrected MRN or
birth date reaches the CSV as it reaches the FHIR bundle and the exam files. ``record_signed_at``
is UTC (``times.py``).

Spreadsheets run a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return
before one) as a formula, and a research CSV is opened in one sooner or later: free text (names,
MRN, impression, plan) that begins so is written after a ``'`` (the usual guard, which the
spreadsheet shows as plain text), and the data dictionary says so. Numbers, codes and dates are
never changed, so a negative Sunnybrook composite stays a number.
"""
from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..atomic import atomic_writer
from ..exam import Exam, exam_from_document, exam_to_document
from ..store import ExamRecord, Store
from .items import SIDE_PREFIX, SIDES, Item, exam_items, value_at
from .identity import with_patient
from .scoring import ExamScores, SideScores, score_exam
from .times import record_time

if TYPE_CHECKING:
    from ..patient import Patient

GRADES = ("I", "II", "III", "IV", "V", "VI")
#: First characters that make a spreadsheet read a text cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What the data dictionary says about the guard, for every free-text column.
FORMULA_NOTE = "text beginning with = + - @ (or a tab or carriage return) is written after a ' so spreadsheets show it as text"
PATTERNS = ("central", "peripheral", "branch", "indeterminate")
DICTIONARY_HEADER = ("name", "label", "section", "type", "allowed_values", "unit", "description")


@dataclass(frozen=True)
class ExportRow:
    """One exam as the exporters see it: the stored record, the exam and its scores."""

    record: ExamRecord
    exam: Exam
    scores: ExamScores
    document: dict[str, Any]  # the exam as JSON, which the item columns read


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    section: str
    kind: str
    allowed: str
    get: Callable[[ExportRow], Any]
    unit: str = ""
    description: str = ""


def _record_columns() -> list[Column]:
    section = "Record"
    return [
        Column("exam_id", "Exam record id in the database", section, "integer", "1 or more", lambda r: r.record.id,
               description="one id per version of an exam"),
        Column("exam_uid", "Exam identity, kept across export and import", section, "text", "free text",
               lambda r: r.exam.uid),
        Column("patient_id", "Patient record id in the database", section, "integer", "1 or more",
               lambda r: r.record.patient_id),
        Column("exam_version", "Version of the exam (1 = original, 2 = first amendment, ...)", section, "integer",
               "1 or more", lambda r: r.record.version_no),
        Column("exam_status", "Record status", section, "choice", "draft | signed", lambda r: r.record.status),
        Column("replaces_exam_id", "The version this amendment replaces", section, "integer", "1 or more",
               lambda r: r.record.replaces_id),
        Column("record_signed_at", "When the record was signed (UTC)", section, "datetime", "YYYY-MM-DD HH:MM",
               lambda r: _utc(r.record.signed_at)),
        Column("record_signed_by", "Who signed the record", section, "text", "free text",
               lambda r: r.record.signed_by),
        Column("age_years", "Age at the exam, from the date of birth", "Derived", "integer", "0 to 130",
               lambda r: r.exam.age_years, unit="years"),
        Column("days_since_onset", "Days from onset to the exam", "Derived", "integer", "0 or more",
               lambda r: r.exam.days_since_onset, unit="days"),
    ]


def _item_column(item: Item) -> Column:
    return Column(item.column, item.label, item.section, item.kind, item.allowed(),
                  lambda r, item=item: value_at(r.document, item), item.unit, item.description)


def _with_formula_note(column: Column) -> Column:
    """A free-text column's dictionary entry says how a formula-like value is written."""
    if column.kind != "text":
        return column
    description = f"{column.description}; {FORMULA_NOTE}" if column.description else FORMULA_NOTE
    return replace(column, description=description)


def _side(row: ExportRow, side: str) -> SideScores | None:
    return row.scores.sides.get(side)


def _score(side: str, pick: Callable[[SideScores], Any]) -> Callable[[ExportRow], Any]:
    def get(row: ExportRow) -> Any:
        scores = _side(row, side)
        return None if scores is None else pick(scores)

    return get


def _score_columns() -> list[Column]:
    columns: list[Column] = []
    grades = " | ".join(GRADES)
    for side in SIDES:
        p = SIDE_PREFIX[side] + "_"
        section = f"Scores, {side} side"
        spec: list[tuple[str, str, str, str, Callable[[SideScores], Any], str]] = [
            ("hb_suggested", "Suggested House-Brackmann grade (FNGS 2.0 checked by the 1985 anchors)", "choice",
             grades, lambda s: s.house_brackmann.suggested, "reference 1.2, 1.6.1"),
            ("hb_conflict", "FNGS 2.0 grade and a 1985 anchor disagree", "yesno", "1 = yes, 0 = no",
             lambda s: bool(s.house_brackmann.conflicts), "shown to the clinician, never resolved"),
            ("fngs2_total", "FNGS 2.0 total (four regions + secondary movement)", "integer", "4 to 27",
             lambda s: s.fngs2.total, "reference 1.6.1"),
            ("fngs2_grade", "FNGS 2.0 grade", "choice", grades, lambda s: s.fngs2.grade, "reference 1.6.1"),
            ("sb_resting", "Sunnybrook resting symmetry score (higher = worse)", "integer", "0 to 20",
             lambda s: s.sunnybrook.resting, "reference 2.1"),
            ("sb_voluntary", "Sunnybrook voluntary movement score", "integer", "20 to 100",
             lambda s: s.sunnybrook.voluntary, "reference 2.2"),
            ("sb_synkinesis", "Sunnybrook synkinesis score (higher = worse)", "integer", "0 to 15",
             lambda s: s.sunnybrook.synkinesis, "reference 2.3"),
            ("sb_composite", "Sunnybrook composite (voluntary - resting - synkinesis)", "integer", "-15 to 100",
             lambda s: s.sunnybrook.composite, "reference 2.4; not clamped, so it can be below 0"),
            ("ef_static", "eFACE static subscore", "number", "0 to 100", lambda s: s.eface.static, "reference 3.3"),
            ("ef_dynamic", "eFACE dynamic subscore", "number", "0 to 100", lambda s: s.eface.dynamic, "reference 3.3"),
            ("ef_synkinesis", "eFACE synkinesis subscore", "number", "0 to 100", lambda s: s.eface.synkinesis,
             "reference 3.3"),
            ("ef_total", "eFACE total", "number", "0 to 100", lambda s: s.eface.total, "reference 3.3"),
            ("yg_total", "Yanagihara total", "integer", "0 to 40", lambda s: s.yanagihara.total, "reference 4"),
        ]
        for name, label, kind, allowed, pick, description in spec:
            columns.append(Column(f"{p}{name}", f"{label}, {side}", section, kind, allowed, _score(side, pick),
                                  "points" if kind in ("integer", "number") and name != "fngs2_total" else "",
                                  f"{description}; empty when its items are incomplete"))
    return columns


def _codes(row: ExportRow, system: str) -> str | None:
    codes = getattr(row.scores.assessment.codes, system)
    return "; ".join(code.code for code in codes) or None


def _assessment_columns() -> list[Column]:
    section = "Assessment"

    def top(row: ExportRow) -> str | None:
        differential = row.scores.assessment.differential
        return differential[0].name if differential else None

    return [
        Column("pattern", "Motor pattern found by Facialis", section, "choice", " | ".join(PATTERNS),
               lambda r: r.scores.pattern, description="reference 6.1"),
        Column("segments", "Candidate lesion segments, proximal to distal", section, "text",
               "segment ids separated by '; '", lambda r: "; ".join(r.scores.segments) or None,
               description="reference 5.4"),
        Column("red_flags", "Red flags present", section, "yesno", "1 = yes, 0 = no",
               lambda r: bool(r.scores.red_flags), description="reference 8.2"),
        Column("red_flag_list", "Red flags found", section, "text", "free text",
               lambda r: "; ".join(r.scores.red_flags) or None),
        Column("top_differential", "Most likely entity of the differential suggested by Facialis", section, "text",
               "free text", top, description="reference 7"),
        Column("icd10cm", "ICD-10-CM codes of the leading diagnosis", section, "text", "codes separated by '; '",
               lambda r: _codes(r, "icd10cm"), description="reference 9.1"),
        Column("snomed", "SNOMED CT codes of the leading diagnosis", section, "text", "codes separated by '; '",
               lambda r: _codes(r, "snomed"), description="reference 9.2"),
    ]


def columns() -> list[Column]:
    """Every column of the export, in order: record, derived, exam items, scores, assessment."""
    return [
        _with_formula_note(column)
        for column in (
            *_record_columns(),
            *(_item_column(item) for item in exam_items()),
            *_score_columns(),
            *_assessment_columns(),
        )
    ]


def format_value(value: Any, kind: str) -> str:
    """One cell: empty for not assessed, 1/0 for yes/no, ISO dates, ``YYYY-MM-DD HH:MM`` date-times, free text
    that a spreadsheet would run as a formula after a ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if kind == "datetime":
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        return moment.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.10g}"
    text = str(value)
    if kind == "text" and text.startswith(FORMULA_STARTS):
        return "'" + text  # never run as a formula (module docstring)
    return text


def _utc(text: str | None) -> str | None:
    """A record time as the UTC column shows it (a time without an offset is local, see times.py)."""
    moment = record_time(text)
    return None if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def export_row(record: ExamRecord, patient: Patient | None = None) -> ExportRow:
    """One exam's row; ``patient`` (the current patient record) replaces the document's copy."""
    exam = exam_from_document(record.document, f"exam {record.id}")
    if patient is not None:
        exam = with_patient(exam, patient, f"exam {record.id} with the patient record of MRN {patient.mrn}")
    return ExportRow(record=record, exam=exam, scores=score_exam(exam), document=exam_to_document(exam))


def rows_for(store: Store, exam_ids: Iterable[int]) -> Iterator[ExportRow]:
    """Rows of the exams, each with its patient's current record (read once per patient)."""
    patients: dict[int, Patient] = {}
    for exam_id in exam_ids:
        record = store.get_exam(exam_id)
        if record.patient_id not in patients:
            patients[record.patient_id] = store.get_patient(record.patient_id).patient
        yield export_row(record, patients[record.patient_id])


def write_csv(rows: Iterable[ExportRow], out: TextIO) -> int:
    """Write the header and one line per exam; returns the number of exams written."""
    cols = columns()
    writer = csv.writer(out)
    writer.writerow([c.name for c in cols])
    count = 0
    for row in rows:
        writer.writerow([format_value(c.get(row), c.kind) for c in cols])
        count += 1
    return count


def write_dictionary(out: TextIO) -> int:
    """The data dictionary: one line per column (name, label, section, type, allowed values, unit)."""
    writer = csv.writer(out)
    writer.writerow(DICTIONARY_HEADER)
    cols = columns()
    for c in cols:
        writer.writerow([c.name, c.label, c.section, c.kind, c.allowed, c.unit, c.description])
    return len(cols)


def dictionary_path(csv_path: str | os.PathLike[str]) -> Path:
    """``exams.csv`` -> ``exams.dictionary.csv``, beside the data."""
    path = Path(csv_path)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return path.with_name(f"{stem}.dictionary.csv")


def export_csv(store: Store, exam_ids: Iterable[int], path: str | os.PathLike[str]) -> tuple[int, Path]:
    """Write the data file and its dictionary; returns the number of exams and the dictionary's path.

    Both are written to temporary files first and renamed at the end, so an interrupted export
    never leaves a half-written file under the expected name.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    dictionary = dictionary_path(path)
    with atomic_writer(path, "w", encoding="utf-8", newline="") as out:
        count = write_csv(rows_for(store, exam_ids), out)
    with atomic_writer(dictionary, "w", encoding="utf-8", newline="") as out:
        write_dictionary(out)
    return count, dictionary


def dictionary_markdown() -> str:
    """The data dictionary as a Markdown table (docs/csv-data-dictionary.md is this text)."""
    lines = [
        "# CSV export: data dictionary",
        "",
        "Written by `facialis export --format csv` (and the case browser's export) beside the data file as",
        "`<name>.dictionary.csv`. One row per exam (current versions: drafts and signed exams), one column per",
        "item and score. Empty = not assessed; yes/no as `1`/`0`; dates `YYYY-MM-DD`; date-times",
        "`YYYY-MM-DD HH:MM`; codes as in the exam file (docs/exam-format.md). Items with `_r`/`_l` or",
        "`r_`/`l_` belong to the right or left side. A text value that begins with `=`, `+`, `-` or `@` (or a",
        "tab or carriage return) is written after a `'`, so a spreadsheet shows it as text instead of",
        "running it as a formula; numbers are never changed.",
        "",
        "| name | label | type | allowed values | unit |",
        "| --- | --- | --- | --- | --- |",
    ]
    for c in columns():
        allowed = c.allowed.replace("|", "\\|")
        lines.append(f"| `{c.name}` | {c.label} | {c.kind} | {allowed} | {c.unit} |")
    return "\n".join(lines) + "\n"
