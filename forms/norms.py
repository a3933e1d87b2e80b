"""Range-of-motion norms and the thresholds that make a measurement a deficit.

Every number carries its source (../shared/clinical-reference.md). Two adult
norm sources are stored; AAOS is shown by default because it is the reference
most clinicians learned and it covers every movement. Roaas & Andersson (1982)
measured men aged 30–40, so it is used only where the patient fits it.

Each norm says which population it describes, and a percentage of it is taken
(and shaded) only for a patient of that population. ROM falls with age (Soucie
et al. 2011, the CDC study of 674 people aged 2–69); AAOS gives no age band,
so it is taken here for adults up to 69, the oldest age that study measured
(a choice, stated in every place that shows it). An older patient sees the AAOS
value with the population it comes from and "no published norm for this age
here", is compared with the other side, and no deficit is called against it.

Children are not small adults: ROM changes with age and sex (Soucie et al.
2011, the CDC normal joint ROM study). Where that study publishes a band for
the child's age and sex (2–8 years: hip flexion and extension, knee flexion
and extension) it is the child's norm; otherwise a child under 18 gets no norm
at all and is compared with the other side only, never with adult means.
"""

from __future__ import annotations

from dataclasses import dataclass

from kinelink.forms.i18n import N_, _
from kinelink.forms.vocab import Joint, Movement, Sex

# The sources below name a norm (NormValue.source is compared with them) and are shown translated, through
# `_()` (NormValue.cited): the authors, year and journal stay as published, the words around them do not.
AAOS = "AAOS (Greene & Heckman 1994)"
ROAAS = N_("Roaas & Andersson 1982, men 30–40 y, mean")
SOUCIE_2_8 = N_("Soucie et al. 2011, Haemophilia 17:500 (CDC normal joint ROM study), age 2–8, passive, mean")
NO_CHILD_NORM = N_("no published norm stored for this age: compared with the other side only")
# AAOS states no age band; ROM falls with age and the CDC study (Soucie 2011) measured up to 69 y.
AAOS_MAX_AGE = 69

ADULT_AGE = 18  # adult norms from this age
# Over this age a hip's imaging starts with radiographs only (the ACR hip OA criteria's "age > 50",
# Altman 1991); MR arthrography for a labral lesion is offered to younger adults.
LABRAL_IMAGING_MAX_AGE = 50
OA_MIN_AGE = 40  # osteoarthritis (and the ACR criteria) is the reading of a stiff hip from this age only


@dataclass(frozen=True, slots=True)
class NormValue:
    degrees: float
    source: str
    sex: Sex | None = None  # None = any
    min_age: int | None = None
    max_age: int | None = None

    def applies_to(self, sex: Sex | None, age: int | None) -> bool:
        if self.sex is not None and sex is not self.sex:
            return False
        if self.min_age is not None and (age is None or age < self.min_age):
            return False
        return not (self.max_age is not None and (age is None or age > self.max_age))

    @property
    def cited(self) -> str:
        """`source` in the current language (its citation as published)."""
        return _(self.source)

    @property
    def population(self) -> str:
        """Whom the norm describes, in words: 'men 30–40 y', 'adults 18–69 y', 'girls 2–8 y'."""
        adult = self.min_age is None or self.min_age >= ADULT_AGE
        who = {None: _("adults") if adult else _("children"),
               Sex.MALE: _("men") if adult else _("boys"),
               Sex.FEMALE: _("women") if adult else _("girls")}.get(self.sex, _("adults"))
        if self.min_age is not None and self.max_age is not None:
            return _("{who} {low}–{high} y").format(who=who, low=self.min_age, high=self.max_age)
        if self.min_age is not None:
            return _("{who} from {low} y").format(who=who, low=self.min_age)
        return who


@dataclass(frozen=True, slots=True)
class NormChoice:
    """The norm a patient's measurement is set against, and whether it fits the patient.

    `fits`: the norm's population matches the patient's age and sex, so a percentage is taken of
    it and shaded. Otherwise the value is shown for orientation only, with `note` saying whom it
    describes and that no norm for this patient is stored; the other side decides."""

    value: NormValue
    fits: bool

    @property
    def degrees(self) -> float:
        return self.value.degrees

    def note(self, age: int | None) -> str:
        """Where the norm comes from; for a norm that does not fit, also that none fits this patient."""
        if self.fits:
            return self.value.cited
        return _("norm for {population}, {source}; no published norm for age {age} here: compared with the "
                 "other side only").format(population=self.value.population, source=self.value.cited,
                                           age=age if age is not None else "?")


