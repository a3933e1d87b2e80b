"""Each patient's number of exams and last exam date on the patient row (`patients.exam_count`,
`patients.last_exam_date`), filled from the exams and kept by triggers on `exams` (`db.exam_counts`):
the patient list showed both for every row it found by reading the exams index twice per row, which
made a search grow with the size of the exams table.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from kinelink.db import exam_counts

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # plain ADD COLUMN on both backends (no table rebuild: the triggers on patients' neighbours stay)
    op.add_column("patients", sa.Column("exam_count", sa.Integer(), server_default="0", nullable=False))
    op.add_column("patients", sa.Column("last_exam_date", sa.Date(), nullable=True))
    conn = op.get_bind()
    conn.exec_driver_sql(f"{exam_counts.RECOUNT} WHERE id IN (SELECT patient_id FROM exams)")
    exam_counts.create_triggers(conn)


def downgrade() -> None:
    conn = op.get_bind()
    exam_counts.drop_triggers(conn)
    if conn.dialect.name == "sqlite":  # SQLite >= 3.35 drops a plain column in place; batch mode would copy the table
        conn.exec_driver_sql("ALTER TABLE patients DROP COLUMN last_exam_date")
        conn.exec_driver_sql("ALTER TABLE patients DROP COLUMN exam_count")
    else:
        op.drop_column("patients", "last_exam_date")
        op.drop_column("patients", "exam_count")
