"""Grading scales: one module per scale, each a pure function from exam items to a result."""
from .eface import EfaceResult, score_eface
from .fngs2 import Fngs2Result, grade_for_total, region_anchor, score_fngs2, secondary_anchor
from .house_brackmann import HB_GRADES, HbGrade, HouseBrackmannResult, score_house_brackmann
from .sunnybrook import SunnybrookResult, score_sunnybrook
from .yanagihara import YanagiharaResult, score_yanagihara

__all__ = [
    "EfaceResult",
    "Fngs2Result",
    "HB_GRADES",
    "HbGrade",
    "HouseBrackmannResult",
    "SunnybrookResult",
    "YanagiharaResult",
    "grade_for_total",
    "region_anchor",
    "score_eface",
    "score_fngs2",
    "score_house_brackmann",
    "score_sunnybrook",
    "score_yanagihara",
    "secondary_anchor",
]
