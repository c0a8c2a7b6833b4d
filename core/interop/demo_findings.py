"""Findings of the clinical vignettes (clinical-reference 11) as the first exam of each demo course.

Copied from the vignette exam files (tests/vignettes, which a test compares with this table) so
that ``facialis demo`` works from an installed package. Each entry is an exam document without
the patient and the dates; the course synthesis adds those and the follow-up visits.
V16a and V16b are not listed: they are later states of a Bell's palsy (complete recovery at three
months; synkinesis nine months after a complete palsy), which the Bell's palsy courses reach by
themselves.
"""
from __future__ import annotations

from typing import Any

VIGNETTE_FINDINGS: dict[str, dict[str, Any]] = {
    "v01": {
        "encounter": {
            "visit": "initial",
            "affected_side": "right",
            "onset_course": "within_72h",
            "episode": "first"
        },
        "history": {
            "otalgia": False,
            "diplopia": False,
            "limb_weakness_or_speech_disturbance": True,
            "hypertension": True
        },
        "face": {
            "right": {
                "rest": {
                    "eye": "normal",
                    "cheek": "normal",
                    "mouth": "normal"
                },
                "voluntary": {
                    "fngs_brow": 1,
                    "fngs_eye": 1,
                    "fngs_nlf": 2,
                    "fngs_oral": 2,
                    "eye_closure": "complete_minimal_effort",
                    "posed_smile": "weak",
                    "spontaneous_smile": "symmetric"
                },
                "sequelae": {
                    "fngs_secondary": 0
                }
            }
        },
        "associated": {
            "corneal_reflex": "normal",
            "abduction": "normal",
            "hearing": "normal",
            "limb_weakness": "same_side_as_face",
            "speech_or_language_deficit": True
        }
    },
    "v02": {
        "encounter": {
            "visit": "initial",
            "affected_side": "left",
            "onset_course": "within_72h",
            "episode": "first"
        },
        "history": {
            "diplopia": True,
            "limb_weakness_or_speech_disturbance": True,
            "hypertension": True
        },
        "face": {
            "left": {
                "rest": {
                    "eye": "wide",
                    "cheek": "absent",
                    "mouth": "corner_drooped",
                    "tone": "absent"
                },
                "voluntary": {
                    "fngs_brow": 6,
                    "fngs_eye": 6,
                    "fngs_nlf": 6,
                    "fngs_oral": 6,
                    "eye_closure": "none"
                },
                "sequelae": {
                    "fngs_secondary": 0
                }
            }
        },
        "associated": {
            "abduction": "abnormal",
            "hearing": "normal",
            "limb_weakness": "opposite_side"
        }
    },
    "v03": {
        "encounter": {
            "visit": "initial",
            "affected_side": "right",
            "onset_course": "progressive",
            "worsening_after_3_weeks": True,
            "episode": "first"
        },
        "history": {
            "otalgia": False,
            "tinnitus": True,
            "hearing_loss": True,
            "vertigo": True,
            "facial_numbness": True,
            "ear_vesicles_or_rash": False
        },
        "face": {
            "right": {
                "rest": {
                    "eye": "normal",
                    "cheek": "normal",
                    "mouth": "normal"
                },
                "voluntary": {
                    "fngs_brow": 3,
                    "fngs_eye": 3,
                    "fngs_nlf": 3,
                    "fngs_oral": 3,
                    "eye_closure": "complete_maximal_effort"
                },
                "sequelae": {
                    "fngs_secondary": 0
                }
            }
        },
        "topognostic": {
            "schirmer_mm": {
                "right": 4.0,
                "left": 15.0
            },
            "stapedial_reflex": {
                "right": "not_assessable"
            },
            "taste": {
                "right": "reduced",
                "left": "normal"
            }
        },
        "associated": {
            "corneal_reflex": "reduced",
            "facial_sensation": "abnormal",
            "abduction": "normal",
            "hearing": "sensorineural_loss",
            "vestibular": "abnormal",
            "limb_weakness": "none",
            "cerebellar_signs": True
        }
    },
    "v04": {
        "encounter": {
            "visit": "initial",
            "affected_side": "left",
            "onset_course": "progressive",
            "worsening_after_3_weeks": True,
            "episode": "first"
        },
        "history": {
            "tinnitus": True,
            "hearing_loss": True,
            "vertigo": False,
            "facial_numbness": False
        },
        "face": {
            "left": {
                "rest": {
                    "eye": "normal",
                    "cheek": "normal",
                    "mouth": "normal"
                },
                "voluntary": {
                    "fngs_brow": 2,
                    "fngs_eye": 2,
                    "fngs_nlf": 2,
                    "fngs_oral": 2,
                    "eye_closure": "complete_minimal_effort"
                },
                "sequelae": {
                    "fngs_secondary": 0
                }
            }
        },
        "topognostic": {
            "schirmer_mm": {
                "right": 20.0,
                "left": 8.0
            }
        },
        "associated": {
            "corneal_reflex": "normal",
            "facial_sensation": "normal",
            "hearing": "sensorineural_loss",
            "vestibular": "normal",
            "limb_weakness": "none",
            "cerebellar_signs": False
        }
    },
    "v05": {
        "encounter": {
            "visit": "initial",
            "affected_side": "left",
            "onset_course": "within_72h",
            "episode": "first"
        },
        "history": {
            "otalgia": True,
            "otalgia_severity": "mild",
            "hyperacusis": True,
            "taste_change": True,
            "tinnitus": False,
            "hearing_loss": False,
            "vertigo": False,
            "facial_numbness": False,
            "diplopia": False,
            "limb_weakness_or_speech_disturbance": False,
            "twitching_before_onset": False,
            "ear_vesicles_or_rash": False,
            "otorrhoea": False,
            "fever": False,
            "head_trauma": False,
            "recent_surgery": False,
            "parotid_swelling": False
        },
        "face": {
            "left": {
                "rest": {
                    "eye": "normal",
                    "cheek": "normal",
                    "mouth": "normal"
                },
                "voluntary": {
                    "fngs_brow": 6,
                    "fngs_eye": 4,
                    "fngs_nlf": 4,
                    "fngs_oral": 4,
                    "eye_closure": "incomplete",
                    "bell_phenomenon": True
                },
                "sequelae": {
                    "fngs_secondary": 0
                }
            }
        },
        "topognostic": {
            "schirmer_mm": {
                "right": 20.0,
                "left": 9.0
            },
            "stapedial_reflex": {
                "right": "present",
                "left": "absent"
            },
            "taste": {
                "right": "normal",
                "left": "reduced"
            }
        },
        "associated": {
            "corneal_reflex": "normal",
            "facial_sensation": "normal",
            "abduction": "normal",
            "hearing": "normal",
            "vestibular": "normal",
            "lower_cranial_nerves": "normal",
            "otoscopy": "normal",
            "parotid": "normal",
            "limb_weakness": "none",
            "cerebellar_signs": False
        }
    },
    "v06": {
        "encounter": {
            "visit": "initial",
            "affected_side": "right",
            "onset_course": "within_72h",
            "episode": "first"
        },
        "history": {
            "otalgia": True,
            "otalgia_severity": "severe",
            "hearing_loss": True,
            "vertigo": True,
            "ear_vesicles_or_rash": True
        },
        "face": {
            "right": {
                "rest": {
                    "eye": "wide",
                    "cheek": "less_pronounced",
                    "mouth": "corner_drooped",
                    "tone": "reduced"
                },
                "voluntary": {
                    "fngs_brow": 6,
                    "fngs_eye": 5,
                    "fngs_nlf": 5,
                    "fngs_oral": 5,
                    "eye_closure": "incomplete"
                },
                "sequelae": {
                    "fngs_secondary": 0
                }
            }
        },
        "associated": {
            "corneal_reflex": "normal",
            "facial_sensation": "normal",
            "hearing": "sensorineural_loss",
            "vestibular": "abnormal",
            "otoscopy": "vesicles"
        }
    },
    "v07": {
        "encounter": {
            "visit": "initial",
            "affected_side": "left",
            "onset_course": "progressive",
            "episode": "first"
        },
        "history": {
            "hearing_loss": True,
            "vertigo": False,
            "otorrhoea": True
        },
        "face": {
            "left": {
                "rest": {
                    "eye": "normal",
                    "cheek": "normal",
                    "mouth": "normal"
                },
                "voluntary": {
                    "fngs_brow": 6,
                    "fngs_eye": 4,
                    "fngs_nlf": 4,
                    "fngs_oral": 4,
                    "eye_closure": "incomplete"
                },
                "sequelae": {
                    "fngs_secondary": 0
                }
            }
        },
        "topognostic": {
            "schirmer_mm": {
                "right": 15.0,
                "left": 15.0
            },
            "stapedial_reflex": {
                "left": "not_assessable"
            },
            "taste": {
                "right": "normal",
                "left": "reduced"
            }
        },
        "associated": {
            "corneal_reflex": "normal",
            "facial_sensation": "normal",
            "hearing": "conductive_loss",
            "vestibular": "normal",
            "otoscopy": "chronic_otitis_or_cholesteatoma"
        }
    },
    "v08": {
        "encounter": {
            "visit": "initial",
            "affected_side": "right",
            "onset_course": "within_72h",
            "episode": "first"
        },
        "history": {
            "otalgia": True,
            "otalgia_severity": "moderate",
            "fever": True
        },
        "face": {
            "right": {
                "rest": {
                    "eye": "normal",
                    "cheek": "normal",
                    "mouth": "normal"
                },
                "voluntary": {
                    "fngs_brow": 3,
                    "fngs_eye": 3,
                    "fngs_nlf": 3,
                    "fngs_oral": 3,
                    "eye_closure": "complete_maximal_effort"
                },
                "sequelae": {
                    "fngs_secondary": 0
                }
            }
        },
        "topognostic": {
            "schirmer_mm": {
                "right": 14.0,
                "left": 14.0
            },
            "taste": {
                "right": "reduced",
                "left": "normal"
            }
        },
        "associated": {
            "otoscopy": "acute_otitis_media"
        }
    },
    "v09": {
        "encounter": {
            "visit": "initial",
            "affected_side": "right",
            "onset_course": "within_72h",
            "episode": "first"
        },
        "history": {
            "recent_surgery": True,
            "recent_surgery_sites": [
                "ear"
            ]
        },
        "face": {
            "right": {
                "rest": {
                    "eye": "wide",
                    "cheek": "absent",
                    "mouth": "corner_drooped",
                    "tone": "absent"
                },
                "voluntary": {
                    "fngs_brow": 6,
                    "fngs_eye": 6,
                    "fngs_nlf": 6,
                    "fngs_oral": 6,
                    "eye_closure": "none"
                },
                "sequelae": {
                    "fngs_secondary": 0
                }
            }
        },
        "topognostic": {
            "schirmer_mm": {
                "right": 16.0,
                "left": 16.0
            },
            "stapedial_reflex": {
                "right": "present",
                "left": "present"
            },
            "taste": {
                "right": "absent",
                "left": "normal"
            }
        }
    },
    "v10": {
        "encounter": {
            "visit": "initial",
            "affected_side": "left",
            "onset_course": "unknown",
            "episode": "first"
        },
        "history": {
            "otalgia": True,
            "otalgia_severity": "severe",
            "otorrhoea": True,
            "diabetes": True
        },
        "face": {
            "left": {
                "rest": {
                    "eye": "normal",
                    "cheek": "normal",
                    "mouth": "normal"
                },
                "voluntary": {
                    "fngs_brow": 6,
                    "fngs_eye": 4,
                    "fngs_nlf": 4,
                    "fngs_oral": 4,
                    "eye_closure": "incomplete"
                },
                "sequelae": {
                    "fngs_secondary": 0
                }
            }
        },
        "topognostic": {
            "schirmer_mm": {
                "right": 15.0,
                "left": 14.0
            },
            "stapedial_reflex": {
                "right": "present",
                "left": "present"
            },
            "taste": {
                "right": "normal",
                "left": "normal"
            }
        },
        "associated": {
            "otoscopy": "canal_granulation"
        }
    },
    "v11": {
        "encounter": {
            "visit": "initial",
            "affected_side": "right",
            "onset_course": "progressive",
            "worsening_after_3_weeks": True,
            "episode": "first"
        },
        "history": {
            "otalgia": True,
            "otalgia_severity": "moderate",
            "parotid_swelling": True
        },
        "face": {
            "right": {
                "rest": {
                    "eye": "normal",
                    "cheek": "normal",
                    "mouth": "normal"
                },
                "voluntary": {
                    "fngs_brow": 3,
                    "fngs_eye": 3,
                    "fngs_nlf": 3,
                    "fngs_oral": 3,
                    "eye_closure": "complete_maximal_effort"
                },
                "sequelae": {
                    "fngs_secondary": 0
                }
            }
        },
        "topognostic": {
            "schirmer_mm": {
                "right": 15.0,
                "left": 15.0
            },
            "stapedial_reflex": {
                "right": "present",
                "left": "present"
            },
            "taste": {
                "right": "normal",
                "left": "normal"
            }
        },
        "associated": {
            "parotid": "mass",
            "neck_nodes": True
        }
    },
    "v12": {
        "encounter": {
            "visit": "initial",
            "affected_side": "left",
            "onset_course": "within_72h",
            "episode": "first"
        },
        "history": {
            "recent_surgery": True,
            "recent_surgery_sites": [
                "neck"
            ]
        },
        "face": {
            "left": {
                "rest": {
                    "eye": "normal",
                    "cheek": "normal",
                    "mouth": "normal"
                },
                "voluntary": {
                    "fngs_brow": 1,
                    "fngs_eye": 1,
                    "fngs_nlf": 1,
                    "fngs_oral": 2,
                    "eye_closure": "complete_minimal_effort",
                    "branches": {
                        "temporal": "normal",
                        "zygomatic": "normal",
                        "buccal": "normal",
                        "marginal_mandibular": "absent"
                    }
                },
                "sequelae": {
                    "fngs_secondary": 0
                }
            }
        }
    },
    "v13": {
        "encounter": {
            "visit": "initial",
            "affected_side": "bilateral",
            "onset_course": "within_72h",
            "episode": "first"
        },
        "history": {
            "fever": False,
            "systemic_symptoms": True,
            "tick_exposure": True
        },
        "face": {
            "right": {
                "rest": {
                    "eye": "normal",
                    "cheek": "normal",
                    "mouth": "normal"
                },
                "voluntary": {
                    "fngs_brow": 3,
                    "fngs_eye": 3,
                    "fngs_nlf": 3,
                    "fngs_oral": 3,
                    "eye_closure": "complete_maximal_effort"
                },
                "sequelae": {
                    "fngs_secondary": 0
                }
            },
            "left": {
                "rest": {
                    "eye": "normal",
                    "cheek": "normal",
                    "mouth": "normal"
                },
                "voluntary": {
                    "fngs_brow": 6,
                    "fngs_eye": 4,
                    "fngs_nlf": 4,
                    "fngs_oral": 4,
                    "eye_closure": "incomplete"
                },
                "sequelae": {
                    "fngs_secondary": 0
                }
            }
        },
        "associated": {
            "limb_weakness": "none"
        }
    },
    "v14": {
        "encounter": {
            "visit": "initial",
            "affected_side": "right",
            "onset_course": "progressive",
            "worsening_after_3_weeks": True,
            "episode": "recurrent_same_side"
        },
        "history": {
            "tinnitus": False,
            "hearing_loss": False,
            "vertigo": False,
            "twitching_before_onset": True
        },
        "face": {
            "right": {
                "rest": {
                    "eye": "normal",
                    "cheek": "normal",
                    "mouth": "normal"
                },
                "voluntary": {
                    "fngs_brow": 6,
                    "fngs_eye": 4,
                    "fngs_nlf": 4,
                    "fngs_oral": 4,
                    "eye_closure": "incomplete"
                },
                "sequelae": {
                    "fngs_secondary": 0
                }
            }
        },
        "topognostic": {
            "schirmer_mm": {
                "right": 6.0,
                "left": 20.0
            },
            "stapedial_reflex": {
                "right": "absent"
            },
            "taste": {
                "right": "reduced",
                "left": "normal"
            }
        },
        "associated": {
            "corneal_reflex": "normal",
            "facial_sensation": "normal",
            "hearing": "normal",
            "vestibular": "normal"
        }
    },
    "v15": {
        "encounter": {
            "visit": "initial",
            "affected_side": "right",
            "onset_course": "within_72h",
            "episode": "first"
        },
        "history": {
            "hearing_loss": True,
            "vertigo": True,
            "head_trauma": True
        },
        "face": {
            "right": {
                "rest": {
                    "eye": "wide",
                    "cheek": "absent",
                    "mouth": "corner_drooped",
                    "tone": "absent"
                },
                "voluntary": {
                    "fngs_brow": 6,
                    "fngs_eye": 6,
                    "fngs_nlf": 6,
                    "fngs_oral": 6,
                    "eye_closure": "none"
                },
                "sequelae": {
                    "fngs_secondary": 0
                }
            }
        },
        "associated": {
            "hearing": "sensorineural_loss",
            "vestibular": "abnormal",
            "otoscopy": "hemotympanum"
        }
    },
}
