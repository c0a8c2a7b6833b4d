"""Every benchmark of the project on the 100,000-exam database, as one table with a verdict.

    benchmarks/run            # the whole suite (generates the database first when it is missing)
    benchmarks/run --quick    # fewer repetitions, for a first look (not for the README)

Each group runs in a child process of its own (so one group's imports, caches and memory never
colour another's), one after the other: start-up, peak memory, saving, assessment, the case
browser, the report. Each prints nothing but its measurements; this script prints one Markdown
table: each measurement, its baseline measured in the same run, the ratio, the target and PASS or
FAIL (rows marked "info" have no target), then how each was measured. It exits 1 when any
target fails.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

if __name__ == "__main__" and not __package__:
    sys.path[0] = str(Path(__file__).resolve().parents[1])  # run as a file: import as benchmarks.*

from benchmarks._bench import DEFAULT_DB, ROOT, Measurement, child_env, ensure_database, table

#: (module, keyword arguments of its ``measure``, the same with --quick)
GROUPS: list[tuple[str, dict[str, object], dict[str, object]]] = [
    ("startup", {"runs": 15}, {"runs": 3}),
    ("memory", {}, {}),
    ("save", {"runs": 101}, {"runs": 21}),
    ("assess", {"runs": 101}, {"runs": 21}),
    ("browse", {"repeat": 15}, {"repeat": 7}),
    ("report", {"runs": 31}, {"runs": 7}),
]
NEEDS_DB = {"startup", "memory", "save", "browse"}

HOW = """\
How each is measured (medians; each group in a fresh process; QT_QPA_PLATFORM=offscreen):
- Start-up: child processes timed with time.perf_counter from just before the start until the
  line printed once the window is shown and the browser's first page is filled; the real entry
  point (facialis.gui.main) against a script that shows an empty QMainWindow; runs alternate.
  The floor row is a minimal PySide6 program that shows the same window and nothing else.
- Peak memory: ru_maxrss of the application after a session (Cases page, scroll to the end, a
  search, two sorts, a timeline, a comparison, an exam opened in the wizard).
- Save: Store.save_draft (one answer changed) and Store.sign_exam on a scratch copy of the
  database, against INSERT + COMMIT of the same exam JSON on the same file in the same mode.
- Assessment: core.assess on every vignette and the fully filled-in V5 exam; the slowest shown.
- Browser and report: benchmarks/browse.py and benchmarks/report.py, with their own targets."""


def _child_main(module: str, arguments: str) -> int:
    """Run one group here and print its measurements as JSON (the suite reads the last line)."""
    import importlib

    kwargs = json.loads(arguments)
    if "db" in kwargs:
        kwargs["db" if module != "browse" else "path"] = Path(kwargs.pop("db"))
    rows = importlib.import_module(f"benchmarks.{module}").measure(**kwargs)
    print(json.dumps([dataclasses.asdict(row) for row in rows]), flush=True)
    return 0


def _run_group(module: str, kwargs: dict[str, object]) -> list[Measurement]:
    command = [sys.executable, "-m", "benchmarks.suite", "--child", module, json.dumps(kwargs)]
    done = subprocess.run(command, cwd=ROOT, env=child_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"benchmarks/{module}.py failed (exit {done.returncode}):\n{done.stderr.strip()[-4000:]}")
    return [Measurement(**row) for row in json.loads(done.stdout.strip().splitlines()[-1])]


def _machine() -> str:
    cpu = ""
    with_cpuinfo = Path("/proc/cpuinfo")
    if with_cpuinfo.exists():
        for line in with_cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{cpu or platform.processor() or platform.machine()}, {os.cpu_count()} cores, load average {load}; "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="benchmark database (generated when missing)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a first look, not for the README)")
    parser.add_argument("--only", action="append", choices=[g[0] for g in GROUPS], help="run only this group (repeatable)")
    parser.add_argument("--child", nargs=2, metavar=("MODULE", "ARGS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child_main(*args.child)

    db = ensure_database(args.db.absolute())
    started = time.perf_counter()
    print(f"Facialis benchmarks, {datetime.now().strftime('%Y-%m-%d %H:%M')}{' (quick)' if args.quick else ''}")
    print(f"Machine: {_machine()}")
    print(f"Database: {db.relative_to(ROOT) if db.is_relative_to(ROOT) else db} ({db.stat().st_size / 1e6:.0f} MB)")
    print(flush=True)
    rows: list[Measurement] = []
    failed: list[str] = []
    for module, full, quick in GROUPS:
        if args.only and module not in args.only:
            continue
        kwargs = dict(quick if args.quick else full)
        if module in NEEDS_DB:
            kwargs["db"] = str(db)
        print(f"… {module}", file=sys.stderr, flush=True)
        try:
            rows.extend(_run_group(module, kwargs))
        except RuntimeError as exc:
            failed.append(str(exc))
            rows.append(Measurement(f"{module}: did not run (see below)", float("nan"), max_ratio=0.0))
    print(table(rows))
    print()
    notes = [f"- {row.name}: {row.note}" for row in rows if row.note]
    if notes:
        print("Notes:")
        print("\n".join(notes))
        print()
    print(HOW)
    print()
    targets = [row for row in rows if row.has_target]
    failures = [row for row in targets if not row.passed]
    print(f"{len(targets) - len(failures)} passed, {len(failures)} failed")
    print(f"({len(targets)} targets, {len(rows) - len(targets)} rows for information; {time.perf_counter() - started:.0f} s)")
    for message in failed:
        print(message, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
