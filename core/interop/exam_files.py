"""Exam files out of and into the database, with a report of what happened to every file.

Export writes each exam as one ``*.facialis.json`` (docs/exam-format.md); a signed exam's file
carries its signature (``review.signed_by``/``signed_at``). Import reads any number of files and
sorts each into exactly one of three outcomes:

- imported: a new exam (and a new patient when the MRN is new), in one transaction;
- duplicate: an exam with the same uid and the same content is already saved (nothing written);
- refused, with the reason: a damaged or invalid file, a file from a newer Facialis, a different
  version of an exam already saved, or an MRN that belongs to another person here.

A refused or duplicate file never changes the database. A file over ``MAX_FILE_BYTES`` is
refused unread; the versions of one exam in a selection are read latest signed first, so an
amendment is not refused because its superseded version sorted before it; each file is its own
transaction, so an import stopped part-way keeps what it saved and can simply be run again.

Rules that keep export and import honest (docs/exam-format.md):
- every exported exam gets its own file, named only from safe characters, inside the folder;
- a file carries the current patient record (a corrected MRN or birth date reaches it) and, when
  signed, the record's signature with its time in UTC;
- a file without a uid gets one derived from its content, so importing it twice finds the first;
- an MRN that is known here must name the same person (family name, given names, date of birth
  and sex, where both record them).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exam import FILE_SUFFIX, Exam, ExamFileError, exam_from_document, exam_to_document, load_exam, save_exam
from ..store import ExamRecord, Store, StoreError
from ..store.imports import utc_moment
from .identity import identity_differences, with_patient
from .scoring import summary_of
from .times import record_time, to_seconds

if TYPE_CHECKING:
    from ..patient import Patient

IMPORTED, DUPLICATE, REFUSED = "imported", "duplicate", "refused"
#: Prefix of the uid given to a file that has none (the rest is its content's SHA-256).
CONTENT_UID_PREFIX = "content-"
#: Largest exam file read. A real exam is a few kilobytes and every text at its limit stays under
#: 5 MB; a larger file is refused unread, so it cannot stall the import or bloat the database.
MAX_FILE_BYTES = 10 * 1024 * 1024
#: Characters of one problem shown in a reason: a problem quotes the value at fault, which in a
#: damaged file can be megabytes long (and would fill the report and the message box).
_MAX_PROBLEM_CHARS = 300


@dataclass(frozen=True)
class FileOutcome:
    path: Path
    outcome: str  # imported, duplicate or refused
    message: str
    exam_id: int | None = None


@dataclass
class ImportReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    #: Files not looked at because the import was stopped (cancelled or interrupted) before them.
    not_attempted: list[Path] = field(default_factory=list)

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

    def counts(self) -> str:
        """One line: how many files ended how (and how many were not looked at)."""
        text = (
            f"{len(self.imported)} imported, {len(self.duplicates)} skipped as duplicates, "
            f"{len(self.refused)} refused."
        )
        if self.not_attempted:
            text += f" Stopped before the other {len(self.not_attempted)} file(s); they were not imported."
        return text

    def text(self) -> str:
        """The report as people read it: counts first, then one line per file; refusals come
        first, as they are what needs acting on (and stay visible when the rest is cut short)."""
        lines = [self.counts()]
        for title, items in (("Refused", self.refused), ("Skipped (already saved)", self.duplicates), ("Imported", self.imported)):
            if items:
                lines.append(f"{title}:")
                lines.extend(f"  {item.path}: {item.message}" for item in items)
        if self.not_attempted:
            lines.append("Not imported (stopped before them):")
            lines.extend(f"  {path}" for path in self.not_attempted)
        return "\n".join(lines)


# -- export ------------------------------------------------------------------------------------


def exam_for_export(record: ExamRecord, patient: Patient | None = None) -> Exam:
    """The stored exam as a file holds it.

    ``patient`` (the current patient record) replaces the document's copy, so a corrected MRN or
    birth date reaches the file. A signed (or superseded) record carries the record's signature,
    its time in UTC to the second: the store is the authority on signing. A draft carries none,
    even when its document still holds the signature of the version it amends; otherwise the
    file would import as signed.
    """
    exam = exam_from_document(record.document, f"exam {record.id}")
    if patient is not None:
        exam = with_patient(exam, patient, f"exam {record.id} with the patient record of MRN {patient.mrn}")
    if record.status == "draft":
        signed_by, signed_at = None, None
    else:
        signed_by = record.signed_by or exam.review.signed_by
        moment = record_time(record.signed_at) or (
            utc_moment(exam.review.signed_at) if exam.review.signed_at is not None else None
        )
        signed_at = to_seconds(moment) if moment is not None else None
    if (signed_by, signed_at) != (exam.review.signed_by, exam.review.signed_at):
        review = exam.review.model_copy(update={"signed_by": signed_by, "signed_at": signed_at})
        exam = exam.model_copy(update={"review": review})
    return exam


#: Characters a file name keeps from an MRN (letters and digits of any script, ``_ . -``).
_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)
#: Characters a file name keeps from a uid: ASCII letters and digits only.
_UNSAFE_UID = re.compile(r"[^A-Za-z0-9]+")
#: Bytes of the MRN part at most, so a long MRN in a wide script stays within file-name limits.
_MRN_BYTES = 80


def _safe_mrn(mrn: str) -> str:
    text = _UNSAFE.sub("-", mrn).strip("-.")
    while len(text.encode("utf-8")) > _MRN_BYTES:
        text = text[:-1]
    return text.strip("-.") or "patient"


def file_name(exam: Exam, version_no: int = 1, draft: bool = False) -> str:
    """``MRN_YYYY-MM-DD_uid8_vN.facialis.json`` (``_vN-draft`` for a draft): sorts by patient and
    date; the version tells an amendment from the version it amends. Only safe characters: the
    MRN and uid are stripped of separators and dots, so the name never leaves the folder."""
    uid = _UNSAFE_UID.sub("", exam.uid.removeprefix(CONTENT_UID_PREFIX))[:8] or "exam"
    status = "-draft" if draft else ""
    return f"{_safe_mrn(exam.patient.mrn)}_{exam.exam_date.isoformat()}_{uid}_v{version_no}{status}{FILE_SUFFIX}"


def _unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name`` with ``-2``, ``-3``... before the suffix when an earlier file of this
    export has it (compared without case, as on Windows and macOS)."""
    stem = name[: -len(FILE_SUFFIX)]
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem}-{number}{FILE_SUFFIX}"
    taken.add(candidate.casefold())
    return candidate


