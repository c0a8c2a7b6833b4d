"""Every page of the guided exam, in order: the one list (design.md, content outline 1-10).

Each item names its exam path; its type and range come from the exam model. ``normal`` is what
"Mark the rest of this page normal" fills in. Optional scale pages are flagged ``optional``: they
are one click away in the page list but Next/Previous pass over them.
"""
from __future__ import annotations

from facialis.core.exam.enums import (
    BlinkReflex,
    BranchFunction,
    Episode,
    EyeClosure,
    Hearing,
    LimbWeakness,
    NormalAbnormal,
    OnsetCourse,
    Otoscopy,
    Parotid,
    ReflexState,
    RestingCheek,
    RestingEye,
    RestingMouth,
    Side,
    Severity,
    SmileSymmetry,
    StapedialReflex,
    Taste,
    Tone,
    Visit,
)
from facialis.core.scales import eface, sunnybrook, yanagihara
from facialis.core.settings import Settings

from .labels import (
    PRESENT_ABSENT,
    SUNNYBROOK_SOURCE,
    SUNNYBROOK_SYNKINESIS,
    SUNNYBROOK_SYNKINESIS_SHORT,
    SUNNYBROOK_VOLUNTARY,
    SUNNYBROOK_VOLUNTARY_SHORT,
    YES_NO,
    enum_options,
    fngs_region_options,
    fngs_secondary_options,
    scored_options,
    sunnybrook_resting_anchors,
    yanagihara_options,
)
from .spec import Item, Page, Section

F = "face.{side}"
NORMAL = "normal"


def _finding(path: str, label: str, help: str = "", normal: bool | None = False) -> Item:
    """A symptom or sign: Yes / No (None = not asked); "normal" is No."""
    return Item(path, label, "choice", YES_NO, normal=normal, help=help)


def _choice(path: str, label: str, enum, normal=None, help: str = "", anchors=None, source: str = "") -> Item:
    return Item(path, label, "choice", enum_options(enum, anchors, source), normal=normal, help=help)


def encounter_page() -> Page:
    return Page(
        "encounter", "1", "Encounter",
        (
            Section("Exam", (
                Item("encounter.exam_datetime", "Exam date and time", "datetime",
                     help="Date and time of this exam; age and the time since onset count from it."),
                Item("encounter.examiner", "Examiner", "text", placeholder="Name of the examining clinician"),
                _choice("encounter.visit", "Visit", Visit),
            )),
            Section("Palsy", (
                Item("encounter.affected_side", "Affected side", "choice", enum_options(Side),
                     help="Motor findings are recorded for this side; for bilateral palsy, for each side "
                          "(clinical-reference 6.4)."),
                Item("encounter.onset_date", "Onset date", "date",
                     help="Date the weakness began. Type a date, or -N for N days before the exam "
                          "(e.g. -1 for the day before). Time windows count from it (reference 8.1)."),
                _choice("encounter.onset_course", "Onset course", OnsetCourse,
                        help="Bell's palsy reaches its maximum within 72 h; a course over weeks to months, or "
                             "worsening beyond 3 weeks (next item), is the red flag (reference 7, 8.2)."),
                _finding("encounter.worsening_after_3_weeks", "Still worsening after 3 weeks", normal=None,
                         help="Progression beyond 3 weeks is a red flag (reference 8.2)."),
                _choice("encounter.episode", "Episode", Episode,
                        help="Recurrence on the same side is a red flag (reference 8.2)."),
            )),
            Section("Treatment already started", (
                _finding("encounter.treatment.steroid", "Steroid started", normal=None),
                Item("encounter.treatment.steroid_date", "Steroid start date", "date",
                     depends_on="encounter.treatment.steroid"),
                _finding("encounter.treatment.antiviral", "Antiviral started", normal=None),
                Item("encounter.treatment.antiviral_date", "Antiviral start date", "date",
                     depends_on="encounter.treatment.antiviral"),
            ), columns=2),
        ),
    )


