"""Two exams side by side: every item and score of either, and whether it changed.

The rows are the columns of the research export (``interop.csv_export.columns``), so the
comparison and the CSV always agree on what an item is and how a score is computed. What the
CSV keeps as codes for research scripts (``within_72h``, ``skull_base``, dotted item paths) is
shown here in the words of the PDF report (``core.report.labels``, which the wizard's buttons
match), so a clinician reads one vocabulary throughout the app.

Rows come in the order visits are compared: the House-Brackmann grades first (the clinician's
final grade, then the grade Facialis suggested), the days since onset and the scores, the
assessment and the review, then the findings in exam order; record and patient identity last.
Items assessed in neither exam are left out; bookkeeping (record ids, uid) is not compared.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..interop.csv_export import FORMULA_NOTE, Column, ExportRow, columns, export_row
from ..interop.items import Item, exam_items
from ..report import labels as words
from ..store import ExamRecord

if TYPE_CHECKING:
    from ..patient import Patient

#: Columns that identify the record rather than describe the patient's face.
_BOOKKEEPING = {"exam_id", "exam_uid", "patient_id", "replaces_exam_id", "record_signed_at"}
SCORE_SECTIONS = ("Derived", "Scores", "Assessment")

#: The section the grades are gathered in, at the top of the comparison.
GRADE_SECTION = "House-Brackmann grade"
#: Its rows, in this order: the clinician's grades (and why they differ), then the suggestion.
GRADE_COLUMNS = ("final_hb_r", "final_hb_l", "final_hb_reason", "r_hb_suggested", "l_hb_suggested")
#: Sections by the start of their name, in the order they are shown; any other section goes
#: after the findings, before the record and patient identity.
SECTION_ORDER = (
    GRADE_SECTION, "Derived", "Scores", "Assessment", "Review", "Encounter", "History", "Right side", "Left side",
    "Topognostic", "Associated", "Electrodiagnostics", "Record", "Patient",
)
#: Shown for a final grade nobody gave yet (the report's words).
NOT_GIVEN = "not given"
#: Shown for the signature of an exam that is still a draft.
NOT_SIGNED = "not signed"
_SIGNATURE = {"signed_by", "signed_at", "record_signed_by"}


@dataclass(frozen=True)
class CompareRow:
    section: str
    label: str
    name: str
    before: str
    after: str
    changed: bool
    is_score: bool


def display_value(value: Any, kind: str, empty: str = words.NOT_ASSESSED) -> str:
    """A value as a clinician reads it: ``empty`` when missing, yes/no, the report's words for codes.

    0 and False are values, never "missing": a measured zero and a "no" stay distinct from an
    item nobody assessed.
    """
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
        return words.enum_label(value)
    return str(value)


@functools.cache
def _items_by_column() -> dict[str, Item]:
    return {item.column: item for item in exam_items()}


@functools.cache
def _items_by_path() -> dict[str, Item]:
    return {item.dotted: item for item in exam_items()}


def item_label(item: Item) -> str:
    """The item's label with a trailing code in words (``Recent surgery sites: skull base``).

    The export's label ends in the raw code for the members of a multiple choice; the data
    dictionary keeps that, the comparison shows the report's word for it.
    """
    code = item.path[-1]
    if item.label.endswith(f": {code}"):
        return item.label[: -len(code)] + words.enum_label(code)
    return item.label


def path_label(dotted: str) -> str:
    """What a dotted exam path (as in ``Exam.carried_over``) is called on screen."""
    by_path = _items_by_path()
    if dotted in by_path:
        return item_label(by_path[dotted])
    # A multiple choice list ("history.recent_surgery_sites") has one item per member.
    member = next((item for path, item in by_path.items() if path.startswith(dotted + ".")), None)
    if member is not None:
        return member.label.rsplit(": ", 1)[0]
    return dotted


@functools.cache
def _document_order(dotted: str) -> int:
    """Where a path's item comes in the exam (unknown paths last), so lists read in exam order."""
    paths = list(_items_by_path())
    return next((i for i, path in enumerate(paths) if path == dotted or path.startswith(dotted + ".")), len(paths))


def _carried(value: Any) -> str:
    paths = [p for p in str(value).split("; ") if p]
    return "; ".join(path_label(p) for p in sorted(paths, key=_document_order))


def _segments(value: Any) -> str:
    return "; ".join(words.segment(s) for s in str(value).split("; ") if s)


#: Columns whose values are codes that need more than ``enum_label``.
_VALUE_WORDS: dict[str, Callable[[Any], str]] = {
    "carried_over": _carried,
    "segments": _segments,
    "final_level": words.segment,
}


def _empty_text(column: Column) -> str:
    """What a missing value means in this column: not scored, not given, nothing found, nothing carried."""
    if column.name in ("final_hb_r", "final_hb_l"):
        return NOT_GIVEN
    if column.name in _SIGNATURE:  # a draft was not signed; nothing was left unassessed
        return NOT_SIGNED
    if column.section.startswith("Scores"):
        return "not scored"
    if column.section == "Assessment" or column.name == "carried_over":  # an empty list: there is none
        return "none"
    return words.NOT_ASSESSED


