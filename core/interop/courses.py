"""Synthetic patient courses: a vignette's first exam, then follow-ups that recover (or worsen).

Used by ``facialis demo`` (a few dozen patients, so a newcomer sees a living clinic) and by the
benchmark generator (100,000 exams). Each course starts from one clinical vignette
(clinical-reference 11), keeps its history and associated findings, and moves each FNGS 2.0
region from the vignette's score towards the scenario's final score along an exponential
recovery curve. The other motor items (eye closure, rest, synkinesis and the Sunnybrook, eFACE
and Yanagihara items) are derived from the regional scores with simple, plausible rules. These
are demonstration data, not a model of prognosis; every grade shown is computed by the scales
from the synthesized items, never written in directly.
"""
from __future__ import annotations

import copy
import functools
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from ..exam import Exam, Grade, Segment
from ..patient import Patient, Sex
from ..vignettes import vignette_findings
from .names import EXAMINERS, POOL_WEIGHTS, POOLS
from .scoring import ExamScores, score_exam, summary_of

REGIONS = ("fngs_brow", "fngs_eye", "fngs_nlf", "fngs_oral")
SB_REGION = {
    "brow_raise": "fngs_brow",
    "gentle_eye_closure": "fngs_eye",
    "open_mouth_smile": "fngs_nlf",
    "snarl": "fngs_nlf",
    "lip_pucker": "fngs_oral",
}
#: Sunnybrook voluntary excursion (1-5) for an FNGS 2.0 regional score (1-6).
SB_EXCURSION = {1: 5, 2: 4, 3: 3, 4: 2, 5: 2, 6: 1}


@dataclass(frozen=True)
class Scenario:
    """How one kind of patient presents (the vignette) and evolves."""

    vignette: str
    weight: float
    diagnosis: str
    level: Segment | None
    final: dict[str, float]  # final regional score per region (or "*" for all), per side
    tau_days: float  # time constant of the change towards the final scores
    follow_up_days: tuple[int, ...]  # after the first visit
    age: tuple[int, int]
    plan: str
    impression: str
    synkinesis: int = 0  # FNGS 2.0 secondary movement reached late in the course
    start: dict[str, int] | None = None  # regional scores replacing the vignette's at the first visit
    treated: bool = False  # steroid started at the first visit (reference 8.1)


