"""`kinelink import | export | backup | check | demo`: the database without a window.

The work is done by the use cases the window uses too (desktop/usecases/); this
module parses what the options mean and prints.

- import: every file is read and checked before the database is even opened; if any
  is bad, every problem is printed (`FILE: JSON.path: what`) and nothing is stored.
  A file whose exam is already stored with the same content prints
  `unchanged FILE: patient P exam E`; other content under a stored exam id fails the batch.
- export writes DIR/<exam id>.json (ids that are not safe file names are %-escaped,
  over-long ones shortened with a hash), with --format fhir DIR/<exam id>.fhir.json (one FHIR R4
  Bundle per exam, desktop/usecases/fhir_export.py), or with --format csv one DIR/exams.csv
  (desktop/usecases/research_export.py; --pseudonymise only there).
- export, backup and check only read: a missing database is an input error, never created.
  backup never overwrites OUT; check opens the file read-only and never changes it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kinelink import db
from kinelink.desktop.commands_crypto import passphrase_for
from kinelink.desktop.errors import UserError
from kinelink.desktop.usecases import examfiles, fhir_export, research_export
from kinelink.desktop.usecases.databases import open_existing, open_target
from kinelink.desktop.usecases.reading import read_exam_files
from kinelink.desktop.usecases.targets import existing_file
from kinelink.forms.i18n import _, ngettext
from kinelink.forms.model import PatientId

AUTHOR = "kinelink command line"


def import_files(args: argparse.Namespace) -> int:
    records = read_exam_files(args.files)
    with open_target(args.db, passphrase_for(args.db, from_stdin=args.passphrase_stdin)) as database:
        try:
            report = examfiles.store_exam_files(database, records, author=AUTHOR)
        except db.DatabaseError as err:  # busy, disk full, read-only: nothing of the batch was stored
            raise UserError("", str(err)) from None
    for done in report.files:
        verb = "imported" if done.result.created else "unchanged"
        # the contract's line (cli.md), read by scripts: never translated
        print(f"{verb} {done.file}: patient {done.result.patient_id} exam {done.result.exam_id}")  # not translated
    return 0


def export(args: argparse.Namespace) -> int:
    patient: PatientId | None = None
    if args.patient is not None:
        try:
            patient = PatientId(int(args.patient))
        except ValueError:
            raise UserError("--patient", _("'{patient}' is not a patient number").format(
                patient=args.patient)) from None
    if args.pseudonymise and args.format != "csv":
        raise UserError("--pseudonymise", _("only applies to --format csv"))
    with open_existing(args.db, passphrase_for(args.db, from_stdin=args.passphrase_stdin)) as database:
        try:
            if args.format == "csv":
                target, count = research_export.export_csv(database, Path(args.out_dir), patient_id=patient,
                                                           pseudonymise=args.pseudonymise)
                print(ngettext("exported {count} exam to {target}", "exported {count} exams to {target}", count).format(
                    count=count, target=target))
                return 0
            export_files = fhir_export.export_fhir if args.format == "fhir" else examfiles.export_exams
            export_files(database, Path(args.out_dir), patient_id=patient,
                         written=lambda target: print(_("exported {target}").format(target=target)))
        except db.NotFound as err:
            raise UserError("--patient", str(err)) from None
        except db.DatabaseError as err:
            raise UserError(args.db, str(err)) from None
        except OSError as err:
            raise UserError(args.out_dir, _('cannot write ({value})').format(value=err.strerror or err)) from None
    return 0


def backup(args: argparse.Namespace) -> int:
    source = existing_file(args.db)
    try:
        db.backup_file(source, Path(args.out), passphrase=passphrase_for(args.db, from_stdin=args.passphrase_stdin))
    except db.DatabaseError as err:
        raise UserError("", str(err)) from None
    print(_('backed up {source} to {out}').format(source=source, out=args.out))
    return 0


def check(args: argparse.Namespace) -> int:
    path = existing_file(args.db)
    problems = db.check_file(path, passphrase=passphrase_for(args.db, from_stdin=args.passphrase_stdin))
    if problems:
        raise UserError.many([(str(path), _(p)) for p in problems])  # a fixed finding in the current language
    print(f"ok {path}")
    return 0


def demo(args: argparse.Namespace) -> int:
    from kinelink.db.bulk import fill_demo

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            sys.stderr.write("\r" + _("{done} of {total} patients").format(done=done, total=total))
            sys.stderr.flush()

    with open_target(args.db, passphrase_for(args.db, from_stdin=args.passphrase_stdin)) as database:
        try:
            counts = fill_demo(database, patients=args.patients, seed=args.seed, progress=progress)
        except db.Conflict as err:
            raise UserError(args.db, str(err)) from None
        except db.DatabaseError as err:  # busy, disk full, read-only: the batches already stored stay
            raise UserError("", str(err)) from None
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    print(_('made {patients} made-up patients with {exams} exams in {db}').format(
        patients=counts.patients, exams=counts.exams, db=args.db))
    return 0
