"""Exam protocols: which fields the editor shows for a kind of visit.

A protocol names, by their catalogue ids, the range-of-motion movements (`forms.norms.ROM_NORMS`:
"joint.movement"), the muscle groups (`forms.muscles.MUSCLE_GROUPS`: "joint.group"), the special
tests (`forms.special_tests.SPECIAL_TESTS`) and the questionnaires (`forms.questionnaires`) shown
when the clinician picks it. It only chooses what is shown: it never changes what is recorded, a
field outside it that holds a value is always shown, and "show all fields" brings back the rest.
Nothing about a protocol is stored with the exam (the exam format stays as it is).

The selections are a clinician's working sets, not guidelines; each says what it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass

from kinelink.forms.i18n import N_
from kinelink.forms.vocab import Instrument, Joint, Movement, MuscleGroup, TestName

RomId = tuple[Joint, Movement]
GroupId = tuple[Joint, MuscleGroup]


@dataclass(frozen=True, slots=True)
class Protocol:
    id: str
    label: str  # English, marked for the catalogue: show it through `_()`
    purpose: str  # the same
    rom: tuple[str, ...]  # "knee.flexion"
    strength: tuple[str, ...]  # "hip.abductors"
    tests: tuple[str, ...]  # "lachman"
    questionnaires: tuple[str, ...]  # "KOOS"
    basis: str

    def rom_ids(self) -> frozenset[RomId]:
        return frozenset((Joint(j), Movement(m)) for j, m in (r.split(".") for r in self.rom))

    def strength_ids(self) -> frozenset[GroupId]:
        return frozenset((Joint(j), MuscleGroup(g)) for j, g in (r.split(".") for r in self.strength))

    def test_ids(self) -> frozenset[TestName]:
        return frozenset(TestName(t) for t in self.tests)

    def instruments(self) -> frozenset[Instrument]:
        return frozenset(Instrument(q) for q in self.questionnaires)


_HIP_IN_KNEE_PAIN = (
    "the hip is screened in every knee exam: hip pain can be felt only in the knee (referred pain; "
    "a slipped capital femoral epiphysis presents with knee pain alone in about 15 %), "
    "../shared/clinical-reference.md, kinetic-chain links"
)
_HIP_OA_ROM = ("hip internal rotation and flexion: the ACR clinical criteria for hip osteoarthritis "
              "(Altman et al. 1991, Arthritis Rheum 34:505)")
_HIP_STRENGTH = ("the six hip strength tests of Thorborg et al. 2010, Scand J Med Sci Sports 20:493 (abduction, "
                 "adduction, external and internal rotation, flexion, extension by hand-held dynamometer)")
_KNEE_TESTS = "ligament, meniscus and patellofemoral tests of the IKDC 2000 knee examination form"
_CHAIN = ("hip abductor and external rotator weakness with dynamic knee valgus on single-leg squat or step-down "
          "(Powers 2010, J Orthop Sports Phys Ther 40:42); ITB (Ober) and rectus femoris (Thomas) length for the "
          "two-joint structures; FADIR for pain referred from the hip")
_QUESTIONNAIRES = ("KOOS for the knee (Roos & Lohmander 2003, Health Qual Life Outcomes 1:64), HOOS for the hip "
                   "(Nilsdotter et al. 2003, BMC Musculoskelet Disord 4:10), LEFS for either (Binkley et al. 1999, "
                   "Phys Ther 79:371)")

QUICK_KNEE = Protocol(
    id="quick_knee",
    label=N_("Quick knee screen"),
    purpose=N_("A short knee exam with a hip screen: knee range and strength, the main ligament and meniscus "
            "tests, and the KOOS."),
    rom=("knee.flexion", "knee.extension", "hip.flexion", "hip.internal_rotation"),
    strength=("knee.extensors", "knee.flexors"),
    tests=("lachman", "valgus_stress_30", "varus_stress_30", "mcmurray", "fadir"),
    questionnaires=("KOOS",),
    basis=f"{_KNEE_TESTS} (the first of each structure); {_HIP_IN_KNEE_PAIN}; {_QUESTIONNAIRES}",
)

FULL_KNEE = Protocol(
    id="full_knee",
    label=N_("Full knee"),
    purpose=N_("Every knee test, knee range and strength, a hip screen, the functional tests and hop, KOOS and LEFS."),
    rom=("knee.flexion", "knee.extension", "hip.flexion", "hip.internal_rotation", "hip.external_rotation"),
    strength=("knee.extensors", "knee.flexors", "hip.abductors"),
    tests=("lachman", "anterior_drawer", "posterior_drawer", "pivot_shift", "valgus_stress_0", "valgus_stress_30",
           "varus_stress_0", "varus_stress_30", "mcmurray", "thessaly", "patellar_apprehension", "clarke",
           "patellar_tilt", "fadir", "single_leg_squat", "step_down", "hop_test"),
    questionnaires=("KOOS", "LEFS"),
    basis=f"{_KNEE_TESTS}; {_HIP_IN_KNEE_PAIN}; {_HIP_OA_ROM}; {_QUESTIONNAIRES}",
)

FULL_HIP = Protocol(
    id="full_hip",
    label=N_("Full hip"),
    purpose=N_("Every hip movement, muscle group and test, a knee screen, HOOS and LEFS."),
    rom=("hip.flexion", "hip.extension", "hip.abduction", "hip.adduction", "hip.internal_rotation",
         "hip.external_rotation", "knee.flexion", "knee.extension"),
    strength=("hip.flexors", "hip.extensors", "hip.abductors", "hip.adductors", "hip.internal_rotators",
              "hip.external_rotators", "knee.extensors"),
    tests=("faber", "fadir", "thomas", "ober", "trendelenburg", "log_roll", "scour", "straight_leg_raise",
           "resisted_external_derotation", "single_leg_stance"),
    questionnaires=("HOOS", "LEFS"),
    basis=f"{_HIP_STRENGTH}; {_HIP_OA_ROM}; hip tests of ../shared/clinical-reference.md; {_QUESTIONNAIRES}",
)

KNEE_HIP_CHAIN = Protocol(
    id="knee_hip_chain",
    label=N_("Knee–hip chain"),
    purpose=N_("Knee and hip together, for a link between them: both joints' range, hip abductors, external "
            "rotators and extensors with the knee muscles, the dynamic valgus tests and the two-joint muscles."),
    rom=("knee.flexion", "knee.extension", "hip.flexion", "hip.extension", "hip.abduction", "hip.adduction",
         "hip.internal_rotation", "hip.external_rotation"),
    strength=("hip.abductors", "hip.external_rotators", "hip.extensors", "knee.extensors", "knee.flexors"),
    tests=("single_leg_squat", "step_down", "trendelenburg", "fadir", "thomas", "ober", "mcmurray", "hop_test"),
    questionnaires=("KOOS", "HOOS"),
    basis=f"{_CHAIN}; {_HIP_IN_KNEE_PAIN}; {_QUESTIONNAIRES}",
)

PROTOCOLS: dict[str, Protocol] = {p.id: p for p in (QUICK_KNEE, FULL_KNEE, FULL_HIP, KNEE_HIP_CHAIN)}

ALL_FIELDS = ""  # no protocol: every field shown (the default, and what an unknown remembered id means)


def find(protocol_id: str) -> Protocol | None:
    """The protocol of this id; None for "all fields" or an id no longer known (never an error:
    a remembered choice from another version shows every field)."""
    return PROTOCOLS.get(protocol_id)
