"""`kinelink report`: the PDF assessment summary or referral letter of an exam file or a stored exam.

The PDF is written to a temporary file beside OUT and moved into place, so a
failed build never leaves half a document where the user expects one.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from kinelink.desktop.errors import UserError
from kinelink.desktop.usecases.reading import read_exam_file
from kinelink.forms.analysis import analyze
from kinelink.forms.findings import Analysis
from kinelink.forms.model import ExamRecord
from kinelink.reports import ClinicInfo, LetterData, SignOff, SummaryData, build_letter, build_summary


def report(args: argparse.Namespace) -> int:
    if args.letter and not (args.to and args.to.strip()):
        raise UserError("--letter", "a referral letter needs its recipient: add --to NAME")
    if args.to and not args.letter:
        raise UserError("--to", "names the recipient of a letter: add --letter")
    if args.from_db:
        if args.file:
            raise UserError("FILE", "give an exam file or --from-db PATH --exam ID, not both")
        if not args.exam:
            raise UserError("--from-db", "say which stored exam: add --exam ID")
        record, status, earlier = _stored(args.from_db, args.exam)
    else:
        if args.exam:
            raise UserError("--exam", "only used with --from-db PATH")
        if not args.file:
            raise UserError("FILE", "give an exam file, or --from-db PATH --exam ID")
        record, status, earlier = read_exam_file(args.file), None, ()
    out = Path(args.output)
    if out.is_dir():
        raise UserError(args.output, "is a folder; give the PDF file to write")
    if not out.parent.is_dir():
        raise UserError(args.output, f"the folder {out.parent} does not exist")
    analysis = analyze(record)
    clinic = _clinic()
    if args.letter:
        letter = LetterData(record, analysis, args.to.strip(), clinic, status=status)
        _write(out, lambda stream: build_letter(letter, stream))
    else:
        summary = SummaryData(record, analysis, clinic, earlier, status=status)
        _write(out, lambda stream: build_summary(summary, stream))
    return 0


def _stored(target: str, exam_id: str) -> tuple[ExamRecord, SignOff, tuple[tuple[ExamRecord, Analysis], ...]]:
    from kinelink import db
    from kinelink.db import repository
    from kinelink.desktop.document_data import earlier_exams, sign_off

    if "://" not in target and not Path(target).is_file():
        raise UserError(target, "no such database file")
    try:
        database = db.open_database(target)
    except db.DatabaseError as err:
        raise UserError(target, str(err)) from None
    try:
        with database.session() as s:
            try:
                stored = repository.get_exam(s, exam_id)
            except db.NotFound:
                raise UserError(f"--exam {exam_id}", "no such exam in this database") from None
            earlier = earlier_exams(s, stored.summary, stored.record)
    finally:
        database.close()
    return stored.record, sign_off(stored.summary), earlier


def _clinic() -> ClinicInfo:
    """The letterhead from the user's settings: without a window, the clinician named there signs."""
    from kinelink.desktop.document_data import clinic_info
    from kinelink.desktop.settings import load_settings

    settings = load_settings()
    return clinic_info(settings, signer=settings.clinician_name.strip())


def _write(path: Path, build: Callable[[BinaryIO], None]) -> None:
    from kinelink.desktop.document_data import write_pdf

    try:
        write_pdf(path, build)
    except OSError as err:
        raise UserError(str(path), f"cannot be written ({err.strerror or err})") from None
