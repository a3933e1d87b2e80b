"""Persistence: patients and exams in SQLite (or PostgreSQL), with sign-off, amendments and an audit trail.

    database = db.open_database(path)
    with database.write() as s:          # a unit of work that changes records (BEGIN IMMEDIATE)
        pid = db.repository.create_patient(s, patient, author="A. Nowak")
    with database.read() as s:           # one that only reads: never waits for a writer
        found = db.repository.search_patients(s, "kowal")

See docs/architecture.md for the layer's contract.

Every name loads on first use (module `__getattr__`): the errors and records (with `forms.model` and
`forms.vocab` behind them) when first asked for, SQLAlchemy and everything built on it (`database`,
`repository`, ...) likewise, so the window is on screen before any of the database layer has loaded.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "Account",
    "Amendment",
    "AuditAction",
    "AuditEntry",
    "Conflict",
    "Damaged",
    "Database",
    "DatabaseError",
    "Error",
    "ExamLocked",
    "ExamStatus",
    "ExamSummary",
    "ImportResult",
    "InvalidText",
    "KeyScore",
    "Lease",
    "NoClinician",
    "NotFound",
    "NotSigned",
    "NotYourExam",
    "PassphraseNeeded",
    "PatientSummary",
    "ReadOnly",
    "Role",
    "StaleEdit",
    "StoredExam",
    "WrongPassphrase",
    "backup_file",
    "check_file",
    "open_database",
    "repository",
    "restore_file",
]

if TYPE_CHECKING:
    from kinelink.db import baselines, patient_records, pending, repository  # noqa: F401  (db.<module> for mypy)
    from kinelink.db.database import Database, backup_file, check_file, open_database, restore_file
    from kinelink.db.errors import (
        Conflict,
        Damaged,
        DatabaseError,
        Error,
        ExamLocked,
        InvalidText,
        NoClinician,
        NotFound,
        NotSigned,
        NotYourExam,
        PassphraseNeeded,
        ReadOnly,
        StaleEdit,
        WrongPassphrase,
    )
    from kinelink.db.records import (
        Account,
        Amendment,
        AuditAction,
        AuditEntry,
        ExamStatus,
        ExamSummary,
        ImportResult,
        KeyScore,
        Lease,
        PatientSummary,
        Role,
        StoredExam,
    )

# name -> the module that defines it (relative to this package); loaded on first access
_LAZY = {
    "Conflict": "errors",
    "Damaged": "errors",
    "DatabaseError": "errors",
    "Error": "errors",
    "ExamLocked": "errors",
    "InvalidText": "errors",
    "NoClinician": "errors",
    "NotFound": "errors",
    "NotSigned": "errors",
    "NotYourExam": "errors",
    "PassphraseNeeded": "errors",
    "ReadOnly": "errors",
    "StaleEdit": "errors",
    "WrongPassphrase": "errors",
    "Account": "records",
    "Amendment": "records",
    "AuditAction": "records",
    "AuditEntry": "records",
    "ExamStatus": "records",
    "ExamSummary": "records",
    "ImportResult": "records",
    "KeyScore": "records",
    "Lease": "records",
    "PatientSummary": "records",
    "Role": "records",
    "StoredExam": "records",
    "Database": "database",
    "backup_file": "database",
    "check_file": "database",
    "open_database": "database",
    "restore_file": "database",
    "repository": "",
}


def __getattr__(name: str) -> Any:
    """`db.open_database`, `db.repository`, ...: import SQLAlchemy's side of the layer when first needed."""
    where = _LAZY.get(name)
    if where is None:
        try:  # a submodule (`db.sqlitefile`, `db.bulk`) asked for as an attribute
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"{__name__}.{name}":  # the submodule exists, something it needs does not
                raise
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    module = importlib.import_module(f"{__name__}.{where or name}")
    value = module if not where else getattr(module, name)
    globals()[name] = value
    return value
