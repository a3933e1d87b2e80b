"""Special, stability and functional tests: what each assesses and how it is graded.

Sources: ../shared/clinical-reference.md (IKDC 2000 form for laxity grades,
Powers 2010 for dynamic valgus, Piva 2006 for the step-down).
"""

from __future__ import annotations

from dataclasses import dataclass

from kinelink.forms.vocab import Joint, TestName


@dataclass(frozen=True, slots=True)
class SpecialTest:
    test: TestName
    label: str
    joint: Joint | None  # None = functional (whole limb)
    assesses: str
    positive_means: str
    grading: str  # how the grade field is used, "" when it is not
    source: str
    proper: bool = False  # named after a person or an acronym (Lachman, FADIR): keeps its capital in a sentence
    prose: str = ""  # the name inside a sentence, where it differs from the label ("Thessaly", not "Thessaly (20°)")

    @property
    def in_text(self) -> str:
        """The test's name inside a sentence: 'FADIR positive', 'anterior drawer negative'."""
        name = self.prose or self.label
        return name if self.proper else name[:1].lower() + name[1:]

    @property
    def group(self) -> str:
        return self.joint.label.capitalize() if self.joint else "Functional"


_IKDC = "IKDC 2000 knee examination form"
_LAXITY = "laxity grade 1 (3–5 mm), 2 (6–10 mm), 3 (> 10 mm)"

