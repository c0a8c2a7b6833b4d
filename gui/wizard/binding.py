"""The exam the wizard edits: read and write items by dotted path, always a valid ``Exam``.

Why a document plus a validated model: the controls speak JSON values (strings for choices, ISO
dates), the assessment needs an ``Exam``. Every edit is applied to a copy of the document and the
whole document is validated, so cross-field rules (onset not after the exam date, findings only
for the affected side) are checked exactly as the file format checks them. An edit the model
refuses is not applied: it is kept as *invalid* with a message for the field, blocks signing, and
is tried again after every later change (fixing the exam date can make a refused onset valid).

No clinical arithmetic happens here; the only restructuring is moving the face findings when the
affected side changes, so the model's "findings only for the affected side" rule keeps holding.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QObject, Signal

from facialis.core.exam import Exam, describe_validation_error

SIDE_PATH = "encounter.affected_side"
FACE_SIDES = ("right", "left")
_MISSING = object()


@dataclass(frozen=True)
class Invalid:
    """An edit that was refused: the message for the field and the value to retry (if any)."""

    message: str
    value: Any = _MISSING

    @property
    def retryable(self) -> bool:
        return self.value is not _MISSING


def get_path(document: dict[str, Any], path: str) -> Any:
    """The value at ``path`` in a JSON document; None when any part is missing."""
    node: Any = document
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _with_value(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of ``document`` with ``path`` set; only the dicts along the path are copied."""
    result = dict(document)
    node = result
    parts = path.split(".")
    for part in parts[:-1]:
        child = node.get(part)
        child = dict(child) if isinstance(child, dict) else {}
        node[part] = child
        node = child
    node[parts[-1]] = value
    return result


def has_value(value: Any) -> bool:
    """Entered: anything but not assessed (None), an empty text or an empty list."""
    return value not in (None, "", [])


def entered_paths(node: Any, prefix: str) -> list[str]:
    """The dotted paths of every entered leaf under ``node``."""
    if isinstance(node, dict):
        found: list[str] = []
        for key, value in node.items():
            found.extend(entered_paths(value, f"{prefix}.{key}" if prefix else key))
        return found
    return [prefix] if has_value(node) else []


def _message(error: ValidationError) -> str:
    """The model's words for what is wrong, without the path (the field shows it)."""
    lines = []
    for line in describe_validation_error(error):
        _, _, text = line.partition(": ")
        text = text or line
        lines.append(text[:1].upper() + text[1:])
    return " ".join(dict.fromkeys(lines))


