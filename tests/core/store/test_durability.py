"""'Saved' means committed to disk: killing the process at any moment loses nothing reported saved."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facialis.core.store import Store

from .conftest import make_patient

CHILD = Path(__file__).with_name("_durability_child.py")
KILLS = 20


def _committed_lines(output: bytes) -> list[tuple[int, str]]:
    """Complete lines only: a line cut by the kill was never fully reported."""
    lines = output.decode().split("\n")[:-1]
    return [(int(exam_id), status) for exam_id, status in (line.split() for line in lines)]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.timeout(120)
def test_sigkill_never_loses_a_committed_exam(db_path: Path) -> None:
    with Store.open(db_path, user="setup", backup=False) as store:
        patient_id = store.add_patient(make_patient()).id
    rng = random.Random(20240301)
    reported: dict[int, str] = {}
    started = time.monotonic()
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(db_path), str(patient_id)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # blocks until the first save has committed
        assert first, child.stderr.read().decode() if child.stderr else "child died"
        time.sleep(rng.uniform(0.05, 0.5))
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate()
        assert child.returncode == -signal.SIGKILL
        lines = _committed_lines(first + rest)
        assert lines
        reported.update(lines)

        conn = sqlite3.connect(db_path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            stored = dict(conn.execute("SELECT id, status FROM exams").fetchall())
            audited = {row[0] for row in conn.execute("SELECT entity_id FROM audit WHERE action = 'create_draft'")}
        finally:
            conn.close()
        missing = set(reported) - set(stored)
        assert not missing, f"reported saved but missing after SIGKILL: {sorted(missing)[:10]}"
        assert all(stored[i] == status for i, status in reported.items())
        assert set(stored) <= audited  # every exam has its audit row (same transaction)
    assert time.monotonic() - started < 60
    with Store.open(db_path, user="check", backup=False) as store:  # recovers and opens cleanly
        assert len(store.exams_for_patient(patient_id)) >= len(reported)