_ALL: tuple[SpecialTest, ...] = (
    SpecialTest(TestName.LACHMAN, "Lachman", Joint.KNEE, "anterior cruciate ligament (ACL)",
                "increased anterior tibial translation or a soft end-feel", _LAXITY, _IKDC, proper=True),
    SpecialTest(TestName.ANTERIOR_DRAWER, "Anterior drawer", Joint.KNEE, "anterior cruciate ligament (ACL)",
                "increased anterior tibial translation", _LAXITY, _IKDC),
    SpecialTest(TestName.POSTERIOR_DRAWER, "Posterior drawer", Joint.KNEE, "posterior cruciate ligament (PCL)",
                "increased posterior tibial translation", "grade 1–3", _IKDC),
    SpecialTest(TestName.PIVOT_SHIFT, "Pivot shift", Joint.KNEE, "ACL rotatory instability",
                "a glide or clunk of the lateral tibial plateau", "1 glide, 2 clunk, 3 gross", _IKDC),
    SpecialTest(TestName.VALGUS_STRESS_0, "Valgus stress 0°", Joint.KNEE,
                "medial collateral ligament (MCL); laxity at 0° suggests added cruciate or capsular injury",
                "medial joint opening", _LAXITY, _IKDC),
    SpecialTest(TestName.VALGUS_STRESS_30, "Valgus stress 30°", Joint.KNEE, "medial collateral ligament (MCL)",
                "medial joint opening", _LAXITY, _IKDC),
    SpecialTest(TestName.VARUS_STRESS_0, "Varus stress 0°", Joint.KNEE,
                "lateral collateral ligament (LCL); laxity at 0° suggests added cruciate or capsular injury",
                "lateral joint opening", _LAXITY, _IKDC),
    SpecialTest(TestName.VARUS_STRESS_30, "Varus stress 30°", Joint.KNEE, "lateral collateral ligament (LCL)",
                "lateral joint opening", _LAXITY, _IKDC),
    SpecialTest(TestName.MCMURRAY, "McMurray", Joint.KNEE, "meniscus",
                "a painful click along the joint line", "", "McMurray 1942, Br J Surg 29:407", proper=True),
    SpecialTest(TestName.THESSALY, "Thessaly (20°)", Joint.KNEE, "meniscus",
                "joint-line pain or locking on rotation in 20° flexion", "", "Karachalios 2005",
                proper=True, prose="Thessaly"),
    SpecialTest(TestName.PATELLAR_APPREHENSION, "Patellar apprehension", Joint.KNEE, "patellar instability",
                "apprehension as the patella is pushed laterally", "", "Fairbank 1937"),
    SpecialTest(TestName.CLARKE, "Clarke's test", Joint.KNEE, "patellofemoral pain (low accuracy)",
                "retropatellar pain on quadriceps contraction", "",
                "Doberstein 2008, J Athl Train 43:190 (low accuracy)", proper=True),
    SpecialTest(TestName.PATELLAR_TILT, "Patellar tilt", Joint.KNEE, "lateral retinacular tightness",
                "the lateral patellar border cannot be lifted to horizontal", "", "Kolowich 1990"),
    SpecialTest(TestName.FABER, "FABER (Patrick)", Joint.HIP, "hip joint versus sacroiliac joint",
                "groin pain (hip) or posterior pain (sacroiliac), or reduced range", "",
                "Martin & Sekiya 2008, JOSPT 38:71", proper=True, prose="FABER"),
    SpecialTest(TestName.FADIR, "FADIR", Joint.HIP,
                "femoroacetabular impingement and labrum (sensitive screen, not specific)",
                "groin pain reproduced in flexion, adduction and internal rotation", "",
                "Reiman 2015, Br J Sports Med 49:811", proper=True),
    SpecialTest(TestName.THOMAS, "Thomas", Joint.HIP, "hip flexor and rectus femoris length",
                "the thigh lifts off the couch (iliopsoas) or the knee extends (rectus femoris)", "",
                "Harvey 1998, Br J Sports Med 32:68", proper=True),
    SpecialTest(TestName.OBER, "Ober", Joint.HIP, "iliotibial band and TFL tightness",
                "the thigh does not drop to horizontal adduction", "", "Ober 1936, J Bone Joint Surg 18:105",
                proper=True),
    SpecialTest(TestName.TRENDELENBURG, "Trendelenburg", Joint.HIP, "hip abductor function",
                "contralateral pelvic drop in single-leg stance", "",
                "Hardcastle & Nade 1985, J Bone Joint Surg Br 67:741", proper=True, prose="Trendelenburg test"),
    SpecialTest(TestName.LOG_ROLL, "Log roll", Joint.HIP, "intra-articular hip pathology",
                "pain or clicking on passive rotation", "", "Martin & Sekiya 2008, JOSPT 38:71"),
    SpecialTest(TestName.SCOUR, "Scour", Joint.HIP, "intra-articular hip pathology, osteoarthritis",
                "pain or catching on loaded circumduction", "",
                "Maitland 1991 (hip quadrant); accuracy in hip osteoarthritis: Sutlive 2008, JOSPT 38:542"),
    SpecialTest(TestName.STRAIGHT_LEG_RAISE, "Straight leg raise", Joint.HIP,
                "lumbar nerve-root sensitivity (sciatic nerve)",
                "leg pain reproduced between 30° and 70°", "", "Deville 2000, Spine 25:1140",
                prose="straight-leg raise"),
    SpecialTest(TestName.RESISTED_EXTERNAL_DEROTATION, "Resisted external derotation", Joint.HIP,
                "gluteal tendinopathy", "lateral hip pain reproduced", "", "Lequesne 2008, Arthritis Rheum 59:241"),
    SpecialTest(TestName.SINGLE_LEG_SQUAT, "Single-leg squat", None,
                "dynamic knee valgus: hip adduction and internal rotation with knee abduction",
                "the knee moves inward (dynamic valgus)", "", "Powers 2010, JOSPT 40:42"),
    SpecialTest(TestName.STEP_DOWN, "Step-down", None, "dynamic knee valgus or pelvic drop",
                "dynamic knee valgus or contralateral pelvic drop", "Piva step-down score 0–6 in the note",
                "Piva 2006, BMC Musculoskelet Disord 7:33"),
    # One definition (the exam format's): positive = pelvic drop within 30 s; lateral hip pain reproduced
    # is recorded as `painful` (gluteal tendinopathy, Grimaldi 2017), whatever the result.
    SpecialTest(TestName.SINGLE_LEG_STANCE, "30 s single-leg stance", None,
                "hip abductor function; lateral hip pain (recorded as painful) points to gluteal tendinopathy",
                "contralateral pelvic drop within 30 s", "", "Lequesne 2008; Grimaldi 2017, Br J Sports Med 51:519"),
    SpecialTest(TestName.HOP_TEST, "Single-leg hop test", None, "functional limb symmetry",
                "limb symmetry index below 90 %", "",
                "Grindem 2016, Br J Sports Med 50:804 (Delaware–Oslo criteria, after ACL reconstruction)"),
)

SPECIAL_TESTS: dict[TestName, SpecialTest] = {t.test: t for t in _ALL}

# Display order of the groups in forms, tables and the PDF.
TEST_GROUPS: tuple[tuple[str, tuple[SpecialTest, ...]], ...] = (
    ("Knee", tuple(t for t in _ALL if t.joint is Joint.KNEE)),
    ("Hip", tuple(t for t in _ALL if t.joint is Joint.HIP)),
    ("Functional", tuple(t for t in _ALL if t.joint is None)),
)
