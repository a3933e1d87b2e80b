"""The kinetic-chain knowledge as data: candidate links and the rules that weigh them.

Each `LinkSpec` is one way knee and hip can be linked (source, target,
mechanism): the gate that makes it worth considering (the target joint hurts
on that side), the data it needs to be judged, the next steps it always
brings and its one-sentence summary. Each `Rule` is one finding that supports
or argues against one link: a predicate over the exam, a weight, the finding
worded with the patient's own values, and its references. Adding a rule is
adding a value to `RULES`; the engine (`forms.chain.engine`) never names a
rule.

Weights say how strongly one finding, on its own, points to (or away from)
the link, on one scale tied to likelihood ratios (LR) where they are
published, and each rule's `basis` says where its weight comes from:

    weight 0.45–0.5   LR+ about 5 or more, or a must-not-miss pattern;  against: LR− 0.2 or less
    weight 0.3–0.35   LR+ about 2–5, or a typical sign of the pattern;  against: LR− about 0.2–0.5
    weight 0.15–0.25  LR+ below 2, a common or unspecific sign;          against: LR− about 0.5–0.8
    weight ≤ 0.1      LR+ about 1 (FADIR): never standalone
    against 0.7       a timing that makes the mechanism implausible (a compensation one day old)

Where no likelihood ratio is published (most kinetic-chain patterns), the
basis names the clinical reasoning and the weight stays in the lower bands.
Findings marked `standalone=False` are too unspecific to suggest a link on
their own (an injured knee for referred pain, the order of onset without an
injury); they count only next to a standalone finding. A link with
`requires` is suggested only when that holds too: a compensation needs
something to compensate for (an injury, surgery, a protective gait, an
osteoarthritic hip), never the order of onset alone.

Age and replaced joints gate the wording and the next steps: osteoarthritis
is the reading of a stiff hip from 40 years, never in a child (who gets the
slipped epiphysis, Perthes disease and same-day radiographs instead), and
never for a replaced hip (`arthroplasty`).

Sides: a predicate reads the `TARGET` leg (the painful joint the link
explains, which is the link's side) or the `SOURCE` leg (the joint the problem
comes from). They are the same leg, except for compensation links marked
`cross_leg`, which are also tried with the source on the other leg (a left
knee injury, weight shifted onto the right leg, right hip pain). Rules marked
`Legs.SAME` or `Legs.OTHER` apply to only one of those frames.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cache

from kinelink.forms.chain.facts import Leg
from kinelink.forms.chain.predicates import (
    AgeBetween,
    DateEvents,
    Event,
    Expectation,
    FirstOf,
    GaitIs,
    GaitNormal,
    InjuryAt,
    MeasureRom,
    MeasureStrength,
    PainAt,
    PainFor,
    PerformTest,
    Precedes,
    Predicate,
    Radiates,
    Relevant,
    Replaced,
    RomBelow,
    RomNormal,
    RomReduced,
    StrengthNormal,
    TestPainful,
    TestPositive,
    TestsNegative,
    Undated,
    Weak,
    WorsePain,
)
from kinelink.forms.i18n import N_
from kinelink.forms.norms import ADULT_AGE, LABRAL_IMAGING_MAX_AGE, OA_MIN_AGE
from kinelink.forms.special_tests import SPECIAL_TESTS
from kinelink.forms.vocab import (
    Activity,
    Gait,
    Joint,
    Location,
    Mechanism,
    Movement,
    MuscleGroup,
    Region,
    Structure,
    TestName,
)

# --- references ------------------------------------------------------------------

ARTICLE = N_("“A knee injury can cause pain in the hip”: the indicators of a knee–hip link (Kinelink source article)")
CLINICAL_REFERENCE = N_("Kinelink clinical reference: knee–hip kinetic-chain patterns and their next steps")
POWERS_2010 = (
    "Powers CM. The influence of abnormal hip mechanics on knee injury. "
    "J Orthop Sports Phys Ther 2010;40(2):42–51"
)
CROSSLEY_2016 = "Crossley KM et al. 2016 patellofemoral pain consensus statement. Br J Sports Med 2016;50:839–843"
PRINS_2009 = (
    "Prins MR, van der Wurff P. Females with patellofemoral pain syndrome have weak hip muscles: "
    "a systematic review. Aust J Physiother 2009;55:9–15"
)
ALTMAN_1991 = "Altman R et al. ACR criteria for osteoarthritis of the hip. Arthritis Rheum 1991;34(5):505–514"
KHAN_2004 = "Khan AM et al. Hip osteoarthritis: where is the pain? Ann R Coll Surg Engl 2004;86(2):119–121"
BIRNBAUM_1997 = "Birnbaum K et al. Sensory innervation of the hip joint. Surg Radiol Anat 1997;19:371–375"
MATAVA_1999 = (
    "Matava MJ et al. Knee pain as the initial symptom of slipped capital femoral epiphysis. "
    "J Pediatr Orthop 1999;19(4):455–460"
)
WARWICK_2016 = (
    "Griffin DR et al. The Warwick Agreement on femoroacetabular impingement syndrome. "
    "Br J Sports Med 2016;50:1169–1176"
)
# Titles shortened to what the tests assess: the program quotes them, and it never speaks of diagnosis.
REIMAN_2015 = (
    "Reiman MP et al. Accuracy of clinical tests for hip femoroacetabular impingement and labral tear "
    "(systematic review, meta-analysis). Br J Sports Med 2015;49:811"
)
SUTLIVE_2008 = (
    "Sutlive TG et al. A clinical prediction rule for hip osteoarthritis in unilateral hip pain. "
    "J Orthop Sports Phys Ther 2008;38(9):542–550"
)
FREDERICSON_2005 = "Fredericson M, Wolf C. Iliotibial band syndrome in runners. Sports Med 2005;35(5):451–459"
OBER_1936 = "Ober FR. The role of the iliotibial band and fascia lata. J Bone Joint Surg 1936;18:105–110"
HARVEY_1998 = (
    "Harvey D. Assessment of the flexibility of elite athletes using the modified Thomas test. "
    "Br J Sports Med 1998;32:68–70"
)
WEIR_2015 = (
    "Weir A et al. Doha agreement meeting on terminology and definitions in groin pain in athletes. "
    "Br J Sports Med 2015;49:768–774"
)
HART_2010 = (
    "Hart JM et al. Quadriceps activation following knee injuries: a systematic review. "
    "J Athl Train 2010;45(1):87–97"
)
PATERNO_2007 = (
    "Paterno MV et al. Limb asymmetries in landing and jumping 2 years after ACL reconstruction. "
    "Clin J Sport Med 2007;17(4):258–262"
)
SHAKOOR_2002 = (
    "Shakoor N et al. Asymmetric knee loading in advanced unilateral hip osteoarthritis. "
    "Arthritis Rheum 2002;46(12):3185–3189"
)
GRIMALDI_2017 = (
    "Grimaldi A et al. Clinical tests for gluteal tendinopathy in lateral hip pain (MRI-confirmed). "
    "Br J Sports Med 2017;51:519–524"
)
LSI_90 = N_(
    "LSI < 90 %: the usual threshold of a meaningful strength asymmetry (Grindem H et al. Br J Sports Med "
    "2016;50:804, after ACL reconstruction; a convention for other patients)"
)
BENJAMINSE_2006 = (
    "Benjaminse A et al. Clinical tests for anterior cruciate ligament rupture (meta-analysis). "
    "J Orthop Sports Phys Ther 2006;36(5):267–288"
)
HEGEDUS_2007 = (
    "Hegedus EJ et al. Physical examination tests for assessing a torn meniscus in the knee: a systematic "
    "review with meta-analysis. J Orthop Sports Phys Ther 2007;37(9):541–550"
)
IKDC = "IKDC 2000 knee examination form"

# --- weight bases (the rule's `basis`: why its weight, on the scale of the module doc) -------

NO_LR = "no likelihood ratio published"
B_ORDER_INJURY = (f"{NO_LR}; a known injury followed weeks later by the other joint's pain is the article's first "
                  "indicator and fixes both the order and the cause: 0.45")
B_ORDER_PAIN = (f"{NO_LR}; pain in one joint before the other without an injury shows the order, not a cause: "
                "0.25, never standalone")
B_ORDER_UNKNOWN = f"{NO_LR}; both recorded but undated, so the order is unknown: 0.15, never standalone"
B_TYPICAL = f"{NO_LR}; a typical sign of the pattern in the clinical reference: 0.3"
B_COMMON = f"{NO_LR}; common and unspecific on its own: 0.2"
B_SUPPORTING = f"{NO_LR}; consistent with the pattern but explained by many others: 0.2, never standalone"
B_GAIT_PROTECT = f"{NO_LR}; a protective gait is the mechanism of a compensation: 0.3"
B_GAIT_OTHER = (f"{NO_LR}; an antalgic gait shifts load onto the other leg, measured as limb asymmetry "
                "(Paterno 2007, Shakoor 2002): 0.35")
B_QUADS = (f"{NO_LR}; quadriceps inhibition after knee injury is near universal (Hart 2010), so it is typical, "
           "not specific: 0.25")
B_HIP_WEAK_PFP = (f"{NO_LR}; hip abductor and external rotator weakness is consistently found with patellofemoral "
                  "pain in cross-sectional studies (Prins 2009), whether cause or consequence, and in most painful "
                  "or older legs: 0.3 / 0.25 (the link also needs the fault seen, or the patellofemoral profile)")
B_VALGUS = f"{NO_LR}; dynamic valgus is the mechanism itself (Powers 2010), observed directly: 0.35"
B_VALGUS_KH = f"{NO_LR}; dynamic valgus loads the hip too, but the knee-driven reading is less established: 0.3"
B_ACR = ("ACR clinical criteria (hip pain, internal rotation < 15°, flexion ≤ 115°): sensitivity 86 %, "
         "specificity 75 %, LR+ about 3.4 (Altman 1991); hip osteoarthritis often presents as knee pain "
         "(Khan 2004): 0.45")
B_SCOUR = ("scour: LR+ about 2 for hip osteoarthritis (Sutlive 2008); log roll: low sensitivity, specific for "
           "an irritable joint; either points inside the hip: 0.3")
B_FADIR = ("FADIR (and FABER) positive: sensitive screens whose positive likelihood ratio is about 1 "
           "(Reiman 2015): 0.1, never standalone")
B_FADIR_NEG = ("a negative FADIR, the most sensitive hip test (sensitivity 0.94–0.99, LR− about 0.1–0.2; Reiman "
               "2015), with full painless internal rotation: the hip is unlikely to be the source: 0.45")
B_PARTLY_NORMAL = ("FADIR positive alone (LR+ about 1, Reiman 2015) while internal rotation is full and painless and "
                   "scour, log roll or FABER is negative: the rest of the exam argues against the hip: 0.3")
B_SCFE = ("a must-not-miss pattern: a slipped capital femoral epiphysis presents with knee or thigh pain alone in "
          "about 15 % (Matava 1999); weighted to always surface: 0.5")
B_RADIATION = (f"{NO_LR}; pain travelling between the joints follows the femoral and obturator nerves "
               "(Birnbaum 1997): 0.35 from the hip, 0.45 from an injured knee to a normal hip")
B_GROIN = f"{NO_LR}; groin pain is the commonest site of hip joint pain (Khan 2004): 0.25"
B_BENIGN_KNEE = (f"{NO_LR}; knee pain with a normal knee exam is the clinical reference's cue to examine the hip: "
                 "0.3")
B_KNEE_LESION = ("a positive ligament or meniscal test gives the knee its own cause: Lachman LR+ about 10 "
                 "(Benjaminse 2006), McMurray LR+ about 2–3 (Hegedus 2007): 0.3 against")
B_CONFIRMED = (f"{NO_LR} for the pair; a recorded knee injury with a positive ligament or meniscal test on the "
               "painful knee (Lachman LR+ about 10, Benjaminse 2006) is a confirmed local cause (LR+ 5 or more): "
               "0.45 against, added to the positive test alone")
B_KNEE_NORMAL = (f"{NO_LR}; an unremarkable source knee (full painless range, negative ligament and meniscal tests) "
                 "removes the source: 0.35 against")
B_HIP_FIRST = f"{NO_LR}; the candidate target hurt before the source: the order argues the other way: 0.5 / 0.4 against"
B_GAIT_NORMAL = f"{NO_LR}; a normal gait makes a gait compensation less likely but not impossible: 0.15 against"
B_RECENT = (f"{NO_LR}; overload builds over weeks of altered loading, so pain of under two weeks argues against "
            "it: 0.35 against an alignment fault, 0.7 against a compensation (a timing that makes it implausible)")
B_LUMBAR = (f"{NO_LR}; low back pain or a positive straight-leg raise offers the lumbar spine as the source of "
            "referred leg pain: 0.25 against, 0.4 with pain spreading from the back")
B_OBER = (f"{NO_LR}; no diagnostic accuracy study of the Ober test exists; lateral knee pain with a tight "
          "iliotibial band is the clinical picture of iliotibial band syndrome (Fredericson 2005): 0.45")
B_OBER_NEG = f"{NO_LR}; a normal iliotibial band length argues against the band as the link: 0.35 against"
B_THOMAS = (f"{NO_LR}; a short rectus femoris (Thomas: the knee extends) with pain at its other end is the "
            "two-joint pattern (Harvey 1998): 0.35")
B_THOMAS_NEG = f"{NO_LR}; a normal rectus femoris length argues against it as the link: 0.25 against"
B_STRAIN = (f"{NO_LR}; a recorded strain of a two-joint muscle with pain at its other end names the "
            "structure: 0.4")
B_ADDUCTORS = (f"{NO_LR}; adductor-related groin pain (Weir 2015) with medial knee pain: gracilis crosses the "
               "knee and the obturator nerve supplies both: 0.3")
B_HIP_FLEXORS = (f"{NO_LR}; short hip flexors (no hip extension, Thomas positive) with anterior knee pain: the "
                 "rectus femoris is the hip flexor that crosses the knee: 0.2, never standalone")
B_HAMSTRINGS = f"{NO_LR}; posterior pain at both ends of the hamstrings, which cross hip and knee: 0.4"
B_INJURED_END = (f"{NO_LR}; a two-joint structure injured at one end makes that end the source; which joint hurt "
                 "first says nothing about the direction (the iliotibial band is one structure): 0.3, never "
                 "standalone")
B_WORSE_END = (f"{NO_LR}; with no injury to locate the source, the link explains the worse-hurting end: 0.1, "
               "never standalone")
B_ITB_PAIN = f"{NO_LR}; lateral pain at both ends of the iliotibial band (Fredericson 2005): 0.3"
B_GLUTEAL = (f"{NO_LR} for the link; lateral hip pain reproduced by resisted external derotation or single-leg "
             "stance points to the gluteal tendons (Grimaldi 2017), which overload explains: 0.25, never standalone")
B_HIP_OA_PRIMARY = "the ACR pattern (LR+ about 3.4, Altman 1991) gives the hip a cause of its own: 0.25 against"
B_HIP_SIGNS = (f"{NO_LR}; a stiff hip or a positive scour or log roll gives the hip pain a cause of its own: "
               "0.4 against; FADIR or FABER alone (LR+ about 1, Reiman 2015): 0.1 against")
B_STRENGTH_NORMAL = f"{NO_LR}; normal hip abductor strength removes the proposed mechanism: 0.3 against"
B_SQUAT_NORMAL = f"{NO_LR}; no dynamic valgus on a single-leg squat or step-down removes the mechanism: 0.3 against"


# --- the data types -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkKey:
    source: Joint
    target: Joint
    mechanism: Mechanism

    @property
    def label(self) -> str:
        return f"{self.source.value} → {self.target.value} {self.mechanism.value}"


class Polarity(enum.Enum):
    SUPPORTS = "supports"
    AGAINST = "against"


class Legs(enum.Enum):
    """Which frames a rule applies in (see the module doc)."""

    EITHER = "either"
    SAME = "same"  # source and target on the same leg
    OTHER = "other"  # source on the other leg (cross_leg links only)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    link: LinkKey
    polarity: Polarity
    when: Predicate
    weight: float  # 0 < weight < 1
    finding: str  # worded with the predicate's bindings and the frame's keys
    references: tuple[str, ...]
    standalone: bool = True
    legs: Legs = Legs.EITHER
    next_step: str | None = None  # added to the link's next steps when a supporting rule fires
    next_step_loads: bool = False  # that step is exercise or loading (withheld while a red flag is present)
    basis: str = ""  # why this weight: the likelihood ratio where published, else the reasoning

    @property
    def source(self) -> Joint:
        return self.link.source

    @property
    def target(self) -> Joint:
        return self.link.target

    @property
    def mechanism(self) -> Mechanism:
        return self.link.mechanism


@dataclass(frozen=True, slots=True)
class LinkSpec:
    key: LinkKey
    gate: Predicate  # the target joint hurts on the link's side
    summary: str  # "…{verb} <explanation>": completes "The left hip pain …"
    expects: tuple[Expectation, ...]  # data needed to judge the link
    next_steps: tuple[str, ...]  # examination and referral: always shown
    references: tuple[str, ...]
    cross_leg: bool = False
    other_leg_summary: str = ""
    treatment: tuple[str, ...] = ()  # exercise and loading: withheld while a red flag is present
    requires: Predicate | None = None  # besides a standalone finding, needed for the link to be suggested
    requires_other_leg: Predicate | None = None  # needed too when the source is on the other leg (a gait to shift
    # the weight: a recovered, normally walking leg loads nothing)
    steps_when: tuple[tuple[Predicate, str], ...] = ()  # next steps that fit only some patients (age, replaced joint)


# --- shorthands ------------------------------------------------------------------

T, S, OTHER_SOURCE, OTHER_TARGET = Leg.TARGET, Leg.SOURCE, Leg.SOURCE_OTHER, Leg.TARGET_OTHER
_OTHER_SIDE = {T: OTHER_TARGET, S: OTHER_SOURCE}
HIP, KNEE = Joint.HIP, Joint.KNEE
HIP_REGIONS = (Region.HIP, Region.GROIN)
KNEE_REGIONS = (Region.KNEE,)
THIGH_AND_HIP = (Region.HIP, Region.GROIN, Region.THIGH)

KNEE_LOADING = (
    Activity.STAIRS, Activity.SQUATTING, Activity.KNEELING, Activity.JUMPING,
    Activity.RISING_FROM_SITTING, Activity.RUNNING, Activity.PIVOTING,
)
# Crossley 2016: pain around or behind the patella on squatting, stairs, prolonged sitting, running, jumping.
PATELLOFEMORAL_LOADING = (
    Activity.STAIRS, Activity.SQUATTING, Activity.KNEELING, Activity.PROLONGED_SITTING,
    Activity.RUNNING, Activity.JUMPING,
)
KNEE_STRUCTURAL_TESTS = (
    TestName.LACHMAN, TestName.ANTERIOR_DRAWER, TestName.POSTERIOR_DRAWER, TestName.PIVOT_SHIFT,
    TestName.VALGUS_STRESS_0, TestName.VALGUS_STRESS_30, TestName.VARUS_STRESS_0, TestName.VARUS_STRESS_30,
    TestName.MCMURRAY, TestName.THESSALY, TestName.PATELLAR_APPREHENSION,
)
HIP_JOINT_TESTS = (TestName.FADIR, TestName.SCOUR, TestName.LOG_ROLL, TestName.FABER)
SPECIFIC_HIP_TESTS = (TestName.SCOUR, TestName.LOG_ROLL)  # more than a screen (Sutlive 2008)
SCREENING_HIP_TESTS = (TestName.FADIR, TestName.FABER)  # sensitive, LR+ about 1 (Reiman 2015)
DYNAMIC_VALGUS_TESTS = (TestName.SINGLE_LEG_SQUAT, TestName.STEP_DOWN)
# Single-leg stance: positive = pelvic drop within 30 s (the exam format); `painful` = lateral hip pain reproduced.
PELVIC_DROP_TESTS = (TestName.TRENDELENBURG, TestName.SINGLE_LEG_STANCE)
KNEE_LIGAMENTS_AND_TENDONS = (
    Structure.ACL, Structure.PCL, Structure.MCL, Structure.LCL,
    Structure.PATELLAR_TENDON, Structure.QUADRICEPS_TENDON,
)
INTRA_ARTICULAR = (Structure.LABRUM, Structure.HIP_JOINT, Structure.CARTILAGE)
MUSCLES_AT_HIP = (Structure.ADDUCTORS, Structure.HIP_FLEXORS, Structure.RECTUS_FEMORIS, Structure.HAMSTRING,
                  Structure.GLUTEAL_TENDON, Structure.ITB)
# Two-joint structures as the injury record names them at each end.
KNEE_END = (Structure.HAMSTRING, Structure.ITB, Structure.QUADRICEPS_TENDON, Structure.PATELLAR_TENDON,
            Structure.RECTUS_FEMORIS)
HIP_END = (Structure.HAMSTRING, Structure.ITB, Structure.RECTUS_FEMORIS, Structure.HIP_FLEXORS, Structure.ADDUCTORS)
PROTECTIVE_GAIT = (Gait.LIMP, Gait.ANTALGIC, Gait.REDUCED_KNEE_FLEXION, Gait.CIRCUMDUCTION, Gait.HIP_HIKING)
HIP_GAIT = (Gait.ANTALGIC, Gait.LIMP, Gait.REDUCED_HIP_EXTENSION, Gait.CIRCUMDUCTION, Gait.TRENDELENBURG)

# A stiff hip is one that has lost internal rotation (or hurts on it): flexion alone is not, since a short
# hamstring, a lumbar problem or age limit it too; the ACR pattern needs both (Altman 1991).
HIP_STIFF = (Movement.INTERNAL_ROTATION,)
HIP_JOINT_MOVEMENTS = (Movement.INTERNAL_ROTATION, Movement.EXTERNAL_ROTATION)
# Tests that must be recorded negative for a normal hip; FABER also reproduces sacroiliac and lumbar pain.
HIP_NORMAL_TESTS = (TestName.FADIR, TestName.SCOUR, TestName.LOG_ROLL)

# Compensation needs weeks of altered loading (B_ORDER_INJURY, B_RECENT).
COMPENSATION_DAYS = 14

KNEE_EVENT_S = Event("any", KNEE_REGIONS, S)
KNEE_INJURY_S = Event("injury", KNEE_REGIONS, S)
KNEE_PAIN_S = Event("pain", KNEE_REGIONS, S)
KNEE_PAIN_T = Event("pain", KNEE_REGIONS, T)
HIP_EVENT_S = Event("any", HIP_REGIONS, S)
HIP_PAIN_T = Event("pain", HIP_REGIONS, T)

# Age bands of the wording and the next steps (owned by forms.norms; Matava 1999 for 8–16 years).
ADULT = AgeBetween(ADULT_AGE, 200)
CHILD = AgeBetween(0, ADULT_AGE - 1)
# Labral imaging is for the younger adult (forms.norms.LABRAL_IMAGING_MAX_AGE).
YOUNGER_ADULT = AgeBetween(ADULT_AGE, LABRAL_IMAGING_MAX_AGE)
OLDER_ADULT = AgeBetween(LABRAL_IMAGING_MAX_AGE + 1, 200)


@cache  # one predicate per leg, so that `predicates.check` remembers its answer across rules
def knee_problem(leg: Leg) -> Predicate:
    """A knee injury or knee pain on the leg (worded by the first that is present)."""
    return FirstOf((InjuryAt(KNEE_REGIONS, leg, key="knee"), PainAt(KNEE_REGIONS, leg, key="knee")))


@cache  # one predicate per leg, so that `predicates.check` remembers its answer across rules
def hip_problem(leg: Leg) -> Predicate:
    """A hip injury or surgery, hip pain, a stiff or painful hip, or a positive specific hip test on the leg."""
    return FirstOf((
        InjuryAt(HIP_REGIONS, leg, key="hip"),
        PainAt(HIP_REGIONS, leg, key="hip"),
        RomReduced(HIP, HIP_STIFF, leg, key="hip"),
        TestPositive(SPECIFIC_HIP_TESTS, leg, key="hip"),
    ))


@cache  # one predicate per leg, so that `predicates.check` remembers its answer across rules
def replaced_hip(leg: Leg) -> Predicate:
    return Replaced((Region.HIP,), leg)


@cache  # one predicate per leg, so that `predicates.check` remembers its answer across rules
def acr_hip_oa(leg: Leg) -> Predicate:
    """ACR clinical criteria, hip (Altman 1991): internal rotation < 15° and flexion ≤ 115°, in an adult of
    40 or more whose hip is not replaced."""
    return (
        RomBelow(HIP, Movement.INTERNAL_ROTATION, leg, 15, key="ir")
        & RomBelow(HIP, Movement.FLEXION, leg, 115, inclusive=True, key="flexion")
        & AgeBetween(OA_MIN_AGE, 200)
        & ~replaced_hip(leg)
    )


KNEE_TESTS = tuple(t for t, info in SPECIAL_TESTS.items() if info.joint is Joint.KNEE)
# The straight-leg raise tests the lumbar nerve roots, not the hip.
HIP_TESTS = tuple(t for t, info in SPECIAL_TESTS.items() if info.joint is Joint.HIP
                  and t is not TestName.STRAIGHT_LEG_RAISE)


@cache  # one predicate per leg, so that `predicates.check` remembers its answer across rules
def knee_normal(leg: Leg) -> Predicate:
    """An unremarkable knee: flexion and extension recorded, full and painless; ligament and meniscal
    tests recorded negative; no positive knee test, no quadriceps deficit."""
    return (
        RomNormal(KNEE, (Movement.FLEXION, Movement.EXTENSION), leg, key="rom")
        & TestsNegative(KNEE_STRUCTURAL_TESTS, leg, key="tests")
        & ~TestPositive(KNEE_TESTS, leg)
        & ~Weak(KNEE, (MuscleGroup.EXTENSORS,), leg)
    )


@cache  # one predicate per leg, so that `predicates.check` remembers its answer across rules
def hip_normal(leg: Leg) -> Predicate:
    """An unremarkable hip: internal rotation recorded, full and painless; FADIR, scour or log roll
    recorded negative (none equivocal); no rotation reduced and no positive hip test. Hip flexion is not
    asked (see HIP_STIFF), nor an equivocal FABER that reproduces back pain."""
    return (
        RomNormal(HIP, (Movement.INTERNAL_ROTATION,), leg, key="rom")
        & ~RomReduced(HIP, HIP_JOINT_MOVEMENTS, leg)
        & TestsNegative(HIP_NORMAL_TESTS, leg, key="tests")
        & ~TestPositive(HIP_TESTS, leg)
    )


@cache  # one predicate per leg, so that `predicates.check` remembers its answer across rules
def hip_partly_normal(leg: Leg) -> Predicate:
    """A hip whose only positive sign is FADIR (or FABER), a sensitive screen with LR+ about 1: full painless
    internal rotation, no movement reduced, and scour, log roll or FABER recorded negative."""
    return (
        RomNormal(HIP, (Movement.INTERNAL_ROTATION,), leg, key="rom")
        & ~RomReduced(HIP, HIP_JOINT_MOVEMENTS, leg)
        & TestsNegative((TestName.SCOUR, TestName.LOG_ROLL, TestName.FABER), leg, key="tests")
        & TestPositive((TestName.FADIR,), leg, key="screen")
        & ~TestPositive(tuple(t for t in HIP_TESTS if t not in SCREENING_HIP_TESTS), leg)
    )


@cache  # one predicate per leg, so that `predicates.check` remembers its answer across rules
def lumbar_radiation(leg: Leg) -> Predicate:
    """Low back pain spreading into the thigh or knee on the leg: radicular or somatic referred pain."""
    return Radiates((Region.LOWER_BACK,), leg, (Region.KNEE, Region.THIGH, Region.HIP), key="spine")


@cache  # one predicate per leg, so that `predicates.check` remembers its answer across rules
def muscle_injury(leg: Leg) -> Predicate:
    """A recorded strain of a muscle at the hip end (not the joint)."""
    return InjuryAt(THIGH_AND_HIP, leg, MUSCLES_AT_HIP)


@cache  # one predicate per leg, so that `predicates.check` remembers its answer across rules
def patellofemoral(leg: Leg) -> Predicate:
    return (
        PainAt(KNEE_REGIONS, leg, (Location.ANTERIOR,), PATELLOFEMORAL_LOADING, key="pfp")
        | TestPositive((TestName.CLARKE, TestName.PATELLAR_TILT), leg, key="pfp")
    )


@cache  # one predicate per leg, so that `predicates.check` remembers its answer across rules
def pelvic_drop(leg: Leg) -> Predicate:
    """A pelvic drop test positive on the leg, or a Trendelenburg gait (recorded without a side) unless the
    tests place the drop on the other side (negative here, or positive only there)."""
    placed_elsewhere = TestsNegative(PELVIC_DROP_TESTS, leg) | TestPositive(PELVIC_DROP_TESTS, _OTHER_SIDE[leg])
    return TestPositive(PELVIC_DROP_TESTS, leg, key="drop") | (
        GaitIs((Gait.TRENDELENBURG,), key="drop") & ~placed_elsewhere)


@cache  # one predicate per leg, so that `predicates.check` remembers its answer across rules
def gluteal_tendon(leg: Leg) -> Predicate:
    """Lateral hip pain reproduced by resisted external derotation, or by single-leg stance (its `painful`)."""
    return PainAt((Region.HIP,), leg, (Location.LATERAL,), key="pain") & (
        TestPositive((TestName.RESISTED_EXTERNAL_DEROTATION,), leg) | TestPainful((TestName.SINGLE_LEG_STANCE,), leg)
    )


def supports(
    rule_id: str, link: LinkKey, when: Predicate, weight: float, finding: str, *references: str,
    basis: str, standalone: bool = True, legs: Legs = Legs.EITHER, next_step: str | None = None,
    next_step_loads: bool = False,
) -> Rule:
    return Rule(rule_id, link, Polarity.SUPPORTS, when, weight, finding, references, standalone, legs, next_step,
                next_step_loads, basis)


def against(rule_id: str, link: LinkKey, when: Predicate, weight: float, finding: str, *references: str,
            basis: str) -> Rule:
    return Rule(rule_id, link, Polarity.AGAINST, when, weight, finding, references, basis=basis)


# A replaced knee has no menisci or cruciate ligament to test: the step is for a knee of its own.
_KNEE_TESTS_T = Relevant(PerformTest(
    KNEE_STRUCTURAL_TESTS, T, N_("No {side} knee ligament or meniscal test recorded: examine the knee")
), ~Replaced((Region.KNEE,), T))
_KNEE_TESTS_S = Relevant(PerformTest(
    KNEE_STRUCTURAL_TESTS, S, N_("No {source_side} knee ligament or meniscal test recorded: examine the knee")
), ~Replaced((Region.KNEE,), S))
_SQUAT_T = PerformTest(
    DYNAMIC_VALGUS_TESTS, T,
    N_("No single-leg squat or step-down on the {side}: look for dynamic knee valgus and pelvic drop"), loads=True,
)


# --- the links ----------------------------------------------------------------------

KH_COMP = LinkKey(KNEE, HIP, Mechanism.COMPENSATION)
HK_COMP = LinkKey(HIP, KNEE, Mechanism.COMPENSATION)
HK_ALIGN = LinkKey(HIP, KNEE, Mechanism.ALIGNMENT)
KH_ALIGN = LinkKey(KNEE, HIP, Mechanism.ALIGNMENT)
HK_REF = LinkKey(HIP, KNEE, Mechanism.REFERRED)
KH_REF = LinkKey(KNEE, HIP, Mechanism.REFERRED)
HK_MYO = LinkKey(HIP, KNEE, Mechanism.MYOFASCIAL)
KH_MYO = LinkKey(KNEE, HIP, Mechanism.MYOFASCIAL)

HIP_HURTS = PainAt(HIP_REGIONS, T) | Radiates((Region.KNEE, Region.THIGH), T, HIP_REGIONS, key="pain")
KNEE_HURTS = PainAt(KNEE_REGIONS, T) | Radiates((Region.HIP, Region.GROIN, Region.THIGH), T, KNEE_REGIONS, key="pain")

_HIP_SIGNS_T = RomReduced(HIP, HIP_STIFF, T, key="hip") | TestPositive(SPECIFIC_HIP_TESTS, T, key="hip")
_HIP_SIGNS_S = RomReduced(HIP, HIP_STIFF, S, key="hip") | TestPositive(SPECIFIC_HIP_TESTS, S, key="hip")
_HIP_IR_T = MeasureRom(HIP, Movement.INTERNAL_ROTATION, T)
_HIP_IR_S = MeasureRom(HIP, Movement.INTERNAL_ROTATION, S)
_SOFT_TISSUE_LENGTH = (
    N_("Check soft-tissue length on both sides: Ober, Thomas and hamstring length (passive knee extension)")
)

LINKS: tuple[LinkSpec, ...] = (
    LinkSpec(
        KH_COMP, HIP_HURTS,
        N_("{verb} compensation for the {source_side} knee: protecting the knee changes gait and loads the hip"),
        (
            DateEvents(KNEE_EVENT_S, HIP_PAIN_T,
                       N_("Dates of the {source_side} knee problem and the {side} hip pain not recorded: "
                       "ask which came first")),
            _KNEE_TESTS_S,
            MeasureStrength(KNEE, MuscleGroup.EXTENSORS, S),
            MeasureStrength(HIP, MuscleGroup.ABDUCTORS, T),
            _HIP_IR_T,
        ),
        (N_("Refer for an orthopaedic opinion if the knee stays unstable, locks or does not settle"),),
        (ARTICLE, CLINICAL_REFERENCE),
        treatment=(
            N_("Gait retraining to share the load evenly between the legs"),
            N_("Treat the knee and the compensations together; load the hip progressively"),
        ),
        cross_leg=True,
        other_leg_summary=(
            N_("{verb} compensation for the {source_side} knee: weight shifted onto the {side} leg "
            "overloads the {side} hip")
        ),
        # something to compensate for: a knee injury or surgery, or a protective gait that the painful hip's
        # own signs, injury or surgery do not explain
        requires=InjuryAt(KNEE_REGIONS, S) | (GaitIs(PROTECTIVE_GAIT) & ~_HIP_SIGNS_T & ~InjuryAt(HIP_REGIONS, T)),
        requires_other_leg=GaitIs(PROTECTIVE_GAIT),
    ),
    LinkSpec(
        HK_COMP, KNEE_HURTS,
        N_("{verb} compensation for the {source_side} hip: a stiff, painful or replaced hip changes gait and loads "
        "the knee"),
        (
            DateEvents(HIP_EVENT_S, KNEE_PAIN_T,
                       N_("Dates of the {source_side} hip problem and the {side} knee pain not recorded: "
                       "ask which came first")),
            _HIP_IR_S,
            MeasureRom(HIP, Movement.EXTENSION, S),
            _KNEE_TESTS_T,
        ),
        (),
        (CLINICAL_REFERENCE, SHAKOOR_2002),
        treatment=(
            N_("Gait retraining; a stick in the hand opposite the painful hip unloads it"),
            N_("Treat the hip problem and the knee together"),
        ),
        cross_leg=True,
        other_leg_summary=(
            N_("{verb} compensation for the {source_side} hip: weight shifted onto the {side} leg "
            "overloads the {side} knee")
        ),
        requires=InjuryAt(HIP_REGIONS, S) | GaitIs(HIP_GAIT) | acr_hip_oa(S),
        requires_other_leg=GaitIs(HIP_GAIT),
        steps_when=(
            (replaced_hip(S), N_("Ask the operating surgeon to review the replaced {source_side} hip if the gait "
                              "does not normalise or the hip hurts")),
            (~replaced_hip(S), N_("Refer for an orthopaedic opinion if the {source_side} hip problem limits walking")),
        ),
    ),
    LinkSpec(
        HK_ALIGN, KNEE_HURTS,
        N_("{verb} a hip-driven alignment fault: weak hip abductors and external rotators let the thigh "
        "move inward (dynamic knee valgus) and load the knee"),
        (
            MeasureStrength(HIP, MuscleGroup.ABDUCTORS, S),
            MeasureStrength(HIP, MuscleGroup.EXTERNAL_ROTATORS, S),
            _SQUAT_T,
            _KNEE_TESTS_T,
        ),
        (),
        (POWERS_2010, CROSSLEY_2016, CLINICAL_REFERENCE),
        # the fault seen (dynamic valgus, pelvic drop), or the patellofemoral profile with a weak hip (Powers
        # 2010, Crossley 2016): weakness alone is found in most painful or older legs, the pain pattern alone
        # says where the knee hurts, not that the hip drives it
        requires=(TestPositive(DYNAMIC_VALGUS_TESTS, T) | GaitIs((Gait.KNEE_VALGUS,)) | pelvic_drop(S)
                  | (patellofemoral(T) & Weak(HIP, (MuscleGroup.ABDUCTORS, MuscleGroup.EXTERNAL_ROTATORS), S))),
        treatment=(
            N_("Hip- and knee-focused exercise: hip abductors and external rotators with quadriceps"),
            N_("Retrain the single-leg squat and step-down to control knee valgus"),
        ),
    ),
    LinkSpec(
        KH_ALIGN, HIP_HURTS,
        N_("{verb} a knee-driven alignment fault: the knee moving inward tilts the pelvis and strains the hip"),
        (
            _SQUAT_T,
            PerformTest((TestName.VALGUS_STRESS_30, TestName.PATELLAR_TILT, TestName.PATELLAR_APPREHENSION), S,
                        N_("No {source_side} valgus stress or patellar test recorded: check knee alignment "
                        "and laxity")),
            MeasureStrength(HIP, MuscleGroup.ABDUCTORS, T),
        ),
        (N_("Observe knee alignment in standing"),),
        (ARTICLE, POWERS_2010),
        treatment=(
            N_("Observe knee alignment in single-leg squat and step-down"),
            N_("Knee- and hip-focused exercise to control valgus; manage load on the irritated hip tendons"),
        ),
    ),
    LinkSpec(
        HK_REF, KNEE_HURTS,
        N_("{verb} referral from the {source_side} hip (the femoral and obturator nerves supply both joints)"),
        (
            _HIP_IR_S,
            MeasureRom(HIP, Movement.FLEXION, S),
            PerformTest((TestName.FADIR, TestName.SCOUR, TestName.LOG_ROLL), S,
                        N_("No FADIR, scour or log roll on the {source_side}: always examine the hip in knee pain")),
            _KNEE_TESTS_T,
        ),
        (),
        (CLINICAL_REFERENCE, BIRNBAUM_1997),
        requires=~hip_normal(S),  # a normal FADIR (LR− about 0.1) with full rotation: the hip is not the source
        steps_when=(
            (CHILD, N_("In a child or adolescent: same-day hip radiographs (AP pelvis and frog-leg lateral) to exclude "
                    "a slipped epiphysis or Perthes disease")),
            (YOUNGER_ADULT & ~replaced_hip(S), N_("Hip imaging if the hip signs persist: AP pelvis radiograph "
                                               "first; MR arthrography only if a labral lesion is suspected")),
            (OLDER_ADULT & ~replaced_hip(S), N_("Hip imaging if the hip signs persist: AP pelvis and lateral hip "
                                             "radiographs")),
            (replaced_hip(S), N_("Replaced {source_side} hip: radiographs of the prosthesis and review by the "
                              "operating surgeon")),
        ),
    ),
    LinkSpec(
        KH_REF, HIP_HURTS,
        N_("{verb} referral from the {source_side} knee along nerves shared by both joints"),
        (
            _HIP_IR_T,
            PerformTest((TestName.FADIR, TestName.SCOUR, TestName.LOG_ROLL), T,
                        N_("No FADIR, scour or log roll on the {side}: examine the hip itself")),
            _KNEE_TESTS_S,
        ),
        (N_("If the hip pain persists, examine the hip fully (internal rotation, flexion, FADIR, scour)"),),
        (ARTICLE, CLINICAL_REFERENCE, BIRNBAUM_1997),
        treatment=(N_("Treat the knee as the source and reassess the hip as the knee settles"),),
        requires=~knee_normal(S),
    ),
    LinkSpec(
        HK_MYO, KNEE_HURTS,
        N_("{verb} a two-joint muscle or fascia (iliotibial band, rectus femoris, gracilis and adductors, "
        "hamstrings) carrying the problem from the hip to the knee"),
        (
            Relevant(PerformTest((TestName.OBER,), S,
                                 N_("No Ober test on the {source_side}: check iliotibial band length")),
                     PainAt(KNEE_REGIONS, T, (Location.LATERAL,))),
            Relevant(PerformTest((TestName.THOMAS,), S,
                                 N_("No Thomas test on the {source_side}: check hip flexor and rectus femoris length")),
                     PainAt(KNEE_REGIONS, T, (Location.ANTERIOR,))),
            Relevant(MeasureStrength(HIP, MuscleGroup.ADDUCTORS, S),
                     PainAt(KNEE_REGIONS, T, (Location.MEDIAL,)) & PainAt(THIGH_AND_HIP, S)),
        ),
        (_SOFT_TISSUE_LENGTH,),
        (ARTICLE, CLINICAL_REFERENCE),
        treatment=(N_("Load management and graded strengthening of the structure involved, with soft-tissue work"),),
    ),
    LinkSpec(
        KH_MYO, HIP_HURTS,
        N_("{verb} a two-joint muscle or fascia (iliotibial band, rectus femoris, hamstrings) carrying "
        "the problem from the knee to the hip"),
        (
            Relevant(PerformTest((TestName.OBER,), T, N_("No Ober test on the {side}: check iliotibial band length")),
                     PainAt((Region.HIP,), T, (Location.LATERAL,))),
            Relevant(PerformTest((TestName.THOMAS,), T,
                                 N_("No Thomas test on the {side}: check hip flexor and rectus femoris length")),
                     PainAt(HIP_REGIONS, T, (Location.ANTERIOR, Location.GROIN))),
        ),
        (_SOFT_TISSUE_LENGTH,),
        (ARTICLE, CLINICAL_REFERENCE),
        treatment=(N_("Load management of the structure at the knee; graded strengthening and soft-tissue work"),),
    ),
)


# --- the rules ------------------------------------------------------------------------

_KNEE_ROM = (Movement.FLEXION, Movement.EXTENSION)
_LUMBAR_T = PainAt((Region.LOWER_BACK,), T, key="spine") | TestPositive((TestName.STRAIGHT_LEG_RAISE,), T, key="spine")

RULES: tuple[Rule, ...] = (
    # knee → hip, compensation ---------------------------------------------------
    supports("kh-comp-after-knee-injury", KH_COMP,
             Precedes(KNEE_INJURY_S, HIP_PAIN_T, min_days=COMPENSATION_DAYS), 0.45,
             N_("{order}"), ARTICLE, basis=B_ORDER_INJURY),
    supports("kh-comp-after-knee-pain", KH_COMP,
             Precedes(KNEE_PAIN_S, HIP_PAIN_T, min_days=COMPENSATION_DAYS) & ~InjuryAt(KNEE_REGIONS, S), 0.25,
             N_("{order}"), ARTICLE, basis=B_ORDER_PAIN, standalone=False),
    supports("kh-comp-order-unknown", KH_COMP,
             Undated(KNEE_EVENT_S, HIP_PAIN_T), 0.15,
             N_("{order} recorded without the dates to tell which came first"), ARTICLE,
             basis=B_ORDER_UNKNOWN, standalone=False),
    supports("kh-comp-knee-loading-activities", KH_COMP,
             PainAt(HIP_REGIONS, T, aggravated_by=KNEE_LOADING) & knee_problem(S), 0.25,
             N_("{pain}: activities that also load the knee"), ARTICLE, basis=B_COMMON),
    supports("kh-comp-outer-hip-or-groin", KH_COMP,
             (PainAt((Region.HIP,), T, (Location.LATERAL, Location.GROIN)) | PainAt((Region.GROIN,), T))
             & PainAt(KNEE_REGIONS, S, key="knee"), 0.2,
             N_("{pain} together with {knee}"), ARTICLE, basis=B_COMMON),
    supports("kh-comp-altered-gait", KH_COMP,
             GaitIs(PROTECTIVE_GAIT) & knee_problem(S) & ~_HIP_SIGNS_T, 0.3,
             N_("{gait} protecting the {source_side} knee"), ARTICLE,
             basis=B_GAIT_PROTECT + " (not when the painful hip has signs of its own: the gait may protect the hip)",
             legs=Legs.SAME),
    supports("kh-comp-weight-shift-other-leg", KH_COMP,
             GaitIs((Gait.ANTALGIC, Gait.LIMP, Gait.REDUCED_KNEE_FLEXION)) & knee_problem(S), 0.35,
             N_("{gait} off the {source_side} knee: weight shifted onto the {side} leg"),
             ARTICLE, PATERNO_2007, basis=B_GAIT_OTHER, legs=Legs.OTHER),
    supports("kh-comp-quadriceps-weak", KH_COMP,
             Weak(KNEE, (MuscleGroup.EXTENSORS,), S), 0.25,
             N_("{weak}: the hip muscles must work harder to stabilise the leg"), ARTICLE, HART_2010, LSI_90,
             basis=B_QUADS),
    supports("kh-comp-hip-muscles-strained", KH_COMP,
             Weak(HIP, (MuscleGroup.ABDUCTORS, MuscleGroup.EXTENSORS), T, key="hip"), 0.2,
             N_("{hip}: the hip muscles taking over are weak"), ARTICLE, basis=B_SUPPORTING, standalone=False),
    supports("kh-comp-patellofemoral", KH_COMP,
             patellofemoral(S), 0.2,
             N_("{pfp}: patellofemoral pain alters movement and stresses the hip"), ARTICLE, CROSSLEY_2016,
             basis=B_COMMON),
    supports("kh-comp-knee-ligament-hip-stability", KH_COMP,
             InjuryAt(KNEE_REGIONS, S, KNEE_LIGAMENTS_AND_TENDONS) & pelvic_drop(T), 0.25,
             N_("{injury}; poor {side} hip stability: {drop}"), ARTICLE, basis=B_COMMON),
    supports("kh-comp-hip-tendon-irritation", KH_COMP,
             gluteal_tendon(T), 0.25,
             N_("{pain} with {test}: gluteal tendon or bursa irritation from overload"),
             ARTICLE, GRIMALDI_2017, basis=B_GLUTEAL, standalone=False),
    supports("kh-comp-stiff-knee", KH_COMP,
             RomReduced(KNEE, _KNEE_ROM, S, painful=False), 0.2,
             N_("{rom}: a stiff knee makes the hip compensate"), ARTICLE, basis=B_SUPPORTING, standalone=False),
    against("kh-comp-hip-pain-first", KH_COMP,
            Precedes(HIP_PAIN_T, KNEE_EVENT_S), 0.5,
            N_("{order}: the hip problem came first"), ARTICLE, basis=B_HIP_FIRST),
    against("kh-comp-knee-normal", KH_COMP,
            knee_normal(S), 0.35,
            N_("{Source_side} knee exam unremarkable: {rom}; {tests}"), CLINICAL_REFERENCE, basis=B_KNEE_NORMAL),
    against("kh-comp-gait-normal", KH_COMP,
            GaitNormal(), 0.15,
            N_("{gait}: no sign of the knee being protected"), ARTICLE, basis=B_GAIT_NORMAL),
    against("kh-comp-primary-hip-oa", KH_COMP,
            acr_hip_oa(T), 0.25,
            N_("{ir} and {flexion}: the ACR pattern of hip osteoarthritis, a problem of the hip itself"),
            ALTMAN_1991, basis=B_HIP_OA_PRIMARY),
    against("kh-comp-hip-signs", KH_COMP,
            _HIP_SIGNS_T, 0.35,
            N_("{hip}: the hip has signs of its own"), CLINICAL_REFERENCE, SUTLIVE_2008,
            basis=B_HIP_SIGNS.replace("0.4 against", "0.35 against")),
    against("kh-comp-too-recent", KH_COMP,
            PainFor(HIP_REGIONS, T, COMPENSATION_DAYS - 1), 0.7,
            N_("{recent}: too recent for a compensation, which builds over weeks"), CLINICAL_REFERENCE,
            basis=B_RECENT),

    # hip → knee, compensation ---------------------------------------------------
    supports("hk-comp-after-hip-problem", HK_COMP,
             Precedes(HIP_EVENT_S, KNEE_PAIN_T, min_days=COMPENSATION_DAYS), 0.35,
             N_("{order}"), CLINICAL_REFERENCE, basis=B_ORDER_INJURY.replace(": 0.45", ": 0.35 (often pain, not an "
                                                                         "injury, at the hip)")),
    supports("hk-comp-hip-gait", HK_COMP,
             GaitIs(HIP_GAIT) & hip_problem(S), 0.3,
             N_("{gait} with {hip}: the knee takes up the altered gait"), CLINICAL_REFERENCE,
             basis=B_GAIT_PROTECT, legs=Legs.SAME),
    supports("hk-comp-other-leg-load", HK_COMP,
             GaitIs((Gait.ANTALGIC, Gait.LIMP, Gait.TRENDELENBURG, Gait.CIRCUMDUCTION)) & hip_problem(S), 0.35,
             N_("{gait} with {hip}: weight shifted onto the {side} leg loads the {side} knee"),
             SHAKOOR_2002, basis=B_GAIT_OTHER, legs=Legs.OTHER),
    supports("hk-comp-hip-flexion-contracture", HK_COMP,
             RomBelow(HIP, Movement.EXTENSION, S, 0, inclusive=True, key="hip"), 0.25,
             N_("{hip}: a hip that does not extend keeps the knee bent in stance and loads the quadriceps"),
             CLINICAL_REFERENCE, basis=B_SUPPORTING.replace(": 0.2", ": 0.25"), standalone=False,
             legs=Legs.SAME),
    supports("hk-comp-hip-oa", HK_COMP,
             acr_hip_oa(S), 0.25,
             N_("{ir} and {flexion}: an osteoarthritic hip (ACR pattern) changes gait and loads the knee"),
             ALTMAN_1991, SHAKOOR_2002, basis=B_HIP_OA_PRIMARY.replace(" against", "").replace(
                 "gives the hip a cause of its own", "explains an altered gait"), standalone=False),
    against("hk-comp-knee-first", HK_COMP,
            Precedes(KNEE_PAIN_T, HIP_EVENT_S), 0.4,
            N_("{order}: the knee pain came first"), CLINICAL_REFERENCE, basis=B_HIP_FIRST),
    against("hk-comp-hip-normal", HK_COMP,
            hip_normal(S), 0.4,
            N_("{Source_side} hip exam unremarkable: {rom}; {tests}"), CLINICAL_REFERENCE,
            basis=B_FADIR_NEG.replace(": 0.45", ": 0.4")),
    against("hk-comp-hip-partly-normal", HK_COMP,
            hip_partly_normal(S), 0.25,
            N_("{Source_side} hip exam otherwise unremarkable: {rom}; {tests}; only {screen}"), REIMAN_2015,
            basis=B_PARTLY_NORMAL.replace(": 0.3", ": 0.25")),
    against("hk-comp-knee-lesion", HK_COMP,
            TestPositive(KNEE_STRUCTURAL_TESTS, T, key="knee") | InjuryAt(KNEE_REGIONS, T, key="knee"), 0.3,
            N_("{knee}: a knee lesion may explain the knee pain"), IKDC, basis=B_KNEE_LESION),
    against("hk-comp-knee-lesion-confirmed", HK_COMP,
            InjuryAt(KNEE_REGIONS, T, key="injury") & TestPositive(KNEE_STRUCTURAL_TESTS, T), 0.45,
            N_("{injury} with {test}: a confirmed knee lesion explains the knee pain"), IKDC, BENJAMINSE_2006,
            basis=B_CONFIRMED),
    against("hk-comp-gait-normal", HK_COMP,
            GaitNormal(), 0.15,
            N_("{gait}: no altered gait to load the knee"), CLINICAL_REFERENCE, basis=B_GAIT_NORMAL),
    against("hk-comp-too-recent", HK_COMP,
            PainFor(KNEE_REGIONS, T, COMPENSATION_DAYS - 1), 0.7,
            N_("{recent}: too recent for a compensation, which builds over weeks"), CLINICAL_REFERENCE,
            basis=B_RECENT),

    # hip → knee, alignment ----------------------------------------------------------
    supports("hk-align-abductor-weak", HK_ALIGN,
             Weak(HIP, (MuscleGroup.ABDUCTORS,), S), 0.3,
             N_("{weak}: gluteal weakness lets the pelvis drop and the thigh move inward"),
             POWERS_2010, PRINS_2009, LSI_90, basis=B_HIP_WEAK_PFP),
    supports("hk-align-external-rotator-weak", HK_ALIGN,
             Weak(HIP, (MuscleGroup.EXTERNAL_ROTATORS,), S), 0.25,
             N_("{weak}: the thigh rotates inward under load"), POWERS_2010, PRINS_2009, LSI_90, basis=B_HIP_WEAK_PFP),
    supports("hk-align-dynamic-valgus", HK_ALIGN,
             TestPositive(DYNAMIC_VALGUS_TESTS, T), 0.35,
             N_("{test}: dynamic knee valgus (hip adduction and internal rotation)"), POWERS_2010, ARTICLE,
             basis=B_VALGUS),
    supports("hk-align-valgus-gait", HK_ALIGN,
             GaitIs((Gait.KNEE_VALGUS,)), 0.2,
             N_("{gait} (dynamic valgus)"), POWERS_2010, ARTICLE, basis=B_COMMON),
    supports("hk-align-pelvic-drop", HK_ALIGN,
             pelvic_drop(S), 0.25,
             N_("{drop}: contralateral pelvic drop (pelvic tilt) in single-leg stance"), POWERS_2010, ARTICLE,
             basis=B_COMMON.replace(": 0.2", ": 0.25")),
    supports("hk-align-patellofemoral", HK_ALIGN,
             patellofemoral(T), 0.2,
             N_("{pfp}: the patellofemoral pain pattern"), CROSSLEY_2016, POWERS_2010, ARTICLE, basis=B_COMMON),
    supports("hk-align-benign-knee", HK_ALIGN,
             TestsNegative(KNEE_STRUCTURAL_TESTS, T), 0.15,
             N_("{tests}: no structural knee lesion found"), POWERS_2010, basis=B_SUPPORTING.replace(": 0.2", ": 0.15"),
             standalone=False),
    against("hk-align-hip-strength-normal", HK_ALIGN,
            StrengthNormal(HIP, (MuscleGroup.ABDUCTORS,), S), 0.3,
            N_("{strength}: no hip abductor weakness"), POWERS_2010, basis=B_STRENGTH_NORMAL),
    against("hk-align-squat-normal", HK_ALIGN,
            TestsNegative(DYNAMIC_VALGUS_TESTS, T), 0.3,
            N_("{tests}: no dynamic knee valgus"), POWERS_2010, basis=B_SQUAT_NORMAL),
    against("hk-align-hip-joint-signs", HK_ALIGN,
            _HIP_SIGNS_S, 0.35,
            N_("{hip}: weakness and pelvic drop from a painful or stiff hip, not an alignment fault"),
            CLINICAL_REFERENCE,
            basis=f"{NO_LR}; a painful, stiff or slipping hip inhibits the abductors and drops the pelvis: "
                  "0.35 against"),
    against("hk-align-structural-valgus", HK_ALIGN,
            GaitIs((Gait.KNEE_VALGUS,)) & RomReduced(KNEE, _KNEE_ROM, T, painful=False), 0.3,
            N_("{gait} in a stiff knee ({rom}): a structural valgus of the knee, not a hip-driven one"),
            CLINICAL_REFERENCE, basis=f"{NO_LR}; valgus in a stiff (arthritic) knee is structural: 0.3 against"),
    against("hk-align-too-recent", HK_ALIGN,
            PainFor(KNEE_REGIONS, T, COMPENSATION_DAYS - 1), 0.35,
            N_("{recent}: too recent for an overload from a movement fault"), CLINICAL_REFERENCE, basis=B_RECENT),
    against("hk-align-structural-knee", HK_ALIGN,
            TestPositive(KNEE_STRUCTURAL_TESTS, T), 0.25,
            N_("{test}: a structural knee lesion may explain the knee pain"), IKDC,
            basis=B_KNEE_LESION.replace(": 0.3", ": 0.25")),

    # knee → hip, alignment ------------------------------------------------------------
    supports("kh-align-dynamic-valgus", KH_ALIGN,
             TestPositive(DYNAMIC_VALGUS_TESTS, T), 0.3,
             N_("{test}: the knee moving inward tilts the pelvis and strains the hip"), ARTICLE, POWERS_2010,
             basis=B_VALGUS_KH),
    supports("kh-align-knee-malalignment", KH_ALIGN,
             TestPositive((TestName.VALGUS_STRESS_0, TestName.VALGUS_STRESS_30), S, key="knee")
             | InjuryAt(KNEE_REGIONS, S, (Structure.MCL,), key="knee"), 0.3,
             N_("{knee}: a knee that gives into valgus"), ARTICLE, IKDC, basis=B_TYPICAL),
    supports("kh-align-patellar-tracking", KH_ALIGN,
             TestPositive((TestName.PATELLAR_TILT, TestName.PATELLAR_APPREHENSION), S, key="knee")
             | InjuryAt(KNEE_REGIONS, S, (Structure.PATELLA,), key="knee"), 0.2,
             N_("{knee}: a maltracking patella"), ARTICLE, IKDC,
             basis=f"{NO_LR}; patellar tilt or apprehension is a local knee sign that explains hip pain only "
                   "next to a valgus mechanism: 0.2, never standalone", standalone=False),
    supports("kh-align-valgus-gait", KH_ALIGN,
             GaitIs((Gait.KNEE_VALGUS,)), 0.2,
             N_("{gait}: the knee drifts inward in stance"), ARTICLE, basis=B_COMMON),
    supports("kh-align-pelvic-tilt", KH_ALIGN,
             pelvic_drop(T), 0.2,
             N_("{drop}: the pelvis tilts over the {side} hip"), ARTICLE, basis=B_SUPPORTING, standalone=False),
    supports("kh-align-hip-tendon-irritation", KH_ALIGN,
             gluteal_tendon(T), 0.25,
             N_("{pain} with {test}: gluteal tendon or bursa irritation from abnormal loading"),
             ARTICLE, GRIMALDI_2017, basis=B_GLUTEAL, standalone=False),
    supports("kh-align-knee-first", KH_ALIGN,
             Precedes(KNEE_EVENT_S, HIP_PAIN_T), 0.2,
             N_("{order}"), ARTICLE, basis=B_ORDER_PAIN.replace("0.25", "0.2"), standalone=False),
    supports("kh-align-structural-valgus", KH_ALIGN,
             GaitIs((Gait.KNEE_VALGUS,)) & RomReduced(KNEE, _KNEE_ROM, S, painful=False), 0.3,
             N_("{gait} in a stiff knee ({rom}): a structural valgus loading the lateral hip"), ARTICLE,
             basis=f"{NO_LR}; a fixed valgus knee moves the load line and strains the lateral hip: 0.3"),
    against("kh-align-too-recent", KH_ALIGN,
            PainFor(HIP_REGIONS, T, COMPENSATION_DAYS - 1), 0.35,
            N_("{recent}: too recent for an overload from a movement fault"), CLINICAL_REFERENCE, basis=B_RECENT),
    against("kh-align-squat-normal", KH_ALIGN,
            TestsNegative(DYNAMIC_VALGUS_TESTS, T), 0.3,
            N_("{tests}: no dynamic knee valgus"), POWERS_2010, basis=B_SQUAT_NORMAL),
    against("kh-align-hip-first", KH_ALIGN,
            Precedes(HIP_PAIN_T, KNEE_EVENT_S), 0.3,
            N_("{order}: the hip problem came first"), ARTICLE, basis=B_HIP_FIRST.replace("0.5 / 0.4", "0.3")),

    # hip → knee, referred ---------------------------------------------------------------
    supports("hk-ref-hip-oa-pattern", HK_REF,
             acr_hip_oa(S), 0.45,
             N_("{ir} and {flexion}: the ACR clinical pattern of hip osteoarthritis (internal rotation < 15°, "
             "flexion ≤ 115°), which often presents as knee pain"),
             ALTMAN_1991, KHAN_2004, basis=B_ACR),
    supports("hk-ref-hip-stiff-or-painful", HK_REF,
             RomReduced(HIP, HIP_STIFF, S) & ~acr_hip_oa(S), 0.3,
             N_("{rom}: a stiff or painful hip"), CLINICAL_REFERENCE, basis=B_TYPICAL),
    supports("hk-ref-intra-articular-signs", HK_REF,
             TestPositive(SPECIFIC_HIP_TESTS, S) & ADULT, 0.3,
             N_("{test}: pain from inside the hip joint (impingement, labrum, osteoarthritis)"),
             SUTLIVE_2008, WARWICK_2016, CLINICAL_REFERENCE, basis=B_SCOUR),
    supports("hk-ref-child-hip-signs", HK_REF,
             TestPositive(HIP_JOINT_TESTS, S) & CHILD, 0.3,
             N_("{test} in a {age}: an irritable hip (a slipped epiphysis, Perthes disease or synovitis) can present "
             "as knee pain"), MATAVA_1999, CLINICAL_REFERENCE, basis=B_SCOUR),
    supports("hk-ref-hip-screen-positive", HK_REF,
             TestPositive(SCREENING_HIP_TESTS, S) & ~TestPositive(SPECIFIC_HIP_TESTS, S) & ADULT, 0.1,
             N_("{test}: a sensitive hip screen, not specific on its own"), REIMAN_2015, basis=B_FADIR,
             standalone=False),
    supports("hk-ref-labral-or-joint-injury", HK_REF,
             InjuryAt((Region.HIP,), S, INTRA_ARTICULAR) & ~replaced_hip(S), 0.3,
             N_("{injury}: intra-articular hip lesions can refer pain to the knee"), WARWICK_2016, CLINICAL_REFERENCE,
             basis=B_TYPICAL),
    supports("hk-ref-groin-pain", HK_REF,
             (PainAt((Region.GROIN,), S) | PainAt((Region.HIP,), S, (Location.GROIN,))) & ~muscle_injury(S), 0.25,
             N_("{pain}: groin pain points to the hip joint"), CLINICAL_REFERENCE, ARTICLE, basis=B_GROIN),
    supports("hk-ref-radiation", HK_REF,
             Radiates((Region.HIP, Region.GROIN, Region.THIGH), S, KNEE_REGIONS) & ~lumbar_radiation(S), 0.35,
             N_("{radiation}: the femoral and obturator nerves supply both joints"), ARTICLE, BIRNBAUM_1997,
             basis=B_RADIATION),
    supports("hk-ref-benign-knee", HK_REF,
             knee_normal(T), 0.3,
             N_("Knee pain with an unremarkable {side} knee exam: {rom}; {tests}"), CLINICAL_REFERENCE,
             basis=B_BENIGN_KNEE),
    supports("hk-ref-scfe-age", HK_REF,
             AgeBetween(8, 16) & PainAt((Region.KNEE, Region.THIGH), T) & GaitIs((Gait.LIMP, Gait.ANTALGIC)), 0.5,
             N_("{gait} in a {age} with {pain}: a slipped capital femoral epiphysis can present with knee pain alone"),
             MATAVA_1999, CLINICAL_REFERENCE, basis=B_SCFE,
             next_step=N_("Refer the same day for hip radiographs (AP pelvis and frog-leg lateral); keep the "
                       "child off the leg until seen")),
    supports("hk-ref-hip-injury", HK_REF,
             InjuryAt(HIP_REGIONS, S) & ~InjuryAt((Region.HIP,), S, INTRA_ARTICULAR) & ~muscle_injury(S), 0.2,
             N_("{injury}: an injured or operated hip can refer pain to the knee"), CLINICAL_REFERENCE,
             basis=B_SUPPORTING, standalone=False),
    against("hk-ref-hip-normal", HK_REF,
            hip_normal(S), 0.45,
            N_("{Source_side} hip exam unremarkable: {rom}; {tests}"), REIMAN_2015, CLINICAL_REFERENCE,
            basis=B_FADIR_NEG),
    against("hk-ref-hip-partly-normal", HK_REF,
            hip_partly_normal(S), 0.3,
            N_("{Source_side} hip exam otherwise unremarkable: {rom}; {tests}; only {screen}"), REIMAN_2015,
            basis=B_PARTLY_NORMAL),
    against("hk-ref-knee-lesion", HK_REF,
            TestPositive(KNEE_STRUCTURAL_TESTS, T), 0.3,
            N_("{test}: a knee lesion may explain the knee pain"), IKDC, BENJAMINSE_2006, HEGEDUS_2007,
            basis=B_KNEE_LESION),
    against("hk-ref-knee-injury", HK_REF,
            InjuryAt(KNEE_REGIONS, T) & ~knee_normal(T), 0.25,
            N_("{injury}: the knee has a cause of its own"), CLINICAL_REFERENCE,
            basis=B_KNEE_LESION.replace(": 0.3", ": 0.25")),
    against("hk-ref-knee-lesion-confirmed", HK_REF,
            InjuryAt(KNEE_REGIONS, T, key="injury") & TestPositive(KNEE_STRUCTURAL_TESTS, T), 0.45,
            N_("{injury} with {test}: a confirmed knee lesion explains the knee pain"), IKDC, BENJAMINSE_2006,
            basis=B_CONFIRMED),
    against("hk-ref-lumbar", HK_REF,
            _LUMBAR_T & ~lumbar_radiation(T), 0.25,
            N_("{spine}: consider the lumbar spine as the source of referred pain"), CLINICAL_REFERENCE,
            basis=B_LUMBAR),
    against("hk-ref-lumbar-radiation", HK_REF,
            lumbar_radiation(T), 0.4,
            N_("{spine}: a lumbar source of the leg pain"), CLINICAL_REFERENCE, basis=B_LUMBAR),

    # knee → hip, referred -----------------------------------------------------------------
    supports("kh-ref-radiation", KH_REF,
             Radiates(KNEE_REGIONS, S, (Region.HIP, Region.GROIN, Region.THIGH)), 0.45,
             N_("{radiation}: pain referred along nerves shared by knee and hip"), ARTICLE, BIRNBAUM_1997,
             basis=B_RADIATION),
    supports("kh-ref-knee-lesion", KH_REF,
             InjuryAt(KNEE_REGIONS, S, key="knee") | TestPositive(KNEE_STRUCTURAL_TESTS, S, key="knee"), 0.25,
             N_("{knee}: an irritated knee"), ARTICLE, basis=B_SUPPORTING.replace(": 0.2", ": 0.25"),
             standalone=False),
    supports("kh-ref-hip-normal", KH_REF,
             hip_normal(T), 0.3,
             N_("Hip pain with an unremarkable {side} hip exam: {rom}; {tests}"),
             CLINICAL_REFERENCE, REIMAN_2015, basis=B_SUPPORTING.replace(": 0.2", ": 0.3"), standalone=False),
    against("kh-ref-hip-signs", KH_REF,
            _HIP_SIGNS_T, 0.4,
            N_("{hip}: the hip has signs of its own"), CLINICAL_REFERENCE, SUTLIVE_2008, basis=B_HIP_SIGNS),
    against("kh-ref-hip-screen-positive", KH_REF,
            TestPositive(SCREENING_HIP_TESTS, T, key="hip") & ~_HIP_SIGNS_T, 0.1,
            N_("{hip}: a sensitive hip screen, not specific on its own"), REIMAN_2015, basis=B_HIP_SIGNS),
    against("kh-ref-knee-normal", KH_REF,
            knee_normal(S), 0.35,
            N_("{Source_side} knee exam unremarkable: {rom}; {tests}"), CLINICAL_REFERENCE, basis=B_KNEE_NORMAL),

    # hip → knee, myofascial ------------------------------------------------------------------
    supports("hk-myo-itb", HK_MYO,
             PainAt(KNEE_REGIONS, T, (Location.LATERAL,), key="knee")
             & PainAt(THIGH_AND_HIP, S, (Location.LATERAL,), key="hip"), 0.3,
             N_("{knee} with {hip}: pain along the iliotibial band, which crosses hip and knee"),
             FREDERICSON_2005, ARTICLE, basis=B_ITB_PAIN),
    supports("hk-myo-ober", HK_MYO,
             PainAt(KNEE_REGIONS, T, (Location.LATERAL,)) & TestPositive((TestName.OBER,), S), 0.45,
             N_("{pain} with {test}: a tight iliotibial band and TFL pulling on the outer knee"),
             FREDERICSON_2005, OBER_1936, ARTICLE, basis=B_OBER,
             next_step=N_("Runners: reduce volume and downhill running while the iliotibial band settles"),
             next_step_loads=True),
    supports("hk-myo-itb-activity", HK_MYO,
             PainAt(KNEE_REGIONS, T, (Location.LATERAL,), (Activity.RUNNING, Activity.STAIRS)), 0.2,
             N_("{pain}: typical of iliotibial band friction"), FREDERICSON_2005, basis=B_SUPPORTING,
             standalone=False),
    supports("hk-myo-rectus-femoris", HK_MYO,
             PainAt(KNEE_REGIONS, T, (Location.ANTERIOR,)) & TestPositive((TestName.THOMAS,), S)
             & ~TestPositive((TestName.THOMAS,), OTHER_SOURCE), 0.35,
             N_("{pain} with {test}: a short rectus femoris, which crosses hip and knee"),
             HARVEY_1998, ARTICLE, basis=B_THOMAS),
    supports("hk-myo-rectus-both-sides", HK_MYO,
             PainAt(KNEE_REGIONS, T, (Location.ANTERIOR,)) & TestPositive((TestName.THOMAS,), S)
             & TestPositive((TestName.THOMAS,), OTHER_SOURCE, key="other"), 0.15,
             N_("{pain} with {test} and {other}: short rectus femoris on both sides, common (growth spurts, "
             "athletes) and not specific to the painful knee"), HARVEY_1998,
             basis=f"{NO_LR}; tightness on both sides is common and does not explain one knee: 0.15, never "
                   "standalone", standalone=False),
    supports("hk-myo-rectus-strain", HK_MYO,
             PainAt(KNEE_REGIONS, T, (Location.ANTERIOR,))
             & InjuryAt(THIGH_AND_HIP, S, (Structure.RECTUS_FEMORIS, Structure.HIP_FLEXORS), key="injury"), 0.4,
             N_("{pain} after {injury}: the rectus femoris crosses hip and knee"), HARVEY_1998, CLINICAL_REFERENCE,
             basis=B_STRAIN),
    supports("hk-myo-hip-flexors-short", HK_MYO,
             PainAt(KNEE_REGIONS, T, (Location.ANTERIOR,))
             & RomBelow(HIP, Movement.EXTENSION, S, 0, inclusive=True, key="hip") & TestPositive((TestName.THOMAS,), S),
             0.2, N_("{hip} with {test}: short hip flexors pull through the rectus femoris on the knee"),
             HARVEY_1998, basis=B_HIP_FLEXORS, standalone=False),
    supports("hk-myo-adductors", HK_MYO,
             PainAt(KNEE_REGIONS, T, (Location.MEDIAL,))
             & (InjuryAt(THIGH_AND_HIP, S, (Structure.ADDUCTORS,), key="adductor")
                | (PainAt((Region.GROIN,), S, key="adductor") & Weak(HIP, (MuscleGroup.ADDUCTORS,), S))), 0.3,
             N_("{pain} with {adductor}: the adductors and gracilis run from the groin to the inner knee"),
             WEIR_2015, CLINICAL_REFERENCE, basis=B_ADDUCTORS),
    supports("hk-myo-hamstrings", HK_MYO,
             PainAt(KNEE_REGIONS, T, (Location.POSTERIOR,)) & ~lumbar_radiation(S)
             & (PainAt(THIGH_AND_HIP, S, (Location.POSTERIOR, Location.BUTTOCK), key="hamstring")
                | InjuryAt(THIGH_AND_HIP, S, (Structure.HAMSTRING,), key="hamstring")), 0.4,
             N_("{pain} with {hamstring}: the hamstrings cross hip and knee"), ARTICLE, CLINICAL_REFERENCE,
             basis=B_HAMSTRINGS),
    supports("hk-myo-injured-end", HK_MYO,
             PainAt(KNEE_REGIONS, T) & InjuryAt(THIGH_AND_HIP, S, HIP_END), 0.3,
             N_("{injury}: the structure was injured at its hip end"), CLINICAL_REFERENCE, basis=B_INJURED_END,
             standalone=False),
    supports("hk-myo-worse-end", HK_MYO,
             WorsePain(KNEE_REGIONS, T, THIGH_AND_HIP, S), 0.1,
             N_("{worse}"), CLINICAL_REFERENCE, basis=B_WORSE_END, standalone=False),
    against("hk-myo-ober-negative", HK_MYO,
            PainAt(KNEE_REGIONS, T, (Location.LATERAL,), key="pain") & TestsNegative((TestName.OBER,), S), 0.35,
            N_("{tests} despite {pain}: normal iliotibial band length"), OBER_1936, basis=B_OBER_NEG),
    against("hk-myo-thomas-negative", HK_MYO,
            PainAt(KNEE_REGIONS, T, (Location.ANTERIOR,), key="pain") & TestsNegative((TestName.THOMAS,), S)
            & ~InjuryAt(THIGH_AND_HIP, S, (Structure.RECTUS_FEMORIS, Structure.HIP_FLEXORS)), 0.25,
            N_("{tests} despite {pain}: normal rectus femoris length"), HARVEY_1998, basis=B_THOMAS_NEG),
    against("hk-myo-structural-knee", HK_MYO,
            TestPositive(KNEE_STRUCTURAL_TESTS, T), 0.2,
            N_("{test}: a structural knee lesion may explain the knee pain"), IKDC,
            basis=B_KNEE_LESION.replace(": 0.3", ": 0.2")),

    # knee → hip, myofascial ------------------------------------------------------------------
    supports("kh-myo-itb", KH_MYO,
             PainAt((Region.HIP,), T, (Location.LATERAL,))
             & FirstOf((InjuryAt(KNEE_REGIONS, S, (Structure.ITB, Structure.LCL), key="knee"),
                        PainAt(KNEE_REGIONS, S, (Location.LATERAL,), key="knee"))), 0.3,
             N_("{knee} and {pain}: the iliotibial band links the outer knee and hip"),
             FREDERICSON_2005, ARTICLE, basis=B_ITB_PAIN),
    supports("kh-myo-ober", KH_MYO,
             TestPositive((TestName.OBER,), T), 0.3,
             N_("{test}: a tight iliotibial band"), OBER_1936, basis=B_SUPPORTING.replace(": 0.2", ": 0.3"),
             standalone=False),
    supports("kh-myo-rectus-femoris", KH_MYO,
             PainAt(HIP_REGIONS, T, (Location.ANTERIOR, Location.GROIN))
             & FirstOf((InjuryAt(KNEE_REGIONS, S, (Structure.QUADRICEPS_TENDON, Structure.PATELLAR_TENDON,
                                                   Structure.PATELLA, Structure.RECTUS_FEMORIS), key="knee"),
                        PainAt(KNEE_REGIONS, S, (Location.ANTERIOR,), key="knee")))
             & TestPositive((TestName.THOMAS,), T), 0.35,
             N_("{knee} and {pain} with {test}: the rectus femoris links the front of knee and hip"),
             HARVEY_1998, ARTICLE, basis=B_THOMAS),
    supports("kh-myo-rectus-strain", KH_MYO,
             PainAt(HIP_REGIONS, T, (Location.ANTERIOR, Location.GROIN))
             & InjuryAt(KNEE_REGIONS, S, (Structure.QUADRICEPS_TENDON, Structure.RECTUS_FEMORIS), key="knee"), 0.35,
             N_("{knee} and {pain}: the rectus femoris runs from the quadriceps tendon to the front of the hip"),
             HARVEY_1998, CLINICAL_REFERENCE, basis=B_STRAIN.replace(": 0.4", ": 0.35")),
    supports("kh-myo-hamstrings", KH_MYO,
             PainAt((Region.HIP,), T, (Location.POSTERIOR, Location.BUTTOCK)) & ~lumbar_radiation(T)
             & FirstOf((InjuryAt(KNEE_REGIONS, S, (Structure.HAMSTRING,), key="knee"),
                        PainAt(KNEE_REGIONS, S, (Location.POSTERIOR,), key="knee"))), 0.4,
             N_("{knee} and {pain}: the hamstrings link the back of knee and hip"), ARTICLE, CLINICAL_REFERENCE,
             basis=B_HAMSTRINGS),
    supports("kh-myo-injured-end", KH_MYO,
             PainAt(HIP_REGIONS, T) & InjuryAt(KNEE_REGIONS, S, KNEE_END), 0.3,
             N_("{injury}: the structure was injured at its knee end"), CLINICAL_REFERENCE, basis=B_INJURED_END,
             standalone=False),
    supports("kh-myo-worse-end", KH_MYO,
             WorsePain(HIP_REGIONS, T, KNEE_REGIONS, S), 0.1,
             N_("{worse}"), CLINICAL_REFERENCE, basis=B_WORSE_END, standalone=False),
    against("kh-myo-ober-negative", KH_MYO,
            PainAt((Region.HIP,), T, (Location.LATERAL,), key="pain") & TestsNegative((TestName.OBER,), T), 0.35,
            N_("{tests} despite {pain}: normal iliotibial band length"), OBER_1936, basis=B_OBER_NEG),
    against("kh-myo-thomas-negative", KH_MYO,
            PainAt(HIP_REGIONS, T, (Location.ANTERIOR, Location.GROIN), key="pain")
            & TestsNegative((TestName.THOMAS,), T), 0.25,
            N_("{tests} despite {pain}: normal rectus femoris length"), HARVEY_1998, basis=B_THOMAS_NEG),
    against("kh-myo-hip-signs", KH_MYO,
            _HIP_SIGNS_T, 0.3,
            N_("{hip}: the hip has signs of its own"), CLINICAL_REFERENCE,
            basis=B_HIP_SIGNS.replace("0.4 against", "0.3 against")),
)

RULES_BY_LINK: dict[LinkKey, tuple[Rule, ...]] = {
    spec.key: tuple(r for r in RULES if r.link == spec.key) for spec in LINKS
}

# Traceability: every indicator of the seed article and every pattern of the
# clinical reference, with the rules that encode it (a test checks the ids exist).
ARTICLE_INDICATORS: dict[str, tuple[str, ...]] = {
    "hip pain starting after a knee injury": ("kh-comp-after-knee-injury", "kh-comp-after-knee-pain"),
    "hip pain worse with movements that stress the knee": ("kh-comp-knee-loading-activities",),
    "pain radiating between knee and hip (femoral/obturator nerves)": ("kh-ref-radiation", "hk-ref-radiation"),
    "outer hip or groin pain together with knee symptoms": ("kh-comp-outer-hip-or-groin",),
    "altered gait: limp, antalgic, weight shifted (also onto the other leg)": (
        "kh-comp-altered-gait", "kh-comp-weight-shift-other-leg",
    ),
    "quadriceps weakness with hip muscles overworking": ("kh-comp-quadriceps-weak", "kh-comp-hip-muscles-strained"),
    "gluteal weakness and inward thigh rotation": ("hk-align-abductor-weak", "hk-align-external-rotator-weak"),
    "dynamic knee valgus": (
        "hk-align-dynamic-valgus", "hk-align-valgus-gait", "kh-align-dynamic-valgus", "kh-align-valgus-gait",
    ),
    "pelvic tilt": ("hk-align-pelvic-drop", "kh-align-pelvic-tilt"),
    "the iliotibial band": ("hk-myo-itb", "hk-myo-ober", "kh-myo-itb", "kh-myo-ober"),
    "patellofemoral pain": ("hk-align-patellofemoral", "kh-comp-patellofemoral"),
    "knee ligament or tendon injury and hip stability": ("kh-comp-knee-ligament-hip-stability",),
    "hip tendon or bursa irritation": ("kh-comp-hip-tendon-irritation", "kh-align-hip-tendon-irritation"),
    "knee misalignment tilting the pelvis": ("kh-align-knee-malalignment", "kh-align-patellar-tracking"),
}
LITERATURE_PATTERNS: dict[str, tuple[str, ...]] = {
    "hip osteoarthritis presenting as knee pain (ACR: IR < 15°, flexion ≤ 115°; Altman 1991)": (
        "hk-ref-hip-oa-pattern",
    ),
    "FAI or labral pain radiating to the knee": ("hk-ref-intra-articular-signs", "hk-ref-labral-or-joint-injury"),
    "FADIR is a sensitive screen with LR+ about 1 (Reiman 2015)": (
        "hk-ref-hip-screen-positive", "hk-ref-hip-partly-normal", "kh-ref-hip-screen-positive",
    ),
    "slipped capital femoral epiphysis in adolescents (knee pain only in 15 %)": (
        "hk-ref-scfe-age", "hk-ref-child-hip-signs",
    ),
    "knee pain with a normal knee exam: examine the hip": ("hk-ref-benign-knee",),
    "rectus femoris as a two-joint structure (Thomas)": (
        "hk-myo-rectus-femoris", "kh-myo-rectus-femoris", "hk-myo-rectus-strain", "kh-myo-rectus-strain",
    ),
    "short hip flexors": ("hk-myo-hip-flexors-short", "hk-comp-hip-flexion-contracture"),
    "adductor-related groin pain with medial knee pain (Weir 2015)": ("hk-myo-adductors",),
    "hamstrings as a two-joint structure": ("hk-myo-hamstrings", "kh-myo-hamstrings"),
    "iliotibial band with Ober": ("hk-myo-ober", "kh-myo-ober", "hk-myo-ober-negative", "kh-myo-ober-negative"),
    "hip → knee alignment (Powers 2010)": (
        "hk-align-abductor-weak", "hk-align-external-rotator-weak", "hk-align-dynamic-valgus",
        "hk-align-pelvic-drop",
    ),
    "unilateral hip osteoarthritis loading the knees (Shakoor 2002)": ("hk-comp-other-leg-load", "hk-comp-hip-oa"),
    "compensation builds over weeks": ("kh-comp-too-recent", "hk-comp-too-recent"),
    "lumbar radicular pain to the knee": ("hk-ref-lumbar", "hk-ref-lumbar-radiation"),
}
