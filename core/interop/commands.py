"""Headless ``facialis export``, ``facialis import`` and ``facialis demo``.

Each ``add_*_parser(subparsers)`` declares one command (and sets ``handler`` to its ``run_*``);
each ``run_*(args)`` returns the exit code: 0 done, 1 the database could not be used, 2 bad
input (an unknown MRN, a refused exam file). Messages name the file or the patient at fault.
Heavy libraries (fhir.resources) load only inside the command that needs them.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BAD_INPUT = 2
#: Patients ``facialis demo`` adds unless told otherwise (here, so ``--help`` loads nothing heavy).
DEFAULT_DEMO_PATIENTS = 36


def _open_store(  # type: ignore[no-untyped-def]
    args: argparse.Namespace, command: str, err: TextIO, *, create: bool = False, create_default: bool = False
):
    """``facialis.core.cli.open_store`` (missing file refused unless ``create``, backup before any
    upgrade), with the failure printed; None when the database cannot be used."""
    from ..cli import open_store
    from ..store import StoreError

    try:
        return open_store(args, create=create, create_default=create_default)
    except StoreError as exc:
        print(f"facialis {command}: {exc.message}", file=err)
    except OSError as exc:  # a folder that cannot be created or read; the store may not wrap it
        print(f"facialis {command}: cannot open {exc.filename or 'the database'}: {exc.strerror or exc}", file=err)
    return None


def export_exam_ids(store, mrn: str | None = None, signed_only: bool = False) -> list[int] | None:  # type: ignore[no-untyped-def]
    """Current exam versions to export, by patient MRN then exam date; None for an unknown MRN."""
    params: list[object] = []
    where = ["e.status IN ('signed')" if signed_only else "e.status IN ('draft', 'signed')"]
    if mrn is not None:
        patient = store.find_patient_by_mrn(mrn)
        if patient is None:
            return None
        where.append("e.patient_id = ?")
        params.append(patient.id)
    sql = (
        "SELECT e.id FROM exams e JOIN patients p ON p.id = e.patient_id WHERE "
        + " AND ".join(where)
        + " ORDER BY p.mrn COLLATE NOCASE, e.exam_date, e.id"
    )
    return [row[0] for row in store.db.conn.execute(sql, params)]


# -- export ------------------------------------------------------------------------------------


def add_export_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "export",
        help="export exams as CSV (with a data dictionary), a FHIR R4B bundle or exam files",
        description=(
            "Export the current version of every exam (or one patient's) from the database. "
            "CSV: one row per exam, one column per item and score, with OUT's data dictionary "
            "(<name>.dictionary.csv) beside it. FHIR: one R4B collection Bundle. Files: one "
            "*.facialis.json per exam in the folder OUT."
        ),
    )
    parser.add_argument("--format", required=True, choices=("csv", "fhir", "files"), help="what to write")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="file to write (a folder for --format files)")
    parser.add_argument("--patient", metavar="MRN", help="only this patient's exams")
    parser.add_argument("--signed-only", action="store_true", help="leave out exams that are still drafts")
    parser.set_defaults(handler=run_export)
    return parser


def _check_export_target(args: argparse.Namespace) -> None:
    """Refuse (UnsafeTargetError) an output that is the database in use or one of its files, or
    of the wrong kind (a folder for a file, a file for a folder), before anything is opened or
    written; for CSV the data dictionary beside it is checked too."""
    from ..atomic import UnsafeTargetError, check_target, database_files
    from ..cli import database_path

    protected = database_files(database_path(args))
    target = Path(args.output)
    if args.format == "files":
        if target.exists() and not target.is_dir():
            raise UnsafeTargetError(target, "is a file; with --format files, -o must be a folder")
        return
    check_target(target, protected)
    if args.format == "csv":
        from .csv_export import dictionary_path

        check_target(dictionary_path(target), protected)


def run_export(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from ..atomic import UnsafeTargetError

    try:
        _check_export_target(args)
    except UnsafeTargetError as exc:
        print(f"facialis export: will not write {exc}", file=err)
        return EXIT_BAD_INPUT
    store = _open_store(args, "export", err)
    if store is None:
        return EXIT_ERROR
    from ..exam import ExamFileError
    from ..store import StoreError

    try:
        ids = export_exam_ids(store, args.patient, args.signed_only)
        if ids is None:
            print(f"facialis export: there is no patient with MRN {args.patient} in {store.path}", file=err)
            return EXIT_BAD_INPUT
        target = Path(args.output)
        if args.format == "csv":
            from .csv_export import export_csv

            count, dictionary = export_csv(store, ids, target)
            print(f"Wrote {count} exam{'s' if count != 1 else ''} to {target} (data dictionary: {dictionary})", file=out)
        elif args.format == "fhir":
            from .fhir_export import export_fhir

            entries = export_fhir(store, ids, target)
            print(f"Wrote a FHIR R4B bundle of {len(ids)} exams ({entries} resources) to {target}", file=out)
        else:
            from .exam_files import export_exam_files

            paths = export_exam_files(store, ids, target)
            print(f"Wrote {len(paths)} exam files into {target}", file=out)
    except (StoreError, ExamFileError) as exc:
        print(f"facialis export: {getattr(exc, 'message', exc)}", file=err)
        return EXIT_ERROR
    except UnsafeTargetError as exc:  # a file inside the output, checked as it is written
        print(f"facialis export: will not write {exc}", file=err)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"facialis export: cannot write {exc.filename or args.output}: {exc.strerror or exc}", file=err)
        return EXIT_ERROR
    finally:
        store.close()
    return EXIT_OK


# -- import ------------------------------------------------------------------------------------


def add_import_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "import",
        help="import exam files (*.facialis.json) into the database",
        description=(
            "Import exam files; a folder stands for the exam files in it. Prints what was imported, "
            "what was skipped as already saved (same exam uid and content), and what was refused and "
            "why. A refused file changes nothing. Exit status 2 when any file was refused (or a folder "
            "holds no exam files). Stopped part-way, it keeps what it imported; run it again to finish. "
            "The database must already exist."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="exam files or folders")
    parser.set_defaults(handler=run_import)
    return parser


def run_import(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Import the files; 0 when every file was imported or skipped as already saved, 2 when any
    was refused (the report names each file and why), 1 when the database cannot be used."""
    out, err = out or sys.stdout, err or sys.stderr
    store = _open_store(args, "import", err, create_default=True)
    if store is None:
        return EXIT_ERROR
    from .exam_files import ImportReport, import_exam_files

    report = ImportReport()
    try:
        import_exam_files(store, args.files, report=report)
    except BaseException:  # interrupted (Ctrl-C): say what was imported before it stopped
        print(report.text(), file=out)
        print(
            "Stopped before the remaining files. Each file imported above is saved; import the same files "
            "again to finish (those already saved are skipped as duplicates).",
            file=out,
        )
        raise
    finally:
        store.close()
    print(report.text(), file=out)
    return EXIT_BAD_INPUT if report.refused else EXIT_OK


