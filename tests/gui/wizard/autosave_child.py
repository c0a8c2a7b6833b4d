"""Child process of the autosave test: start Facialis, type part of an exam slowly, wait to be killed.

Usage: python -m tests.gui.wizard.autosave_child DB LOG PATIENT_ID
Each item is logged (path, value, monotonic time) after it was typed; the test kills this process
with SIGKILL while it is still typing and checks that the next start restores every item typed more
than a second before the kill.
"""
from __future__ import annotations

import json
import os
import sys
import time

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

#: Items typed one after another (path, value), across several pages and every kind of control.
ITEMS: list[tuple[str, object]] = [
    ("encounter.affected_side", "left"),
    ("encounter.onset_date", "2026-11-20"),
    ("encounter.onset_course", "within_72h"),
    ("encounter.episode", "first"),
    ("history.otalgia", True),
    ("history.otalgia_severity", "moderate"),
    ("history.hyperacusis", True),
    ("history.recent_surgery", True),
    ("history.recent_surgery_sites", ["ear", "parotid"]),
    ("face.left.rest.eye", "wide"),
    ("face.left.voluntary.fngs_brow", 5),
    ("face.left.voluntary.fngs_eye", 4),
    ("face.left.voluntary.lagophthalmos_mm", 2.5),
    ("face.left.sequelae.fngs_secondary", 1),
    ("topognostic.schirmer_mm.right", 18),
    ("topognostic.schirmer_mm.left", 7),
    ("topognostic.taste.left", "reduced"),
    ("associated.other_note", "Lähmung seit Montag; \u0645\u0644\u0627\u062d\u0638\u0629"),
    ("electro.mri", "Enhancement of the left labyrinthine segment"),
    ("face.left.voluntary.fngs_nlf", 4),
    ("face.left.voluntary.fngs_oral", 3),
    ("associated.hearing", "normal"),
]
PAUSE_MS = 250


def main(db_path: str, log_path: str, patient_id: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(sys.argv[:1])
    from facialis.core.settings import Settings
    from facialis.core.store import Store
    from facialis.gui.main_window import MainWindow
    from facialis.gui.wizard import attach

    from .driver import Driver

    window = MainWindow(Store.open(db_path, backup=False))
    controller = attach(window, Settings(examiner="Dr. K. Ill"))
    window.resize(1366, 860)
    window.show()
    QTest.qWait(50)
    wizard = controller.new_exam(patient_id)
    assert wizard is not None
    driver = Driver()
    with open(log_path, "a", encoding="utf-8") as log:
        for path, value in ITEMS:
            driver.enter(wizard, path, value)
            log.write(json.dumps({"path": path, "value": value, "t": time.monotonic()}) + "\n")
            log.flush()
            os.fsync(log.fileno())
            QTest.qWait(PAUSE_MS)
        log.write(json.dumps({"done": True, "t": time.monotonic()}) + "\n")
        log.flush()
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
