"""Clinical wording of the analysis: the one owner of how a link, its sides and its score are said.

The text of `kinelink analyze`, the window's analysis panel, the assessment
summary and the referral letter all ask this module, so a link is titled the
same way everywhere and always names both sides: the source joint's side
(`Link.source_side`) and the painful joint's side (`Link.side`). They differ
when the other leg is the source ("Right knee → left hip"); a title that
printed one side for both joints once asked for imaging of the wrong knee.

Everything here returns plain text; each caller escapes it for its medium.
"""

from __future__ import annotations

from kinelink.forms import muscles
from kinelink.forms.findings import Analysis, Comparison, Link, RedFlagAlert
from kinelink.forms.formats import show_number
from kinelink.forms.norms import ROM_NORMS
from kinelink.forms.vocab import Joint, Mechanism, Movement, MuscleGroup, Region, Side

# Contract (exam-format.md, "Additions to version 1"): every place that shows a likelihood or a score
# says what it means.
SCORE_MEANING = (
    "The likelihood and the score rank the strength of the evidence recorded in this exam; "
    "they are not a probability of disease."
)
SCORE_MEANING_SHORT = "ranks the recorded evidence; not a probability"

# A link shown while a red flag is present keeps its findings but not its exercise or loading steps.
AFTER_RED_FLAGS = "after the red flag is cleared"
HELD_STEP = (
    "Only after the red flag is cleared: reassess this link before any exercise, loading or "
    "gait retraining"
)

SCREENED_NONE = "screened, none present"
NOT_SCREENED = "not screened (or the screening was not recorded)"


def place(side: Side, where: Region | Joint) -> str:
    """`left knee`, `right lower back`."""
    return f"{side.label} {where.label}"


def source_place(link: Link) -> str:
    """`right knee`: the source joint on its own side."""
    return place(link.source_side, link.source)


def target_place(link: Link) -> str:
    """`left hip`: the painful joint the link explains."""
    return place(link.side, link.target)


def link_route(link: Link) -> str:
    """`right knee → left hip`: both joints, each with its own side."""
    return f"{source_place(link)} → {target_place(link)}"


def link_title(link: Link) -> str:
    """`Right knee → left hip (compensation)`."""
    route = link_route(link)
    return f"{route[:1].upper()}{route[1:]} ({link.mechanism.label})"


def other_leg_note(link: Link) -> str | None:
    """A reminder, when the source is on the other leg, that both legs are involved."""
    if not link.other_leg:
        return None
    return (
        f"The source is on the other leg: the {source_place(link)} drives the {target_place(link)} pain."
    )


def likelihood_text(link: Link) -> str:
    """`high (score 0.72 of 1; ranks the recorded evidence, not a probability)`."""
    return f"{link.likelihood.label} (score {link.score:.2f} of 1; {SCORE_MEANING_SHORT})"


def imaging_request(link: Link) -> str | None:
    """Imaging of the source joint on its own side, for a referred or compensation link; else None."""
    if link.mechanism not in (Mechanism.REFERRED, Mechanism.COMPENSATION):
        return None
    where = source_place(link)
    if link.source is Joint.HIP:
        return f"imaging of the {where} (plain radiographs: AP pelvis and lateral {where})"
    return f"imaging of the {where} (MRI)"


def screening_status(analysis: Analysis) -> str:
    """The red-flag screening in words: never "no red flags" unless the screening was recorded as done."""
    if analysis.red_flags:
        n = len(analysis.red_flags)
        flags = f"{n} red flag{'s' if n != 1 else ''}"
        return f"{flags} present" if analysis.red_flags_screened else f"{flags} found; screening not recorded as done"
    return SCREENED_NONE if analysis.red_flags_screened else NOT_SCREENED


def red_flag_origin_text(alert: RedFlagAlert) -> str:
    """Why the flag was raised, every piece of evidence in words."""
    return alert.reason


def deficit_phrase(c: Comparison) -> str:
    """`left knee flexion 118°, 87 % of the norm, 24° less than the right side` (a measurement against its
    norm and the other side, in words)."""
    if c.kind == "rom":
        name = ROM_NORMS[(c.joint, Movement(c.movement_or_group))].label.lower()
        text = f"{c.side.label} {name} {show_number(c.value)}°"
        if c.mode == "passive":
            text += " (passive)"
        if c.percent_of_norm is not None:
            text += f", {show_number(c.percent_of_norm, 0)} % of the norm"
        if c.difference is not None and c.difference < 0:
            text += f", {show_number(-c.difference)}° less than the {c.side.other.label} side"
        return text
    name = muscles.label(c.joint, MuscleGroup(c.movement_or_group))
    name = name[0].lower() + name[1:]
    grade = (c.grade or show_number(c.value)).replace("-", "−")
    if c.unit == "N":
        text = f"{c.side.label} {name} {show_number(c.value)} N"
        if c.lsi is not None:
            text += f", LSI {show_number(c.lsi, 0)} %"
        return text + (f" (grade {grade}/5)" if c.grade else "")
    return f"{c.side.label} {name} grade {grade}/5"
