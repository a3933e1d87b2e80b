"""Composing a letter: an exam, its analysis and the clinician's choices in, plain-text sections out.

`compose` is a pure function. The letter dialog calls it after every tick and edit to show the
letter exactly as it will read; `reports.letter` lays the same `Letter` out on paper, and its
`as_text()` is what is kept in the record when the letter is issued.

Rules the wording keeps:
- red flags lead the letter, with their evidence and its urgency; the question then names the
  condition to exclude, and no knee–hip link is offered unless the clinician accepted one;
- only links the clinician accepted appear, with every supporting finding and both sides; with
  none accepted, the clinician's own impression is stated instead;
- findings carry their values, positive and negative alike, and none is cut short;
- requests fit the question: imaging of the source joint only for a referred link or a red flag
  that calls for it, never a scan of a joint that is only compensating.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from kinelink.forms import wording
from kinelink.forms.findings import Analysis, Link, OutcomeScores
from kinelink.forms.formats import show_date, show_number, upper_first
from kinelink.forms.i18n import N_, _
from kinelink.forms.letters.facts import (
    findings,
    injury_line,
    join,
    pain_line,
    quote,
    sentence,
    symptom_line,
)
from kinelink.forms.letters.recipients import Recipient
from kinelink.forms.letters.types import EMERGENCY, GP_UPDATE, ORTHOPAEDIC, LetterType, Section, Urgency
from kinelink.forms.link_review import accepted
from kinelink.forms.model import ExamRecord, LinkReview
from kinelink.forms.questionnaires import QUESTIONNAIRES
from kinelink.forms.redflags import FRACTURE_FLAGS, RED_FLAGS, fracture_imaging
from kinelink.forms.redflags import Urgency as FlagUrgency
from kinelink.forms.vocab import Joint, Mechanism, RedFlag
from kinelink.forms.wording import place

BULLET = "• "  # how a finding line starts in the editable text of a section


@dataclass(frozen=True, slots=True)
class Choices:
    """What the clinician decided in the letter dialog."""

    sections: frozenset[Section] | None = None  # None: every section of the letter type
    left_out: frozenset[str] = frozenset()  # Finding.key of findings unticked
    edits: tuple[tuple[Section, str], ...] = ()  # a section's text as the clinician rewrote it

    def edited(self, section: Section) -> str | None:
        return next((text for s, text in self.edits if s is section), None)

    def with_edit(self, section: Section, text: str | None) -> Choices:
        edits = tuple((s, t) for s, t in self.edits if s is not section)
        return replace(self, edits=edits if text is None else (*edits, (section, text)))


@dataclass(frozen=True, slots=True)
class Part:
    """One section as it will be printed: paragraphs, then listed items."""

    section: Section
    heading: str
    paragraphs: tuple[str, ...]
    items: tuple[str, ...] = ()
    edited: bool = False

    @property
    def text(self) -> str:
        """The section as the clinician edits it: paragraphs separated by blank lines, items as `• ` lines."""
        blocks = list(self.paragraphs)
        if self.items:
            blocks.append("\n".join(BULLET + i for i in self.items))
        return "\n\n".join(blocks)

    @classmethod
    def from_text(cls, section: Section, heading: str, text: str) -> Part:
        """A section from the clinician's text: `• ` lines are items, other lines paragraphs."""
        paragraphs: list[str] = []
        items: list[str] = []
        current: list[str] = []
        for raw in text.replace("\r\n", "\n").split("\n"):
            line = raw.strip()
            if line.startswith(BULLET.strip()):
                if current:
                    paragraphs.append(" ".join(current))
                    current = []
                items.append(line[1:].strip())
            elif line:
                current.append(line)
            elif current:
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
        return cls(section, heading, tuple(paragraphs), tuple(i for i in items if i), edited=True)


@dataclass(frozen=True, slots=True)
class Letter:
    letter_type: LetterType
    recipient: Recipient
    urgency: Urgency
    opening: str
    parts: tuple[Part, ...]
    closing: str

    @property
    def salutation(self) -> str:
        return self.recipient.salutation

    def part(self, section: Section) -> Part | None:
        return next((p for p in self.parts if p.section is section), None)

    def as_text(self) -> str:
        """The letter's words as issued (kept in `documents[].text`)."""
        blocks = ["\n".join(self.recipient.address_lines()), _("Urgency: {urgency}").format(urgency=self.urgency.label),
                  self.salutation, self.opening]
        blocks += [f"{p.heading}\n{p.text}" for p in self.parts]
        blocks.append(self.closing)
        return "\n\n".join(b for b in blocks if b.strip())