def history_page() -> Page:
    h = "history."
    return Page(
        "history", "2", "History",
        (
            Section("Ear, taste, eye and hearing", (
                _finding(h + "otalgia", "Otalgia or retro-auricular pain"),
                Item(h + "otalgia_severity", "Pain severity", "choice", enum_options(Severity),
                     depends_on=h + "otalgia"),
                _finding(h + "hyperacusis", "Hyperacusis"),
                _finding(h + "taste_change", "Taste change"),
                _finding(h + "dry_eye_or_tearing_change", "Dry eye or tearing change"),
                _finding(h + "tinnitus", "Tinnitus"),
                _finding(h + "hearing_loss", "Hearing loss"),
                _finding(h + "vertigo", "Vertigo"),
                _finding(h + "ear_vesicles_or_rash", "Vesicles or rash at the ear",
                         help="Suggests Ramsay Hunt syndrome (reference 7)."),
                _finding(h + "otorrhoea", "Otorrhoea"),
            ), columns=2),
            Section("Neurological", (
                _finding(h + "facial_numbness", "Facial numbness"),
                _finding(h + "diplopia", "Diplopia"),
                _finding(h + "limb_weakness_or_speech_disturbance", "Limb weakness or speech disturbance"),
                _finding(h + "twitching_before_onset", "Twitching before onset",
                         help="Facial twitching before the palsy is a red flag for a tumour (reference 8.2)."),
            ), columns=2),
            Section("General and exposures", (
                _finding(h + "fever", "Fever"),
                _finding(h + "systemic_symptoms", "Systemic symptoms",
                         help="Rash elsewhere, arthralgia, lymphadenopathy or weight loss (reference 8.2)."),
                _finding(h + "tick_exposure", "Tick bite, erythema migrans or endemic area",
                         help="Lyme neuroborreliosis (reference 7)."),
                _finding(h + "head_trauma", "Head trauma"),
                _finding(h + "recent_surgery", "Recent surgery"),
                Item(h + "recent_surgery_sites", "Surgery sites", "multi", depends_on=h + "recent_surgery"),
                _finding(h + "parotid_swelling", "Parotid swelling or mass"),
                _finding(h + "skin_cancer_history", "Skin cancer history"),
            ), columns=2),
            Section("Background", (
                _finding(h + "diabetes", "Diabetes"),
                _finding(h + "hypertension", "Hypertension"),
                _finding(h + "pregnancy", "Pregnancy"),
                _finding(h + "immunosuppression", "Immunosuppression"),
            ), columns=2),
        ),
        mark_normal=True,
        intro="Age comes from the date of birth and the exam date.",
    )


def rest_page() -> Page:
    return Page(
        "rest", "3", "At rest",
        (
            Section("Resting symmetry (Sunnybrook resting items)", (
                _choice(F + ".rest.eye", "Eye (palpebral fissure)", RestingEye, NORMAL,
                        anchors=sunnybrook_resting_anchors("eye"), source=sunnybrook.SOURCE),
                _choice(F + ".rest.cheek", "Cheek (nasolabial fold)", RestingCheek, NORMAL,
                        anchors=sunnybrook_resting_anchors("cheek"), source=sunnybrook.SOURCE),
                _choice(F + ".rest.mouth", "Mouth", RestingMouth, NORMAL,
                        anchors=sunnybrook_resting_anchors("mouth"), source=sunnybrook.SOURCE),
                _choice(F + ".rest.tone", "Tone", Tone, NORMAL,
                        help="Loss of tone: short-form tables of House-Brackmann grade VI (reference 1.2)."),
            ), sides="face"),
        ),
        mark_normal=True, needs_side=True,
        intro="Compare the affected side with the other side, face relaxed (reference 2.1).",
    )


def voluntary_page() -> Page:
    regions = (("brow", "Brow"), ("eye", "Eye"), ("nlf", "Nasolabial fold"), ("oral", "Oral"))
    branches = ("temporal", "zygomatic", "buccal", "marginal_mandibular", "cervical")
    return Page(
        "voluntary", "4", "Voluntary movement",
        (
            Section("FNGS 2.0 regional scores", tuple(
                Item(f"{F}.voluntary.fngs_{key}", label, "choice", fngs_region_options(key), style="list",
                     normal=1, help="FNGS 2.0 regional score, 1 normal to 6 no movement (reference 1.6.1).")
                for key, label in regions
            ), sides="face", columns=2, row_major=True),
            Section("Eye", (
                _choice(F + ".voluntary.eye_closure", "Eye closure", EyeClosure, "complete_minimal_effort",
                        help="The House-Brackmann III/IV boundary: complete closure III or better, incomplete IV "
                             "or worse (reference 1.2)."),
                Item(F + ".voluntary.lagophthalmos_mm", "Lagophthalmos", "number", unit="mm",
                     help="Gap between the lids on gentle closure."),
                Item(F + ".voluntary.bell_phenomenon", "Bell phenomenon", "choice", PRESENT_ABSENT),
            ), sides="face"),
            Section("Smile (central versus peripheral pattern)", (
                _choice(F + ".voluntary.posed_smile", "Posed smile", SmileSymmetry, "symmetric",
                        help="Weak posed smile with a symmetric spontaneous smile suggests a central lesion "
                             "(reference 6.2)."),
                _choice(F + ".voluntary.spontaneous_smile", "Spontaneous smile", SmileSymmetry, "symmetric"),
            ), sides="face"),
            Section("Branch territories that move (for branch-only lesions)", tuple(
                _choice(f"{F}.voluntary.branches.{name}", name.replace("_", " ").capitalize(), BranchFunction,
                        NORMAL, help="Reference 5.2.")
                for name in branches
            ), sides="face"),
        ),
        mark_normal=True, needs_side=True,
        intro="Brow raise, gentle and tight eye closure, smile, snarl, pucker.",
    )


