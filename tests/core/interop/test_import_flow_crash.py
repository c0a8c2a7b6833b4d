"""An import killed part-way (power cut, task manager): every file it reported is saved whole,
no patient is left without the exam it came with, and importing the same files again finishes."""
from __future__ import annotations

import copy
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facialis.core.interop.exam_files import import_exam_files
from facialis.core.store import Store
from facialis.core.vignettes import VIGNETTE_DIR

FILES = 150
KILLS = 4
#: Imports the folder file by file and prints each outcome once that file's transaction is over.
CHILD = """
import sys
from facialis.core.interop.exam_files import expand_paths, import_one
from facialis.core.store import Store
store = Store.open(sys.argv[1], user="import", backup=False)
for path in expand_paths([sys.argv[2]]):
    outcome = import_one(store, path)
    sys.stdout.write(f"{outcome.outcome} {outcome.exam_id}\\n")
    sys.stdout.flush()
"""


def _files(folder: Path) -> None:
    folder.mkdir()
    source = json.loads((VIGNETTE_DIR / "v05.facialis.json").read_text(encoding="utf-8"))
    for n in range(FILES):
        doc = copy.deepcopy(source)
        doc["uid"] = f"crash-{n:04}"
        doc["patient"]["mrn"] = f"C{n // 2:04}"  # two exams per patient: new and known MRNs
        (folder / f"{n:04}.facialis.json").write_text(json.dumps(doc), encoding="utf-8")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.timeout(120)
def test_a_killed_import_keeps_what_it_reported_and_can_be_run_again(tmp_path: Path) -> None:
    db, folder = tmp_path / "clinic.sqlite3", tmp_path / "in"
    Store.open(db, backup=False).close()
    _files(folder)
    rng = random.Random(7)
    reported: set[int] = set()
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db), str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # the first file's transaction is over
        assert first, child.stderr.read().decode() if child.stderr else "child died"
        time.sleep(rng.uniform(0.01, 0.2))
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate()
        lines = (first + rest).decode().split("\n")[:-1]  # a line cut by the kill was never reported
        reported |= {int(exam_id) for outcome, exam_id in (line.split() for line in lines) if outcome == "imported"}

        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            stored = {row[0] for row in conn.execute("SELECT id FROM exams")}
            audited = {row[0] for row in conn.execute("SELECT entity_id FROM audit WHERE action = 'import'")}
            lonely = conn.execute("SELECT count(*) FROM patients WHERE id NOT IN (SELECT patient_id FROM exams)")
            assert lonely.fetchone()[0] == 0  # a patient is added with its exam or not at all
        finally:
            conn.close()
        assert reported <= stored, "an exam reported imported is missing after the kill"
        assert stored <= audited
    with Store.open(db, backup=False) as store:
        report = import_exam_files(store, [folder])
        assert not report.refused, report.text()
        assert len(report.imported) + len(report.duplicates) == FILES
        assert store.db.conn.execute("SELECT count(*) FROM exams").fetchone()[0] == FILES
        assert store.count_patients() == FILES // 2
