"""The referral letter: `build_letter(data, out)`, one to two pages.

Addressed to a named recipient, dated, with the patient's identification, the
reason, a short narrative of the key findings and the likely link, one specific
request, and the clinician's signature block.
"""

from __future__ import annotations

from typing import BinaryIO

from kinelink.forms.findings import Analysis, Comparison
from kinelink.forms.formats import show_date, show_date_long, show_number
from kinelink.forms.model import ExamRecord
from kinelink.forms.questionnaires import questionnaire
from kinelink.forms.wording import AFTER_RED_FLAGS, link_title, screening_status
from kinelink.reports import page, styles
from kinelink.reports.data import LetterData
from kinelink.reports.markup import esc, esc_lines, join_words, sentence
from kinelink.reports.parts import author, bullets, letterhead, red_flag_box
from kinelink.reports.styles import Styles, make_styles
from kinelink.reports.wording import (
    complaint_regions,
    default_reason,
    default_request,
    deficit_phrase,
    gait_text,
    place,
    positive_test_phrase,
    positive_tests,
)
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

WIDTH = page.FRAME_WIDTH
TITLE = "Referral letter"
MAX_DEFICITS = 3  # of each kind: the letter names the most telling few; the summary has them all
MAX_FINDINGS = 2
MAX_TESTS = 5
MAX_INJURIES = 3
MAX_COMPLAINT = 240  # characters of the patient's own words; the summary quotes them in full


def build_letter(data: LetterData, out: BinaryIO) -> None:
    """Write the referral letter to the binary stream `out`."""
    st = make_styles()
    record, analysis = data.record, data.analysis
    patient, exam = record.patient, record.exam
    clinician = author(data.clinic, record)
    right = ParagraphStyle("right", parent=st.letter, alignment=TA_RIGHT, spaceAfter=10)
    story: list[Flowable] = []
    story += letterhead(data.clinic, clinician, st, WIDTH)
    story.append(Paragraph(show_date_long(data.date), right))
    address = f"<b>{esc(data.recipient_name)}</b>"
    if data.recipient_address and data.recipient_address.strip():
        address += "<br/>" + esc_lines(data.recipient_address.strip())
    story.append(Paragraph(address, st.letter))
    story.append(Spacer(0, 8))
    age = patient.age_on(exam.date)
    identity = (
        f"<b>Re: {esc(patient.full_name)}</b>, born {show_date(patient.date_of_birth)} ({age} years)"
        + (f", record no. {esc(patient.record_number)}" if patient.record_number else "")
        + f"<br/>Assessed on {show_date(exam.date)}"
    )
    story.append(Paragraph(identity, st.letter))
    if analysis.red_flags:
        story.append(red_flag_box(analysis.red_flags, st, WIDTH, letter=True, screened=analysis.red_flags_screened))
    story.append(Paragraph(f"Dear {esc(data.recipient_name)},", st.letter))
    reason = data.reason.strip() if data.reason and data.reason.strip() else default_reason(record, analysis)
    story.append(Paragraph(f"<b>Reason for referral:</b> {esc(sentence(reason))}", st.letter))
    story += _narrative(record, analysis, st)
    request = data.request.strip() if data.request and data.request.strip() else default_request(record, analysis)
    story.append(Paragraph(f"<b>Request:</b> I would be grateful for {esc(_lower_first(request).rstrip('.'))}.",
                           st.letter))
    story.append(_signature(data, clinician, st))
    furniture = page.PageFurniture(
        document=TITLE, patient=patient, exam_date=exam.date, generated=data.generated,
        draft=data.status is not None and data.status.state == "draft",
    )
    page.build(
        story, out, furniture,
        title=f"{TITLE}: {patient.full_name} to {data.recipient_name}",
        author=clinician or data.clinic.name,
        subject=f"Referral of {patient.full_name}, assessed on {show_date(exam.date)}",
        keywords=["physiotherapy", "referral", "knee", "hip", "Kinelink"],
        reproducible=data.reproducible,
    )


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _rank(c: Comparison) -> float:
    """Most telling first: the lowest LSI or share of the norm, the biggest side difference."""
    if c.lsi is not None:
        return c.lsi
    if c.percent_of_norm is not None:
        return c.percent_of_norm
    return 100 + (c.difference or 0)


