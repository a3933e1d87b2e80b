"""Range-of-motion norms and the thresholds that make a measurement a deficit.

Every number carries its source (../shared/clinical-reference.md). Two norm
sources are stored; AAOS is shown by default because it is the reference most
clinicians learned and it covers every movement. Roaas & Andersson (1982)
measured men aged 30–40, so it is offered only where the patient fits it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kinelink.forms.vocab import Joint, Movement, Sex

AAOS = "AAOS (Greene & Heckman 1994)"
ROAAS = "Roaas & Andersson 1982, men 30–40 y, mean"


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


@dataclass(frozen=True, slots=True)
class MovementNorm:
    joint: Joint
    movement: Movement
    label: str
    values: tuple[NormValue, ...]  # default (AAOS) first
    note: str = ""

    @property
    def default(self) -> NormValue:
        return self.values[0]

    @property
    def lowest(self) -> float:
        """The lowest published mean: the conservative reference for calling a deficit."""
        return min(v.degrees for v in self.values)

    @property
    def reference(self) -> NormValue:
        """The norm percentages are taken of: the lowest published mean (the first of equals)."""
        return min(self.values, key=lambda v: v.degrees)

    def for_patient(self, sex: Sex | None, age: int | None, source: str = AAOS) -> NormValue:
        """The norm of `source` that applies to this patient, else the AAOS default."""
        for value in self.values:
            if value.source == source and value.applies_to(sex, age):
                return value
        return self.default


def _norm(joint: Joint, movement: Movement, label: str, aaos: float, roaas: float, note: str = "") -> MovementNorm:
    return MovementNorm(
        joint,
        movement,
        label,
        (
            NormValue(aaos, AAOS),
            NormValue(roaas, ROAAS, sex=Sex.MALE, min_age=30, max_age=40),
        ),
        note,
    )


ROM_NORMS: dict[tuple[Joint, Movement], MovementNorm] = {
    (n.joint, n.movement): n
    for n in (
        _norm(Joint.HIP, Movement.FLEXION, "Hip flexion", 120, 120),
        _norm(Joint.HIP, Movement.EXTENSION, "Hip extension", 30, 10),
        _norm(Joint.HIP, Movement.ABDUCTION, "Hip abduction", 45, 39),
        _norm(Joint.HIP, Movement.ADDUCTION, "Hip adduction", 30, 31),
        _norm(
            Joint.HIP, Movement.INTERNAL_ROTATION, "Hip internal rotation", 45, 33,
            "Depends on position: supine IR 29.6°, prone 35.2° (Kouyoumdjian 2012).",
        ),
        _norm(
            Joint.HIP, Movement.EXTERNAL_ROTATION, "Hip external rotation", 45, 34,
            "Depends on position: supine ER 38.5°, prone 41.8° (Kouyoumdjian 2012).",
        ),
        _norm(Joint.KNEE, Movement.FLEXION, "Knee flexion", 135, 144),
        _norm(
            Joint.KNEE, Movement.EXTENSION, "Knee extension", 0, 1,
            "0° = full extension; negative = lacks extension; positive = hyperextension (AAOS up to 10°).",
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Threshold:
    value: float
    rule: str
    source: str


# A ROM below this share of its norm counts as a deficit. The share is taken of
# the *lowest* published norm for the movement, so that a disagreement between
# sources (AAOS hip IR 45° vs Roaas & Andersson 33°; supine IR 29.6° in
# Kouyoumdjian 2012) never makes a healthy hip look deficient. Normative SDs
# are roughly 10–15 % of the mean (Soucie et al. 2011), so < 80 % is beyond
# ordinary variation.
ROM_PERCENT_OF_NORM = Threshold(
    80.0, "below 80 % of the lowest published norm",
    "clinical convention; normative spread from Soucie et al. 2011 (Haemophilia 17:500)",
)
# Comparing with the other side is usually more telling than a norm
# (clinical-reference.md). 10° is beyond the usual goniometric measurement error (about 5°).
ROM_SIDE_DIFFERENCE = Threshold(
    10.0, "10° or more less than the other side",
    "side-to-side comparison first; goniometer error about 5° (Gajdosik & Bohannon 1987)",
)
# Any lack of knee extension of 5° or more matters for gait and outcome.
KNEE_EXTENSION_LACK = Threshold(
    -5.0, "lacks 5° or more of extension",
    "loss of 3–5° or more of extension is linked with worse outcome and osteoarthritis after ACL "
    "reconstruction (Shelbourne & Gray 2009, Am J Sports Med 37:471)",
)
# ACR clinical classification criteria for hip osteoarthritis (Altman 1991).
HIP_IR_ACR = Threshold(15.0, "below 15° (ACR hip OA criterion)", "Altman et al. 1991, Arthritis Rheum 34:505")
HIP_FLEXION_ACR = Threshold(115.0, "115° or less (ACR hip OA criterion)", "Altman et al. 1991, Arthritis Rheum 34:505")
# LSI below 90 % is the usual threshold for a meaningful strength deficit.
LSI = Threshold(
    90.0, "LSI below 90 %",
    "Delaware–Oslo return-to-sport criteria; Gokeler 2017, Welling 2018",
)
# Oxford grade below 5 is weaker than normal by definition of the scale.
OXFORD_NORMAL = Threshold(5.0, "Oxford grade below 5/5", "MRC scale (Medical Research Council 1976)")


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
