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

from kinelink.forms import i18n, muscles
from kinelink.forms.findings import Analysis, Comparison, Link, RedFlagAlert
from kinelink.forms.formats import show_fixed, show_number, upper_first
from kinelink.forms.i18n import N_, _, ngettext
from kinelink.forms.norms import ROM_NORMS
from kinelink.forms.plausibility import CHECK_THIS_VALUE
from kinelink.forms.vocab import Joint, Mechanism, Movement, MuscleGroup, Region, Side

# Contract (exam-format.md, "Additions to version 1"): every place that shows a likelihood or a score
# says what it means.
# These constants are English (the catalog's msgids, marked with N_): show them through `_()`.
SCORE_MEANING = N_(
    "The likelihood and the score rank the strength of the evidence recorded in this exam; "
    "they are not a probability of disease."
)
SCORE_MEANING_SHORT = N_("ranks the recorded evidence; not a probability")

# A link shown while a red flag is present keeps its findings but not its exercise or loading steps.
AFTER_RED_FLAGS = N_("after the red flag is cleared")
HELD_STEP = N_(
    "Only after the red flag is cleared: reassess this link before any exercise, loading or "
    "gait retraining"
)

SCREENED_NONE = N_("screened, none present")
NOT_SCREENED = N_("not screened (or the screening was not recorded)")


def place(side: Side, where: Region | Joint) -> str:
    """`left knee`, `right lower back` (German `Knie links`: the side after the joint, as German notes
    write it, so no adjective has to agree with the joint's gender)."""
    return _("{side} {where}").format(side=side.label, where=where.label)


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
    return _("{route} ({mechanism})").format(route=upper_first(route), mechanism=link.mechanism.label)


def other_leg_note(link: Link) -> str | None:
    """A reminder, when the source is on the other leg, that both legs are involved."""
    if not link.other_leg:
        return None
    return _("The source is on the other leg: the {source} drives the {target} pain.").format(
        source=source_place(link), target=target_place(link))


def likelihood_text(link: Link) -> str:
    """`high (score 0.72 of 1; ranks the recorded evidence, not a probability)`."""
    return _("{likelihood} (score {score} of 1; {meaning})").format(
        likelihood=link.likelihood.label, score=show_fixed(link.score), meaning=_(SCORE_MEANING_SHORT))


def imaging_request(link: Link) -> str | None:
    """Imaging of the source joint on its own side, for a referred or compensation link; else None."""
    if link.mechanism not in (Mechanism.REFERRED, Mechanism.COMPENSATION):
        return None
    where = source_place(link)
    if link.source is Joint.HIP:
        return _("imaging of the {where} (plain radiographs: AP pelvis and lateral {where})").format(where=where)
    return _("imaging of the {where} (MRI)").format(where=where)


def screening_status(analysis: Analysis) -> str:
    """The red-flag screening in words: never "no red flags" unless the screening was recorded as done."""
    if analysis.red_flags:
        n = len(analysis.red_flags)
        if analysis.red_flags_screened:
            return ngettext("{n} red flag present", "{n} red flags present", n).format(n=n)
        return ngettext("{n} red flag found; screening not recorded as done",
                        "{n} red flags found; screening not recorded as done", n).format(n=n)
    return _(SCREENED_NONE) if analysis.red_flags_screened else _(NOT_SCREENED)


def red_flag_origin_text(alert: RedFlagAlert) -> str:
    """Why the flag was raised, every piece of evidence in words."""
    return alert.reason


def deficit_phrase(c: Comparison) -> str:
    """`left knee flexion 118°, 87 % of the norm, 24° less than the right side` (a measurement against its
    norm and the other side, in words)."""
    if c.kind == "rom":
        name = _(ROM_NORMS[(c.joint, Movement(c.movement_or_group))].label)
        text = _("{side} {name} {value}°").format(side=c.side.label, name=lower_first(name), value=show_number(c.value))
        if c.mode == "passive":
            text += " " + _("(passive)")
        if c.percent_of_norm is not None:
            text += ", " + _("{percent} % of the norm").format(percent=show_number(c.percent_of_norm, 0))
        if c.difference is not None and c.difference < 0:
            text += ", " + _("{degrees}° less than the {side} side").format(
                degrees=show_number(-c.difference), side=c.side.other.label)
        return text
    name = lower_first(_(muscles.label(c.joint, MuscleGroup(c.movement_or_group))))
    grade = (c.grade or show_number(c.value)).replace("-", "−")
    if c.unit == "N":
        text = _("{side} {name} {value} N").format(side=c.side.label, name=name, value=show_number(c.value))
        if c.lsi is not None:
            text += (f", LSI {show_number(c.lsi, 0)} %" if c.lsi_plausible
                     else ", " + _("LSI: {check}").format(check=_(CHECK_THIS_VALUE)))
        return text + (" " + _("(grade {grade}/5)").format(grade=grade) if c.grade else "")
    return _("{side} {name} grade {grade}/5").format(side=c.side.label, name=name, grade=grade)


def lower_first(name: str) -> str:
    """`hip flexion` mid-sentence; German nouns keep their capital (`Hüftflexion`)."""
    if i18n.current().code == i18n.GERMAN:
        return name
    return name[:1].lower() + name[1:]
