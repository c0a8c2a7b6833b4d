"""Exam file export: one file per exam, safe names, always inside the chosen folder."""
from __future__ import annotations

import argparse
import io
import re
from pathlib import Path

from facialis.core.exam import load_exam
from facialis.core.interop import commands
from facialis.core.interop.exam_files import DUPLICATE, IMPORTED, export_exam_files, import_exam_files
from facialis.core.store import Store

from .stored_exams import save_signed, v05_document

SAFE_NAME = re.compile(r"[\w.-]+\.facialis\.json")


def run(*argv: str) -> tuple[int, str, str]:
    """``facialis ARGV`` through the export and import parsers; exit code, stdout, stderr."""
    parser = argparse.ArgumentParser(prog="facialis")
    parser.add_argument("--db", default=None)
    sub = parser.add_subparsers(dest="command")
    for add in (commands.add_export_parser, commands.add_import_parser):
        add(sub)
    args = parser.parse_args(list(argv))
    out, err = io.StringIO(), io.StringIO()
    code = args.handler(args, out, err)
    return code, out.getvalue(), err.getvalue()


def every_file(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()}


def test_a_signed_exam_and_its_open_amendment_are_two_files(store: Store, tmp_path: Path) -> None:
    signed = save_signed(store, v05_document())
    draft = store.amend_exam(signed.id)
    out = tmp_path / "out"
    paths = export_exam_files(store, [signed.id, draft.id], out)
    assert len(set(paths)) == 2 and every_file(out) == set(paths)
    assert paths[0].name.endswith("_v1.facialis.json") and paths[1].name.endswith("_v2-draft.facialis.json")
    original, amendment = (load_exam(path) for path in paths)
    assert original.review.signed_at is not None and original.review.signed_by
    assert amendment.review.signed_at is None and amendment.review.signed_by is None
    with Store.open(tmp_path / "other.sqlite3", backup=False) as other:
        report = import_exam_files(other, [out])
        assert [o.outcome for o in report.outcomes] == [IMPORTED, DUPLICATE]
        assert other.get_exam(report.outcomes[0].exam_id).status == "signed"  # type: ignore[arg-type]


def test_uids_that_share_eight_characters_get_their_own_files(store: Store, tmp_path: Path) -> None:
    first = v05_document()
    first["uid"] = "abcdefgh-first"
    second = v05_document()
    second["uid"] = "abcdefgh-second"
    second["encounter"]["examiner"] = "Dr. B. Example"
    ids = [save_signed(store, first).id, save_signed(store, second).id]
    out = tmp_path / "out"
    paths = export_exam_files(store, ids, out)
    assert len(set(paths)) == 2 and every_file(out) == set(paths)
    assert [load_exam(path).uid for path in paths] == ["abcdefgh-first", "abcdefgh-second"]
    assert paths[1].name == paths[0].name.replace(".facialis.json", "-2.facialis.json")


def test_an_unsafe_uid_or_mrn_never_leads_out_of_the_folder(store: Store, tmp_path: Path) -> None:
    escaping = v05_document(mrn="../../up/V05 x")
    escaping["uid"] = "/../../escaped"
    dots = v05_document(mrn="..")
    dots["uid"] = ".."
    ids = [save_signed(store, escaping).id, save_signed(store, dots).id]
    out = tmp_path / "a" / "b" / "out"
    paths = export_exam_files(store, ids, out)
    assert {p for p in every_file(tmp_path) if "sqlite3" not in p.name} == set(paths)
    for path in paths:
        assert path.parent == out and SAFE_NAME.fullmatch(path.name), path.name
    assert load_exam(paths[0]).uid == "/../../escaped"  # the uid itself is kept in the file


def test_the_cli_reports_the_number_of_files_it_wrote(tmp_path: Path) -> None:
    db = tmp_path / "clinic.sqlite3"
    with Store.open(db, backup=False) as store:
        signed = save_signed(store, v05_document())
        store.amend_exam(signed.id)
    out = tmp_path / "files"
    code, text, _err = run("--db", str(db), "export", "--format", "files", "-o", str(out))
    assert code == 0 and "Wrote 2 exam files" in text
    assert len(list(out.iterdir())) == 2