def _narrative(record: ExamRecord, analysis: Analysis, st: Styles) -> list[Flowable]:
    h = record.exam.history
    flow: list[Flowable] = []
    # presentation
    regions = complaint_regions(record)
    text = esc(record.patient.full_name)
    text += f" presents with {esc(regions)}" if regions else " was assessed for knee and hip symptoms"
    if h.complaint and h.complaint.strip():
        text += f", described as “{esc(_clip(h.complaint.strip(), MAX_COMPLAINT))}”"
    text += "."
    for injury in h.injuries[:MAX_INJURIES]:
        when = f" on {show_date(injury.date)}" if injury.date else ""
        what = f" ({esc(join_words([s.label for s in injury.structures]))})" if injury.structures else ""
        text += f" Injury to the {esc(place(injury.side, injury.region))}{when}{what}."
    flow.append(Paragraph(text, st.letter))
    # examination
    items: list[str] = []
    if h.gait:
        items.append(f"<b>Gait:</b> {esc(gait_text(record).rstrip('.').lower())}.")
    for kind, title in (("rom", "Range of motion"), ("strength", "Strength")):
        deficits = sorted((c for c in analysis.deficits if c.kind == kind), key=_rank)
        if deficits:
            shown = "; ".join(deficit_phrase(c) for c in deficits[:MAX_DEFICITS])
            more = len(deficits) - MAX_DEFICITS
            items.append(f"<b>{title}:</b> {esc(shown)}" + (f"; {more} more in the summary." if more > 0 else "."))
    positives = positive_tests(record)
    if positives:
        shown = "; ".join(positive_test_phrase(t) for t in positives[:MAX_TESTS])
        more = len(positives) - MAX_TESTS
        items.append(f"<b>Positive tests:</b> {esc(shown)}" + (f"; {more} more in the summary." if more > 0 else "."))
    elif record.exam.tests:
        items.append("<b>Special tests:</b> none positive.")
    scores = []
    for o in analysis.outcomes:
        best = questionnaire(o.instrument).score_range[1]
        values = [(k, v) for k, v in o.scores if v is not None]
        if values and values[0][0] == "total":
            scores.append(f"{o.instrument.value} {show_number(values[0][1], 0)}/{best}")
        elif values:
            q = questionnaire(o.instrument)
            parts = ", ".join(f"{q.subscale(k).short} {show_number(v, 0)}" for k, v in values)
            scores.append(f"{o.instrument.value} {parts}")
    if scores:
        items.append(f"<b>Outcome scores</b> (higher = better): {esc('; '.join(scores))}.")
    if not analysis.red_flags:
        items.append(f"<b>Red-flag screening:</b> {esc(screening_status(analysis))}.")
    if items:
        flow.append(Paragraph("<b>On examination:</b>", st.letter_tight))
        flow.append(bullets(items, st.letter_item))
        flow.append(Spacer(0, 6))
    # assessment
    link = analysis.top_link
    if link is None:
        flow.append(Paragraph(
            "<b>Assessment.</b> The findings recorded do not point to a link between the knee and the hip.",
            st.letter))
        return flow
    held = f" To be considered {AFTER_RED_FLAGS}." if link.held_for_red_flags else ""
    text = (
        f"<b>Assessment.</b> The likely link is {esc(_lower_first(link_title(link)))}, "
        f"likelihood {esc(link.likelihood.label)} (this ranks the evidence recorded; it is not a probability): "
        f"{esc(_lower_first(sentence(link.summary)))}{esc(held)}"
    )
    if link.supporting:
        text += " In favour: " + esc("; ".join(_lower_first(e.finding) for e in link.supporting[:MAX_FINDINGS])) + "."
    if link.against:
        text += " Against: " + esc("; ".join(_lower_first(e.finding) for e in link.against[:MAX_FINDINGS])) + "."
    flow.append(Paragraph(text, st.letter))
    return flow


def _signature(data: LetterData, clinician: str, st: Styles) -> Flowable:
    clinic = data.clinic
    lines = [f"<b>{esc(clinician)}</b>"] if clinician else []
    lines.append(esc(clinic.profession))
    lines.append(esc(clinic.name))
    contact = [f"Tel. {esc(clinic.phone)}"] if clinic.phone else []
    if clinic.email:
        contact.append(esc(clinic.email))
    if contact:
        lines.append(" · ".join(contact))
    if data.status is not None:
        lines.append(f"<font size='8' color='{styles.MUTED_HEX}'>Exam record: {esc(data.status.text)}</font>")
    return KeepTogether([  # never leave the signature alone on a page
        Paragraph(
            "The full assessment summary, with every measurement and test result, is available on request. "
            "Thank you for seeing this patient.", st.letter),
        Paragraph("Yours sincerely,", st.letter),
        Spacer(0, 26),
        Paragraph("<br/>".join(lines), st.body_tight),
    ])
