"""The documents that leave the clinic: gathering their data and writing the PDF.

`reports` renders plain data; this module fills that data from the database
and the settings. PDFs are written to a temporary file beside the target and
moved into place, so a failed build never leaves half a document.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from kinelink.db import repository
from kinelink.desktop.document_data import clinic_info, earlier_exams, sign_off, write_pdf
from kinelink.desktop.letter_dialog import Recipient
from kinelink.desktop.settings import Settings
from kinelink.forms.model import ExamId, ExamRecord
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from sqlalchemy.orm import Session

if TYPE_CHECKING:  # reportlab is loaded when the first document is written, not at start-up
    from kinelink.reports import LetterData, SummaryData

def summary_data(s: Session, exam_id: ExamId, settings: Settings) -> SummaryData:
    from kinelink.forms.analysis import analyze
    from kinelink.reports import SummaryData

    stored = repository.get_exam(s, exam_id)
    return SummaryData(
        record=stored.record,
        analysis=analyze(stored.record),
        clinic=clinic_info(settings),  # the summary is the examining clinician's record
        earlier=earlier_exams(s, stored.summary, stored.record),
        status=sign_off(stored.summary),
    )


def letter_data(s: Session, exam_id: ExamId, settings: Settings, recipient: Recipient) -> LetterData:
    from kinelink.forms.analysis import analyze
    from kinelink.reports import LetterData

    stored = repository.get_exam(s, exam_id)
    return LetterData(
        record=stored.record,
        analysis=analyze(stored.record),
        recipient_name=recipient.name,
        recipient_address=recipient.address or None,
        reason=recipient.reason or None,
        request=recipient.request or None,
        clinic=clinic_info(settings, signer=settings.clinician_name),  # the letter is signed by its writer
        status=sign_off(stored.summary),
    )


def write_summary(path: Path, data: SummaryData) -> None:
    from kinelink.reports import build_summary

    write_pdf(path, lambda out: build_summary(data, out))


def write_letter(path: Path, data: LetterData) -> None:
    from kinelink.reports import build_letter

    write_pdf(path, lambda out: build_letter(data, out))


def file_name(record: ExamRecord, kind: str) -> str:
    """`Żółć Łukasz 2026-05-01 summary.pdf`: the name as written, minus what no file system allows."""
    raw = f"{record.patient.family_name} {record.patient.given_name} {record.exam.date.isoformat()} {kind}"
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', " ", unicodedata.normalize("NFC", raw))
    return re.sub(r"\s+", " ", cleaned).strip(" .") + ".pdf"


def open_with_system_viewer(path: Path) -> bool:
    """Show the document in the user's PDF viewer (tests replace this function)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
