"""Build a realistic synthetic Facialis database for the benchmarks.

    .venv/bin/python benchmarks/generate.py --exams 100000 --db benchmarks/data/clinic-100k.sqlite3

Patients follow the demo courses (clinical vignettes, then follow-ups that recover or worsen;
core/interop/courses.py): names in many scripts with common names much more frequent, about three
exams per patient, Sunnybrook at most follow-ups, eFACE and Yanagihara at some, a few drafts and
amended (two-version) exams. The schema comes from ``Store.open`` (all migrations); the rows are
written in bulk in one transaction, with the same summary columns, search index (through the
triggers) and one audit row per exam version, so the browser sees what a real clinic would have.
Courses are synthesized in parallel worker processes.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from datetime import date, datetime
from pathlib import Path
from collections.abc import Iterator
from typing import Any

from facialis.core.exam import exam_to_document
from facialis.core.interop.courses import CourseMaker
from facialis.core.interop.scoring import summary_of
from facialis.core.store import Store
from facialis.core.store.exams import summary_columns

CHUNK = 500  # courses per worker task

Row = dict[str, Any]


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _synthesize(task: tuple[int, int, int, str]) -> list[tuple[Row, list[Row]]]:
    """Courses ``start`` .. ``start + count``: a patient row and its exam rows, ready to insert."""
    seed, start, count, today = task
    maker = CourseMaker(seed=seed * 1_000_003 + start, today=date.fromisoformat(today))
    out: list[tuple[Row, list[Row]]] = []
    for course in maker.courses(count, mrn_prefix="F", start=start):
        if not course.visits:
            continue
        exams: list[Row] = []
        for visit in course.visits:
            document = exam_to_document(visit.exam)
            columns = summary_columns(summary_of(visit.exam, visit.scores))
            stamp = visit.exam.encounter.exam_datetime.isoformat(timespec="seconds")
            row: Row = {
                **columns,
                "document": _dump(document),
                "status": "signed" if visit.sign else "draft",
                "signed_by": visit.exam.encounter.examiner if visit.sign else None,
                "signed_at": stamp if visit.sign else None,
                "created_at": stamp,
                "amend": visit.amend,
            }
            if visit.amend:
                document["review"]["impression"] += " Addendum: grading confirmed at the case conference."
                row["amended_document"] = _dump(document)
                row["amended_impression"] = document["review"]["impression"]
            exams.append(row)
        out.append((course.patient.model_dump(mode="json"), exams))
    return out


_EXAM_COLUMNS = (
    "patient_id", "version_no", "replaces_id", "status", "document", "exam_date", "side", "suggested_hb",
    "final_hb", "level", "examiner", "red_flags", "diagnosis", "impression", "created_at", "updated_at",
    "signed_at", "signed_by", "row_version",
)
_INSERT_EXAM = (
    f"INSERT INTO exams ({', '.join(_EXAM_COLUMNS)}) VALUES ({', '.join(':' + c for c in _EXAM_COLUMNS)})"
)
_INSERT_AUDIT = "INSERT INTO audit (at, user, action, entity, entity_id, changes) VALUES (?, ?, ?, ?, ?, ?)"


def _write(store: Store, batch: list[tuple[Row, list[Row]]], target: int, written: int) -> int:
    """Insert patients and exams (stopping at ``target`` exams); returns the new exam count."""
    conn = store.db.conn
    for patient, exams in batch:
        if written >= target:
            break
        stamp = exams[0]["created_at"]
        cursor = conn.execute(
            "INSERT INTO patients (mrn, family_name, given_names, birth_date, sex, row_version, created_at, updated_at)"
            " VALUES (:mrn, :family_name, :given_names, :birth_date, :sex, 1, :now, :now)",
            {**patient, "now": stamp},
        )
        patient_id = cursor.lastrowid
        conn.execute(_INSERT_AUDIT, (stamp, "generator", "insert", "patient", patient_id, json.dumps(patient, ensure_ascii=False)))
        for exam in exams:
            if written >= target:
                break
            values = {name: exam.get(name) for name in _EXAM_COLUMNS}
            values.update(patient_id=patient_id, version_no=1, replaces_id=None, updated_at=exam["created_at"], row_version=2)
            if exam["amend"] and written + 2 <= target:
                values["status"] = "superseded"
                first = conn.execute(_INSERT_EXAM, values).lastrowid
                signed = '{"status": ["draft", "signed"]}'
                conn.execute(_INSERT_AUDIT, (exam["created_at"], "generator", "sign", "exam", first, signed))
                values.update(
                    version_no=2, replaces_id=first, status="signed", document=exam["amended_document"],
                    impression=exam["amended_impression"],
                )
                written += 1
            exam_id = conn.execute(_INSERT_EXAM, values).lastrowid
            action = "sign" if values["status"] == "signed" else "create_draft"
            changes = json.dumps({"status": [None, values["status"]]})
            conn.execute(_INSERT_AUDIT, (exam["created_at"], "generator", action, "exam", exam_id, changes))
            written += 1
    return written


def _batches(tasks: list[tuple[int, int, int, str]], workers: int | None) -> Iterator[list[tuple[Row, list[Row]]]]:
    """Synthesized courses, in task order: in worker processes, or here when ``workers`` is 0."""
    if workers == 0:
        yield from map(_synthesize, tasks)
        return
    with multiprocessing.get_context("spawn").Pool(workers or max(1, (os.cpu_count() or 2) - 1)) as pool:
        yield from pool.imap(_synthesize, tasks)


def generate(path: Path, exams: int, seed: int = 1, workers: int | None = None, today: date | None = None) -> int:
    """Fill a new database at ``path`` with ``exams`` exam rows; returns the number of patients."""
    if path.exists():
        raise SystemExit(f"{path} exists; remove it first (the generator never adds to a database).")
    today = today or date.today()
    store = Store.open(path, user="generator", backup=False)
    conn = store.db.conn
    conn.execute("PRAGMA synchronous = OFF")
    written = 0
    expected_courses = max(1, int(exams / 2.9) + 50)
    tasks = [(seed, start, CHUNK, today.isoformat()) for start in range(1, expected_courses * 2, CHUNK)]
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    try:
        for batch in _batches(tasks, workers):
            written = _write(store, batch, exams, written)
            print(f"\r{written:>7} / {exams} exams  {time.perf_counter() - started:5.0f} s", end="", file=sys.stderr)
            if written >= exams:
                break
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        store.close()
        path.unlink(missing_ok=True)
        raise
    print(file=sys.stderr)
    patients = store.count_patients()
    store.close()
    return patients


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--exams", type=int, default=100_000, help="number of exam rows (versions) to write")
    parser.add_argument("--db", required=True, help="database file to create (must not exist)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: CPUs - 1; 0: none)")
    args = parser.parse_args(argv)
    path = Path(args.db)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    patients = generate(path, args.exams, seed=args.seed, workers=args.workers)
    size = path.stat().st_size / 1e6
    print(f"{args.exams} exams of {patients} patients in {path} ({size:.0f} MB) in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
