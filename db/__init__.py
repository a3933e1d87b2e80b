"""Persistence: patients and exams in SQLite (or PostgreSQL), with sign-off, amendments and an audit trail.

    database = db.open_database(path)
    with database.session() as s:
        pid = db.repository.create_patient(s, patient, author="A. Nowak")

See docs/architecture.md for the layer's contract.
"""

from __future__ import annotations

from kinelink.db import repository
from kinelink.db.database import Database, backup_file, check_file, open_database
from kinelink.db.errors import (
    Conflict,
    DatabaseError,
    Error,
    ExamLocked,
    InvalidText,
    NotFound,
    NotSigned,
    ReadOnly,
    StaleEdit,
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

__all__ = [
    "Account",
    "Amendment",
    "AuditAction",
    "AuditEntry",
    "Conflict",
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
    "NotFound",
    "NotSigned",
    "PatientSummary",
    "ReadOnly",
    "Role",
    "StaleEdit",
    "StoredExam",
    "backup_file",
    "check_file",
    "open_database",
    "repository",
]
