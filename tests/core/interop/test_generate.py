"""The benchmark database generator writes what the app itself would: same schema, index and summaries."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from facialis.core.exam import exam_from_document
from facialis.core.interop.scoring import summary_of
from facialis.core.store import Store
from facialis.core.store.schema.exam_search import exam_search_is_consistent
from facialis.core.store.schema.fts import ALL_FTS, fts_is_consistent

GENERATOR = Path(__file__).resolve().parents[3] / "benchmarks" / "generate.py"


def test_generated_database_is_a_valid_clinic(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    path = tmp_path / "bench.sqlite3"
    patients = generate.generate(path, 120, seed=2, workers=0)
    with Store.open(path, backup=False) as store:
        conn = store.db.conn
        assert conn.execute("SELECT count(*) FROM exams").fetchone()[0] == 120
        assert store.count_patients() == patients > 20
        assert exam_search_is_consistent(store.db) and all(fts_is_consistent(store.db, spec) for spec in ALL_FTS)
        for (exam_id,) in conn.execute("SELECT id FROM exams WHERE status <> 'superseded' LIMIT 25").fetchall():
            record = store.get_exam(exam_id)
            assert record.summary == summary_of(exam_from_document(record.document))
