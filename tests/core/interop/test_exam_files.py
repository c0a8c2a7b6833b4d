"""Exam files: exports re-import as duplicates; damaged or conflicting files are refused, the database untouched."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from facialis.core.exam import load_exam
from facialis.core.interop.exam_files import (
    DUPLICATE,
    IMPORTED,
    REFUSED,
    export_exam_files,
    import_exam_files,
)
from facialis.core.store import NotFoundError, Store
from facialis.core.vignettes import VIGNETTE_DIR

from .conftest import current_ids, snapshot, vignette_files

V05 = VIGNETTE_DIR / "v05.facialis.json"


def test_exported_files_reimport_as_duplicates(demo_store: Store, tmp_path: Path) -> None:
    ids = current_ids(demo_store)
    paths = export_exam_files(demo_store, ids, tmp_path / "out")
    assert len(paths) == len(ids) and all(p.name.endswith(".facialis.json") for p in paths)
    before = snapshot(demo_store)
    report = import_exam_files(demo_store, [tmp_path / "out"])  # a folder stands for its files
    assert [o.outcome for o in report.outcomes] == [DUPLICATE] * len(ids)
    assert snapshot(demo_store) == before
    assert report.text().startswith(f"0 imported, {len(ids)} skipped as duplicates, 0 refused.")


class _Stop(Exception):
    """The user cancelled the export (the progress dialog raises while the ids are read)."""


@pytest.mark.parametrize("how", ["missing exam", "cancelled"])
def test_an_interrupted_export_of_files_leaves_none_behind(demo_store: Store, tmp_path: Path, how: str) -> None:
    """Stopped after some files were written, the export removes them again: the folder holds what
    it held before (an earlier file stays), as the message "no file was written" says."""
    ids = current_ids(demo_store)[:6]
    out = tmp_path / "out"
    out.mkdir()
    (earlier,) = export_exam_files(demo_store, ids[:1], out)  # exported before: kept

    def cancelled() -> Iterator[int]:
        yield from ids[:4]
        raise _Stop()

    chosen: Iterable[int] = [*ids, 10_000] if how == "missing exam" else cancelled()
    with pytest.raises(NotFoundError if how == "missing exam" else _Stop):
        export_exam_files(demo_store, chosen, out)
    assert sorted(out.iterdir()) == [earlier]


def test_exported_files_fill_another_database_with_signatures_kept(demo_store: Store, tmp_path: Path) -> None:
    paths = export_exam_files(demo_store, current_ids(demo_store), tmp_path / "out")
    with Store.open(tmp_path / "other.sqlite3", backup=False) as other:
        report = import_exam_files(other, paths)
        assert not report.refused and not report.duplicates
        assert other.count_patients() == demo_store.count_patients()
        for outcome in report.imported:
            record = other.get_exam(outcome.exam_id)  # type: ignore[arg-type]
            source = load_exam(outcome.path)
            assert record.status == ("signed" if source.review.signed_at else "draft")
            if record.status == "signed":
                assert record.signed_by == source.review.signed_by
                assert record.signed_at == source.review.signed_at.isoformat()  # type: ignore[union-attr]
        again = import_exam_files(other, paths)
        assert len(again.duplicates) == len(paths)
        assert other.audit_log("exam", report.imported[0].exam_id)[0].action == "import"


DAMAGED: dict[str, bytes] = {
    "truncated.facialis.json": V05.read_bytes()[:300],
    "not-json.facialis.json": b"this is not an exam",
    "empty.facialis.json": b"",
    "binary.facialis.json": bytes(range(256)),
    "array.facialis.json": b"[1, 2, 3]",
    "newer.facialis.json": json.dumps({**json.loads(V05.read_text()), "format_version": 99}).encode(),
    "bad-value.facialis.json": V05.read_text().replace('"fngs_brow": 6', '"fngs_brow": 9').encode(),
    "unknown-field.facialis.json": V05.read_text().replace('"episode": "first"', '"episode": "first", "mood": "x"').encode(),
    "no-patient.facialis.json": json.dumps({k: v for k, v in json.loads(V05.read_text()).items() if k != "patient"}).encode(),
    "onset-after-exam.facialis.json": V05.read_text().replace('"onset_date": "2026-10-05"', '"onset_date": "2026-10-09"').encode(),
}
REASONS = {
    "truncated": "not valid JSON",
    "not-json": "not valid JSON",
    "empty": "not valid JSON",
    "binary": "not UTF-8",
    "array": "JSON object",
    "newer": "newer version",
    "bad-value": "fngs_brow",
    "unknown-field": "mood",
    "no-patient": "patient",
    "onset-after-exam": "onset",
}


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_a_damaged_file_is_refused_without_touching_the_database(vignette_store: Store, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(DAMAGED[name])
    before = snapshot(vignette_store)
    report = import_exam_files(vignette_store, [path])
    (outcome,) = report.outcomes
    assert outcome.outcome == REFUSED
    assert REASONS[name.split(".")[0]] in outcome.message, outcome.message
    assert snapshot(vignette_store) == before


def test_missing_files_and_folders_are_refused(store: Store, tmp_path: Path) -> None:
    report = import_exam_files(store, [tmp_path / "nowhere.facialis.json"])
    assert report.refused[0].message.endswith("no such file")
    assert store.count_patients() == 0


def test_good_files_are_imported_beside_damaged_ones(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.facialis.json"
    bad.write_bytes(DAMAGED["truncated.facialis.json"])
    report = import_exam_files(store, [*vignette_files()[:3], bad])
    assert [o.outcome for o in report.outcomes] == [IMPORTED, IMPORTED, IMPORTED, REFUSED]
    assert "3 imported, 0 skipped as duplicates, 1 refused." in report.text()
    assert f"{bad}: damaged exam file" in report.text()


def test_another_version_of_a_saved_exam_is_refused(vignette_store: Store, tmp_path: Path) -> None:
    changed = json.loads(V05.read_text())
    changed["encounter"]["examiner"] = "Dr. Somebody Else"
    path = tmp_path / "changed.facialis.json"
    path.write_text(json.dumps(changed))
    before = snapshot(vignette_store)
    (outcome,) = import_exam_files(vignette_store, [path]).outcomes
    assert outcome.outcome == REFUSED and "different version of this exam" in outcome.message
    assert snapshot(vignette_store) == before


def test_an_mrn_that_belongs_to_someone_else_is_refused(vignette_store: Store, tmp_path: Path) -> None:
    other = json.loads(V05.read_text())
    other["uid"] = "another-exam"
    other["patient"]["family_name"] = "Somebody"
    path = tmp_path / "other.facialis.json"
    path.write_text(json.dumps(other))
    before = snapshot(vignette_store)
    (outcome,) = import_exam_files(vignette_store, [path]).outcomes
    assert outcome.outcome == REFUSED
    assert "MRN V05 belongs to Fischer, Anna, born 1992-03-14 here" in outcome.message
    assert snapshot(vignette_store) == before


def test_a_new_exam_of_a_known_patient_joins_that_patient(vignette_store: Store, tmp_path: Path) -> None:
    later = json.loads(V05.read_text())
    later["uid"] = "v05-follow-up"
    later["encounter"]["exam_datetime"] = "2026-10-20T09:00:00"
    later["patient"]["family_name"] = "FISCHER"  # same person, written differently
    path = tmp_path / "later.facialis.json"
    path.write_text(json.dumps(later))
    (outcome,) = import_exam_files(vignette_store, [path]).outcomes
    assert outcome.outcome == IMPORTED and "(new patient)" not in outcome.message
    patient = vignette_store.find_patient_by_mrn("V05")
    assert patient is not None and len(vignette_store.exams_for_patient(patient.id)) == 2
