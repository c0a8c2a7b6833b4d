"""Import: a file whose MRN is known here must name the same person, or it is refused unchanged."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from facialis.core.interop.exam_files import IMPORTED, REFUSED, import_exam_files
from facialis.core.interop.identity import normalised
from facialis.core.store import Store

from .conftest import snapshot
from .stored_exams import save_signed, v05_document, write_file

# V05 here: Fischer, Anna, born 1992-03-14, female.
REFUSED_CASES: dict[str, tuple[dict[str, Any], list[str]]] = {
    "given-names": ({"given_names": "Completely Different"}, ["given names"]),
    "sex": ({"sex": "male"}, ["sex"]),
    "birth-date": ({"birth_date": "1990-01-01"}, ["date of birth"]),
    "family-name": ({"family_name": "Other"}, ["family name"]),
    "given-names-and-sex": ({"given_names": "Completely Different", "sex": "male"}, ["given names", "sex"]),
}
SAME_PERSON: dict[str, dict[str, Any]] = {
    "case-and-spaces": {"family_name": "  FISCHER ", "given_names": "anna"},
    "fullwidth": {"family_name": "Ｆｉｓｃｈｅｒ"},  # NFKC folds full-width letters
    "given-names-not-recorded": {"given_names": ""},
    "sex-unknown": {"sex": "unknown"},
    "no-birth-date": {"birth_date": None},
}


@pytest.fixture
def v05_here(store: Store) -> Store:
    save_signed(store, v05_document())
    return store


def other_exam(tmp_path: Path, name: str, patient: dict[str, Any]) -> Path:
    document = v05_document(**patient)
    document["uid"] = f"another-exam-{name}"
    document["encounter"]["exam_datetime"] = "2024-10-20T09:00:00"
    return write_file(tmp_path / f"{name}.facialis.json", document)


@pytest.mark.parametrize("name", sorted(REFUSED_CASES))
def test_another_person_under_a_known_mrn_is_refused(v05_here: Store, tmp_path: Path, name: str) -> None:
    patient, fields = REFUSED_CASES[name]
    path = other_exam(tmp_path, name, patient)
    before = snapshot(v05_here)
    report = import_exam_files(v05_here, [path])
    (outcome,) = report.outcomes
    assert outcome.outcome == REFUSED, outcome.message
    assert outcome.message.startswith("MRN V05 belongs to Fischer, Anna, born 1992-03-14 here")
    for field in fields:
        assert field in outcome.message
    assert f"{path}: MRN V05 belongs to" in report.text()  # the report names the file
    assert snapshot(v05_here) == before


@pytest.mark.parametrize("name", sorted(SAME_PERSON))
def test_the_same_person_written_differently_joins_the_patient(v05_here: Store, tmp_path: Path, name: str) -> None:
    path = other_exam(tmp_path, name, SAME_PERSON[name])
    (outcome,) = import_exam_files(v05_here, [path]).outcomes
    assert outcome.outcome == IMPORTED and "(new patient)" not in outcome.message, outcome.message
    assert v05_here.count_patients() == 1


def test_names_are_compared_unicode_normalised(store: Store, tmp_path: Path) -> None:
    save_signed(store, v05_document(family_name="Müller", given_names="Zoë"))  # composed
    path = other_exam(tmp_path, "decomposed", {"family_name": "Mu\u0308ller", "given_names": "Zoe\u0308"})
    (outcome,) = import_exam_files(store, [path]).outcomes
    assert outcome.outcome == IMPORTED, outcome.message
    assert normalised(" Mu\u0308LLER\t ") == normalised("müller")
