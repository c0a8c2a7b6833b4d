"""facialis export / import / demo, parsed the way the ``facialis`` entry point parses them."""
from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import pytest

from facialis.core.interop import commands
from facialis.core.store import Store


def run(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="facialis")
    parser.add_argument("--db", default=None)
    sub = parser.add_subparsers(dest="command")
    for add in (commands.add_export_parser, commands.add_import_parser, commands.add_demo_parser):
        add(sub)
    args = parser.parse_args(list(argv))
    out, err = io.StringIO(), io.StringIO()
    code = args.handler(args, out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "demo.sqlite3"
    code, out, _err = run("--db", str(db), "demo", "--patients", "12")
    assert code == 0 and out.startswith("Added 12 demo patients")
    return db


def test_demo_twice_is_refused(demo_db: Path) -> None:
    code, _out, err = run("--db", str(demo_db), "demo")
    assert code == 1 and "already holds patients" in err


def test_export_csv_and_fhir_for_everyone_or_one_patient(demo_db: Path, tmp_path: Path) -> None:
    code, out, _ = run("--db", str(demo_db), "export", "--format", "csv", "-o", str(tmp_path / "all.csv"))
    assert code == 0 and "data dictionary" in out
    rows = list(csv.DictReader((tmp_path / "all.csv").open(encoding="utf-8")))
    assert (tmp_path / "all.dictionary.csv").exists() and {r["mrn"] for r in rows} == {f"DEMO-{n:04d}" for n in range(1, 13)}
    code, out, _ = run("--db", str(demo_db), "export", "--format", "fhir", "-o", str(tmp_path / "one.json"), "--patient", "demo-0003")
    bundle = json.loads((tmp_path / "one.json").read_text())
    patients = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert code == 0 and [p["resource"]["identifier"][0]["value"] for p in patients] == ["DEMO-0003"]
    code, _out, err = run("--db", str(demo_db), "export", "--format", "csv", "-o", str(tmp_path / "x.csv"), "--patient", "NOBODY")
    assert code == 2 and "no patient with MRN NOBODY" in err and not (tmp_path / "x.csv").exists()


def test_signed_only_leaves_drafts_out(demo_db: Path, tmp_path: Path) -> None:
    run("--db", str(demo_db), "export", "--format", "csv", "-o", str(tmp_path / "s.csv"), "--signed-only")
    statuses = {r["exam_status"] for r in csv.DictReader((tmp_path / "s.csv").open(encoding="utf-8"))}
    assert statuses == {"signed"}


def test_export_files_then_import_reports_duplicates_and_refusals(demo_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "files"
    code, out, _ = run("--db", str(demo_db), "export", "--format", "files", "-o", str(folder))
    count = len(list(folder.glob("*.facialis.json")))
    assert code == 0 and out == f"Wrote {count} exam files into {folder}\n"
    (folder / "broken.facialis.json").write_text("{")
    code, out, _ = run("--db", str(demo_db), "import", str(folder))
    assert code == 2
    assert out.startswith(f"0 imported, {count} skipped as duplicates, 1 refused.")
    assert "broken.facialis.json: damaged exam file, not valid JSON" in out
    fresh = tmp_path / "fresh.sqlite3"
    Store.open(fresh, backup=False).close()  # import needs an existing database (a mistyped --db is refused)
    code, out, _ = run("--db", str(fresh), "import", *map(str, sorted(folder.glob("DEMO-*"))))
    assert code == 0 and out.startswith(f"{count} imported, 0 skipped")


def test_a_database_that_cannot_be_opened_is_reported(tmp_path: Path) -> None:
    not_db = tmp_path / "notes.txt"
    not_db.write_text("hello")
    code, _out, err = run("--db", str(not_db), "export", "--format", "csv", "-o", str(tmp_path / "o.csv"))
    assert code == 1 and err.startswith("facialis export:") and str(not_db) in err
