"""Fixtures for the store tests: a fresh database per test, sample patients and summaries."""
from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from facialis.core.patient import Patient
from facialis.core.store import ExamSummary, Store, connection


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "records" / "facialis.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = Store.open(db_path, user="dr.house", backup=False)
    yield opened
    opened.close()


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lock tests wait for the busy timeout; keep it short."""
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)


def make_patient(mrn: str = "MRN-001", family: str = "Doe", given: str = "Jane", **extra: object) -> Patient:
    return Patient(mrn=mrn, family_name=family, given_names=given, **extra)


def make_summary(**overrides: object) -> ExamSummary:
    values: dict[str, object] = {
        "exam_date": date(2024, 3, 1),
        "side": "right",
        "suggested_hb": "III",
        "final_hb": "III",
        "level": "peripheral",
        "examiner": "Dr House",
        "red_flags": False,
        "diagnosis": "Bell palsy",
        "impression": "Acute peripheral palsy, forehead involved.",
    }
    values.update(overrides)
    return ExamSummary(**values)  # type: ignore[arg-type]


def snapshot(path: Path) -> tuple[bytes, int]:
    """The file's bytes and modification time, to prove a refused file was not touched."""
    return path.read_bytes(), os.stat(path).st_mtime_ns


def assert_untouched(path: Path, before: tuple[bytes, int]) -> None:
    assert snapshot(path) == before
    for suffix in ("-wal", "-shm", "-journal"):
        assert not Path(f"{path}{suffix}").exists(), f"{suffix} file appeared"
