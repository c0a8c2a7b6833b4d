"""Whether the exam is signed, and which version it is: the store's word first, then the exam's."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..exam.enums import ExamStatus
from ..exam.models import Exam
from .records import ReportRecordInfo


@dataclass(frozen=True)
class SignStatus:
    signed: bool
    signed_by: str | None
    signed_at: datetime | None
    exam_id: object
    version: int
    replaces_id: object
    replaces_version: int | None
    superseded_by: object = None

    @property
    def amended(self) -> bool:
        return self.version > 1 or self.replaces_id is not None


def sign_status(exam: Exam, record: ReportRecordInfo | None) -> SignStatus:
    """The store is the authority on signing; without a record the exam's review decides."""
    review = exam.review
    if record is not None:
        signed = record.status == ExamStatus.signed
        return SignStatus(
            signed=signed,
            signed_by=(record.signed_by or review.signed_by) if signed else None,
            signed_at=(record.signed_at or review.signed_at) if signed else None,
            exam_id=record.exam_id,
            version=record.version,
            replaces_id=record.replaces_id,
            replaces_version=record.replaces_version,
            superseded_by=record.superseded_by,
        )
    signed = bool(review.signed_by) and review.signed_at is not None
    return SignStatus(
        signed=signed,
        signed_by=review.signed_by if signed else None,
        signed_at=review.signed_at if signed else None,
        exam_id=None,
        version=1,
        replaces_id=None,
        replaces_version=None,
    )


def amendment_text(status: SignStatus) -> str | None:
    """"Amended exam: version 2; it replaces version 1 (record 17)." and, for an old version printed
    later, "Superseded by a later version (record 18)."; None for an original still in force."""
    parts = []
    if status.amended:
        replaced = f"version {status.replaces_version}" if status.replaces_version else "the earlier version"
        record = f" (record {status.replaces_id})" if status.replaces_id is not None else ""
        parts.append(f"Amended exam: version {status.version}; it replaces {replaced}{record}.")
    if status.superseded_by is not None:
        parts.append(f"Superseded: a later version (record {status.superseded_by}) replaces this one.")
    return " ".join(parts) or None
