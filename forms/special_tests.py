"""Special, stability and functional tests: what each assesses and how it is graded.

Sources: ../shared/clinical-reference.md (IKDC 2000 form for laxity grades,
Powers 2010 for dynamic valgus, Piva 2006 for the step-down).
"""

from __future__ import annotations

from dataclasses import dataclass

from kinelink.forms import i18n
from kinelink.forms.formats import upper_first
from kinelink.forms.i18n import N_, _
from kinelink.forms.vocab import Joint, TestName


@dataclass(frozen=True, slots=True)
class SpecialTest:
    test: TestName
    # The words are English, marked for the catalog; the properties below give them in the current language.
    label_text: str
    joint: Joint | None  # None = functional (whole limb)
    assesses_text: str
    positive_text: str
    grading_text: str  # how the grade field is used, "" when it is not
    source: str
    proper: bool = False  # named after a person or an acronym (Lachman, FADIR): keeps its capital in a sentence
    prose_text: str = ""  # the name inside a sentence if not the label ("Thessaly", not "Thessaly (20°)")

    @property
    def label(self) -> str:
        return _(self.label_text)

    @property
    def assesses(self) -> str:
        return _(self.assesses_text)

    @property
    def positive_means(self) -> str:
        return _(self.positive_text)

    @property
    def grading(self) -> str:
        return _(self.grading_text) if self.grading_text else ""

    @property
    def prose(self) -> str:
        return _(self.prose_text) if self.prose_text else ""

    @property
    def in_text(self) -> str:
        """The test's name inside a sentence: 'FADIR positive', 'anterior drawer negative'."""
        name = self.prose or self.label
        return name if self.proper or i18n.current().code == i18n.GERMAN else name[:1].lower() + name[1:]

    @property
    def group(self) -> str:
        return upper_first(self.joint.label) if self.joint else _("Functional")


_IKDC = "IKDC 2000 knee examination form"
_LAXITY = N_("laxity grade 1 (3–5 mm), 2 (6–10 mm), 3 (> 10 mm)")

