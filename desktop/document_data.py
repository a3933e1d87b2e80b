"""What the PDF documents are built from: letterhead, sign-off and earlier visits, and a safe write.

Qt-free, so the `kinelink report` command and the window share one version.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kinelink.db import repository
from kinelink.db.records import ExamSummary
from kinelink.desktop.settings import Settings
from kinelink.forms.model import ExamRecord
from sqlalchemy.orm import Session

if TYPE_CHECKING:  # reportlab is loaded when the first document is written, not at start-up
    from kinelink.forms.findings import Analysis
    from kinelink.reports import ClinicInfo, SignOff

EARLIER_EXAMS = 6  # earlier visits handed to the summary for its progress section


def clinic_info(settings: Settings, *, signer: str = "") -> ClinicInfo:
    """The letterhead from the settings; `signer` empty: the exam's own clinician heads the page."""
    from kinelink.reports import ClinicInfo

    return ClinicInfo(
        name=settings.clinic_name or ClinicInfo().name,
        address=settings.clinic_address,
        clinician=signer,
    )


def sign_off(summary: ExamSummary) -> SignOff:
    from kinelink.reports import SignOff

    return SignOff(
        state=summary.status.value,
        by=summary.signed_by,
        on=summary.signed_at.astimezone().date() if summary.signed_at else None,
        version=summary.version,
    )


def earlier_exams(s: Session, current: ExamSummary, record: ExamRecord) -> tuple[tuple[ExamRecord, Analysis], ...]:
    from kinelink.forms.analysis import analyze

    out = []
    for other in repository.list_exams(s, current.patient_id):  # newest first
        if other.id == current.id or other.date > record.exam.date:
            continue
        earlier = repository.get_exam(s, other.id).record
        out.append((earlier, analyze(earlier)))
        if len(out) == EARLIER_EXAMS:
            break
    return tuple(reversed(out))


def write_pdf(path: Path, build: Callable[[BinaryIO], None]) -> None:
    """Build into a temporary file in the same folder, then move it over `path`."""
    fd, tmp = tempfile.mkstemp(prefix=".kinelink-", suffix=".pdf", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            build(out)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
