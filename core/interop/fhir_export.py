"""FHIR R4B export: a Bundle with the Patient, an Encounter per exam, an Observation per grade and
score, and a Condition with its ICD-10-CM and SNOMED CT codes and laterality.

Codes (clinical-reference 9): diagnosis codes come from the assessment's guidance (only codes the
reference verifies: ICD-10-CM 9.1, SNOMED CT 9.2) and are given only when the diagnosis in the
record is the one they belong to; laterality uses the SNOMED CT qualifier values of 9.3 in the
laterality-qualifier extension on ``Condition.bodySite`` and ``Observation.bodySite``. No LOINC
code exists for House-Brackmann, FNGS 2.0, Sunnybrook, eFACE or Yanagihara (9.4), so the
Observations use Facialis' own code system (``SCORES_SYSTEM``).

Every resource is built through the fhir.resources R4B models, so each one is validated as it is
made; the bundle is written entry by entry, so exporting a whole clinic needs little memory.
"""
from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from ..atomic import atomic_writer
from ..exam import Exam, exam_from_document
from ..store import ExamRecord, PatientRecord, Store
from .identity import with_patient
from .scoring import ExamScores, SideScores, score_exam

SCORES_SYSTEM = "https://facialis.example/fhir/CodeSystem/scores"
HB_GRADE_SYSTEM = "https://facialis.example/fhir/CodeSystem/house-brackmann-grade"
MRN_SYSTEM = "https://facialis.example/fhir/sid/mrn"
EXAM_UID_SYSTEM = "https://facialis.example/fhir/sid/exam-uid"
SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
UCUM = "http://unitsofmeasure.org"
#: Laterality qualifier extension (as in HL7 mCODE), valued with the SNOMED CT qualifiers of 9.3.
LATERALITY_EXTENSION = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier"
LATERALITY_ATTRIBUTE = ("272741003", "Laterality")
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"

#: Namespace of the stable resource ids (the same exam always gets the same ids).
_NAMESPACE = uuid.UUID("6f1c9a52-3c1e-4f0b-9a51-2f3d7e8b4c10")

#: The project's score codes: code -> display.
SCORE_CODES: dict[str, str] = {
    "hb-final": "House-Brackmann grade, clinician's final grade",
    "hb-suggested": "House-Brackmann grade suggested by Facialis",
    "fngs2-total": "Facial Nerve Grading System 2.0 total",
    "fngs2-grade": "Facial Nerve Grading System 2.0 grade",
    "sunnybrook-composite": "Sunnybrook Facial Grading System composite score",
    "sunnybrook-resting": "Sunnybrook resting symmetry score",
    "sunnybrook-voluntary": "Sunnybrook voluntary movement score",
    "sunnybrook-synkinesis": "Sunnybrook synkinesis score",
    "eface-total": "eFACE total score",
    "eface-static": "eFACE static subscore",
    "eface-dynamic": "eFACE dynamic subscore",
    "eface-synkinesis": "eFACE synkinesis subscore",
    "yanagihara-total": "Yanagihara facial nerve grading score",
}

_GENDER = {"female": "female", "male": "male", "other": "other", "unknown": "unknown"}


