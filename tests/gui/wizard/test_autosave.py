"""Autosave: a wizard killed with SIGKILL loses nothing typed more than a second before the kill."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from facialis.core.store import PatientRecord, Store

from ..conftest import PromptLog
from .autosave_child import ITEMS
from .conftest import controller, open_wizard
from .driver import Driver

ROOT = Path(__file__).resolve().parents[3]
#: Kill the child once it has typed this many items (it keeps typing meanwhile).
KILL_AFTER = 14


def read_log(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_wizard_is_restored_at_the_next_start(
    qtbot: QtBot, make_window, db_path: Path, patient: PatientRecord, store: Store, tmp_path: Path,
    prompts_log: PromptLog,
) -> None:
    log_path = tmp_path / "typed.jsonl"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.gui.wizard.autosave_child", str(db_path), str(log_path), str(patient.id)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while len(read_log(log_path)) < KILL_AFTER:
            assert child.poll() is None, child.stdout.read().decode(errors="replace") if child.stdout else ""
            assert time.monotonic() < deadline, "the child did not type in time"
            time.sleep(0.02)
        killed_at = time.monotonic()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
    assert child.returncode == -signal.SIGKILL
    typed = [entry for entry in read_log(log_path) if "path" in entry]
    assert len(typed) < len(ITEMS), "the child finished before it was killed"
    settled = [entry for entry in typed if entry["t"] < killed_at - 1.0]
    assert len(settled) >= KILL_AFTER - 5

    prompts_log.yes_no_answers.append(True)
    window = make_window()
    qtbot.waitUntil(lambda: bool(controller(window).wizards), timeout=5000)
    questions = prompts_log.of_kind("question")
    assert [q.title for q in questions] == ["Restore exam draft?"]
    assert "Fischer, Anna" in questions[0].text
    wizard = controller(window).wizards[0]
    assert not wizard.read_only
    for entry in settled:
        assert wizard.binding.value(entry["path"]) == entry["value"], entry["path"]
    assert window.pages.currentWidget() is wizard


def test_every_change_is_saved_within_a_second(
    qtbot: QtBot, window, patient: PatientRecord, db_path: Path, driver: Driver
) -> None:
    wizard = open_wizard(qtbot, window, patient.id)
    with Store.open(db_path, backup=False) as fresh:
        assert fresh.exams_for_patient(patient.id) == []  # nothing typed, nothing saved
    driver.choose(wizard.controls["encounter.affected_side"], "right")
    driver.fill(wizard.controls["encounter.examiner"], "Dr. Ö. Second")
    typed = datetime.now(timezone.utc)

    def saved_record():
        with Store.open(db_path, backup=False) as fresh:
            records = fresh.exams_for_patient(patient.id)
            if records and records[0].document["encounter"]["examiner"] == "Dr. Ö. Second":
                return records[0]
        return None

    # Poll generously (opening the file to look takes time on a busy machine); the save time
    # itself is the row's own timestamp, written in the same transaction as the change.
    qtbot.waitUntil(lambda: saved_record() is not None, timeout=5000)
    record = saved_record()
    assert (datetime.fromisoformat(record.updated_at) - typed).total_seconds() < 1.0
    assert "Draft saved" in wizard.status_label.text()


def test_closing_normally_offers_no_restore_but_keeps_the_draft(
    qtbot: QtBot, make_window, patient: PatientRecord, prompts_log: PromptLog, driver: Driver, db_path: Path
) -> None:
    window = make_window()
    wizard = open_wizard(qtbot, window, patient.id)
    driver.choose(wizard.controls["encounter.affected_side"], "left")
    driver.click(wizard.close_button, "close")
    assert controller(window).wizards == []
    window.close()
    window = make_window()
    qtbot.wait(50)
    assert prompts_log.of_kind("question") == []
    with Store.open(db_path, backup=False) as fresh:
        (record,) = fresh.exams_for_patient(patient.id)
    assert record.status == "draft" and record.document["encounter"]["affected_side"] == "left"
    # New exam offers to continue that draft
    prompts_log.yes_no_answers.append(True)
    wizard = open_wizard(qtbot, window, patient.id)
    assert prompts_log.of_kind("question")[-1].title == "Continue the draft?"
    assert wizard.record is not None and wizard.record.id == record.id
    assert wizard.binding.value("encounter.affected_side") == "left"


def test_closing_the_main_window_saves_the_last_change_at_once(
    qtbot: QtBot, make_window, patient: PatientRecord, db_path: Path, driver: Driver, prompts_log: PromptLog
) -> None:
    window = make_window()
    wizard = open_wizard(qtbot, window, patient.id)
    driver.choose(wizard.controls["encounter.affected_side"], "left")
    driver.fill(wizard.controls["encounter.examiner"], "Dr. Last Word")
    window.close()  # before the autosave pause is over
    with Store.open(db_path, backup=False) as fresh:
        (record,) = fresh.exams_for_patient(patient.id)
    assert record.document["encounter"]["examiner"] == "Dr. Last Word"
    make_window()
    qtbot.wait(50)
    assert prompts_log.of_kind("question") == []  # closed normally: nothing to restore


def test_opening_another_database_saves_the_last_change_first(
    qtbot: QtBot, window, patient: PatientRecord, db_path: Path, driver: Driver, tmp_path: Path,
    prompts_log: PromptLog,
) -> None:
    wizard = open_wizard(qtbot, window, patient.id)
    driver.choose(wizard.controls["encounter.affected_side"], "left")
    driver.fill(wizard.controls["encounter.examiner"], "Dr. Before Switch")
    other = tmp_path / "second.sqlite3"
    Store.open(other, backup=False).close()
    assert window.open_database(other)  # before the autosave pause is over
    with Store.open(db_path, backup=False) as fresh:
        (record,) = fresh.exams_for_patient(patient.id)
    assert record.document["encounter"]["examiner"] == "Dr. Before Switch"