class ExamBinding(QObject):
    """One exam being edited. Emits ``changed(path)`` for each item whose value or error changed."""

    changed = Signal(str)
    #: Everything may have changed (a whole exam was loaded, the affected side moved the findings).
    reset = Signal()

    def __init__(self, exam: Exam, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._exam = exam
        self._document = exam.model_dump(mode="json")
        self._invalid: dict[str, Invalid] = {}

    # -- reading ----------------------------------------------------------------------------------
    @property
    def exam(self) -> Exam:
        return self._exam

    @property
    def document(self) -> dict[str, Any]:
        """The exam as JSON values (a copy is not made: do not modify it)."""
        return self._document

    def value(self, path: str) -> Any:
        return get_path(self._document, path)

    def error(self, path: str) -> str | None:
        invalid = self._invalid.get(path)
        return invalid.message if invalid else None

    def errors(self) -> dict[str, str]:
        return {path: invalid.message for path, invalid in self._invalid.items()}

    def is_carried(self, path: str) -> bool:
        return path in self._exam.carried_over

    # -- writing ----------------------------------------------------------------------------------
    def load(self, exam: Exam) -> None:
        """Replace the whole exam (opening a draft, amending); clears refused edits."""
        self._exam = exam
        self._document = exam.model_dump(mode="json")
        self._invalid.clear()
        self.reset.emit()

    def set(self, path: str, value: Any) -> str | None:
        """Apply one edit; None when applied, else the message (the edit is kept as invalid)."""
        if path == SIDE_PATH:
            return self._set_side(value)
        error = self._apply({path: value})
        if error is None:
            self._clear_invalid(path)
            self._retry_invalid()
        else:
            self._invalid[path] = Invalid(error, value)
            self.changed.emit(path)
        return error

    def confirm_carried(self, path: str) -> str | None:
        """The clinician agrees with a carried-over value: its mark goes and the value stays (the
        side too, which ``set`` leaves alone when unchanged). None when done, else the message."""
        return self._apply({path: self.value(path)})

    def set_many(self, values: dict[str, Any]) -> list[str]:
        """Apply several edits at once (Mark the rest of this page normal); the paths applied."""
        values = {path: value for path, value in values.items() if self.value(path) != value}
        if not values:
            return []
        error = self._apply(values)
        if error is not None:  # one at a time, so one bad item does not block the others
            return [path for path, value in values.items() if self.set(path, value) is None]
        for path in values:
            self._clear_invalid(path)
        self._retry_invalid()
        return list(values)

    def mark_invalid(self, path: str, message: str) -> None:
        """A control could not read what was typed (not a number, out of range): the item is not
        assessed until it is corrected, and signing is blocked meanwhile."""
        current = self._invalid.get(path)
        if self.value(path) is not None:
            self._apply({path: None})
        if current is None or current.message != message:
            self._invalid[path] = Invalid(message)
            self.changed.emit(path)

    def clear_invalid(self, path: str) -> None:
        self._clear_invalid(path)

    # -- the affected side ------------------------------------------------------------------------
    def side_change_discards(self, new_side: str | None) -> list[str]:
        """The entered face paths a change of the affected side would drop (ask before doing it)."""
        face = self._document.get("face") or {}
        keep = self._face_after_side_change(face, new_side)
        kept = {path for side, findings in keep.items() for path in entered_paths(findings, f"face.{side}")}
        lost = [path for side, findings in face.items() for path in entered_paths(findings, f"face.{side}")]
        moved = sum(len(entered_paths(findings, "")) for findings in keep.values())
        if moved == len(lost):
            return []
        return [path for path in lost if path not in kept]

    @staticmethod
    def _face_after_side_change(face: dict[str, Any], new_side: str | None) -> dict[str, Any]:
        """Findings follow the side: a corrected side moves them, bilateral to one side keeps that side."""
        if new_side in FACE_SIDES:
            if new_side in face:
                return {new_side: face[new_side]}
            if len(face) == 1:
                return {new_side: next(iter(face.values()))}
            return {}
        return dict(face)

    def _set_side(self, value: Any) -> str | None:
        old = self.value(SIDE_PATH)
        if value == old:
            return None
        face = self._document.get("face") or {}
        new_face = self._face_after_side_change(face, value)
        final = dict(get_path(self._document, "review.final_hb") or {})
        if value in FACE_SIDES and old in FACE_SIDES and final.get(old) is not None and final.get(value) is None:
            final = {value: final[old], old: None}  # the grade follows the findings to the corrected side
        elif value in FACE_SIDES:
            final = {side: (grade if side == value else None) for side, grade in final.items()}
        values = {SIDE_PATH: value, "face": copy.deepcopy(new_face), "review.final_hb": final}
        error = self._apply(values, emit=False)
        if error is not None:
            self._invalid[SIDE_PATH] = Invalid(error, value)
            self.changed.emit(SIDE_PATH)
            return error
        self._clear_invalid(SIDE_PATH, emit=False)
        self.reset.emit()
        self._retry_invalid()
        return None

    # -- internals ---------------------------------------------------------------------------------
    def _apply(self, values: dict[str, Any], *, emit: bool = True) -> str | None:
        document = self._document
        for path, value in values.items():
            document = _with_value(document, path, value)
        carried = [path for path in document.get("carried_over", []) if path not in values]
        if carried != document.get("carried_over", []):
            document = _with_value(document, "carried_over", carried)
        try:
            exam = Exam.model_validate(document)
        except ValidationError as error:
            return _message(error)
        uncarried = set(self._exam.carried_over) - set(exam.carried_over)
        self._exam = exam
        self._document = exam.model_dump(mode="json")
        if emit:
            for path in dict.fromkeys([*values, *uncarried]):
                self.changed.emit(path)
        return None

    def _clear_invalid(self, path: str, *, emit: bool = True) -> None:
        if self._invalid.pop(path, None) is not None and emit:
            self.changed.emit(path)

    def _retry_invalid(self) -> None:
        """Refused edits that may have become valid (their conflict was fixed elsewhere)."""
        for path, invalid in list(self._invalid.items()):
            if invalid.retryable and self._apply({path: invalid.value}) is None:
                self._clear_invalid(path)
