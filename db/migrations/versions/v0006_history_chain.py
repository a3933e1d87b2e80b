"""The sealed history: one link per audit entry (db/history.py).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "history_chain",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("exam_id", sa.Text(), nullable=True),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("seal", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_history_chain")),
        sa.UniqueConstraint("audit_id", name=op.f("uq_history_chain_audit_id")),
    )
    op.create_index(op.f("ix_history_chain_exam_id"), "history_chain", ["exam_id"], unique=False)
    op.create_index(op.f("ix_history_chain_patient_id"), "history_chain", ["patient_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_history_chain_patient_id"), table_name="history_chain")
    op.drop_index(op.f("ix_history_chain_exam_id"), table_name="history_chain")
    op.drop_table("history_chain")
