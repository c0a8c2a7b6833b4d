"""The case browser's read side: filtered, sorted exam lists fetched one page at a time.

A clinic holds tens of thousands of exams; the browser never loads them all. ``ExamQuery`` turns
the filters into one SQL WHERE clause over the summary columns (the documents are never parsed
to list exams) and the search text into an FTS5 match over the ``exam_search`` index (patient
MRN and names with the exam's diagnosis and impression). ``count()`` gives the number of rows,
``page()`` one slice of them as light tuples. Every order ends with the exam id, so pages never
overlap or skip a row.

Rows are current versions by default: a superseded version (replaced by a signed amendment)
appears only when the status filter asks for it.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..store.connection import translated
from ..store.schema.exam_search import CURRENT_KEYS, EXAM_ID_OF_KEY, ID_MASK, SUPERSEDED_KEYS
from ..store.schema.fts import match_expression

if TYPE_CHECKING:
    from ..settings import Settings
    from ..store import Store
    from .flags import FlagName

CURRENT = "current"
#: Status filter values: ``current`` (drafts and signed, the default) or one status.
STATUSES: tuple[str, ...] = (CURRENT, "draft", "signed", "superseded")
DEFAULT_PAGE_SIZE = 100
#: A grade that the clinician has not confirmed yet counts as the suggested one (the column shows which).
HB_SQL = "coalesce(e.final_hb, e.suggested_hb)"


class SortKey(str, Enum):
    """Columns the list can be sorted by."""

    patient = "patient"
    mrn = "mrn"
    exam_date = "exam_date"
    side = "side"
    hb = "hb"
    level = "level"
    status = "status"
    examiner = "examiner"
    red_flags = "red_flags"


#: ORDER BY terms of each column but the level, whose anatomical order comes from ``_level_order_sql``.
_SORT_SQL: dict[SortKey, tuple[str, ...]] = {
    SortKey.patient: ("p.family_name COLLATE NOCASE", "p.given_names COLLATE NOCASE", "e.exam_date"),
    SortKey.mrn: ("p.mrn COLLATE NOCASE", "e.exam_date"),
    SortKey.exam_date: ("e.exam_date",),
    SortKey.side: ("e.side", "e.exam_date"),
    SortKey.hb: (HB_SQL, "e.exam_date"),
    SortKey.status: ("e.status", "e.exam_date"),
    SortKey.examiner: ("e.examiner COLLATE NOCASE", "e.exam_date"),
    SortKey.red_flags: ("e.red_flags", "e.exam_date"),
}


def _sql_text(value: str) -> str:
    """A quoted SQL string literal: the sort terms are fixed text, shared by every query, without parameters."""
    return "'" + value.replace("'", "''") + "'"


@cache
def _level_order_sql() -> tuple[str, ...]:
    """ORDER BY terms that put levels along the nerve, proximal to distal, as ``Segment`` lists them.

    A stored level is one segment or candidates written proximal to distal (``cpa,iac``). It sorts
    by its first segment; a single segment comes before the ranges that start there, and those
    follow by their last segment (a narrower range first); equal levels stay together. No level,
    or a code the vocabulary does not know, comes after every segment (last in ascending order).
    Most levels are one segment, so the first term compares the whole text before taking a range
    apart: the sort of 100,000 exams stays inside SQLite and costs little more than by text.
    """
    from ..exam import Segment

    segments = sorted(Segment, key=lambda segment: segment.order)
    unknown = len(segments)
    named = " ".join(f"WHEN {_sql_text(s.value)} THEN {s.order}" for s in segments)
    last = " ".join(
        f"WHEN substr(',' || e.level, -{len(s.value) + 1}) = {_sql_text(',' + s.value)} THEN {s.order}"
        for s in segments
    )
    first_of_range = f"CASE substr(e.level, 1, instr(e.level, ',') - 1) {named} ELSE {unknown} END"
    return (
        f"(CASE e.level {named} ELSE {first_of_range} END)",
        f"(CASE WHEN instr(e.level, ',') > 0 THEN (CASE {last} ELSE {unknown} END) ELSE -1 END)",
        "e.level",
        "e.exam_date",
    )


def _sort_terms(sort: SortKey) -> tuple[str, ...]:
    """The SQL terms of one sort column, before the exam id that ends every order."""
    return _level_order_sql() if sort == SortKey.level else _SORT_SQL[sort]


class ExamRow(NamedTuple):
    """One line of the browser: what the list shows, and the ids to open the exam."""

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
    version_no: int

    @property
    def patient_name(self) -> str:
        return f"{self.family_name}, {self.given_names}" if self.given_names else self.family_name

    @property
    def hb(self) -> str | None:
        """The clinician's grade, else the suggested one."""
        return self.final_hb or self.suggested_hb