def sequelae_page() -> Page:
    return Page(
        "sequelae", "5", "Synkinesis and sequelae",
        (
            Section("Sequelae", (
                Item(F + ".sequelae.fngs_secondary", "FNGS 2.0 secondary movement", "choice",
                     fngs_secondary_options(), style="list", normal=0,
                     help="Added to the FNGS 2.0 regional sum; obvious synkinesis means House-Brackmann III or "
                          "worse (reference 1.6.1, 1.2)."),
                _finding(F + ".sequelae.contracture", "Contracture"),
                _finding(F + ".sequelae.hemifacial_spasm", "Hemifacial spasm"),
                _finding(F + ".sequelae.crocodile_tears", "Crocodile tears (tearing when eating)"),
            ), sides="face"),
        ),
        mark_normal=True, needs_side=True,
    )


def sunnybrook_page() -> Page:
    voluntary = scored_options(SUNNYBROOK_VOLUNTARY, SUNNYBROOK_SOURCE, SUNNYBROOK_VOLUNTARY_SHORT)
    synkinesis = scored_options(SUNNYBROOK_SYNKINESIS, SUNNYBROOK_SOURCE, SUNNYBROOK_SYNKINESIS_SHORT)
    return Page(
        "sunnybrook", "6a", "Sunnybrook",
        (
            Section("Voluntary movement (1 cannot start to 5 complete)", tuple(
                Item(f"{F}.sunnybrook.voluntary.{key}", label, "choice", voluntary, normal=5)
                for key, label in sunnybrook.EXPRESSIONS.items()
            ), sides="face"),
            Section("Synkinesis (0 none to 3 severe)", tuple(
                Item(f"{F}.sunnybrook.synkinesis.{key}", label, "choice", synkinesis, normal=0)
                for key, label in sunnybrook.EXPRESSIONS.items()
            ), sides="face"),
        ),
        optional=True, mark_normal=True, needs_side=True,
        intro="The resting items are on page 3. Scored only when complete (reference 2).",
    )


def eface_page() -> Page:
    items = []
    for name, (domain, label) in eface.ITEMS.items():
        items.append(Item(f"{F}.eface.{name}", label, "number", hint=eface.item_hint(name), normal=eface.STATIC_BALANCE
                          if domain == "static" else 100))
    by_domain = {domain: tuple(i for i, (d, _) in zip(items, eface.ITEMS.values()) if d == domain)
                 for domain in eface.DOMAINS}
    return Page(
        "eface", "6b", "eFACE",
        (
            Section("Static (at rest)", by_domain["static"], sides="face"),
            Section("Dynamic", by_domain["dynamic"], sides="face"),
            Section("Synkinesis (100 = none)", by_domain["synkinesis"], sides="face"),
        ),
        optional=True, mark_normal=True, needs_side=True,
        intro="15 items; scored only when complete (reference 3).",
    )


def yanagihara_page(settings: Settings) -> Page:
    options = yanagihara_options(settings.yanagihara_variant)
    return Page(
        "yanagihara", "6c", "Yanagihara",
        (
            Section("Items (4 normal to 0 total paralysis)", tuple(
                Item(f"{F}.yanagihara.{key}", label, "choice", options, normal=4)
                for key, label in yanagihara.ITEMS.items()
            ), sides="face"),
        ),
        optional=True, mark_normal=True, needs_side=True,
        intro="Ten items, total 0-40 (reference 4); the scoring variant (five or three levels) is a setting.",
    )


