"""Persistence: patients and exams in SQLite (or PostgreSQL), with sign-off, amendments and an audit trail.

    database = db.open_database(path)
    with database.session() as s:
        pid = db.repository.create_patient(s, patient, author="A. Nowak")

See docs/architecture.md for the layer's contract.
"""

from __future__ import annotations

from kinelink.db import repository
from kinelink.db.database import Database, backup_file, check_file, open_database
from kinelink.db.errors import Conflict, Damaged, DatabaseError, Error, ExamLocked, NotFound, NotSigned, ReadOnly
from kinelink.db.records import (
    Amendment,
    AuditAction,
    AuditEntry,
    ExamStatus,
    ExamSummary,
    ImportResult,
    KeyScore,
    PatientSummary,
    StoredExam,
)

__all__ = [
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
    "KeyScore",
    "NotFound",
    "NotSigned",
    "PatientSummary",
    "ReadOnly",
    "StoredExam",
    "backup_file",
    "check_file",
    "open_database",
    "repository",
]
