"""Reading exam files: every problem of every file, as `FILE: JSON.path: what`.

Free of the database layer, so `kinelink validate`, `analyze` and `report FILE` start
without loading SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kinelink.desktop.errors import UserError
from kinelink.forms import examfile
from kinelink.forms.i18n import _
from kinelink.forms.model import ExamRecord


def read_exam_file(path: str | Path) -> ExamRecord:
    """Load one exam file, turning every problem into a `FILE: JSON.path: what` user error."""
    where = str(path)
    try:
        return examfile.load(path)
    except examfile.ExamFileError as err:
        raise UserError.many([(where, str(p)) for p in err.problems]) from None
    except FileNotFoundError:
        raise UserError(where, _("no such file")) from None
    except IsADirectoryError:
        raise UserError(where, _("is a folder, not an exam file")) from None
    except OSError as err:
        raise UserError(where, _("cannot be read ({reason})").format(reason=err.strerror or err)) from None


def read_exam_files(files: Sequence[str | Path]) -> list[tuple[str, ExamRecord]]:
    """Every file read and checked; any problem in any file raises `UserError` listing them all."""
    records: list[tuple[str, ExamRecord]] = []
    problems: list[tuple[str, str]] = []
    for file in files:
        try:
            records.append((str(file), read_exam_file(file)))
        except UserError as err:
            problems.extend(err.problems)
    if problems:
        raise UserError.many([*problems, ("", _("nothing was imported"))])
    return records