def topognostic_page() -> Page:
    t = "topognostic."
    return Page(
        "topognostic", "7", "Topognostic tests",
        (
            Section("Tests of each side", (
                Item(t + "schirmer_mm.{side}", "Schirmer at 5 min", "number", unit="mm",
                     help="Filter-paper strips in both lower fornices, wetting after 5 minutes; unreliable in "
                          "suprageniculate lesions (reference 5.3, 5.5)."),
                _choice(t + "stapedial_reflex.{side}", "Stapedial reflex (probe this ear)", StapedialReflex,
                        "present", help="Not interpretable with middle-ear disease or severe hearing loss on the "
                                        "probe side (reference 5.3)."),
                _choice(t + "taste.{side}", "Taste, anterior tongue", Taste, NORMAL, help="Reference 5.3."),
                Item(t + "electrogustometry_ua.{side}", "Electrogustometry threshold (optional)", "number",
                     unit="\u00b5A", help="Above about 100 \u00b5A the trigeminal nerve may respond (reference 5.3)."),
                Item(t + "submandibular_flow_ml_min.{side}", "Submandibular flow (optional)", "number",
                     unit="ml/min", help="Stimulated flow; a reduction of 25% or more is abnormal (reference 5.3)."),
            ), sides="both"),
        ),
        mark_normal=True,
        intro="Leave a test empty when it was not done: unknown tests widen the level range (reference 5.4).",
    )


def associated_page() -> Page:
    a = "associated."
    return Page(
        "associated", "8", "Associated findings",
        (
            Section("Cranial nerves (side of the palsy)", (
                _choice(a + "corneal_reflex", "Corneal reflex (V)", ReflexState, NORMAL),
                _choice(a + "facial_sensation", "Facial sensation (V)", NormalAbnormal, NORMAL),
                _choice(a + "abduction", "Abduction (VI)", NormalAbnormal, NORMAL),
                _finding(a + "horizontal_gaze_palsy", "Horizontal gaze palsy"),
                _choice(a + "hearing", "Hearing (VIII)", Hearing, NORMAL),
                _choice(a + "vestibular", "Vestibular (VIII)", NormalAbnormal, NORMAL,
                        help="Vertigo, nystagmus, imbalance."),
                _choice(a + "lower_cranial_nerves", "Lower cranial nerves (IX-XII)", NormalAbnormal, NORMAL),
            )),
            Section("Ear, parotid and neck", (
                _choice(a + "otoscopy", "Otoscopy", Otoscopy, NORMAL),
                Item(a + "otoscopy_note", "Otoscopy note", "text"),
                _choice(a + "parotid", "Parotid", Parotid, NORMAL),
                _finding(a + "neck_nodes", "Neck nodes"),
            )),
            Section("Long tracts and cerebellum", (
                _choice(a + "limb_weakness", "Limb weakness", LimbWeakness, "none"),
                _finding(a + "speech_or_language_deficit", "Speech or language deficit"),
                _finding(a + "cerebellar_signs", "Cerebellar signs"),
                Item(a + "other_note", "Other findings", "note"),
            )),
        ),
        mark_normal=True,
    )


def electro_page() -> Page:
    e = "electro."
    return Page(
        "electro", "9", "Electrodiagnostics and imaging",
        (
            Section("Electrodiagnostics", (
                Item(e + "enog_degeneration_percent", "ENoG degeneration", "number", unit="%",
                     help="Meaningful between day 3 and 14 in complete palsy; >90% is the threshold discussed "
                          "for decompression (reference 8.4)."),
                Item(e + "enog_day", "ENoG measured on day", "number", hint="days after onset"),
                _finding(e + "emg_voluntary_mups", "EMG: voluntary motor units", normal=None),
                _finding(e + "emg_fibrillations", "EMG: fibrillations", normal=None),
                _finding(e + "emg_reinnervation", "EMG: reinnervation potentials", normal=None),
                _choice(e + "blink_reflex", "Blink reflex", BlinkReflex),
            )),
            Section("Imaging reports", (
                Item(e + "mri", "MRI", "note"),
                Item(e + "ct", "CT", "note"),
            )),
        ),
        short="Electrodiagnostics, imaging",
    )


def review_page() -> Page:
    return Page("review", "10", "Review and sign", review=True)


def build_pages(settings: Settings) -> tuple[Page, ...]:
    """The pages in exam order; optional scale pages sit where the outline puts them (6)."""
    return (
        encounter_page(),
        history_page(),
        rest_page(),
        voluntary_page(),
        sequelae_page(),
        sunnybrook_page(),
        eface_page(),
        yanagihara_page(settings),
        topognostic_page(),
        associated_page(),
        electro_page(),
        review_page(),
    )
