"""Importing exam files as a clinic does: mixed selections, large and damaged files, amended exams,
stopping part-way, and what the command line says about each."""
from __future__ import annotations

import argparse
import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest

from facialis.core.interop import commands
from facialis.core.interop.exam_files import (
    DUPLICATE,
    IMPORTED,
    MAX_FILE_BYTES,
    REFUSED,
    export_exam_files,
    import_exam_files,
)
from facialis.core.store import ExamRecord, Store
from facialis.core.vignettes import VIGNETTE_DIR

from .conftest import snapshot
from .test_commands import run

V05: dict[str, Any] = json.loads((VIGNETTE_DIR / "v05.facialis.json").read_text(encoding="utf-8"))


def exam_doc(uid: str, **patient: Any) -> dict[str, Any]:
    doc = copy.deepcopy(V05)
    doc["uid"] = uid
    doc["patient"].update(patient)
    return doc


def write(folder: Path, name: str, doc: dict[str, Any] | None = None, raw: bytes | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(raw if raw is not None else json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    return path


def outcomes(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {item.path.name: item.outcome for item in report.outcomes}


def test_a_file_too_large_to_be_an_exam_is_refused_unread(store: Store, tmp_path: Path) -> None:
    """A file of several megabytes of otherwise valid JSON used to be read, validated (seconds of
    a frozen window) and saved whole into the database."""
    doc = exam_doc("huge-1")
    doc["history"]["recent_surgery_sites"] = ["ear"] * (MAX_FILE_BYTES // 6)
    path = write(tmp_path, "huge.facialis.json", doc)
    assert path.stat().st_size > MAX_FILE_BYTES
    report = import_exam_files(store, [path])
    (outcome,) = report.outcomes
    assert outcome.outcome == REFUSED
    assert "MB" in outcome.message and "not read" in outcome.message
    assert store.count_patients() == 0


def test_a_reason_quoting_a_long_value_stays_short(store: Store, tmp_path: Path) -> None:
    """The reason quotes the value at fault; a 200,000-character impression made a report line
    (and a message box) of 200,000 characters."""
    doc = exam_doc("long-1")
    doc.setdefault("review", {})["impression"] = "x" * 200_000
    path = write(tmp_path, "long.facialis.json", doc)
    (outcome,) = import_exam_files(store, [path]).outcomes
    assert outcome.outcome == REFUSED
    assert "review.impression" in outcome.message
    assert len(outcome.message) < 1000


def _signed_with_amendment(store: Store, field: str, text: str) -> tuple[ExamRecord, ExamRecord]:
    """V5 imported and signed, and its amendment saved as a draft with ``review.<field>`` changed."""
    (first,) = import_exam_files(store, [VIGNETTE_DIR / "v05.facialis.json"]).imported
    signed = store.sign_exam(first.exam_id, store.get_exam(first.exam_id).version)  # type: ignore[arg-type]
    draft = store.amend_exam(signed.id)
    document = copy.deepcopy(draft.document)
    document["review"][field] = text
    draft = store.save_draft(draft.patient_id, document, draft.summary, exam_id=draft.id, expected_version=draft.version)
    return signed, draft


def test_an_amended_exam_exported_with_its_earlier_version_imports_the_amendment(store: Store, tmp_path: Path) -> None:
    """The superseded v1 and the amendment v2 share a uid; files sort by name, so v1 came first,
    was imported as the current signed exam, and the amendment was refused."""
    signed, draft = _signed_with_amendment(store, "impression", "Amended: left Bell's palsy, improving.")
    amended = store.sign_exam(draft.id, draft.version)
    paths = export_exam_files(store, [signed.id, amended.id], tmp_path / "out")
    assert [p.name.rsplit("_", 1)[1] for p in paths] == ["v1.facialis.json", "v2.facialis.json"]

    with Store.open(tmp_path / "other.sqlite3", user="dr.other", backup=False) as other:
        report = import_exam_files(other, paths)
        (imported,) = report.imported
        assert imported.path == paths[1]
        assert other.get_exam(imported.exam_id).document["review"]["impression"].startswith("Amended")  # type: ignore[arg-type]
        (refused,) = report.refused
        assert refused.path == paths[0] and f"already saved as exam {imported.exam_id}" in refused.message


def test_a_signed_exam_wins_over_its_open_amendment(store: Store, tmp_path: Path) -> None:
    """A signed exam and its unsigned amendment (``_v1`` and ``_v2-draft``): the signed one is
    imported, whatever order the files are given in."""
    signed, draft = _signed_with_amendment(store, "plan", "Review in two weeks.")
    paths = export_exam_files(store, [signed.id, draft.id], tmp_path / "out")
    with Store.open(tmp_path / "other.sqlite3", backup=False) as other:
        report = import_exam_files(other, list(reversed(paths)))
        (imported,) = report.imported
        assert imported.path == paths[0] and other.get_exam(imported.exam_id).status == "signed"  # type: ignore[arg-type]


def test_the_same_file_listed_twice_is_read_once(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "a.facialis.json", exam_doc("twice-1"))
    report = import_exam_files(store, [path, tmp_path / "." / "a.facialis.json", tmp_path])
    assert [o.outcome for o in report.outcomes].count(IMPORTED) == 1
    assert len(report.duplicates) == 2
    assert all("listed more than once" in o.message for o in report.duplicates)


def test_stopping_keeps_what_was_imported_and_lists_the_rest(store: Store, tmp_path: Path) -> None:
    paths = [write(tmp_path, f"{n:03}.facialis.json", exam_doc(f"stop-{n}", mrn=f"S{n}")) for n in range(8)]
    asked: list[tuple[int, int]] = []

    def progress(done: int, total: int, _path: Path) -> bool:
        asked.append((done, total))
        return done < 3

    report = import_exam_files(store, paths, progress=progress)
    assert asked == [(0, 8), (1, 8), (2, 8), (3, 8)]
    assert [o.path for o in report.imported] == paths[:3]
    assert report.not_attempted == paths[3:]
    assert store.count_patients() == 3
    assert "Stopped before the other 5 file(s)" in report.text()
    assert str(paths[7]) in report.text()


def test_a_mixed_selection_sorts_every_file_with_its_reason(store: Store, tmp_path: Path) -> None:
    """Good, duplicate, damaged, another person's MRN, future-dated, non-UTF-8 and too large,
    together: one outcome each, the refusals first with the field at fault, and only the good
    files saved (the new MRN as a new patient with the file's details)."""
    first = write(tmp_path / "earlier", "v05.facialis.json", exam_doc("mix-dup"))
    assert import_exam_files(store, [first]).imported
    before = snapshot(store)
    folder = tmp_path / "in"
    future = exam_doc("mix-future")
    future["encounter"]["exam_datetime"] = "2099-01-01T10:00:00"
    big = exam_doc("mix-big")
    big["carried_over"] = ["history.fever"] * (MAX_FILE_BYTES // 15)
    latin = json.dumps(exam_doc("mix-latin", mrn="L1", family_name="Müller"), ensure_ascii=False).encode("latin-1")
    files = [
        write(folder, "good.facialis.json", exam_doc("mix-good", mrn="N1", family_name="Nakamura",
                                                    given_names="Yui", birth_date="1980-02-03", sex="female")),
        write(folder, "dup.facialis.json", exam_doc("mix-dup")),
        write(folder, "broken.facialis.json", raw=b'{"format_version": 2, "uid": '),
        write(folder, "other-person.facialis.json", exam_doc("mix-other", family_name="Someone")),
        write(folder, "future.facialis.json", future),
        write(folder, "latin1.facialis.json", raw=latin),
        write(folder, "big.facialis.json", big),
    ]
    report = import_exam_files(store, files)
    assert outcomes(report) == {
        "good.facialis.json": IMPORTED, "dup.facialis.json": DUPLICATE, "broken.facialis.json": REFUSED,
        "other-person.facialis.json": REFUSED, "future.facialis.json": REFUSED, "latin1.facialis.json": REFUSED,
        "big.facialis.json": REFUSED,
    }
    reasons = {o.path.name: o.message for o in report.refused}
    assert "not valid JSON" in reasons["broken.facialis.json"]
    assert "family name" in reasons["other-person.facialis.json"]
    assert "encounter.exam_datetime" in reasons["future.facialis.json"]
    assert "not UTF-8" in reasons["latin1.facialis.json"]
    assert "MB" in reasons["big.facialis.json"]
    lines = report.text().splitlines()
    assert lines[0] == "1 imported, 1 skipped as duplicates, 5 refused."
    assert lines[1] == "Refused:" and all("refused" not in line for line in lines[2:7])
    new = store.find_patient_by_mrn("N1")
    assert new is not None and (new.patient.family_name, new.patient.given_names) == ("Nakamura", "Yui")
    assert (new.patient.birth_date.isoformat(), new.patient.sex.value) == ("1980-02-03", "female")  # type: ignore[union-attr]
    after = snapshot(store)
    assert after["patients"][: len(before["patients"])] == before["patients"]
    assert after["exams"][: len(before["exams"])] == before["exams"]
    assert len(after["exams"]) == len(before["exams"]) + 1


def test_the_command_line_exit_codes(tmp_path: Path) -> None:
    """0 when every file was imported or already saved, 2 when any was refused or a folder holds
    no exam files (a mistyped folder used to report '0 imported' and succeed)."""
    db = tmp_path / "clinic.sqlite3"
    Store.open(db, backup=False).close()
    good = write(tmp_path / "in", "good.facialis.json", exam_doc("cli-good"))
    code, out, err = run("--db", str(db), "import", str(good))
    assert (code, err) == (0, "") and out.startswith("1 imported, 0 skipped as duplicates, 0 refused.")
    code, out, _err = run("--db", str(db), "import", str(good))
    assert code == 0 and out.startswith("0 imported, 1 skipped as duplicates, 0 refused.")
    bad = write(tmp_path / "in", "bad.facialis.json", raw=b"[]")
    code, out, _err = run("--db", str(db), "import", str(tmp_path / "in"))
    assert code == 2 and f"{bad}: " in out and out.index("Refused:") < out.index("Skipped")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not an exam")
    code, out, _err = run("--db", str(db), "import", str(empty))
    assert code == 2 and f"{empty}: this folder holds no exam files" in out
    code, _out, err = run("--db", str(tmp_path / "missing.sqlite3"), "import", str(good))
    assert code == 1 and "There is no database" in err


def test_an_interrupted_command_line_import_reports_what_it_saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C between files: the files before it are saved and listed, the rest named as not
    imported, and running the same import again finishes the job without refusals."""
    from facialis.core.interop import exam_files

    db = tmp_path / "clinic.sqlite3"
    Store.open(db, backup=False).close()
    paths = [write(tmp_path / "in", f"{n}.facialis.json", exam_doc(f"int-{n}", mrn=f"I{n}")) for n in range(5)]
    real = exam_files.import_one
    calls: list[Path] = []

    def interrupted(store: Store, path: Path):  # type: ignore[no-untyped-def]
        if len(calls) == 2:
            raise KeyboardInterrupt
        calls.append(path)
        return real(store, path)

    monkeypatch.setattr(exam_files, "import_one", interrupted)
    out = io.StringIO()
    args = argparse.Namespace(db=str(db), files=[str(p) for p in paths])
    with pytest.raises(KeyboardInterrupt):
        commands.run_import(args, out, io.StringIO())
    printed = out.getvalue()
    assert printed.startswith("2 imported, 0 skipped as duplicates, 0 refused. Stopped before the other 3 file(s)")
    assert all(str(path) in printed for path in paths) and "import the same files again" in printed
    monkeypatch.setattr(exam_files, "import_one", real)
    code, out, _err = run("--db", str(db), "import", *map(str, paths))
    assert code == 0 and out.startswith("3 imported, 2 skipped as duplicates, 0 refused.")
