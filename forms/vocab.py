"""Vocabularies of the exam format (../shared/exam-format.md) as enums.

The enum *values* are the exact words of the file format; the enum names are
the Python spellings. Human labels live beside them so the GUI and the PDF
never invent their own wording.
"""

from __future__ import annotations

import enum
import functools

from kinelink.forms.i18n import pgettext


class Vocab(enum.Enum):
    """Base for every vocabulary: value is the file word, `label` is for people."""

    # Members are singletons compared by identity, so the identity hash is the right one, and it is
    # computed in C: Enum's own __hash__ (hash of the name, in Python) was a tenth of `analyze`'s time.
    __hash__ = object.__hash__

    @functools.cached_property
    def english_label(self) -> str:
        """Computed once per member (members are immutable singletons); the catalog's msgid."""
        return _LABELS.get(self.value, str(self.value).replace("_", " "))

    @property
    def label(self) -> str:
        """The label in the current language (forms/i18n.py; `tools/messages.py` extracts every one)."""
        return pgettext("vocab", self.english_label)

    @classmethod
    def words(cls) -> list[str]:
        return [str(m.value) for m in cls]


class Side(Vocab):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


class Sex(Vocab):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class Joint(Vocab):
    HIP = "hip"
    KNEE = "knee"

    @property
    def other(self) -> Joint:
        return Joint.KNEE if self is Joint.HIP else Joint.HIP


class Region(Vocab):
    HIP = "hip"
    KNEE = "knee"
    THIGH = "thigh"
    GROIN = "groin"
    LOWER_BACK = "lower_back"
    ANKLE = "ankle"


class Location(Vocab):
    ANTERIOR = "anterior"
    POSTERIOR = "posterior"
    MEDIAL = "medial"
    LATERAL = "lateral"
    GROIN = "groin"
    BUTTOCK = "buttock"
    DIFFUSE = "diffuse"


class Structure(Vocab):
    ACL = "acl"
    PCL = "pcl"
    MCL = "mcl"
    LCL = "lcl"
    MEDIAL_MENISCUS = "medial_meniscus"
    LATERAL_MENISCUS = "lateral_meniscus"
    PATELLA = "patella"
    PATELLAR_TENDON = "patellar_tendon"
    QUADRICEPS_TENDON = "quadriceps_tendon"
    CARTILAGE = "cartilage"
    BONE = "bone"
    LABRUM = "labrum"
    HIP_JOINT = "hip_joint"
    GLUTEAL_TENDON = "gluteal_tendon"
    HAMSTRING = "hamstring"
    ITB = "itb"
    OTHER = "other"
    RECTUS_FEMORIS = "rectus_femoris"
    ADDUCTORS = "adductors"
    HIP_FLEXORS = "hip_flexors"
    ARTHROPLASTY = "arthroplasty"  # a replaced joint: the injury's region says which, its kind is surgery


class InjuryKind(Vocab):
    INJURY = "injury"
    SURGERY = "surgery"


class PainQuality(Vocab):
    ACHE = "ache"
    SHARP = "sharp"
    BURNING = "burning"
    THROBBING = "throbbing"
    PINS_AND_NEEDLES = "pins_and_needles"
    NUMBNESS = "numbness"
    STIFFNESS = "stiffness"


class Activity(Vocab):
    STAIRS = "stairs"
    SQUATTING = "squatting"
    KNEELING = "kneeling"
    RUNNING = "running"
    WALKING = "walking"
    STANDING = "standing"
    PROLONGED_SITTING = "prolonged_sitting"
    RISING_FROM_SITTING = "rising_from_sitting"
    SIDE_LYING = "side_lying"
    PIVOTING = "pivoting"
    JUMPING = "jumping"
    WEIGHT_BEARING = "weight_bearing"


class Gait(Vocab):
    NORMAL = "normal"
    ANTALGIC = "antalgic"
    LIMP = "limp"
    TRENDELENBURG = "trendelenburg"
    REDUCED_KNEE_FLEXION = "reduced_knee_flexion"
    REDUCED_HIP_EXTENSION = "reduced_hip_extension"
    CIRCUMDUCTION = "circumduction"
    HIP_HIKING = "hip_hiking"
    KNEE_VALGUS = "knee_valgus"


