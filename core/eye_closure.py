"""Which recorded items tell whether the eye closes: one table, read by guidance and by the HB suggestion.

Why one table: eye protection (8.1 statement 7) and the House-Brackmann III/IV anchor (1.2, "the key
clinical boundary is eye closure") ask the same question of the same items. Read from two tables,
a scale page alone could make guidance say "the eye does not close, protect it" while HB still
suggested grade III.

Why three states and not a yes/no: HB III is "complete closure, but only with effort" (1.2). An item
that tests gentle closure (Sunnybrook, eFACE and Yanagihara gentle eye closure; lagophthalmos, which
the form measures on gentle closure) can show that the eye does not close *without* effort, which
fits grade III as well as IV; only an item tested with effort (eye closure, FNGS 2.0 eye, eFACE full
and Yanagihara tight eye closure) can show that the eye does not close at all. Each value therefore
says which of the three states it allows, and a value that allows all three tells nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from .exam.enums import EyeClosure, StrEnum
from .explain import cite


class Closure(StrEnum):
    """How the eye closes, in the words of the HB eye column (1.2)."""

    gently = "gently"
    """Complete closure with little or no effort (HB I-II: "complete closure with minimum effort")."""
    with_effort = "with_effort"
    """Complete closure, but only with effort (HB III)."""
    not_at_all = "not_at_all"
    """The eye does not close, even with effort (HB IV-VI: "incomplete closure")."""


States = frozenset[Closure]

ANY: Final[States] = frozenset(Closure)
CLOSES: Final[States] = frozenset({Closure.gently, Closure.with_effort})
OPEN: Final[States] = frozenset({Closure.not_at_all})
EFFORT_ONLY: Final[States] = frozenset({Closure.with_effort})
#: A gentle-closure item: the eye closes gently, or it does not (then effort is untested).
GENTLE_CLOSED: Final[States] = frozenset({Closure.gently})
GENTLE_OPEN: Final[States] = frozenset({Closure.with_effort, Closure.not_at_all})

STATE_TEXT: Final[dict[States, str]] = {
    GENTLE_CLOSED: "the eye closes with little or no effort",
    EFFORT_ONLY: "the eye closes only with effort",
    CLOSES: "the eye closes",
    OPEN: "the eye does not close",
    GENTLE_OPEN: "the eye does not close gently (closure with effort not tested)",
}


@dataclass(frozen=True)
class ClosureReading:
    """One recorded item that can tell whether the eye closes.

    ``states`` gives, for an entered value, the closure states it allows (:data:`ANY` when it tells
    nothing, e.g. Sunnybrook 3-4 "mild excursion", "almost complete"); ``text`` describes the value
    for reasons and conflicts.
    """

    name: str
    path: tuple[str, ...]
    label: str
    states: Callable[[Any], States]
    section: str
    note: str = ""
    unit: str = ""
    text: Callable[[Any], str] | None = None

    @property
    def source(self) -> str:
        return cite(self.section, self.note)

    def value(self, findings: Any) -> Any:
        """The entered value of this item in one half's ``FaceFindings`` (None: not assessed)."""
        value = findings
        for part in self.path:
            value = getattr(value, part)
        return value

    def describe(self, value: Any) -> str:
        """``FNGS 2.0 eye 4: the eye cannot close completely``, for reasons and conflicts."""
        if self.text is not None:
            return self.text(value)
        return f"{self.entered(value)}: {STATE_TEXT.get(self.states(value), 'tells nothing about closure')}"

    def entered(self, value: Any) -> str:
        """``Sunnybrook gentle eye closure 2``: the item and what was entered."""
        shown = f"{value:g}" if isinstance(value, float) else str(getattr(value, "value", value))
        return f"{self.label} {shown}" + (f" {self.unit}" if self.unit else "")


def _gentle(impaired: Callable[[Any], bool], complete: Callable[[Any], bool]) -> Callable[[Any], States]:
    """A gentle-closure item: not closing gently leaves closure with effort open (HB III, 1.2)."""
    return lambda v: GENTLE_OPEN if impaired(v) else GENTLE_CLOSED if complete(v) else ANY


def _effort(impaired: Callable[[Any], bool], complete: Callable[[Any], bool]) -> Callable[[Any], States]:
    """A closure-with-effort item: not closing is HB "incomplete closure"; closing says nothing of effort."""
    return lambda v: OPEN if impaired(v) else CLOSES if complete(v) else ANY