# --- choosing the letter -----------------------------------------------------------------------------


def suggested_type(analysis: Analysis) -> LetterType:
    """Red flags needing action today: the emergency referral; others: the GP; else the surgeon."""
    ranks = [RED_FLAGS[a.flag].urgency for a in analysis.red_flags]
    if any(u in (FlagUrgency.EMERGENCY, FlagUrgency.SAME_DAY) for u in ranks):
        return EMERGENCY
    if ranks:
        return GP_UPDATE
    return ORTHOPAEDIC


def urgency_of(letter_type: LetterType, analysis: Analysis) -> Urgency:
    """Red flags raise the urgency: today for emergency and same-day flags, two weeks for the others."""
    ranks = {RED_FLAGS[a.flag].urgency for a in analysis.red_flags}
    if ranks & {FlagUrgency.EMERGENCY, FlagUrgency.SAME_DAY}:
        return Urgency.EMERGENCY
    if ranks:
        return Urgency.URGENT
    return letter_type.urgency


def suspected(analysis: Analysis) -> str | None:
    """The conditions the red flags point to, most urgent first: what the recipient is asked to exclude."""
    seen: list[str] = []
    for alert in analysis.red_flags:  # "septic arthritis" and "septic arthritis or crystal arthritis": once each
        # split in English (the catalogue's words), then each condition in the current language
        for condition in RED_FLAGS[alert.flag].suggests.replace(", ", " or ").split(" or "):
            if condition.strip() and _(condition.strip()) not in seen:
                seen.append(_(condition.strip()))
    return join(seen, "or") if seen else None


# The single conditions `suspected` splits the red-flag catalogue's `suggests` into, for the catalog.
_CONDITIONS = (
    N_("septic arthritis"), N_("crystal arthritis"), N_("cauda equina syndrome"), N_("nerve-root compression"),
    N_("deep vein thrombosis"), N_("fracture"), N_("dislocation"), N_("slipped capital femoral epiphysis"),
    N_("Perthes disease"), N_("a septic hip"), N_("bone metastasis"), N_("tumour"), N_("systemic disease"),
    N_("infection"),
)


# --- the sections ------------------------------------------------------------------------------------------


def _regions(record: ExamRecord) -> str:
    seen: list[str] = []
    for s in record.exam.history.symptoms:
        where = place(s.side, s.region)
        if where not in seen:
            seen.append(where)
    return _("{regions} pain").format(regions=join(seen)) if seen else _("knee and hip symptoms")


def _link_question(link: Link) -> str:
    return _("whether the {source} is the source of the {target} pain ({mechanism})").format(
        source=wording.source_place(link), target=wording.target_place(link), mechanism=link.mechanism.label)


def _red_flag_part(record: ExamRecord, analysis: Analysis) -> tuple[tuple[str, ...], tuple[str, ...]]:
    items = []
    for alert in analysis.red_flags:
        info = RED_FLAGS[alert.flag]
        items.append(_("{flag} ({origin}): may indicate {suggests}. Evidence: {reason}.").format(
            flag=upper_first(_(info.label)), origin=alert.origin.label, suggests=_(info.suggests), reason=alert.reason))
    lead = [_("These red flags come first: the musculoskeletal reasoning is set aside until they are cleared.")]
    # risk factors (a recent injection, diabetes, a cancer) are in the history: said beside the flags
    h = record.exam.history
    for label, text in ((_("Relevant history"), h.past_history), (_("Medication"), h.medications)):
        if text and text.strip():
            lead.append(f"{label}: {sentence(text)}")
    return tuple(lead), tuple(items)


