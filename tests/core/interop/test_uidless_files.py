"""A file without a uid gets one from its content, so importing it again is a duplicate."""
from __future__ import annotations

from pathlib import Path

import pytest

from facialis.core.exam import load_exam
from facialis.core.interop.exam_files import (
    CONTENT_UID_PREFIX,
    DUPLICATE,
    IMPORTED,
    content_uid,
    export_exam_files,
    import_exam_files,
)
from facialis.core.store import Store

from .conftest import snapshot
from .stored_exams import v05_document, write_file


def uidless(tmp_path: Path, uid: object = None) -> Path:
    document = v05_document()
    document.pop("uid")
    if uid is not None:
        document["uid"] = uid
    return write_file(tmp_path / "nouid.facialis.json", document)


@pytest.mark.parametrize("uid", [None, "", "   "], ids=["missing", "empty", "blank"])
def test_a_file_without_a_uid_is_a_duplicate_when_imported_again(store: Store, tmp_path: Path, uid: str | None) -> None:
    path = uidless(tmp_path, uid)
    (first,) = import_exam_files(store, [path]).outcomes
    assert first.outcome == IMPORTED and "given uid content-" in first.message
    before = snapshot(store)
    for _ in range(2):
        (again,) = import_exam_files(store, [path]).outcomes
        assert again.outcome == DUPLICATE and again.exam_id == first.exam_id
    assert snapshot(store) == before


def test_the_derived_uid_is_stable_and_travels_with_the_exam(store: Store, tmp_path: Path) -> None:
    path = uidless(tmp_path)
    (first,) = import_exam_files(store, [path]).outcomes
    uid = store.get_exam(first.exam_id).document["uid"]  # type: ignore[arg-type]
    assert uid.startswith(CONTENT_UID_PREFIX) and uid == content_uid(load_exam(path))
    with Store.open(tmp_path / "other.sqlite3", backup=False) as other:  # another computer, same uid
        (there,) = import_exam_files(other, [path]).outcomes
        assert other.get_exam(there.exam_id).document["uid"] == uid  # type: ignore[arg-type]
    (exported,) = export_exam_files(store, [first.exam_id], tmp_path / "out")  # type: ignore[list-item]
    assert load_exam(exported).uid == uid
    (again,) = import_exam_files(store, [exported]).outcomes
    assert again.outcome == DUPLICATE


def test_a_file_with_a_uid_keeps_it(store: Store, tmp_path: Path) -> None:
    document = v05_document()
    path = write_file(tmp_path / "v05.facialis.json", document)
    (outcome,) = import_exam_files(store, [path]).outcomes
    assert outcome.outcome == IMPORTED and "given uid" not in outcome.message
    assert store.get_exam(outcome.exam_id).document["uid"] == "vignette-v05"  # type: ignore[arg-type]


def test_a_file_without_an_exam_time_is_refused_naming_the_field(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The exam time would otherwise be the time of the import (and the content uid change with it)."""
    import json

    from facialis.core.exam import exam_to_document, load_exam
    from facialis.core.interop.exam_files import REFUSED, import_exam_files
    from facialis.core.store import Store
    from facialis.core.vignettes import vignette_file

    document = exam_to_document(load_exam(vignette_file("v05")))
    document.pop("uid")
    document["encounter"].pop("exam_datetime")
    path = tmp_path / "undated.facialis.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with Store.open(tmp_path / "db.sqlite3", backup=False) as store:
        (outcome,) = import_exam_files(store, [path]).outcomes
        assert outcome.outcome == REFUSED and "encounter.exam_datetime" in outcome.message
        assert store.find_patient_by_mrn("V05") is None  # refused before anything was saved
