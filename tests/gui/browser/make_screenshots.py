"""Screenshots of the case browser, a timeline and a comparison for docs/screenshots (not a test).

Run from the repository root:
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui.browser.make_screenshots [FOLDER]

A demo clinic (``facialis demo``) in a temporary database is shown in the real main window: the
Cases page after typing three letters, the filters at work, the timeline of a long course with an
amended exam, and its first and last exams compared.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
SIZE = (1366, 820)


def main(folder: Path) -> list[Path]:
    from facialis.core.interop.demo import fill_demo
    from facialis.core.store import Store
    from facialis.gui.app import application
    from facialis.gui.browser import attach
    from facialis.gui.main_window import MainWindow

    app = application()
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["HOME"] = scratch  # no window geometry or settings from the user's session
        os.environ["LOGNAME"] = "clinician"  # the version history names the user, not the account that ran this
        db = Path(scratch) / "Facialis" / "clinic.sqlite3"
        db.parent.mkdir()
        with Store.open(db, backup=False) as store:
            fill_demo(store, patients=40, seed=3)  # no CJK names on the first screens: the CI fonts lack them
        window = MainWindow(Store.open(db, backup=False))
        window.resize(*SIZE)
        controller = attach(window)
        window.show()
        window.pages.setCurrentWidget(controller.page)
        app.processEvents()

        def shot(name: str) -> None:
            app.processEvents()
            path = folder / name
            window.grab().save(str(path))
            written.append(path)

        conn = window.store.db.conn
        patient_id, = conn.execute(
            "SELECT e.patient_id FROM exams e WHERE e.status <> 'superseded' AND e.patient_id IN "
            "(SELECT patient_id FROM exams WHERE version_no = 2) GROUP BY e.patient_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        family, = conn.execute("SELECT family_name FROM patients WHERE id = ?", (patient_id,)).fetchone()

        page = controller.page
        shot("browser.png")
        page.search_edit.setText(family[:3])
        page.refresh()
        page.select_row(0)
        shot("browser-search.png")
        page.search_edit.clear()
        page.filters.hb_min.setCurrentIndex(page.filters.hb_min.findData("IV"))
        page.filters.red_flags.setChecked(True)
        page.refresh()
        shot("browser-filters.png")
        page.filters.clear()

        controller.show_timeline(patient_id)
        timeline = controller.timeline
        amended = next(exam_id for exam_id, versions in timeline.course.versions.items() if len(versions) > 1)
        timeline.select_exam(amended)
        shot("timeline.png")

        points = timeline.model.points
        controller.show_compare(points[0].exam_id, points[-1].exam_id)
        shot("compare.png")
        controller.compare.only_changes.setChecked(True)
        shot("compare-changes.png")
        page.close_browser()
        window.close_store()
        window.close()
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    for path in main(target):
        print(path)
    QApplication.instance()
