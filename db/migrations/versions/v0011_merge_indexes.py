"""Indexes for the merge links: the patient page asks which records were merged into this one
(`patients.merged_into`) and an undo asks which exams a merge moved (`exams.moved_from`); without them
both read every row of their table, 100,000 patients and half a million exams at a large clinic.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_patients_merged_into"), "patients", ["merged_into"])
    op.create_index(op.f("ix_exams_moved_from"), "exams", ["moved_from"])


def downgrade() -> None:
    op.drop_index(op.f("ix_exams_moved_from"), table_name="exams")
    op.drop_index(op.f("ix_patients_merged_into"), table_name="patients")
