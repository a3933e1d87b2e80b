"""Which knee or hip a KOOS or HOOS refers to, as far as the exam can tell.

The KOOS asks about "your knee" and the HOOS about "your hip", but the exam format gives a
questionnaire no side (exam-format.md, `exam.outcomes[]`: instrument, date, responses). So the
side is derived, never stored: from the symptoms the exam records at that joint (where it hurts
now), else from its recorded injuries. One side recorded there: that side, said to be derived;
both sides or nothing: "side not recorded", since guessing would put a score on the wrong knee.
The LEFS asks about the lower extremity as a whole and has no side.
"""

from __future__ import annotations

from dataclasses import dataclass

from kinelink.forms.formats import upper_first
from kinelink.forms.i18n import N_, _
from kinelink.forms.model import History
from kinelink.forms.vocab import Instrument, Region, Side
from kinelink.forms.wording import place

JOINT_ASKED_ABOUT = {Instrument.KOOS: Region.KNEE, Instrument.HOOS: Region.HIP}
SIDE_DERIVED = N_("The knee or hip a KOOS or HOOS refers to is read from the symptoms (else the injuries) "
                  "this exam records at that joint; the questionnaire itself names no side.")


@dataclass(frozen=True, slots=True)
class QuestionnaireSide:
    region: Region  # the joint the questionnaire asks about
    side: Side | None  # None: not recorded, or recorded on both sides
    basis: str  # "symptoms", "injuries", "both_sides" or "nothing": what the side was read from

    def text(self) -> str:
        """`About the left knee (the side of the knee symptoms recorded; the form itself names no side)`."""
        if self.side is not None:
            where = place(self.side, self.region)
            if self.basis == "symptoms":
                return _("About the {place} (from the {joint} symptoms recorded in this exam; "
                         "the questionnaire itself names no side)").format(place=where, joint=self.region.label)
            return _("About the {place} (from the {joint} injury recorded in this exam; "
                     "the questionnaire itself names no side)").format(place=where, joint=self.region.label)
        if self.basis == "both_sides":
            return _("{joint}: side not recorded (this exam records both sides; "
                     "the questionnaire itself names no side)").format(joint=upper_first(self.region.label))
        return _("{joint}: side not recorded").format(joint=upper_first(self.region.label))

    def short(self) -> str:
        """`left knee` or `knee, side not recorded`: for a narrow cell."""
        if self.side is not None:
            return place(self.side, self.region)
        return _("{joint}, side not recorded").format(joint=self.region.label)


def questionnaire_side(instrument: Instrument, history: History) -> QuestionnaireSide | None:
    """The side a KOOS or HOOS refers to, from the exam's history; None for the LEFS (no side)."""
    region = JOINT_ASKED_ABOUT.get(instrument)
    if region is None:
        return None
    for basis, sides in (("symptoms", {s.side for s in history.symptoms if s.region is region}),
                         ("injuries", {i.side for i in history.injuries if i.region is region})):
        if len(sides) == 1:
            return QuestionnaireSide(region, next(iter(sides)), basis)
        if sides:
            return QuestionnaireSide(region, None, "both_sides")
    return QuestionnaireSide(region, None, "nothing")
