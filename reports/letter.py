"""A letter on paper: `build_letter(data, out)` lays out a composed `forms.letters.compose.Letter`.

The words are the composer's (and the clinician's edits); this module adds only the letterhead,
the date, the address block, the patient's identification with the urgency, and the signature.
The red-flag section is boxed in red, so it cannot be read past.
"""

from __future__ import annotations

from typing import BinaryIO

from kinelink.forms.formats import show_date, show_date_long
from kinelink.forms.i18n import _, ngettext
from kinelink.forms.letters.compose import Choices, Letter, Part, compose, suggested_type
from kinelink.forms.letters.recipients import Recipient
from kinelink.forms.letters.types import Section, Urgency
from kinelink.reports import page, styles
from kinelink.reports.data import LetterData
from kinelink.reports.markup import esc
from kinelink.reports.parts import author, bullets, letterhead
from kinelink.reports.styles import Styles, make_styles
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

WIDTH = page.FRAME_WIDTH


def letter_of(data: LetterData) -> Letter:
    """The composed letter, or the suggested one for the named recipient (the command line's `--to`)."""
    if data.letter is not None:
        return data.letter
    choices = Choices()
    if data.reason and data.reason.strip():
        choices = choices.with_edit(Section.REASON, data.reason.strip())
    if data.request and data.request.strip():
        choices = choices.with_edit(Section.REQUEST, data.request.strip())
    recipient = Recipient.from_line(data.recipient_name, data.recipient_address or "")
    return compose(data.record, data.analysis, suggested_type(data.analysis), recipient, choices=choices,
                   clinician=author(data.clinic, data.record) or None, baseline=data.baseline)


def build_letter(data: LetterData, out: BinaryIO) -> None:
    """Write the letter to the binary stream `out`."""
    st = make_styles()
    letter = letter_of(data)
    record = data.record
    patient, exam = record.patient, record.exam
    clinician = author(data.clinic, record)
    right = ParagraphStyle("right", parent=st.letter, alignment=TA_RIGHT, spaceAfter=10)
    story: list[Flowable] = []
    story += letterhead(data.clinic, clinician, st, WIDTH)
    story.append(Paragraph(show_date_long(data.date), right))
    lines = letter.recipient.address_lines()
    if lines:
        address = f"<b>{esc(lines[0])}</b>" + "".join(f"<br/>{esc(line)}" for line in lines[1:])
        story.append(Paragraph(address, st.letter))
        story.append(Spacer(0, 8))
    urgent = letter.urgency in (Urgency.EMERGENCY, Urgency.URGENT)
    urgency = f"<b>{esc(letter.urgency.label)}</b>"
    if urgent:
        urgency = f'<font color="{styles.ALERT_HEX}">{urgency}</font>'
    age = patient.age_on(exam.date)
    identity = (
        "<b>" + _("Re: {name}").format(name=esc(patient.full_name)) + "</b>, "
        + _("born {date}").format(date=show_date(patient.date_of_birth))
        + " (" + ngettext("{n} year", "{n} years", age).format(n=age) + ")"
        + (", " + _("record no. {number}").format(number=esc(patient.record_number)) if patient.record_number else "")
        + "<br/>" + _("Assessed on {date}").format(date=show_date(exam.date))
        + f" · {esc(letter.letter_type.title)}<br/>" + _("Urgency: {urgency}").format(urgency=urgency)
    )
    story.append(Paragraph(identity, st.letter))
    story.append(Paragraph(esc(letter.salutation), st.letter))
    story.append(Paragraph(esc(letter.opening), st.letter))
    for part in letter.parts:
        story += _part(part, st)
    story.append(_signature(data, letter, clinician, st))
    furniture = page.PageFurniture(
        document=letter.letter_type.title, patient=patient, exam_date=exam.date, generated=data.generated,
        draft=data.status is not None and data.status.state == "draft", seal=data.seal,
    )
    to = letter.recipient.label or _("colleague")
    page.build(
        story, out, furniture,
        title=_("{title}: {patient} to {to}").format(title=letter.letter_type.title, patient=patient.full_name, to=to),
        author=clinician or data.clinic.name,
        subject=_("{kind}: {patient}, assessed on {date}").format(kind=letter.letter_type.label,
                                                                   patient=patient.full_name,
                                                                   date=show_date(exam.date)),
        keywords=[_("physiotherapy"), letter.letter_type.key, _("knee"), _("hip"), "Kinelink"],
        reproducible=data.reproducible,
    )


def _part(part: Part, st: Styles) -> list[Flowable]:
    body: list[Flowable] = [Paragraph(f"<b>{esc(part.heading)}</b>", st.letter_tight)]
    body += [Paragraph(esc(p), st.letter) for p in part.paragraphs]
    if part.items:
        body.append(bullets([esc(i) for i in part.items], st.letter_item))
        body.append(Spacer(0, 6))
    if part.section is not Section.RED_FLAGS:
        return body
    box = styles.table([[body]], [WIDTH], [
        ("BOX", (0, 0), (-1, -1), 1.3, styles.ALERT),
        ("BACKGROUND", (0, 0), (-1, -1), styles.ALERT_FILL),
        ("LEFTPADDING", (0, 0), (-1, -1), 9),
        ("RIGHTPADDING", (0, 0), (-1, -1), 9),
        ("TOPPADDING", (0, 0), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ])
    return [box, Spacer(0, 10)]


def _signature(data: LetterData, letter: Letter, clinician: str, st: Styles) -> Flowable:
    clinic = data.clinic
    lines = [f"<b>{esc(clinician)}</b>"] if clinician else []
    lines.append(esc(_(clinic.profession)))
    lines.append(esc(_(clinic.name)))
    contact = [_("Tel. {phone}").format(phone=esc(clinic.phone))] if clinic.phone else []
    if clinic.email:
        contact.append(esc(clinic.email))
    if contact:
        lines.append(" · ".join(contact))
    if data.status is not None:
        lines.append(f"<font size='8' color='{styles.MUTED_HEX}'>"
                     + _("Exam record: {status}").format(status=esc(data.status.text)) + "</font>")
    return KeepTogether([  # never leave the signature alone on a page
        Paragraph(esc(letter.closing), st.letter),
        Paragraph(_("Yours sincerely,"), st.letter),
        Spacer(0, 26),
        Paragraph("<br/>".join(lines), st.body_tight),
    ])
