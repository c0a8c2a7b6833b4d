"""What every benchmark shares: the measurement row, medians, child-process timing, the database.

A ``Measurement`` is one line of the suite's table: a value, the baseline measured in the same run
(or None for an absolute target), the target and the verdict. Values are milliseconds unless the
unit says otherwise.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
DEFAULT_DB = DATA / "clinic-100k.sqlite3"
DEFAULT_EXAMS = 100_000


@dataclass(frozen=True)
class Measurement:
    """One measured quantity against its target.

    ``max_ratio`` bounds value / baseline; ``max_value`` bounds the value itself; either or both.
    A measurement without a target is shown for information and never fails.
    """

    name: str
    value: float
    unit: str = "ms"
    baseline: float | None = None
    baseline_name: str = ""
    max_ratio: float | None = None
    max_value: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None:
            return None
        return self.value / self.baseline if self.baseline > 0 else float("inf")

    @property
    def has_target(self) -> bool:
        return self.max_ratio is not None or self.max_value is not None

    @property
    def passed(self) -> bool:
        ratio = self.ratio
        if self.max_ratio is not None and (ratio is None or ratio > self.max_ratio):
            return False
        return not (self.max_value is not None and self.value >= self.max_value)

    @property
    def target(self) -> str:
        parts = []
        if self.max_ratio is not None:
            parts.append(f"<= {self.max_ratio:g} x")
        if self.max_value is not None:
            parts.append(f"< {self.max_value:g} {self.unit}")
        return ", ".join(parts) or "-"

    @property
    def verdict(self) -> str:
        if not self.has_target:
            return "info"
        return "PASS" if self.passed else "FAIL"


def fmt(value: float | None, unit: str = "ms") -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"
    if unit == "x":
        return f"{value:.2f} x"
    return f"{value:.1f} {unit}"


def table(rows: Sequence[Measurement]) -> str:
    """The suite's table (Markdown, so it can be pasted into the README as it is)."""
    header = ("Measurement", "Value", "Baseline (same run)", "Ratio", "Target", "Result")
    lines = [header]
    for m in rows:
        baseline = "-" if m.baseline is None else f"{fmt(m.baseline, m.unit)} ({m.baseline_name})"
        ratio = "-" if m.ratio is None else f"{m.ratio:.2f} x"
        lines.append((m.name, fmt(m.value, m.unit), baseline, ratio, m.target, m.verdict))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for number, line in enumerate(lines):
        out.append("| " + " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) + " |")
        if number == 0:
            out.append("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(out)


def timed(run: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    """Milliseconds of ``repeat`` calls after ``warmup`` untimed ones."""
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return times


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a timed child: offscreen Qt, and nothing that changes how Python starts."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(extra or {})
    return env


@dataclass(frozen=True)
class ChildRun:
    """One timed child process: milliseconds until it printed its first line, and that line."""

    ms: float
    line: str


def time_child(args: Sequence[str], env: dict[str, str], timeout: float = 120.0) -> ChildRun:
    """Start ``args``; the time from just before the start until the child prints a line.

    The child prints its line at the moment being measured (the window shown) and may go on;
    it is killed if it has not exited a few seconds later. A child that exits without a line, or
    with a non-zero code, is an error, with its standard error in the message.
    """
    started = time.perf_counter()
    child = subprocess.Popen(
        list(args), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = (time.perf_counter() - started) * 1000
    try:
        _, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        _, err = child.communicate()
    if not line or child.returncode:
        raise RuntimeError(f"{' '.join(args[:3])}… failed (exit {child.returncode}):\n{err.strip()[-3000:]}")
    return ChildRun(elapsed, line.strip())


def ensure_database(path: Path = DEFAULT_DB, exams: int = DEFAULT_EXAMS) -> Path:
    """The synthetic database, generated first (about two minutes) when it is missing."""
    if path.exists():
        return path
    print(f"{path} is missing: generating {exams:,} exams with benchmarks/generate.py …", file=sys.stderr, flush=True)
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--exams", str(exams), "--db", str(path)],
        check=True,
        cwd=ROOT,
    )
    return path


def peak_rss_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def print_table(rows: Sequence[Measurement], title: str = "") -> None:
    if title:
        print(title)
    print(table(rows))
    print()
