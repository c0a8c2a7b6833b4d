"""Signing times stay UTC through export and import, whatever the computer's time zone."""
from __future__ import annotations

import csv
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from facialis.core.exam import load_exam
from facialis.core.interop.csv_export import columns, export_csv, export_row, format_value
from facialis.core.interop.exam_files import IMPORTED, exam_for_export, export_exam_files, import_exam_files
from facialis.core.store import Store

from .stored_exams import save_signed, v05_document, write_file



def signed_at_cell(store: Store, exam_id: int, path: Path) -> str:
    export_csv(store, [exam_id], path)
    with path.open(encoding="utf-8") as handle:
        return next(csv.DictReader(handle))["record_signed_at"]


def test_the_signing_time_survives_export_and_import(tokyo: None, store: Store, tmp_path: Path) -> None:
    record = save_signed(store, v05_document())  # the document holds local time, the record UTC
    signed = datetime.fromisoformat(record.signed_at)  # type: ignore[arg-type]
    assert signed.utcoffset() == timedelta(0)
    (path,) = export_exam_files(store, [record.id], tmp_path / "out")
    in_file = load_exam(path).review.signed_at
    assert in_file is not None and in_file.utcoffset() == timedelta(0)
    assert in_file == signed.replace(microsecond=0)
    with Store.open(tmp_path / "other.sqlite3", backup=False) as other:
        (outcome,) = import_exam_files(other, [path]).outcomes
        imported = other.get_exam(outcome.exam_id)  # type: ignore[arg-type]
        assert imported.signed_at == signed.replace(microsecond=0).isoformat()
        here = signed_at_cell(store, record.id, tmp_path / "a.csv")
        there = signed_at_cell(other, imported.id, tmp_path / "b.csv")
    assert here == there == signed.strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("in_file", "utc"),
    [
        ("2024-10-06T16:25:00", "2024-10-06T07:25:00+00:00"),  # no offset: local (Tokyo) time
        ("2024-10-06T16:25:00+05:00", "2024-10-06T11:25:00+00:00"),
        ("2024-10-06T07:25:00Z", "2024-10-06T07:25:00+00:00"),
    ],
)
def test_a_file_time_is_stored_in_utc(tokyo: None, store: Store, tmp_path: Path, in_file: str, utc: str) -> None:
    document = v05_document()
    document.setdefault("review", {}).update(signed_by="Dr. A. Example", signed_at=in_file)
    path = write_file(tmp_path / "signed.facialis.json", document)
    (outcome,) = import_exam_files(store, [path]).outcomes
    assert outcome.outcome == IMPORTED, outcome.message
    record = store.get_exam(outcome.exam_id)  # type: ignore[arg-type]
    assert record.signed_at == utc
    assert datetime.fromisoformat(record.document["review"]["signed_at"]) == datetime.fromisoformat(utc)
    assert signed_at_cell(store, record.id, tmp_path / "x.csv") == utc[:16].replace("T", " ")


def test_an_older_record_time_without_offset_is_read_as_local(tokyo: None, store: Store) -> None:
    """Imports before this fix stored the file's local time without an offset; the CSV's UTC column
    and the exam file convert it like a file's time without an offset."""
    record = replace(save_signed(store, v05_document()), signed_at="2024-10-06T16:25:00")
    (column,) = [c for c in columns() if c.name == "record_signed_at"]
    assert format_value(column.get(export_row(record)), column.kind) == "2024-10-06 07:25"
    assert exam_for_export(record).review.signed_at == datetime(2024, 10, 6, 7, 25, tzinfo=UTC)