def _reason(record: ExamRecord, analysis: Analysis, kind: LetterType, urgency: Urgency,
            links: tuple[tuple[Link, LinkReview], ...], impression: str | None) -> tuple[str, ...]:
    regions = _regions(record)
    condition = suspected(analysis)
    if condition is not None:
        text = _("{regions} with red flags. Question: please assess to exclude {condition}.").format(
            regions=upper_first(regions), condition=condition)
    elif kind.reports_progress:
        text = _("{regions}: report at the end of physiotherapy.").format(regions=upper_first(regions))
    elif links:
        text = _("{regions}. Question: {question}.").format(regions=upper_first(regions),
                                                            question=_link_question(links[0][0]))
    elif impression:
        text = _("{regions}. My clinical impression: {impression}").format(regions=upper_first(regions),
                                                                         impression=sentence(impression))
    else:
        text = _("{regions}, for your opinion on further management.").format(regions=upper_first(regions))
    return (text,)


def _history(record: ExamRecord) -> tuple[tuple[str, ...], tuple[str, ...]]:
    h = record.exam.history
    paragraphs = []
    if h.complaint and h.complaint.strip():
        paragraphs.append(_("In the patient's words: {complaint}").format(complaint=quote(h.complaint)))
    if h.goals and h.goals.strip():
        paragraphs.append(_("Goal: {goals}").format(goals=sentence(h.goals)))
    items = [injury_line(i) for i in sorted(h.injuries, key=lambda i: i.date or dt.date.min)]
    items += [symptom_line(s) for s in h.symptoms]
    if not paragraphs and not items:
        paragraphs.append(_("Not recorded."))
    return tuple(paragraphs), tuple(items)


def _text_or_none(text: str | None) -> tuple[str, ...]:
    return (sentence(text),) if text and text.strip() else (_("None recorded."),)


def _pain(record: ExamRecord) -> tuple[str, ...]:
    lines = [line for s in record.exam.history.symptoms if (line := pain_line(s)) is not None]
    if not lines:
        return (_("Not recorded."),)
    return (_("Numeric pain rating (NPRS, 0–10): {ratings}.").format(ratings="; ".join(lines)),)


def _scores(outcome: OutcomeScores, before: OutcomeScores | None) -> str:
    q = QUESTIONNAIRES[outcome.instrument]
    parts = []
    for sub in q.subscales:
        value = outcome.get(sub.key)
        if value is None:
            continue
        text = f"{sub.short} {show_number(value, 0)}"
        old = before.get(sub.key) if before is not None else None
        if old is not None:
            text = f"{sub.short} {show_number(old, 0)} → {show_number(value, 0)}"
        parts.append(text)
    worst, best = q.score_range
    return _("{instrument}: {scores} ({worst}–{best}, higher is better)").format(
        instrument=outcome.instrument.value, scores=", ".join(parts) or _("not scorable"), worst=worst, best=best)


def _outcomes(analysis: Analysis, baseline: tuple[ExamRecord, Analysis] | None) -> tuple[str, ...]:
    if not analysis.outcomes:
        return (_("No questionnaire recorded at this visit."),)
    earlier = {o.instrument: o for o in baseline[1].outcomes} if baseline is not None else {}
    lines = [_scores(o, earlier.get(o.instrument)) for o in analysis.outcomes]
    if baseline is not None:
        lines.append(_("Change since the baseline assessment of {date}.").format(date=show_date(baseline[0].exam.date)))
    return tuple(lines)


def _link_paragraph(link: Link, review: LinkReview, clinician: str | None) -> str:
    accepted_by = (_("Suggested by the analysis; accepted by {clinician}.").format(clinician=clinician) if clinician
                   else _("Suggested by the analysis; accepted."))
    text = f"{wording.link_title(link)}: {sentence(link.summary)} {accepted_by}"
    note = wording.other_leg_note(link)
    if note:
        text += f" {note}"
    if review.note:
        text += " " + _("Note: {note}").format(note=sentence(review.note))
    if link.held_for_red_flags:
        text += " " + _("To be considered {when}.").format(when=_(wording.AFTER_RED_FLAGS))
    return text


def _link_evidence(link: Link, several: bool) -> list[str]:
    """Every finding for and against the link, one line each (named by the link when several are accepted)."""
    whose = f" ({wording.link_route(link)})" if several else ""
    return ([_("For{whose}: {finding}").format(whose=whose, finding=e.finding) for e in link.supporting]
            + [_("Against{whose}: {finding}").format(whose=whose, finding=e.finding) for e in link.against])


