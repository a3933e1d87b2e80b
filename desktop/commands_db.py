"""`kinelink import | export | backup | check | demo`: the database without a window.

- import: every file is read and checked first; if any is bad, every problem is
  printed (`FILE: JSON.path: what`) and nothing is stored. The good batch is
  stored in one transaction. A file whose exam is already stored with the same
  content prints `unchanged FILE: patient P exam E` and writes nothing; other
  content under a stored exam id is an error (exit 2) and the batch is not stored.
  Imported exams are stored as drafts, to be reviewed and signed in the application.
- export writes DIR/<exam id>.json (ids that are not safe file names are %-escaped).
- backup never overwrites OUT; check opens the file read-only and never changes it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from kinelink import db
from kinelink.db import repository
from kinelink.desktop import paths
from kinelink.desktop.errors import UserError
from kinelink.forms import examfile
from kinelink.forms.model import ExamRecord, PatientId

AUTHOR = "kinelink command line"


def _open(target: str) -> db.Database:
    try:
        return db.open_database(target)
    except db.DatabaseError as err:
        raise UserError("", str(err)) from None


def _sqlite_file(target: str, option: str = "--db") -> Path:
    if "://" in target and not target.startswith("sqlite:"):
        raise UserError(option, f"{target}: this command works on a SQLite database file")
    return Path(target.removeprefix("sqlite:///")) if target.startswith("sqlite:") else Path(target)


def _read(path: str) -> ExamRecord:
    try:
        return examfile.load(path)
    except examfile.ExamFileError as err:
        raise UserError.many([(path, str(p)) for p in err.problems]) from None
    except FileNotFoundError:
        raise UserError(path, "no such file") from None
    except IsADirectoryError:
        raise UserError(path, "is a folder, not an exam file") from None
    except OSError as err:
        raise UserError(path, f"cannot be read ({err.strerror or err})") from None


def import_files(args: argparse.Namespace) -> int:
    records: list[tuple[str, ExamRecord]] = []
    problems: list[tuple[str, str]] = []
    for path in args.files:
        try:
            records.append((path, _read(path)))
        except UserError as err:
            problems.extend(err.problems)
    if problems:
        raise UserError.many(problems)
    lines: list[str] = []
    with _open(args.db) as database:
        try:
            with database.session() as s:
                for path, record in records:
                    try:
                        result = repository.import_record(s, record, author=AUTHOR)
                    except db.Conflict as err:
                        problems.append((path, str(err)))
                        continue
                    verb = "imported" if result.created else "unchanged"
                    lines.append(f"{verb} {path}: patient {result.patient_id} exam {result.exam_id}")
                if problems:
                    raise UserError.many([*problems, ("", "nothing was imported")])
        except db.DatabaseError as err:  # busy, disk full, read-only: nothing of the batch was stored
            raise UserError("", str(err)) from None
    for line in lines:
        print(line)
    return 0


def _file_name(exam_id: str) -> str:
    name = quote(exam_id, safe="-_.")
    return ("%2E" + name[1:] if name.startswith(".") else name) + ".json"


def export(args: argparse.Namespace) -> int:
    patient: PatientId | None = None
    if args.patient is not None:
        try:
            patient = PatientId(int(args.patient))
        except ValueError:
            raise UserError("--patient", f"'{args.patient}' is not a patient number") from None
    out = Path(args.out_dir)
    try:
        paths.private_dir(out)  # a new folder of patient files, and any folder above it made for it: yours only
    except OSError as err:
        raise UserError(args.out_dir, f"cannot create the folder ({err.strerror or err})") from None
    with _open(args.db) as database:
        try:
            with database.session() as s:
                for record in repository.export_records(s, patient_id=patient):
                    assert record.exam.id is not None
                    target = out / _file_name(record.exam.id)
                    _write_atomically(target, examfile.dumps(record))
                    print(f"exported {target}")
        except db.NotFound as err:
            raise UserError("--patient", str(err)) from None
        except db.DatabaseError as err:
            raise UserError(args.db, str(err)) from None
        except OSError as err:
            raise UserError(args.out_dir, f"cannot write ({err.strerror or err})") from None
    return 0


def _write_atomically(target: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def backup(args: argparse.Namespace) -> int:
    source = _sqlite_file(args.db)
    try:
        db.backup_file(source, Path(args.out))
    except db.DatabaseError as err:
        raise UserError("", str(err)) from None
    print(f"backed up {source} to {args.out}")
    return 0


def check(args: argparse.Namespace) -> int:
    path = _sqlite_file(args.db)
    problems = db.check_file(path)
    if problems:
        raise UserError.many([(str(path), p) for p in problems])
    print(f"ok {path}")
    return 0


def demo(args: argparse.Namespace) -> int:
    from kinelink.db.bulk import fill_demo

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            sys.stderr.write(f"\r{done} of {total} patients")
            sys.stderr.flush()

    with _open(args.db) as database:
        try:
            counts = fill_demo(database, patients=args.patients, seed=args.seed, progress=progress)
        except db.Conflict as err:
            raise UserError(args.db, str(err)) from None
        except db.DatabaseError as err:  # busy, disk full, read-only: the batches already stored stay
            raise UserError("", str(err)) from None
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    print(f"made {counts.patients} made-up patients with {counts.exams} exams in {args.db}")
    return 0
