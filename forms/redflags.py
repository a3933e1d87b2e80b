"""Red flags: the catalogue (what each suggests, the advice, the source) and the screen.

`screen(record)` returns the flags ticked in the history plus those the
findings imply on their own, most urgent first. Red flags are shown before
anything else in every summary: they call for referral, not for a
kinetic-chain explanation.

Implied flags: a child or adolescent (age under 17 on the exam date) with
hip, knee, groin or thigh pain and a limp or antalgic gait implies
`adolescent_hip_or_knee_pain_with_limp` (slipped capital femoral epiphysis
peaks at 8–16 years and presents with knee pain alone in about 15 %; Perthes
disease at 4–10; a septic hip at any age). The exam format records nothing
else that implies a flag without being ticked (temperature, weight, night
pain and neurology are screening answers, not measurements).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kinelink.forms.findings import RedFlagAlert
from kinelink.forms.model import ExamRecord
from kinelink.forms.vocab import Gait, RedFlag, Region


class Urgency(enum.Enum):
    """How fast to act; the order of the members is the order of the alerts."""

    EMERGENCY = "emergency department now"
    SAME_DAY = "same-day referral"
    PROMPT = "prompt medical review"

    @property
    def rank(self) -> int:
        return list(Urgency).index(self)


@dataclass(frozen=True, slots=True)
class RedFlagInfo:
    flag: RedFlag
    label: str  # as the screening form and the summary word it
    suggests: str  # the serious condition it may point to
    urgency: Urgency
    advice: str
    source: str


_FINUCANE_2020 = (
    "Finucane LM et al. International framework for red flags for potential serious spinal pathologies. "
    "J Orthop Sports Phys Ther 2020;50(7):350–372"
)
_SEPTIC = (
    "Mathews CJ et al. Bacterial septic arthritis in adults. Lancet 2010;375:846–855; "
    "Kocher MS et al. J Bone Joint Surg Am 1999;81:1662–1670 (septic hip in children)"
)
_OTTAWA = "Stiell IG et al. Implementation of the Ottawa knee rule. JAMA 1997;278:2075–2079"
_WELLS = "Wells PS et al. Value of assessment of pretest probability of deep-vein thrombosis. Lancet 1997;350:1795–1798"
_SCFE = (
    "Matava MJ et al. Knee pain as the initial symptom of slipped capital femoral epiphysis. "
    "J Pediatr Orthop 1999;19(4):455–460"
)

_SEPTIC_ADVICE = (
    "Refer the same day (emergency department) for joint aspiration and blood tests; "
    "no loading or manual therapy until infection is excluded."
)
_TUMOUR_ADVICE = (
    "Refer promptly to the GP or physician for investigation (urgent suspected-cancer pathway where "
    "available) before continuing treatment."
)
_FRACTURE_ADVICE = (
    "Refer the same day for radiographs (Ottawa knee rule); protect the limb and do not load it until "
    "a fracture is excluded."
)
_CAUDA_EQUINA_ADVICE = (
    "Send to the emergency department immediately for urgent spinal assessment and MRI; do not continue "
    "the session."
)

_CATALOGUE: tuple[RedFlagInfo, ...] = (
    RedFlagInfo(RedFlag.SADDLE_ANAESTHESIA, "saddle anaesthesia", "cauda equina syndrome",
                Urgency.EMERGENCY, _CAUDA_EQUINA_ADVICE, _FINUCANE_2020),
    RedFlagInfo(RedFlag.PROGRESSIVE_NEUROLOGICAL_DEFICIT, "progressive neurological deficit",
                "cauda equina syndrome or nerve-root compression", Urgency.EMERGENCY,
                _CAUDA_EQUINA_ADVICE, _FINUCANE_2020),
    RedFlagInfo(RedFlag.FEVER, "fever", "septic arthritis", Urgency.SAME_DAY, _SEPTIC_ADVICE, _SEPTIC),
    RedFlagInfo(RedFlag.HOT_SWOLLEN_JOINT, "hot, swollen joint", "septic arthritis or crystal arthritis",
                Urgency.SAME_DAY, _SEPTIC_ADVICE, _SEPTIC),
    RedFlagInfo(RedFlag.CALF_SWELLING_OR_TENDERNESS, "calf swelling or tenderness", "deep vein thrombosis",
                Urgency.SAME_DAY,
                "Refer the same day for assessment (Wells score, D-dimer, compression ultrasound); "
                "no calf massage or vigorous exercise until thrombosis is excluded.",
                _WELLS),
    RedFlagInfo(RedFlag.TRAUMA_WITH_DEFORMITY, "trauma with deformity", "fracture or dislocation",
                Urgency.SAME_DAY, _FRACTURE_ADVICE, _OTTAWA),
    RedFlagInfo(RedFlag.INABILITY_TO_BEAR_WEIGHT, "inability to bear weight", "fracture",
                Urgency.SAME_DAY, _FRACTURE_ADVICE, _OTTAWA),
    RedFlagInfo(RedFlag.ADOLESCENT_HIP_OR_KNEE_PAIN_WITH_LIMP,
                "child or adolescent with hip or knee pain and a limp",
                "slipped capital femoral epiphysis, Perthes disease or a septic hip",
                Urgency.SAME_DAY,
                "Refer the same day for hip radiographs (AP pelvis and frog-leg lateral) and keep the child "
                "off the leg until seen; examine the hip in every child with knee pain.",
                _SCFE),
    RedFlagInfo(RedFlag.HISTORY_OF_CANCER, "history of cancer", "bone metastasis or tumour",
                Urgency.PROMPT, _TUMOUR_ADVICE, _FINUCANE_2020),
    RedFlagInfo(RedFlag.UNEXPLAINED_WEIGHT_LOSS, "unexplained weight loss", "tumour or systemic disease",
                Urgency.PROMPT, _TUMOUR_ADVICE, _FINUCANE_2020),
    RedFlagInfo(RedFlag.NIGHT_PAIN, "night pain", "tumour or infection",
                Urgency.PROMPT, _TUMOUR_ADVICE, _FINUCANE_2020),
)

RED_FLAGS: dict[RedFlag, RedFlagInfo] = {info.flag: info for info in _CATALOGUE}

# Implied flag: age range and the findings (see the module doc).
CHILD_MAX_AGE = 16
_PAIN_REGIONS = (Region.HIP, Region.KNEE, Region.GROIN, Region.THIGH)
_LIMP = (Gait.LIMP, Gait.ANTALGIC)


def _child_with_limp(record: ExamRecord) -> str | None:
    age = record.patient.age_on(record.exam.date)
    history = record.exam.history
    gait = [g for g in history.gait_deviations if g in _LIMP]
    pains = [s for s in history.symptoms if s.region in _PAIN_REGIONS]
    if age > CHILD_MAX_AGE or not gait or not pains:
        return None
    where = " and ".join(dict.fromkeys(f"{s.side.value} {s.region.label}" for s in pains))
    walk = " and ".join("a limp" if g is Gait.LIMP else "an antalgic gait" for g in gait)
    return f"{age}-year-old with {where} pain and {walk}"


def screen(record: ExamRecord) -> tuple[RedFlagAlert, ...]:
    """Ticked flags and implied ones, most urgent first (catalogue order within a level)."""
    reasons: dict[RedFlag, list[str]] = {}
    for flag in record.exam.history.red_flags:
        reasons.setdefault(flag, ["ticked in the screening"])
    implied = _child_with_limp(record)
    if implied is not None:
        child = reasons.setdefault(RedFlag.ADOLESCENT_HIP_OR_KNEE_PAIN_WITH_LIMP, [])
        child.append(f"implied by the findings: {implied}")
    order = {info.flag: i for i, info in enumerate(_CATALOGUE)}
    flags = sorted(reasons, key=lambda f: (RED_FLAGS[f].urgency.rank, order[f]))
    return tuple(RedFlagAlert(f, RED_FLAGS[f].advice, "; ".join(reasons[f])) for f in flags)
