"""How quickly the case browser finds and shows exams, on a big database, in one process.

    .venv/bin/python benchmarks/generate.py --exams 100000 --db benchmarks/data/clinic-100k.sqlite3
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/browse.py --db benchmarks/data/clinic-100k.sqlite3

Measures, each as the median of ``--repeat`` runs (the first, cold run is shown too):

1. the first page of the unfiltered browser: building the Cases page on the database (its own
   read connection, the count, the first page of rows) until it has been painted once;
2. the raw FTS5 query for a name prefix: ``SELECT rowid FROM exam_search WHERE exam_search MATCH``
   on a plain sqlite3 connection, every matching index entry fetched (its rowid, the browse key
   that holds the exam id: core/store/schema/exam_search.py);
3. the same search through the browser's table model until the first page is ready: the query
   object, the count (the model's row count) and the first page of rows, fetched when the view
   asks for the first cell through ``data()``;

and prints (3) / (2), the time to (5) open the timeline of the first patient found (course,
chart, table, version history) and (6) compare that patient's first and last visits, and the
process's peak memory (maximum resident set size). For reference it
also times (4) the same first page and count as two plain SQL statements written the obvious way
(FTS5 joined to the exams and patients, ordered by date), which the model's query plan replaces.
``--sample N`` adds (2) and (3) for the three-letter prefixes of N randomly chosen patients'
family names, since the ratio depends on how many exams a prefix finds.
Targets: model at most 2 x raw; first page under 100 ms; peak memory under 250 MB.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __name__ == "__main__" and not __package__:
    sys.path[0] = str(Path(__file__).resolve().parents[1])  # run as a file: import as benchmarks.*

from benchmarks._bench import Measurement  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_RATIO = 2.0
TARGET_FIRST_PAGE_MS = 100.0
TARGET_PEAK_MB = 250.0


def _timed(run: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """(first run, median of the rest) in milliseconds, and the last result."""
    times: list[float] = []
    result: object = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - started) * 1000)
    rest = times[1:] or times
    return times[0], statistics.median(rest), result


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def run(
    path: Path, query: str = "mül", repeat: int = 15, sample: int = 0, echo: Callable[..., object] = print
) -> dict[str, float]:
    """Run every measurement of this module on ``path``, printing as it goes through ``echo``;
    returns the numbers (milliseconds, and ``peak_mb``)."""
    if not path.exists():
        raise SystemExit(f"{path} does not exist; make it with benchmarks/generate.py")

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from facialis.core.browse import ExamFilter
    from facialis.core.store.schema.fts import match_expression
    from facialis.core.store import Store
    from facialis.core.store.schema.exam_search import ID_MASK
    from facialis.gui.browser.page import BrowserPage
    from facialis.gui.browser.table_model import Column

    results: dict[str, float] = {}
    app = QApplication.instance() or QApplication(sys.argv[:1])
    store = Store.open(path, backup=False)
    exams = store.db.conn.execute("SELECT count(*) FROM exams").fetchone()[0]
    echo(f"database: {path} ({exams:,} exam rows, {store.count_patients():,} patients)")

    # 1. The unfiltered browser, built and painted.
    def first_page() -> int:
        page = BrowserPage(store)
        page.resize(1200, 700)
        page.show()
        app.processEvents()
        shown = page.model.rowCount()
        page.close()
        page.close_browser()
        page.deleteLater()
        app.processEvents()
        return shown

    cold_page, first_page_ms, shown = _timed(first_page, repeat)

    # 2 and 3. Raw FTS5 query versus the model, for one prefix.
    raw_conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
    page = BrowserPage(store)
    model = page.model
    rows_per_page = model._page_size  # noqa: SLF001 - the model's own page size

    def raw(prefix: str) -> Callable[[], object]:
        match = match_expression(prefix)
        sql = "SELECT rowid FROM exam_search WHERE exam_search MATCH ?"  # the bare query: every entry fetched
        return lambda: len(raw_conn.execute(sql, (match,)).fetchall())

    def through_model(prefix: str) -> Callable[[], object]:
        def run() -> int:
            assert page.browser is not None
            model.set_query(page.browser.query(ExamFilter(search=prefix)))
            if model.rowCount():
                model.index(0, Column.PATIENT).data()  # fetches the first page of rows
                assert model.cached_rows() == min(rows_per_page, model.rowCount())
            return model.rowCount()

        return run

    def plain_sql(prefix: str) -> Callable[[], object]:
        match = match_expression(prefix)
        joined = f"FROM exam_search s JOIN exams e ON e.id = (s.rowid & {ID_MASK})"
        where = "WHERE s.exam_search MATCH ? AND e.status IN ('draft', 'signed')"

        def run() -> int:
            total = raw_conn.execute(f"SELECT count(*) {joined} {where}", (match,)).fetchone()[0]
            raw_conn.execute(
                "SELECT e.id, p.mrn, p.family_name, p.given_names, e.exam_date, e.side, e.final_hb, e.suggested_hb,"
                f" e.level, e.status, e.examiner, e.red_flags, e.version_no {joined}"
                f" JOIN patients p ON p.id = e.patient_id {where} ORDER BY e.exam_date DESC, e.id DESC LIMIT ?",
                (match, rows_per_page),
            ).fetchall()
            return int(total)

        return run

    def compare(prefix: str) -> tuple[float, float, float, float, int, int]:
        raw_cold, raw_ms, hits = _timed(raw(prefix), repeat)
        model_cold, model_ms, count = _timed(through_model(prefix), repeat)
        return raw_cold, raw_ms, model_cold, model_ms, int(hits), int(count)  # type: ignore[arg-type]

    raw_cold, raw_ms, model_cold, model_ms, hits, count = compare(query)
    ratio = model_ms / raw_ms if raw_ms else float("inf")
    plain_cold, plain_ms, _ = _timed(plain_sql(query), repeat)

    results.update(first_page_ms=first_page_ms, raw_ms=raw_ms, model_ms=model_ms, ratio=ratio, plain_ms=plain_ms)
    echo()
    echo(f"first page of the unfiltered browser: {first_page_ms:7.2f} ms (cold {cold_page:.2f} ms, {shown:,} exams listed)")
    echo(f"raw FTS5 query for {query!r}:        {raw_ms:7.2f} ms (cold {raw_cold:.2f} ms, {hits:,} index entries)")
    echo(
        f"same search through the model:       {model_ms:7.2f} ms (cold {model_cold:.2f} ms, {count:,} exams, "
        f"first {rows_per_page} rows ready)"
    )
    echo(f"ratio model / raw:                    {ratio:7.2f}")
    echo(f"(plain SQL for the same count and first page: {plain_ms:.2f} ms, cold {plain_cold:.2f} ms)")

    # 5 and 6. What the clinician does next: the patient's timeline, then two visits compared.
    from facialis.core.browse.compare import compare_exams
    from facialis.core.browse.course import patient_course
    from facialis.gui.browser.compare import ComparePage
    from facialis.gui.browser.timeline import TimelinePage

    through_model(query)()
    first_row = model.index(0, 0).data(Qt.ItemDataRole.UserRole + 3) if model.rowCount() else None
    if first_row is not None:
        timeline, compare_page = TimelinePage(), ComparePage()
        timeline.resize(1200, 700)
        compare_page.resize(1200, 700)

        def open_timeline() -> int:
            timeline.show_course(patient_course(store, first_row.patient_id))
            timeline.show()
            app.processEvents()
            return len(timeline.model.points)

        def compare_visits() -> int:
            points = timeline.model.points
            first, last = points[0].record, points[-1].record
            rows = compare_exams(first, last)
            compare_page.show_comparison(first_row.patient_name, first, points[0].day, last, points[-1].day, rows)
            compare_page.show()
            app.processEvents()
            return len(rows)

        timeline_cold, timeline_ms, visits = _timed(open_timeline, repeat)
        compare_cold, compare_ms, compared = _timed(compare_visits, repeat)
        results.update(timeline_ms=timeline_ms, compare_ms=compare_ms)
        echo(f"timeline of {first_row.patient_name}:  {timeline_ms:7.2f} ms (cold {timeline_cold:.2f} ms, {visits} exams)")
        echo(f"first and last visit compared:        {compare_ms:7.2f} ms (cold {compare_cold:.2f} ms, {compared} rows)")

    if sample:
        rng = random.Random(1)
        total = raw_conn.execute("SELECT max(id) FROM patients").fetchone()[0]
        prefixes: list[str] = []
        while len(prefixes) < sample:
            found = raw_conn.execute("SELECT family_name FROM patients WHERE id = ?", (rng.randint(1, total),)).fetchone()
            if found and len(found[0]) >= 3:
                prefixes.append(found[0][:3].lower())
        echo()
        echo(f"{'prefix':8} {'hits':>7} {'raw ms':>8} {'model ms':>9} {'ratio':>6}")
        ratios = []
        for prefix in prefixes:
            _, r_ms, _, m_ms, n_hits, _ = compare(prefix)
            ratios.append(m_ms / r_ms if r_ms else float("inf"))
            echo(f"{prefix:8} {n_hits:7,} {r_ms:8.2f} {m_ms:9.2f} {ratios[-1]:6.2f}")
        results["sample_median_ratio"] = statistics.median(ratios)
        echo(f"median ratio over {len(prefixes)} prefixes: {statistics.median(ratios):.2f}")

    results["peak_mb"] = _peak_mb()
    page.close_browser()
    store.close()
    return results


def verdicts(results: dict[str, float]) -> list[tuple[str, bool]]:
    return [
        ("model <= 2 x raw", results["ratio"] <= TARGET_RATIO),
        ("first page < 100 ms", results["first_page_ms"] < TARGET_FIRST_PAGE_MS),
        ("peak memory < 250 MB", results["peak_mb"] < TARGET_PEAK_MB),
    ]


def measure(path: Path, query: str = "mül", repeat: int = 15, sample: int = 8) -> list[Measurement]:
    """The browser's measurements with their targets, for the suite (benchmarks/run)."""
    found = run(path, query, repeat, sample, echo=lambda *_line: None)
    rows = [
        Measurement(
            f"Browser: search {query!r} through the table model",
            found["model_ms"],
            baseline=found["raw_ms"],
            baseline_name="raw FTS5 MATCH",
            max_ratio=TARGET_RATIO,
        ),
        Measurement("Browser: first page of the unfiltered list", found["first_page_ms"], max_value=TARGET_FIRST_PAGE_MS),
        Measurement("Browser: peak memory of the browse benchmark", found["peak_mb"], unit="MB", max_value=TARGET_PEAK_MB),
    ]
    if "sample_median_ratio" in found:
        rows.append(Measurement(
            f"Browser: search ratio, median over {sample} random name prefixes (info)",
            found["sample_median_ratio"], unit="x",
            note="the model's fixed cost (count, page query, 100 rows read) weighs more when a prefix finds few exams",
        ))
    if "timeline_ms" in found:
        rows += [
            Measurement("Browser: a patient's timeline (info)", found["timeline_ms"]),
            Measurement("Browser: two visits compared (info)", found["compare_ms"]),
        ]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="database made by benchmarks/generate.py")
    parser.add_argument("--query", default="mül", help="the name prefix typed (default: mül)")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--sample", type=int, default=0, help="also measure N random patients' name prefixes")
    args = parser.parse_args(argv)
    results = run(Path(args.db), args.query, args.repeat, args.sample)
    print()
    print(f"peak memory (max RSS):                {results['peak_mb']:7.1f} MB")
    print()
    checks = verdicts(results)
    for name, ok in checks:
        print(f"{'PASS' if ok else 'MISS'}  {name}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
