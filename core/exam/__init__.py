"""The exam document: typed models, the exam file format and readable validation messages.

The shared vocabulary (``enums``) is loaded with the package; the models, the file format and the
validation messages (pydantic, a tenth of a second) are loaded when one of their names is first
used, so code that only needs a grade or a segment name (the case browser at start-up) stays light.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .enums import *  # noqa: F401,F403 - the shared vocabulary is part of this package's API

#: Names of this package that live in a submodule loaded on first use.
_LAZY: dict[str, str] = {
    **dict.fromkeys(("ExamFileError", "describe_validation_error"), "errors"),
    **dict.fromkeys(
        ("FILE_SUFFIX", "dumps_exam", "exam_from_document", "exam_to_document", "load_exam", "loads_exam", "save_exam"),
        "fileformat",
    ),
    **dict.fromkeys(
        (
            "FORMAT_VERSION", "AtRest", "Associated", "BranchTerritories", "EfaceItems", "Electro", "Encounter",
            "Exam", "FaceFindings", "History", "PerSide", "Review", "Sequelae", "SunnybrookExpressions",
            "SunnybrookItems", "Topognostic", "Treatment", "Voluntary", "YanagiharaItems",
        ),
        "models",
    ),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


if TYPE_CHECKING:
    from .errors import ExamFileError, describe_validation_error
    from .fileformat import (
        FILE_SUFFIX,
        dumps_exam,
        exam_from_document,
        exam_to_document,
        load_exam,
        loads_exam,
        save_exam,
    )
    from .models import (
        FORMAT_VERSION,
        AtRest,
        Associated,
        BranchTerritories,
        EfaceItems,
        Electro,
        Encounter,
        Exam,
        FaceFindings,
        History,
        PerSide,
        Review,
        Sequelae,
        SunnybrookExpressions,
        SunnybrookItems,
        Topognostic,
        Treatment,
        Voluntary,
        YanagiharaItems,
    )