def _assessment(analysis: Analysis, links: tuple[tuple[Link, LinkReview], ...], impression: str | None,
                clinician: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    out = [_link_paragraph(link, review, clinician) for link, review in links]
    items = [line for link, _ in links for line in _link_evidence(link, len(links) > 1)]
    if impression:
        out.append(_("My clinical impression: {impression}").format(impression=sentence(impression)))
    if not out:
        if analysis.red_flags:
            out.append(_("The red flags above come first; no explanation of the symptoms is offered until "
                         "they are cleared."))
        else:
            out.append(_("No knee–hip link has been accepted; the findings above are reported without a causal "
                         "interpretation."))
    return tuple(out), tuple(items)


def _treatment(record: ExamRecord, kind: LetterType, analysis: Analysis) -> tuple[str, ...]:
    # Only what the clinician wrote or chose: that a baseline exam exists says nothing about whether
    # or since when the patient had physiotherapy, so no such sentence is inferred from it.
    out = []
    if record.exam.notes and record.exam.notes.strip():
        out.append(_("Clinical notes: {notes}").format(notes=sentence(record.exam.notes)))
    if analysis.red_flags:
        out.append(_("No exercise, loading or manual therapy until the red flags are cleared."))
    elif kind.reports_progress:
        # the clinician chose the discharge letter; a home programme is said only where they write it
        out.append(_("Discharged from physiotherapy; the patient may return if the symptoms recur."))
    else:
        out.append(_("I will continue physiotherapy in the meantime and review the patient after your reply."))
    return tuple(out)


# Imaging that answers the red flag's question, with its source (the red-flag catalogue's advice).
_FLAG_IMAGING: dict[RedFlag, str] = {
    RedFlag.ADOLESCENT_HIP_OR_KNEE_PAIN_WITH_LIMP: N_("radiographs of both hips (AP pelvis and frog-leg lateral)"),
    RedFlag.SADDLE_ANAESTHESIA: N_("an urgent MRI of the lumbar spine"),
    RedFlag.PROGRESSIVE_NEUROLOGICAL_DEFICIT: N_("an urgent MRI of the lumbar spine"),
}


def _link_imaging(link: Link) -> str | None:
    """Imaging of the source joint only when the pain is referred from it; a compensating joint is not scanned."""
    if link.mechanism is not Mechanism.REFERRED:
        return None
    where = wording.source_place(link)
    if link.source is Joint.HIP:
        return _("radiographs of the {where} (AP pelvis and lateral {where})").format(where=where)
    return _("radiographs of the {where}").format(where=where)


def _request(record: ExamRecord, analysis: Analysis, kind: LetterType, urgency: Urgency,
             links: tuple[tuple[Link, LinkReview], ...]) -> tuple[str, ...]:
    condition = suspected(analysis)
    if condition is not None:
        imaging = [_(_FLAG_IMAGING[a.flag]) if a.flag in _FLAG_IMAGING else fracture_imaging(record)
                   for a in analysis.red_flags if a.flag in _FLAG_IMAGING or a.flag in FRACTURE_FLAGS]
        today = urgency is Urgency.EMERGENCY
        if kind.asks_imaging and imaging:
            when = _("today") if today else _("urgently")
            return (_("I would be grateful for {imaging} {when}, to exclude {condition}.").format(
                imaging=imaging[0], when=when, condition=condition),)
        extra = (_(", including {imaging}").format(imaging=imaging[0]) if imaging
                 else _(", with the investigations you see fit"))
        asked = _("your assessment today") if today else _("your urgent assessment")
        return (_("I would be grateful for {asked} to exclude {condition}{extra}.").format(
            asked=asked, condition=condition, extra=extra),)
    if kind.reports_progress or kind.urgency is Urgency.NONE:
        return (_("No action is needed; I will write again if anything changes."),)
    if links:
        link = links[0][0]
        scan = _link_imaging(link)
        if scan is not None:
            return (_("I would be grateful for {scan} and your opinion on the {source} as the source of the "
                      "symptoms.").format(scan=scan, source=wording.source_place(link)),)
        if kind.asks_imaging:
            return (_("The accepted explanation does not call for imaging of the painful joint; I would be grateful "
                      "for imaging only as you judge it necessary."),)
        return (_("I would be grateful for your opinion on the {source} as a contributing factor ({mechanism}); "
                  "I plan hip- and knee-focused exercise in the meantime.").format(
            source=wording.source_place(link), mechanism=link.mechanism.label),)
    if kind.asks_imaging:
        return (_("I would be grateful for the imaging you judge appropriate to answer the question above."),)
    return (_("I would be grateful for your assessment and advice on further management."),)


def _age(record: ExamRecord) -> str:
    return _("aged {age}").format(age=record.patient.age_on(record.exam.date))


def generated_parts(
    record: ExamRecord,
    analysis: Analysis,
    letter_type: LetterType,
    *,
    reviews: tuple[LinkReview, ...] | None = None,
    impression: str | None = None,
    clinician: str | None = None,
    baseline: tuple[ExamRecord, Analysis] | None = None,
    left_out: Iterable[str] = (),
) -> tuple[Part, ...]:
    """Every section the letter type carries, worded from the record, before any edit or untick."""
    exam = record.exam
    reviews = exam.link_review if reviews is None else reviews
    impression = (impression if impression is not None else exam.impression) or None
    impression = impression.strip() if impression and impression.strip() else None
    links = accepted(analysis, reviews)
    urgency = urgency_of(letter_type, analysis)
    skip = set(left_out)
    parts: list[Part] = []
    for section in letter_type.sections:
        heading = letter_type.heading(section)
        paragraphs: tuple[str, ...] = ()
        items: tuple[str, ...] = ()
        if section is Section.RED_FLAGS:
            if not analysis.red_flags:
                continue
            paragraphs, items = _red_flag_part(record, analysis)
        elif section is Section.REASON:
            paragraphs = _reason(record, analysis, letter_type, urgency, links, impression)
        elif section is Section.HISTORY:
            paragraphs, items = _history(record)
        elif section in (Section.PAST_HISTORY, Section.MEDICATION) and analysis.red_flags:
            continue  # already said beside the red flags, where they are risk factors
        elif section is Section.PAST_HISTORY:
            paragraphs = _text_or_none(exam.history.past_history)
        elif section is Section.MEDICATION:
            paragraphs = _text_or_none(exam.history.medications)
        elif section is Section.SCREENING:
            paragraphs = (sentence(wording.screening_status(analysis)),)
        elif section is Section.PAIN:
            paragraphs = _pain(record)
        elif section is Section.FINDINGS:
            items = tuple(f.text for f in findings(record, analysis) if f.key not in skip)
            if not items:
                paragraphs = (_("No examination findings recorded."),)
        elif section is Section.OUTCOMES:
            paragraphs = _outcomes(analysis, baseline)
        elif section is Section.ASSESSMENT:
            paragraphs, items = _assessment(analysis, links, impression, clinician)
        elif section is Section.TREATMENT:
            paragraphs = _treatment(record, letter_type, analysis)
        elif section is Section.REQUEST:
            paragraphs = _request(record, analysis, letter_type, urgency, links)
        parts.append(Part(section, heading, paragraphs, items))
    return tuple(parts)


def compose(
    record: ExamRecord,
    analysis: Analysis,
    letter_type: LetterType,
    recipient: Recipient,
    *,
    choices: Choices = Choices(),
    reviews: tuple[LinkReview, ...] | None = None,
    impression: str | None = None,
    clinician: str | None = None,
    baseline: tuple[ExamRecord, Analysis] | None = None,
) -> Letter:
    """The letter as it will read: the type's sections the clinician kept, with their edits."""
    parts = []
    for part in generated_parts(record, analysis, letter_type, reviews=reviews, impression=impression,
                                clinician=clinician, baseline=baseline, left_out=choices.left_out):
        if choices.sections is not None and part.section not in choices.sections:
            continue
        edit = choices.edited(part.section)
        parts.append(part if edit is None else Part.from_text(part.section, part.heading, edit))
    opening = _(letter_type.opening).format(patient=record.patient.full_name, age=_age(record),
                                            date=show_date(record.exam.date))
    closing = (_("Please do not hesitate to contact me.") if letter_type.urgency is Urgency.NONE
               else _("Thank you for seeing this patient."))
    return Letter(letter_type, recipient, urgency_of(letter_type, analysis), opening, tuple(parts), closing)
