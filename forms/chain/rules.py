"""The kinetic-chain knowledge as data: candidate links and the rules that weigh them.

Each `LinkSpec` is one way knee and hip can be linked (source, target,
mechanism): the gate that makes it worth considering (the target joint hurts
on that side), the data it needs to be judged, the next steps it always
brings and its one-sentence summary. Each `Rule` is one finding that supports
or argues against one link: a predicate over the exam, a weight, the finding
worded with the patient's own values, and its references. Adding a rule is
adding a value to `RULES`; the engine (`forms.chain.engine`) never names a
rule.

Weights are the clinician's prior for how strongly one finding, on its own,
points to (or away from) the link: 0.45–0.5 a specific pattern (ACR hip
osteoarthritis signs, SCFE age with a limp, a knee injury dated before the
hip pain), 0.3–0.35 a typical sign, 0.15–0.25 a common or unspecific sign.
Findings marked `standalone=False` are too unspecific to suggest a link on
their own (an injured knee for referred pain, the order of onset for a
myofascial link); they count only next to a standalone finding.

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
    PerformTest,
    Precedes,
    Predicate,
    Radiates,
    Relevant,
    RomBelow,
    RomNormal,
    RomReduced,
    StrengthNormal,
    TestPositive,
    TestsNegative,
    Undated,
    Weak,
)
from kinelink.forms.special_tests import SPECIAL_TESTS
from kinelink.forms.vocab import (
    MOVEMENTS_BY_JOINT,
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

ARTICLE = "“A knee injury can cause pain in the hip”: the indicators of a knee–hip link (Kinelink source article)"
CLINICAL_REFERENCE = "Kinelink clinical reference: knee–hip kinetic-chain patterns and their next steps"
POWERS_2010 = (
    "Powers CM. The influence of abnormal hip mechanics on knee injury. "
    "J Orthop Sports Phys Ther 2010;40(2):42–51"
)
CROSSLEY_2016 = "Crossley KM et al. 2016 patellofemoral pain consensus statement. Br J Sports Med 2016;50:839–843"
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
FREDERICSON_2005 = "Fredericson M, Wolf C. Iliotibial band syndrome in runners. Sports Med 2005;35(5):451–459"
OBER_1936 = "Ober FR. The role of the iliotibial band and fascia lata. J Bone Joint Surg 1936;18:105–110"
HARVEY_1998 = (
    "Harvey D. Assessment of the flexibility of elite athletes using the modified Thomas test. "
    "Br J Sports Med 1998;32:68–70"
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
    "Grimaldi A et al. Clinical tests for gluteal tendinopathy in lateral hip pain. "
    "Br J Sports Med 2017;51:519–524"
)
DELAWARE_OSLO = "LSI < 90 %: Delaware–Oslo criteria (Gokeler 2017, Welling 2018)"
IKDC = "IKDC 2000 knee examination form"


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


# --- shorthands ------------------------------------------------------------------

T, S = Leg.TARGET, Leg.SOURCE
HIP, KNEE = Joint.HIP, Joint.KNEE
HIP_REGIONS = (Region.HIP, Region.GROIN)
KNEE_REGIONS = (Region.KNEE,)

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
DYNAMIC_VALGUS_TESTS = (TestName.SINGLE_LEG_SQUAT, TestName.STEP_DOWN)
PELVIC_DROP_TESTS = (TestName.TRENDELENBURG, TestName.SINGLE_LEG_STANCE)
GLUTEAL_TENDON_TESTS = (TestName.RESISTED_EXTERNAL_DEROTATION, TestName.SINGLE_LEG_STANCE)
KNEE_LIGAMENTS_AND_TENDONS = (
    Structure.ACL, Structure.PCL, Structure.MCL, Structure.LCL,
    Structure.PATELLAR_TENDON, Structure.QUADRICEPS_TENDON,
)
INTRA_ARTICULAR = (Structure.LABRUM, Structure.HIP_JOINT, Structure.CARTILAGE)
PROTECTIVE_GAIT = (Gait.LIMP, Gait.ANTALGIC, Gait.REDUCED_KNEE_FLEXION, Gait.CIRCUMDUCTION, Gait.HIP_HIKING)
HIP_GAIT = (Gait.ANTALGIC, Gait.LIMP, Gait.REDUCED_HIP_EXTENSION, Gait.CIRCUMDUCTION, Gait.TRENDELENBURG)

KNEE_EVENT_S = Event("any", KNEE_REGIONS, S)
KNEE_INJURY_S = Event("injury", KNEE_REGIONS, S)
KNEE_PAIN_S = Event("pain", KNEE_REGIONS, S)
KNEE_PAIN_T = Event("pain", KNEE_REGIONS, T)
HIP_EVENT_S = Event("any", HIP_REGIONS, S)
HIP_PAIN_T = Event("pain", HIP_REGIONS, T)


def knee_problem(leg: Leg) -> Predicate:
    """A knee injury or knee pain on the leg (worded by the first that is present)."""
    return FirstOf((InjuryAt(KNEE_REGIONS, leg, key="knee"), PainAt(KNEE_REGIONS, leg, key="knee")))


def hip_problem(leg: Leg) -> Predicate:
    """A hip injury, hip pain, a stiff or painful hip, or a positive hip joint test on the leg."""
    return FirstOf((
        InjuryAt(HIP_REGIONS, leg, key="hip"),
        PainAt(HIP_REGIONS, leg, key="hip"),
        RomReduced(HIP, (Movement.INTERNAL_ROTATION, Movement.FLEXION), leg, key="hip"),
        TestPositive(HIP_JOINT_TESTS, leg, key="hip"),
    ))


# Osteoarthritis is the reading of stiff-hip signs in adults only; in a child or young adult the
# same signs point to SCFE, Perthes disease or impingement instead (clinical-reference.md).
OA_MIN_AGE = 40


def acr_hip_oa(leg: Leg) -> Predicate:
    """ACR clinical criteria, hip (Altman 1991): internal rotation < 15° and flexion ≤ 115°, in an adult."""
    return (
        RomBelow(HIP, Movement.INTERNAL_ROTATION, leg, 15, key="ir")
        & RomBelow(HIP, Movement.FLEXION, leg, 115, inclusive=True, key="flexion")
        & AgeBetween(OA_MIN_AGE, 200)
    )


KNEE_TESTS = tuple(t for t, info in SPECIAL_TESTS.items() if info.joint is Joint.KNEE)
# The straight-leg raise tests the lumbar nerve roots, not the hip.
HIP_TESTS = tuple(t for t, info in SPECIAL_TESTS.items() if info.joint is Joint.HIP
                  and t is not TestName.STRAIGHT_LEG_RAISE)


def knee_normal(leg: Leg) -> Predicate:
    """An unremarkable knee: flexion and extension recorded, full and painless; ligament and meniscal
    tests recorded negative; no positive knee test, no quadriceps deficit."""
    return (
        RomNormal(KNEE, (Movement.FLEXION, Movement.EXTENSION), leg, key="rom")
        & TestsNegative(KNEE_STRUCTURAL_TESTS, leg, key="tests")
        & ~TestPositive(KNEE_TESTS, leg)
        & ~Weak(KNEE, (MuscleGroup.EXTENSORS,), leg)
    )


def hip_normal(leg: Leg) -> Predicate:
    """An unremarkable hip: internal rotation recorded, full and painless; FADIR, scour, log roll or
    FABER recorded negative; no other hip movement reduced and no positive hip test."""
    return (
        RomNormal(HIP, (Movement.INTERNAL_ROTATION,), leg, key="rom")
        & ~RomReduced(HIP, MOVEMENTS_BY_JOINT[HIP], leg)
        & TestsNegative(HIP_JOINT_TESTS, leg, key="tests")
        & ~TestPositive(HIP_TESTS, leg)
    )


def patellofemoral(leg: Leg) -> Predicate:
    return (
        PainAt(KNEE_REGIONS, leg, (Location.ANTERIOR,), PATELLOFEMORAL_LOADING, key="pfp")
        | TestPositive((TestName.CLARKE, TestName.PATELLAR_TILT), leg, key="pfp")
    )


def pelvic_drop(leg: Leg) -> Predicate:
    return TestPositive(PELVIC_DROP_TESTS, leg, key="drop") | GaitIs((Gait.TRENDELENBURG,), key="drop")


def gluteal_tendon(leg: Leg) -> Predicate:
    return PainAt((Region.HIP,), leg, (Location.LATERAL,), key="pain") & TestPositive(GLUTEAL_TENDON_TESTS, leg)


def supports(
    rule_id: str, link: LinkKey, when: Predicate, weight: float, finding: str, *references: str,
    standalone: bool = True, legs: Legs = Legs.EITHER, next_step: str | None = None, next_step_loads: bool = False,
) -> Rule:
    return Rule(rule_id, link, Polarity.SUPPORTS, when, weight, finding, references, standalone, legs, next_step,
                next_step_loads)


def against(rule_id: str, link: LinkKey, when: Predicate, weight: float, finding: str, *references: str) -> Rule:
    return Rule(rule_id, link, Polarity.AGAINST, when, weight, finding, references)


_KNEE_TESTS_T = PerformTest(
    KNEE_STRUCTURAL_TESTS, T, "No {side} knee ligament or meniscal test recorded: examine the knee"
)
_KNEE_TESTS_S = PerformTest(
    KNEE_STRUCTURAL_TESTS, S, "No {source_side} knee ligament or meniscal test recorded: examine the knee"
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

_HIP_IR_T = MeasureRom(HIP, Movement.INTERNAL_ROTATION, T)
_HIP_IR_S = MeasureRom(HIP, Movement.INTERNAL_ROTATION, S)

LINKS: tuple[LinkSpec, ...] = (
    LinkSpec(
        KH_COMP, HIP_HURTS,
        "{verb} compensation for the {source_side} knee: protecting the knee changes gait and loads the hip",
        (
            DateEvents(KNEE_EVENT_S, HIP_PAIN_T,
                       "Dates of the {source_side} knee problem and the {side} hip pain not recorded: "
                       "ask which came first"),
            _KNEE_TESTS_S,
            MeasureStrength(KNEE, MuscleGroup.EXTENSORS, S),
            MeasureStrength(HIP, MuscleGroup.ABDUCTORS, T),
            _HIP_IR_T,
        ),
        ("Refer for an orthopaedic opinion if the knee stays unstable, locks or does not settle",),
        (ARTICLE, CLINICAL_REFERENCE),
        treatment=(
            "Gait retraining to share the load evenly between the legs",
            "Treat the knee and the compensations together; load the hip progressively",
        ),
        cross_leg=True,
        other_leg_summary=(
            "{verb} compensation for the {source_side} knee: weight shifted onto the {side} leg "
            "overloads the {side} hip"
        ),
    ),
    LinkSpec(
        HK_COMP, KNEE_HURTS,
        "{verb} compensation for the {source_side} hip: a stiff or painful hip changes gait and loads the knee",
        (
            DateEvents(HIP_EVENT_S, KNEE_PAIN_T,
                       "Dates of the {source_side} hip problem and the {side} knee pain not recorded: "
                       "ask which came first"),
            _HIP_IR_S,
            MeasureRom(HIP, Movement.EXTENSION, S),
            _KNEE_TESTS_T,
        ),
        ("Refer for an orthopaedic opinion if the hip problem limits walking",),
        (CLINICAL_REFERENCE, SHAKOOR_2002),
        treatment=(
            "Gait retraining; a stick in the hand opposite the painful hip unloads it",
            "Treat the hip problem and the knee together",
        ),
        cross_leg=True,
        other_leg_summary=(
            "{verb} compensation for the {source_side} hip: weight shifted onto the {side} leg "
            "overloads the {side} knee"
        ),
    ),
    LinkSpec(
        HK_ALIGN, KNEE_HURTS,
        "{verb} a hip-driven alignment fault: weak hip abductors and external rotators let the thigh "
        "move inward (dynamic knee valgus) and load the knee",
        (
            MeasureStrength(HIP, MuscleGroup.ABDUCTORS, S),
            MeasureStrength(HIP, MuscleGroup.EXTERNAL_ROTATORS, S),
            PerformTest(DYNAMIC_VALGUS_TESTS, T,
                        "No single-leg squat or step-down on the {side}: look for dynamic knee valgus "
                        "and pelvic drop", loads=True),
            _KNEE_TESTS_T,
        ),
        (),
        (POWERS_2010, CROSSLEY_2016, CLINICAL_REFERENCE),
        treatment=(
            "Hip- and knee-focused exercise: hip abductors and external rotators with quadriceps",
            "Retrain the single-leg squat and step-down to control knee valgus",
        ),
    ),
    LinkSpec(
        KH_ALIGN, HIP_HURTS,
        "{verb} a knee-driven alignment fault: the knee moving inward tilts the pelvis and strains the hip",
        (
            PerformTest(DYNAMIC_VALGUS_TESTS, T,
                        "No single-leg squat or step-down on the {side}: look for dynamic knee valgus "
                        "and pelvic drop", loads=True),
            PerformTest((TestName.VALGUS_STRESS_30, TestName.PATELLAR_TILT, TestName.PATELLAR_APPREHENSION), S,
                        "No {source_side} valgus stress or patellar test recorded: check knee alignment "
                        "and laxity"),
            MeasureStrength(HIP, MuscleGroup.ABDUCTORS, T),
        ),
        ("Observe knee alignment in standing",),
        (ARTICLE, POWERS_2010),
        treatment=(
            "Observe knee alignment in single-leg squat and step-down",
            "Knee- and hip-focused exercise to control valgus; manage load on the irritated hip tendons",
        ),
    ),
    LinkSpec(
        HK_REF, KNEE_HURTS,
        "{verb} referral from the {source_side} hip (the femoral and obturator nerves supply both joints)",
        (
            _HIP_IR_S,
            MeasureRom(HIP, Movement.FLEXION, S),
            PerformTest((TestName.FADIR, TestName.SCOUR, TestName.LOG_ROLL), S,
                        "No FADIR, scour or log roll on the {source_side}: always examine the hip in knee pain"),
            _KNEE_TESTS_T,
        ),
        (
            "Hip imaging if the hip signs persist in an adult: AP pelvis radiograph first; MR arthrography "
            "if a labral lesion is suspected",
        ),
        (CLINICAL_REFERENCE, BIRNBAUM_1997, KHAN_2004),
    ),
    LinkSpec(
        KH_REF, HIP_HURTS,
        "{verb} referral from the {source_side} knee along nerves shared by both joints",
        (
            _HIP_IR_T,
            PerformTest((TestName.FADIR, TestName.SCOUR, TestName.LOG_ROLL), T,
                        "No FADIR, scour or log roll on the {side}: examine the hip itself"),
            _KNEE_TESTS_S,
        ),
        ("If the hip pain persists, examine the hip fully (internal rotation, flexion, FADIR, scour)",),
        (ARTICLE, CLINICAL_REFERENCE, BIRNBAUM_1997),
        treatment=("Treat the knee as the source and reassess the hip as the knee settles",),
    ),
    LinkSpec(
        HK_MYO, KNEE_HURTS,
        "{verb} a two-joint muscle or fascia (iliotibial band, rectus femoris, hamstrings) carrying "
        "the problem from the hip to the knee",
        (
            Relevant(PerformTest((TestName.OBER,), S,
                                 "No Ober test on the {source_side}: check iliotibial band length"),
                     PainAt(KNEE_REGIONS, T, (Location.LATERAL,))),
            Relevant(PerformTest((TestName.THOMAS,), S,
                                 "No Thomas test on the {source_side}: check hip flexor and rectus femoris length"),
                     PainAt(KNEE_REGIONS, T, (Location.ANTERIOR,))),
        ),
        ("Check soft-tissue length on both sides: Ober, Thomas and hamstring length (passive knee extension)",),
        (ARTICLE, CLINICAL_REFERENCE),
        treatment=("Load management and graded strengthening of the structure involved, with soft-tissue work",),
    ),
    LinkSpec(
        KH_MYO, HIP_HURTS,
        "{verb} a two-joint muscle or fascia (iliotibial band, rectus femoris, hamstrings) carrying "
        "the problem from the knee to the hip",
        (
            Relevant(PerformTest((TestName.OBER,), T, "No Ober test on the {side}: check iliotibial band length"),
                     PainAt((Region.HIP,), T, (Location.LATERAL,))),
            Relevant(PerformTest((TestName.THOMAS,), T,
                                 "No Thomas test on the {side}: check hip flexor and rectus femoris length"),
                     PainAt(HIP_REGIONS, T, (Location.ANTERIOR, Location.GROIN))),
            DateEvents(KNEE_EVENT_S, HIP_PAIN_T,
                       "Dates of the {source_side} knee problem and the {side} hip pain not recorded: "
                       "ask which came first"),
        ),
        ("Check soft-tissue length on both sides: Ober, Thomas and hamstring length (passive knee extension)",),
        (ARTICLE, CLINICAL_REFERENCE),
        treatment=("Load management of the structure at the knee; graded strengthening and soft-tissue work",),
    ),
)


# --- the rules ------------------------------------------------------------------------

_KNEE_ROM = (Movement.FLEXION, Movement.EXTENSION)
_HIP_STIFF = (Movement.INTERNAL_ROTATION, Movement.FLEXION)

RULES: tuple[Rule, ...] = (
    # knee → hip, compensation ---------------------------------------------------
    supports("kh-comp-after-knee-injury", KH_COMP,
             Precedes(KNEE_INJURY_S, HIP_PAIN_T), 0.45,
             "{order}", ARTICLE),
    supports("kh-comp-after-knee-pain", KH_COMP,
             Precedes(KNEE_PAIN_S, HIP_PAIN_T) & ~InjuryAt(KNEE_REGIONS, S), 0.3,
             "{order}", ARTICLE),
    supports("kh-comp-order-unknown", KH_COMP,
             Undated(KNEE_EVENT_S, HIP_PAIN_T), 0.15,
             "{order} recorded without the dates to tell which came first", ARTICLE),
    supports("kh-comp-knee-loading-activities", KH_COMP,
             PainAt(HIP_REGIONS, T, aggravated_by=KNEE_LOADING) & knee_problem(S), 0.25,
             "{pain}: activities that also load the knee", ARTICLE),
    supports("kh-comp-outer-hip-or-groin", KH_COMP,
             (PainAt((Region.HIP,), T, (Location.LATERAL, Location.GROIN)) | PainAt((Region.GROIN,), T))
             & PainAt(KNEE_REGIONS, S, key="knee"), 0.2,
             "{pain} together with {knee}", ARTICLE),
    supports("kh-comp-altered-gait", KH_COMP,
             GaitIs(PROTECTIVE_GAIT) & knee_problem(S), 0.3,
             "{gait} protecting the {source_side} knee", ARTICLE, legs=Legs.SAME),
    supports("kh-comp-weight-shift-other-leg", KH_COMP,
             GaitIs((Gait.ANTALGIC, Gait.LIMP, Gait.REDUCED_KNEE_FLEXION)) & knee_problem(S), 0.35,
             "{gait} off the {source_side} knee: weight shifted onto the {side} leg",
             ARTICLE, PATERNO_2007, legs=Legs.OTHER),
    supports("kh-comp-quadriceps-weak", KH_COMP,
             Weak(KNEE, (MuscleGroup.EXTENSORS,), S), 0.25,
             "{weak}: the hip muscles must work harder to stabilise the leg", ARTICLE, HART_2010, DELAWARE_OSLO),
    supports("kh-comp-hip-muscles-strained", KH_COMP,
             Weak(HIP, (MuscleGroup.ABDUCTORS, MuscleGroup.EXTENSORS), T, key="hip")
             | TestPositive((TestName.THOMAS, TestName.OBER), T, key="hip"), 0.2,
             "{hip}: the hip muscles taking over are weak or tight", ARTICLE, standalone=False),
    supports("kh-comp-patellofemoral", KH_COMP,
             patellofemoral(S), 0.2,
             "{pfp}: patellofemoral pain alters movement and stresses the hip", ARTICLE, CROSSLEY_2016),
    supports("kh-comp-knee-ligament-hip-stability", KH_COMP,
             InjuryAt(KNEE_REGIONS, S, KNEE_LIGAMENTS_AND_TENDONS) & pelvic_drop(T), 0.25,
             "{injury}; poor {side} hip stability: {drop}", ARTICLE),
    supports("kh-comp-hip-tendon-irritation", KH_COMP,
             gluteal_tendon(T), 0.25,
             "{pain} with {test}: gluteal tendon or bursa irritation from overload",
             ARTICLE, GRIMALDI_2017, standalone=False),
    supports("kh-comp-stiff-knee", KH_COMP,
             RomReduced(KNEE, _KNEE_ROM, S, painful=False), 0.2,
             "{rom}: a stiff knee makes the hip compensate", ARTICLE, standalone=False),
    against("kh-comp-hip-pain-first", KH_COMP,
            Precedes(HIP_PAIN_T, KNEE_EVENT_S), 0.5,
            "{order}: the hip problem came first", ARTICLE),
    against("kh-comp-knee-normal", KH_COMP,
            knee_normal(S), 0.35,
            "{Source_side} knee exam unremarkable: {rom}; {tests}", CLINICAL_REFERENCE),
    against("kh-comp-gait-normal", KH_COMP,
            GaitNormal(), 0.15,
            "{gait}: no sign of the knee being protected", ARTICLE),
    against("kh-comp-primary-hip-oa", KH_COMP,
            acr_hip_oa(T), 0.25,
            "{ir} and {flexion}: the ACR pattern of hip osteoarthritis, a problem of the hip itself",
            ALTMAN_1991),

    # hip → knee, compensation ---------------------------------------------------
    supports("hk-comp-after-hip-problem", HK_COMP,
             Precedes(HIP_EVENT_S, KNEE_PAIN_T), 0.35,
             "{order}", CLINICAL_REFERENCE),
    supports("hk-comp-hip-gait", HK_COMP,
             GaitIs(HIP_GAIT) & hip_problem(S), 0.3,
             "{gait} with {hip}: the knee takes up the altered gait", CLINICAL_REFERENCE, legs=Legs.SAME),
    supports("hk-comp-other-leg-load", HK_COMP,
             GaitIs((Gait.ANTALGIC, Gait.LIMP, Gait.TRENDELENBURG, Gait.CIRCUMDUCTION)) & hip_problem(S), 0.35,
             "{gait} with {hip}: weight shifted onto the {side} leg loads the {side} knee",
             SHAKOOR_2002, legs=Legs.OTHER),
    supports("hk-comp-hip-flexion-contracture", HK_COMP,
             RomBelow(HIP, Movement.EXTENSION, S, 0, inclusive=True, key="hip")
             | TestPositive((TestName.THOMAS,), S, key="hip"), 0.25,
             "{hip}: a short hip flexor keeps the knee bent in stance and loads the quadriceps",
             CLINICAL_REFERENCE, HARVEY_1998, standalone=False, legs=Legs.SAME),
    supports("hk-comp-hip-oa", HK_COMP,
             acr_hip_oa(S), 0.25,
             "{ir} and {flexion}: an osteoarthritic hip (ACR pattern) changes gait and loads the knee",
             ALTMAN_1991, SHAKOOR_2002, standalone=False),
    against("hk-comp-knee-first", HK_COMP,
            Precedes(KNEE_PAIN_T, HIP_EVENT_S), 0.4,
            "{order}: the knee pain came first", CLINICAL_REFERENCE),
    against("hk-comp-hip-normal", HK_COMP,
            hip_normal(S), 0.4,
            "{Source_side} hip exam unremarkable: {rom}; {tests}", CLINICAL_REFERENCE),
    against("hk-comp-knee-lesion", HK_COMP,
            TestPositive(KNEE_STRUCTURAL_TESTS, T, key="knee") | InjuryAt(KNEE_REGIONS, T, key="knee"), 0.3,
            "{knee}: a knee lesion may explain the knee pain", IKDC),
    against("hk-comp-gait-normal", HK_COMP,
            GaitNormal(), 0.15,
            "{gait}: no altered gait to load the knee", CLINICAL_REFERENCE),

    # hip → knee, alignment ----------------------------------------------------------
    supports("hk-align-abductor-weak", HK_ALIGN,
             Weak(HIP, (MuscleGroup.ABDUCTORS,), S), 0.3,
             "{weak}: gluteal weakness lets the pelvis drop and the thigh move inward",
             POWERS_2010, ARTICLE, DELAWARE_OSLO),
    supports("hk-align-external-rotator-weak", HK_ALIGN,
             Weak(HIP, (MuscleGroup.EXTERNAL_ROTATORS,), S), 0.25,
             "{weak}: the thigh rotates inward under load", POWERS_2010, ARTICLE, DELAWARE_OSLO),
    supports("hk-align-dynamic-valgus", HK_ALIGN,
             TestPositive(DYNAMIC_VALGUS_TESTS, T), 0.35,
             "{test}: dynamic knee valgus (hip adduction and internal rotation)", POWERS_2010, ARTICLE),
    supports("hk-align-valgus-gait", HK_ALIGN,
             GaitIs((Gait.KNEE_VALGUS,)), 0.2,
             "{gait} (dynamic valgus)", POWERS_2010, ARTICLE),
    supports("hk-align-pelvic-drop", HK_ALIGN,
             pelvic_drop(S), 0.25,
             "{drop}: contralateral pelvic drop (pelvic tilt) in single-leg stance", POWERS_2010, ARTICLE),
    supports("hk-align-patellofemoral", HK_ALIGN,
             patellofemoral(T), 0.2,
             "{pfp}: the patellofemoral pain pattern", CROSSLEY_2016, POWERS_2010, ARTICLE),
    supports("hk-align-benign-knee", HK_ALIGN,
             TestsNegative(KNEE_STRUCTURAL_TESTS, T), 0.15,
             "{tests}: no structural knee lesion found", POWERS_2010, standalone=False),
    against("hk-align-hip-strength-normal", HK_ALIGN,
            StrengthNormal(HIP, (MuscleGroup.ABDUCTORS,), S), 0.3,
            "{strength}: no hip abductor weakness", POWERS_2010),
    against("hk-align-squat-normal", HK_ALIGN,
            TestsNegative(DYNAMIC_VALGUS_TESTS, T), 0.3,
            "{tests}: no dynamic knee valgus", POWERS_2010),
    against("hk-align-structural-knee", HK_ALIGN,
            TestPositive(KNEE_STRUCTURAL_TESTS, T), 0.25,
            "{test}: a structural knee lesion may explain the knee pain", IKDC),

    # knee → hip, alignment ------------------------------------------------------------
    supports("kh-align-dynamic-valgus", KH_ALIGN,
             TestPositive(DYNAMIC_VALGUS_TESTS, T), 0.3,
             "{test}: the knee moving inward tilts the pelvis and strains the hip", ARTICLE, POWERS_2010),
    supports("kh-align-knee-malalignment", KH_ALIGN,
             TestPositive((TestName.VALGUS_STRESS_0, TestName.VALGUS_STRESS_30, TestName.PATELLAR_TILT,
                           TestName.PATELLAR_APPREHENSION), S, key="knee")
             | InjuryAt(KNEE_REGIONS, S, (Structure.MCL, Structure.PATELLA), key="knee"), 0.3,
             "{knee}: a lax or malaligned knee", ARTICLE, IKDC),
    supports("kh-align-valgus-gait", KH_ALIGN,
             GaitIs((Gait.KNEE_VALGUS,)), 0.2,
             "{gait}: the knee drifts inward in stance", ARTICLE),
    supports("kh-align-pelvic-tilt", KH_ALIGN,
             pelvic_drop(T), 0.2,
             "{drop}: the pelvis tilts over the {side} hip", ARTICLE, standalone=False),
    supports("kh-align-hip-tendon-irritation", KH_ALIGN,
             gluteal_tendon(T), 0.25,
             "{pain} with {test}: gluteal tendon or bursa irritation from abnormal loading",
             ARTICLE, GRIMALDI_2017, standalone=False),
    supports("kh-align-knee-first", KH_ALIGN,
             Precedes(KNEE_EVENT_S, HIP_PAIN_T), 0.2,
             "{order}", ARTICLE, standalone=False),
    against("kh-align-squat-normal", KH_ALIGN,
            TestsNegative(DYNAMIC_VALGUS_TESTS, T), 0.3,
            "{tests}: no dynamic knee valgus", POWERS_2010),
    against("kh-align-hip-first", KH_ALIGN,
            Precedes(HIP_PAIN_T, KNEE_EVENT_S), 0.3,
            "{order}: the hip problem came first", ARTICLE),

    # hip → knee, referred ---------------------------------------------------------------
    supports("hk-ref-hip-oa-pattern", HK_REF,
             acr_hip_oa(S), 0.45,
             "{ir} and {flexion}: the ACR clinical pattern of hip osteoarthritis (internal rotation < 15°, "
             "flexion ≤ 115°), which often presents as knee pain",
             ALTMAN_1991, KHAN_2004),
    supports("hk-ref-hip-stiff-or-painful", HK_REF,
             RomReduced(HIP, _HIP_STIFF, S) & ~acr_hip_oa(S), 0.3,
             "{rom}: a stiff or painful hip", CLINICAL_REFERENCE),
    supports("hk-ref-intra-articular-signs", HK_REF,
             TestPositive(HIP_JOINT_TESTS, S), 0.3,
             "{test}: intra-articular hip pain (impingement, labrum, osteoarthritis)",
             WARWICK_2016, CLINICAL_REFERENCE),
    supports("hk-ref-labral-or-joint-injury", HK_REF,
             InjuryAt((Region.HIP,), S, INTRA_ARTICULAR), 0.3,
             "{injury}: intra-articular hip lesions can refer pain to the knee", WARWICK_2016, CLINICAL_REFERENCE),
    supports("hk-ref-groin-pain", HK_REF,
             PainAt((Region.GROIN,), S) | PainAt((Region.HIP,), S, (Location.GROIN,)), 0.25,
             "{pain}: groin pain points to the hip joint", CLINICAL_REFERENCE, ARTICLE),
    supports("hk-ref-radiation", HK_REF,
             Radiates((Region.HIP, Region.GROIN, Region.THIGH), S, KNEE_REGIONS), 0.35,
             "{radiation}: the femoral and obturator nerves supply both joints", ARTICLE, BIRNBAUM_1997),
    supports("hk-ref-benign-knee", HK_REF,
             knee_normal(T), 0.3,
             "Knee pain with an unremarkable {side} knee exam: {rom}; {tests}", CLINICAL_REFERENCE),
    supports("hk-ref-scfe-age", HK_REF,
             AgeBetween(8, 16) & PainAt((Region.KNEE, Region.THIGH), T) & GaitIs((Gait.LIMP, Gait.ANTALGIC)), 0.5,
             "{gait} in a {age} with {pain}: a slipped capital femoral epiphysis can present with knee pain alone",
             MATAVA_1999, CLINICAL_REFERENCE,
             next_step="Refer the same day for hip radiographs (AP pelvis and frog-leg lateral); keep the "
                       "child off the leg until seen"),
    supports("hk-ref-hip-injury", HK_REF,
             InjuryAt(HIP_REGIONS, S) & ~InjuryAt((Region.HIP,), S, INTRA_ARTICULAR), 0.2,
             "{injury}: an injured hip can refer pain to the knee", CLINICAL_REFERENCE, standalone=False),
    against("hk-ref-hip-normal", HK_REF,
            hip_normal(S), 0.45,
            "{Source_side} hip exam unremarkable: {rom}; {tests}", CLINICAL_REFERENCE),
    against("hk-ref-knee-lesion", HK_REF,
            TestPositive(KNEE_STRUCTURAL_TESTS, T), 0.3,
            "{test}: a knee lesion may explain the knee pain", IKDC),
    against("hk-ref-knee-injury", HK_REF,
            InjuryAt(KNEE_REGIONS, T) & ~knee_normal(T), 0.25,
            "{injury}: the knee has a cause of its own", CLINICAL_REFERENCE),
    against("hk-ref-lumbar", HK_REF,
            PainAt((Region.LOWER_BACK,), T, key="spine") | TestPositive((TestName.STRAIGHT_LEG_RAISE,), T, key="spine"),
            0.25,
            "{spine}: consider the lumbar spine as the source of referred pain", CLINICAL_REFERENCE),

    # knee → hip, referred -----------------------------------------------------------------
    supports("kh-ref-radiation", KH_REF,
             Radiates(KNEE_REGIONS, S, (Region.HIP, Region.GROIN, Region.THIGH)), 0.45,
             "{radiation}: pain referred along nerves shared by knee and hip", ARTICLE, BIRNBAUM_1997),
    supports("kh-ref-knee-lesion", KH_REF,
             InjuryAt(KNEE_REGIONS, S, key="knee") | TestPositive(KNEE_STRUCTURAL_TESTS, S, key="knee"), 0.25,
             "{knee}: an irritated knee", ARTICLE, standalone=False),
    supports("kh-ref-hip-normal", KH_REF,
             hip_normal(T), 0.3,
             "Hip pain with an unremarkable {side} hip exam: {rom}; {tests}",
             CLINICAL_REFERENCE, standalone=False),
    against("kh-ref-hip-signs", KH_REF,
            RomReduced(HIP, _HIP_STIFF, T, key="hip") | TestPositive(HIP_JOINT_TESTS, T, key="hip"), 0.4,
            "{hip}: the hip has signs of its own", CLINICAL_REFERENCE),
    against("kh-ref-knee-normal", KH_REF,
            knee_normal(S), 0.35,
            "{Source_side} knee exam unremarkable: {rom}; {tests}", CLINICAL_REFERENCE),

    # hip → knee, myofascial ------------------------------------------------------------------
    supports("hk-myo-itb", HK_MYO,
             PainAt(KNEE_REGIONS, T, (Location.LATERAL,), key="knee")
             & PainAt((Region.HIP, Region.THIGH), S, (Location.LATERAL,), key="hip"), 0.3,
             "{knee} with {hip}: pain along the iliotibial band, which crosses hip and knee",
             FREDERICSON_2005, ARTICLE),
    supports("hk-myo-ober", HK_MYO,
             PainAt(KNEE_REGIONS, T, (Location.LATERAL,)) & TestPositive((TestName.OBER,), S), 0.45,
             "{pain} with {test}: a tight iliotibial band and TFL pulling on the outer knee",
             FREDERICSON_2005, OBER_1936, ARTICLE,
             next_step="Runners: reduce volume and downhill running while the iliotibial band settles",
             next_step_loads=True),
    supports("hk-myo-itb-activity", HK_MYO,
             PainAt(KNEE_REGIONS, T, (Location.LATERAL,), (Activity.RUNNING, Activity.STAIRS)), 0.2,
             "{pain}: typical of iliotibial band friction", FREDERICSON_2005, standalone=False),
    supports("hk-myo-rectus-femoris", HK_MYO,
             PainAt(KNEE_REGIONS, T, (Location.ANTERIOR,)) & TestPositive((TestName.THOMAS,), S), 0.35,
             "{pain} with {test}: a short rectus femoris, which crosses hip and knee",
             HARVEY_1998, ARTICLE),
    supports("hk-myo-hamstrings", HK_MYO,
             PainAt(KNEE_REGIONS, T, (Location.POSTERIOR,))
             & (PainAt((Region.HIP, Region.THIGH), S, (Location.POSTERIOR, Location.BUTTOCK), key="hamstring")
                | InjuryAt((Region.HIP, Region.THIGH), S, (Structure.HAMSTRING,), key="hamstring")), 0.4,
             "{pain} with {hamstring}: the hamstrings cross hip and knee", ARTICLE, CLINICAL_REFERENCE),
    against("hk-myo-ober-negative", HK_MYO,
            PainAt(KNEE_REGIONS, T, (Location.LATERAL,), key="pain") & TestsNegative((TestName.OBER,), S), 0.35,
            "{tests} despite {pain}: normal iliotibial band length", OBER_1936),
    against("hk-myo-knee-first", HK_MYO,
            Precedes(KNEE_PAIN_T, HIP_EVENT_S), 0.3,
            "{order}: the knee came first, so the problem more likely travels from knee to hip", ARTICLE),
    against("hk-myo-structural-knee", HK_MYO,
            TestPositive(KNEE_STRUCTURAL_TESTS, T), 0.2,
            "{test}: a structural knee lesion may explain the knee pain", IKDC),

    # knee → hip, myofascial ------------------------------------------------------------------
    supports("kh-myo-itb", KH_MYO,
             PainAt((Region.HIP,), T, (Location.LATERAL,))
             & FirstOf((InjuryAt(KNEE_REGIONS, S, (Structure.ITB, Structure.LCL), key="knee"),
                        PainAt(KNEE_REGIONS, S, (Location.LATERAL,), key="knee"))), 0.3,
             "{knee} and {pain}: the iliotibial band links the outer knee and hip",
             FREDERICSON_2005, ARTICLE),
    supports("kh-myo-ober", KH_MYO,
             TestPositive((TestName.OBER,), T), 0.3,
             "{test}: a tight iliotibial band", OBER_1936, standalone=False),
    supports("kh-myo-rectus-femoris", KH_MYO,
             PainAt(HIP_REGIONS, T, (Location.ANTERIOR, Location.GROIN))
             & FirstOf((InjuryAt(KNEE_REGIONS, S, (Structure.QUADRICEPS_TENDON, Structure.PATELLAR_TENDON,
                                                   Structure.PATELLA), key="knee"),
                        PainAt(KNEE_REGIONS, S, (Location.ANTERIOR,), key="knee")))
             & TestPositive((TestName.THOMAS,), T), 0.35,
             "{knee} and {pain} with {test}: the rectus femoris links the front of knee and hip",
             HARVEY_1998, ARTICLE),
    supports("kh-myo-hamstrings", KH_MYO,
             PainAt((Region.HIP,), T, (Location.POSTERIOR, Location.BUTTOCK))
             & FirstOf((InjuryAt(KNEE_REGIONS, S, (Structure.HAMSTRING,), key="knee"),
                        PainAt(KNEE_REGIONS, S, (Location.POSTERIOR,), key="knee"))), 0.4,
             "{knee} and {pain}: the hamstrings link the back of knee and hip", ARTICLE, CLINICAL_REFERENCE),
    supports("kh-myo-knee-first", KH_MYO,
             Precedes(KNEE_EVENT_S, HIP_PAIN_T), 0.2,
             "{order}", ARTICLE, standalone=False),
    against("kh-myo-ober-negative", KH_MYO,
            PainAt((Region.HIP,), T, (Location.LATERAL,), key="pain") & TestsNegative((TestName.OBER,), T), 0.35,
            "{tests} despite {pain}: normal iliotibial band length", OBER_1936),
    against("kh-myo-hip-first", KH_MYO,
            Precedes(HIP_PAIN_T, KNEE_EVENT_S), 0.3,
            "{order}: the hip problem came first", ARTICLE),
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
    "knee misalignment tilting the pelvis": ("kh-align-knee-malalignment",),
}
LITERATURE_PATTERNS: dict[str, tuple[str, ...]] = {
    "hip osteoarthritis presenting as knee pain (ACR: IR < 15°, flexion ≤ 115°; Altman 1991)": (
        "hk-ref-hip-oa-pattern",
    ),
    "FAI or labral pain radiating to the knee": ("hk-ref-intra-articular-signs", "hk-ref-labral-or-joint-injury"),
    "slipped capital femoral epiphysis in adolescents (knee pain only in 15 %)": ("hk-ref-scfe-age",),
    "knee pain with a normal knee exam: examine the hip": ("hk-ref-benign-knee",),
    "rectus femoris as a two-joint structure (Thomas)": ("hk-myo-rectus-femoris", "kh-myo-rectus-femoris"),
    "hamstrings as a two-joint structure": ("hk-myo-hamstrings", "kh-myo-hamstrings"),
    "iliotibial band with Ober": ("hk-myo-ober", "kh-myo-ober", "hk-myo-ober-negative", "kh-myo-ober-negative"),
    "hip → knee alignment (Powers 2010)": (
        "hk-align-abductor-weak", "hk-align-external-rotator-weak", "hk-align-dynamic-valgus",
        "hk-align-pelvic-drop",
    ),
    "unilateral hip osteoarthritis loading the knees (Shakoor 2002)": ("hk-comp-other-leg-load", "hk-comp-hip-oa"),
}
