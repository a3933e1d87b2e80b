"""`kinelink report`: the PDF assessment summary or referral letter of an exam file or a stored exam.

The documents use case (desktop/usecases/documents.py) builds and writes it, as it
does for the window. An exam file never loads the database layer.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kinelink.desktop.errors import UserError
from kinelink.desktop.settings import load_settings
from kinelink.desktop.usecases import documents
from kinelink.desktop.usecases.reading import read_exam_file
from kinelink.forms.i18n import _
from kinelink.forms.model import ExamId


def report(args: argparse.Namespace) -> int:
    if args.letter and not (args.to and args.to.strip()):
        raise UserError("--letter", _("a referral letter needs its recipient: add --to NAME"))
    if args.to and not args.letter:
        raise UserError("--to", _("names the recipient of a letter: add --letter"))
    if args.from_db:
        if args.file:
            raise UserError("FILE", _("give an exam file or --from-db PATH --exam ID, not both"))
        if not args.exam:
            raise UserError("--from-db", _("say which stored exam: add --exam ID"))
    else:
        if args.exam:
            raise UserError("--exam", _("only used with --from-db PATH"))
        if not args.file:
            raise UserError("FILE", _("give an exam file, or --from-db PATH --exam ID"))
    out = Path(args.output)
    if out.is_dir():
        raise UserError(args.output, _("is a folder; give the PDF file to write"))
    if not out.parent.is_dir():
        raise UserError(args.output, _("the folder {parent} does not exist").format(parent=out.parent))
    exam = _stored(args.from_db, args.exam, args.passphrase_stdin) if args.from_db else _from_file(args.file)
    settings = load_settings()
    # The document is the examiner's: the file's clinician signs; Settings give only the clinic's letterhead
    clinic = documents.clinic_info(settings)
    try:
        if args.letter:
            letter = documents.letter_data(exam, clinic, documents.Recipient(args.to))
            documents.write_letter(out, letter)
        else:
            documents.write_summary(out, documents.summary_data(exam, clinic))
    except OSError as err:
        raise UserError(str(out), _('cannot be written ({value})').format(value=err.strerror or err)) from None
    return 0


def _from_file(file: str) -> documents.StoredForPrint:
    return documents.StoredForPrint(read_exam_file(file), None, ())


def _stored(target: str, exam_id: str, passphrase_stdin: bool) -> documents.StoredForPrint:
    from kinelink import db
    from kinelink.desktop.commands_crypto import passphrase_for
    from kinelink.desktop.usecases.databases import open_existing

    with open_existing(target, passphrase_for(target, from_stdin=passphrase_stdin)) as database:
        try:
            return documents.stored_exam(database, ExamId(exam_id))
        except db.NotFound:
            raise UserError(f"--exam {exam_id}", _("no such exam in this database")) from None
