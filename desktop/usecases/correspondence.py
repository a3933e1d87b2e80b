"""Correspondence as part of the record: issuing a letter or summary, listing and reopening them.

Issuing writes the PDF where the clinician chose and keeps, with the exam, what was sent:
the kind, the letter type, the recipient, when, who, the words and the PDF's sha256, and the
PDF itself (`repository.issue_document`). A document once issued never changes, on a draft or a
signed exam; a corrected letter is issued as a new document. Qt-free: the window asks and shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kinelink.desktop.usecases.documents import StoredForPrint, write_pdf
from kinelink.forms.i18n import _
from kinelink.forms.model import ExamId, IssuedDocument, PatientId
from kinelink.forms.vocab import DocumentKind

if TYPE_CHECKING:
    from kinelink import db
    from kinelink.forms.letters.compose import Letter  # the window lists documents before any letter is composed
    from kinelink.reports import ClinicInfo, LetterData, SummaryData


@dataclass(frozen=True, slots=True)
class Filed:
    """One issued document on the patient page: the exam it belongs to and the document."""

    exam_id: ExamId
    exam_date: dt.date
    document: IssuedDocument

    @property
    def title(self) -> str:
        from kinelink.forms.letters.types import LETTER_TYPES

        if self.document.kind is DocumentKind.SUMMARY:
            return _("Assessment summary")
        kind = LETTER_TYPES.get(self.document.letter_type or "")
        return kind.label if kind is not None else _("Letter")


def _write_bytes(path: Path, pdf: bytes) -> None:
    def put(out: BinaryIO) -> None:
        out.write(pdf)

    write_pdf(path, put)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def letter_data(exam: StoredForPrint, clinic: ClinicInfo, letter: Letter) -> LetterData:
    """What the PDF of a composed letter is made from."""
    from kinelink.forms.analysis import analyze
    from kinelink.reports import LetterData

    return LetterData(record=exam.record, analysis=analyze(exam.record), recipient_name=letter.recipient.name,
                      clinic=clinic, status=exam.status, letter=letter,
                      baseline=exam.earlier[-1] if exam.earlier else None)


def _issue(database: db.Database, exam_id: ExamId, path: Path, pdf: bytes, document: IssuedDocument) -> None:
    from kinelink.db import repository

    _write_bytes(path, pdf)
    with database.write() as s:
        repository.issue_document(s, exam_id, document, pdf=pdf)


def issue_letter(database: db.Database, exam_id: ExamId, path: Path, data: LetterData, *,
                 author: str) -> IssuedDocument:
    """Write the letter to `path` and keep it with the exam."""
    from kinelink.reports import build_letter
    from kinelink.reports.letter import letter_of

    letter = letter_of(data)
    out = io.BytesIO()
    build_letter(data, out)
    pdf = out.getvalue()
    document = IssuedDocument(kind=DocumentKind.LETTER, issued_at=_now(), author=author, text=letter.as_text(),
                              sha256=hashlib.sha256(pdf).hexdigest(), letter_type=letter.letter_type.key,
                              recipient=letter.recipient.label or None)
    _issue(database, exam_id, path, pdf, document)
    return document


def issue_summary(database: db.Database, exam_id: ExamId, path: Path, data: SummaryData, *,
                  author: str) -> IssuedDocument:
    """Write the assessment summary to `path` and keep it with the exam (its words: the text summary)."""
    from kinelink.forms.summary_text import render_text
    from kinelink.reports import build_summary

    out = io.BytesIO()
    build_summary(data, out)
    pdf = out.getvalue()
    document = IssuedDocument(kind=DocumentKind.SUMMARY, issued_at=_now(), author=author,
                              text=render_text(data.record, data.analysis), sha256=hashlib.sha256(pdf).hexdigest())
    _issue(database, exam_id, path, pdf, document)
    return document


def filed_documents(database: db.Database, patient_id: PatientId) -> list[Filed]:
    """Every document issued for the patient's exams, newest first."""
    from kinelink.db import repository

    out: list[tuple[dt.datetime, int, Filed]] = []
    with database.read() as s:
        for summary in repository.list_exams(s, patient_id):
            exam = repository.get_exam(s, summary.id).record.exam
            out += [(d.issued_at, i, Filed(ExamId(summary.id), exam.date, d)) for i, d in enumerate(exam.documents)]
    out.sort(key=lambda entry: entry[:2], reverse=True)  # within one second, the later-issued first
    return [f for _when, _order, f in out]


def reopen(database: db.Database, document: IssuedDocument, path: Path) -> bool:
    """Write the kept PDF of `document` to `path` (user-only); False when no PDF was kept."""
    from kinelink.db import repository

    with database.read() as s:
        pdf = repository.document_pdf(s, document.sha256)
    if pdf is None:
        return False
    _write_bytes(path, pdf)
    return True
