"""Helpers for the PDF tests: fixture exams, their analyses, building PDFs and reading them back."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

from kinelink.forms import examfile
from kinelink.forms.analysis import analyze
from kinelink.forms.findings import Analysis
from kinelink.forms.model import ExamRecord
from kinelink.reports import ClinicInfo, LetterData, SignOff, SummaryData, build_letter, build_summary

FIXTURES = Path(__file__).parents[1] / "fixtures" / "reports"
GENERATED = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)


def load(name: str) -> ExamRecord:
    return examfile.load(FIXTURES / f"{name}.json", today=dt.date(2026, 11, 25))


def analyse(record: ExamRecord) -> Analysis:
    return analyze(record)


def pdftotext(pdf: bytes, *, layout: bool = False) -> list[str]:
    """The text of each page, as poppler's pdftotext reads it."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + ["-", "-"]
    text = subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode("utf-8")
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pypdf_pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]




CLINIC = ClinicInfo(
    name="Vistula Physiotherapy & Sports Clinic",
    address="ul. Długa 12/4\n00-238 Warszawa\nPoland",
    clinician="Anna Nowak, PT",
    phone="+48 22 555 01 23",
    email="kontakt@vistula-physio.example",
)


def summary_pdf(record: ExamRecord, *, earlier: tuple[ExamRecord, ...] = (), clinic: ClinicInfo = CLINIC,
                status: SignOff | None = None) -> bytes:
    out = io.BytesIO()
    build_summary(
        SummaryData(record, analyse(record), clinic, tuple((e, analyse(e)) for e in earlier), GENERATED,
                    reproducible=True, status=status),
        out,
    )
    return out.getvalue()


def letter_pdf(record: ExamRecord, *, recipient: str = "Dr Jan Kowalski", clinic: ClinicInfo = CLINIC,
               address: str | None = "Orthopaedic Department\nSzpital Bielański", reason: str | None = None,
               request: str | None = None) -> bytes:
    out = io.BytesIO()
    build_letter(
        LetterData(record, analyse(record), recipient, clinic, address, reason, request,
                   date=record.exam.date, generated=GENERATED, reproducible=True),
        out,
    )
    return out.getvalue()


def flat(text: str) -> str:
    """Whitespace collapsed, so text wrapped over lines can be searched for."""
    return " ".join(text.split())