def _show(value: Any, column: Column) -> str:
    empty = _empty_text(column)
    if value is None or value == "":
        return empty
    special = _VALUE_WORDS.get(column.name)
    return special(value) if special is not None else display_value(value, column.kind, empty)


def _label(column: Column, section: str) -> str:
    item = _items_by_column().get(column.name)
    label = item_label(item) if item is not None else column.label
    for side in ("right", "left"):  # the section already names the side
        if f"{side} side" in section and label.endswith(f", {side}"):
            label = label[: -len(f", {side}")]
    return label


def _compare(column: Column, a: ExportRow, b: ExportRow) -> CompareRow | None:
    before, after = column.get(a), column.get(b)
    if before in (None, "") and after in (None, ""):
        return None
    shown_before, shown_after = _show(before, column), _show(after, column)
    section = GRADE_SECTION if column.name in GRADE_COLUMNS else column.section
    return CompareRow(
        section=section,
        label=_label(column, section),
        name=column.name,
        before=shown_before,
        after=shown_after,
        changed=shown_before != shown_after,
        is_score=column.section.startswith(SCORE_SECTIONS),
    )


def _section_rank(section: str) -> float:
    for rank, start in enumerate(SECTION_ORDER):
        if section.startswith(start):
            return rank
    return SECTION_ORDER.index("Record") - 0.5


def _sort_key(row: CompareRow, position: int) -> tuple[float, int, int]:
    grade = GRADE_COLUMNS.index(row.name) if row.name in GRADE_COLUMNS else 0
    return _section_rank(row.section), grade, position


def compare_rows(a: ExportRow, b: ExportRow) -> list[CompareRow]:
    """Every item or score assessed in either exam, grades first (see the module docstring)."""
    rows: list[CompareRow] = []
    for column in columns():
        if column.name in _BOOKKEEPING:
            continue
        row = _compare(column, a, b)
        if row is not None:
            rows.append(row)
    order = sorted(range(len(rows)), key=lambda i: _sort_key(rows[i], i))
    return [rows[i] for i in order]


def compare_exams(a: ExamRecord, b: ExamRecord, patient: Patient | None = None) -> list[CompareRow]:
    """Rows for two stored exams (``a`` usually the earlier); ``patient``, the current patient
    record, stands in for the copies the documents hold (a corrected MRN shows corrected)."""
    return compare_rows(export_row(a, patient), export_row(b, patient))


#: A score row's name after its side prefix (``l_sb_composite``) -> the scale module that computes it.
_SCALE_PREFIXES = (("hb_", "house_brackmann"), ("fngs2_", "fngs2"), ("sb_", "sunnybrook"), ("ef_", "eface"),
                   ("yg_", "yanagihara"))
#: A final grade row -> the side it grades.
_FINAL_HB = {"final_hb_r": "right", "final_hb_l": "left"}
#: Derived numbers the export's dictionary names but does not explain.
_DERIVED = {
    "days_since_onset": "Counted from the onset date to the exam date (the encounter's dates); 'not assessed' "
                        "when the exam records no onset date.",
}


@functools.cache
def _descriptions() -> dict[str, str]:
    """Each comparison row's meaning as the data dictionary states it (core's export columns),
    without the dictionary's note on how the CSV file writes formula-like text: that is about the
    file, not about the finding a clinician compares."""
    found: dict[str, str] = {}
    for column in columns():
        text = column.description.replace(f"; {FORMULA_NOTE}", "").replace(FORMULA_NOTE, "").strip()
        if text:
            found[column.name] = text
    return found


def _scale_module(name: str) -> ModuleType | None:
    """The scale module that computes a score row (its RULE and SOURCE), or None for an item."""
    from ..scales import eface, fngs2, house_brackmann, sunnybrook, yanagihara

    modules = {"house_brackmann": house_brackmann, "fngs2": fngs2, "sunnybrook": sunnybrook, "eface": eface,
               "yanagihara": yanagihara}
    short = name.split("_", 1)[1] if name[:2] in ("r_", "l_") else name
    for prefix, module in _SCALE_PREFIXES:
        if short.startswith(prefix):
            return modules[module]
    if name in _FINAL_HB:
        return house_brackmann
    return None


def row_explanation(row: CompareRow) -> str:
    """Where a compared number comes from: its rule and source (the scale's own), what its items are
    and what "not scored" means; for a finding, what the dictionary says of it. Empty for plain items."""
    lines: list[str] = []
    module = _scale_module(row.name)
    if row.name in _FINAL_HB:
        lines.append("The grade the clinician chose on the Review page ('not given': none chosen yet); "
                     "the suggestion below is Facialis's.")
    if module is not None:
        rule = getattr(module, "RULE", None)
        if rule and row.name not in _FINAL_HB:
            lines.append(f"Rule: {rule}")
        lines.append(f"Source: {module.SOURCE}")
        if row.is_score:
            side = "Right side" if row.name.startswith("r_") else "Left side"
            lines.append(f"Its items are compared under '{side}'.")
        if "not scored" in (row.before, row.after):
            lines.append("'not scored': some of its items were not assessed in that exam, so no score is "
                         "given (never counted as 0).")
    elif row.name in _DERIVED:
        lines.append(_DERIVED[row.name])
    elif row.name in _descriptions():
        lines.append(_descriptions()[row.name])
    return "\n".join(lines)