#: The exam columns of a row; all of them are in both covering indexes, so a page never reads
#: the exam rows themselves (whose large documents come first on disk).
_EXAM_SQL = (
    "e.id, e.patient_id, e.exam_date, e.side, e.final_hb, e.suggested_hb, e.level, e.status, "
    "e.examiner, e.red_flags, e.version_no"
)
_ROW_SQL = f"{_EXAM_SQL}, p.mrn, p.family_name, p.given_names"


@dataclass(frozen=True)
class ExamFilter:
    """What the clinician asked for; every field None (or empty) means "any".

    A grade or date range given the wrong way round (``hb_min`` above ``hb_max``, ``date_from``
    after ``date_to``) means the same range in the right order.
    """

    search: str = ""
    hb_min: str | None = None
    hb_max: str | None = None
    level: str | None = None
    status: str = CURRENT
    date_from: date | None = None
    date_to: date | None = None
    side: str | None = None
    red_flags: bool | None = None
    patient_id: int | None = None

    def __post_init__(self) -> None:
        if self.hb_min is None and self.hb_max is None and self.level is None and self.side is None:
            pass  # the default filter of every start: the exam vocabulary is not imported for it
        else:
            self._check_vocabulary()
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {self.status!r}")

    def _check_vocabulary(self) -> None:
        from ..exam import Grade, Segment, Side

        for name in ("hb_min", "hb_max"):
            value = getattr(self, name)
            if value is not None:
                Grade(value)  # raises ValueError naming the grade
        if self.level is not None:
            Segment(self.level)
        if self.side is not None:
            Side(self.side)

    def with_(self, **changes: Any) -> ExamFilter:
        return replace(self, **changes)

    def is_empty(self) -> bool:
        return self == ExamFilter()


def _grades_between(low: str | None, high: str | None) -> list[str]:
    from ..exam import Grade

    lo = Grade(low).number if low else 1
    hi = Grade(high).number if high else 6
    lo, hi = min(lo, hi), max(lo, hi)
    return [Grade.from_number(n).value for n in range(lo, hi + 1)]


def _days_between(first: date | None, last: date | None) -> tuple[date | None, date | None]:
    """The date range in calendar order: days typed the wrong way round mean the same days (as a
    grade range does), rather than a range that can hold no exam."""
    if first is not None and last is not None and first > last:
        return last, first
    return first, last


def where_clause(flt: ExamFilter) -> tuple[str, list[Any], str | None]:
    """SQL conditions over ``exams e`` / ``patients p``, their parameters, and the FTS match (or None)."""
    conditions: list[str] = []
    params: list[Any] = []
    if flt.status == CURRENT:
        conditions.append("e.status IN ('draft', 'signed')")
    else:
        conditions.append("e.status = ?")
        params.append(flt.status)
    if flt.hb_min is not None or flt.hb_max is not None:
        grades = _grades_between(flt.hb_min, flt.hb_max)
        conditions.append(f"{HB_SQL} IN ({', '.join('?' for _ in grades)})")
        params.extend(grades)
    if flt.level is not None:
        # One level, or a comma-separated list of candidate segments that includes it.
        conditions.append("(e.level = ? OR ',' || e.level || ',' LIKE ?)")
        params.extend([flt.level, f"%,{flt.level},%"])
    date_from, date_to = _days_between(flt.date_from, flt.date_to)
    if date_from is not None:
        conditions.append("e.exam_date >= ?")
        params.append(date_from.isoformat())
    if date_to is not None:
        conditions.append("e.exam_date < ?")
        params.append((date_to + timedelta(days=1)).isoformat())
    if flt.side is not None:
        conditions.append("e.side = ?")
        params.append(flt.side)
    if flt.red_flags is not None:
        conditions.append("e.red_flags = ?")
        params.append(1 if flt.red_flags else 0)
    if flt.patient_id is not None:
        conditions.append("e.patient_id = ?")
        params.append(flt.patient_id)
    match = match_expression(flt.search) if flt.search else None
    return " AND ".join(conditions), params, match


