"""A follow-up exam starts from the patient's last exam for the facts that do not change.

What is carried over (design.md, "What the guided exam asks", page 1 and 2): the affected side,
the onset date and course, the episode, the treatment already started, and the history. Every
carried item is listed in ``Exam.carried_over`` so the wizard marks it and the clinician confirms
or corrects it. Findings (pages 3-9) and the review always start empty: a follow-up is examined
afresh. "Still worsening after 3 weeks" is asked again, because it is a finding about the course
since the last visit, not a fixed fact.

A recurrence is a new episode: when the clinician changes the carried episode to a recurrence, the
onset, its course and the treatment carried over belong to the earlier episode (and, for the other
side, so does the side). Left in place they would date the new palsy from the old onset and hide its
treatment window, so ``earlier_episode_paths`` names them for the wizard to clear.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from .exam import Episode, Exam, Visit
from .patient import Patient

#: Encounter items copied from the previous exam (dotted paths below ``encounter``).
CARRIED_ENCOUNTER: tuple[str, ...] = (
    "affected_side",
    "onset_date",
    "onset_course",
    "episode",
    "treatment.steroid",
    "treatment.steroid_date",
    "treatment.antiviral",
    "treatment.antiviral_date",
)


#: Carried facts of one episode: a new episode (a recurrence) has its own.
EPISODE_FACTS: tuple[str, ...] = tuple(
    f"encounter.{name}" for name in CARRIED_ENCOUNTER if name not in ("affected_side", "episode")
)


def earlier_episode_paths(exam: Exam) -> list[str]:
    """The carried paths that describe the earlier episode once ``exam`` is marked a recurrence.

    Only items still carried count: what the clinician already entered for this visit stays. The
    side belongs to the earlier episode only when the recurrence is on the other side.
    """
    episode = exam.encounter.episode
    if episode not in (Episode.recurrent_same_side, Episode.recurrent_other_side):
        return []
    bound = EPISODE_FACTS + (("encounter.affected_side",) if episode is Episode.recurrent_other_side else ())
    return [path for path in exam.carried_over if path in bound]


def _get(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def _has_value(value: Any) -> bool:
    """Not assessed (None), an empty list and an empty text carry nothing over."""
    return value not in (None, "", [])


def carried_paths(previous: Exam) -> dict[str, Any]:
    """The dotted exam paths and values a follow-up takes from ``previous`` (only items with a value)."""
    values: dict[str, Any] = {}
    for name in CARRIED_ENCOUNTER:
        value = _get(previous.encounter, name)
        if _has_value(value):
            values[f"encounter.{name}"] = value
    for name in type(previous.history).model_fields:
        value = getattr(previous.history, name)
        if _has_value(value):
            values[f"history.{name}"] = value
    return values


def start_follow_up(
    previous: Exam,
    *,
    patient: Patient | None = None,
    exam_datetime: datetime | None = None,
    examiner: str = "",
) -> Exam:
    """A new exam for the next visit: unchanging facts from ``previous``, findings empty.

    ``patient`` is the current patient record (names may have been corrected since); by default
    the previous exam's. The new exam gets a new ``uid`` and ``visit = follow_up``; it raises the
    model's ValidationError if the carried facts contradict the new date (e.g. a backdated exam
    before the onset).
    """
    document: dict[str, Any] = {
        "patient": (patient or previous.patient).model_dump(mode="json"),
        "encounter": {"examiner": examiner, "visit": Visit.follow_up.value},
        "history": {},
    }
    if exam_datetime is not None:
        document["encounter"]["exam_datetime"] = exam_datetime.isoformat()
    carried = carried_paths(previous)
    for path, value in carried.items():
        section, *rest = path.split(".")
        target = document[section]
        for part in rest[:-1]:
            target = target.setdefault(part, {})
        target[rest[-1]] = value
    document["carried_over"] = sorted(carried)
    return Exam.model_validate(document)