@dataclass(frozen=True, slots=True)
class MovementNorm:
    joint: Joint
    movement: Movement
    label: str
    values: tuple[NormValue, ...]  # adult norms, default (AAOS) first
    note: str = ""
    child: tuple[NormValue, ...] = ()  # published child bands (age and sex)

    @property
    def default(self) -> NormValue:
        return self.values[0]

    def reference_for(self, sex: Sex | None, age: int | None) -> NormChoice | None:
        """The norm a patient's percentage is taken of: for an adult the lowest published mean among
        the norms whose population fits the patient's age and sex (AAOS to 69 y; Roaas & Andersson
        for men 30–40); an adult no stored norm fits gets the AAOS default marked as not fitting
        (shown, never shaded). A child gets the published band for their age and sex, else none:
        an adult norm is never set against a child."""
        if age is not None and age < ADULT_AGE:
            band = next((v for v in self.child if v.applies_to(sex, age)), None)
            return NormChoice(band, True) if band is not None else None
        fitting = [v for v in self.values if v.applies_to(sex, age)]
        if not fitting:
            return NormChoice(self.default, False)
        return NormChoice(min(fitting, key=lambda v: v.degrees), True)

    def for_patient(self, sex: Sex | None, age: int | None, source: str = AAOS) -> NormValue:
        """The norm of `source` that applies to this patient, else the AAOS default."""
        for value in self.values:
            if value.source == source and value.applies_to(sex, age):
                return value
        return self.default


def _norm(joint: Joint, movement: Movement, label: str, aaos: float, roaas: float, note: str = "",
          child_2_8: tuple[float, float] | None = None) -> MovementNorm:
    """`child_2_8`: (female, male) means of Soucie 2011 for ages 2–8 (archive.cdc.gov, ncbddd/jointrom)."""
    child = () if child_2_8 is None else (
        NormValue(child_2_8[0], SOUCIE_2_8, sex=Sex.FEMALE, min_age=2, max_age=8),
        NormValue(child_2_8[1], SOUCIE_2_8, sex=Sex.MALE, min_age=2, max_age=8),
    )
    return MovementNorm(
        joint,
        movement,
        label,
        (
            NormValue(aaos, AAOS, min_age=ADULT_AGE, max_age=AAOS_MAX_AGE),
            NormValue(roaas, ROAAS, sex=Sex.MALE, min_age=30, max_age=40),
        ),
        note,
        child,
    )