#: The eye-closure item by its value: the 1985 eye column (1.2).
EYE_CLOSURE_STATES: Final[dict[EyeClosure, States]] = {
    EyeClosure.complete_minimal_effort: GENTLE_CLOSED,
    EyeClosure.complete_maximal_effort: EFFORT_ONLY,
    EyeClosure.incomplete: OPEN,
    EyeClosure.none: OPEN,
}
EYE_CLOSURE_TEXT: Final[dict[EyeClosure, str]] = {
    EyeClosure.complete_minimal_effort: "complete with minimal effort",
    EyeClosure.complete_maximal_effort: "complete only with maximal effort",
    EyeClosure.incomplete: "incomplete",
    EyeClosure.none: "none",
}
#: The FNGS 2.0 eye score by its value: 2 "complete closure with mild effort", 3 "complete closure
#: with maximal effort", 4 "cannot close completely", 5 trace, 6 none (1.6.1).
FNGS_EYE_STATES: Final[dict[int, States]] = {
    1: GENTLE_CLOSED, 2: GENTLE_CLOSED, 3: EFFORT_ONLY, 4: OPEN, 5: OPEN, 6: OPEN,
}
FNGS_EYE_TEXT: Final[dict[int, str]] = {
    1: "normal closure", 2: "complete closure with mild effort", 3: "complete closure with maximal effort",
    4: "the eye cannot close completely", 5: "trace movement, the eye cannot close",
    6: "no movement, the eye cannot close",
}

#: Every item that tells whether the eye closes, in the order the HB suggestion follows when they
#: disagree: the HB eye-closure item itself (1.2), the FNGS 2.0 eye score (1.6.1), the items tested
#: with effort, then the gentle-closure items. Guidance reads them all: any one showing the eye does
#: not close on its own test calls for eye protection (8.1 statement 7).
EYE_CLOSURE_READINGS: Final[tuple[ClosureReading, ...]] = (
    ClosureReading("eye_closure", ("voluntary", "eye_closure"), "Eye closure",
                   lambda v: EYE_CLOSURE_STATES[v], "1.2",
                   text=lambda v: f"eye closure {EYE_CLOSURE_TEXT[v]}"),
    ClosureReading("fngs_eye", ("voluntary", "fngs_eye"), "FNGS 2.0 eye score",
                   lambda v: FNGS_EYE_STATES[v], "1.6.1", "4 cannot close completely",
                   text=lambda v: f"FNGS 2.0 eye {v}: {FNGS_EYE_TEXT[v]}"),
    # eFACE eye closure "0 = incomplete, 100 = complete" (3.2).
    ClosureReading("eface_dynamic_full_eye_closure", ("eface", "dynamic_full_eye_closure"),
                   "eFACE full eye closure", _effort(lambda v: v == 0, lambda v: v == 100), "3.2"),
    # Yanagihara 0 = total paralysis of the item, 4 = normal (4).
    ClosureReading("yanagihara_tight_eye_closure", ("yanagihara", "tight_eye_closure"),
                   "Yanagihara tight eye closure", _effort(lambda v: v == 0, lambda v: v == 4), "4"),
    # The form measures lagophthalmos as the gap between the lids on gentle closure (6.1).
    ClosureReading("lagophthalmos_mm", ("voluntary", "lagophthalmos_mm"), "Lagophthalmos",
                   _gentle(lambda v: v > 0, lambda v: v == 0), "6.1", "measured on gentle closure", unit="mm"),
    # Sunnybrook gentle eye closure 1 "cannot start movement", 2 "starts slight movement": the eye does
    # not close; 5 "movement complete" (2.2) [CONVENTION for 1-2].
    ClosureReading("sunnybrook_voluntary_gentle_eye_closure", ("sunnybrook", "voluntary", "gentle_eye_closure"),
                   "Sunnybrook gentle eye closure", _gentle(lambda v: v <= 2, lambda v: v == 5), "2.2",
                   "1-2 does not close [CONVENTION]"),
    ClosureReading("eface_dynamic_gentle_eye_closure", ("eface", "dynamic_gentle_eye_closure"),
                   "eFACE gentle eye closure", _gentle(lambda v: v == 0, lambda v: v == 100), "3.2"),
    ClosureReading("yanagihara_gentle_eye_closure", ("yanagihara", "gentle_eye_closure"),
                   "Yanagihara gentle eye closure", _gentle(lambda v: v == 0, lambda v: v == 4), "4"),
)


@dataclass(frozen=True)
class ClosureFinding:
    """One item that was entered and tells something about closure."""

    reading: ClosureReading
    value: Any
    states: States

    @property
    def text(self) -> str:
        return self.reading.describe(self.value)


def closure_findings(findings: Any) -> list[ClosureFinding]:
    """The entered items of one half that tell something about closure, in table order."""
    found: list[ClosureFinding] = []
    for reading in EYE_CLOSURE_READINGS:
        value = reading.value(findings)
        if value is None:
            continue
        states = reading.states(value)
        if states != ANY:
            found.append(ClosureFinding(reading, value, states))
    return found


def does_not_close(states: States) -> bool:
    """The item's own test shows the eye not closing (gentle items: not gently; others: not at all).

    "Closes only with effort" is not counted: guidance asks for eye protection when closure is
    impaired on the item's test (8.1 statement 7), and HB III closure is complete (1.2).
    """
    return Closure.gently not in states and Closure.not_at_all in states


def closes(states: States) -> bool:
    """The item shows the eye closing completely (with whatever effort)."""
    return bool(states) and Closure.not_at_all not in states
