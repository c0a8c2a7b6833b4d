"""Saves exams as fast as it can and prints each id once its transaction has committed.

Run by test_durability.py, which kills this process with SIGKILL at a random moment.
Usage: python _durability_child.py DB_PATH PATIENT_ID
"""
from __future__ import annotations

import sys
from datetime import date

from facialis.core.store import ExamSummary, Store


def main() -> None:
    db_path, patient_id = sys.argv[1], int(sys.argv[2])
    store = Store.open(db_path, user="durability", backup=False)
    n = 0
    while True:
        n += 1
        summary = ExamSummary(
            exam_date=date(2024, 1, 1 + n % 28), diagnosis=f"Bell palsy {n}", impression="x" * (n % 500)
        )
        exam = store.save_draft(patient_id, {"n": n, "text": "y" * (n % 2000)}, summary)
        if n % 3 == 0:
            exam = store.sign_exam(exam.id, exam.version)
        sys.stdout.write(f"{exam.id} {exam.status}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
