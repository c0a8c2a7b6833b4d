"""Exam files out of and into the database, with a report of what happened to every file.

Export writes each exam as one ``*.facialis.json`` (docs/exam-format.md); a signed exam's file
carries its signature (``review.signed_by``/``signed_at``). Import reads any number of files and
sorts each into exactly one of three outcomes:

- imported: a new exam (and a new patient when the MRN is new), in one transaction;
- duplicate: an exam with the same uid and the same content is already saved (nothing written);
- refused, with the reason: a damaged or invalid file, a file from a newer Facialis, a different
  version of an exam already saved, or an MRN that belongs to another person here.

A refused or duplicate file never changes the database.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..exam import FILE_SUFFIX, Exam, ExamFileError, exam_from_document, exam_to_document, load_exam, save_exam
from ..store import ExamRecord, Store, StoreError
from .scoring import summary_of

IMPORTED, DUPLICATE, REFUSED = "imported", "duplicate", "refused"


@dataclass(frozen=True)
class FileOutcome:
    path: Path
    outcome: str  # imported, duplicate or refused
    message: str
    exam_id: int | None = None


@dataclass
class ImportReport:
    outcomes: list[FileOutcome] = field(default_factory=list)

    def of(self, outcome: str) -> list[FileOutcome]:
        return [item for item in self.outcomes if item.outcome == outcome]

    @property
    def imported(self) -> list[FileOutcome]:
        return self.of(IMPORTED)

    @property
    def duplicates(self) -> list[FileOutcome]:
        return self.of(DUPLICATE)

    @property
    def refused(self) -> list[FileOutcome]:
        return self.of(REFUSED)

    def text(self) -> str:
        """The report as people read it: counts first, then one line per file."""
        lines = [
            f"{len(self.imported)} imported, {len(self.duplicates)} skipped as duplicates, "
            f"{len(self.refused)} refused."
        ]
        for title, items in (("Imported", self.imported), ("Skipped (already saved)", self.duplicates), ("Refused", self.refused)):
            if items:
                lines.append(f"{title}:")
                lines.extend(f"  {item.path}: {item.message}" for item in items)
        return "\n".join(lines)


# -- export ------------------------------------------------------------------------------------


def exam_for_export(record: ExamRecord) -> Exam:
    """The stored exam as a file would hold it: a signed record carries its signature."""
    exam = exam_from_document(record.document, f"exam {record.id}")
    if record.status != "draft" and (exam.review.signed_by is None or exam.review.signed_at is None):
        review = exam.review.model_copy(update={
            "signed_by": exam.review.signed_by or record.signed_by,
            "signed_at": exam.review.signed_at or _parse_time(record.signed_at),
        })
        exam = exam.model_copy(update={"review": review})
    return exam


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    # The file format keeps local times without a zone, like the exam time.
    return moment.astimezone().replace(tzinfo=None, microsecond=0) if moment.tzinfo else moment


_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


def file_name(exam: Exam) -> str:
    """``MRN_YYYY-MM-DD_uid8.facialis.json``: sorts by patient and date, unique by uid."""
    mrn = _UNSAFE.sub("-", exam.patient.mrn).strip("-.") or "patient"
    return f"{mrn}_{exam.exam_date.isoformat()}_{exam.uid[:8]}{FILE_SUFFIX}"


def export_exam_files(store: Store, exam_ids: Iterable[int], folder: str | os.PathLike[str]) -> list[Path]:
    """Write one file per exam into ``folder`` (created if needed); returns the paths written."""
    folder = Path(folder)
    written: list[Path] = []
    for exam_id in exam_ids:
        exam = exam_for_export(store.get_exam(exam_id))
        written.append(save_exam(exam, folder / file_name(exam)))
    return written


# -- import ------------------------------------------------------------------------------------


def expand_paths(paths: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Files as given; a folder stands for the exam files directly inside it."""
    expanded: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            expanded.extend(sorted(p for p in path.iterdir() if p.name.endswith(FILE_SUFFIX)))
        else:
            expanded.append(path)
    return expanded


def _comparable(document: dict[str, Any]) -> dict[str, Any]:
    """A document as compared for duplicates: normalised, signature left out (a stored exam's
    signature lives in its record, an exported file's in the document)."""
    exam = exam_from_document(document)
    comparable = exam_to_document(exam)
    comparable["review"] = {k: v for k, v in comparable["review"].items() if k not in ("signed_by", "signed_at")}
    return comparable


def _same_person(here: Any, there: Any) -> bool:
    """Same family name (ignoring case) and no conflicting date of birth."""
    if here.family_name.casefold() != there.family_name.casefold():
        return False
    return here.birth_date is None or there.birth_date is None or here.birth_date == there.birth_date


def _describe(patient: Any) -> str:
    born = f", born {patient.birth_date.isoformat()}" if patient.birth_date else ""
    return f"{patient.display_name}{born}"


def import_file(store: Store, path: Path) -> FileOutcome:
    """Import one file; every failure is an outcome with its reason, never an exception."""
    try:
        exam = load_exam(path)
    except ExamFileError as error:
        return FileOutcome(path, REFUSED, _reason(error, path))
    document = exam_to_document(exam)
    try:
        existing = store.exams_with_uid(exam.uid)
        if existing:
            wanted = _comparable(document)
            for record in existing:
                if _comparable_record(record) == wanted:
                    return FileOutcome(path, DUPLICATE, f"already saved as exam {record.id}", record.id)
            latest = existing[-1]
            return FileOutcome(
                path, REFUSED,
                f"a different version of this exam (uid {exam.uid}) is already saved as exam {latest.id}; "
                "nothing was imported",
            )
        known = store.find_patient_by_mrn(exam.patient.mrn)
        if known is not None and not _same_person(known.patient, exam.patient):
            return FileOutcome(
                path, REFUSED,
                f"MRN {exam.patient.mrn} belongs to {_describe(known.patient)} here, but the file names "
                f"{_describe(exam.patient)}; nothing was imported",
            )
        patient = known.patient if known is not None else exam.patient
        signed = exam.review.signed_by is not None or exam.review.signed_at is not None
        record, patient_record, created = store.import_exam(
            patient,
            document,
            summary_of(exam),
            signed_by=(exam.review.signed_by or exam.encounter.examiner or None) if signed else None,
            signed_at=exam.review.signed_at if signed else None,
            source=path.name,
        )
    except StoreError as error:
        return FileOutcome(path, REFUSED, error.message)
    status = "signed" if record.status == "signed" else "draft"
    new = " (new patient)" if created else ""
    return FileOutcome(
        path, IMPORTED,
        f"exam {record.id} ({status}, {exam.exam_date.isoformat()}) for {patient_record.patient.display_name}, "
        f"MRN {patient_record.patient.mrn}{new}",
        record.id,
    )


def _comparable_record(record: ExamRecord) -> dict[str, Any] | None:
    try:
        return _comparable(record.document)
    except ExamFileError:
        return None


def _reason(error: ExamFileError, path: Path) -> str:
    """The reason with its first problems, on one line (the report shows the file name itself)."""
    message = error.message.removeprefix(f"{path}: ")
    if error.problems:
        shown = "; ".join(error.problems[:3])
        more = f"; and {len(error.problems) - 3} more" if len(error.problems) > 3 else ""
        message = f"{message}: {shown}{more}"
    return message


def import_exam_files(store: Store, paths: Sequence[str | os.PathLike[str]]) -> ImportReport:
    """Import every file (folders expand to the exam files inside); one outcome per file."""
    report = ImportReport()
    for path in expand_paths(paths):
        report.outcomes.append(import_file(store, path))
    return report
