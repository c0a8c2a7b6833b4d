"""Who an exam belongs to, as the exports and the import see it.

The patient record is the authority on identity: a corrected MRN, name, date of birth or sex is
made there, never in the exam documents, which keep the copy they were written with. So every
export puts the current record into the exam (:func:`with_patient`), and the import compares a
file's patient with the record its MRN points to (:func:`identity_differences`).
"""
from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from ..exam import Exam, exam_from_document, exam_to_document

if TYPE_CHECKING:
    from ..patient import Patient


def with_patient(exam: Exam, patient: Patient, source: str = "exam") -> Exam:
    """The exam with ``patient`` (the current record) in place of the copy its document holds.

    Validated again, because the age and the date checks depend on the date of birth: a record
    whose corrected birth date no longer fits the exam raises ExamFileError naming ``source``.
    """
    if exam.patient == patient:
        return exam
    document = exam_to_document(exam)
    document["patient"] = patient.model_dump(mode="json")
    return exam_from_document(document, source)


def normalised(text: str) -> str:
    """Text as names are compared: Unicode NFKC, case folded, runs of white space as one space."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(folded.split())


def identity_differences(here: Patient, there: Patient) -> list[str]:
    """The identity fields in which two patients of the same MRN differ, each as readable text.

    A field is compared only when both record it (given names not empty, a date of birth, a sex
    other than unknown); names are compared with :func:`normalised`.
    """
    found: list[str] = []
    if normalised(here.family_name) != normalised(there.family_name):
        found.append(f"family name ({here.family_name!r} here, {there.family_name!r} in the file)")
    if here.given_names and there.given_names and normalised(here.given_names) != normalised(there.given_names):
        found.append(f"given names ({here.given_names!r} here, {there.given_names!r} in the file)")
    if here.birth_date is not None and there.birth_date is not None and here.birth_date != there.birth_date:
        found.append(
            f"date of birth ({here.birth_date.isoformat()} here, {there.birth_date.isoformat()} in the file)"
        )
    unknown = "unknown"
    if here.sex.value != unknown and there.sex.value != unknown and here.sex != there.sex:
        found.append(f"sex ({here.sex.value} here, {there.sex.value} in the file)")
    return found
