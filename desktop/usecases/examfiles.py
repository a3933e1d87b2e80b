"""Exam files in and out of a database: import all or nothing, export under safe file names.

Import reads and checks every file before storing any: one bad file (or one whose
exam id is already stored with other content) and nothing is stored, and every
problem is reported as `FILE: JSON.path: what`. A file already stored with the
same content is `unchanged`, never stored twice. The good batch is one transaction.

Export writes `<exam id>.json` into the chosen folder and nowhere else: the id is
%-quoted (`../escaped` -> `%2E.%2Fescaped.json`: slashes and a leading dot escaped), and an id
too long for a file name is cut and given a hash of the whole id, so two long ids
never share a file. Each file is written to a temporary name and moved into place.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from kinelink import db
from kinelink.db.records import ImportResult, PatientSummary
from kinelink.desktop import paths
from kinelink.desktop.errors import UserError
from kinelink.desktop.usecases.reading import read_exam_files
from kinelink.forms import examfile
from kinelink.forms.formats import show_date
from kinelink.forms.i18n import _, ngettext
from kinelink.forms.model import ExamRecord, PatientId

MAX_NAME = 200  # characters of a file name (all ASCII after quoting); file systems allow 255 bytes
_HASH_CHARS = 16
_SUFFIX = ".json"


@dataclass(frozen=True, slots=True)
class Imported:
    file: str  # as the user gave it
    result: ImportResult
    # a patient created for this file who has the name, birth date and sex of one already stored
    # (under another record number): to be checked, and merged if they are the same person
    duplicates: tuple[PatientSummary, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportReport:
    files: tuple[Imported, ...]

    @property
    def added(self) -> int:
        return sum(1 for f in self.files if f.result.created)

    @property
    def unchanged(self) -> int:
        return len(self.files) - self.added

    def summary(self) -> str:
        """`Imported 3 exams; 2 already stored`."""
        added, same = self.added, self.unchanged
        done = ngettext("Imported {n} exam", "Imported {n} exams", added).format(n=added)
        return done + ("; " + _("{n} already stored").format(n=same) if same else "")

    def duplicate_warnings(self) -> list[tuple[str, str]]:
        """(file, what to check) for every new patient who may already have been stored."""
        return [
            (f.file, (_("{name} was added as a new patient, but {name} (born {born}, record {record}) is already "
                        "stored: merge the records if they are the same person") if d.patient.record_number else
                      _("{name} was added as a new patient, but {name} (born {born}) is already stored: merge the "
                        "records if they are the same person")).format(
                name=d.patient.full_name, born=show_date(d.patient.date_of_birth), record=d.patient.record_number))
            for f in self.files for d in f.duplicates
        ]

    @property
    def last_patient(self) -> PatientId | None:
        return self.files[-1].result.patient_id if self.files else None


def store_exam_files(database: db.Database, records: Sequence[tuple[str, ExamRecord]], *, author: str) -> ImportReport:
    """Store the checked records (as drafts) in one unit of work, or none: raises `UserError` on a conflict."""
    done: list[Imported] = []
    problems: list[tuple[str, str]] = []
    with database.write() as s:
        batch = db.repository.import_records(s, [record for _file, record in records], author=author)
        unchecked = set(batch.new_patients)  # a patient this import created: is it someone stored already?
        for (file, record), result in zip(records, batch.results, strict=True):
            if isinstance(result, db.Conflict):
                problems.append((file, str(result)))
                continue
            new = result.patient_id in unchecked
            unchecked.discard(result.patient_id)
            duplicates = tuple(db.patient_records.possible_duplicates(
                s, record.patient, other_than=result.patient_id)) if new else ()
            done.append(Imported(file, result, duplicates))
        if problems:  # leaving the unit of work by an exception rolls the whole batch back
            raise UserError.many([*problems, ("", _("nothing was imported"))])
    return ImportReport(tuple(done))


def import_files(database: db.Database, files: Sequence[str | Path], *, author: str) -> ImportReport:
    """Store every file's exam, or none of them: raises `UserError` listing every problem."""
    return store_exam_files(database, read_exam_files(files), author=author)


def export_file_name(exam_id: str) -> str:
    """A file name for the exam that stays inside its folder and fits every file system."""
    name = quote(exam_id, safe="-_.")  # "/" and "\" are quoted, so the name never leaves the folder
    if name.startswith("."):
        name = "%2E" + name[1:]  # never hidden, never "." or ".."
    if len(name) + len(_SUFFIX) > MAX_NAME:
        digest = hashlib.sha256(exam_id.encode("utf-8")).hexdigest()[:_HASH_CHARS]
        head = name[: MAX_NAME - len(_SUFFIX) - _HASH_CHARS - 2]
        head = head[: head.rfind("%")] if "%" in head[-2:] else head  # never cut a %XX escape in half
        name = f"{head}%-{digest}"  # "%-" never comes out of quote(): no exam's full name can match it
    return name + _SUFFIX


def export_exams(
    database: db.Database,
    folder: Path,
    *,
    patient_id: PatientId | None = None,
    written: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write the latest version of every exam (or one patient's) into `folder`, created 0700 if new.

    Raises `db.NotFound` for an unknown patient and `OSError` when a file cannot be written.
    """
    paths.private_dir(folder)  # a new folder of patient files, and any parent made for it: yours only
    out: list[Path] = []
    with database.read() as s:
        for record in db.repository.export_records(s, patient_id=patient_id):
            assert record.exam.id is not None  # stored exams always have one
            target = folder / export_file_name(record.exam.id)
            write_text_atomically(target, examfile.dumps(record))
            out.append(target)
            if written is not None:
                written(target)
    return out


def write_text_atomically(target: Path, text: str) -> None:
    """Write to a short temporary name beside `target` (long names must not overflow), then move it."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".kinelink-", suffix=".partial")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