def _inside(folder: Path, name: str) -> Path:
    """``folder / name``, checked to be a file directly inside ``folder``."""
    path = folder / name
    if Path(name).name != name or name in ("", ".", "..") or path.parent != folder:
        raise ExamFileError(f"{name!r} is not a safe file name; nothing more was written")
    return path


def export_exam_files(store: Store, exam_ids: Iterable[int], folder: str | os.PathLike[str]) -> list[Path]:
    """Write one file per exam into ``folder`` (created if needed); returns the paths written,
    one distinct file per exam, so their number is the number of files written.

    All or nothing, like the CSV and FHIR exports: when it stops part-way (an exam that cannot be
    read, a full disk, the user cancelling while ``exam_ids`` is iterated) the files it created
    are removed again before the error goes on, so "nothing was written" is true. A file that was
    there before and had the same name (the same exam, exported earlier) is left in place.
    """
    folder = Path(folder)
    written: list[Path] = []
    created: list[Path] = []
    taken: set[str] = set()
    patients: dict[int, Patient] = {}
    try:
        for exam_id in exam_ids:
            record = store.get_exam(exam_id)
            if record.patient_id not in patients:
                patients[record.patient_id] = store.get_patient(record.patient_id).patient
            exam = exam_for_export(record, patients[record.patient_id])
            name = _unique_name(file_name(exam, record.version_no, record.status == "draft"), taken)
            path = _inside(folder, name)
            existed = path.exists()
            written.append(save_exam(exam, path))
            if not existed:
                created.append(path)
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise
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


def _same_file_key(path: Path) -> str:
    try:
        return os.path.normcase(str(path.resolve()))
    except (OSError, RuntimeError):
        return os.path.normcase(str(path.absolute()))