def _all(score: float) -> dict[str, float]:
    return {region: score for region in REGIONS}


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("v05", 30, "Bell's palsy", Segment.labyrinthine, _all(1), 18, (14, 35, 70, 100), (18, 80),
             "Prednisolone started within 72 h; eye care with drops and taping at night; review in 2 weeks.",
             "Acute idiopathic peripheral palsy with hyperacusis and taste change.", treated=True),
    Scenario("v05", 10, "Bell's palsy", Segment.labyrinthine, _all(2), 75, (14, 30, 60, 90, 180, 270, 365),
             (20, 75), "Prednisolone started; eye protection; ENoG offered between day 3 and 14.",
             "Complete acute idiopathic peripheral palsy.", synkinesis=2,
             start={"fngs_brow": 6, "fngs_eye": 6, "fngs_nlf": 6, "fngs_oral": 6}, treated=True),
    Scenario("v06", 7, "Ramsay Hunt syndrome", Segment.geniculate, _all(2.4), 70, (7, 21, 45, 90, 180, 270),
             (45, 85), "Prednisolone and valaciclovir; audiology; eye protection.",
             "Herpes zoster oticus with severe palsy, vesicles and vestibular involvement.", synkinesis=2,
             treated=True),
    Scenario("v01", 4, "Acute ischaemic stroke", Segment.supranuclear, {"fngs_nlf": 1.3, "fngs_oral": 1.3}, 30,
             (3, 30, 90), (55, 90), "Stroke pathway: emergency imaging and stroke team.",
             "Central facial weakness sparing the forehead, with arm drift and word-finding difficulty."),
    Scenario("v02", 2, "Pontine infarction", Segment.pons, _all(3.6), 110, (10, 45, 120, 240), (50, 85),
             "Emergency MRI brain; stroke unit.", "Nuclear facial palsy with ipsilateral abduction deficit "
             "and contralateral hemiparesis (Millard-Gubler pattern)."),
    Scenario("v03", 2, "Vestibular schwannoma", Segment.cpa, _all(3.7), 300, (60, 180),
             (40, 75), "MRI brain and internal auditory canals with gadolinium; audiogram; skull base board.",
             "Slowly progressive palsy with hearing loss, trigeminal signs and ataxia."),
    Scenario("v04", 2, "Vestibular schwannoma", Segment.iac, _all(2.3), 400, (180, 365), (30, 70),
             "MRI of the internal auditory canals with gadolinium.", "Mild palsy with unilateral hearing loss."),
    Scenario("v07", 3, "Cholesteatoma", Segment.tympanic, _all(2), 60, (14, 60, 120), (12, 70),
             "Urgent ENT; HRCT temporal bone; surgery.", "Palsy over three weeks with chronic otorrhoea."),
    Scenario("v08", 3, "Acute otitis media with facial palsy", Segment.tympanic, _all(1), 10, (7, 21, 45), (2, 12),
             "ENT review; myringotomy and antibiotics per local pathway.", "Facial palsy with acute otitis media."),
    Scenario("v09", 2, "Iatrogenic surgical injury (ear or mastoid surgery)", Segment.mastoid, _all(3.6), 150, (7, 30, 90, 180, 365),
             (25, 70), "Immediate surgical review; HRCT.", "Complete palsy immediately after mastoidectomy.",
             synkinesis=2),
    Scenario("v10", 2, "Necrotising (malignant) otitis externa", Segment.stylomastoid, _all(3), 90, (21, 60, 120), (62, 90),
             "Urgent ENT; CT and MRI of the skull base; intravenous antibiotics.",
             "Palsy with severe otalgia, otorrhoea and canal granulation in a diabetic patient."),
    Scenario("v11", 2, "Parotid malignancy", Segment.parotid, _all(5), 120, (30, 60), (45, 80),
             "MRI and tissue diagnosis through the head-and-neck team.",
             "Progressive palsy with a firm pre-auricular mass and a level II node."),
    Scenario("v12", 3, "Iatrogenic surgical injury (submandibular surgery)", Segment.branch, {"fngs_oral": 1}, 45,
             (21, 60, 120), (25, 75), "Observation; physiotherapy.",
             "Marginal mandibular branch weakness after submandibular gland excision."),
    Scenario("v13", 3, "Lyme neuroborreliosis", None, _all(1.2), 25, (14, 42, 90), (18, 70),
             "Lyme serology; lumbar puncture; doxycycline.", "Bilateral peripheral palsy after erythema migrans."),
    Scenario("v14", 1, "Facial nerve schwannoma", Segment.geniculate, _all(5), 200, (60, 150),
             (30, 70), "MRI with gadolinium and HRCT temporal bone.",
             "Third ipsilateral episode, with twitching before onset, worsening over five weeks."),
    Scenario("v15", 2, "Transverse temporal bone fracture", Segment.labyrinthine, _all(3), 120, (14, 30, 90, 180, 365),
             (18, 60), "HRCT temporal bone; ENoG between day 3 and 14; decompression if >90% degeneration.",
             "Immediate complete palsy after a transverse temporal bone fracture.", synkinesis=2),
)


@dataclass
class Visit:
    """One synthesized exam with what should happen to it in the store."""

    exam: Exam
    scores: ExamScores
    sign: bool = True
    amend: bool = False  # sign, then correct once (a second version)


@dataclass
class Course:
    patient: Patient
    scenario: Scenario
    visits: list[Visit] = field(default_factory=list)


