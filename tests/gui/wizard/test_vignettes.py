"""Vignettes of reference section 11 entered through the wizard give the assessment of their exam files."""
from __future__ import annotations


import pytest
from pytestqt.qtbot import QtBot

from facialis.core.assess import assess
from facialis.core.exam import Exam, load_exam
from facialis.core.store import Store
from facialis.core.vignettes import VIGNETTE_DIR

from ..conftest import add_patient
from .conftest import open_wizard
from .driver import Driver

VIGNETTES = VIGNETTE_DIR

CASES = {
    "v01": "central (supranuclear)",
    "v03": "cerebellopontine angle",
    "v05": "labyrinthine, Bell's palsy",
    "v12": "peripheral branch",
    "v13": "bilateral",
    "v16b": "synkinesis rule",
}


def comparable(exam: Exam) -> dict:
    """The exam without what the wizard does not type (identity, review)."""
    return exam.model_dump(mode="json", exclude={"uid", "review", "carried_over"})


@pytest.mark.parametrize("name", list(CASES), ids=[f"{k}-{v}" for k, v in CASES.items()])
def test_vignette_entered_in_the_wizard_gives_the_same_assessment(
    name: str, qtbot: QtBot, window, store: Store, driver: Driver
) -> None:
    vignette = load_exam(VIGNETTES / f"{name}.facialis.json")
    patient = vignette.patient
    record = add_patient(store, patient.mrn, patient.family_name, patient.given_names, patient.birth_date, patient.sex)
    wizard = open_wizard(qtbot, window, record.id)

    driver.enter_exam(wizard, vignette)
    wizard.refresh_now()

    entered = wizard.binding.exam
    assert comparable(entered) == comparable(vignette)
    expected = assess(vignette).model_dump(exclude={"exam_uid"})
    assert wizard.assessment.model_dump(exclude={"exam_uid"}) == expected
    # what the panel shows is that assessment
    for side, result in wizard.assessment.hb_by_side().items():
        if result.suggested:
            assert result.suggested in wizard.panel.text("hb")
