"""FHIR R4B bundle: every resource validates, references resolve, only verified codes are sent."""
from __future__ import annotations

import io
import json
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from facialis.core.guidance import CODES
from facialis.core.interop.fhir_export import (
    ICD10CM,
    LATERALITY_EXTENSION,
    SCORE_CODES,
    SCORES_SYSTEM,
    SNOMED,
    bundle_entries,
    export_fhir,
    write_bundle,
)
from facialis.core.store import Store

from .conftest import current_ids

VERIFIED_SNOMED = {"193093009", "422426003"}  # clinical-reference 9.2
LATERALITY = {"24028007", "7771000", "51440002"}  # 9.3
VERIFIED_ICD = {code.code for code in CODES.values() if code.system == "ICD-10-CM" and code.complete}


def bundle_json(store: Store) -> dict[str, Any]:
    buffer = io.StringIO()
    write_bundle(bundle_entries(store, current_ids(store)), buffer)
    return json.loads(buffer.getvalue())


def codings(node: Any) -> list[dict[str, Any]]:
    """Every Coding anywhere inside a JSON node."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if "system" in node and "code" in node:
            found.append(node)
        for value in node.values():
            found.extend(codings(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(codings(value))
    return found


@pytest.fixture(params=["vignettes", "demo"])
def bundle(request: pytest.FixtureRequest) -> tuple[Store, dict[str, Any]]:
    store = request.getfixturevalue("vignette_store" if request.param == "vignettes" else "demo_store")
    return store, bundle_json(store)


def test_the_bundle_and_every_resource_validate(bundle: tuple[Store, dict[str, Any]]) -> None:
    _store, data = bundle
    Bundle.model_validate(data)
    assert data["type"] == "collection"
    for entry in data["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"


def test_resources_per_exam_and_patient(bundle: tuple[Store, dict[str, Any]]) -> None:
    store, data = bundle
    kinds = Counter(entry["resource"]["resourceType"] for entry in data["entry"])
    exams = len(current_ids(store))
    patients = store.db.conn.execute(
        "SELECT count(DISTINCT patient_id) FROM exams WHERE status <> 'superseded'"
    ).fetchone()[0]
    assert kinds["Patient"] == patients
    assert kinds["Encounter"] == kinds["Condition"] == exams
    assert kinds["Observation"] >= exams  # at least the suggested grade of each graded exam
    assert set(kinds) == {"Patient", "Encounter", "Condition", "Observation"}


def test_references_resolve_inside_the_bundle(bundle: tuple[Store, dict[str, Any]]) -> None:
    _store, data = bundle
    urls = {entry["fullUrl"] for entry in data["entry"]}

    def references(node: Any) -> list[str]:
        if isinstance(node, dict):
            own = [node["reference"]] if isinstance(node.get("reference"), str) else []
            return own + [r for value in node.values() for r in references(value)]
        if isinstance(node, list):
            return [r for value in node for r in references(value)]
        return []

    refs = references(data["entry"])
    assert refs and set(refs) <= urls


def test_only_verified_codes_are_sent(bundle: tuple[Store, dict[str, Any]]) -> None:
    _store, data = bundle
    assert "loinc" not in json.dumps(data).lower()  # no LOINC term exists for these scales (9.4)
    for coding in codings(data["entry"]):
        if coding["system"] == ICD10CM:
            assert coding["code"] in VERIFIED_ICD, coding
        elif coding["system"] == SNOMED:
            assert coding["code"] in VERIFIED_SNOMED | LATERALITY, coding
        elif coding["system"] == SCORES_SYSTEM:
            assert coding["code"] in SCORE_CODES


def test_conditions_carry_codes_and_laterality(vignette_store: Store) -> None:
    data = bundle_json(vignette_store)
    conditions = {
        entry["resource"]["subject"]["reference"]: entry["resource"]
        for entry in data["entry"] if entry["resource"]["resourceType"] == "Condition"
    }
    patients = {
        entry["fullUrl"]: entry["resource"]["identifier"][0]["value"]
        for entry in data["entry"] if entry["resource"]["resourceType"] == "Patient"
    }
    by_mrn = {patients[ref]: condition for ref, condition in conditions.items() if ref in patients}

    def laterality(condition: dict[str, Any]) -> str:
        (site,) = condition["bodySite"]
        (extension,) = site["extension"]
        assert extension["url"] == LATERALITY_EXTENSION
        return extension["valueCodeableConcept"]["coding"][0]["code"]

    bell = by_mrn["V05"]
    assert {(c["system"], c["code"]) for c in bell["code"]["coding"]} == {(ICD10CM, "G51.0"), (SNOMED, "193093009")}
    assert laterality(bell) == "7771000"  # left
    assert laterality(by_mrn["V13"]) == "51440002"  # bilateral
    lyme = {(c["system"], c["code"]) for c in by_mrn["V13"]["code"]["coding"]}
    assert (ICD10CM, "A69.22") in lyme
    assert laterality(by_mrn["V06"]) == "24028007"  # right
    assert by_mrn["V05"]["verificationStatus"]["coding"][0]["code"] == "provisional"  # an unsigned vignette


def test_observations_per_side_with_times_and_values(vignette_store: Store) -> None:
    data = bundle_json(vignette_store)
    observations = [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "Observation"]
    for observation in observations:
        assert datetime.fromisoformat(observation["effectiveDateTime"].replace("Z", "+00:00")).tzinfo is not None
        assert "valueCodeableConcept" in observation or "valueQuantity" in observation
        assert observation["bodySite"]["extension"][0]["url"] == LATERALITY_EXTENSION
    suggested = [o for o in observations if o["code"]["coding"][0]["code"] == "hb-suggested"]
    grades = Counter(o["valueCodeableConcept"]["coding"][0]["code"] for o in suggested)
    assert grades["VI"] >= 3 and grades["I"] >= 1  # V2, V9, V15 ... and V16a


def test_ids_are_stable_across_exports(demo_store: Store, tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    export_fhir(demo_store, current_ids(demo_store), first)
    export_fhir(demo_store, current_ids(demo_store), second)
    urls = [[e["fullUrl"] for e in json.loads(p.read_text())["entry"]] for p in (first, second)]
    assert urls[0] == urls[1] and len(set(urls[0])) == len(urls[0])
    assert not list(tmp_path.glob(".*partial"))
