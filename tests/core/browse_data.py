"""A small clinic with awkward names and texts, and a plain-Python oracle of the browser's query.

The oracle says what a search, filter and sort should return, written the slow, obvious way
(every row in Python), so the SQL plans of ``facialis.core.browse`` are checked against it.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from facialis.core.browse import ExamFilter, SortKey
from facialis.core.exam import Segment
from facialis.core.patient import Patient
from facialis.core.store import ExamSummary, Store

GRADES = ("I", "II", "III", "IV", "V", "VI")

PATIENTS: list[tuple[str, str, str]] = [
    ("F-0001", "Müller", "Anna"),
    ("F-0002", "Mueller", "Hans"),
    ("F-0003", "O'Brien", "Seán"),
    ("F-0004", '"Quote" Smith', "Ann"),
    ("F-0005", "<b>Bold</b>", "Tag"),
    ("F-0006", "AND", "OR"),
    ("F-0007", "王", "秀英"),
    ("F-0008", "Иванов", "Сергей"),
    ("F-0009", "Near", "Not"),
    ("F-0010", "Zimmermann", ""),
    ("f-0011", "müller-lüdenscheidt", "Karl"),
    ("F-0012", "Smith", "John"),
]

DIAGNOSES = [
    "Bell's palsy", "Ramsay Hunt syndrome", "Lyme neuroborreliosis", "Cholesteatoma", "Parotid malignancy",
    "Acute ischaemic stroke", None,
]
IMPRESSIONS = [
    "Acute peripheral palsy AND forehead involved.",
    "<script>alert(1)</script> copied from a web form",
    'Patient says "not better" after 3 weeks; NEAR complete closure',
    "Synkinesis (oral-ocular) * noted: brow^ ok",
    "Improving steadily.",
    None,
]
LEVELS = ["labyrinthine", "branch", "supranuclear", "cpa,iac,labyrinthine", "parotid", None, "cpa"]
EXAMINERS = ["Dr. K. Brandt", "dr. a. rahman", "Dr. Ørsted", None]


@dataclass
class Row:
    """What the oracle knows about one stored exam version."""

    exam_id: int
    patient_id: int
    mrn: str
    family_name: str
    given_names: str
    exam_date: str | None
    side: str | None
    final_hb: str | None
    suggested_hb: str | None
    level: str | None
    status: str
    examiner: str | None
    red_flags: bool
    diagnosis: str | None
    impression: str | None
    version_no: int = 1
    extra: dict[str, Any] = field(default_factory=dict)


def build_clinic(store: Store, exams_per_patient: int = 6) -> list[Row]:
    """Patients with several exams each (drafts, signed, amended ones) in a fixed pattern."""
    rows: list[Row] = []
    start = datetime(2024, 1, 1, 9, 0)
    counter = 0
    for index, (mrn, family, given) in enumerate(PATIENTS):
        record = store.add_patient(Patient(mrn=mrn, family_name=family, given_names=given))
        for k in range(exams_per_patient):
            counter += 1
            when = start + timedelta(days=counter * 5 + (index % 3), hours=k % 4)
            summary = ExamSummary(
                exam_date=when if counter % 7 else when.date(),
                side=("right", "left", "bilateral", None)[counter % 4],
                suggested_hb=GRADES[(counter * 5) % 6] if counter % 9 else None,
                final_hb=GRADES[(counter * 5 + 1) % 6] if counter % 3 else None,
                level=LEVELS[counter % len(LEVELS)],
                examiner=EXAMINERS[counter % len(EXAMINERS)],
                red_flags=counter % 4 == 1,
                diagnosis=DIAGNOSES[counter % len(DIAGNOSES)],
                impression=IMPRESSIONS[counter % len(IMPRESSIONS)],
            )
            draft = store.save_draft(record.id, {"uid": f"u{counter}"}, summary)
            status = "draft"
            if counter % 5:
                draft = store.sign_exam(draft.id, draft.version)
                status = "signed"
            rows.append(_row(draft.id, record.id, mrn, family, given, summary, status, 1))
            if counter % 11 == 0 and status == "signed":
                amendment = store.amend_exam(draft.id)
                changed = ExamSummary(**{**summary.__dict__, "impression": "Amended: grading corrected."})
                amendment = store.save_draft(record.id, {"uid": f"u{counter}", "v": 2}, changed,
                                             exam_id=amendment.id, expected_version=amendment.version)
                store.sign_exam(amendment.id, amendment.version)
                rows[-1].status = "superseded"
                rows.append(_row(amendment.id, record.id, mrn, family, given, changed, "signed", 2))
    return rows


def _row(exam_id: int, patient_id: int, mrn: str, family: str, given: str, s: ExamSummary, status: str, version: int) -> Row:
    exam_date = s.exam_date.isoformat() if s.exam_date is not None else None
    return Row(exam_id, patient_id, mrn, family, given, exam_date, s.side, s.final_hb, s.suggested_hb, s.level,
               status, s.examiner, s.red_flags, s.diagnosis, s.impression, version)


# -- the oracle -------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Like the unicode61 tokenizer with remove_diacritics: lower case, accents dropped."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _tokens(text: str) -> list[str]:
    """Runs of letters, digits and private-use characters (what unicode61 calls tokens)."""
    out: list[str] = []
    word = ""
    for char in _fold(text):
        if unicodedata.category(char)[0] in "LN" or unicodedata.category(char) == "Co":
            word += char
        elif word:
            out.append(word)
            word = ""
    if word:
        out.append(word)
    return out


def _phrase_in(phrase: list[str], column: list[str]) -> bool:
    """The phrase's words in a row, the last one as a prefix (``"a b"*``)."""
    n = len(phrase)
    for start in range(len(column) - n + 1):
        window = column[start:start + n]
        if window[:-1] == phrase[:-1] and window[-1].startswith(phrase[-1]):
            return True
    return False


