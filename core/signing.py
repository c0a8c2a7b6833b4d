"""What must be true before an exam can be signed, as messages tied to the field at fault.

Signing makes an exam immutable (design.md, "Records"), so everything a signed record needs is
checked here, in one place the GUI and any other caller share. Each blocker names the dotted exam
path of the field to fix (the wizard jumps there) and says, in plain words, what to do.

Rules:
- the affected side, the exam date and the examiner are known;
- the onset is not after the exam date (also refused by the model; checked again so a caller that
  built the exam differently still gets a clear message);
- the clinician has chosen a final House-Brackmann grade for every graded side (the suggestion is
  only a suggestion, reference 1.5 and design.md);
- a final grade that differs from the suggested one carries a short reason;
- no final grade is recorded for a side that is not graded (left over after the side changed).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .exam import Exam, FaceSide, Side

if TYPE_CHECKING:
    from .assess import Assessment


@dataclass(frozen=True)
class Blocker:
    """One reason the exam cannot be signed yet: the field to fix and what to do."""

    field_path: str
    message: str


def _side_words(side: str, bilateral: bool) -> str:
    return f" for the {side} side" if bilateral else ""


def sign_blockers(exam: Exam, assessment: "Assessment") -> list[Blocker]:
    """Every reason ``exam`` cannot be signed, in the order of the wizard's pages; empty when it can."""
    blockers: list[Blocker] = []
    encounter = exam.encounter
    if encounter.affected_side is None:
        blockers.append(Blocker("encounter.affected_side", "Choose the affected side: right, left or bilateral."))
    if encounter.exam_datetime is None:  # pragma: no cover - the model always fills it
        blockers.append(Blocker("encounter.exam_datetime", "Enter the date and time of the exam."))
    if not encounter.examiner.strip():
        blockers.append(Blocker("encounter.examiner", "Enter the examiner's name: a signed exam names who examined."))
    if encounter.onset_date is not None and encounter.onset_date > exam.exam_date:
        blockers.append(
            Blocker(
                "encounter.onset_date",
                f"The onset ({encounter.onset_date.isoformat()}) is after the exam date "
                f"({exam.exam_date.isoformat()}): correct one of the two.",
            )
        )

    graded = [side.value for side in exam.graded_sides()] if encounter.affected_side is not None else []
    bilateral = encounter.affected_side is Side.bilateral
    suggestions = {side: result.suggested for side, result in assessment.hb_by_side().items()}
    final = exam.review.final_hb
    differing: list[str] = []
    for side in graded:
        chosen = final.of(FaceSide(side))
        if chosen is None:
            suggested = suggestions.get(side)
            hint = f" (suggested: {suggested})" if suggested else ""
            blockers.append(
                Blocker(
                    f"review.final_hb.{side}",
                    f"Choose the final House-Brackmann grade{_side_words(side, bilateral)}{hint}.",
                )
            )
            continue
        suggested = suggestions.get(side)
        if suggested is not None and chosen.value != suggested:
            differing.append(f"{side} {chosen.value} instead of {suggested}" if bilateral else
                             f"{chosen.value} instead of the suggested {suggested}")
    if differing and not exam.review.final_hb_reason.strip():
        blockers.append(
            Blocker(
                "review.final_hb_reason",
                f"The final grade differs from the suggestion ({'; '.join(differing)}): give a short reason.",
            )
        )
    if encounter.affected_side is not None:
        for side in (FaceSide.right, FaceSide.left):
            if side.value not in graded and final.of(side) is not None:
                blockers.append(
                    Blocker(
                        f"review.final_hb.{side.value}",
                        f"A final grade is recorded for the {side.value} side, which is not the affected side: "
                        "clear it.",
                    )
                )
    return blockers