ROM_NORMS: dict[tuple[Joint, Movement], MovementNorm] = {
    (n.joint, n.movement): n
    for n in (
        _norm(Joint.HIP, Movement.FLEXION, N_("Hip flexion"), 120, 120, child_2_8=(140.8, 131.1)),
        _norm(Joint.HIP, Movement.EXTENSION, N_("Hip extension"), 30, 10, child_2_8=(26.2, 28.3)),
        _norm(Joint.HIP, Movement.ABDUCTION, N_("Hip abduction"), 45, 39),
        _norm(Joint.HIP, Movement.ADDUCTION, N_("Hip adduction"), 30, 31),
        _norm(
            Joint.HIP, Movement.INTERNAL_ROTATION, N_("Hip internal rotation"), 45, 33,
            N_("Depends on position: supine IR 29.6°, prone 35.2° (Kouyoumdjian 2012)."),
        ),
        _norm(
            Joint.HIP, Movement.EXTERNAL_ROTATION, N_("Hip external rotation"), 45, 34,
            N_("Depends on position: supine ER 38.5°, prone 41.8° (Kouyoumdjian 2012)."),
        ),
        _norm(Joint.KNEE, Movement.FLEXION, N_("Knee flexion"), 135, 144, child_2_8=(152.6, 147.8)),
        _norm(
            Joint.KNEE, Movement.EXTENSION, N_("Knee extension"), 0, 1,
            N_("0° = full extension; negative = lacks extension; positive = hyperextension (AAOS up to 10°)."),
            child_2_8=(5.4, 1.6),
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Threshold:
    value: float
    rule: str  # English, marked for the catalog: shown through `_()`
    source: str


# A ROM below this share of its norm counts as a deficit. The share is taken of
# the *lowest* published norm for the movement that fits the patient, so that a disagreement between
# sources (AAOS hip IR 45° vs Roaas & Andersson 33°; supine IR 29.6° in
# Kouyoumdjian 2012) never makes a healthy hip look deficient. The healthy
# spread is not a fixed share of the mean: it is small for knee and hip flexion
# but, relative to their small means, large for hip rotation and extension
# (Roaas & Andersson 1982; Kouyoumdjian 2012), so 80 % is a convention that
# can miss a real loss of rotation: the side-to-side difference decides first.
ROM_PERCENT_OF_NORM = Threshold(
    80.0, N_("below 80 % of the lowest published norm"),
    "clinical convention (no published cut-off); compare with the other side first",
)
# Comparing with the other side is usually more telling than a norm
# (clinical-reference.md). 10° is beyond the usual goniometric measurement error (about 5°).
ROM_SIDE_DIFFERENCE = Threshold(
    10.0, N_("10° or more less than the other side"),
    "side-to-side comparison first; goniometer error about 5° (Gajdosik & Bohannon 1987)",
)
# Any lack of knee extension of 5° or more matters for gait and outcome.
KNEE_EXTENSION_LACK = Threshold(
    -5.0, N_("lacks 5° or more of extension"),
    "loss of 3–5° or more of extension is linked with worse outcome and osteoarthritis after ACL "
    "reconstruction (Shelbourne & Gray 2009, Am J Sports Med 37:471)",
)
# ACR clinical classification criteria for hip osteoarthritis (Altman 1991), in adults of OA_MIN_AGE or more.
HIP_IR_ACR = Threshold(15.0, N_("below 15° (ACR hip OA criterion)"), "Altman et al. 1991, Arthritis Rheum 34:505")
HIP_FLEXION_ACR = Threshold(
    115.0, N_("115° or less (ACR hip OA criterion)"), "Altman et al. 1991, Arthritis Rheum 34:505"
)
# The same 15° in a child or young adult: a markedly stiff hip, never named after osteoarthritis.
HIP_IR_LOW = Threshold(15.0, N_("below 15° (markedly restricted)"), "Altman et al. 1991 use 15° in adults")
# LSI below 90 % is the usual threshold for a meaningful strength deficit.
LSI = Threshold(
    90.0, N_("LSI below 90 %"),
    N_("the Delaware–Oslo criteria after ACL reconstruction (Grindem et al. 2016, Br J Sports Med 50:804); "
       "a convention for other patients"),
)
# The same 90 % said as it applies: the return-to-sport criterion for a reconstructed ACL, else the convention
# it has become (a 73-year-old's hip abductors are not judged by an ACL criterion).
LSI_AFTER_ACL = N_("the Delaware–Oslo return-to-sport criterion after ACL reconstruction, Grindem 2016")
LSI_CONVENTION = N_(
    "a common convention for a meaningful side-to-side difference, from Grindem 2016 after ACL reconstruction"
)
LSI_DEFINITION = N_("LSI (limb symmetry index) = this side ÷ the other side × 100; the weaker side's is below 100 %")
# Oxford grade below 5 is weaker than normal by definition of the scale.
OXFORD_NORMAL = Threshold(5.0, N_("Oxford grade below 5/5"), "MRC scale (Medical Research Council 1976)")


# --- one rule per shown number ---------------------------------------------------------------
# The table on screen, the analysis and the PDF shade a number only when that number itself
# crosses its threshold (a 92.7 % LSI is never shaded because the grade was 4).


def percent_is_deficit(percent_of_norm: float | None) -> bool:
    """A percentage of the reference norm below ROM_PERCENT_OF_NORM."""
    return percent_of_norm is not None and percent_of_norm < ROM_PERCENT_OF_NORM.value


def difference_is_deficit(difference_deg: float | None) -> bool:
    """This side is ROM_SIDE_DIFFERENCE or more below the other side."""
    return difference_deg is not None and difference_deg <= -ROM_SIDE_DIFFERENCE.value


def lsi_is_deficit(lsi: float | None) -> bool:
    """A limb symmetry index below LSI."""
    return lsi is not None and lsi < LSI.value