class RedFlag(Vocab):
    FEVER = "fever"
    UNEXPLAINED_WEIGHT_LOSS = "unexplained_weight_loss"
    NIGHT_PAIN = "night_pain"
    HISTORY_OF_CANCER = "history_of_cancer"
    HOT_SWOLLEN_JOINT = "hot_swollen_joint"
    INABILITY_TO_BEAR_WEIGHT = "inability_to_bear_weight"
    TRAUMA_WITH_DEFORMITY = "trauma_with_deformity"
    CALF_SWELLING_OR_TENDERNESS = "calf_swelling_or_tenderness"
    SADDLE_ANAESTHESIA = "saddle_anaesthesia"
    PROGRESSIVE_NEUROLOGICAL_DEFICIT = "progressive_neurological_deficit"
    ADOLESCENT_HIP_OR_KNEE_PAIN_WITH_LIMP = "adolescent_hip_or_knee_pain_with_limp"


class Movement(Vocab):
    FLEXION = "flexion"
    EXTENSION = "extension"
    ABDUCTION = "abduction"
    ADDUCTION = "adduction"
    INTERNAL_ROTATION = "internal_rotation"
    EXTERNAL_ROTATION = "external_rotation"


MOVEMENTS_BY_JOINT: dict[Joint, tuple[Movement, ...]] = {
    Joint.HIP: (
        Movement.FLEXION,
        Movement.EXTENSION,
        Movement.ABDUCTION,
        Movement.ADDUCTION,
        Movement.INTERNAL_ROTATION,
        Movement.EXTERNAL_ROTATION,
    ),
    Joint.KNEE: (Movement.FLEXION, Movement.EXTENSION),
}


class Mode(Vocab):
    ACTIVE = "active"
    PASSIVE = "passive"


class MuscleGroup(Vocab):
    FLEXORS = "flexors"
    EXTENSORS = "extensors"
    ABDUCTORS = "abductors"
    ADDUCTORS = "adductors"
    INTERNAL_ROTATORS = "internal_rotators"
    EXTERNAL_ROTATORS = "external_rotators"


GROUPS_BY_JOINT: dict[Joint, tuple[MuscleGroup, ...]] = {
    Joint.HIP: (
        MuscleGroup.FLEXORS,
        MuscleGroup.EXTENSORS,
        MuscleGroup.ABDUCTORS,
        MuscleGroup.ADDUCTORS,
        MuscleGroup.INTERNAL_ROTATORS,
        MuscleGroup.EXTERNAL_ROTATORS,
    ),
    Joint.KNEE: (MuscleGroup.EXTENSORS, MuscleGroup.FLEXORS),
}


class Grade(Vocab):
    """Oxford/MRC grade. Ordered: compare with `.rank`, never as a float."""

    G0 = "0"
    G1M = "1-"
    G1 = "1"
    G1P = "1+"
    G2M = "2-"
    G2 = "2"
    G2P = "2+"
    G3M = "3-"
    G3 = "3"
    G3P = "3+"
    G4M = "4-"
    G4 = "4"
    G4P = "4+"
    G5 = "5"

    @property
    def rank(self) -> int:
        """Ordinal position, 0 (no contraction) … 13 (normal)."""
        return _GRADE_ORDER.index(self)

    @property
    def number(self) -> float:
        """Conventional numeric reading for display and charts: 4- = 3.67, 4+ = 4.33."""
        base = float(self.value[0])
        if self.value.endswith("-"):
            return round(base - 1 / 3, 2)
        if self.value.endswith("+"):
            return round(base + 1 / 3, 2)
        return base

    @functools.cached_property
    def english_label(self) -> str:
        return f"{self.value}/5"


_GRADE_ORDER: list[Grade] = list(Grade)


