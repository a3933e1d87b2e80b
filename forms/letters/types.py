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


class Section(enum.Enum):
    """A part of a letter; the value is its heading."""

    RED_FLAGS = "Red flags"
    REASON = "Reason for referral"
    HISTORY = "History"
    PAST_HISTORY = "Past medical history"
    MEDICATION = "Medication"
    SCREENING = "Red-flag screening"
    PAIN = "Pain"
    FINDINGS = "Examination findings"
    OUTCOMES = "Outcome scores"
    ASSESSMENT = "Assessment"
    TREATMENT = "Treatment so far and plan"
    REQUEST = "Request"

    @property
    def title(self) -> str:
        return self.value


class Urgency(enum.Enum):
    """How soon the recipient is asked to act; the value is how the letter says it."""

    EMERGENCY = "Emergency: please assess today"
    URGENT = "Urgent: please see within two weeks"
    ROUTINE = "Routine"
    NONE = "For information; no action needed"


_FULL = (
    Section.RED_FLAGS, Section.REASON, Section.HISTORY, Section.PAST_HISTORY, Section.MEDICATION,
    Section.SCREENING, Section.PAIN, Section.FINDINGS, Section.OUTCOMES, Section.ASSESSMENT,
    Section.TREATMENT, Section.REQUEST,
)


@dataclass(frozen=True, slots=True)
class LetterType:
    """One kind of letter: `sections` in the order they are printed."""

    key: str  # stored in `documents[].letter_type`
    label: str  # as the letter dialog lists it
    title: str  # the document's title (page header, PDF metadata)
    role: str  # whom it is usually for (the address book's suggestion)
    sections: tuple[Section, ...]
    reason_heading: str  # the REASON section's heading in this letter
    urgency: Urgency  # without red flags; red flags raise it
    opening: str  # first sentence after the salutation; {patient} {age} {date} filled in
    asks_imaging: bool = False  # the request names the imaging that fits the question
    reports_progress: bool = False  # outcome change and return-to-sport figures lead the findings

    def heading(self, section: Section) -> str:
        return self.reason_heading if section is Section.REASON else section.title


ORTHOPAEDIC = LetterType(
    key="orthopaedic_referral",
    label="Referral to an orthopaedic surgeon",
    title="Referral letter",
    role="Orthopaedic surgeon",
    sections=_FULL,
    reason_heading="Reason for referral and question",
    urgency=Urgency.ROUTINE,
    opening="I would be grateful for your opinion on {patient}, {age}, whom I assessed on {date}.",
)
GP_UPDATE = LetterType(
    key="gp_update",
    label="Update to the GP",
    title="Letter to the GP",
    role="General practitioner",
    sections=_FULL,
    reason_heading="Reason for writing",
    urgency=Urgency.NONE,
    opening="I assessed your patient {patient}, {age}, on {date} and write to update you.",
)
IMAGING = LetterType(
    key="imaging_request",
    label="Request for imaging",
    title="Imaging request",
    role="Radiologist",
    sections=(Section.RED_FLAGS, Section.REASON, Section.HISTORY, Section.PAST_HISTORY, Section.MEDICATION,
              Section.SCREENING, Section.PAIN, Section.FINDINGS, Section.ASSESSMENT, Section.REQUEST),
    reason_heading="Clinical question",
    urgency=Urgency.ROUTINE,
    opening="I would be grateful for imaging of {patient}, {age}, whom I assessed on {date}.",
    asks_imaging=True,
)
DISCHARGE = LetterType(
    key="discharge_report",
    label="Discharge / return-to-sport report",
    title="Discharge report",
    role="General practitioner",
    sections=(Section.RED_FLAGS, Section.REASON, Section.HISTORY, Section.PAIN, Section.FINDINGS,
              Section.OUTCOMES, Section.ASSESSMENT, Section.TREATMENT, Section.SCREENING, Section.REQUEST),
    reason_heading="Reason for writing",
    urgency=Urgency.NONE,
    opening="I write to report on {patient}, {age}, at the end of physiotherapy (last assessed on {date}).",
    reports_progress=True,
)
EMERGENCY = LetterType(
    key="emergency_referral",
    label="Emergency referral (red flags)",
    title="Emergency referral",
    role="Emergency department",
    sections=(Section.RED_FLAGS, Section.REASON, Section.HISTORY, Section.PAST_HISTORY, Section.MEDICATION,
              Section.PAIN, Section.FINDINGS, Section.SCREENING, Section.ASSESSMENT, Section.REQUEST),
    reason_heading="Reason for referral and question",
    urgency=Urgency.EMERGENCY,
    opening="Thank you for seeing {patient}, {age}, whom I assessed on {date} and refer to you today.",
)

LETTER_TYPES: dict[str, LetterType] = {t.key: t for t in (ORTHOPAEDIC, GP_UPDATE, IMAGING, DISCHARGE, EMERGENCY)}
