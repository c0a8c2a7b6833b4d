"""Assessment: ``core.assess`` on the most complex exams, as the wizard calls it at every change.

    .venv/bin/python benchmarks/assess.py [--runs 101]

Times ``assess(exam)`` (scales, lesion level, guidance) on every clinical vignette of
resources/vignettes and on the fully filled-in V5 exam that the report benchmark prints (every item of
every page answered), each the median of ``--runs`` calls after a warm-up, and reports the slowest
of them as "the most complex". Target: under 5 ms.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from facialis.core.vignettes import VIGNETTE_DIR

if __name__ == "__main__" and not __package__:
    sys.path[0] = str(Path(__file__).resolve().parents[1])  # run as a file: import as benchmarks.*

from benchmarks._bench import Measurement, median, print_table, timed

TARGET_MS = 5.0
VIGNETTES = VIGNETTE_DIR


def exams() -> dict[str, object]:
    """Every vignette by file name, and the full V5 exam of the report benchmark."""
    from benchmarks.report import full_exam
    from facialis.core.exam import load_exam

    found: dict[str, object] = {path.name.split(".")[0]: load_exam(path) for path in sorted(VIGNETTES.glob("*.facialis.json"))}
    found["v05 full (every item)"] = full_exam()
    return found


def timings(runs: int = 101) -> dict[str, float]:
    """Median milliseconds of ``assess`` per exam."""
    from facialis.core.assess import assess
    from facialis.core.settings import Settings

    settings = Settings()
    return {name: median(timed(lambda e=exam: assess(e, settings), runs, warmup=3)) for name, exam in exams().items()}


def measure(runs: int = 101) -> list[Measurement]:
    found = timings(runs)
    slowest = max(found, key=found.__getitem__)
    return [
        Measurement(
            f"Assessment: core.assess, most complex exam ({slowest})",
            found[slowest],
            max_value=TARGET_MS,
            note=f"{len(found)} exams, median of {runs} calls each; fastest {min(found.values()):.2f} ms",
        )
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=101, help="timed calls per exam (median)")
    args = parser.parse_args(argv)
    for name, ms in timings(args.runs).items():
        print(f"{name:24} {ms:6.3f} ms")
    print()
    rows = measure(args.runs)
    print_table(rows)
    return 0 if all(row.passed for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
