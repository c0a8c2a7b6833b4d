"""Hypothesis strategies for ``FaceFindings``: every field over its valid range, None included."""
from __future__ import annotations

from hypothesis import strategies as st

from facialis.core.exam.enums import (
    BranchFunction,
    EyeClosure,
    RestingCheek,
    RestingEye,
    RestingMouth,
    SmileSymmetry,
    Tone,
)
from facialis.core.exam.models import FaceFindings

EXPRESSIONS = ("brow_raise", "gentle_eye_closure", "open_mouth_smile", "snarl", "lip_pucker")
BRANCHES = ("temporal", "zygomatic", "buccal", "marginal_mandibular", "cervical")
EFACE_STATIC = ("static_brow", "static_palpebral_fissure", "static_nasolabial_fold_depth", "static_oral_commissure")
EFACE_PERCENT = (
    "dynamic_brow_elevation",
    "dynamic_gentle_eye_closure",
    "dynamic_full_eye_closure",
    "dynamic_oral_commissure_smile",
    "dynamic_nlf_depth_smile",
    "dynamic_nlf_orientation_smile",
    "dynamic_lower_lip_eeee",
    "synkinesis_ocular",
    "synkinesis_midfacial",
    "synkinesis_mentalis",
    "synkinesis_platysmal",
)
YANAGIHARA = (
    "at_rest",
    "wrinkle_forehead",
    "blink",
    "gentle_eye_closure",
    "tight_eye_closure",
    "wink",
    "wrinkle_nose",
    "whistle",
    "grin",
    "depress_lower_lip",
)


def _maybe(strategy: st.SearchStrategy, optional: bool) -> st.SearchStrategy:
    return st.none() | strategy if optional else strategy


def _fields(names: tuple[str, ...], strategy: st.SearchStrategy, optional: bool) -> st.SearchStrategy:
    return st.fixed_dictionaries({name: _maybe(strategy, optional) for name in names})


def face_findings(optional: bool = True) -> st.SearchStrategy[FaceFindings]:
    """Any valid ``FaceFindings``; with ``optional=False`` every scored item is entered."""
    percent = st.floats(min_value=0, max_value=100, allow_nan=False)
    static = st.floats(min_value=0, max_value=200, allow_nan=False)
    document = st.fixed_dictionaries(
        {
            "rest": st.fixed_dictionaries(
                {
                    "eye": _maybe(st.sampled_from(RestingEye), optional),
                    "cheek": _maybe(st.sampled_from(RestingCheek), optional),
                    "mouth": _maybe(st.sampled_from(RestingMouth), optional),
                    "tone": _maybe(st.sampled_from(Tone), optional),
                }
            ),
            "voluntary": st.fixed_dictionaries(
                {
                    "fngs_brow": _maybe(st.integers(1, 6), optional),
                    "fngs_eye": _maybe(st.integers(1, 6), optional),
                    "fngs_nlf": _maybe(st.integers(1, 6), optional),
                    "fngs_oral": _maybe(st.integers(1, 6), optional),
                    "eye_closure": _maybe(st.sampled_from(EyeClosure), optional),
                    "lagophthalmos_mm": st.none() | st.floats(min_value=0, max_value=20, allow_nan=False),
                    "bell_phenomenon": st.none() | st.booleans(),
                    "posed_smile": st.none() | st.sampled_from(SmileSymmetry),
                    "spontaneous_smile": st.none() | st.sampled_from(SmileSymmetry),
                    "branches": _fields(BRANCHES, st.sampled_from(BranchFunction), True),
                }
            ),
            "sequelae": st.fixed_dictionaries(
                {
                    "fngs_secondary": _maybe(st.integers(0, 3), optional),
                    "contracture": st.none() | st.booleans(),
                    "hemifacial_spasm": st.none() | st.booleans(),
                    "crocodile_tears": st.none() | st.booleans(),
                }
            ),
            "sunnybrook": st.fixed_dictionaries(
                {
                    "voluntary": _fields(EXPRESSIONS, st.integers(1, 5), optional),
                    "synkinesis": _fields(EXPRESSIONS, st.integers(0, 3), optional),
                }
            ),
            "eface": st.fixed_dictionaries(
                {
                    **{name: _maybe(static, optional) for name in EFACE_STATIC},
                    **{name: _maybe(percent, optional) for name in EFACE_PERCENT},
                }
            ),
            "yanagihara": _fields(YANAGIHARA, st.integers(0, 4), optional),
        }
    )
    return document.map(FaceFindings.model_validate)