_ALL: tuple[SpecialTest, ...] = (
    SpecialTest(TestName.LACHMAN, N_("Lachman"), Joint.KNEE, N_("anterior cruciate ligament (ACL)"),
                N_("increased anterior tibial translation or a soft end-feel"), _LAXITY, _IKDC, proper=True),
    SpecialTest(TestName.ANTERIOR_DRAWER, N_("Anterior drawer"), Joint.KNEE, N_("anterior cruciate ligament (ACL)"),
                N_("increased anterior tibial translation"), _LAXITY, _IKDC),
    SpecialTest(TestName.POSTERIOR_DRAWER, N_("Posterior drawer"), Joint.KNEE, N_("posterior cruciate ligament (PCL)"),
                N_("increased posterior tibial translation"), N_("grade 1–3"), _IKDC),
    SpecialTest(TestName.PIVOT_SHIFT, N_("Pivot shift"), Joint.KNEE, N_("ACL rotatory instability"),
                N_("a glide or clunk of the lateral tibial plateau"), N_("1 glide, 2 clunk, 3 gross"), _IKDC),
    SpecialTest(TestName.VALGUS_STRESS_0, N_("Valgus stress 0°"), Joint.KNEE,
                N_("medial collateral ligament (MCL); laxity at 0° suggests added cruciate or capsular injury"),
                N_("medial joint opening"), _LAXITY, _IKDC),
    SpecialTest(TestName.VALGUS_STRESS_30, N_("Valgus stress 30°"), Joint.KNEE, N_("medial collateral ligament (MCL)"),
                N_("medial joint opening"), _LAXITY, _IKDC),
    SpecialTest(TestName.VARUS_STRESS_0, N_("Varus stress 0°"), Joint.KNEE,
                N_("lateral collateral ligament (LCL); laxity at 0° suggests added cruciate or capsular injury"),
                N_("lateral joint opening"), _LAXITY, _IKDC),
    SpecialTest(TestName.VARUS_STRESS_30, N_("Varus stress 30°"), Joint.KNEE, N_("lateral collateral ligament (LCL)"),
                N_("lateral joint opening"), _LAXITY, _IKDC),
    SpecialTest(TestName.MCMURRAY, N_("McMurray"), Joint.KNEE, N_("meniscus"),
                N_("a painful click along the joint line"), "", "McMurray 1942, Br J Surg 29:407", proper=True),
    SpecialTest(TestName.THESSALY, N_("Thessaly (20°)"), Joint.KNEE, N_("meniscus"),
                N_("joint-line pain or locking on rotation in 20° flexion"), "", "Karachalios 2005",
                proper=True, prose_text=N_("Thessaly")),
    SpecialTest(TestName.PATELLAR_APPREHENSION, N_("Patellar apprehension"), Joint.KNEE, N_("patellar instability"),
                N_("apprehension as the patella is pushed laterally"), "", "Fairbank 1937"),
    SpecialTest(TestName.CLARKE, N_("Clarke's test"), Joint.KNEE, N_("patellofemoral pain (low accuracy)"),
                N_("retropatellar pain on quadriceps contraction"), "",
                "Doberstein 2008, J Athl Train 43:190 (low accuracy)", proper=True),
    SpecialTest(TestName.PATELLAR_TILT, N_("Patellar tilt"), Joint.KNEE, N_("lateral retinacular tightness"),
                N_("the lateral patellar border cannot be lifted to horizontal"), "", "Kolowich 1990"),
    SpecialTest(TestName.FABER, N_("FABER (Patrick)"), Joint.HIP, N_("hip joint versus sacroiliac joint"),
                N_("groin pain (hip) or posterior pain (sacroiliac), or reduced range"), "",
                "Martin & Sekiya 2008, JOSPT 38:71", proper=True, prose_text=N_("FABER")),
    SpecialTest(TestName.FADIR, N_("FADIR"), Joint.HIP,
                N_("femoroacetabular impingement and labrum (sensitive screen, not specific)"),
                N_("groin pain reproduced in flexion, adduction and internal rotation"), "",
                "Reiman 2015, Br J Sports Med 49:811", proper=True),
    SpecialTest(TestName.THOMAS, N_("Thomas"), Joint.HIP, N_("hip flexor and rectus femoris length"),
                N_("the thigh lifts off the couch (iliopsoas) or the knee extends (rectus femoris)"), "",
                "Harvey 1998, Br J Sports Med 32:68", proper=True),
    SpecialTest(TestName.OBER, N_("Ober"), Joint.HIP, N_("iliotibial band and TFL tightness"),
                N_("the thigh does not drop to horizontal adduction"), "", "Ober 1936, J Bone Joint Surg 18:105",
                proper=True),
    SpecialTest(TestName.TRENDELENBURG, N_("Trendelenburg"), Joint.HIP, N_("hip abductor function"),
                N_("contralateral pelvic drop in single-leg stance"), "",
                "Hardcastle & Nade 1985, J Bone Joint Surg Br 67:741", proper=True,
                prose_text=N_("Trendelenburg test")),
    SpecialTest(TestName.LOG_ROLL, N_("Log roll"), Joint.HIP, N_("intra-articular hip pathology"),
                N_("pain or clicking on passive rotation"), "", "Martin & Sekiya 2008, JOSPT 38:71"),
    SpecialTest(TestName.SCOUR, N_("Scour"), Joint.HIP, N_("intra-articular hip pathology, osteoarthritis"),
                N_("pain or catching on loaded circumduction"), "",
                "Maitland 1991 (hip quadrant); accuracy in hip osteoarthritis: Sutlive 2008, JOSPT 38:542"),
    SpecialTest(TestName.STRAIGHT_LEG_RAISE, N_("Straight leg raise"), Joint.HIP,
                N_("lumbar nerve-root sensitivity (sciatic nerve)"),
                N_("leg pain reproduced between 30° and 70°"), "", "Deville 2000, Spine 25:1140",
                prose_text=N_("straight-leg raise")),
    SpecialTest(TestName.RESISTED_EXTERNAL_DEROTATION, N_("Resisted external derotation"), Joint.HIP,
                N_("gluteal tendinopathy"), N_("lateral hip pain reproduced"), "",
                "Lequesne 2008, Arthritis Rheum 59:241"),
    SpecialTest(TestName.SINGLE_LEG_SQUAT, N_("Single-leg squat"), None,
                N_("dynamic knee valgus: hip adduction and internal rotation with knee abduction"),
                N_("the knee moves inward (dynamic valgus)"), "", "Powers 2010, JOSPT 40:42"),
    SpecialTest(TestName.STEP_DOWN, N_("Step-down"), None, N_("dynamic knee valgus or pelvic drop"),
                N_("dynamic knee valgus or contralateral pelvic drop"), N_("Piva step-down score 0–6 in the note"),
                "Piva 2006, BMC Musculoskelet Disord 7:33"),
    # One definition (the exam format's): positive = pelvic drop within 30 s; lateral hip pain reproduced
    # is recorded as `painful` (gluteal tendinopathy, Grimaldi 2017), whatever the result.
    SpecialTest(TestName.SINGLE_LEG_STANCE, N_("30 s single-leg stance"), None,
                N_("hip abductor function; lateral hip pain (recorded as painful) points to gluteal tendinopathy"),
                N_("contralateral pelvic drop within 30 s"), "", "Lequesne 2008; Grimaldi 2017, Br J Sports Med "
                                                                 "51:519"),
    SpecialTest(TestName.HOP_TEST, N_("Single-leg hop test"), None, N_("functional limb symmetry"),
                N_("limb symmetry index below 90 %"), "",
                "Grindem 2016, Br J Sports Med 50:804 (Delaware–Oslo criteria, after ACL reconstruction)"),
)

SPECIAL_TESTS: dict[TestName, SpecialTest] = {t.test: t for t in _ALL}

# Display order of the groups in forms, tables and the PDF.
TEST_GROUPS: tuple[tuple[str, tuple[SpecialTest, ...]], ...] = (
    (N_("Knee"), tuple(t for t in _ALL if t.joint is Joint.KNEE)),
    (N_("Hip"), tuple(t for t in _ALL if t.joint is Joint.HIP)),
    (N_("Functional"), tuple(t for t in _ALL if t.joint is None)),
)