def _version_key(path: Path) -> tuple[str, datetime | None] | None:
    """(uid, signing time in UTC or None) of a file, read cheaply to order the versions of one
    exam; None when the file cannot tell (the import itself then reports why)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(document, dict) or not isinstance(document.get("uid"), str) or not document["uid"].strip():
        return None
    review = document.get("review")
    signed_at = review.get("signed_at") if isinstance(review, dict) else None
    try:
        moment = utc_moment(datetime.fromisoformat(signed_at)) if isinstance(signed_at, str) else None
    except (ValueError, OverflowError, OSError):
        moment = None
    return document["uid"], moment


#: The version in an exported file's name (``..._v2.facialis.json``, ``_v3-draft``, ``_v2-2``).
_NAMED_VERSION = re.compile(r"_v(\d{1,6})(?:-draft)?(?:-\d+)?" + re.escape(FILE_SUFFIX) + "$")


def _latest_signed_first(paths: list[Path]) -> list[Path]:
    """``paths`` with the versions of one exam (files of the same uid) reordered among the places
    they hold: the latest signed version first (by its signing time, then by the ``vN`` of its
    name), drafts after every signed one.

    Only one version of an exam can be imported (the others are refused as different versions),
    and files sort by name, so a superseded ``_v1`` came before the amendment ``_v2`` that
    replaced it and was imported as the current exam. A draft never wins over a signed version.
    """
    keys = [_version_key(path) for path in paths]
    groups: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        if key is not None:
            groups.setdefault(key[0], []).append(index)
    oldest = datetime.min.replace(tzinfo=UTC)
    ordered = list(paths)
    for indexes in groups.values():
        if len(indexes) < 2:
            continue

        def newest(index: int) -> tuple[bool, datetime, int, int]:
            moment = keys[index][1]  # type: ignore[index]
            named = _NAMED_VERSION.search(paths[index].name)  # signed within one second: the name's vN
            return (moment is not None, moment or oldest, int(named.group(1)) if named else 0, index)

        for place, index in zip(indexes, sorted(indexes, key=newest, reverse=True), strict=True):
            ordered[place] = paths[index]
    return ordered


def files_to_import(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[Path], list[FileOutcome]]:
    """The files an import reads, in the order it reads them, and an outcome for every item
    that yields none: a folder that cannot be listed or holds no exam files, and a file listed
    a second time (read once: importing it twice would only find the first import).

    Folders expand to the exam files directly inside them, sorted by name; the versions of one
    exam are put latest signed first (see ``_latest_signed_first``).
    """
    found: list[Path] = []
    outcomes: list[FileOutcome] = []
    seen: set[str] = set()
    for item in paths:
        path = Path(item)
        try:
            expanded = expand_paths([path])
        except OSError as exc:  # a folder that cannot be listed
            outcomes.append(FileOutcome(path, REFUSED, f"cannot be read ({exc.strerror or exc}); nothing was imported"))
            continue
        if path.is_dir() and not expanded:
            outcomes.append(FileOutcome(
                path, REFUSED, f"this folder holds no exam files (*{FILE_SUFFIX}); nothing was imported"
            ))
            continue
        for file in expanded:
            key = _same_file_key(file)
            if key in seen:
                outcomes.append(FileOutcome(file, DUPLICATE, "the same file is listed more than once; it was read once"))
                continue
            seen.add(key)
            found.append(file)
    return _latest_signed_first(found), outcomes


def _comparable(document: dict[str, Any]) -> dict[str, Any]:
    """A document as compared for duplicates: normalised, without the signature (a stored exam's
    signature lives in its record, an exported file's in the document) and without the patient
    (the patient record here is the authority: a file written before the MRN or a name was
    corrected is still the same exam; the record's identity is checked apart)."""
    exam = exam_from_document(document)
    comparable = exam_to_document(exam)
    comparable.pop("patient", None)
    comparable["review"] = {k: v for k, v in comparable["review"].items() if k not in ("signed_by", "signed_at")}
    return comparable


def content_uid(exam: Exam) -> str:
    """A uid derived from the exam's canonical content (everything but the uid): the same file
    always gets the same uid, on any computer, so importing it again finds the first import."""
    content = exam_to_document(exam)
    content.pop("uid", None)
    content.pop("format", None)
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return CONTENT_UID_PREFIX + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def _with_stable_uid(exam: Exam) -> tuple[Exam, bool]:
    """The exam with the uid its file gives, or (for a file without one, or with an empty one)
    the uid derived from its content; and whether it was derived. ``Exam.uid``'s default makes a
    new random uid on every load, which would never match the first import."""
    if "uid" in exam.model_fields_set and exam.uid.strip():
        return exam, False
    return exam.model_copy(update={"uid": content_uid(exam)}), True


def _signature_in_utc(exam: Exam) -> Exam:
    """The exam with ``review.signed_at`` in UTC, as the record will hold it (a time with an offset
    converted; one without read as local time, as earlier versions wrote it). Raises ValueError
    or OverflowError for a time that has no UTC equivalent."""
    moment = exam.review.signed_at
    if moment is None:
        return exam
    review = exam.review.model_copy(update={"signed_at": utc_moment(moment)})
    return exam.model_copy(update={"review": review})


def _describe(patient: Patient) -> str:
    born = f", born {patient.birth_date.isoformat()}" if patient.birth_date else ""
    return f"{patient.display_name}{born}"


def _size_refusal(path: Path) -> FileOutcome | None:
    """A refusal for a file too large to be an exam, before it is read; None otherwise."""
    try:
        size = path.stat().st_size
    except OSError:
        return None  # load_exam names what is wrong with it
    if size <= MAX_FILE_BYTES:
        return None
    return FileOutcome(
        path, REFUSED,
        f"the file is {size / 1024 / 1024:.1f} MB, more than an exam file can be "
        f"({MAX_FILE_BYTES // 1024 // 1024} MB at most); it was not read and nothing was imported",
    )


def import_file(store: Store, path: Path) -> FileOutcome:
    """Import one file; every failure is an outcome with its reason, never an exception."""
    too_large = _size_refusal(path)
    if too_large is not None:
        return too_large
    try:
        exam = load_exam(path)
    except ExamFileError as error:
        return FileOutcome(path, REFUSED, _reason(error, path))
    if "exam_datetime" not in exam.encounter.model_fields_set:
        # the model's default (now) serves a new exam in the wizard; an imported one must say when it was
        return FileOutcome(path, REFUSED, "encounter.exam_datetime is missing: an imported exam needs the date and "
                                          "time it was examined")
    exam, derived = _with_stable_uid(exam)
    try:
        exam = _signature_in_utc(exam)
    except (ValueError, OverflowError, OSError):
        return FileOutcome(
            path, REFUSED, f"review.signed_at {exam.review.signed_at} is not a time that can be converted to UTC"
        )
    document = exam_to_document(exam)
    try:
        existing = store.exams_with_uid(exam.uid)
        if existing:
            wanted = _comparable(document)
            for record in existing:
                if _comparable_record(record) == wanted:
                    return FileOutcome(path, DUPLICATE, f"already saved as exam {record.id}", record.id)
            latest = existing[-1]
            saved_at = record_time(latest.signed_at)
            earlier = exam.review.signed_at is None or (saved_at is not None and exam.review.signed_at <= saved_at)
            newer = f", signed {to_seconds(saved_at).isoformat()}" if saved_at is not None and earlier else ""
            return FileOutcome(
                path, REFUSED,
                f"a different version of this exam (uid {exam.uid}) is already saved as exam {latest.id}{newer}; "
                "nothing was imported",
            )
        known = store.find_patient_by_mrn(exam.patient.mrn)
        differences = identity_differences(known.patient, exam.patient) if known is not None else []
        if known is not None and differences:
            return FileOutcome(
                path, REFUSED,
                f"MRN {exam.patient.mrn} belongs to {_describe(known.patient)} here, but the file names "
                f"{_describe(exam.patient)}; they differ in {'; '.join(differences)}; nothing was imported",
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
    given = f"; the file has no uid, so it was given uid {exam.uid} from its content" if derived else ""
    return FileOutcome(
        path, IMPORTED,
        f"exam {record.id} ({status}, {exam.exam_date.isoformat()}) for {patient_record.patient.display_name}, "
        f"MRN {patient_record.patient.mrn}{new}{given}",
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
        shown = "; ".join(_shortened(problem) for problem in error.problems[:3])
        more = f"; and {len(error.problems) - 3} more" if len(error.problems) > 3 else ""
        message = f"{message}: {shown}{more}"
    return message


def _shortened(problem: str) -> str:
    """One problem cut to ``_MAX_PROBLEM_CHARS`` (the field it names comes first and stays)."""
    if len(problem) <= _MAX_PROBLEM_CHARS:
        return problem
    return f"{problem[:_MAX_PROBLEM_CHARS]}… ({len(problem):,} characters)"


def import_one(store: Store, path: Path) -> FileOutcome:
    """One file's outcome. An unexpected failure refuses that file only (its import is one
    transaction), so the files after it are still imported and every file is reported."""
    try:
        return import_file(store, path)
    except Exception as exc:  # noqa: BLE001 - reported as this file's reason, the run goes on
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        return FileOutcome(path, REFUSED, f"could not be imported ({reason}); nothing was imported")


#: Called before each file with (files done, files in all, the next file); False stops the import.
Progress = Callable[[int, int, Path], bool]


def import_exam_files(
    store: Store,
    paths: Sequence[str | os.PathLike[str]],
    progress: Progress | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Import every file (folders expand to the exam files inside); one outcome per file.

    Each file is its own transaction, so stopping (``progress`` answering False, or an exception
    such as Ctrl-C between files) keeps every file imported so far and leaves the rest untouched;
    they are listed in ``report.not_attempted``. Pass ``report`` to keep what was done when an
    exception stops the run.
    """
    report = report if report is not None else ImportReport()
    files, listed = files_to_import(paths)
    report.outcomes.extend(listed)
    for done, path in enumerate(files):
        try:
            if progress is not None and not progress(done, len(files), path):
                report.not_attempted.extend(files[done:])
                break
            report.outcomes.append(import_one(store, path))
        except BaseException:
            report.not_attempted.extend(files[done:])
            raise
    return report
