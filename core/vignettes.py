"""The clinical vignettes of clinical-reference section 11 as exam files, shipped with the app.

They are the worked examples the clinical engine is checked against, the first visit of every
demo course (``facialis demo``, the benchmark database) and the examples in the README. One set of
files serves all three, so the demo cannot drift from what the tests verify.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from ..resources import resource_path

#: Folder of the vignette exam files (``v01.facialis.json`` … ``v16b.facialis.json``).
VIGNETTE_DIR = Path(str(resource_path("vignettes")))

#: Parts of an exam file that belong to one patient and one date, not to the findings.
_PER_VISIT = ("format", "format_version", "patient", "uid")
_ENCOUNTER_PER_VISIT = ("exam_datetime", "examiner", "onset_date")


def vignette_file(key: str) -> Path:
    """The exam file of one vignette, e.g. ``vignette_file("v05")``."""
    return VIGNETTE_DIR / f"{key}.facialis.json"


def vignette_keys() -> list[str]:
    """Every vignette, in order (v01 … v15, v16a, v16b)."""
    return sorted(path.name.split(".")[0] for path in VIGNETTE_DIR.glob("*.facialis.json"))


@functools.cache
def vignette_findings(key: str) -> dict[str, Any]:
    """A vignette's exam document without the patient and the dates: the findings a synthetic
    course starts from. Read once per process and shared, so callers copy before changing it."""
    document = json.loads(vignette_file(key).read_text(encoding="utf-8"))
    encounter = {k: v for k, v in document["encounter"].items() if k not in _ENCOUNTER_PER_VISIT}
    body = {k: v for k, v in document.items() if k not in (*_PER_VISIT, "encounter")}
    return {"encounter": encounter, **body}
