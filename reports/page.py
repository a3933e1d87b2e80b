"""The page: A4 frame, running header, footer with "page x of y", metadata, draft mark.

The footer must know the number of pages, so the canvas keeps every finished
page until the document is complete and then stamps the header and footer on
each (the two-pass "page x of y" canvas of the reportlab examples; rst2pdf's
`FancyDocTemplate` does the same job with a second build).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Any, BinaryIO

from kinelink.forms import i18n
from kinelink.forms.formats import show_date
from kinelink.forms.i18n import _
from kinelink.forms.model import Patient
from kinelink.reports import styles
from kinelink.reports import typefaces as fonts
from kinelink.reports.data import HistorySeal
from kinelink.reports.markup import nfc
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

PAGE_SIZE = A4
FRAME_WIDTH = PAGE_SIZE[0] - 2 * styles.PAGE_MARGIN_X


@functools.cache
def program_version() -> str:
    try:
        return version("kinelink")
    except PackageNotFoundError:
        return "0+unknown"


@dataclass(frozen=True, slots=True)
class PageFurniture:
    """What is printed around the content of every page (plain text, drawn literally)."""

    document: str  # "Assessment summary"
    patient: Patient
    exam_date: dt.date
    generated: dt.datetime
    draft: bool = False
    seal: HistorySeal | None = None

    @property
    def born(self) -> str:
        record = " · " + _("record {number}").format(number=self.patient.record_number) \
            if self.patient.record_number else ""
        return nfc(" · " + _("born {date}").format(date=show_date(self.patient.date_of_birth)) + record)

    @property
    def document_line(self) -> str:
        return _("{document} · exam of {date}").format(document=self.document, date=show_date(self.exam_date))

    @property
    def program_line(self) -> str:
        printed = _("Kinelink {version} · printed {date}").format(version=program_version(),
                                                                   date=show_date(self.generated.date()))
        seal = " · " + _("history seal {seal}").format(seal=self.seal.short) if self.seal is not None else ""
        return printed + seal


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten text with an ellipsis until it fits (a footer must never run off the page)."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type information
    """Keeps each finished page and stamps header and footer once the page count is known."""

    def __init__(self, *args: Any, furniture: PageFurniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._stamp(number, total)
            super().showPage()
        super().save()

    def _stamp(self, number: int, total: int) -> None:
        f = self._furniture
        width, height = self._pagesize
        left, right = styles.PAGE_MARGIN_X, width - styles.PAGE_MARGIN_X
        usable = right - left
        size, small = 7.4, 6.6
        self.saveState()
        self.setStrokeColor(styles.RULE)
        self.setLineWidth(0.5)
        # footer, two lines under a rule: patient and page; document and program
        top = styles.PAGE_MARGIN_BOTTOM - 15
        self.line(left, top + 9, right, top + 9)
        page = _("Page {number} of {total}").format(number=number, total=total)
        self.setFillColor(styles.INK)
        self.setFont(fonts.BOLD, size)
        self.drawRightString(right, top, page)
        room = usable - stringWidth(page, fonts.BOLD, size) - 16
        born = f.born
        if stringWidth(born, fonts.REGULAR, size) > room * 0.6:  # keep the date of birth, drop the record
            born = nfc(" · " + _("born {date}").format(date=show_date(f.patient.date_of_birth)))
        name = _fit(nfc(f.patient.full_name), fonts.BOLD, size, room - stringWidth(born, fonts.REGULAR, size))
        self.drawString(left, top, name)
        self.setFont(fonts.REGULAR, size)
        self.drawString(left + stringWidth(name, fonts.BOLD, size), top, born)
        self.setFillColor(styles.MUTED)
        self.setFont(fonts.REGULAR, small)
        self.drawString(left, top - 9.5, f.document_line)
        self.drawRightString(right, top - 9.5, f.program_line)
        # running header from page 2 on (page 1 carries the letterhead)
        if number > 1:
            y = height - styles.PAGE_MARGIN_TOP + 14
            exam = _("Exam of {date}").format(date=show_date(f.exam_date))
            room = usable - stringWidth(exam, fonts.REGULAR, size) - 12
            self.setFillColor(styles.MUTED)
            self.setFont(fonts.BOLD, size)
            self.drawString(left, y, _fit(f"{f.document} · {nfc(f.patient.full_name)}", fonts.BOLD, size, room))
            self.setFont(fonts.REGULAR, size)
            self.drawRightString(right, y, exam)
            self.line(left, y - 4, right, y - 4)
        self.restoreState()


def _draft_mark(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """A faint diagonal DRAFT behind the content of every page of an unsigned note."""
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillColor(styles.RULE)
    canvas.setFillAlpha(0.35)
    canvas.setFont(fonts.BOLD, 96)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(50)
    canvas.drawCentredString(0, -30, _("DRAFT"))
    canvas.restoreState()


def build(
    story: list[Flowable],
    out: BinaryIO,
    furniture: PageFurniture,
    *,
    title: str,
    author: str,
    subject: str,
    keywords: list[str],
    reproducible: bool,
) -> None:
    """Lay the story out on A4 pages with header, footer and metadata, and write the PDF to `out`."""
    fonts.register()
    doc = BaseDocTemplate(
        out,
        pagesize=PAGE_SIZE,
        leftMargin=styles.PAGE_MARGIN_X,
        rightMargin=styles.PAGE_MARGIN_X,
        topMargin=styles.PAGE_MARGIN_TOP,
        bottomMargin=styles.PAGE_MARGIN_BOTTOM,
        title=nfc(title),
        author=nfc(author),
        subject=nfc(subject),
        keywords=[nfc(k) for k in keywords] + ([furniture.seal.keyword] if furniture.seal is not None else []),
        creator=f"Kinelink {program_version()}",
        producer=f"Kinelink {program_version()} (ReportLab)",
        lang=i18n.current().tag,  # the language the document is written in (en-GB, de-DE)
        displayDocTitle=True,
        invariant=1 if reproducible else 0,
        initialFontName=fonts.REGULAR,
        initialFontSize=9.3,
    )
    frame = Frame(
        doc.leftMargin, doc.bottomMargin, doc.width, doc.height,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body",
    )
    on_page = _draft_mark if furniture.draft else None
    template = PageTemplate(id="page", frames=[frame], onPage=on_page or (lambda c, d: None))
    doc.addPageTemplates([template])
    # Binary (not ASCII85) streams: standard PDF, smaller, and a tenth of the time to write. The setting
    # is process-wide in reportlab, so it is switched only for the duration of this build.
    a85, rl_config.useA85 = rl_config.useA85, 0
    try:
        doc.build(story, canvasmaker=functools.partial(_NumberedCanvas, furniture=furniture))
    finally:
        rl_config.useA85 = a85