def matches_search(row: Row, text: str) -> bool:
    words = [w for w in text.split() if _tokens(w)][:16]
    if not words:  # something typed, but nothing searchable in it: finds nothing
        return False
    columns = [_tokens(v or "") for v in (row.mrn, row.family_name, row.given_names, row.diagnosis, row.impression)]
    return all(any(_phrase_in(_tokens(word), column) for column in columns) for word in words)


def _grade(row: Row) -> str | None:
    return row.final_hb or row.suggested_hb


def matches_filter(row: Row, flt: ExamFilter) -> bool:
    if flt.status == "current" and row.status not in ("draft", "signed"):
        return False
    if flt.status != "current" and row.status != flt.status:
        return False
    if flt.hb_min or flt.hb_max:
        low = GRADES.index(flt.hb_min) if flt.hb_min else 0
        high = GRADES.index(flt.hb_max) if flt.hb_max else 5
        low, high = min(low, high), max(low, high)
        grade = _grade(row)
        if grade is None or not low <= GRADES.index(grade) <= high:
            return False
    if flt.level and not (row.level == flt.level or flt.level in (row.level or "").split(",")):
        return False
    day = row.exam_date[:10] if row.exam_date else None
    date_from, date_to = flt.date_from, flt.date_to
    if date_from and date_to and date_from > date_to:  # the same days, typed the wrong way round
        date_from, date_to = date_to, date_from
    if date_from and (day is None or row.exam_date < date_from.isoformat()):
        return False
    if date_to and (day is None or row.exam_date >= (date_to + timedelta(days=1)).isoformat()):
        return False
    if flt.side and row.side != flt.side:
        return False
    if flt.red_flags is not None and row.red_flags != flt.red_flags:
        return False
    if flt.patient_id is not None and row.patient_id != flt.patient_id:
        return False
    if flt.search.strip():
        return matches_search(row, flt.search)
    return True


def _nocase(text: str | None) -> str | None:
    """SQLite's NOCASE: only ASCII letters fold."""
    if text is None:
        return None
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def level_key(level: str | None) -> tuple[int, int, str]:
    """Along the nerve, proximal to distal, by the first segment; a single segment before the ranges
    that start at it, those by their last segment; no level, or an unknown one, after every segment."""
    parts = (level or "").split(",")
    known = {segment.value: segment.order for segment in Segment}
    after = len(known)
    last = known.get(parts[-1], after) if len(parts) > 1 else -1
    return known.get(parts[0], after), last, level or ""


def _key(row: Row, sort: SortKey) -> tuple[Any, ...]:
    terms: dict[SortKey, tuple[Any, ...]] = {
        SortKey.patient: (_nocase(row.family_name), _nocase(row.given_names), row.patient_id, row.exam_date),
        SortKey.mrn: (_nocase(row.mrn), row.exam_date),
        SortKey.exam_date: (row.exam_date,),
        SortKey.side: (row.side, row.exam_date),
        SortKey.hb: (_grade(row), row.exam_date),
        SortKey.level: (level_key(row.level), row.exam_date),
        SortKey.status: (row.status, row.exam_date),
        SortKey.examiner: (_nocase(row.examiner), row.exam_date),
        SortKey.red_flags: (int(row.red_flags), row.exam_date),
    }
    # NULL sorts first in SQLite's ascending order.
    return tuple((0, "") if value is None else (1, value) for value in (*terms[sort], row.exam_id))


def expected(rows: list[Row], flt: ExamFilter, sort: SortKey = SortKey.exam_date, descending: bool = True) -> list[int]:
    chosen = [row for row in rows if matches_filter(row, flt)]
    return [row.exam_id for row in sorted(chosen, key=lambda r: _key(r, sort), reverse=descending)]


def day(text: str) -> date:
    return date.fromisoformat(text)