class TestName(Vocab):
    """The special tests. Adding one: its word here and its row in `forms/special_tests.py`, which
    owns its name ("Noble compression"); the database learns the word when it is next opened."""

    __test__ = False  # not a pytest test class, despite the name

    @property
    def english_label(self) -> str:
        """The catalogue's English name (forms/special_tests.py owns it, and its German)."""
        from kinelink.forms.special_tests import SPECIAL_TESTS  # the catalogue imports this module

        info = SPECIAL_TESTS.get(self)
        return info.label_text if info is not None else str(self.value).replace("_", " ")

    @property
    def label(self) -> str:
        """The catalogue's name in the current language: one German name per test, not a second one
        under the vocabulary's context."""
        from kinelink.forms.special_tests import SPECIAL_TESTS

        info = SPECIAL_TESTS.get(self)
        return info.label if info is not None else self.english_label

    # knee
    LACHMAN = "lachman"
    ANTERIOR_DRAWER = "anterior_drawer"
    POSTERIOR_DRAWER = "posterior_drawer"
    PIVOT_SHIFT = "pivot_shift"
    VALGUS_STRESS_0 = "valgus_stress_0"
    VALGUS_STRESS_30 = "valgus_stress_30"
    VARUS_STRESS_0 = "varus_stress_0"
    VARUS_STRESS_30 = "varus_stress_30"
    MCMURRAY = "mcmurray"
    THESSALY = "thessaly"
    PATELLAR_APPREHENSION = "patellar_apprehension"
    CLARKE = "clarke"
    PATELLAR_TILT = "patellar_tilt"
    # hip
    FABER = "faber"
    FADIR = "fadir"
    THOMAS = "thomas"
    OBER = "ober"
    TRENDELENBURG = "trendelenburg"
    LOG_ROLL = "log_roll"
    SCOUR = "scour"
    STRAIGHT_LEG_RAISE = "straight_leg_raise"
    RESISTED_EXTERNAL_DEROTATION = "resisted_external_derotation"
    # functional
    SINGLE_LEG_SQUAT = "single_leg_squat"
    STEP_DOWN = "step_down"
    SINGLE_LEG_STANCE = "single_leg_stance"
    HOP_TEST = "hop_test"


class TestResult(Vocab):
    __test__ = False  # not a pytest test class, despite the name

    POSITIVE = "positive"
    NEGATIVE = "negative"
    EQUIVOCAL = "equivocal"
    NOT_TESTED = "not_tested"


class TestGrade(Vocab):
    __test__ = False  # not a pytest test class, despite the name

    G1 = "1"
    G2 = "2"
    G3 = "3"


class Instrument(Vocab):
    KOOS = "KOOS"
    HOOS = "HOOS"
    LEFS = "LEFS"


class Mechanism(Vocab):
    COMPENSATION = "compensation"
    ALIGNMENT = "alignment"
    REFERRED = "referred"
    MYOFASCIAL = "myofascial"


class LinkDecision(Vocab):
    """The clinician's verdict on a suggested kinetic-chain link (exam.link_review[])."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"


class DocumentKind(Vocab):
    """What an issued document (exam.documents[]) is."""

    SUMMARY = "summary"
    LETTER = "letter"


class Likelihood(Vocab):
    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"


class RedFlagOrigin(Vocab):
    """Where a red flag came from (analysis output `red_flags[].origin`), most authoritative first."""

    TICKED = "ticked"  # in the screening checklist
    IMPLIED = "implied"  # by recorded findings (age + pain + limp, a temperature in the notes, ...)
    TEXT = "text"  # words in the complaint, past history, medications or notes: to be confirmed


# Labels where "replace underscores" is not good English for a clinician.
_LABELS: dict[str, str] = {
    "lower_back": "lower back",
    "acl": "ACL",
    "pcl": "PCL",
    "mcl": "MCL",
    "lcl": "LCL",
    "itb": "iliotibial band",
    "hip_joint": "hip joint",
    "trendelenburg": "Trendelenburg",
    "saddle_anaesthesia": "saddle anaesthesia",
    "adolescent_hip_or_knee_pain_with_limp": "child/adolescent with hip or knee pain and a limp",
    "calf_swelling_or_tenderness": "calf swelling or tenderness",
    "not_tested": "not tested",
    "sport_rec": "sport/recreation",
    "KOOS": "KOOS",
    "HOOS": "HOOS",
    "LEFS": "LEFS",
}
