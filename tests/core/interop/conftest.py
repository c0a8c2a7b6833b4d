"""Stores filled from the vignette exam files and from the demo clinic."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from facialis.core.interop.demo import fill_demo
from facialis.core.interop.exam_files import import_exam_files
from facialis.core.store import Store
from facialis.core.vignettes import VIGNETTE_DIR

VIGNETTES = VIGNETTE_DIR


def vignette_files() -> list[Path]:
    return sorted(VIGNETTES.glob("*.facialis.json"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "clinic.sqlite3", user="dr.test", backup=False)
    yield opened
    opened.close()


@pytest.fixture
def vignette_store(store: Store) -> Store:
    report = import_exam_files(store, vignette_files())
    assert not report.refused, report.text()
    return store


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = Store.open(tmp_path_factory.mktemp("demo") / "demo.sqlite3", user="dr.demo", backup=False)
    fill_demo(opened, patients=24, seed=3)
    yield opened
    opened.close()


def current_ids(store: Store) -> list[int]:
    return [row[0] for row in store.db.conn.execute("SELECT id FROM exams WHERE status <> 'superseded' ORDER BY id")]


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every record table: proof that nothing changed."""
    conn = store.db.conn
    return {table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() for table in ("patients", "exams", "audit")}
