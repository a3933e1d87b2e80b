"""Pieces both documents use: letterhead, section heading, red-flag box, patient block, lists."""

from __future__ import annotations

from collections.abc import Sequence

from kinelink.forms.findings import Analysis, RedFlagAlert
from kinelink.forms.formats import show_date
from kinelink.forms.i18n import _, ngettext
from kinelink.forms.model import ExamRecord
from kinelink.forms.wording import screening_status
from kinelink.reports import styles
from kinelink.reports import typefaces as fonts
from kinelink.reports.data import ClinicInfo, SignOff
from kinelink.reports.markup import esc, esc_lines, sentence
from kinelink.reports.page import FRAME_WIDTH
from kinelink.reports.styles import Styles
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    Spacer,
    Table,
)


class SectionHeading(Flowable):  # type: ignore[misc]  # reportlab has no type information
    """A section title over a hairline rule, kept with what follows."""

    def __init__(self, text: str, *, space_before: float = 12) -> None:
        super().__init__()
        self.text = text
        self.space_before = space_before
        self.keepWithNext = True
        self._width = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._width = available_width
        return available_width, 19.0

    def getSpaceBefore(self) -> float:
        return self.space_before

    def getSpaceAfter(self) -> float:
        return 5.0

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.saveState()
        canvas.setFont(fonts.BOLD, 11.2)
        canvas.setFillColor(styles.ACCENT)
        canvas.drawString(0, 6, self.text)
        canvas.setStrokeColor(styles.ACCENT)
        canvas.setLineWidth(0.7)
        canvas.line(0, 1.5, self._width, 1.5)
        canvas.restoreState()


def table_section(title: str | Flowable, rows: int, body: list[Flowable]) -> list[Flowable]:
    """A heading over a table (and what comes before the table in `body`).

    A short, low table is kept whole with its heading (moved to the next page if it does not fit). A
    longer one starts wherever its heading, header row and first rows fit, and splits, its header row
    repeated (`Table(repeatRows=1)`): kept whole, it was pushed to the next page and left most of page 1
    empty. The header keeps KEEP_ROWS rows under it (one, when they are tall), and `keep_rows` keeps the
    last KEEP_ROWS together, so no row is left alone on a page.
    """
    heading = SectionHeading(title) if isinstance(title, str) else title
    heading.keepWithNext = False  # CondPageBreak keeps it with the table's first rows instead
    above = heading.wrap(FRAME_WIDTH, _TALL)[1] + heading.getSpaceBefore() + heading.getSpaceAfter()
    table: Table | None = None
    for flowable in body:
        if isinstance(flowable, Table):
            table = flowable
            break
        above += flowable.wrap(FRAME_WIDTH, _TALL)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    if table is None:
        return [heading, *body]
    heights = list(table._rowHeights) if table.wrap(FRAME_WIDTH, _TALL) else []
    if rows <= SHORT_TABLE_ROWS and above + sum(heights) <= KEEP_WHOLE_HEIGHT:
        return [CondPageBreak(above + sum(heights)), heading, *body]
    head = int(table.repeatRows) if isinstance(table.repeatRows, int) else 0
    cells = table._cellvalues
    titled = len(cells) > head and all(cell == "" for cell in cells[head][1:])  # a group's title row first
    first = head + titled + KEEP_ROWS
    if sum(heights[head + titled:first]) > TALL_ROWS:
        first -= KEEP_ROWS - 1  # rows this tall: one under the header is a block of its own
    first = min(first, len(heights))
    table.setStyle([("NOSPLIT", (0, 0), (-1, first - 1))])
    return [CondPageBreak(above + sum(heights[:first])), heading, *body]


def keep_rows(rows: int, *, head: int = 1, tail: int = 0) -> list[tuple[object, ...]]:
    """Table style commands that keep the last KEEP_ROWS of the `rows` body rows (after `head` header
    rows) with the `tail` rows after them (a legend): a split table never leaves a row alone on its
    last page. (`table_section` keeps the first rows with the header.)"""
    if rows <= KEEP_ROWS:
        return [("NOSPLIT", (0, head), (-1, head + rows + tail - 1))] if rows + tail > 1 else []
    return [("NOSPLIT", (0, head + rows - KEEP_ROWS), (-1, head + rows + tail - 1))]


_TALL = 10_000.0  # a height no table section reaches: wrap() to measure, not to fit
SHORT_TABLE_ROWS = 6  # a table of at most this many rows, and at most this tall, stays whole with its heading
KEEP_WHOLE_HEIGHT = 170.0
KEEP_ROWS = 2  # a split table keeps at least this many rows on each page
TALL_ROWS = 120.0  # points: first rows taller than this may stand one under the header


def letterhead(clinic: ClinicInfo, clinician: str, st: Styles, width: float) -> list[Flowable]:
    """Clinic name and address on the left, clinician and contact details on the right."""
    left: list[Flowable] = [Paragraph(esc(_(clinic.name)), st.clinic_name)]
    if clinic.address.strip():
        left.append(Paragraph(esc_lines(clinic.address.strip()), st.clinic_line))
    right_lines = [f"<b>{esc(clinician)}</b>"] if clinician else []
    right_lines.append(esc(_(clinic.profession)))
    if clinic.phone:
        right_lines.append(_("Tel. {phone}").format(phone=esc(clinic.phone)))
    if clinic.email:
        right_lines.append(esc(clinic.email))
    right = Paragraph("<br/>".join(right_lines), st.clinic_right)
    table = styles.table([[left, right]], [width * 0.62, width * 0.38], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("LINEBELOW", (0, 0), (-1, 0), 1.4, styles.ACCENT),
    ])
    return [table, Spacer(0, 10)]


