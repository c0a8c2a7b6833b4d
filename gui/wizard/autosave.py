"""Autosave: every change is in the database as a draft within a second, and survives a crash.

The draft row in the store is the recovery copy (design.md, "Records": "Saved" means committed to
disk). A short single-shot timer after the last change coalesces typing into one write; page changes
and closing save at once. The row version returned by each save is sent with the next one, so a
draft changed elsewhere is never overwritten (the store refuses, and the wizard says so).

Which drafts were open when Facialis stopped is remembered next to the window state: an entry is
written (and flushed to disk) when a draft is opened or first saved, and removed when its wizard
closes normally. An entry still present at the next start means the program did not close normally
(a crash, a kill, a power cut): that draft is offered for restoring.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from facialis.core.store import ConflictError, ExamRecord, ExamSummary, SignedExamError, Store, StoreError

from facialis.gui import qt_settings

#: Wait this long after the last change before writing (typing a word is one save, not six).
SAVE_DELAY_MS = 500
OPEN_DRAFTS_KEY = "exam_wizard/open_drafts"


# --- the open-drafts register ------------------------------------------------------------------------


def _entry(db_path: Path, exam_id: int) -> str:
    return f"{exam_id}|{Path(db_path).resolve()}"


def _entries() -> list[str]:
    value = qt_settings.qsettings().value(OPEN_DRAFTS_KEY)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]


def _write_entries(entries: list[str]) -> None:
    settings = qt_settings.qsettings()
    if entries:
        settings.setValue(OPEN_DRAFTS_KEY, entries)
    else:
        settings.remove(OPEN_DRAFTS_KEY)
    settings.sync()


def remember_open(db_path: Path, exam_id: int) -> None:
    entries = _entries()
    entry = _entry(db_path, exam_id)
    if entry not in entries:
        _write_entries([*entries, entry])


def forget_open(db_path: Path, exam_id: int) -> None:
    entries = _entries()
    entry = _entry(db_path, exam_id)
    if entry in entries:
        _write_entries([item for item in entries if item != entry])


def open_when_stopped(db_path: Path) -> list[int]:
    """Exam ids of the drafts of ``db_path`` that were open when Facialis last stopped."""
    suffix = f"|{Path(db_path).resolve()}"
    ids = []
    for entry in _entries():
        if entry.endswith(suffix):
            try:
                ids.append(int(entry.split("|", 1)[0]))
            except ValueError:
                continue
    return ids


# --- the autosaver -----------------------------------------------------------------------------------


class Autosaver(QObject):
    """Saves one exam's draft: after a pause in typing, on demand (``flush``), never after signing."""

    #: A save went through (the time, for the status line).
    saved = Signal(datetime)
    #: A save failed (the user-facing reason); the changes are kept in memory and tried again.
    failed = Signal(str)

    def __init__(
        self,
        store: Store,
        patient_id: int,
        snapshot: Callable[[], tuple[dict[str, Any], ExamSummary]],
        record: ExamRecord | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.patient_id = patient_id
        self.snapshot = snapshot
        self.exam_id: int | None = record.id if record else None
        self.version: int | None = record.version if record else None
        self.dirty = False
        self.enabled = True
        self.last_error: str | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.flush)
        if self.exam_id is not None:
            remember_open(store.path, self.exam_id)

    def changed(self) -> None:
        """An item changed: save after the pause."""
        if not self.enabled:
            return
        self.dirty = True
        self.timer.start()

    def flush(self) -> bool:
        """Save now if anything changed; True when everything is on disk."""
        self.timer.stop()
        if not self.enabled or not self.dirty:
            return not self.dirty
        document, summary = self.snapshot()
        try:
            record = self.store.save_draft(
                self.patient_id, document, summary, exam_id=self.exam_id, expected_version=self.version
            )
        except (ConflictError, SignedExamError) as error:
            self.enabled = False  # never overwrite what someone else saved
            self.last_error = (
                f"{error.message}\n\nYour changes since the last save are still on screen but are no longer "
                "saved automatically. Close this exam and open it again to see the saved version."
            )
            self.failed.emit(self.last_error)
            return False
        except StoreError as error:
            self.last_error = f"Not saved: {error.message} Facialis tries again at the next change."
            self.failed.emit(self.last_error)
            return False
        first = self.exam_id is None
        self.exam_id, self.version = record.id, record.version
        self.dirty = False
        self.last_error = None
        if first:
            remember_open(self.store.path, record.id)
        self.saved.emit(datetime.now())
        return True

    def adopt(self, record: ExamRecord) -> None:
        """Continue with another row (after signing or amending)."""
        self.exam_id, self.version = record.id, record.version
        self.dirty = False

    def stop(self) -> None:
        """No more saves (signed, discarded or closed) and no restore offer for this draft."""
        self.timer.stop()
        self.enabled = False
        if self.exam_id is not None:
            forget_open(self.store.path, self.exam_id)