class CourseMaker:
    """Seeded, so the same seed and day give the same clinic."""

    def __init__(self, seed: int = 1, today: date | None = None, *, scales_per_visit: float = 0.7) -> None:
        self.rng = random.Random(seed)
        self.today = today or date.today()
        self.scales_per_visit = scales_per_visit
        self._weights = [s.weight for s in SCENARIOS]
        self._pools = list(POOL_WEIGHTS)
        self._pool_weights = [POOL_WEIGHTS[p] for p in self._pools]

    # -- people ------------------------------------------------------------------------------

    def patient(self, mrn: str, age_range: tuple[int, int], onset: date) -> Patient:
        rng = self.rng
        pool = POOLS[rng.choices(self._pools, self._pool_weights)[0]]
        sex = rng.choice((Sex.female, Sex.male))
        given = rng.choice(pool.female if sex is Sex.female else pool.male)
        # The first family names of a pool are the common ones (weight 1 / (rank + 3)).
        family = rng.choices(pool.family, _rank_weights(len(pool.family)))[0]
        age = rng.randint(*age_range)
        birth = onset - timedelta(days=age * 365 + rng.randint(0, 364))
        return Patient(mrn=mrn, family_name=family, given_names=given, birth_date=birth, sex=sex)

    # -- courses -----------------------------------------------------------------------------

    def course(self, mrn: str, examiner: str | None = None, scenario: Scenario | None = None) -> Course:
        rng = self.rng
        scenario = scenario or rng.choices(SCENARIOS, self._weights)[0]
        template = vignette_findings(scenario.vignette)
        first_delay = self._first_delay(scenario)
        span = first_delay + (scenario.follow_up_days[-1] if scenario.follow_up_days else 0)
        # The first visit is always in the past; later ones only when their day has come.
        onset = self.today - timedelta(days=int(first_delay) + 1 + rng.randint(2, int(span * 1.3) + 400))
        patient = self.patient(mrn, scenario.age, onset)
        examiner = examiner or rng.choice(EXAMINERS)
        course = Course(patient=patient, scenario=scenario)
        wanted = rng.randint(max(0, len(scenario.follow_up_days) - 3), len(scenario.follow_up_days))
        days = [first_delay] + [first_delay + d for d in scenario.follow_up_days[:wanted]]
        start = self._start_regions(template, scenario)
        previous: Exam | None = None
        for index, day in enumerate(days):
            when = datetime.combine(onset + timedelta(days=int(day)), time(rng.randint(8, 16), rng.choice((0, 15, 30, 45))))
            if when > datetime.now() - timedelta(hours=1):
                break
            first_visit = (onset + timedelta(days=int(first_delay)))
            document = self._document(
                template, scenario, start, patient, onset, first_visit, when, day - first_delay, index, examiner
            )
            exam = Exam.model_validate(document)
            scores = score_exam(exam)
            exam = self._review(exam, scenario, scores, previous, day, index)
            course.visits.append(Visit(exam=exam, scores=scores, amend=rng.random() < 0.03))
            previous = exam
        if course.visits and rng.random() < 0.08:
            course.visits[-1].sign = False  # the latest visit is still being written up
            course.visits[-1].amend = False
        return course

    def courses(self, count: int, mrn_prefix: str = "F", start: int = 1) -> Iterator[Course]:
        for number in range(start, start + count):
            yield self.course(f"{mrn_prefix}{number:07d}")

    # -- internals ---------------------------------------------------------------------------

    def _first_delay(self, scenario: Scenario) -> float:
        """Days from onset to the first visit: the vignette's delay, give or take a third."""
        hours = _VIGNETTE_DELAY_HOURS[scenario.vignette]
        return max(0.0, hours / 24 * self.rng.uniform(0.67, 1.33))

    def _start_regions(self, template: dict[str, Any], scenario: Scenario) -> dict[str, dict[str, int]]:
        regions: dict[str, dict[str, int]] = {}
        for side, findings in template["face"].items():
            voluntary = findings["voluntary"]
            regions[side] = dict(scenario.start) if scenario.start else {r: int(voluntary[r]) for r in REGIONS}
        return regions

    def _document(
        self, template: dict[str, Any], scenario: Scenario, start: dict[str, dict[str, int]], patient: Patient,
        onset: date, first_visit: date, when: datetime, since_first: float, index: int, examiner: str,
    ) -> dict[str, Any]:
        document = copy.deepcopy(template)
        document["patient"] = patient.model_dump(mode="json")
        encounter = document["encounter"]
        encounter.update(
            exam_datetime=when.isoformat(timespec="minutes"),
            examiner=examiner,
            onset_date=onset.isoformat(),
            visit="initial" if index == 0 else "follow_up",
        )
        if scenario.treated and index > 0:
            encounter["treatment"] = {"steroid": True, "steroid_date": min(first_visit, when.date()).isoformat()}
        if index > 0:
            document["carried_over"] = [f"history.{name}" for name in sorted(document.get("history", {}))]
            document.pop("topognostic", None)  # not repeated at follow-up
            document.pop("electro", None)
        if index > 0 or scenario.start:
            for side, findings in document["face"].items():
                regions = self._regions_at(start[side], scenario, side, since_first)
                secondary = self._secondary_at(scenario, since_first)
                document["face"][side] = self._face(findings, regions, secondary, scenario, index)
        elif self.rng.random() < self.scales_per_visit * 0.6:
            for side, findings in document["face"].items():
                regions = {r: int(findings["voluntary"][r]) for r in REGIONS}
                self._add_scales(findings, regions, int(findings["sequelae"].get("fngs_secondary") or 0))
        return document

    def _regions_at(self, start: dict[str, int], scenario: Scenario, side: str, days: float) -> dict[str, int]:
        rng = self.rng
        regions: dict[str, int] = {}
        for region in REGIONS:
            begin = start[region]
            end = scenario.final.get(region, begin)
            tau = scenario.tau_days * (1.3 if region == "fngs_brow" else 1.0)
            value = end + (begin - end) * math.exp(-days / tau) if days > 0 else begin
            value += rng.gauss(0, 0.25) if days > 0 else 0
            low, high = sorted((begin, end))
            regions[region] = int(min(6, max(1, round(min(max(value, low - 0.5), high + 0.5)))))
        return regions

    def _secondary_at(self, scenario: Scenario, days: float) -> int:
        """Synkinesis appears from about three months after a severe palsy."""
        if not scenario.synkinesis:
            return 0
        share = min(1.0, max(0.0, (days - 75) / 150))
        return int(min(scenario.synkinesis, math.floor(scenario.synkinesis * share + self.rng.random() * 0.6)))

    def _face(
        self, findings: dict[str, Any], regions: dict[str, int], secondary: int, scenario: Scenario, index: int
    ) -> dict[str, Any]:
        rng = self.rng
        worst = max(regions.values())
        eye = regions["fngs_eye"]
        closure = (
            "complete_minimal_effort" if eye <= 2 else "complete_maximal_effort" if eye == 3
            else "incomplete" if eye <= 5 else "none"
        )
        voluntary: dict[str, Any] = {**regions, "eye_closure": closure}
        if closure in ("incomplete", "none"):
            voluntary["lagophthalmos_mm"] = round(min(20.0, (eye - 3) * 2.5 + rng.uniform(-1, 1)), 1)
            voluntary["bell_phenomenon"] = True
        old = findings.get("voluntary", {})
        for key in ("posed_smile", "spontaneous_smile"):
            if key in old:
                voluntary[key] = "symmetric" if regions["fngs_oral"] == 1 else old[key]
        if "branches" in old:
            oral = regions["fngs_oral"]
            branches = dict(old["branches"])
            branches["marginal_mandibular"] = "normal" if oral == 1 else "weak" if oral == 2 else "absent"
            voluntary["branches"] = branches
        if worst <= 4:
            rest = {"eye": "normal", "cheek": "normal", "mouth": "normal", "tone": "normal"}
        elif worst == 5:
            rest = {"eye": "wide", "cheek": "less_pronounced", "mouth": "corner_drooped", "tone": "reduced"}
        else:
            rest = {"eye": "wide", "cheek": "absent", "mouth": "corner_drooped", "tone": "absent"}
        if secondary >= 2 and worst <= 3:
            rest.update(eye="narrow", cheek="more_pronounced")  # synkinetic hypertonia
        sequelae: dict[str, Any] = {"fngs_secondary": secondary}
        if index > 0:
            sequelae.update(
                contracture=secondary >= 2 and rng.random() < 0.3,
                hemifacial_spasm=False,
                crocodile_tears=secondary >= 2 and rng.random() < 0.35,
            )
        face: dict[str, Any] = {"rest": rest, "voluntary": voluntary, "sequelae": sequelae}
        if rng.random() < self.scales_per_visit:
            self._add_scales(face, regions, secondary)
        return face

    def _add_scales(self, face: dict[str, Any], regions: dict[str, int], secondary: int) -> None:
        """Sunnybrook always, eFACE and Yanagihara sometimes, consistent with the regional scores."""
        rng = self.rng
        face["sunnybrook"] = {
            "voluntary": {name: SB_EXCURSION[regions[region]] for name, region in SB_REGION.items()},
            "synkinesis": {
                name: max(0, secondary - (0 if name in ("gentle_eye_closure", "open_mouth_smile", "lip_pucker") else 1))
                for name in SB_REGION
            },
        }
        face.setdefault("rest", {})
        for key in ("eye", "cheek", "mouth"):
            face["rest"].setdefault(key, "normal")
        if rng.random() < 0.45:
            def dynamic(region: str) -> float:
                return float(min(100, max(0, round(100 - (regions[region] - 1) * 19 + rng.uniform(-5, 5)))))

            syn = float(max(0, min(100, 100 - secondary * 25 + rng.randint(-5, 5))))
            wide = face["rest"].get("eye") == "wide"
            face["eface"] = {
                "static_brow": float(100 - (regions["fngs_brow"] - 1) * 6),
                "static_palpebral_fissure": float(100 + (regions["fngs_eye"] - 1) * 8 if wide else 100 - secondary * 8),
                "static_nasolabial_fold_depth": float(100 - (regions["fngs_nlf"] - 1) * 12),
                "static_oral_commissure": float(100 - (regions["fngs_oral"] - 1) * 8),
                "dynamic_brow_elevation": dynamic("fngs_brow"),
                "dynamic_gentle_eye_closure": dynamic("fngs_eye"),
                "dynamic_full_eye_closure": dynamic("fngs_eye"),
                "dynamic_oral_commissure_smile": dynamic("fngs_oral"),
                "dynamic_nlf_depth_smile": dynamic("fngs_nlf"),
                "dynamic_nlf_orientation_smile": dynamic("fngs_nlf"),
                "dynamic_lower_lip_eeee": dynamic("fngs_oral"),
                "synkinesis_ocular": syn,
                "synkinesis_midfacial": syn,
                "synkinesis_mentalis": float(max(0, min(100, syn + 10))),
                "synkinesis_platysmal": float(max(0, min(100, syn + 10))),
            }
        if rng.random() < 0.25:
            def item(region: str) -> int:
                return max(0, min(4, 4 - round((regions[region] - 1) * 0.8)))

            at_rest = 4 if max(regions.values()) <= 4 else 2 if max(regions.values()) == 5 else 0
            face["yanagihara"] = {
                "at_rest": at_rest, "wrinkle_forehead": item("fngs_brow"), "blink": item("fngs_eye"),
                "gentle_eye_closure": item("fngs_eye"), "tight_eye_closure": item("fngs_eye"),
                "wink": item("fngs_eye"), "wrinkle_nose": item("fngs_nlf"), "whistle": item("fngs_oral"),
                "grin": item("fngs_oral"), "depress_lower_lip": item("fngs_oral"),
            }

    def _review(
        self, exam: Exam, scenario: Scenario, scores: ExamScores, previous: Exam | None, day: float, index: int
    ) -> Exam:
        rng = self.rng
        final: dict[str, str] = {}
        for side, side_scores in scores.sides.items():
            suggested = side_scores.house_brackmann.suggested
            if suggested is not None:
                final[side] = suggested
        reason = ""
        if final and rng.random() < 0.05:
            side = rng.choice(sorted(final))
            number = Grade(final[side]).number
            changed = Grade.from_number(min(6, number + 1) if number < 3 else number - 1)
            if changed.value != final[side]:
                reason = (f"Graded {changed.value} rather than the suggested {final[side]}: the face at "
                          "spontaneous expression was judged differently from the posed movements.")
                final[side] = changed.value
        grades = ", ".join(f"{side} {grade}" for side, grade in final.items()) or "not graded"
        days_text = f"day {int(day)} after onset"
        if index == 0:
            impression = f"{scenario.impression} House-Brackmann {grades} on {days_text}."
            plan = scenario.plan
        else:
            before = previous.review.final_hb if previous is not None else None
            trend = _trend(before, final)
            impression = f"Follow-up on {days_text}: House-Brackmann {grades} ({trend})."
            secondary = max((exam.findings(s).sequelae.fngs_secondary or 0) for s in exam.graded_sides())
            if secondary:
                impression += f" Synkinesis present (FNGS 2.0 secondary movement {secondary})."
            recovered = final and all(grade == "I" for grade in final.values())
            plan = "Recovered; discharged from follow-up." if recovered else (
                "Facial physiotherapy; review in 6-8 weeks." if secondary else "Review in 4-6 weeks."
            )
        review = {
            "final_hb": final,
            "final_hb_reason": reason,
            "final_level": scenario.level.value if scenario.level else None,
            "diagnosis": scenario.diagnosis,
            "impression": impression,
            "plan": plan,
        }
        document = exam.model_dump(mode="json")
        document["review"] = review
        return Exam.model_validate(document)


