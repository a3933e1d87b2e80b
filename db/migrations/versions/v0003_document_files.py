"""The PDF of every issued document, kept by its sha256 beside the record (exam.documents[]).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_files",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_document_files_sha256_length")),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_document_files")),
    )


def downgrade() -> None:
    op.drop_table("document_files")