def examiner(clinic: ClinicInfo, record: ExamRecord) -> str:
    """Who examined the patient: the exam's clinician, else the one in the settings."""
    return (record.exam.clinician or clinic.clinician or "").strip()


def author(clinic: ClinicInfo, record: ExamRecord) -> str:
    """Who writes and signs the document: the settings' clinician, else the exam's."""
    return (clinic.clinician or record.exam.clinician or "").strip()


def screening_line(analysis: Analysis, st: Styles) -> Flowable:
    """No red flag found: whether the screening was done ("screened, none present") or not recorded."""
    status = screening_status(analysis)
    if analysis.red_flags_screened:
        return Paragraph("<b>" + _("Red-flag screening:") + f"</b> {esc(status)}.", st.small)
    return Paragraph(
        f'<font color="{styles.ALERT_HEX}"><b>' + _("Red-flag screening: {status}.").format(status=esc(status))
        + "</b></font> " + _("No red flag was found in the findings or the notes, which is not a screening."),
        st.small)


def red_flag_box(alerts: Sequence[RedFlagAlert], st: Styles, width: float, *, letter: bool = False,
                 screened: bool | None = None) -> Flowable:
    """The red flags, boxed in red, each with its advice and why it was raised (ticked, implied, text)."""
    count = len(alerts)
    title = "⚠ " + (
        ngettext("Red flag: medical assessment needed before treatment",
                 "Red flags: medical assessment needed before treatment", count)
        if not letter
        else ngettext("Urgent: red flag found at this assessment", "Urgent: red flags found at this assessment", count)
    )
    rows: list[list[Flowable]] = [[Paragraph(title, st.alert_title)]]
    for alert in alerts:
        text = f"<b>{esc(sentence(alert.flag.label))}</b> {esc(sentence(alert.advice))}"
        text += f' <font color="{styles.MUTED_HEX}">({esc(alert.origin.label)}: {esc(alert.reason)})</font>'
        rows.append([Paragraph(text, st.alert_body)])
    if not screened:
        rows.append([Paragraph(f'<font color="{styles.MUTED_HEX}">'
                               + _("Red-flag screening not recorded as done: ask about the other red flags too.")
                               + "</font>", st.alert_body)])
    table = styles.table(rows, [width], [
        ("BOX", (0, 0), (-1, -1), 1.3, styles.ALERT),
        ("BACKGROUND", (0, 0), (-1, -1), styles.ALERT_FILL),
        ("LEFTPADDING", (0, 0), (-1, -1), 9),
        ("RIGHTPADDING", (0, 0), (-1, -1), 9),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, 0), 7),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
    ])
    return KeepTogether([table, Spacer(0, 10)])


def patient_block(record: ExamRecord, clinician: str, status: SignOff | None, st: Styles,
                  width: float) -> Flowable:
    """Who and when: name, date of birth and age, sex, record number; exam date, clinician, status."""
    patient, exam = record.patient, record.exam
    age = patient.age_on(exam.date)
    left = [
        (_("Patient"), f"<b>{esc(patient.full_name)}</b>"),
        (_("Date of birth"), f"{show_date(patient.date_of_birth)} ("
         + ngettext("{n} year", "{n} years", age).format(n=age) + ")"),
        (_("Sex"), esc(patient.sex.label)),
        (_("Record no."), esc(patient.record_number) if patient.record_number else _("not recorded")),
    ]
    right = [
        (_("Exam date"), f"<b>{show_date(exam.date)}</b>"),
        (_("Clinician"), esc(clinician) if clinician else _("not recorded")),
        (_("Status"), esc(status.text) if status else _("not stated")),
    ]
    if exam.id:
        right.append(("ID", f"<font size='7'>{esc(exam.id)}</font>"))
    rows = []
    for i in range(max(len(left), len(right))):
        row: list[object] = []
        for pairs in (left, right):
            if i < len(pairs):
                row += [pairs[i][0], Paragraph(pairs[i][1], st.cell)]
            else:
                row += ["", ""]
        rows.append(row)
    # as wide as the longest label ("Untersuchungsdatum" is wider than "Exam date"), never narrower than before
    label = max(62.0, *(stringWidth(text, fonts.REGULAR, st.cell_small.fontSize) + 11 for text, _v in (*left, *right)))
    table = styles.table(rows, [label, width / 2 - label, label, width / 2 - label], [
        ("FONT", (0, 0), (0, -1), fonts.REGULAR, st.cell_small.fontSize),
        ("FONT", (2, 0), (2, -1), fonts.REGULAR, st.cell_small.fontSize),
        ("TEXTCOLOR", (0, 0), (0, -1), styles.MUTED),
        ("TEXTCOLOR", (2, 0), (2, -1), styles.MUTED),
        ("BACKGROUND", (0, 0), (-1, -1), styles.GROUP_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
        ("TOPPADDING", (0, 0), (-1, 0), 6),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
        ("LINEBEFORE", (2, 0), (2, -1), 0.5, styles.GRID),
    ])
    return table


def bullets(items: Sequence[str], style: object, *, numbered: bool = False) -> ListFlowable:
    """A list of markup strings (already escaped) as bullets or numbers."""
    flow = [ListItem(Paragraph(text, style)) for text in items]
    if numbered:
        return ListFlowable(flow, bulletType="1", bulletFontName=fonts.REGULAR, bulletFontSize=8.4,
                            leftIndent=13, bulletDedent=11, bulletFormat="%s.")
    return ListFlowable(flow, bulletType="bullet", start="•", bulletFontName=fonts.REGULAR,
                        bulletFontSize=8.4, leftIndent=11, bulletDedent=9)
