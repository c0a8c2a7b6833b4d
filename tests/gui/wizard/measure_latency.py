"""How long the live assessment takes to follow a change (not a test; prints numbers).

Run from the repository root:
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui.wizard.measure_latency

A complete exam (vignette V5) is loaded in the wizard; then FNGS 2.0 scores are clicked, and for each
click the time from the mouse press to the panel showing the new assessment is measured (the click,
the exam update, validation, core.assess, the panel, the face and the page list).
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from facialis.core.vignettes import VIGNETTE_DIR

VIGNETTE = VIGNETTE_DIR / "v05.facialis.json"
CLICKS = 200


def main() -> int:
    app = QApplication(sys.argv[:1])
    from facialis.core.exam import load_exam
    from facialis.core.settings import Settings
    from facialis.core.store import Store
    from facialis.gui.wizard.wizard import ExamWizard

    exam = load_exam(VIGNETTE)
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "latency.sqlite3", backup=False) as store:
        patient = store.add_patient(exam.patient)
        wizard = ExamWizard(store, patient, exam, None, Settings())
        wizard.resize(1366, 860)
        wizard.show()
        wizard.go_to("voluntary")
        app.processEvents()
        control = wizard.controls["face.left.voluntary.fngs_brow"]
        timings, inner = [], []
        for index in range(CLICKS):
            score = 1 + index % 6
            chip = control.group.chip_for(score)
            label = wizard.panel.labels["hb"]
            before = label.text()
            started = time.perf_counter()
            QTest.mouseClick(chip, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, chip.rect().center())
            while wizard.binding.value("face.left.voluntary.fngs_brow") != score or wizard._refresh_timer.isActive():
                app.processEvents()
            timings.append((time.perf_counter() - started) * 1000)
            inner.append(wizard.last_refresh_ms)
            assert label.text() != before or score == exam.face[exam.graded_sides()[0]].voluntary.fngs_brow
            wizard.autosaver.timer.stop()  # measure the panel, not the draft write that follows later
        timings.sort()
        print(f"{CLICKS} clicks on an FNGS 2.0 score, click to panel updated:")
        print(f"  median {statistics.median(timings):.1f} ms, 95th percentile {timings[int(0.95 * len(timings))]:.1f} ms, "
              f"max {timings[-1]:.1f} ms")
        print(f"  of which assess + panel + face + page list: median {statistics.median(inner):.1f} ms")
        wizard.autosaver.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
