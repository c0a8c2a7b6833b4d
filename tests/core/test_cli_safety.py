"""The CLI never writes over the database in use, its files or the input; a folder given for a
file (or a file for a folder) is explained; every command that may upgrade a database backs it
up first; a missing database is an error; one bad file never hides the rest of an import."""
from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from facialis.core.assess import assess
from facialis.core.atomic import write_bytes
from facialis.core.exam import exam_to_document, load_exam
from facialis.core.interop import exam_files
from facialis.core.interop.csv_export import export_csv
from facialis.core.store import Store, backup, migrations
from facialis.core.store.connection import as_database
from facialis.core.summary import summarize
from facialis.core.vignettes import VIGNETTE_DIR
from facialis.gui.main import main

V05 = VIGNETTE_DIR / "v05.facialis.json"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with patient V05 and one exam (id 1)."""
    path = tmp_path / "clinic.sqlite3"
    exam = load_exam(V05)
    with Store.open(path, backup=False) as store:
        patient = store.add_patient(exam.patient)
        store.save_draft(patient.id, exam_to_document(exam), summarize(exam, assess(exam)))
    return path


def _intact(db: Path) -> bool:
    with Store.open(db, backup=False) as store:
        return store.count_patients() == 1 and store.get_exam(1).id == 1


# -- 1. never write over the database in use, its files, or the input ----------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--format", "csv", "-o", "{db}"],
        ["export", "--format", "fhir", "-o", "{db}"],
        ["export", "--format", "fhir", "-o", "{db}-wal"],
        ["export", "--format", "csv", "-o", "{db}-journal"],
        ["report", "--exam", "1", "-o", "{db}"],
        ["report", "--exam", "1", "-o", "{db}-shm"],
    ],
    ids=["csv-db", "fhir-db", "fhir-wal", "csv-journal", "report-db", "report-shm"],
)
def test_output_over_the_database_or_its_files_is_refused(
    db: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = _digest(db)
    argv = [part.format(db=db) for part in command]
    target = Path(argv[-1])
    existed = target.exists()
    assert main(["--db", str(db), *argv]) == 2
    err = capsys.readouterr().err
    assert str(target) in err and "database in use" in err
    assert _digest(db) == before and _intact(db)
    assert target.exists() == existed
    assert not (db.parent / "clinic.dictionary.csv").exists()


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_output_that_is_the_database_through_a_link_is_refused(
    db: Path, tmp_path: Path, link: str, capsys: pytest.CaptureFixture[str]
) -> None:
    alias = tmp_path / "alias.csv"
    (os.symlink if link == "symlink" else os.link)(db, alias)
    before = _digest(db)
    assert main(["--db", str(db), "export", "--format", "csv", "-o", str(alias)]) == 2
    assert main(["--db", str(db), "report", "--exam", "1", "-o", str(alias)]) == 2
    assert str(alias) in capsys.readouterr().err
    assert _digest(db) == before and _intact(db)


def test_csv_whose_dictionary_would_replace_the_database_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "exams.dictionary.csv"  # the dictionary of exams.csv
    with Store.open(db, backup=False):
        pass
    before = _digest(db)
    assert main(["--db", str(db), "export", "--format", "csv", "-o", str(tmp_path / "exams.csv")]) == 2
    assert str(db) in capsys.readouterr().err
    assert _digest(db) == before and not (tmp_path / "exams.csv").exists()


def test_report_over_its_input_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exam_file = tmp_path / "x.facialis.json"
    exam_file.write_bytes(V05.read_bytes())
    hard = tmp_path / "same.pdf"
    os.link(exam_file, hard)
    for out in (exam_file, hard):
        assert main(["report", str(exam_file), "-o", str(out)]) == 2
        err = capsys.readouterr().err
        assert str(out) in err and "input exam file" in err
    assert exam_file.read_bytes() == V05.read_bytes()


def test_report_all_into_the_database_is_refused(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _digest(db)
    assert main(["--db", str(db), "report", "--patient", "V05", "--all", "-o", str(db)]) == 2
    err = capsys.readouterr().err
    assert str(db) in err and "must be a folder" in err
    assert _digest(db) == before


def test_core_writers_used_by_the_gui_refuse_a_database(db: Path) -> None:
    """The GUI's save dialogs end in write_bytes / export_csv: the refusal lives there too."""
    from facialis.core.atomic import UnsafeTargetError

    before = _digest(db)
    with pytest.raises(UnsafeTargetError) as refused:
        write_bytes(db, b"%PDF-1.4")
    assert str(db) in str(refused.value)
    with Store.open(db, backup=False) as store:
        with pytest.raises(UnsafeTargetError):
            export_csv(store, [1], db)
        with pytest.raises(UnsafeTargetError):  # the open database's write-ahead log
            write_bytes(Path(f"{db}-wal"), b"%PDF-1.4")
    assert _digest(db) == before and _intact(db)


# -- 2. a folder where a file is wanted, and the other way round ----------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "fhir"])
def test_export_to_a_folder_is_explained(
    db: Path, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(db), "export", "--format", fmt, "-o", "."]) == 2
    err = capsys.readouterr().err
    assert "is a folder" in err and str(tmp_path) in err and "Traceback" not in err


