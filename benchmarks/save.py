"""Saving an exam, in process, against one raw INSERT + commit on the same database in the same mode.

    .venv/bin/python benchmarks/save.py [--db PATH] [--runs 101]

The saves run on a scratch copy of the benchmark database (100,000 exams; copied next to it and
removed afterwards, so the benchmark database itself never changes), opened with ``Store.open``
(WAL, synchronous=FULL, foreign keys, busy timeout), on the fully filled-in V5 exam of the report
benchmark:

- draft autosave: ``Store.save_draft`` of an open draft in which one answer changed (the plan text,
  as when the clinician types a word): read and check the row, the audit diff, the update, the
  audit row, the commit, and the saved record handed back;
- sign: ``Store.sign_exam`` of a fresh draft with its final document and summary: the update, the
  search-index (FTS) update by the triggers, the audit row, the commit.

The baseline is the floor of any durable save on that file: one ``INSERT`` of the same exam JSON
into a plain table and ``COMMIT``, on a plain sqlite3 connection in the same mode (WAL,
synchronous=FULL). The three are timed in turn within each round (after a warm-up), medians of
``--runs`` rounds. Preparing the documents is not timed; the wizard has them already.
Targets: each save at most 10 times the raw insert and under 5 ms.
"""
from __future__ import annotations

import argparse
import copy
import json
import shutil
import sqlite3
import sys
import time
from contextlib import suppress
from pathlib import Path

if __name__ == "__main__" and not __package__:
    sys.path[0] = str(Path(__file__).resolve().parents[1])  # run as a file: import as benchmarks.*

from benchmarks._bench import DEFAULT_DB, Measurement, ensure_database, median, print_table

TARGET_RATIO = 10.0
TARGET_MS = 5.0


def _scratch_copy(db: Path) -> Path:
    scratch = db.with_name(db.stem + "-save-scratch.sqlite3")
    _remove(scratch)
    shutil.copyfile(db, scratch)
    wal = Path(str(db) + "-wal")
    if wal.exists() and wal.stat().st_size:
        shutil.copyfile(wal, str(scratch) + "-wal")
    return scratch


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()


def timings(db: Path, runs: int = 101) -> dict[str, list[float]]:
    """Milliseconds per round of the raw insert, the autosave and the signing."""
    from benchmarks.report import full_exam
    from facialis.core.assess import assess
    from facialis.core.exam import exam_to_document
    from facialis.core.store import Store
    from facialis.core.summary import summarize

    exam = full_exam()
    document = exam_to_document(exam)
    document["review"]["signed_by"] = None
    document["review"]["signed_at"] = None
    summary = summarize(exam, assess(exam))
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))

    scratch = _scratch_copy(db)
    store = Store.open(scratch, backup=False, user="benchmark")
    raw = sqlite3.connect(scratch, timeout=5)
    try:
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("PRAGMA synchronous = FULL")
        raw.execute("CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, document TEXT NOT NULL)")
        raw.commit()
        patient_id = store.db.conn.execute("SELECT min(id) FROM patients").fetchone()[0]
        draft = store.save_draft(patient_id, document, summary)
        result: dict[str, list[float]] = {"raw": [], "autosave": [], "sign": []}
        plan = document["review"]["plan"] or ""
        for number in range(runs + 3):
            warm = number < 3
            started = time.perf_counter()
            raw.execute("INSERT INTO bench_raw (document) VALUES (?)", (text,))
            raw.commit()
            raw_ms = (time.perf_counter() - started) * 1000

            typed = copy.deepcopy(document)
            typed["review"]["plan"] = f"{plan} {number}"
            started = time.perf_counter()
            draft = store.save_draft(patient_id, typed, summary, exam_id=draft.id, expected_version=draft.version)
            autosave_ms = (time.perf_counter() - started) * 1000

            fresh = store.save_draft(patient_id, typed, summary)
            final = copy.deepcopy(typed)
            final["review"]["signed_by"] = exam.encounter.examiner
            final["review"]["signed_at"] = "2026-11-25T10:00:00"
            started = time.perf_counter()
            store.sign_exam(fresh.id, fresh.version, signed_by=exam.encounter.examiner, document=final, summary=summary)
            sign_ms = (time.perf_counter() - started) * 1000
            if not warm:
                result["raw"].append(raw_ms)
                result["autosave"].append(autosave_ms)
                result["sign"].append(sign_ms)
        return result
    finally:
        raw.close()
        store.close()
        _remove(scratch)


def measure(db: Path, runs: int = 101) -> list[Measurement]:
    found = timings(db, runs)
    raw = median(found["raw"])
    common = {"baseline": raw, "baseline_name": "raw INSERT + COMMIT", "max_ratio": TARGET_RATIO, "max_value": TARGET_MS}
    return [
        Measurement("Save: draft autosave (Store.save_draft)", median(found["autosave"]), **common),
        Measurement("Save: sign with audit row and FTS update (Store.sign_exam)", median(found["sign"]), **common),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="benchmark database (generated when missing)")
    parser.add_argument("--runs", type=int, default=101, help="timed rounds (median)")
    args = parser.parse_args(argv)
    rows = measure(ensure_database(args.db), args.runs)
    print_table(rows)
    return 0 if all(row.passed for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
