"""Start-up: from process start until the main window is shown on the big database, with the first
page of the case browser filled, against a bare PySide6 script that shows an empty QMainWindow.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/startup.py [--db PATH] [--runs 11]

Both are child processes of this script, started with the same Python and environment (offscreen
Qt); each is timed with ``time.perf_counter`` from just before it is started until it prints one line
at the moment measured, so process creation, interpreter start, imports, opening the database and
the first painting count, and tearing down does not. The runs alternate (bare, app, bare, app …)
after one untimed warm-up of each, so both see the same machine; the medians are compared.

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
            if model.cached_rows() or model.error:
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


def measure(db: Path, runs: int = 11) -> list[Measurement]:
    env = child_env()
    bare_cmd = [sys.executable, "-c", BARE_CHILD]
    app_cmd = [sys.executable, "-c", APP_CHILD, str(db)]
    time_child(bare_cmd, env)  # warm-up: the page cache holds Qt and the database pages for both
    first = time_child(app_cmd, env)
    _, rows, cached, rss = first.line.split()
    if int(cached) <= 0:
        raise RuntimeError(f"the browser showed no rows ({first.line})")
    bare, app = [], []
    for _ in range(runs):
        bare.append(time_child(bare_cmd, env).ms)
        app.append(time_child(app_cmd, env).ms)
    return [
        Measurement(
            "Start-up: window shown, browser's first page filled",
            median(app),
            baseline=median(bare),
            baseline_name="empty QMainWindow",
            max_ratio=TARGET_RATIO,
            note=f"{int(rows):,} exams listed; {runs} runs each; max RSS at that moment {float(rss):.0f} MB",
        )
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