def test_report_to_a_folder_is_explained(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(db), "report", "--exam", "1", "-o", "."]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert main(["report", str(V05), "-o", str(tmp_path / "pdfs") + os.sep]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert not list(tmp_path.glob(".*.tmp"))


def test_exam_files_export_into_a_file_is_explained(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = tmp_path / "note.txt"
    note.write_text("keep")
    assert main(["--db", str(db), "export", "--format", "files", "-o", str(note)]) == 2
    err = capsys.readouterr().err
    assert str(note) in err and "must be a folder" in err
    assert note.read_text() == "keep"


# -- 3. a database is backed up before any command upgrades it ------------------------------------------


def _old_schema_db(path: Path) -> None:
    """A database one migration behind, holding V05 and one draft exam."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=wal")
    migrations.apply_migrations(as_database(conn), stop_before=migrations.MIGRATION_NAMES[-1])
    conn.execute("INSERT INTO patients (mrn, family_name, created_at, updated_at) VALUES ('V05', 'Fischer', 'x', 'x')")
    conn.execute(
        "INSERT INTO exams (patient_id, document, status, created_at, updated_at, exam_date) "
        "VALUES (1, ?, 'draft', 'x', 'x', '2024-05-01')",
        (V05.read_text(encoding="utf-8"),),
    )
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "command",
    [
        ["report", "--exam", "1", "-o", "{tmp}/r.pdf"],
        ["report", "--patient", "V05", "--all", "-o", "{tmp}/pdfs"],
        ["export", "--format", "csv", "-o", "{tmp}/e.csv"],
        ["import", str(VIGNETTE_DIR / "v16a.facialis.json")],
    ],
    ids=["report-exam", "report-all", "export", "import"],
)
def test_every_command_backs_up_an_old_database_before_upgrading(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "old.sqlite3"
    _old_schema_db(db)
    old_version = migrations.SCHEMA_VERSION - 1
    assert main(["--db", str(db), *[part.format(tmp=tmp_path) for part in command]]) == 0
    backups = backup.list_backups(db)
    assert len(backups) == 1
    with sqlite3.connect(backups[0][1]) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == old_version
    with sqlite3.connect(db) as upgraded:
        assert upgraded.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION


# -- 4. a missing database is an error, never a new empty one -------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["export", "--format", "csv", "-o", "{tmp}/x.csv"], ["import", str(V05)], ["report", "--exam", "1", "-o", "{tmp}/y.pdf"]],
    ids=["export", "import", "report"],
)
def test_a_missing_database_is_an_error_naming_it(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo.sqlite3"
    code = main(["--db", str(missing), *[part.format(tmp=tmp_path) for part in command]])
    assert code != 0
    err = capsys.readouterr().err
    assert f"There is no database at {missing}" in err and f"facialis --db {missing}" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_import_on_a_new_machine_creates_the_default_database_as_the_app_does() -> None:
    from facialis.core.paths import default_db_path

    default = default_db_path()
    assert not default.exists()
    assert main(["import", str(VIGNETTE_DIR / "v05.facialis.json")]) == 0
    with Store.open(default, backup=False) as store:
        assert store.find_patient_by_mrn("V05") is not None
    assert main(["export", "--format", "csv", "-o", str(default.parent / "x.csv")]) == 0  # found now


def test_demo_still_creates_its_database(tmp_path: Path) -> None:
    new = tmp_path / "demo.sqlite3"
    assert main(["--db", str(new), "demo", "--patients", "1"]) == 0
    assert new.exists()


# -- 5. one bad file never hides the others ---------------------------------------------------------------


def test_import_goes_on_after_a_file_that_crashes(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    names = ["v01.facialis.json", "v02.facialis.json", "v03.facialis.json"]
    real = exam_files.import_file

    def crashing(store: Store, path: Path) -> exam_files.FileOutcome:
        if path.name == names[1]:
            raise RuntimeError("unexpected failure")
        return real(store, path)

    monkeypatch.setattr(exam_files, "import_file", crashing)
    assert main(["--db", str(db), "import", *(str(VIGNETTE_DIR / n) for n in names)]) == 2
    out = capsys.readouterr().out
    assert out.startswith("2 imported, 0 skipped as duplicates, 1 refused.")
    assert f"{VIGNETTE_DIR / names[1]}: could not be imported (unexpected failure)" in out
    assert all(str(VIGNETTE_DIR / n) in out for n in names)
    # the import the app's window uses goes on the same way
    with Store.open(db, backup=False) as store:
        report = exam_files.import_exam_files(store, [VIGNETTE_DIR / n for n in ("v04.facialis.json", names[1])])
    assert [o.outcome for o in report.outcomes] == [exam_files.IMPORTED, exam_files.REFUSED]


def test_import_of_malformed_json_reports_every_file(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = tmp_path / "deep.facialis.json"
    deep.write_text("[" * 2000 + "]" * 2000)
    digits = tmp_path / "digits.facialis.json"
    digits.write_text('{"format_version": ' + "1" * 5000 + "}")
    good = VIGNETTE_DIR / "v02.facialis.json"
    assert main(["--db", str(db), "import", str(deep), str(digits), str(good)]) == 2
    out = capsys.readouterr().out
    assert out.startswith("1 imported, 0 skipped as duplicates, 2 refused.")
    assert f"{deep}: damaged exam file, its JSON is nested too deeply" in out
    assert f"{digits}: damaged exam file, not valid JSON (a number in it has too many digits)" in out
    assert f"{good}: exam" in out