def _trend(before: Any, after: dict[str, str]) -> str:
    if before is None:
        return "first follow-up"
    changes = []
    for side, grade in after.items():
        old = getattr(before, side, None)
        if old is None:
            continue
        delta = Grade(grade).number - Grade(old).number
        changes.append("improved" if delta < 0 else "worse" if delta > 0 else "unchanged")
    if not changes:
        return "no earlier grade"
    if all(c == changes[0] for c in changes):
        return changes[0]
    return "mixed"


@functools.cache
def _rank_weights(count: int) -> list[float]:
    return [1 / (rank + 3) for rank in range(1, count + 1)]


#: Onset to first exam in hours, as in each vignette.
_VIGNETTE_DELAY_HOURS: dict[str, float] = {
    "v01": 10, "v02": 8, "v03": 6566, "v04": 2939, "v05": 40, "v06": 58, "v07": 517, "v08": 42,
    "v09": 18, "v10": 106, "v11": 3687, "v12": 515, "v13": 153, "v14": 850, "v15": 24,
}


def summary_and_document(visit: Visit) -> tuple[Any, dict[str, Any]]:
    """The store's summary columns and the JSON document of a synthesized visit."""
    from ..exam import exam_to_document

    return summary_of(visit.exam, visit.scores), exam_to_document(visit.exam)
