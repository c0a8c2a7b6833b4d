"""The exam file (``*.facialis.json``): one exam as a versioned JSON document.

Files of an older format version are upgraded step by step on reading (``UPGRADES``); a file
of a newer version is refused. The format is documented in docs/exam-format.md.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..atomic import write_text
from .errors import ExamFileError, describe_validation_error
from .models import FORMAT_VERSION, Exam

FILE_SUFFIX = ".facialis.json"
FORMAT_NAME = "facialis-exam"

Document = dict[str, Any]


def _upgrade_1_to_2(doc: Document) -> Document:
    """Format 1 kept each topognostic test as two flat fields (``schirmer_right_mm``...);
    format 2 groups each test as ``{"right": ..., "left": ...}``."""
    topo = dict(doc.get("topognostic") or {})
    for old, new in (
        ("schirmer", "schirmer_mm"),
        ("stapedial_reflex", "stapedial_reflex"),
        ("taste", "taste"),
        ("electrogustometry", "electrogustometry_ua"),
        ("submandibular_flow", "submandibular_flow_ml_min"),
    ):
        unit = {"schirmer": "_mm", "electrogustometry": "_ua", "submandibular_flow": "_ml_min"}.get(old, "")
        pair = {}
        for side in ("right", "left"):
            key = f"{old}_{side}{unit}"
            if key in topo:
                pair[side] = topo.pop(key)
        if pair:
            topo[new] = pair
    doc["topognostic"] = topo
    doc["format_version"] = 2
    return doc


#: from-version -> function producing the next version's document.
UPGRADES: dict[int, Callable[[Document], Document]] = {1: _upgrade_1_to_2}


def upgrade_document(doc: Document, source: str = "exam") -> Document:
    """Bring a document of any known older format version up to ``FORMAT_VERSION``."""
    version = doc.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ExamFileError(f"{source}: format_version is missing or not a whole number")
    if version > FORMAT_VERSION:
        raise ExamFileError(
            f"{source}: it was written by a newer version of Facialis (format {version}; this version "
            f"reads up to {FORMAT_VERSION}). Update Facialis to open it."
        )
    if version < 1:
        raise ExamFileError(f"{source}: format_version {version} is not a known exam format")
    while version < FORMAT_VERSION:
        doc = UPGRADES[version](dict(doc))
        version = doc["format_version"]
    return doc


def exam_from_document(doc: Any, source: str = "exam") -> Exam:
    """Validate a parsed JSON document (after upgrading it) into an Exam, with readable errors."""
    if not isinstance(doc, dict):
        raise ExamFileError(f"{source}: the file does not contain an exam (a JSON object was expected)")
    doc = dict(doc)
    doc.pop("format", None)
    doc = upgrade_document(doc, source)
    try:
        return Exam.model_validate(doc)
    except ValidationError as error:
        problems = describe_validation_error(error)
        raise ExamFileError(f"{source}: the exam is not valid ({len(problems)} problem(s))", problems) from None


def loads_exam(text: str, source: str = "exam") -> Exam:
    """Parse and validate exam text. However the text is malformed, the failure is an
    ExamFileError naming ``source`` (what every caller handles for a bad file), never a crash."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExamFileError(
            f"{source}: damaged exam file, not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:  # the parser recurses once per level of [ or {
        raise ExamFileError(f"{source}: damaged exam file, its JSON is nested too deeply") from None
    except ValueError as error:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        detail = "a number in it has too many digits" if "digits" in str(error) else str(error)
        raise ExamFileError(f"{source}: damaged exam file, not valid JSON ({detail})") from None
    return exam_from_document(doc, source)


def load_exam(path: str | os.PathLike[str]) -> Exam:
    """Read an exam file; every failure is an ExamFileError whose message names the file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ExamFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ExamFileError(f"{path}: is a folder, not an exam file") from None
    except OSError as error:
        raise ExamFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExamFileError(f"{path}: damaged exam file, not UTF-8 text") from None
    return loads_exam(text, str(path))


def exam_to_document(exam: Exam) -> Document:
    """The JSON-ready document of an exam, tagged with the format name and version."""
    doc = {"format": FORMAT_NAME}
    doc.update(exam.model_dump(mode="json"))
    return doc


def dumps_exam(exam: Exam) -> str:
    return json.dumps(exam_to_document(exam), ensure_ascii=False, indent=2) + "\n"


def save_exam(exam: Exam, path: str | os.PathLike[str]) -> Path:
    """Write atomically: a crash leaves either the old file or the new one, never half of one."""
    return write_text(path, dumps_exam(exam))
