"""Start-up: from process start until the main window is shown on the big database, with the first
page of the case browser filled, against a bare PySide6 script that shows an empty QMainWindow.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/startup.py [--db PATH] [--runs 11]

Both are child processes of this script, started with the same Python and environment (offscreen
Qt); each is timed with ``time.perf_counter`` from just before it is started until it prints one line
at the moment measured, so process creation, interpreter start, imports, opening the database and
the first painting count, and tearing down does not. The runs alternate (bare, app, bare, app …)
after one untimed warm-up of each, so both see the same machine; the medians are compared.

For reference it also times a minimal PySide6 program that shows the same window (menus, tabs, a
table over the first page of the database) and nothing else: the floor any implementation has.

The app is started through the real entry point (``facialis.gui.main.main(["--db", PATH])``). The
only change is ``QApplication.exec``: instead of running the event loop it processes events until
the window has been shown and painted and the browser's table model holds its first page of rows
(fetching it, as the view would, if the Cases page is not the one on screen), prints the line and
ends the process. Target: at most 1.5 times the bare window.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __name__ == "__main__" and not __package__:
    sys.path[0] = str(Path(__file__).resolve().parents[1])  # run as a file: import as benchmarks.*

from benchmarks._bench import DEFAULT_DB, Measurement, child_env, ensure_database, median, print_table, time_child

TARGET_RATIO = 1.5

BARE_CHILD = """\
import os, sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.show()
app.processEvents()
print("shown", flush=True)
os._exit(0)
"""

# For reference (no target): the least any PySide6 program must do to show this window: Qt's
# namespace (its enums), the database opened, the current exams counted, the first page read, a
# window with menus, two tabs, a search box, a 9-column table over those rows and a status bar.
FLOOR_CHILD = """\
import os, sqlite3, sys
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QTableView, QTabWidget, QVBoxLayout, QWidget
app = QApplication(sys.argv[:1])
conn = sqlite3.connect("file:" + os.path.abspath(sys.argv[1]) + "?mode=ro", uri=True)
count = conn.execute("SELECT count(*) FROM exams WHERE status IN ('draft', 'signed')").fetchone()[0]
rows = conn.execute(
    "SELECT e.id, e.exam_date, e.side, e.final_hb, e.level, e.status, e.examiner, p.mrn, p.family_name"
    " FROM exams e INDEXED BY idx_exams_browse JOIN patients p ON p.id = e.patient_id"
    " WHERE e.status IN ('draft', 'signed') ORDER BY e.exam_date DESC, e.id DESC LIMIT 100").fetchall()
class Model(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else count
    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 9
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.row() < len(rows):
            return str(rows[index.row()][index.column()])
        return None
window = QMainWindow()
for title in ("&File", "&Edit", "E&xam", "&Help"):
    window.menuBar().addMenu(title)
tabs = QTabWidget()
page = QWidget()
layout = QVBoxLayout(page)
layout.addWidget(QLineEdit())
table = QTableView()
table.setModel(Model())
layout.addWidget(table)
tabs.addTab(page, "Cases")
tabs.addTab(QWidget(), "Patients")
window.setCentralWidget(tabs)
window.statusBar().showMessage(f"{count} exams")
window.resize(900, 560)
window.show()
app.processEvents()
print("shown", flush=True)
os._exit(0)
"""

# The probe replaces the event loop: it returns only by ending the process.
APP_CHILD = """\
import os, sys
from PySide6.QtWidgets import QApplication

def _shown(app):
    import resource, time
    deadline = time.monotonic() + 60
    while True:
        app.processEvents()
        window = next((w for w in app.topLevelWidgets() if w.isVisible() and hasattr(w, "pages")), None)
        controller = getattr(window, "browser_controller", None)
        if controller is not None:
            model = controller.page.model
            if model.rowCount() and not model.cached_rows():
                model.index(0, 0).data()  # what the view asks for when the page is on screen
            handle = window.windowHandle()
            exposed = handle is not None and handle.isExposed()  # Qt has painted it
            if exposed and (model.cached_rows() or model.error):
                break
        if time.monotonic() > deadline:
            sys.exit("the main window or the browser's first page did not appear within 60 s")
    if model.error:
        sys.exit("browser: " + model.error)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("shown", model.rowCount(), model.cached_rows(), round(rss, 1), flush=True)
    os._exit(0)

QApplication.exec = _shown
from facialis.gui.main import main
sys.exit(main(["--db", sys.argv[1]]))
"""

# Until everything left for after the first paint is done: the patient list, the exam wizard's
# menu, and the integrity check of the whole file in its thread (the backup is not due: made once
# a day, by the warm-up run at the latest).
READY_CHILD = """\
import os, sys, time
from PySide6.QtWidgets import QApplication

def _ready(app):
    deadline = time.monotonic() + 300
    window = None
    while window is None or not window.start_up.done:
        app.processEvents()
        time.sleep(0.001)
        window = next((w for w in app.topLevelWidgets() if hasattr(w, "start_up")), None)
        if time.monotonic() > deadline:
            sys.exit("the start-up work did not finish within 300 s")
    print("ready", flush=True)
    os._exit(0)

QApplication.exec = _ready
from facialis.gui.main import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def measure(db: Path, runs: int = 11) -> list[Measurement]:
    env = child_env()
    bare_cmd = [sys.executable, "-c", BARE_CHILD]
    app_cmd = [sys.executable, "-c", APP_CHILD, str(db)]
    floor_cmd = [sys.executable, "-c", FLOOR_CHILD, str(db)]
    ready_cmd = [sys.executable, "-c", READY_CHILD, str(db)]
    # Warm-up: the page cache holds Qt and the database pages for all, and today's backup of the
    # database is made (the ready run waits for it), so no timed run is stopped while writing it.
    time_child(bare_cmd, env)
    time_child(floor_cmd, env)
    time_child(ready_cmd, env, timeout=600)
    first = time_child(app_cmd, env)
    _, rows, cached, rss = first.line.split()
    if int(cached) <= 0:
        raise RuntimeError(f"the browser showed no rows ({first.line})")
    bare, app, floor, ready = [], [], [], []
    for number in range(runs):
        bare.append(time_child(bare_cmd, env).ms)
        app.append(time_child(app_cmd, env).ms)
        floor.append(time_child(floor_cmd, env).ms)
        if number % 3 == 0:
            ready.append(time_child(ready_cmd, env).ms)
    return [
        Measurement(
            "Start-up: window shown, browser's first page filled",
            median(app),
            baseline=median(bare),
            baseline_name="empty QMainWindow",
            max_ratio=TARGET_RATIO,
            note=f"{int(rows):,} exams listed; {runs} runs each; max RSS at that moment {float(rss):.0f} MB",
        ),
        Measurement(
            "Start-up floor: minimal PySide6 program showing the same window (info)",
            median(floor),
            baseline=median(bare),
            baseline_name="empty QMainWindow",
            note="Qt's enums, the database opened and counted, the first page read, menus, tabs and a table",
        ),
        Measurement(
            "Start-up until the work after the first paint is done (info)",
            median(ready),
            note="patient list, exam wizard menus and the integrity check of the whole file (in a thread)",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="benchmark database (generated when missing)")
    parser.add_argument("--runs", type=int, default=11, help="timed starts of each (median)")
    args = parser.parse_args(argv)
    rows = measure(ensure_database(args.db), args.runs)
    print_table(rows)
    for row in rows:
        if row.note:
            print(f"{row.name}: {row.note}")
    return 0 if all(row.passed for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