#: At most this many search hits are looked up one by one; beyond it, the covering index is scanned
#: and each entry checked against the hits (cheaper than reading thousands of exam rows).
LOOKUP_HITS = 1000

_BROWSE_INDEX = "INDEXED BY idx_exams_browse"
#: Patients in name (or MRN) order, each with their exams from the per-patient covering index.
_PATIENT_EXAMS = "CROSS JOIN exams e INDEXED BY idx_exams_patient_browse ON e.patient_id = p.id"
_PATIENT_BY_NAME = f"patients p INDEXED BY idx_patients_name {_PATIENT_EXAMS}"
_PATIENT_BY_MRN = f"patients p INDEXED BY sqlite_autoindex_patients_1 {_PATIENT_EXAMS}"


class ExamBrowser:
    """Queries over one database file, on a read-only connection of the browser's own.

    Its own connection keeps the search's scratch table (the hit list of the current search, a
    TEMP table) apart from the store's connection and its write transactions, and can never
    write to the records. Reads see every committed save.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).absolute()
        with translated(self.path):
            self._conn = sqlite3.connect(
                self.path.as_uri() + "?mode=ro", uri=True, isolation_level=None, check_same_thread=False
            )
            self._conn.execute("CREATE TEMP TABLE IF NOT EXISTS browse_hits (id INTEGER PRIMARY KEY)")
        self._generation = 0
        self._loaded: int | None = None

    @classmethod
    def for_store(cls, store: Store) -> ExamBrowser:
        return cls(store.path)

    def query(self, flt: ExamFilter | None = None) -> ExamQuery:
        self._generation += 1
        return ExamQuery(self, flt or ExamFilter(), self._generation)

    def red_flag_names(self, exam_id: int, settings: Settings | None = None) -> tuple[FlagName, ...] | None:
        """Which red flags one exam has, named for the list (see ``flags.py``).

        The database keeps only whether there are any; the names come from assessing the stored
        exam, so only the exams the list shows are read. None when the exam is gone or its
        document can no longer be read (the list then says only that it has red flags).
        """
        import json

        from ..assess import assess
        from ..exam import ExamFileError, exam_from_document
        from ..settings import Settings as DefaultSettings
        from .flags import flag_names

        found = self._execute("SELECT document FROM exams WHERE id = ?", (exam_id,))
        if not found:
            return None
        try:
            exam = exam_from_document(json.loads(found[0][0]), f"exam {exam_id}")
        except (ExamFileError, ValueError):
            return None
        return flag_names(assess(exam, settings or DefaultSettings()).red_flags)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> ExamBrowser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- for ExamQuery ---------------------------------------------------------------------

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with translated(self.path):
            return self._conn.execute(sql, params).fetchall()

    def _load_hits(self, generation: int, match: str, keys: str = "") -> int:
        """Run the FTS query once into the hit table (unless this query's hits are there already);
        ``keys`` narrows it to a range of browse keys (one status)."""
        if self._loaded != generation:
            where = f" AND {keys}" if keys else ""
            with translated(self.path):
                self._conn.execute("DELETE FROM temp.browse_hits")
                self._conn.execute(
                    f"INSERT INTO temp.browse_hits SELECT {EXAM_ID_OF_KEY} FROM exam_search "
                    f"WHERE exam_search MATCH ?{where}",
                    (match,),
                )
            self._loaded = generation
        return int(self._execute("SELECT count(*) FROM temp.browse_hits")[0][0])

    def _keys_in_date_order(self) -> bool:
        """True when every exam id fits the browse key (always, short of 67 million exam versions)."""
        return int(self._execute("SELECT coalesce(max(id), 0) FROM exams")[0][0]) <= ID_MASK


class ExamQuery:
    """One filter: how many exams match, and any page of them in any order.

    A search runs its FTS query once (into the browser's hit table); counting and paging then
    use those hits. Plans are chosen here, not left to SQLite's guesses (the database carries no
    statistics): few hits are looked up one by one, many are checked while scanning the covering
    index in the requested order, which stops as soon as the page is full.
    """

    def __init__(self, browser: ExamBrowser, flt: ExamFilter, generation: int) -> None:
        self.browser = browser
        self.filter = flt
        self._generation = generation
        self._where, self._params, self._match = where_clause(flt)
        self._hits: int | None = None
        self._count: int | None = None
        self._keyed: str | None | bool = False  # not decided yet; then the key range, or None

    def _key_range(self) -> str | None:
        """For a search narrowed by nothing but current / old versions, the range of browse keys
        that holds exactly its hits: the index alone then counts them and lists them by date."""
        if self._keyed is False:
            keys = {CURRENT: CURRENT_KEYS, "superseded": SUPERSEDED_KEYS}.get(self.filter.status)
            usable = self._match is not None and keys is not None and self._only_status_filter()
            self._keyed = keys if usable and self.browser._keys_in_date_order() else None
        return self._keyed  # type: ignore[return-value]

    @property
    def matches_nothing(self) -> bool:
        """Search text without a single letter or digit finds nothing (rather than everything)."""
        return bool(self.filter.search.strip()) and self._match is None

    def _hit_count(self) -> int:
        assert self._match is not None
        if self._hits is None or self.browser._loaded != self._generation:
            self._hits = self.browser._load_hits(self._generation, self._match, self._key_range() or "")
        return self._hits

    def _only_status_filter(self) -> bool:
        return self.filter.with_(search="", status=CURRENT) == ExamFilter()

    def count(self) -> int:
        if self._count is None:
            self._count = self._count_now()
        return self._count

    def _count_now(self) -> int:
        if self.matches_nothing:
            return 0
        run = self.browser._execute
        if self._match is None:
            if self._only_status_filter():  # the narrow status index is enough
                return int(run(f"SELECT count(*) FROM exams e WHERE {self._where}", self._params)[0][0])
            return int(run(f"SELECT count(*) FROM exams e {_BROWSE_INDEX} WHERE {self._where}", self._params)[0][0])
        keys = self._key_range()
        if keys is not None:  # the index holds the answer: nothing else is read
            sql = f"SELECT count(*) FROM exam_search WHERE exam_search MATCH ? AND {keys}"
            return int(run(sql, (self._match,))[0][0])
        hits = self._hit_count()
        if self._only_status_filter():
            # Read only the status index entries of one status (superseded ones are few).
            wanted = "superseded" if self.filter.status == CURRENT else self.filter.status
            among = int(run(
                "SELECT count(*) FROM exams e INDEXED BY idx_exams_status WHERE e.status = ? AND +e.id IN temp.browse_hits",
                (wanted,),
            )[0][0])
            return hits - among if self.filter.status == CURRENT else among
        if hits <= LOOKUP_HITS:
            sql = f"SELECT count(*) FROM temp.browse_hits h CROSS JOIN exams e ON e.id = h.id WHERE {self._where}"
        else:
            sql = f"SELECT count(*) FROM exams e {_BROWSE_INDEX} WHERE +e.id IN temp.browse_hits AND {self._where}"
        return int(run(sql, self._params)[0][0])

    def page(
        self,
        offset: int = 0,
        limit: int = DEFAULT_PAGE_SIZE,
        sort: SortKey | str = SortKey.exam_date,
        descending: bool = True,
    ) -> list[ExamRow]:
        """Rows ``offset`` to ``offset + limit`` in the given order (newest exams first by default)."""
        if self.matches_nothing or limit <= 0:
            return []
        sort = SortKey(sort)
        if self._joins_patients_cheaply(sort):
            # The rows come out in order, so only the page's own patients are looked up.
            found = self._page_rows(max(0, int(offset)), int(limit), sort, descending, _ROW_SQL, join_patients=True)
            return [_row(values[:11], values[11:]) for values in found]
        found = self._page_rows(max(0, int(offset)), int(limit), sort, descending)
        if not found:
            return []
        patient_ids = sorted({values[1] for values in found})
        marks = ", ".join("?" for _ in patient_ids)
        people = {
            pid: (mrn, family, given)
            for pid, mrn, family, given in self.browser._execute(
                f"SELECT id, mrn, family_name, given_names FROM patients WHERE id IN ({marks})", patient_ids
            )
        }
        return [_row(values, people[values[1]]) for values in found if values[1] in people]

    def _joins_patients_cheaply(self, sort: SortKey) -> bool:
        """True when joining patients in the page query costs one lookup per row shown: the order
        comes from an index (date, name, MRN) or the search hits are few. Other orders sort every
        matching row first, so their patients are fetched afterwards for the page only."""
        if sort in (SortKey.exam_date, SortKey.patient, SortKey.mrn):
            return True
        return self._match is not None and self._hit_count() <= LOOKUP_HITS

    def _page_rows(
        self, offset: int, limit: int, sort: SortKey, descending: bool, select: str = _EXAM_SQL,
        *, join_patients: bool = False,
    ) -> list[tuple[Any, ...]]:
        direction = "DESC" if descending else "ASC"
        keys = self._key_range()
        if keys is not None and sort == SortKey.exam_date:
            return self._keyed_rows(keys, offset, limit, direction, select, join_patients)
        terms = list(_sort_terms(sort))
        by_patient = sort in (SortKey.patient, SortKey.mrn)
        if sort == SortKey.patient:
            terms.insert(2, "p.id")  # the name index's own order, so no sort step is needed
        driving = _PATIENT_BY_NAME if sort == SortKey.patient else _PATIENT_BY_MRN
        order = ", ".join(f"{term} {direction}" for term in (*terms, "e.id"))
        where, params = self._where, list(self._params)
        patients = " JOIN patients p ON p.id = e.patient_id" if (by_patient or join_patients) else ""
        if self._match is None:
            source = driving if by_patient else f"exams e {_BROWSE_INDEX}{patients}"
        elif self._hit_count() <= LOOKUP_HITS:
            source = f"temp.browse_hits h CROSS JOIN exams e ON e.id = h.id{patients}"
        else:
            where = f"+e.id IN temp.browse_hits AND {where}"
            source = driving if by_patient else f"exams e {_BROWSE_INDEX}{patients}"
        sql = f"SELECT {select} FROM {source} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
        return self.browser._execute(sql, [*params, limit, offset])

    def _keyed_rows(
        self, keys: str, offset: int, limit: int, direction: str, select: str, join_patients: bool
    ) -> list[tuple[Any, ...]]:
        """A page in date order straight from the index's key order; then only its own rows are read."""
        found = self.browser._execute(
            f"SELECT {EXAM_ID_OF_KEY} FROM exam_search WHERE exam_search MATCH ? AND {keys} "
            f"ORDER BY rowid {direction} LIMIT ? OFFSET ?",
            (self._match, limit, offset),
        )
        ids = [row[0] for row in found]
        if not ids or select == "e.id":
            return [(exam_id,) for exam_id in ids]
        patients = " JOIN patients p ON p.id = e.patient_id" if join_patients else ""
        marks = ", ".join("?" for _ in ids)
        rows = {row[0]: row for row in self.browser._execute(
            f"SELECT {select} FROM exams e{patients} WHERE e.id IN ({marks})", ids
        )}
        return [rows[exam_id] for exam_id in ids if exam_id in rows]

    def exam_ids(self) -> list[int]:
        """Ids of every matching exam, newest first (to export what the browser shows)."""
        ids: list[int] = []
        total = self.count()
        while len(ids) < total:
            chunk = self._page_rows(len(ids), 5000, SortKey.exam_date, True, select="e.id")
            if not chunk:
                break
            ids.extend(row[0] for row in chunk)
        return ids


def _row(values: tuple[Any, ...], person: tuple[str, str, str]) -> ExamRow:
    exam_id, patient_id, exam_date, side, final_hb, suggested_hb, level, status, examiner, red_flags, version_no = values
    mrn, family, given = person
    return ExamRow(
        exam_id, patient_id, mrn, family, given or "", exam_date, side, final_hb, suggested_hb, level, status,
        examiner, bool(red_flags), version_no,
    )


def raw_search_ids(conn: sqlite3.Connection, text: str) -> list[int]:
    """The bare FTS5 query behind a search: ids of every exam version whose index entry matches."""
    match = match_expression(text)
    if match is None:
        return []
    sql = f"SELECT {EXAM_ID_OF_KEY} FROM exam_search WHERE exam_search MATCH ?"
    return [row[0] for row in conn.execute(sql, (match,))]
