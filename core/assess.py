"""One call from an exam to its assessment: grades, lesion level and guidance, each with reasons.

``assess`` is pure and cheap (it runs on every change in the exam wizard). The ``Assessment`` it
returns is a plain pydantic record that serialises to the JSON printed by ``facialis assess --json``
(keys as listed in design.md, "Shared vocabulary") and reads back from it unchanged.

Per-side results: for a unilateral palsy each scale key holds the result of the affected side; for
a bilateral palsy it holds ``{"right": ..., "left": ...}`` (reference 6.4: graded per side).
"""
from __future__ import annotations

from pydantic import Field

from .exam import Exam, FaceSide, Side
from .explain import Record
from .guidance import DISCLAIMER as GUIDANCE_DISCLAIMER
from .guidance import Action, DifferentialItem, EncounterCodes, ImagingSuggestion, RedFlag, guidance

from .localize import Localization, Note, localize
from .scales.eface import EfaceResult, score_eface
from .scales.fngs2 import Fngs2Result, score_fngs2
from .scales.house_brackmann import HouseBrackmannResult, score_house_brackmann
from .scales.sunnybrook import SunnybrookResult, score_sunnybrook
from .scales.yanagihara import YanagiharaResult, score_yanagihara
from .settings import Settings

DISCLAIMER = (
    "Decision support for clinicians: Facialis suggests grades, a lesion level and guideline actions "
    "from what was entered; the clinician confirms every conclusion."
)

class SideScales(Record):
    """Every scale of one half of the face."""

    side: str
    house_brackmann: HouseBrackmannResult
    fngs2: Fngs2Result
    sunnybrook: SunnybrookResult
    eface: EfaceResult
    yanagihara: YanagiharaResult


#: The per-side scale keys of an Assessment (and the fields of SideScales).
SCALE_KEYS = ("house_brackmann", "fngs2", "sunnybrook", "eface", "yanagihara")


class Assessment(Record):
    """The assessment of one exam (design.md, "What the assessment shows")."""

    exam_uid: str
    affected_side: str | None
    graded_sides: list[str]
    age_years: int | None
    days_since_onset: int | None
    house_brackmann: HouseBrackmannResult | dict[str, HouseBrackmannResult] | None
    fngs2: Fngs2Result | dict[str, Fngs2Result] | None
    sunnybrook: SunnybrookResult | dict[str, SunnybrookResult] | None
    eface: EfaceResult | dict[str, EfaceResult] | None
    yanagihara: YanagiharaResult | dict[str, YanagiharaResult] | None
    localization: Localization
    differential: list[DifferentialItem] = Field(default_factory=list, description="most likely first")
    red_flags: list[RedFlag] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    imaging: list[ImagingSuggestion] = Field(default_factory=list)
    codes: EncounterCodes = Field(default_factory=EncounterCodes)
    electrodiagnostics: list[Note] = Field(default_factory=list)
    guideline_applies: bool = False
    palsy_extent: str | None = None
    notes: list[Note] = Field(default_factory=list)
    disclaimer: str = DISCLAIMER

    def per_side(self, scale: str) -> dict[str, object]:
        """``{side: result}`` for a scale key, whichever way it is stored."""
        value = getattr(self, scale)
        if value is None:
            return {}
        if isinstance(value, dict):
            return dict(value)
        return {self.graded_sides[0]: value}

    def hb_by_side(self) -> dict[str, HouseBrackmannResult]:
        return self.per_side("house_brackmann")  # type: ignore[return-value]

    def side_scales(self) -> dict[str, SideScales]:
        """Every scale result of each graded half, ``{side: SideScales}``."""
        columns = {name: self.per_side(name) for name in SCALE_KEYS}
        return {
            side: SideScales(side=side, **{name: columns[name][side] for name in SCALE_KEYS})
            for side in self.graded_sides
            if all(side in columns[name] for name in SCALE_KEYS)
        }


def _score_side(exam: Exam, side: FaceSide, settings: Settings, pattern: str | None, bilateral: bool) -> SideScales:
    findings = exam.findings(side)
    name = side.value
    return SideScales(
        side=name,
        house_brackmann=score_house_brackmann(findings, side=name, pattern=pattern, bilateral=bilateral),
        fngs2=score_fngs2(findings, name),
        sunnybrook=score_sunnybrook(findings, name, bilateral=bilateral),
        eface=score_eface(findings, name, bilateral=bilateral),
        yanagihara=score_yanagihara(findings, name, variant=settings.yanagihara_variant),
    )


def _collapse(per_side: dict[str, SideScales], scale: str, bilateral: bool) -> object:
    if not per_side:
        return None
    if bilateral:
        return {side: getattr(scales, scale) for side, scales in per_side.items()}
    return getattr(next(iter(per_side.values())), scale)


def _side_pattern(localization: Localization, side: FaceSide) -> str | None:
    """The motor pattern of one half: in a bilateral palsy each side has its own (a central right side
    beside a peripheral left one); the HB caveats of 1.5 follow that side's pattern, not the combined one."""
    own = localization.sides.get(side.value)
    return own.pattern if own is not None else localization.pattern


def assess(exam: Exam, settings: Settings | None = None) -> Assessment:
    """Assess an exam. Never raises on a valid Exam; missing items give incomplete results, not errors."""
    settings = settings or Settings()
    localization = localize(exam, settings)
    bilateral = exam.encounter.affected_side is Side.bilateral
    sides = exam.graded_sides()
    per_side = {
        side.value: _score_side(exam, side, settings, _side_pattern(localization, side), bilateral) for side in sides
    }
    hb_grades = {side: scales.house_brackmann.suggested for side, scales in per_side.items()}
    advice = guidance(exam, localization, hb_grades=hb_grades)
    return Assessment(
        exam_uid=exam.uid,
        affected_side=exam.encounter.affected_side.value if exam.encounter.affected_side else None,
        graded_sides=[side.value for side in sides],
        age_years=exam.age_years,
        days_since_onset=exam.days_since_onset,
        house_brackmann=_collapse(per_side, "house_brackmann", bilateral),
        fngs2=_collapse(per_side, "fngs2", bilateral),
        sunnybrook=_collapse(per_side, "sunnybrook", bilateral),
        eface=_collapse(per_side, "eface", bilateral),
        yanagihara=_collapse(per_side, "yanagihara", bilateral),
        localization=localization,
        differential=advice.differential,
        red_flags=advice.red_flags,
        actions=advice.actions,
        imaging=advice.imaging,
        codes=advice.codes,
        electrodiagnostics=advice.electrodiagnostics,
        guideline_applies=advice.guideline_applies,
        palsy_extent=advice.palsy_extent,
        notes=[note for note in advice.notes if note != GUIDANCE_DISCLAIMER],
    )