# -- demo --------------------------------------------------------------------------------------


def add_demo_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "demo",
        help="fill an empty database with invented patients and their courses",
        description=(
            "Add invented patients (MRN DEMO-...) with follow-up courses built from the clinical "
            "vignettes, so the case browser and timeline have something to show. Only an empty "
            "database is filled; use --db with a new file."
        ),
    )
    parser.add_argument(
        "--patients", type=int, default=DEFAULT_DEMO_PATIENTS, help=f"how many (default {DEFAULT_DEMO_PATIENTS})"
    )
    parser.add_argument("--seed", type=int, default=7, help="the same seed gives the same clinic")
    parser.set_defaults(handler=run_demo)
    return parser


def run_demo(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if args.patients < 1 or args.patients > 10_000:
        print("facialis demo: --patients must be between 1 and 10000", file=err)
        return EXIT_BAD_INPUT
    store = _open_store(args, "demo", err, create=True)  # demo fills a new file
    if store is None:
        return EXIT_ERROR
    from ..store import StoreError
    from .demo import fill_demo

    try:
        report = fill_demo(store, args.patients, args.seed)
    except StoreError as exc:
        print(f"facialis demo: {exc.message}", file=err)
        return EXIT_ERROR
    finally:
        store.close()
    print(
        f"Added {report.patients} demo patients with {report.exams} exams "
        f"({report.drafts} drafts, {report.amended} amended) to {store.path}",
        file=out,
    )
    return EXIT_OK