def _urn(kind: str, key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{kind}/{key}')}"


def _id(urn: str) -> str:
    return urn.rsplit(":", 1)[-1]


def _when(moment: datetime) -> str:
    """FHIR dateTime with a time zone (required once hours are given): the exam's local time."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="seconds")


def _laterality(side: str | None) -> dict[str, Any] | None:
    """The laterality qualifier extension for a side (SNOMED CT values of 9.3, from ``guidance``)."""
    from ..exam import Side
    from ..guidance import LATERALITY

    if side not in {s.value for s in Side}:
        return None
    code = LATERALITY[Side(side)]
    coding = {"system": SNOMED, "code": code.code, "display": code.display}
    return {"url": LATERALITY_EXTENSION, "valueCodeableConcept": {"coding": [coding]}}


def _body_site(text: str, side: str | None) -> dict[str, Any]:
    site: dict[str, Any] = {"text": text}
    extension = _laterality(side)
    if extension is not None:
        site["extension"] = [extension]
    return site


def _score_code(code: str) -> dict[str, Any]:
    return {"coding": [{"system": SCORES_SYSTEM, "code": code, "display": SCORE_CODES[code]}], "text": SCORE_CODES[code]}


def _quantity(value: float) -> dict[str, Any]:
    number: float | int = int(value) if float(value).is_integer() else round(float(value), 2)
    return {"value": number, "unit": "score", "system": UCUM, "code": "{score}"}


def _validated(resource: dict[str, Any]) -> dict[str, Any]:
    """Build the resource with its R4B model (raises on anything invalid) and return its JSON form."""
    from fhir.resources.R4B import get_fhir_model_class

    model = get_fhir_model_class(resource["resourceType"])
    built = model.model_validate(resource)
    return json.loads(built.model_dump_json(exclude_none=True))


def patient_resource(record: PatientRecord) -> dict[str, Any]:
    patient = record.patient
    name: dict[str, Any] = {"family": patient.family_name, "text": patient.display_name}
    if patient.given_names:
        name["given"] = patient.given_names.split()
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": _id(_urn("patient", patient.mrn.casefold())),
        "identifier": [{"use": "usual", "system": MRN_SYSTEM, "value": patient.mrn}],
        "name": [name],
        "gender": _GENDER.get(patient.sex.value, "unknown"),
    }
    if patient.birth_date:
        resource["birthDate"] = patient.birth_date.isoformat()
    return _validated(resource)


def _observation(
    key: str, code: str, exam: Exam, record: ExamRecord, refs: dict[str, str], side: str | None, value: dict[str, Any],
    components: list[dict[str, Any]] | None = None, method: str | None = None,
) -> dict[str, Any]:
    status = "preliminary" if record.status == "draft" else ("amended" if record.version_no > 1 else "final")
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": _id(_urn("observation", f"{exam.uid}/{record.version_no}/{key}")),
        "status": status,
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "exam", "display": "Exam"}]}],
        "code": _score_code(code),
        "subject": {"reference": refs["patient"]},
        "encounter": {"reference": refs["encounter"]},
        "effectiveDateTime": _when(exam.encounter.exam_datetime),
        **value,
    }
    if side is not None:
        resource["bodySite"] = _body_site(f"Face, {side} side", side)
    if exam.encounter.examiner:
        resource["performer"] = [{"display": exam.encounter.examiner}]
    if components:
        resource["component"] = components
    if method:
        resource["method"] = {"text": method}
    return _validated(resource)


def _grade_value(grade: str) -> dict[str, Any]:
    from ..scales import HB_GRADES

    label = HB_GRADES[grade].label if grade in HB_GRADES else grade
    coding = {"system": HB_GRADE_SYSTEM, "code": grade, "display": label}
    return {"valueCodeableConcept": {"coding": [coding], "text": f"{grade} ({label})"}}


def _component(code: str, value: float | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"code": _score_code(code), "valueQuantity": _quantity(value)}


def observations(exam: Exam, record: ExamRecord, scores: ExamScores, refs: dict[str, str]) -> list[dict[str, Any]]:
    """One Observation per grade and score of each graded side (a score only when complete)."""
    out: list[dict[str, Any]] = []
    for side, result in scores.sides.items():
        out.extend(_side_observations(exam, record, side, result, refs))
    return out


def _side_observations(exam: Exam, record: ExamRecord, side: str, s: SideScores, refs: dict[str, str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def add(key: str, code: str, value: dict[str, Any], components: list[dict[str, Any] | None] | None = None,
            method: str | None = None) -> None:
        kept = [c for c in (components or []) if c is not None]
        out.append(_observation(f"{side}/{key}", code, exam, record, refs, side, value, kept, method))

    final = exam.review.final_hb.right if side == "right" else exam.review.final_hb.left
    if final is not None:
        add("hb-final", "hb-final", _grade_value(final.value), method="Clinician's grade (House & Brackmann 1985)")
    if s.house_brackmann.suggested:
        add("hb-suggested", "hb-suggested", _grade_value(s.house_brackmann.suggested), method=s.house_brackmann.rule)
    if s.fngs2.total is not None:
        add("fngs2-total", "fngs2-total", {"valueQuantity": _quantity(s.fngs2.total)}, method=s.fngs2.rule)
    if s.fngs2.grade is not None:
        add("fngs2-grade", "fngs2-grade", _grade_value(s.fngs2.grade), method=s.fngs2.rule)
    sb = s.sunnybrook
    if sb.composite is not None:
        add("sunnybrook", "sunnybrook-composite", {"valueQuantity": _quantity(sb.composite)}, [
            _component("sunnybrook-resting", sb.resting),
            _component("sunnybrook-voluntary", sb.voluntary),
            _component("sunnybrook-synkinesis", sb.synkinesis),
        ], method=sb.rule)
    ef = s.eface
    if ef.total is not None:
        add("eface", "eface-total", {"valueQuantity": _quantity(ef.total)}, [
            _component("eface-static", ef.static),
            _component("eface-dynamic", ef.dynamic),
            _component("eface-synkinesis", ef.synkinesis),
        ], method=ef.rule)
    if s.yanagihara.total is not None:
        add("yanagihara", "yanagihara-total", {"valueQuantity": _quantity(s.yanagihara.total)}, method=s.yanagihara.rule)
    return out


def _normal(text: str) -> str:
    return text.split("(")[0].strip().casefold()


def _entity_codes(written: str) -> list[Any] | None:
    """Codes of the entity (of reference 7) whose name the written diagnosis gives, if any."""
    from ..guidance import CODES, ENTITIES

    wanted = _normal(written)
    entities = ENTITIES.values() if isinstance(ENTITIES, dict) else ENTITIES
    for entity in entities:
        name = _normal(entity.name)
        if name == wanted or name.startswith(wanted):
            return [CODES[key] for key in entity.codes if key in CODES]
    return None


def diagnosis_codes(exam: Exam, scores: ExamScores) -> tuple[list[dict[str, Any]], str]:
    """Codings for the recorded diagnosis, and a note on where they come from.

    The assessment's codes belong to its leading diagnosis (with the general SNOMED CT concept
    where none is verified for it, 9.2); they are used when the record's diagnosis is that one,
    or none was written. Another entity named by the clinician brings its own codes. A diagnosis
    Facialis does not know is sent as text only: no code is guessed.
    """
    assessment = scores.assessment
    written = exam.review.diagnosis.strip()
    differential = assessment.differential
    top = differential[0] if differential else None
    if top is not None and (not written or _normal(top.name) == _normal(written) or _normal(top.name).startswith(_normal(written))):
        codes = [*assessment.codes.icd10cm, *assessment.codes.snomed]
    elif written:
        found = _entity_codes(written)
        if found is None:
            return [], "no code: the diagnosis is not one of the entities Facialis codes (clinical-reference 7, 9)"
        codes = found
    else:
        return [], "no code: no diagnosis recorded"
    codings = [
        {"system": ICD10CM if c.system == "ICD-10-CM" else SNOMED, "code": c.code, "display": c.display}
        for c in codes if c.complete
    ]
    skipped = [c.code for c in codes if not c.complete]
    note = "codes as verified in clinical-reference 9"
    if skipped:
        note += f"; category {', '.join(skipped)} left out (needs its final character)"
    if not codings:
        note = "no code verified in clinical-reference 9 for this diagnosis"
    return codings, note


def condition_resource(exam: Exam, record: ExamRecord, scores: ExamScores, refs: dict[str, str]) -> dict[str, Any]:
    summary_diagnosis = record.summary.diagnosis or exam.review.diagnosis
    codings, note = diagnosis_codes(exam, scores)
    side = exam.encounter.affected_side.value if exam.encounter.affected_side else None
    confirmed = record.status != "draft" and bool(exam.review.diagnosis.strip())
    code: dict[str, Any] = {"text": summary_diagnosis or "Facial palsy"}
    if codings:
        code["coding"] = codings
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "id": _id(_urn("condition", f"{exam.uid}/{record.version_no}")),
        "clinicalStatus": {"coding": [{"system": CONDITION_CLINICAL, "code": "active"}]},
        "verificationStatus": {"coding": [{"system": CONDITION_VERIFICATION, "code": "confirmed" if confirmed else "provisional"}]},
        "category": [{"coding": [{"system": CONDITION_CATEGORY, "code": "encounter-diagnosis", "display": "Encounter Diagnosis"}]}],
        "code": code,
        "bodySite": [_body_site("Facial nerve" + (f", {side}" if side else ""), side)],
        "subject": {"reference": refs["patient"]},
        "encounter": {"reference": refs["encounter"]},
        "recordedDate": _when(exam.encounter.exam_datetime),
        "note": [{"text": note}],
    }
    if exam.encounter.onset_date:
        resource["onsetDateTime"] = exam.encounter.onset_date.isoformat()
    return _validated(resource)


def encounter_resource(exam: Exam, record: ExamRecord, refs: dict[str, str]) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Encounter",
        "id": _id(refs["encounter"]),
        "identifier": [{"system": EXAM_UID_SYSTEM, "value": exam.uid}],
        "status": "in-progress" if record.status == "draft" else "finished",
        "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
        "type": [{"text": "Facial nerve examination" + (" (follow-up)" if exam.encounter.visit and exam.encounter.visit.value == "follow_up" else "")}],
        "subject": {"reference": refs["patient"]},
        "period": {"start": _when(exam.encounter.exam_datetime)},
    }
    if exam.encounter.examiner:
        resource["participant"] = [{"individual": {"display": exam.encounter.examiner}}]
    return _validated(resource)


def exam_resources(record: ExamRecord, patient_urn: str, scores: ExamScores | None = None, exam: Exam | None = None) -> list[dict[str, Any]]:
    """Encounter, Condition and Observations of one stored exam."""
    exam = exam or exam_from_document(record.document, f"exam {record.id}")
    scores = scores or score_exam(exam)
    refs = {"patient": patient_urn, "encounter": _urn("encounter", f"{exam.uid}/{record.version_no}")}
    return [
        encounter_resource(exam, record, refs),
        condition_resource(exam, record, scores, refs),
        *observations(exam, record, scores, refs),
    ]


def bundle_entries(store: Store, exam_ids: Iterable[int]) -> Iterator[dict[str, Any]]:
    """Bundle entries (fullUrl + resource): each patient once, before their first exam."""
    seen: set[int] = set()
    for exam_id in exam_ids:
        record = store.get_exam(exam_id)
        patient = store.get_patient(record.patient_id)
        patient_urn = _urn("patient", patient.patient.mrn.casefold())
        if patient.id not in seen:
            seen.add(patient.id)
            yield {"fullUrl": patient_urn, "resource": patient_resource(patient)}
        # The record's identity in the exam too, so the age-dependent assessment matches the CSV.
        exam = with_patient(
            exam_from_document(record.document, f"exam {record.id}"),
            patient.patient,
            f"exam {record.id} with the patient record of MRN {patient.patient.mrn}",
        )
        for resource in exam_resources(record, patient_urn, exam=exam):
            yield {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def write_bundle(entries: Iterable[dict[str, Any]], out: TextIO, *, stamp: datetime | None = None) -> int:
    """Write a ``collection`` Bundle, one entry at a time; returns the number of entries."""
    stamp = stamp or datetime.now().astimezone()
    head = {"resourceType": "Bundle", "id": str(uuid.uuid4()), "type": "collection", "timestamp": stamp.isoformat(timespec="seconds")}
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "entry": [\n')
    count = 0
    for entry in entries:
        out.write((",\n" if count else "") + json.dumps(entry, ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


def export_fhir(store: Store, exam_ids: Iterable[int], path: str | os.PathLike[str]) -> int:
    """Write the bundle to ``path`` (through a temporary file); returns the number of entries."""
    with atomic_writer(path, "w", encoding="utf-8") as out:
        count = write_bundle(bundle_entries(store, exam_ids), out)
    return count
