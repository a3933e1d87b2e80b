"""The kinds of letter, as data: who each is for, its sections in order, and how it asks.

A referral must carry what the receiving clinician acts on: the question asked (naming the
condition to exclude), the urgency, the history with dates, past history, medication, the
red-flag screening status, the pain, the positive and negative findings with their values,
the outcome scores and their change, the clinician's accepted impression with its evidence,
and the treatment so far and the plan (Chartered Society of Physiotherapy, Record keeping
guidance 2016, "Communication with other professionals"; Royal College of Surgeons, Good
Surgical Practice 2014, 1.3 on referral information). Each type below lists the sections it
carries; the clinician may leave any of them out before the letter is written.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kinelink.forms.i18n import N_, _


class Section(enum.Enum):
    """A part of a letter; the value is its heading."""

    RED_FLAGS = N_("Red flags")
    REASON = N_("Reason for referral")
    HISTORY = N_("History")
    PAST_HISTORY = N_("Past medical history")
    MEDICATION = N_("Medication")
    SCREENING = N_("Red-flag screening")
    PAIN = N_("Pain")
    FINDINGS = N_("Examination findings")
    OUTCOMES = N_("Outcome scores")
    ASSESSMENT = N_("Assessment")
    TREATMENT = N_("Treatment so far and plan")
    REQUEST = N_("Request")

    @property
    def title(self) -> str:
        return _(self.value)


class Urgency(enum.Enum):
    """How soon the recipient is asked to act; the value is how the letter says it."""

    EMERGENCY = N_("Emergency: please assess today")
    URGENT = N_("Urgent: please see within two weeks")
    ROUTINE = N_("Routine")
    NONE = N_("For information; no action needed")

    @property
    def label(self) -> str:
        return _(self.value)


_FULL = (
    Section.RED_FLAGS, Section.REASON, Section.HISTORY, Section.PAST_HISTORY, Section.MEDICATION,
    Section.SCREENING, Section.PAIN, Section.FINDINGS, Section.OUTCOMES, Section.ASSESSMENT,
    Section.TREATMENT, Section.REQUEST,
)


@dataclass(frozen=True, slots=True)
class LetterType:
    """One kind of letter: `sections` in the order they are printed."""

    key: str  # stored in `documents[].letter_type`
    # The words are English, marked for the catalog; the properties below give them in the current language.
    label_text: str  # as the letter dialog lists it
    title_text: str  # the document's title (page header, PDF metadata)
    role_text: str  # whom it is usually for (the address book's suggestion)
    sections: tuple[Section, ...]
    reason_heading_text: str  # the REASON section's heading in this letter
    urgency: Urgency  # without red flags; red flags raise it
    opening: str  # first sentence after the salutation; {patient} {age} {date} filled in (translate, then fill)
    asks_imaging: bool = False  # the request names the imaging that fits the question
    reports_progress: bool = False  # outcome change and return-to-sport figures lead the findings

    @property
    def label(self) -> str:
        return _(self.label_text)

    @property
    def title(self) -> str:
        return _(self.title_text)

    @property
    def role(self) -> str:
        return _(self.role_text)

    @property
    def reason_heading(self) -> str:
        return _(self.reason_heading_text)

    def heading(self, section: Section) -> str:
        return self.reason_heading if section is Section.REASON else section.title


ORTHOPAEDIC = LetterType(
    key="orthopaedic_referral",
    label_text=N_("Referral to an orthopaedic surgeon"),
    title_text=N_("Referral letter"),
    role_text=N_("Orthopaedic surgeon"),
    sections=_FULL,
    reason_heading_text=N_("Reason for referral and question"),
    urgency=Urgency.ROUTINE,
    opening=N_("I would be grateful for your opinion on {patient}, {age}, whom I assessed on {date}."),
)
GP_UPDATE = LetterType(
    key="gp_update",
    label_text=N_("Update to the GP"),
    title_text=N_("Letter to the GP"),
    role_text=N_("General practitioner"),
    sections=_FULL,
    reason_heading_text=N_("Reason for writing"),
    urgency=Urgency.NONE,
    opening=N_("I assessed your patient {patient}, {age}, on {date} and write to update you."),
)
IMAGING = LetterType(
    key="imaging_request",
    label_text=N_("Request for imaging"),
    title_text=N_("Imaging request"),
    role_text=N_("Radiologist"),
    sections=(Section.RED_FLAGS, Section.REASON, Section.HISTORY, Section.PAST_HISTORY, Section.MEDICATION,
              Section.SCREENING, Section.PAIN, Section.FINDINGS, Section.ASSESSMENT, Section.REQUEST),
    reason_heading_text=N_("Clinical question"),
    urgency=Urgency.ROUTINE,
    opening=N_("I would be grateful for imaging of {patient}, {age}, whom I assessed on {date}."),
    asks_imaging=True,
)
DISCHARGE = LetterType(
    key="discharge_report",
    label_text=N_("Discharge / return-to-sport report"),
    title_text=N_("Discharge report"),
    role_text=N_("General practitioner"),
    sections=(Section.RED_FLAGS, Section.REASON, Section.HISTORY, Section.PAIN, Section.FINDINGS,
              Section.OUTCOMES, Section.ASSESSMENT, Section.TREATMENT, Section.SCREENING, Section.REQUEST),
    reason_heading_text=N_("Reason for writing"),
    urgency=Urgency.NONE,
    opening=N_("I write to report on {patient}, {age}, at the end of physiotherapy (last assessed on {date})."),
    reports_progress=True,
)
EMERGENCY = LetterType(
    key="emergency_referral",
    label_text=N_("Emergency referral (red flags)"),
    title_text=N_("Emergency referral"),
    role_text=N_("Emergency department"),
    sections=(Section.RED_FLAGS, Section.REASON, Section.HISTORY, Section.PAST_HISTORY, Section.MEDICATION,
              Section.PAIN, Section.FINDINGS, Section.SCREENING, Section.ASSESSMENT, Section.REQUEST),
    reason_heading_text=N_("Reason for referral and question"),
    urgency=Urgency.EMERGENCY,
    opening=N_("Thank you for seeing {patient}, {age}, whom I assessed on {date} and refer to you today."),
)

LETTER_TYPES: dict[str, LetterType] = {t.key: t for t in (ORTHOPAEDIC, GP_UPDATE, IMAGING, DISCHARGE, EMERGENCY)}
