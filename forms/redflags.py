"""Red flags: the catalogue (what each suggests, the advice, the source) and the screen.

`screen(record)` returns every red flag with where it came from, most urgent
first. Red flags are shown before anything else in every summary: they call
for referral, not for a kinetic-chain explanation. Three origins
(exam-format.md, "Additions to version 1"), the most authoritative first:

- `ticked`: in the screening checklist;
- `implied`: by recorded findings, each rule with its source:
  * a child (under 17) with hip, knee, groin or thigh pain and a limp or an
    antalgic gait: slipped capital femoral epiphysis (8–16 years; knee pain
    alone in about 15 %, Matava 1999), Perthes disease (4–10 years), a septic
    hip or transient synovitis at any age (Kocher 1999);
  * a temperature of 38 °C or more written in the record: fever (NICE NG143;
    Kocher 1999 used > 38.5 °C in children);
  * that temperature, or a ticked fever, with a swollen joint named in the
    record: a hot, swollen joint (septic arthritis, Mathews 2010);
  * muscle power of grade 3 or less with low back pain or a positive
    straight-leg raise on that side: a neurological deficit to check for
    progression (Finucane 2020);
- `text`: words in the complaint, past history, medications, injury
  descriptions, test notes or notes that name a red flag
  (`forms.redflag_text`, which states what it handles and its limits), with
  the quoted words and the field: for the clinician to confirm.

`Analysis.red_flags_screened` (the history's `red_flags_screened`) tells
"screened, none present" from "not screened"; no list of flags can.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from kinelink.forms import gait as gait_wording
from kinelink.forms import redflag_text
from kinelink.forms.findings import RedFlagAlert, RedFlagEvidence
from kinelink.forms.i18n import N_, _
from kinelink.forms.model import ExamRecord
from kinelink.forms.vocab import Gait, Grade, RedFlag, RedFlagOrigin, Region, Side, TestName, TestResult
from kinelink.forms.wording import place


class Urgency(enum.Enum):
    """How fast to act; the order of the members is the order of the alerts."""

    EMERGENCY = N_("emergency department now")
    SAME_DAY = N_("same-day referral")
    PROMPT = N_("prompt medical review")

    @property
    def label(self) -> str:
        return _(self.value)

    @property
    def rank(self) -> int:
        return list(Urgency).index(self)


@dataclass(frozen=True, slots=True)
class RedFlagInfo:
    flag: RedFlag
    label: str  # as the screening form and the summary word it (English: show it through `_()`)
    suggests: str  # the serious condition it may point to (English: show it through `_()`)
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
_NICE_HIP_FRACTURE = (
    "NICE CG124. Hip fracture: management, 2011, updated 2023 (1.2.1: MRI if a hip fracture is suspected "
    "despite negative AP pelvis and lateral hip radiographs)"
)
_WELLS = "Wells PS et al. Value of assessment of pretest probability of deep-vein thrombosis. Lancet 1997;350:1795–1798"
_SCFE = (
    "Matava MJ et al. Knee pain as the initial symptom of slipped capital femoral epiphysis. "
    "J Pediatr Orthop 1999;19(4):455–460"
)

_SEPTIC_ADVICE = N_(
    "Refer the same day (emergency department) for joint aspiration and blood tests; "
    "no loading or manual therapy until infection is excluded."
)
_TUMOUR_ADVICE = N_(
    "Refer promptly to the GP or physician for investigation (urgent suspected-cancer pathway where "
    "available) before continuing treatment."
)
_FRACTURE_ADVICE = N_(  # the catalogue's wording when no joint is known; `_advice` names the joint
    "Refer the same day for radiographs of the hip (AP pelvis and lateral hip) and of the knee (Ottawa knee "
    "rule); if they are normal and a hip fracture is still suspected, MRI (NICE CG124); protect the limb and "
    "do not load it until a fracture is excluded."
)
_PROTECT = N_("protect the limb and do not load it until a fracture is excluded.")
# Which radiographs answer a fracture flag depends on the joint that hurts or was hurt: the Ottawa rule is a
# knee rule, and a hip fracture (an older patient's fall above all) can present as knee pain.
FRACTURE_IMAGING = {
    "knee": N_("knee radiographs (Ottawa knee rule)"),
    "hip": N_("hip radiographs (AP pelvis and lateral hip)"),
    "both": N_("radiographs of the hip (AP pelvis and lateral hip) and of the knee (Ottawa knee rule)"),
}
FRACTURE_FLAGS = frozenset({RedFlag.TRAUMA_WITH_DEFORMITY, RedFlag.INABILITY_TO_BEAR_WEIGHT})
_HIP_REGIONS = (Region.HIP, Region.GROIN, Region.THIGH)
_CAUDA_EQUINA_ADVICE = N_(
    "Send to the emergency department immediately for urgent spinal assessment and MRI; do not continue "
    "the session."
)

_CATALOGUE: tuple[RedFlagInfo, ...] = (
    RedFlagInfo(RedFlag.SADDLE_ANAESTHESIA, N_("saddle anaesthesia"), N_("cauda equina syndrome"),
                Urgency.EMERGENCY, _CAUDA_EQUINA_ADVICE, _FINUCANE_2020),
    RedFlagInfo(RedFlag.PROGRESSIVE_NEUROLOGICAL_DEFICIT, N_("progressive neurological deficit"),
                N_("cauda equina syndrome or nerve-root compression"), Urgency.EMERGENCY,
                _CAUDA_EQUINA_ADVICE, _FINUCANE_2020),
    RedFlagInfo(RedFlag.FEVER, N_("fever"), N_("septic arthritis"), Urgency.SAME_DAY, _SEPTIC_ADVICE, _SEPTIC),
    RedFlagInfo(RedFlag.HOT_SWOLLEN_JOINT, N_("hot, swollen joint"), N_("septic arthritis or crystal arthritis"),
                Urgency.SAME_DAY, _SEPTIC_ADVICE, _SEPTIC),
    RedFlagInfo(RedFlag.CALF_SWELLING_OR_TENDERNESS, N_("calf swelling or tenderness"), N_("deep vein thrombosis"),
                Urgency.SAME_DAY,
                N_("Refer the same day for assessment (Wells score, D-dimer, compression ultrasound); "
                   "no calf massage or vigorous exercise until thrombosis is excluded."),
                _WELLS),
    RedFlagInfo(RedFlag.TRAUMA_WITH_DEFORMITY, N_("trauma with deformity"), N_("fracture or dislocation"),
                Urgency.SAME_DAY, _FRACTURE_ADVICE, f"{_OTTAWA}; {_NICE_HIP_FRACTURE}"),
    RedFlagInfo(RedFlag.INABILITY_TO_BEAR_WEIGHT, N_("inability to bear weight"), N_("fracture"),
                Urgency.SAME_DAY, _FRACTURE_ADVICE, f"{_OTTAWA}; {_NICE_HIP_FRACTURE}"),
    RedFlagInfo(RedFlag.ADOLESCENT_HIP_OR_KNEE_PAIN_WITH_LIMP,
                N_("child or adolescent with hip or knee pain and a limp"),
                N_("slipped capital femoral epiphysis, Perthes disease or a septic hip"),
                Urgency.SAME_DAY,
                N_("Refer the same day for hip radiographs (AP pelvis and frog-leg lateral) and keep the child "
                   "off the leg until seen; examine the hip in every child with knee pain."),
                _SCFE),
    RedFlagInfo(RedFlag.HISTORY_OF_CANCER, N_("history of cancer"), N_("bone metastasis or tumour"),
                Urgency.PROMPT, _TUMOUR_ADVICE, _FINUCANE_2020),
    RedFlagInfo(RedFlag.UNEXPLAINED_WEIGHT_LOSS, N_("unexplained weight loss"), N_("tumour or systemic disease"),
                Urgency.PROMPT, _TUMOUR_ADVICE, _FINUCANE_2020),
    RedFlagInfo(RedFlag.NIGHT_PAIN, N_("night pain"), N_("tumour or infection"),
                Urgency.PROMPT, _TUMOUR_ADVICE, _FINUCANE_2020),
)

RED_FLAGS: dict[RedFlag, RedFlagInfo] = {info.flag: info for info in _CATALOGUE}

# Implied flag: age range and the findings (see the module doc).
CHILD_MAX_AGE = 16
_PAIN_REGIONS = (Region.HIP, Region.KNEE, Region.GROIN, Region.THIGH)
_LIMP = (Gait.LIMP, Gait.ANTALGIC)
_SWOLLEN = re.compile(r"\b(?:swollen|swelling|effusion|puffy|geschwollen\w*|schwellung|erguss|gelenkerguss)\b",
                      re.IGNORECASE)
NEURO_GRADE_MAX = Grade.G3  # grade 3 or less: against gravity only (MRC scale)
_ORIGIN_RANK = {origin: i for i, origin in enumerate(RedFlagOrigin)}


def _child_with_limp(record: ExamRecord) -> str | None:
    age = record.patient.age_on(record.exam.date)
    history = record.exam.history
    gait = [g for g in history.gait_deviations if g in _LIMP]
    pains = [s for s in history.symptoms if s.region in _PAIN_REGIONS]
    if age > CHILD_MAX_AGE or not gait or not pains:
        return None
    where = _(" and ").join(dict.fromkeys(place(s.side, s.region) for s in pains))
    walk = _(" and ").join(gait_wording.phrases(gait))  # both ticked: "an antalgic limp", not the same thing twice
    return _("{age}-year-old with {where} pain and {walk}").format(age=age, where=where, walk=walk)


def fracture_site(record: ExamRecord) -> str:
    """"knee", "hip" or "both": the joints the symptoms and injuries name (both when they name neither)."""
    history = record.exam.history
    regions = {s.region for s in history.symptoms} | {i.region for i in history.injuries}
    hip = any(r in regions for r in _HIP_REGIONS)
    knee = Region.KNEE in regions
    return "hip" if hip and not knee else "knee" if knee and not hip else "both"


def fracture_imaging(record: ExamRecord) -> str:
    return _(FRACTURE_IMAGING[fracture_site(record)])


def _advice(flag: RedFlag, record: ExamRecord) -> str:
    if flag not in FRACTURE_FLAGS:
        return _(RED_FLAGS[flag].advice)
    site = fracture_site(record)
    mri = (_("; if they are normal and a hip fracture is still suspected, MRI (NICE CG124)")
           if site != "knee" else "")
    return _("Refer the same day for {imaging}{mri}; {protect}").format(
        imaging=_(FRACTURE_IMAGING[site]), mri=mri, protect=_(_PROTECT))


def text_fields(record: ExamRecord) -> tuple[tuple[str, str | None], ...]:
    """The free text the scan reads, each with the name of its field."""
    exam, history = record.exam, record.exam.history
    fields: list[tuple[str, str | None]] = [
        (_("complaint"), history.complaint),
        (_("past history"), history.past_history),
        (_("medications"), history.medications),
    ]
    fields += [(_("injury ({where})").format(where=place(i.side, i.region)), i.description)
               for i in history.injuries]
    fields += [(_("test note ({test}, {side})").format(test=t.test.label, side=t.side.label), t.note)
               for t in exam.tests]
    fields.append((_("notes"), exam.notes))
    return tuple(fields)


def _neurological_deficit(record: ExamRecord) -> list[tuple[str, str]]:
    """(finding, side) for grade ≤ 3 power with low back pain or a positive straight-leg raise on that side."""
    exam, history = record.exam, record.exam.history
    found = []
    for side in Side:
        spine = [s for s in history.symptoms if s.region is Region.LOWER_BACK and s.side is side]
        slr = exam.test_result(TestName.STRAIGHT_LEG_RAISE, side)
        slr_positive = slr is not None and slr.result is TestResult.POSITIVE
        if not spine and not slr_positive:
            continue
        weak = [s for s in exam.strength
                if s.side is side and s.grade is not None and s.grade.rank <= NEURO_GRADE_MAX.rank]
        if not weak:
            continue
        power = ", ".join(f"{s.joint.label} {s.group.label} {s.grade.label}" for s in weak if s.grade)
        why = _("low back pain") if spine else _("a positive straight-leg raise")
        found.append((_("{side} {power} with {why}").format(side=side.label, power=power, why=why), side.value))
    return found


def screen(record: ExamRecord) -> tuple[RedFlagAlert, ...]:
    """Ticked, implied and text flags, most urgent first (catalogue order within a level)."""
    evidence: dict[RedFlag, list[RedFlagEvidence]] = {}

    def add(flag: RedFlag, item: RedFlagEvidence) -> None:
        items = evidence.setdefault(flag, [])
        if item not in items:
            items.append(item)

    for flag in record.exam.history.red_flags:
        add(flag, RedFlagEvidence(RedFlagOrigin.TICKED, _("ticked in the screening")))
    implied = _child_with_limp(record)
    if implied is not None:
        add(RedFlag.ADOLESCENT_HIP_OR_KNEE_PAIN_WITH_LIMP, RedFlagEvidence(RedFlagOrigin.IMPLIED, implied))
    fields = text_fields(record)
    hot = redflag_text.temperatures(fields)
    for t in hot:
        add(RedFlag.FEVER, RedFlagEvidence(RedFlagOrigin.IMPLIED, _("temperature “{words}”").format(words=t.words),
                                           t.field))
    if hot or RedFlag.FEVER in record.exam.history.red_flags:
        for field, text in fields:
            m = _SWOLLEN.search(text or "")
            if m and redflag_text.affirmed(text or "", m.start(), m.end()):
                fever = _("temperature “{words}”").format(words=hot[0].words) if hot else _("fever ticked")
                add(RedFlag.HOT_SWOLLEN_JOINT, RedFlagEvidence(
                    RedFlagOrigin.IMPLIED, _("{fever} with “{words}”").format(fever=fever, words=m.group(0)), field))
                break
    for finding, _side in _neurological_deficit(record):
        add(RedFlag.PROGRESSIVE_NEUROLOGICAL_DEFICIT, RedFlagEvidence(RedFlagOrigin.IMPLIED, finding))
    for mention in redflag_text.scan(fields):
        add(mention.flag, RedFlagEvidence(RedFlagOrigin.TEXT, mention.words, mention.field))
    order = {info.flag: i for i, info in enumerate(_CATALOGUE)}
    flags = sorted(evidence, key=lambda f: (RED_FLAGS[f].urgency.rank, order[f]))
    return tuple(
        RedFlagAlert(f, _advice(f, record), tuple(sorted(evidence[f], key=lambda e: _ORIGIN_RANK[e.origin])))
        for f in flags
    )
