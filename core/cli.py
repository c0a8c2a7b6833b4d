"""Headless commands of ``facialis`` (the entry point, gui/main.py, dispatches here).

Every command returns an exit code and never shows a traceback for bad input: a missing, damaged
or invalid file exits with status 2 and a message naming the file (and the field, when one is at
fault). Heavy libraries (reportlab, fhir.resources) are imported inside the commands that use them.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BAD_INPUT = 2

Handler = Callable[[argparse.Namespace], int]


def _assess_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from .assess import assess
    from .exam import ExamFileError, load_exam
    from .render import assessment_text
    from .settings import load_settings

    out = out or sys.stdout
    try:
        exam = load_exam(args.file)
    except ExamFileError as error:
        print(f"facialis assess: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    assessment = assess(exam, load_settings())
    if args.json:
        out.write(json.dumps(assessment.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(assessment_text(exam, assessment))
    return EXIT_OK


def _add_assess(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "assess",
        help="assess an exam file and print the grades, lesion level and guidance",
        description="Read an exam file (*.facialis.json) and print its assessment.",
    )
    parser.add_argument("file", metavar="FILE", help="the exam file (*.facialis.json)")
    parser.add_argument("--json", action="store_true", help="print the assessment as one JSON object")
    parser.set_defaults(handler=_assess_command)


def database_path(args: argparse.Namespace) -> Path:
    """The database a stored-data command uses (--db, $FACIALIS_DB, the setting, the data folder),
    as Store.open will name it, so outputs can be compared with it before it is opened."""
    from .settings import resolve_db_path

    return resolve_db_path(getattr(args, "db", None)).expanduser().absolute()


def missing_database_message(path: Path) -> str:
    return (
        f"There is no database at {path}. Check --db; to create a new database there, "
        f"open it in the app once (facialis --db {path})."
    )


def open_store(args: argparse.Namespace, *, create: bool = False, create_default: bool = False):  # type: ignore[no-untyped-def]
    """Open the command's database, the one helper every command (report, export, import, demo) uses.

    A missing file is refused (NotFoundError) unless ``create``: a mistyped --db must not become
    an empty database that a command then reads or fills. ``create_default`` lets a command that
    adds records (import) create the default database in the data folder, as the app's first start
    does, so a machine used only from the command line can start. Store.open backs the file up
    before any schema upgrade (and takes the daily backup), as the app does, so no command
    migrates unprotected.
    """
    from .paths import data_dir, DB_FILENAME
    from .store import NotFoundError, Store

    path = database_path(args)
    if create_default and path == (data_dir() / DB_FILENAME).absolute():
        create = True
    if not create and not path.exists():
        raise NotFoundError(missing_database_message(path), path=path)
    return Store.open(path, backup=True)


def _safe_name(text: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)
    return keep.strip("_") or "exam"


def _looks_like_folder(text: str) -> bool:
    """``-o out/`` names a folder even before it exists."""
    return text.endswith((os.sep, "/")) or bool(os.altsep and text.endswith(os.altsep))


def _report_command(args: argparse.Namespace) -> int:
    from .assess import assess
    from .atomic import UnsafeTargetError, check_target, database_files, folder_error, write_bytes
    from .exam import ExamFileError, load_exam
    from .report import build_report
    from .reporting import stored_exam_report
    from .settings import load_settings
    from .store import StoreError

    settings = load_settings()
    out = Path(args.output)
    try:
        if args.file:
            if _looks_like_folder(args.output):
                raise folder_error(args.output)
            protected = {**database_files(database_path(args)), Path(args.file): "is the input exam file"}
            check_target(out, protected)
            exam = load_exam(args.file)
            write_bytes(out, build_report(exam, assess(exam, settings), settings=settings), protected=protected)
            print(f"Wrote {out}")
            return EXIT_OK
        protected = database_files(database_path(args))
        if args.exam is not None:
            if _looks_like_folder(args.output):
                raise folder_error(args.output)
            check_target(out, protected)  # before opening: a refused output changes nothing
        elif out.exists() and not out.is_dir():
            print(f"facialis report: {out} is a file; with --all, -o must be a folder", file=sys.stderr)
            return EXIT_BAD_INPUT
        with open_store(args) as store:
            if args.exam is not None:
                report = stored_exam_report(store, args.exam, settings)
                write_bytes(out, report.pdf, protected=protected)
                print(f"Wrote {out}")
                return EXIT_OK
            patient = store.find_patient_by_mrn(args.patient)
            if patient is None:
                print(f"facialis report: no patient with MRN {args.patient!r} in {store.path}", file=sys.stderr)
                return EXIT_BAD_INPUT
            current = [r for r in store.exams_for_patient(patient.id) if r.status != "superseded"]
            if not current:
                print(f"facialis report: patient {args.patient} has no exams", file=sys.stderr)
                return EXIT_BAD_INPUT
            out.mkdir(parents=True, exist_ok=True)
            for record in current:
                report = stored_exam_report(store, record.id, settings)
                day = report.exam.exam_date.isoformat()
                target = out / f"{_safe_name(args.patient)}_{day}_exam{record.id}.pdf"
                write_bytes(target, report.pdf, protected=protected)
                print(f"Wrote {target}")
            return EXIT_OK
    except ExamFileError as error:
        print(f"facialis report: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except StoreError as error:
        print(f"facialis report: {error.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except UnsafeTargetError as error:
        print(f"facialis report: will not write {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(f"facialis report: cannot write {error.filename or out}: {error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR


def _add_report(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write the PDF summary of an exam file, a stored exam, or every exam of a patient",
        description="Write the PDF summary: of an exam file, of a stored exam (--exam ID), or of "
        "every exam of a patient (--patient MRN --all, into a folder).",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("file", nargs="?", metavar="FILE", help="an exam file (*.facialis.json)")
    source.add_argument("--exam", type=int, metavar="ID", help="a stored exam, by its id")
    source.add_argument("--patient", metavar="MRN", help="a stored patient, by MRN (with --all)")
    parser.add_argument("--all", action="store_true", help="with --patient: every exam, one PDF each")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="the PDF to write (a folder with --patient --all)")
    parser.set_defaults(handler=_checked_report)


def _checked_report(args: argparse.Namespace) -> int:
    if args.patient is not None and not args.all:
        print("facialis report: --patient needs --all (one PDF per exam, written into the folder -o)", file=sys.stderr)
        return EXIT_BAD_INPUT
    return _report_command(args)


def _interop_parsers() -> list[Callable[[argparse._SubParsersAction], None]]:
    from .interop import commands as interop

    return [interop.add_export_parser, interop.add_import_parser, interop.add_demo_parser]


#: The commands, in the order ``--help`` lists them: (adds the parser, sets ``handler``).
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [_add_assess, _add_report, *_interop_parsers()]


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Register every headless command on the ``facialis`` parser."""
    for add in COMMANDS:
        add(subparsers)


def run(args: argparse.Namespace) -> int:
    """Run the parsed command."""
    handler: Handler = args.handler
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        return 130
