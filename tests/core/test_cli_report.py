"""`facialis report`: an exam file, a stored exam, every exam of a patient; clear errors."""
from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from facialis.core.assess import assess
from facialis.core.exam import exam_to_document, load_exam
from facialis.core.store import Store
from facialis.core.summary import summarize
from facialis.gui.main import main
from facialis.core.vignettes import VIGNETTE_DIR

VIGNETTES = VIGNETTE_DIR


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _store_with_course(db: Path) -> tuple[int, int]:
    """V5 (signed) and its recovered follow-up V16a (draft) for one patient; returns both exam ids."""
    first = load_exam(VIGNETTES / "v05.facialis.json")
    later = load_exam(VIGNETTES / "v16a.facialis.json").model_copy(update={"patient": first.patient})
    with Store.open(db, backup=False) as store:
        patient = store.add_patient(first.patient)
        ids = []
        for exam in (first, later):
            record = store.save_draft(patient.id, exam_to_document(exam), summarize(exam, assess(exam)))
            ids.append(record.id)
        store.sign_exam(ids[0], store.get_exam(ids[0]).version, signed_by="Dr. A. Example")
    return ids[0], ids[1]


def test_report_of_an_exam_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "v05.pdf"
    assert main(["report", str(VIGNETTES / "v05.facialis.json"), "-o", str(out)]) == 0
    text = _text(out)
    assert "Fischer" in text and "IV" in text and "DRAFT" in text
    assert str(out) in capsys.readouterr().out


def test_report_of_a_stored_exam_is_signed_and_charts_the_course(tmp_path: Path) -> None:
    db = tmp_path / "clinic.sqlite3"
    signed_id, later_id = _store_with_course(db)
    out = tmp_path / "stored.pdf"
    assert main(["--db", str(db), "report", "--exam", str(signed_id), "-o", str(out)]) == 0
    text = _text(out)
    assert "Signed" in text and "Dr. A. Example" in text
    assert "Course" not in text  # the first visit: the later one is not part of its report
    assert main(["--db", str(db), "report", "--exam", str(later_id), "-o", str(out)]) == 0
    assert "Course" in _text(out)


def test_report_of_every_exam_of_a_patient(tmp_path: Path) -> None:
    db = tmp_path / "clinic.sqlite3"
    _store_with_course(db)
    folder = tmp_path / "pdfs"
    assert main(["report", "--patient", "V05", "--all", "-o", str(folder), "--db", str(db)]) == 0
    files = sorted(folder.glob("*.pdf"))
    assert len(files) == 2
    assert all(PdfReader(f).pages for f in files)


def test_unknown_patient_and_missing_database_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "clinic.sqlite3"
    _store_with_course(db)
    assert main(["report", "--patient", "NOPE", "--all", "-o", str(tmp_path / "x"), "--db", str(db)]) == 2
    assert "NOPE" in capsys.readouterr().err
    missing = tmp_path / "absent.sqlite3"
    assert main(["report", "--exam", "1", "-o", str(tmp_path / "y.pdf"), "--db", str(missing)]) == 2
    assert "no database" in capsys.readouterr().err
    assert not missing.exists()


def test_patient_without_all_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--patient", "V05", "-o", str(tmp_path)]) == 2
    assert "--all" in capsys.readouterr().err


def test_unknown_exam_id_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "clinic.sqlite3"
    _store_with_course(db)
    assert main(["report", "--exam", "999", "-o", str(tmp_path / "z.pdf"), "--db", str(db)]) == 2
    assert "999" in capsys.readouterr().err


def test_report_of_a_stored_exam_prints_the_corrected_patient_record(tmp_path: Path) -> None:
    """The patient record is the authority on identity: a corrected MRN and name reach the PDF."""
    db = tmp_path / "clinic.sqlite3"
    signed_id, _ = _store_with_course(db)
    with Store.open(db, backup=False) as store:
        record = store.get_exam(signed_id)
        patient = store.get_patient(record.patient_id)
        fixed = patient.patient.model_copy(update={"mrn": "V05-FIXED", "family_name": "Fischer-Wagner"})
        store.update_patient(patient.id, fixed, patient.version)
    out = tmp_path / "stored.pdf"
    assert main(["--db", str(db), "report", "--exam", str(signed_id), "-o", str(out)]) == 0
    text = _text(out)
    assert "V05-FIXED" in text and "Fischer-Wagner" in text
    assert "MRN V05 " not in text.replace("\n", " ")
