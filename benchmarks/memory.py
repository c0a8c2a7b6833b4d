"""Peak memory of the application with the 100,000-exam database open, through a clinic session.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/memory.py [--db PATH]

The application is started in a child process through its real entry point, as in
benchmarks/startup.py, and then used the way a clinician would, offscreen: wait until the start-up
work is done, show the Cases page, scroll to the last exam of the 100,000, search a name, sort by
patient, clear the search, open the first patient's timeline, compare their first and last visits,
and open the newest exam in the exam wizard (user prompts answer themselves). The measure is the
child's peak resident set size (``ru_maxrss``) at the end. Target: under 250 MB.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __name__ == "__main__" and not __package__:
    sys.path[0] = str(Path(__file__).resolve().parents[1])  # run as a file: import as benchmarks.*

from benchmarks._bench import DEFAULT_DB, Measurement, child_env, ensure_database, print_table, time_child

TARGET_MB = 250.0

SESSION_CHILD = """\
import json, os, resource, sys, time
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

def _rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def _settle(app, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)

def _session(app):
    from facialis.gui import prompts
    for name in ("info", "warning", "error"):
        setattr(prompts, name, lambda *a, **k: None)
    prompts.ask_yes_no = lambda *a, **k: False
    window = next(w for w in app.topLevelWidgets() if hasattr(w, "pages"))
    deadline = time.monotonic() + 300
    while not window.start_up.done and time.monotonic() < deadline:  # the work left for after the first paint
        app.processEvents()
        time.sleep(0.005)
    _settle(app, 0.2)
    started = _rss()
    controller = window.browser_controller
    page = controller.page
    controller.show_cases()
    app.processEvents()
    page.table.scrollToBottom()
    app.processEvents()
    page.search_edit.setText("mül")
    page.refresh()
    app.processEvents()
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    app.processEvents()
    page.search_edit.clear()
    page.refresh()
    page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    app.processEvents()
    first = page.model.row_at(0)
    controller.show_timeline(first.patient_id)
    app.processEvents()
    points = controller.timeline.model.points
    if len(points) > 1:
        controller.show_compare(points[0].record.id, points[-1].record.id)
        app.processEvents()
    controller.open_exam(first.exam_id)
    _settle(app, 0.5)
    print(json.dumps({"started_mb": started, "peak_mb": _rss(), "exams": page.model.rowCount()}), flush=True)
    os._exit(0)

QApplication.exec = _session
from facialis.gui.main import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def measure(db: Path) -> list[Measurement]:
    result = json.loads(time_child([sys.executable, "-c", SESSION_CHILD, str(db)], child_env()).line)
    return [
        Measurement(
            "Peak memory: app on the database through a session",
            result["peak_mb"],
            unit="MB",
            max_value=TARGET_MB,
            note=f"{result['started_mb']:.0f} MB once started; {result['exams']:,} exams listed",
        )
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="benchmark database (generated when missing)")
    args = parser.parse_args(argv)
    rows = measure(ensure_database(args.db))
    print_table(rows)
    for row in rows:
        print(f"{row.name}: {row.note}")
    return 0 if all(row.passed for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
